"""Where the store lives and how it is reached: database URLs (default SQLite file, the
environment variable), secret redaction for every message, the engine with its SQLite
pragmas, and database errors in the user's words.

Imports only `records` of the store package.
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from allocation.store.records import StoreError

ENV_URL = "DRAAGKRACHT_DATABASE_URL"


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


def _raw_at_in_secret(text: str) -> bool:
    """Does the URL carry more than one '@' before its path (a password with a raw '@')?"""
    rest = text.partition("//")[2] if "//" in text else text
    return rest.split("?", 1)[0].count("@") > 1


def redact_url(url: str) -> str:
    """The URL as it may be shown: no password, whether or not the URL can be parsed.

    A password with a raw '@' ("user:Wacht@Geheim@host") makes a parser split at the first
    '@' and show the rest of the password as the host: everything up to the last '@' before
    the path is hidden then."""
    text = str(url).strip()
    try:
        if _raw_at_in_secret(text):
            raise ValueError("a raw '@' in the password")
        shown = sa.engine.make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - malformed URL (bad syntax, bad port): mask by hand
        # user:password@ -> user:***@ ; anything before the last "@" may hold the secret
        if "@" in text:
            query = ""
            if _raw_at_in_secret(text) and "?" in text:
                text, _, query = text.partition("?")
                query = "?" + query
            head, _, tail = text.rpartition("@")
            scheme, sep, rest = head.partition("//")
            if not sep:
                scheme, sep, rest = "", "", head
            user = rest.split(":", 1)[0]
            # a scheme glued to the user ("postgresql//admin:pw") keeps only the scheme
            user = user.rsplit("/", 1)[-1]
            shown = f"{scheme}{sep}{user}:***@{tail}{query}"
        else:
            shown = text
    return _SECRET_QUERY.sub(r"\1***", shown)


def _secrets_of(url: str) -> list[str]:
    """Every secret that `url` spells out (password, secret query values), for scrubbing;
    a password with a raw '@' also by its parts (a driver may quote one as the host)."""
    found: list[str] = []
    try:
        parsed = sa.engine.make_url(url)
        if parsed.password:
            found.append(str(parsed.password))
    except Exception:  # noqa: BLE001
        pass
    head = url.split("?", 1)[0].rpartition("@")[0]
    if ":" in head.split("//")[-1]:
        whole = head.split("//")[-1].split(":", 1)[1]
        found.append(whole)
        found += [part for part in whole.split("@") if len(part) >= 3]
    found += [m.group(0).split("=", 1)[1] for m in _SECRET_QUERY.finditer(url)]
    return [f for f in found if len(f) >= 1]


def scrub(text: str, url: str) -> str:
    """`text` with the raw URL and every secret in it replaced: safe to show anyone."""
    out = text.replace(url, redact_url(url)) if url else text
    for secret in sorted(_secrets_of(url), key=len, reverse=True):
        out = out.replace(secret, "***")
    return out


def make_engine(url: str) -> Engine:
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
    if not is_sqlite and _raw_at_in_secret(url):
        raise StoreError(
            f"De database-URL is ongeldig: {shown}. Het wachtwoord bevat een '@'; schrijf dat "
            "teken in de URL als %40 (bijvoorbeeld gebruiker:Wacht%40woord@server/database).",
            f"The database URL is not valid: {shown}. The password contains an '@'; write it "
            "in the URL as %40 (for example user:Pass%40word@server/database).",
        )
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
        text = scrub(str(err), url)
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


def db_error(err: Exception, where: str, url: str = "") -> StoreError:
    raw = str(getattr(err, "orig", None) or err).strip()
    text = scrub((raw.splitlines() or [""])[0][:300], url)
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


def damaged_file(where: str, detail: str) -> StoreError:
    return StoreError(
        f"Het scenariobestand {where} is beschadigd (integriteitscontrole: {detail}); er is "
        "niets weggeschreven. Lezen kan nog; zet een reservekopie terug "
        "(scenarios restore-backup) of zet het bestand opzij.",
        f"The scenario file {where} is damaged (integrity check: {detail}); nothing was "
        "written. Reading still works; restore a backup (scenarios restore-backup) or move "
        "the file aside.",
    )
