"""Scenario persistence: saved scenarios with versions, soft delete, and a decision log.

SQLAlchemy Core on SQLite by default (one file in the user's data directory, outside the source
tree); any SQLAlchemy URL works through `DRAAGKRACHT_DATABASE_URL` or `open_store(url)`, and the
SQL is kept portable so that PostgreSQL works too.

Semantics a reader needs to know:
- A *name* is a lineage: saving under an existing name never overwrites, it adds version n+1.
  `list()` shows the latest non-deleted version per name; `list(all_versions=True)` every row.
- An *id* is one saved version. `delete(id)` and `restore(id)` act on that version (soft delete:
  the row stays, `deleted_at` is set); `all_versions=True` acts on its whole lineage.
  `rename(id, new_name)` renames the whole lineage of that id (versions belong to a name), and is
  refused when the new name is already used.
- The decision log records, per decision, the scenario's name and version *at that moment* and a
  snapshot of its KPIs, so the minutes stay true after later renames.

Reliability: every write is one transaction. On SQLite the file runs in WAL mode with a busy
timeout, and write transactions start with BEGIN IMMEDIATE so that version numbers are assigned
under the write lock; on PostgreSQL a transaction-scoped advisory lock per name does the same; a
unique constraint on (name, version) plus a retry is the safety net on any database.
Every database failure reaches the caller as a `StoreError` with a Dutch and an English message,
and no message ever shows the database password (`redact_url`, `_scrub`).

Integrity (schema v3):
- Each row carries a *record hash* over what never changes after saving (input fingerprint,
  summary, author, note, time, version). `list()` checks it on every row it reads and skips a
  row that fails (bad hash, unreadable time or number), reporting it in `ScenarioList.skipped`
  instead of failing the whole list. `get()` checks the record hash and recomputes the input's
  fingerprint from the stored input: a mismatch is a `StoreError`, never silently used.
- On SQLite every write transaction first runs `PRAGMA quick_check`; a damaged file is refused
  for writing (reading what is still readable goes on).
- Each decision carries a hash of the whole line; `decisions()` leaves out (and reports in
  `.skipped`) a line changed outside the app.
- The audit trail (`audit_log`) records every save, rename, delete, restore and decision with
  who and when, in the same transaction as the change. It is append-only: the API has no way to
  change it, and database triggers refuse UPDATE and DELETE on it.
- On PostgreSQL, schema creation and migration take a transaction-scoped advisory lock, so that
  several app servers starting at once on a fresh database do not race.
- `backup()` / `restore_backup()` write and read a portable JSON file (SQLite <-> PostgreSQL)
  with a checksum; a backup is restored only into an empty store.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import math
import os
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from allocation.domain import BilingualError, Scenario

if TYPE_CHECKING:
    from allocation.result import AllocationResult

ENV_URL = "DRAAGKRACHT_DATABASE_URL"
SCHEMA_VERSION = 3
MAX_NAME = 200
MAX_AUTHOR = 200
MAX_TEXT = 20_000  # notes and rationales
_WRITE_RETRIES = 12
# Ids are INTEGER columns (32-bit on PostgreSQL): a larger number cannot be a saved scenario.
MAX_ID = 2**31 - 1
# One lock number for schema creation and migration on PostgreSQL ("draagkrt" in ASCII).
_SCHEMA_LOCK = 0x6472616167
BACKUP_FORMAT = "draagkracht-backup"
BACKUP_FORMAT_VERSION = 1
AUDIT_ACTIONS = ("save", "rename", "delete", "restore", "decide", "restore-backup")

T = TypeVar("T")


class StoreError(BilingualError):
    """A store problem told in the user's words (Dutch and English); never a traceback."""


@dataclass(frozen=True)
class ScenarioMeta:
    """One saved version as listed: everything except the (large) input scenario."""

    id: int
    name: str
    version: int
    author: str
    note: str
    created_at: datetime  # UTC, timezone-aware
    content_hash: str
    status: str
    summary: dict[str, Any]
    deleted_at: datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def label(self) -> str:
        """How a person refers to it: "Basis (v2)"."""
        return f"{self.name} (v{self.version})"


@dataclass(frozen=True)
class SavedScenario(ScenarioMeta):
    """A saved version with its full input, ready to be re-solved or re-exported."""

    scenario: Scenario = field(kw_only=True)

    @property
    def meta(self) -> ScenarioMeta:
        return ScenarioMeta(
            id=self.id, name=self.name, version=self.version, author=self.author,
            note=self.note, created_at=self.created_at, content_hash=self.content_hash,
            status=self.status, summary=self.summary, deleted_at=self.deleted_at,
        )


