"""The `ScenarioStore` API: save, get, list, versions, rename, soft delete and restore, the
decision log, the audit trail and backups, each write one transaction; and `open_store`.

Imports every other module of the store package (it is the top of the package).
"""

from __future__ import annotations

import builtins
import json
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from allocation.domain import Scenario
from allocation.request.provenance import audit_text
from allocation.store import trail
from allocation.store.backup import BackupCounts, backup_body, insert_backup, read_backup
from allocation.store.engine import damaged_file, db_error, make_engine, redact_url, resolve_url
from allocation.store.integrity import (
    AttrRow,
    decision_mac,
    decision_ok,
    fetch_readable,
    meta_from_row,
    row_problem,
    scenario_mac,
    unreadable,
)
from allocation.store.keys import audit_key
from allocation.store.migrations import MIGRATIONS, create_schema
from allocation.store.records import (
    AUDIT_ACTIONS,
    MAX_AUTHOR,
    MAX_TEXT,
    AuditEntry,
    AuditTrail,
    Decision,
    DecisionList,
    RowProblem,
    SavedScenario,
    ScenarioList,
    ScenarioMeta,
    StoreError,
    as_id,
    clean_name,
    clean_text,
    dumps_json,
    loads_dict,
    now,
    parse_time,
    unknown_id,
)
from allocation.store.schema import (
    META_COLS,
    SCHEMA_LOCK,
    SCHEMA_VERSION,
    decisions_table,
    scenarios_table,
    schema_version_table,
)

if TYPE_CHECKING:
    from allocation.store.live import LiveStore

_WRITE_RETRIES = 12
T = TypeVar("T")


