"""Backups: a portable JSON file (SQLite <-> PostgreSQL) of every table, with a checksum and
every row's keyed check sum verified before anything is restored.

A row the database cannot read any more (damaged bytes) is left out and named (`skipped` in the
file and in the counts), so one damaged row never blocks a backup. A backup is restored into a
store without scenarios and decisions; one that already has audit lines (only those) keeps
them: the restored trail is appended after them, each line checked and chained again.

Imports `records`, `keys`, `integrity`, `schema` and `trail` of the store package.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.store import trail
from allocation.store.integrity import (
    AttrRow,
    decision_ok,
    fetch_readable,
    row_problem,
    scenario_mac,
)
from allocation.store.keys import audit_key
from allocation.store.records import StoreError, now
from allocation.store.schema import (
    SCHEMA_VERSION,
    TABLES,
    audit_table,
    decisions_table,
    scenarios_table,
)

BACKUP_FORMAT = "draagkracht-backup"
BACKUP_FORMAT_VERSION = 2  # 2: schema v4 rows, and the rows left out as unreadable


class BackupCounts(dict[str, int]):
    """Rows written per table; `skipped` names the rows left out as unreadable."""

    def __init__(self, counts: Mapping[str, int], skipped: Mapping[str, list[int]]) -> None:
        super().__init__(counts)
        self.skipped = {k: list(v) for k, v in skipped.items() if v}

    def messages(self) -> list[tuple[str, str]]:
        """What was left out, in Dutch and English."""
        names = {"scenarios": ("scenario", "scenario"), "decisions": ("besluit", "decision"),
                 "audit_log": ("logregel", "audit line")}
        out = []
        for table, ids in self.skipped.items():
            nl, en = names.get(table, (table, table))
            shown = ", ".join(str(i) for i in ids)
            out.append((
                f"Niet in de reservekopie: {nl} {shown} (beschadigd in de database, onleesbaar).",
                f"Not in the backup: {en} {shown} (damaged in the database, unreadable)."))
        return out


def backup_body(conn: Connection) -> dict[str, Any]:
    """Every readable row of every table, read in `conn`'s transaction (a consistent
    snapshot); unreadable rows are listed under `skipped`."""
    tables: dict[str, list[dict[str, Any]]] = {}
    skipped: dict[str, list[int]] = {}
    for t in TABLES:
        ids = [int(i) for i in conn.execute(sa.select(t.c.id).order_by(t.c.id)).scalars()]
        found, bad = fetch_readable(conn, [t], t.c.id, ids)
        tables[t.name] = [dict(found[i]._mapping) for i in ids if i in found]
        skipped[t.name] = bad
    body = {"format": BACKUP_FORMAT, "format_version": BACKUP_FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION, "made_at": now(), "tables": tables,
            "skipped": skipped}
    body["sha256"] = checksum(body)
    return body


def insert_backup(conn: Connection, body: Mapping[str, Any], where: str, key: bytes
                  ) -> tuple[BackupCounts, dict[str, Any]]:
    """Insert the rows of a checked backup `body`; refused when the store holds scenarios or
    decisions. Returns the counts and what the restore line of the trail should say."""
    used = conn.execute(sa.select(sa.func.count()).select_from(scenarios_table)).scalar()
    used = int(used or 0) + int(conn.execute(
        sa.select(sa.func.count()).select_from(decisions_table)).scalar() or 0)
    if used:
        raise StoreError(
            f"De database {where} bevat al scenario's of besluiten; een "
            "reservekopie wordt alleen in een lege database teruggezet. Kies een nieuwe "
            "database (--db) of zet het huidige bestand opzij.",
            f"The database {where} already holds scenarios or decisions; a backup "
            "is only restored into an empty database. Choose a new database (--db) or "
            "move the current file aside.",
        )
    tables = body["tables"]
    # the trail first: each line checked, then appended (and chained) after any lines here
    lines = sorted(tables.get("audit_log", []), key=lambda r: int(r.get("id") or 0))
    good, problems = trail.verify(key, [AttrRow(r) for r in lines], None)
    good_ids = {int(r.id) for r in good}
    new_id: dict[int, int] = {}
    for r in lines:
        if int(r["id"]) not in good_ids:
            continue
        new_id[int(r["id"])] = trail.append(
            conn, key, where, r.get("actor") or "", r["action"], r.get("scenario_id"),
            r.get("scenario_name") or "", r.get("scenario_version"),
            trail.row_ids_of(AttrRow(r)), at=r["at"], detail_json=r.get("detail_json") or "{}")
    scenario_rows = []
    cols = {c.name for c in scenarios_table.c}
    for r in tables.get("scenarios", []):
        row = {k: v for k, v in r.items() if k in cols}
        row["audit_id"] = new_id.get(int(row.get("audit_id") or 0), 0)
        row["record_hash"] = scenario_mac(key, AttrRow(row))
        scenario_rows.append(row)
    if scenario_rows:
        conn.execute(scenarios_table.insert(), scenario_rows)
    dcols = {c.name for c in decisions_table.c}
    decision_rows = [{k: v for k, v in r.items() if k in dcols}
                     for r in tables.get("decisions", [])]
    if decision_rows:
        conn.execute(decisions_table.insert(), decision_rows)
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences on
        for t in (scenarios_table, decisions_table):
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {t.name}), 1))"))
    counts = BackupCounts({"scenarios": len(scenario_rows), "decisions": len(decision_rows),
                           audit_table.name: len(new_id)}, body.get("skipped") or {})
    notes: dict[str, Any] = {}
    if counts.skipped:
        notes["skipped"] = counts.skipped
    if problems:
        notes["trail_problems"] = [p.message_nl for p in problems]
    return counts, notes


def checksum(body: Mapping[str, Any]) -> str:
    blob = json.dumps({k: v for k, v in body.items() if k != "sha256"}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_backup(path: str | Path, key: bytes | None = None) -> dict[str, Any]:
    """A backup file, checked (format, checksum, every row's keyed check sum with `key`, by
    default this process's key); `StoreError`."""
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
    if body.get("sha256") != checksum(body):
        raise StoreError(
            f"De reservekopie {p} is na het maken gewijzigd of beschadigd (controlegetal klopt "
            "niet); er is niets teruggezet.",
            f"The backup {p} was changed or damaged after it was made (checksum mismatch); "
            "nothing was restored.",
        )
    # schema v5 only added the live rounds, which backups do not carry: a v4 backup fits
    if int(body.get("schema_version") or 0) not in (4, SCHEMA_VERSION):
        raise StoreError(
            f"De reservekopie {p} heeft schema {body.get('schema_version')}; deze versie van de "
            f"app zet alleen schema 4 of {SCHEMA_VERSION} terug.",
            f"The backup {p} has schema {body.get('schema_version')}; this version of the app "
            f"restores schema 4 or {SCHEMA_VERSION} only.",
        )
    key = audit_key() if key is None else key
    for row in body["tables"].get("decisions", []):
        if not isinstance(row, dict) or not decision_ok(key, AttrRow(row)):
            raise StoreError(
                f"Een besluit in de reservekopie {p} klopt niet met zijn controlegetal (gewijzigd, of "
                "gemaakt met een andere sleutel); er is niets teruggezet.",
                f"A decision in the backup {p} does not match its check sum; nothing was "
                "restored.",
            )
    for row in body["tables"].get("scenarios", []):
        if not isinstance(row, dict) or row_problem(AttrRow(row), key) is not None:
            raise StoreError(
                f"Scenario {row.get('id') if isinstance(row, dict) else '?'} in de reservekopie "
                f"{p} klopt niet met zijn controlegetal (gewijzigd, of gemaakt met een andere "
                "sleutel); er is niets teruggezet.",
                f"Scenario {row.get('id') if isinstance(row, dict) else '?'} in the backup {p} "
                "does not match its check sum; nothing was restored.",
            )
    return body