@dataclass(frozen=True)
class Decision:
    """One line of the minutes: which scenario was chosen, when, why, and its KPIs then."""

    id: int
    created_at: datetime  # UTC, timezone-aware
    scenario_id: int
    scenario_name: str  # as it was called when the decision was logged
    scenario_version: int
    rationale: str
    author: str
    kpis: dict[str, Any]
    content_hash: str = ""


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what to which scenario, and when."""

    id: int
    at: datetime  # UTC, timezone-aware
    actor: str
    action: str  # one of AUDIT_ACTIONS
    scenario_id: int | None
    scenario_name: str
    scenario_version: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class RowProblem:
    """A stored row that could not be used, and why (shown to the user, never hidden)."""

    id: int | None
    name: str
    message_nl: str
    message_en: str

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl


class DecisionList(builtins.list[Decision]):
    """The decisions that passed their check; `skipped` names the lines that did not."""

    def __init__(self, rows: builtins.list[Decision] | None = None,
                 skipped: builtins.list[RowProblem] | None = None) -> None:
        super().__init__(rows or [])
        self.skipped: builtins.list[RowProblem] = builtins.list(skipped or [])


class ScenarioList(builtins.list[ScenarioMeta]):
    """The rows that passed their checks; `skipped` names the rows that did not."""

    def __init__(self, rows: builtins.list[ScenarioMeta] | None = None,
                 skipped: builtins.list[RowProblem] | None = None) -> None:
        super().__init__(rows or [])
        self.skipped: builtins.list[RowProblem] = builtins.list(skipped or [])


# -- schema -------------------------------------------------------------------------------------

metadata = sa.MetaData()

schema_version_table = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, nullable=False),
)

scenarios_table = sa.Table(
    "scenarios", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(MAX_NAME), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("author", sa.String(MAX_AUTHOR), nullable=False, server_default=""),
    sa.Column("created_at", sa.String(40), nullable=False),  # ISO-8601 UTC, sorts as text
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("scenario_json", sa.Text, nullable=False),
    sa.Column("summary_json", sa.Text, nullable=False),
    # added in schema v2:
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("deleted_at", sa.String(40), nullable=True),
    # added in schema v3: hash of the fields that never change after saving (see record_hash)
    sa.Column("record_hash", sa.String(64), nullable=False, server_default=""),
    sa.UniqueConstraint("name", "version", name="uq_scenarios_name_version"),
)

decisions_table = sa.Table(  # added in schema v2
    "decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=False),
    sa.Column("scenario_name", sa.String(MAX_NAME), nullable=False),
    sa.Column("scenario_version", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("rationale", sa.Text, nullable=False),
    sa.Column("author", sa.String(MAX_AUTHOR), nullable=False, server_default=""),
    sa.Column("kpis_json", sa.Text, nullable=False),
    # added in schema v3: hash of the whole line (decision_hash); the minutes cannot change
    sa.Column("record_hash", sa.String(64), nullable=False, server_default=""),
)


audit_table = sa.Table(  # added in schema v3; append-only (triggers below)
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(MAX_AUTHOR), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("scenario_id", sa.Integer, nullable=True),  # no foreign key: a trail outlives rows
    sa.Column("scenario_name", sa.String(MAX_NAME), nullable=False, server_default=""),
    sa.Column("scenario_version", sa.Integer, nullable=True),
    sa.Column("detail_json", sa.Text, nullable=False, server_default="{}"),
)


def record_hash(content_hash: str, summary_json: str, author: str, note: str,
                created_at: str, version: int) -> str:
    """The hash of what a saved version can never change (renames and deletes may)."""
    blob = json.dumps([content_hash, summary_json, author, note, created_at, int(version)],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def decision_hash(created_at: str, scenario_id: int, scenario_name: str,
                  scenario_version: int, content_hash: str, rationale: str, author: str,
                  kpis_json: str) -> str:
    """The hash of one line of the minutes (nothing in a decision may change later)."""
    blob = json.dumps([created_at, int(scenario_id), scenario_name, int(scenario_version),
                       content_hash, rationale, author, kpis_json],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _decision_hash_of(row: Any) -> str:
    return decision_hash(row.created_at, row.scenario_id, row.scenario_name,
                         row.scenario_version, row.content_hash or "", row.rationale,
                         row.author or "", row.kpis_json)


def _append_only(conn: Connection) -> None:
    """Database triggers that refuse any change to, or removal from, the audit trail."""
    if conn.dialect.name == "sqlite":
        for what in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{what.lower()} BEFORE {what} "
                "ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION draagkracht_audit_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        conn.exec_driver_sql(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION draagkracht_audit_append_only()")


def _create_v3(conn: Connection) -> None:
    metadata.create_all(conn)
    _append_only(conn)
    conn.execute(schema_version_table.insert().values(version=SCHEMA_VERSION))


def _migrate_2_to_3(conn: Connection) -> None:
    """v2 had no record hashes and no audit trail: add both; earlier saves and decisions enter
    the trail from the rows themselves (marked as taken over)."""
    conn.execute(sa.text(
        "ALTER TABLE scenarios ADD COLUMN record_hash VARCHAR(64) NOT NULL DEFAULT ''"))
    # a v1 file got its decisions table from today's definition in _migrate_1_to_2
    if "record_hash" not in {c["name"] for c in sa.inspect(conn).get_columns("decisions")}:
        conn.execute(sa.text(
            "ALTER TABLE decisions ADD COLUMN record_hash VARCHAR(64) NOT NULL DEFAULT ''"))
    audit_table.create(conn)
    _append_only(conn)
    t = scenarios_table
    rows = conn.execute(sa.select(t.c.id, t.c.name, t.c.version, t.c.author, t.c.note,
                                  t.c.created_at, t.c.content_hash, t.c.summary_json)
                        .order_by(t.c.created_at, t.c.id)).all()
    for r in rows:
        conn.execute(t.update().where(t.c.id == r.id).values(record_hash=record_hash(
            r.content_hash, r.summary_json, r.author or "", r.note or "", r.created_at,
            r.version)))
    entries = [dict(at=r.created_at, actor=r.author or "", action="save", scenario_id=r.id,
                    scenario_name=r.name, scenario_version=r.version,
                    detail_json=_dumps({"migrated": True})) for r in rows]
    d = decisions_table
    for r in conn.execute(sa.select(d)).all():
        conn.execute(d.update().where(d.c.id == r.id)
                     .values(record_hash=_decision_hash_of(r)))
    entries += [dict(at=r.created_at, actor=r.author or "", action="decide",
                     scenario_id=r.scenario_id, scenario_name=r.scenario_name,
                     scenario_version=r.scenario_version,
                     detail_json=_dumps({"migrated": True, "decision_id": r.id}))
                for r in conn.execute(sa.select(d).order_by(d.c.created_at, d.c.id)).all()]
    entries.sort(key=lambda e: str(e["at"]))
    if entries:
        conn.execute(audit_table.insert(), entries)


def _migrate_1_to_2(conn: Connection) -> None:
    """v1 had no notes, no soft delete and no decision log."""
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN note TEXT NOT NULL DEFAULT ''"))
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN deleted_at VARCHAR(40)"))
    decisions_table.create(conn)


# version n -> function that brings a schema at version n to n + 1
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


# -- locations and engines ----------------------------------------------------------------------


def default_path() -> Path:
    """`$XDG_DATA_HOME/draagkracht/scenarios.sqlite`, else `~/.local/share/draagkracht/...`."""
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "draagkracht" / "scenarios.sqlite"


def resolve_url(url: str | None = None) -> str:
    """The explicit URL, else `DRAAGKRACHT_DATABASE_URL`, else the default SQLite file."""
    if url and url.strip():
        return url.strip()
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    return f"sqlite:///{default_path()}"


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is too late and deferred).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA foreign_keys = ON")
        # Switching to WAL needs a moment of exclusive access; a fresh file opened by several
        # processes at once may briefly be busy, so retry rather than fail the connection.
        for attempt in range(50):
            try:
                cur.execute("PRAGMA journal_mode = WAL")
                break
            except Exception as err:  # sqlite3.OperationalError: database is locked
                if "locked" not in str(err).lower() or attempt == 49:
                    raise
                time.sleep(0.05 + random.random() * 0.05)
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the lock at BEGIN, so a read-then-insert (the next version number) cannot
    # interleave with another writer; readers start a plain deferred transaction.
    if conn.get_execution_options().get("draagkracht_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


_SECRET_QUERY = re.compile(r"(?i)([?&;](?:password|passwd|pwd|pass|secret|token|sslpassword|"
                           r"sslkey|api_key|apikey)=)[^&;#]*")


def redact_url(url: str) -> str:
    """The URL as it may be shown: no password, whether or not the URL can be parsed."""
    text = str(url).strip()
    try:
        shown = sa.engine.make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - malformed URL (bad syntax, bad port): mask by hand
        # user:password@ -> user:***@ ; anything before the last "@" may hold the secret
        if "@" in text:
            head, _, tail = text.rpartition("@")
            scheme, sep, rest = head.partition("//")
            if not sep:
                scheme, sep, rest = "", "", head
            user = rest.split(":", 1)[0]
            # a scheme glued to the user ("postgresql//admin:pw") keeps only the scheme
            user = user.rsplit("/", 1)[-1]
            shown = f"{scheme}{sep}{user}:***@{tail}"
        else:
            shown = text
    return _SECRET_QUERY.sub(r"\1***", shown)


def _secrets_of(url: str) -> builtins.list[str]:
    """Every secret that `url` spells out (password, secret query values), for scrubbing."""
    found: builtins.list[str] = []
    try:
        parsed = sa.engine.make_url(url)
        if parsed.password:
            found.append(str(parsed.password))
    except Exception:  # noqa: BLE001
        head = url.rpartition("@")[0]
        if ":" in head.split("//")[-1]:
            found.append(head.split("//")[-1].split(":", 1)[1])
    found += [m.group(0).split("=", 1)[1] for m in _SECRET_QUERY.finditer(url)]
    return [f for f in found if len(f) >= 1]


def _scrub(text: str, url: str) -> str:
    """`text` with the raw URL and every secret in it replaced: safe to show anyone."""
    out = text.replace(url, redact_url(url)) if url else text
    for secret in sorted(_secrets_of(url), key=len, reverse=True):
        out = out.replace(secret, "***")
    return out


def _make_engine(url: str) -> Engine:
    shown = redact_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except (exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StoreError(
            f"De database-URL is ongeldig: {shown}. Verwacht wordt bijvoorbeeld "
            "postgresql+psycopg://gebruiker:wachtwoord@server:5432/database.",
            f"The database URL is not valid: {shown}. Expected for example "
            "postgresql+psycopg://user:password@server:5432/database.",
        ) from None  # the original error may quote the URL
    kwargs: dict[str, Any] = {}
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if not is_sqlite and parsed.port is not None and not 0 < parsed.port < 65536:
        raise StoreError(
            f"De database-URL is ongeldig: poort {parsed.port} bestaat niet (1 tot 65535): "
            f"{shown}.",
            f"The database URL is not valid: port {parsed.port} does not exist (1 to 65535): "
            f"{shown}.",
        )
    if is_sqlite:
        db = parsed.database or ""
        if db and db != ":memory:" and not db.startswith("file:"):
            path = Path(db).expanduser()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(
                    f"De map voor de scenariodatabase kan niet worden gemaakt: {path.parent} "
                    f"({err.strerror}).",
                    f"Cannot create the folder for the scenario database: {path.parent} "
                    f"({err.strerror}).",
                ) from err
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(url, **kwargs)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError, ValueError) as err:
        hint_nl = hint_en = ""
        if parsed.get_backend_name() == "postgresql":
            hint_nl = " Installeer PostgreSQL-ondersteuning met: pip install 'draagkracht[postgres]'."
            hint_en = " Install PostgreSQL support with: pip install 'draagkracht[postgres]'."
        text = _scrub(str(err), url)
        raise StoreError(
            f"Deze database wordt niet ondersteund of het stuurprogramma ontbreekt ({shown}): "
            f"{text}.{hint_nl}",
            f"This database is not supported or its driver is missing ({shown}): {text}."
            f"{hint_en}",
        ) from None
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _where(url: str) -> str:
    """The URL without a password, for messages."""
    return redact_url(url)


def _db_error(err: Exception, where: str, url: str = "") -> StoreError:
    raw = str(getattr(err, "orig", None) or err).strip()
    text = _scrub((raw.splitlines() or [""])[0][:300], url)
    low = text.lower()
    if "not a database" in low or "malformed" in low or "encrypted" in low:
        return StoreError(
            f"Het scenariobestand is beschadigd of geen database ({where}). Zet het bestand opzij "
            "(hernoemen) of kies een ander bestand; de app werkt verder zonder opgeslagen "
            "scenario's.",
            f"The scenario file is damaged or not a database ({where}). Move the file aside "
            "(rename it) or choose another one; the app keeps working without saved scenarios.",
        )
    if "unable to open" in low or "permission" in low or "readonly" in low or "read-only" in low:
        return StoreError(
            f"Het scenariobestand kan niet worden geopend of beschreven ({where}): {text}.",
            f"The scenario file cannot be opened or written ({where}): {text}.",
        )
    if "locked" in low or "busy" in low:
        return StoreError(
            f"De scenariodatabase is bezet door een ander proces ({where}); probeer het opnieuw.",
            f"The scenario database is busy in another process ({where}); please try again.",
        )
    return StoreError(
        f"Fout in de scenariodatabase ({where}): {text}.",
        f"Scenario database error ({where}): {text}.",
    )


# -- values -------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _plain(value: Any) -> Any:
    """JSON-safe plain values: numpy scalars to Python, NaN/inf to None, keys to strings."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy / pandas scalar
        return _plain(value.item())
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, allow_nan=False)


