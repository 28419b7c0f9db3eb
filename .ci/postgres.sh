#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the store tests, and export
# DRAAGKRACHT_TEST_PG_URL. Sourced by .ci/run; usable by hand too:
#   source .ci/postgres.sh && start_test_postgres   (stop_test_postgres stops and removes it)
# Fails loudly (non-zero) when PostgreSQL cannot be installed or started: CI must never skip
# the PostgreSQL half of the store tests silently.

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != "0" ]; then
      echo "error: PostgreSQL server binaries missing (sudo apt-get install postgresql)" >&2
      return 1
    fi
    echo "installing Debian's postgresql ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
      >/dev/null || { echo "error: apt-get install postgresql failed" >&2; return 1; }
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/draagkracht-pg.XXXXXX)
  local port run_as=()
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # PostgreSQL refuses to run as root: run the throwaway cluster as an unprivileged user.
  if [ "$(id -u)" = "0" ]; then
    local user=postgres
    id -u "$user" >/dev/null 2>&1 || user=draagkracht-ci
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
    chown "$user" "$PG_TEST_DIR"
    run_as=(runuser -u "$user" --)
  fi
  local password
  password="ci-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
  printf '%s\n' "$password" > "$PG_TEST_DIR/pw"
  chmod 644 "$PG_TEST_DIR/pw"
  "${run_as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U draagkracht --auth=scram-sha-256 \
      --pwfile="$PG_TEST_DIR/pw" --no-sync -E UTF8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; echo "error: initdb failed" >&2; return 1; }
  rm -f "$PG_TEST_DIR/pw"
  # fsync off: a throwaway test cluster, speed over durability
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -w -t 60 -l "$PG_TEST_DIR/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c max_connections=200" \
      start >/dev/null \
    || { cat "$PG_TEST_DIR/server.log" >&2; echo "error: PostgreSQL did not start" >&2; return 1; }
  PG_TEST_RUN_AS="${run_as[*]}"
  PG_TEST_BIN="$bin"
  export DRAAGKRACHT_TEST_PG_URL="postgresql+psycopg://draagkracht:${password}@127.0.0.1:${port}/postgres"
  echo "throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    # shellcheck disable=SC2086 # PG_TEST_RUN_AS is a command prefix
    $PG_TEST_RUN_AS "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