class ScenarioStore:
    """Saved scenarios, versions, soft delete, the decision log and the audit trail."""

    def __init__(self, engine: Engine, url: str, key: bytes | None = None):
        self._engine = engine
        self._key = key if key is not None else audit_key()
        self.url = url
        self.where = redact_url(url)

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
            raise db_error(err, self.where, self.url) from err

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
                            raise damaged_file(self.where, problem)
                        return work(conn)
            except StoreError:
                raise
            except (exc.IntegrityError, exc.OperationalError) as err:
                transient = isinstance(err, exc.IntegrityError) or any(
                    word in str(err.orig).lower()
                    for word in ("locked", "busy", "deadlock", "serializ")
                )
                if not transient or attempt == _WRITE_RETRIES - 1:
                    raise db_error(err, self.where, self.url) from err
                time.sleep(min(0.5, 0.01 * 2**attempt) * (0.5 + random.random()))
            except exc.SQLAlchemyError as err:
                raise db_error(err, self.where, self.url) from err
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
                trail.check_key(conn, self._key, self.where)
                return

        def work(conn: Connection) -> None:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            found = self._schema_state(conn)  # again, under the lock: another may have won
            if found is None:
                create_schema(conn, self._key)
                return
            if found == SCHEMA_VERSION:
                trail.check_key(conn, self._key, self.where)
            for version in range(found, SCHEMA_VERSION):
                MIGRATIONS[version](conn, self._key)
            if found < SCHEMA_VERSION:
                conn.execute(schema_version_table.update().values(version=SCHEMA_VERSION))

        self._write(work)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(
                sa.select(sa.func.max(schema_version_table.c.version))).scalar() or 0)

    @property
    def live(self) -> LiveStore:
        """The live rounds kept in this store (allocation.store.live)."""
        from allocation.store.live import LiveStore

        return LiveStore(self)

    # -- audit trail ------------------------------------------------------------------------
    def _audit(self, conn: Connection, actor: str, action: str, scenario_id: int | None,
               name: str, version: int | None, row_ids: Sequence[int] = (),
               **detail: Any) -> int:
        assert action in AUDIT_ACTIONS
        return trail.append(conn, self._key, self.where, actor, action, scenario_id, name,
                            version, row_ids, detail)

    def audit(self, scenario_id: int | None = None, name: str | None = None) -> AuditTrail:
        """The audit trail, oldest first; for one scenario id, or every entry for a name.

        The whole chain is checked on every read: lines that fail (changed, replaced, added
        outside the app) are left out, and every sign of rewriting is in `.problems`."""
        sid = as_id(scenario_id) if scenario_id is not None else None
        wanted = clean_name(name) if name is not None else None
        with self._read() as conn:
            rows, problems = trail.read(conn, self._key)
        out = []
        for r in rows:
            if sid is not None and r.scenario_id != sid:
                continue
            if wanted is not None and r.scenario_name != wanted:
                continue
            at = None
            try:
                at = parse_time(r.at)
            except (TypeError, ValueError):
                pass
            out.append(AuditEntry(
                id=int(r.id), at=at or datetime.fromtimestamp(0, UTC), actor=r.actor or "",
                action=r.action, scenario_id=r.scenario_id, scenario_name=r.scenario_name or "",
                scenario_version=r.scenario_version, detail=loads_dict(r.detail_json),
            ))
        return AuditTrail(out, problems)

    def _sign(self, conn: Connection, ids: Sequence[int], audit_id: int) -> None:
        """Give rows their new state's audit line and check sum (after the app changed them)."""
        t = scenarios_table
        for r in conn.execute(sa.select(*META_COLS).where(t.c.id.in_(list(ids)))).all():
            values = dict(r._mapping, audit_id=audit_id)
            conn.execute(t.update().where(t.c.id == r.id).values(
                audit_id=audit_id, record_hash=scenario_mac(self._key, AttrRow(values))))

    def _usable(self, conn: Connection, ids: Sequence[int]) -> None:
        """Refuse to change rows that fail their check (a change must not launder them)."""
        t = scenarios_table
        for r in conn.execute(sa.select(*META_COLS).where(t.c.id.in_(list(ids)))).all():
            problem = row_problem(r, self._key, opening=True)
            if problem is not None:
                raise StoreError(problem.message_nl, problem.message_en)

    # -- scenarios --------------------------------------------------------------------------
    def save(self, scenario: Scenario, summary: Mapping[str, Any], name: str, author: str = "",
             note: str = "") -> SavedScenario:
        """Store `scenario` with its result summary under `name`, as a new version.

        `author` is who saves (the logged-in identity in the app); it enters the audit trail."""
        if not isinstance(scenario, Scenario):
            raise StoreError("Alleen een geldig scenario kan worden opgeslagen.",
                             "Only a valid scenario can be saved.")
        stored_name = clean_name(name)
        clean_author = clean_text(author, "De auteur", "author", MAX_AUTHOR)
        clean_note = clean_text(note, "De notitie", "note", MAX_TEXT)
        try:
            summary_json = dumps_json(dict(summary or {}))
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
            row = conn.execute(
                scenarios_table.insert().values(
                    name=stored_name, version=version, author=clean_author,
                    note=clean_note, created_at=now(), content_hash=content_hash,
                    status=status, scenario_json=scenario_json, summary_json=summary_json,
                    deleted_at=None, record_hash="", audit_id=0,
                ).returning(scenarios_table.c.id)
            ).scalar_one()
            rounds = audit_text(summary)  # values supplied in a request round
            line = self._audit(conn, clean_author, "save", int(row), stored_name, version,
                               row_ids=[int(row)], content_hash=content_hash, status=status,
                               **({"request_rounds": rounds} if rounds else {}))
            self._sign(conn, [int(row)], line)
            return int(row)

        return self.get(self._write(work))

    def get(self, scenario_id: int) -> SavedScenario:
        """One saved version with its input, after checking it is what was saved."""
        sid = as_id(scenario_id)
        with self._read() as conn:
            found, bad = fetch_readable(conn, [scenarios_table], scenarios_table.c.id, [sid])
            last, _, _ = trail.trail_state(conn)
        if bad:
            damage = unreadable("Scenario", "Scenario", sid, opening=True)
            raise StoreError(damage.message_nl, damage.message_en)
        row = found.get(sid)
        if row is None:
            raise unknown_id(scenario_id)
        problem = row_problem(row, self._key, opening=True, trail=last)
        if problem is not None:
            raise StoreError(problem.message_nl, problem.message_en)
        meta = meta_from_row(row)
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
        query = sa.select(*META_COLS)
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
        return self._checked(query)

    def _checked(self, query: Any) -> ScenarioList:
        """The rows of `query` that pass every check; the others, unreadable rows and rows the
        trail saved that are gone from the database, named in `.skipped`."""
        t = scenarios_table
        with self._read() as conn:
            ids = [int(i) for i in conn.execute(query.with_only_columns(t.c.id)).scalars()]
            found, bad = fetch_readable(conn, META_COLS, t.c.id, ids)
            last, saved, _ = trail.trail_state(conn)
            present = {int(i) for i in conn.execute(sa.select(t.c.id)).scalars()}
        good, skipped = [], []
        for rid in ids:
            if rid in bad:
                skipped.append(unreadable("Scenario", "Scenario", rid))
                continue
            r = found[rid]
            problem = row_problem(r, self._key, trail=last)
            if problem is None:
                good.append(meta_from_row(r))
            else:
                skipped.append(problem)
        for gone in sorted(set(saved) - present):
            name, version = saved[gone]
            skipped.append(RowProblem(
                gone, name,
                f"Scenario {gone} ('{name}' v{version}) staat in het logboek maar ontbreekt in "
                "de database: het is buiten de app om verwijderd.",
                f"Scenario {gone} ('{name}' v{version}) is in the audit trail but missing from "
                "the database: it was deleted outside the app."))
        return ScenarioList(good, skipped)

    def versions(self, name: str, include_deleted: bool = True) -> ScenarioList:
        """Every version saved under `name`, oldest first (bad rows in `.skipped`)."""
        t = scenarios_table
        query = sa.select(*META_COLS).where(t.c.name == clean_name(name))
        if not include_deleted:
            query = query.where(t.c.deleted_at.is_(None))
        return self._checked(query.order_by(t.c.version))

    def _row_of(self, conn: Connection, sid: int) -> Any:
        row = conn.execute(
            sa.select(scenarios_table.c.name, scenarios_table.c.version)
            .where(scenarios_table.c.id == sid)
        ).first()
        if row is None:
            raise unknown_id(sid)
        return row

    def rename(self, scenario_id: int, new_name: str, actor: str = "") -> ScenarioMeta:
        """Give the lineage of `scenario_id` (all its versions) a new name."""
        sid = as_id(scenario_id)
        clean = clean_name(new_name)
        who = clean_text(actor, "De gebruiker", "user", MAX_AUTHOR)

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
            ids = [int(i) for i in conn.execute(sa.select(scenarios_table.c.id).where(
                scenarios_table.c.name == old)).scalars()]
            self._usable(conn, ids)
            conn.execute(
                scenarios_table.update().where(scenarios_table.c.name == old).values(name=clean)
            )
            line = self._audit(conn, who, "rename", sid, clean, int(row.version), row_ids=ids,
                               old_name=old, new_name=clean)
            self._sign(conn, ids, line)

        self._write(work)
        return self._meta(sid)

    def _set_deleted(self, scenario_id: int, delete: bool, all_versions: bool,
                     actor: str) -> ScenarioMeta:
        sid = as_id(scenario_id)
        who = clean_text(actor, "De gebruiker", "user", MAX_AUTHOR)

        def work(conn: Connection) -> None:
            row = self._row_of(conn, sid)
            target = (scenarios_table.c.name == row.name) if all_versions else (
                scenarios_table.c.id == sid)
            ids = [int(i) for i in conn.execute(
                sa.select(scenarios_table.c.id).where(target)).scalars()]
            self._usable(conn, ids)
            conn.execute(scenarios_table.update().where(target)
                         .values(deleted_at=now() if delete else None))
            line = self._audit(conn, who, "delete" if delete else "restore", sid,
                               str(row.name), int(row.version), row_ids=ids,
                               all_versions=all_versions)
            self._sign(conn, ids, line)

        self._write(work)
        return self._meta(sid)

    def _meta(self, sid: int) -> ScenarioMeta:
        with self._read() as conn:
            row = conn.execute(sa.select(*META_COLS).where(scenarios_table.c.id == sid)).first()
        if row is None:
            raise unknown_id(sid)
        try:
            return meta_from_row(row)
        except (TypeError, ValueError, OverflowError):
            problem = row_problem(row, self._key, opening=True)
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
        sid = as_id(scenario_id)
        text = clean_text(rationale, "De motivering", "rationale", MAX_TEXT, required=True)
        who = clean_text(author, "De auteur", "author", MAX_AUTHOR)

        def work(conn: Connection) -> int:
            row = conn.execute(
                sa.select(*META_COLS).where(scenarios_table.c.id == sid)
            ).first()
            if row is None:
                raise unknown_id(scenario_id)
            if row.deleted_at is not None:
                raise StoreError(
                    f"Scenario {sid} ('{row.name}') is verwijderd; herstel het eerst.",
                    f"Scenario {sid} ('{row.name}') is deleted; restore it first.",
                )
            problem = row_problem(row, self._key, opening=True)
            if problem is not None:  # the minutes must not quote tampered figures
                raise StoreError(problem.message_nl, problem.message_en)
            line = dict(created_at=now(), scenario_id=sid, scenario_name=row.name,
                        scenario_version=int(row.version), content_hash=row.content_hash,
                        rationale=text, author=who, kpis_json=row.summary_json)
            new_id = int(conn.execute(
                decisions_table.insert().values(**line, record_hash="")
                .returning(decisions_table.c.id)
            ).scalar_one())
            conn.execute(decisions_table.update().where(decisions_table.c.id == new_id).values(
                record_hash=decision_mac(self._key, AttrRow(dict(line, id=new_id)))))
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
            query = query.where(d.c.scenario_id == as_id(scenario_id))
        with self._read() as conn:
            ids = [int(i) for i in conn.execute(
                query.with_only_columns(d.c.id).order_by(d.c.created_at, d.c.id)).scalars()]
            found, bad = fetch_readable(conn, [d], d.c.id, ids)
            _, _, decided = trail.trail_state(conn)
            present = {int(i) for i in conn.execute(sa.select(d.c.id)).scalars()}
        out: builtins.list[Decision] = []
        skipped = [unreadable("Besluit", "Decision", i) for i in bad]
        if scenario_id is None:
            skipped += [RowProblem(
                i, "", f"Besluit {i} staat in het logboek maar ontbreekt in de besluitenlijst: "
                "het is buiten de app om verwijderd.",
                f"Decision {i} is in the audit trail but missing from the decision log: it was "
                "deleted outside the app.") for i in sorted(decided - present)]
        for r in (found[i] for i in ids if i in found):
            ok = decision_ok(self._key, r)
            at = parse_time(r.created_at) if ok else None
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
                author=r.author or "", kpis=loads_dict(r.kpis_json),
                content_hash=r.content_hash or "",
            ))
        return DecisionList(out, skipped)

    # -- backup -----------------------------------------------------------------------------
    def backup_data(self) -> dict[str, Any]:
        """Every row of every table, read in one transaction (a consistent snapshot)."""
        with self._read() as conn:
            return backup_body(conn)

    def backup(self, path: str | Path) -> BackupCounts:
        """Write a backup file (JSON, with a checksum), atomically; returns the row counts,
        with the rows left out as unreadable in `.skipped`."""
        from allocation.safe_write import write_atomically

        body = self.backup_data()
        write_atomically(Path(path), json.dumps(body, ensure_ascii=False).encode())
        return BackupCounts({name: len(rows) for name, rows in body["tables"].items()},
                            body.get("skipped") or {})

    def restore_backup(self, path: str | Path, actor: str = "") -> dict[str, int]:
        """Load a backup into this store, which must be empty; returns the row counts."""
        who = clean_text(actor, "De gebruiker", "user", MAX_AUTHOR)
        body = read_backup(path)

        def work(conn: Connection) -> dict[str, int]:
            counts, notes = insert_backup(conn, body, self.where, self._key)
            self._audit(conn, who, "restore-backup", None, "", None,
                        made_at=body.get("made_at"), rows=counts, **notes)
            return counts

        return self._write(work)


def open_store(url: str | None = None) -> ScenarioStore:
    """Open (and on first use create or migrate) the scenario store; raises `StoreError`."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    store = ScenarioStore(engine, resolved)
    try:
        store.initialise()
    except BaseException:
        engine.dispose()
        raise
    return store