def _loads_dict(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def result_summary(result: AllocationResult) -> dict[str, Any]:
    """What the store keeps of a result: `kpis()` plus goal values, year figures and prices."""
    summary: dict[str, Any] = dict(result.kpis())
    summary["value_by_goal"] = dict(result.value_by_goal)
    summary["budget_shadow_price"] = {str(y): v for y, v in result.budget_shadow_price.items()}
    if len(result.by_year):
        cols = [c for c in ("year", "budget_eur", "public_eur", "private_eur", "unallocated_eur",
                            "shadow_price") if c in result.by_year.columns]
        summary["by_year"] = result.by_year[cols].to_dict(orient="records")
    summary["message_nl"] = result.message_nl
    summary["message_en"] = result.message_en
    return _plain(summary)


def _clean_text(value: str | None, what_nl: str, what_en: str, limit: int,
                required: bool = False) -> str:
    text = "" if value is None else str(value)
    text = text.strip()
    if "\x00" in text:
        raise StoreError(f"{what_nl} bevat een ongeldig teken (NUL).",
                         f"The {what_en} contains an invalid character (NUL).")
    if required and not text:
        raise StoreError(f"{what_nl} mag niet leeg zijn.", f"The {what_en} must not be empty.")
    if len(text) > limit:
        raise StoreError(f"{what_nl} is te lang ({len(text)} tekens, maximaal {limit}).",
                         f"The {what_en} is too long ({len(text)} characters, at most {limit}).")
    return text


def clean_name(name: str | None) -> str:
    """The name as stored (trimmed, one line); `StoreError` when empty or too long."""
    text = _clean_text(name, "De naam", "name", MAX_NAME, required=True)
    return re.sub(r"\s+", " ", text)  # a name is one line


def _meta_from_row(row: Any) -> ScenarioMeta:
    created = _parse_time(row.created_at)
    if created is None:
        raise ValueError("no time of saving")
    return ScenarioMeta(
        id=int(row.id), name=row.name, version=int(row.version), author=row.author or "",
        note=row.note or "", created_at=created,
        content_hash=row.content_hash, status=row.status,
        summary=_loads_dict(row.summary_json), deleted_at=_parse_time(row.deleted_at),
    )


def _row_hash_ok(row: Any) -> bool:
    try:
        expected = record_hash(row.content_hash, row.summary_json, row.author or "",
                               row.note or "", row.created_at, row.version)
    except (TypeError, ValueError):
        return False
    return bool(row.record_hash) and row.record_hash == expected


def _row_problem(row: Any, opening: bool = False) -> RowProblem | None:
    """Why a stored row cannot be used as it is, or None when it passes every check.

    The message says what happens to the row: left out of a list, or not opened."""
    rid = getattr(row, "id", None)
    name = str(getattr(row, "name", "") or "")
    label = f"{rid} ('{name}')"
    done_nl, done_en = ("wordt niet geopend", "is not opened") if opening else (
        "is overgeslagen", "was skipped")
    try:
        _meta_from_row(row)
    except (TypeError, ValueError, OverflowError):
        return RowProblem(
            rid, name,
            f"Scenario {label} {done_nl}: de opgeslagen gegevens zijn onleesbaar (tijdstip of "
            "versienummer).",
            f"Scenario {label} {done_en}: its stored data cannot be read (time or version "
            "number).",
        )
    if not _row_hash_ok(row):
        return RowProblem(
            rid, name,
            f"Scenario {label} {done_nl}: de opgeslagen gegevens zijn buiten de app om "
            "gewijzigd (de controlegetallen kloppen niet) en worden niet gebruikt.",
            f"Scenario {label} {done_en}: its stored data were changed outside the app (the "
            "check sums do not match) and are not used.",
        )
    return None


def _unknown_id(scenario_id: Any) -> StoreError:
    shown = str(scenario_id)
    if len(shown) > 24:
        shown = shown[:20] + "…"
    return StoreError(f"Er is geen opgeslagen scenario met id {shown}.",
                      f"There is no saved scenario with id {shown}.")


def _as_id(scenario_id: Any) -> int:
    try:
        value = int(str(scenario_id).strip())
    except (TypeError, ValueError):
        raise _unknown_id(scenario_id) from None
    if not 0 < value <= MAX_ID:
        raise _unknown_id(scenario_id)
    return value


def _damaged_file(where: str, detail: str) -> StoreError:
    return StoreError(
        f"Het scenariobestand {where} is beschadigd (integriteitscontrole: {detail}); er is "
        "niets weggeschreven. Lezen kan nog; zet een reservekopie terug "
        "(scenarios restore-backup) of zet het bestand opzij.",
        f"The scenario file {where} is damaged (integrity check: {detail}); nothing was "
        "written. Reading still works; restore a backup (scenarios restore-backup) or move "
        "the file aside.",
    )


# -- the store ----------------------------------------------------------------------------------

_META_COLS = [c for c in scenarios_table.c if c.name != "scenario_json"]
_TABLES = (scenarios_table, decisions_table, audit_table)


class ScenarioStore:
    """Saved scenarios, versions, soft delete, the decision log and the audit trail."""

    def __init__(self, engine: Engine, url: str):
        self._engine = engine
        self.url = url
        self.where = _where(url)

    # -- plumbing ---------------------------------------------------------------------------
    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> ScenarioStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn, conn.begin():
                yield conn
        except StoreError:
            raise
        except exc.SQLAlchemyError as err:
            raise _db_error(err, self.where, self.url) from err

    def integrity_problem(self, conn: Connection | None = None) -> str | None:
        """What the database's own integrity check finds (SQLite), or None when it passes."""
        if conn is None:
            with self._read() as c:
                return self.integrity_problem(c)
        if conn.dialect.name != "sqlite":
            return None  # PostgreSQL checks its pages itself (checksums, WAL)
        try:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").all()]
        except exc.DatabaseError as err:
            return str(getattr(err, "orig", err)).splitlines()[0][:200]
        return None if rows == ["ok"] else "; ".join(rows[:3])[:300]

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction after an integrity check; retry when a
        concurrent writer won a race."""
        for attempt in range(_WRITE_RETRIES):
            try:
                with self._engine.connect().execution_options(draagkracht_write=True) as conn:
                    with conn.begin():
                        problem = self.integrity_problem(conn)
                        if problem:
                            raise _damaged_file(self.where, problem)
                        return work(conn)
            except StoreError:
                raise
            except (exc.IntegrityError, exc.OperationalError) as err:
                transient = isinstance(err, exc.IntegrityError) or any(
                    word in str(err.orig).lower()
                    for word in ("locked", "busy", "deadlock", "serializ")
                )
                if not transient or attempt == _WRITE_RETRIES - 1:
                    raise _db_error(err, self.where, self.url) from err
                time.sleep(min(0.5, 0.01 * 2**attempt) * (0.5 + random.random()))
            except exc.SQLAlchemyError as err:
                raise _db_error(err, self.where, self.url) from err
        raise AssertionError("unreachable")  # pragma: no cover

    def _schema_state(self, conn: Connection) -> int | None:
        """The schema version found (None: a fresh database); refuses foreign and newer ones."""
        tables = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in tables:
            if "scenarios" in tables:
                raise StoreError(
                    f"De database {self.where} bevat een tabel 'scenarios' maar geen "
                    "schemaversie; dit is geen Draagkracht-scenariobestand.",
                    f"The database {self.where} has a 'scenarios' table but no schema "
                    "version; it is not a Draagkracht scenario store.",
                )
            return None
        found = conn.execute(sa.select(sa.func.max(schema_version_table.c.version))).scalar()
        if found is None:
            raise StoreError(
                f"De schemaversie van {self.where} ontbreekt.",
                f"The schema version of {self.where} is missing.",
            )
        found = int(found)
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"Het scenariobestand {self.where} is gemaakt door een nieuwere versie van "
                f"Draagkracht (schema {found}, deze versie kent {SCHEMA_VERSION}). Werk de "
                "app bij; het bestand is niet gewijzigd.",
                f"The scenario file {self.where} was made by a newer Draagkracht (schema "
                f"{found}, this version knows {SCHEMA_VERSION}). Update the app; the file "
                "was not changed.",
            )
        return found

    def initialise(self) -> None:
        """Create the schema on first use, or migrate an older one; refuse a newer one.

        A store already at this schema is only read (so a damaged file can still be read);
        creating and migrating are writes, serialised by an advisory lock on PostgreSQL."""
        with self._read() as conn:
            if self._schema_state(conn) == SCHEMA_VERSION:
                return

        def work(conn: Connection) -> None:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            found = self._schema_state(conn)  # again, under the lock: another may have won
            if found is None:
                _create_v3(conn)
                return
            for version in range(found, SCHEMA_VERSION):
                MIGRATIONS[version](conn)
            if found < SCHEMA_VERSION:
                conn.execute(schema_version_table.update().values(version=SCHEMA_VERSION))

        self._write(work)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(
                sa.select(sa.func.max(schema_version_table.c.version))).scalar() or 0)

    # -- audit trail ------------------------------------------------------------------------
    @staticmethod
    def _audit(conn: Connection, actor: str, action: str, scenario_id: int | None,
               name: str, version: int | None, **detail: Any) -> None:
        assert action in AUDIT_ACTIONS
        conn.execute(audit_table.insert().values(
            at=_now(), actor=actor, action=action, scenario_id=scenario_id,
            scenario_name=name, scenario_version=version, detail_json=_dumps(detail),
        ))

    def audit(self, scenario_id: int | None = None, name: str | None = None
              ) -> builtins.list[AuditEntry]:
        """The audit trail, oldest first; for one scenario id, or every entry for a name."""
        a = audit_table
        query = sa.select(a)
        if scenario_id is not None:
            query = query.where(a.c.scenario_id == _as_id(scenario_id))
        if name is not None:
            query = query.where(a.c.scenario_name == clean_name(name))
        with self._read() as conn:
            rows = conn.execute(query.order_by(a.c.id)).all()
        out = []
        for r in rows:
            at = None
            try:
                at = _parse_time(r.at)
            except (TypeError, ValueError):
                pass
            out.append(AuditEntry(
                id=int(r.id), at=at or datetime.fromtimestamp(0, UTC), actor=r.actor or "",
                action=r.action, scenario_id=r.scenario_id, scenario_name=r.scenario_name or "",
                scenario_version=r.scenario_version, detail=_loads_dict(r.detail_json),
            ))
        return out

    # -- scenarios --------------------------------------------------------------------------
    def save(self, scenario: Scenario, summary: Mapping[str, Any], name: str, author: str = "",
             note: str = "") -> SavedScenario:
        """Store `scenario` with its result summary under `name`, as a new version.

        `author` is who saves (the logged-in identity in the app); it enters the audit trail."""
        if not isinstance(scenario, Scenario):
            raise StoreError("Alleen een geldig scenario kan worden opgeslagen.",
                             "Only a valid scenario can be saved.")
        stored_name = clean_name(name)
        clean_author = _clean_text(author, "De auteur", "author", MAX_AUTHOR)
        clean_note = _clean_text(note, "De notitie", "note", MAX_TEXT)
        try:
            summary_json = _dumps(dict(summary or {}))
        except (TypeError, ValueError) as err:
            raise StoreError(f"De samenvatting kan niet worden opgeslagen: {err}",
                             f"The summary cannot be stored: {err}") from err
        status = str((summary or {}).get("status") or "unknown")[:20]
        scenario_json = scenario.to_json()
        content_hash = scenario.content_hash()

        def work(conn: Connection) -> int:
            if conn.dialect.name == "postgresql":
                # serialise version numbering per name (released at commit); the unique
                # constraint and retry stay as the portable safety net
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:name))"),
                             {"name": stored_name})
            current = conn.execute(
                sa.select(sa.func.max(scenarios_table.c.version))
                .where(scenarios_table.c.name == stored_name)
            ).scalar()
            version = int(current or 0) + 1
            created = _now()
            row = conn.execute(
                scenarios_table.insert().values(
                    name=stored_name, version=version, author=clean_author,
                    note=clean_note, created_at=created, content_hash=content_hash,
                    status=status, scenario_json=scenario_json, summary_json=summary_json,
                    deleted_at=None, record_hash=record_hash(
                        content_hash, summary_json, clean_author, clean_note, created, version),
                ).returning(scenarios_table.c.id)
            ).scalar_one()
            self._audit(conn, clean_author, "save", int(row), stored_name, version,
                        content_hash=content_hash, status=status)
            return int(row)

        return self.get(self._write(work))

    def get(self, scenario_id: int) -> SavedScenario:
        """One saved version with its input, after checking it is what was saved."""
        sid = _as_id(scenario_id)
        with self._read() as conn:
            row = conn.execute(
                sa.select(scenarios_table).where(scenarios_table.c.id == sid)
            ).first()
        if row is None:
            raise _unknown_id(scenario_id)
        problem = _row_problem(row, opening=True)
        if problem is not None:
            raise StoreError(problem.message_nl, problem.message_en)
        meta = _meta_from_row(row)
        damaged = StoreError(
            f"De opgeslagen invoer van scenario {sid} ('{meta.name}') is beschadigd of past "
            "niet meer bij deze versie van de app.",
            f"The stored input of scenario {sid} ('{meta.name}') is damaged or no longer "
            "fits this version of the app.",
        )
        try:
            scenario = Scenario.from_json(row.scenario_json)
        except (ValidationError, ValueError) as err:
            raise damaged from err
        if scenario.content_hash() != meta.content_hash:
            raise StoreError(
                f"De opgeslagen invoer van scenario {sid} ('{meta.name}') is buiten de app om "
                "gewijzigd: de vingerafdruk klopt niet meer. Het scenario wordt niet gebruikt; "
                "zet een reservekopie terug of sla het opnieuw op vanuit het werkboek.",
                f"The stored input of scenario {sid} ('{meta.name}') was changed outside the "
                "app: its fingerprint no longer matches. It is not used; restore a backup or "
                "save it again from the workbook.",
            )
        return SavedScenario(**meta.__dict__, scenario=scenario)

    def list(self, include_deleted: bool = False, all_versions: bool = False) -> ScenarioList:
        """Newest first: the latest version per name (default) or every version.

        A row that fails its checks is left out and reported in `.skipped`."""
        t = scenarios_table
        query = sa.select(*_META_COLS)
        if not include_deleted:
            query = query.where(t.c.deleted_at.is_(None))
        if not all_versions:
            inner = t.alias("newer")
            newer = sa.select(inner.c.id).where(
                inner.c.name == t.c.name, inner.c.version > t.c.version
            )
            if not include_deleted:
                newer = newer.where(inner.c.deleted_at.is_(None))
            query = query.where(~sa.exists(newer))
        query = query.order_by(t.c.created_at.desc(), t.c.id.desc())
        with self._read() as conn:
            rows = conn.execute(query).all()
        return self._checked(rows)

    @staticmethod
    def _checked(rows: Sequence[Any]) -> ScenarioList:
        good, skipped = [], []
        for r in rows:
            problem = _row_problem(r)
            if problem is None:
                good.append(_meta_from_row(r))
            else:
                skipped.append(problem)
        return ScenarioList(good, skipped)

    def versions(self, name: str, include_deleted: bool = True) -> ScenarioList:
        """Every version saved under `name`, oldest first (bad rows in `.skipped`)."""
        t = scenarios_table
        query = sa.select(*_META_COLS).where(t.c.name == clean_name(name))
        if not include_deleted:
            query = query.where(t.c.deleted_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(query.order_by(t.c.version)).all()
        return self._checked(rows)

    def _row_of(self, conn: Connection, sid: int) -> Any:
        row = conn.execute(
            sa.select(scenarios_table.c.name, scenarios_table.c.version)
            .where(scenarios_table.c.id == sid)
        ).first()
        if row is None:
            raise _unknown_id(sid)
        return row

    def rename(self, scenario_id: int, new_name: str, actor: str = "") -> ScenarioMeta:
        """Give the lineage of `scenario_id` (all its versions) a new name."""
        sid = _as_id(scenario_id)
        clean = clean_name(new_name)
        who = _clean_text(actor, "De gebruiker", "user", MAX_AUTHOR)

        def work(conn: Connection) -> None:
            row = self._row_of(conn, sid)
            old = str(row.name)
            if old == clean:
                return
            taken = conn.execute(
                sa.select(sa.func.count()).select_from(scenarios_table)
                .where(scenarios_table.c.name == clean)
            ).scalar()
            if taken:
                raise StoreError(
                    f"Er bestaat al een scenario met de naam '{clean}' (eventueel verwijderd); "
                    "kies een andere naam.",
                    f"A scenario named '{clean}' already exists (possibly deleted); choose "
                    "another name.",
                )
            conn.execute(
                scenarios_table.update().where(scenarios_table.c.name == old).values(name=clean)
            )
            self._audit(conn, who, "rename", sid, clean, int(row.version), old_name=old,
                        new_name=clean)

        self._write(work)
        return self._meta(sid)

    def _set_deleted(self, scenario_id: int, delete: bool, all_versions: bool,
                     actor: str) -> ScenarioMeta:
        sid = _as_id(scenario_id)
        who = _clean_text(actor, "De gebruiker", "user", MAX_AUTHOR)

        def work(conn: Connection) -> None:
            row = self._row_of(conn, sid)
            target = (scenarios_table.c.name == row.name) if all_versions else (
                scenarios_table.c.id == sid)
            conn.execute(scenarios_table.update().where(target)
                         .values(deleted_at=_now() if delete else None))
            self._audit(conn, who, "delete" if delete else "restore", sid, str(row.name),
                        int(row.version), all_versions=all_versions)

        self._write(work)
        return self._meta(sid)

    def _meta(self, sid: int) -> ScenarioMeta:
        with self._read() as conn:
            row = conn.execute(sa.select(*_META_COLS).where(scenarios_table.c.id == sid)).first()
        if row is None:
            raise _unknown_id(sid)
        try:
            return _meta_from_row(row)
        except (TypeError, ValueError, OverflowError):
            problem = _row_problem(row, opening=True)
            assert problem is not None
            raise StoreError(problem.message_nl, problem.message_en) from None

    def delete(self, scenario_id: int, all_versions: bool = False,
               actor: str = "") -> ScenarioMeta:
        """Soft delete: the version (or its whole lineage) is hidden, never erased."""
        return self._set_deleted(scenario_id, True, all_versions, actor)

    def restore(self, scenario_id: int, all_versions: bool = False,
                actor: str = "") -> ScenarioMeta:
        return self._set_deleted(scenario_id, False, all_versions, actor)

    # -- decision log -----------------------------------------------------------------------
    def log_decision(self, scenario_id: int, rationale: str, author: str = "") -> Decision:
        """Record that `scenario_id` was chosen, why, by whom, with its KPIs at this moment."""
        sid = _as_id(scenario_id)
        text = _clean_text(rationale, "De motivering", "rationale", MAX_TEXT, required=True)
        who = _clean_text(author, "De auteur", "author", MAX_AUTHOR)

        def work(conn: Connection) -> int:
            row = conn.execute(
                sa.select(*_META_COLS).where(scenarios_table.c.id == sid)
            ).first()
            if row is None:
                raise _unknown_id(scenario_id)
            if row.deleted_at is not None:
                raise StoreError(
                    f"Scenario {sid} ('{row.name}') is verwijderd; herstel het eerst.",
                    f"Scenario {sid} ('{row.name}') is deleted; restore it first.",
                )
            problem = _row_problem(row, opening=True)
            if problem is not None:  # the minutes must not quote tampered figures
                raise StoreError(problem.message_nl, problem.message_en)
            line = dict(created_at=_now(), scenario_id=sid, scenario_name=row.name,
                        scenario_version=int(row.version), content_hash=row.content_hash,
                        rationale=text, author=who, kpis_json=row.summary_json)
            new_id = int(conn.execute(
                decisions_table.insert().values(**line, record_hash=decision_hash(**line))
                .returning(decisions_table.c.id)
            ).scalar_one())
            self._audit(conn, who, "decide", sid, str(row.name), int(row.version),
                        decision_id=new_id, rationale=text)
            return new_id

        new_id = self._write(work)
        return next(d for d in self.decisions() if d.id == new_id)

    def decisions(self, scenario_id: int | None = None) -> DecisionList:
        """The decision log in the order the decisions were taken.

        A line whose hash no longer matches (changed outside the app) or that cannot be read
        is left out and reported in `.skipped`: the minutes never quote altered figures."""
        d = decisions_table
        query = sa.select(d)
        if scenario_id is not None:
            query = query.where(d.c.scenario_id == _as_id(scenario_id))
        with self._read() as conn:
            rows = conn.execute(query.order_by(d.c.created_at, d.c.id)).all()
        out, skipped = [], []
        for r in rows:
            try:
                at = _parse_time(r.created_at)
                ok = at is not None and r.record_hash == _decision_hash_of(r)
            except (TypeError, ValueError, OverflowError):
                at, ok = None, False
            if not ok or at is None:
                skipped.append(RowProblem(
                    r.id, str(r.scenario_name or ""),
                    f"Besluit {r.id} (scenario '{r.scenario_name}') is overgeslagen: het is "
                    "buiten de app om gewijzigd of onleesbaar.",
                    f"Decision {r.id} (scenario '{r.scenario_name}') was skipped: it was "
                    "changed outside the app or cannot be read.",
                ))
                continue
            out.append(Decision(
                id=int(r.id), created_at=at,
                scenario_id=int(r.scenario_id), scenario_name=r.scenario_name,
                scenario_version=int(r.scenario_version), rationale=r.rationale,
                author=r.author or "", kpis=_loads_dict(r.kpis_json),
                content_hash=r.content_hash or "",
            ))
        return DecisionList(out, skipped)

    # -- backup -----------------------------------------------------------------------------
    def backup_data(self) -> dict[str, Any]:
        """Every row of every table, read in one transaction (a consistent snapshot)."""
        with self._read() as conn:
            tables = {
                t.name: [dict(r._mapping) for r in conn.execute(
                    sa.select(t).order_by(t.c.id)).all()]
                for t in _TABLES
            }
        body = {"format": BACKUP_FORMAT, "format_version": BACKUP_FORMAT_VERSION,
                "schema_version": SCHEMA_VERSION, "made_at": _now(), "tables": tables}
        body["sha256"] = _checksum(body)
        return body

    def backup(self, path: str | Path) -> dict[str, int]:
        """Write a backup file (JSON, with a checksum), atomically; returns the row counts."""
        from allocation.safe_write import write_atomically

        body = self.backup_data()
        write_atomically(Path(path), json.dumps(body, ensure_ascii=False).encode())
        return {name: len(rows) for name, rows in body["tables"].items()}

    def restore_backup(self, path: str | Path, actor: str = "") -> dict[str, int]:
        """Load a backup into this store, which must be empty; returns the row counts."""
        who = _clean_text(actor, "De gebruiker", "user", MAX_AUTHOR)
        body = read_backup(path)

        def work(conn: Connection) -> dict[str, int]:
            used = conn.execute(sa.select(sa.func.count()).select_from(scenarios_table)).scalar()
            used = int(used or 0) + int(conn.execute(
                sa.select(sa.func.count()).select_from(decisions_table)).scalar() or 0)
            if used:
                raise StoreError(
                    f"De database {self.where} bevat al scenario's of besluiten; een "
                    "reservekopie wordt alleen in een lege database teruggezet. Kies een nieuwe "
                    "database (--db) of zet het huidige bestand opzij.",
                    f"The database {self.where} already holds scenarios or decisions; a backup "
                    "is only restored into an empty database. Choose a new database (--db) or "
                    "move the current file aside.",
                )
            counts = {}
            for t in _TABLES:
                rows = body["tables"].get(t.name, [])
                cols = {c.name for c in t.c}
                clean = [{k: v for k, v in r.items() if k in cols} for r in rows]
                if clean:
                    conn.execute(t.insert(), clean)
                counts[t.name] = len(clean)
                if conn.dialect.name == "postgresql":  # explicit ids: move the sequence on
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                        f"GREATEST((SELECT MAX(id) FROM {t.name}), 1))"))
            self._audit(conn, who, "restore-backup", None, "", None,
                        made_at=body.get("made_at"), rows=counts)
            return counts

        return self._write(work)


def _checksum(body: Mapping[str, Any]) -> str:
    blob = json.dumps({k: v for k, v in body.items() if k != "sha256"}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_backup(path: str | Path) -> dict[str, Any]:
    """A backup file, checked (format, checksum, every row's record hash); `StoreError`."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise StoreError(f"De reservekopie kan niet worden gelezen ({p}): {err.strerror}.",
                         f"The backup cannot be read ({p}): {err.strerror}.") from err
    not_backup = StoreError(
        f"{p} is geen Draagkracht-reservekopie (of is beschadigd).",
        f"{p} is not a Draagkracht backup (or it is damaged).",
    )
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise not_backup from None
    if not isinstance(body, dict) or body.get("format") != BACKUP_FORMAT or not isinstance(
            body.get("tables"), dict):
        raise not_backup
    if body.get("sha256") != _checksum(body):
        raise StoreError(
            f"De reservekopie {p} is na het maken gewijzigd of beschadigd (controlegetal klopt "
            "niet); er is niets teruggezet.",
            f"The backup {p} was changed or damaged after it was made (checksum mismatch); "
            "nothing was restored.",
        )
    if int(body.get("schema_version") or 0) != SCHEMA_VERSION:
        raise StoreError(
            f"De reservekopie {p} heeft schema {body.get('schema_version')}; deze versie van de "
            f"app zet alleen schema {SCHEMA_VERSION} terug.",
            f"The backup {p} has schema {body.get('schema_version')}; this version of the app "
            f"restores schema {SCHEMA_VERSION} only.",
        )
    for row in body["tables"].get("decisions", []):
        if not isinstance(row, dict) or row.get("record_hash") != _decision_hash_of(
                _AttrRow(row)):
            raise StoreError(
                f"Een besluit in de reservekopie {p} klopt niet met zijn controlegetal; er is "
                "niets teruggezet.",
                f"A decision in the backup {p} does not match its check sum; nothing was "
                "restored.",
            )
    for row in body["tables"].get("scenarios", []):
        if not isinstance(row, dict) or _row_problem(_AttrRow(row)) is not None:
            raise StoreError(
                f"Scenario {row.get('id') if isinstance(row, dict) else '?'} in de reservekopie "
                f"{p} klopt niet met zijn controlegetal; er is niets teruggezet.",
                f"Scenario {row.get('id') if isinstance(row, dict) else '?'} in the backup {p} "
                "does not match its check sum; nothing was restored.",
            )
    return body


class _AttrRow:
    """A dict read as a database row (attribute access), for the same row checks."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getattr__(self, key: str) -> Any:
        return self._data.get(key)


def open_store(url: str | None = None) -> ScenarioStore:
    """Open (and on first use create or migrate) the scenario store; raises `StoreError`."""
    resolved = resolve_url(url)
    engine = _make_engine(resolved)
    store = ScenarioStore(engine, resolved)
    try:
        store.initialise()
    except BaseException:
        engine.dispose()
        raise
    return store
