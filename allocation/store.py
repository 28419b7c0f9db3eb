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
Every database failure reaches the caller as a `StoreError` with a Dutch and an English message.
"""

from __future__ import annotations

import builtins
import json
import math
import os
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
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
SCHEMA_VERSION = 2
MAX_NAME = 200
MAX_AUTHOR = 200
MAX_TEXT = 20_000  # notes and rationales
_WRITE_RETRIES = 12

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
)


def _migrate_1_to_2(conn: Connection) -> None:
    """v1 had no notes, no soft delete and no decision log."""
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN note TEXT NOT NULL DEFAULT ''"))
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN deleted_at VARCHAR(40)"))
    decisions_table.create(conn)


# version n -> function that brings a schema at version n to n + 1
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2}


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


def _make_engine(url: str) -> Engine:
    try:
        parsed = sa.engine.make_url(url)
    except exc.ArgumentError as err:
        raise StoreError(
            f"De database-URL is ongeldig: {url!r}.",
            f"The database URL is not valid: {url!r}.",
        ) from err
    kwargs: dict[str, Any] = {}
    is_sqlite = parsed.get_backend_name() == "sqlite"
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
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as err:
        raise StoreError(
            f"Deze database wordt niet ondersteund of het stuurprogramma ontbreekt: {err}",
            f"This database is not supported or its driver is missing: {err}",
        ) from err
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _where(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "?"


def _db_error(err: Exception, where: str) -> StoreError:
    text = str(getattr(err, "orig", None) or err).strip().splitlines()[0][:300]
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
    return ScenarioMeta(
        id=int(row.id), name=row.name, version=int(row.version), author=row.author or "",
        note=row.note or "", created_at=_parse_time(row.created_at) or datetime.now(UTC),
        content_hash=row.content_hash, status=row.status,
        summary=_loads_dict(row.summary_json), deleted_at=_parse_time(row.deleted_at),
    )


def _unknown_id(scenario_id: Any) -> StoreError:
    return StoreError(f"Er is geen opgeslagen scenario met id {scenario_id}.",
                      f"There is no saved scenario with id {scenario_id}.")


def _as_id(scenario_id: Any) -> int:
    try:
        value = int(str(scenario_id).strip())
    except (TypeError, ValueError):
        raise _unknown_id(scenario_id) from None
    if value <= 0:
        raise _unknown_id(scenario_id)
    return value


# -- the store ----------------------------------------------------------------------------------

_META_COLS = [c for c in scenarios_table.c if c.name != "scenario_json"]


class ScenarioStore:
    """Saved scenarios, versions, soft delete and the decision log, behind one small API."""

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
            raise _db_error(err, self.where) from err

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction; retry when a concurrent writer won a race."""
        for attempt in range(_WRITE_RETRIES):
            try:
                with self._engine.connect().execution_options(draagkracht_write=True) as conn:
                    with conn.begin():
                        return work(conn)
            except StoreError:
                raise
            except (exc.IntegrityError, exc.OperationalError) as err:
                transient = isinstance(err, exc.IntegrityError) or any(
                    word in str(err.orig).lower()
                    for word in ("locked", "busy", "deadlock", "serializ")
                )
                if not transient or attempt == _WRITE_RETRIES - 1:
                    raise _db_error(err, self.where) from err
                time.sleep(min(0.5, 0.01 * 2**attempt) * (0.5 + random.random()))
            except exc.SQLAlchemyError as err:
                raise _db_error(err, self.where) from err
        raise AssertionError("unreachable")  # pragma: no cover

    def initialise(self) -> None:
        """Create the schema on first use, or migrate an older one; refuse a newer one."""

        def work(conn: Connection) -> None:
            inspector = sa.inspect(conn)
            tables = set(inspector.get_table_names())
            if "schema_version" not in tables:
                if "scenarios" in tables:
                    raise StoreError(
                        f"De database {self.where} bevat een tabel 'scenarios' maar geen "
                        "schemaversie; dit is geen Draagkracht-scenariobestand.",
                        f"The database {self.where} has a 'scenarios' table but no schema "
                        "version; it is not a Draagkracht scenario store.",
                    )
                metadata.create_all(conn)
                conn.execute(schema_version_table.insert().values(version=SCHEMA_VERSION))
                return
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
            for version in range(found, SCHEMA_VERSION):
                MIGRATIONS[version](conn)
            if found < SCHEMA_VERSION:
                conn.execute(schema_version_table.update().values(version=SCHEMA_VERSION))

        try:
            self._write(work)
        except StoreError:
            raise
        except exc.SQLAlchemyError as err:  # pragma: no cover - _write wraps these already
            raise _db_error(err, self.where) from err

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(
                sa.select(sa.func.max(schema_version_table.c.version))).scalar() or 0)

    # -- scenarios --------------------------------------------------------------------------
    def save(self, scenario: Scenario, summary: Mapping[str, Any], name: str, author: str = "",
             note: str = "") -> SavedScenario:
        """Store `scenario` with its result summary under `name`, as a new version."""
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
            row = conn.execute(
                scenarios_table.insert().values(
                    name=stored_name, version=int(current or 0) + 1, author=clean_author,
                    note=clean_note, created_at=_now(), content_hash=content_hash,
                    status=status, scenario_json=scenario_json, summary_json=summary_json,
                    deleted_at=None,
                ).returning(scenarios_table.c.id)
            ).scalar_one()
            return int(row)

        return self.get(self._write(work))

    def get(self, scenario_id: int) -> SavedScenario:
        sid = _as_id(scenario_id)
        with self._read() as conn:
            row = conn.execute(
                sa.select(scenarios_table).where(scenarios_table.c.id == sid)
            ).first()
        if row is None:
            raise _unknown_id(scenario_id)
        meta = _meta_from_row(row)
        try:
            scenario = Scenario.from_json(row.scenario_json)
        except (ValidationError, ValueError) as err:
            raise StoreError(
                f"De opgeslagen invoer van scenario {sid} ('{meta.name}') is beschadigd of past "
                "niet meer bij deze versie van de app.",
                f"The stored input of scenario {sid} ('{meta.name}') is damaged or no longer "
                "fits this version of the app.",
            ) from err
        return SavedScenario(**meta.__dict__, scenario=scenario)

    def list(self, include_deleted: bool = False,
             all_versions: bool = False) -> builtins.list[ScenarioMeta]:
        """Newest first: the latest version per name (default) or every version."""
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
        return [_meta_from_row(r) for r in rows]

    def versions(self, name: str, include_deleted: bool = True) -> builtins.list[ScenarioMeta]:
        """Every version saved under `name`, oldest first."""
        t = scenarios_table
        query = sa.select(*_META_COLS).where(t.c.name == clean_name(name))
        if not include_deleted:
            query = query.where(t.c.deleted_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(query.order_by(t.c.version)).all()
        return [_meta_from_row(r) for r in rows]

    def _name_of(self, conn: Connection, sid: int) -> str:
        name = conn.execute(
            sa.select(scenarios_table.c.name).where(scenarios_table.c.id == sid)
        ).scalar()
        if name is None:
            raise _unknown_id(sid)
        return str(name)

    def rename(self, scenario_id: int, new_name: str) -> ScenarioMeta:
        """Give the lineage of `scenario_id` (all its versions) a new name."""
        sid = _as_id(scenario_id)
        clean = clean_name(new_name)

        def work(conn: Connection) -> None:
            old = self._name_of(conn, sid)
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

        self._write(work)
        return self.get(sid).meta

    def _set_deleted(self, scenario_id: int, deleted_at: str | None,
                     all_versions: bool) -> ScenarioMeta:
        sid = _as_id(scenario_id)

        def work(conn: Connection) -> None:
            name = self._name_of(conn, sid)
            target = (scenarios_table.c.name == name) if all_versions else (
                scenarios_table.c.id == sid)
            conn.execute(scenarios_table.update().where(target).values(deleted_at=deleted_at))

        self._write(work)
        return self._meta(sid)

    def _meta(self, sid: int) -> ScenarioMeta:
        with self._read() as conn:
            row = conn.execute(sa.select(*_META_COLS).where(scenarios_table.c.id == sid)).first()
        if row is None:
            raise _unknown_id(sid)
        return _meta_from_row(row)

    def delete(self, scenario_id: int, all_versions: bool = False) -> ScenarioMeta:
        """Soft delete: the version (or its whole lineage) is hidden, never erased."""
        return self._set_deleted(scenario_id, _now(), all_versions)

    def restore(self, scenario_id: int, all_versions: bool = False) -> ScenarioMeta:
        return self._set_deleted(scenario_id, None, all_versions)

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
            return int(conn.execute(
                decisions_table.insert().values(
                    created_at=_now(), scenario_id=sid, scenario_name=row.name,
                    scenario_version=int(row.version), content_hash=row.content_hash,
                    rationale=text, author=who, kpis_json=row.summary_json,
                ).returning(decisions_table.c.id)
            ).scalar_one())

        new_id = self._write(work)
        return next(d for d in self.decisions() if d.id == new_id)

    def decisions(self, scenario_id: int | None = None) -> builtins.list[Decision]:
        """The decision log in the order the decisions were taken."""
        d = decisions_table
        query = sa.select(d)
        if scenario_id is not None:
            query = query.where(d.c.scenario_id == _as_id(scenario_id))
        with self._read() as conn:
            rows = conn.execute(query.order_by(d.c.created_at, d.c.id)).all()
        return [
            Decision(
                id=int(r.id), created_at=_parse_time(r.created_at) or datetime.now(UTC),
                scenario_id=int(r.scenario_id), scenario_name=r.scenario_name,
                scenario_version=int(r.scenario_version), rationale=r.rationale,
                author=r.author or "", kpis=_loads_dict(r.kpis_json),
                content_hash=r.content_hash or "",
            )
            for r in rows
        ]


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
