"""Backups: a portable JSON file (SQLite <-> PostgreSQL) of every table, with a checksum and
every row's record hash checked before anything is restored, and only into an empty store.

Imports `records`, `integrity` and `schema` of the store package.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.store.integrity import AttrRow, decision_hash_of, row_problem
from allocation.store.records import StoreError, now
from allocation.store.schema import (
    SCHEMA_VERSION,
    TABLES,
    decisions_table,
    scenarios_table,
)

BACKUP_FORMAT = "draagkracht-backup"
BACKUP_FORMAT_VERSION = 1


def backup_body(conn: Connection) -> dict[str, Any]:
    """Every row of every table, read in `conn`'s transaction (a consistent snapshot)."""
    tables = {
        t.name: [dict(r._mapping) for r in conn.execute(sa.select(t).order_by(t.c.id)).all()]
        for t in TABLES
    }
    body = {"format": BACKUP_FORMAT, "format_version": BACKUP_FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION, "made_at": now(), "tables": tables}
    body["sha256"] = checksum(body)
    return body


def insert_backup(conn: Connection, body: Mapping[str, Any], where: str) -> dict[str, int]:
    """Insert the rows of a checked backup `body`; refused unless the store is empty."""
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
    counts = {}
    for t in TABLES:
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
    return counts


def checksum(body: Mapping[str, Any]) -> str:
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
    if body.get("sha256") != checksum(body):
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
        if not isinstance(row, dict) or row.get("record_hash") != decision_hash_of(
                AttrRow(row)):
            raise StoreError(
                f"Een besluit in de reservekopie {p} klopt niet met zijn controlegetal; er is "
                "niets teruggezet.",
                f"A decision in the backup {p} does not match its check sum; nothing was "
                "restored.",
            )
    for row in body["tables"].get("scenarios", []):
        if not isinstance(row, dict) or row_problem(AttrRow(row)) is not None:
            raise StoreError(
                f"Scenario {row.get('id') if isinstance(row, dict) else '?'} in de reservekopie "
                f"{p} klopt niet met zijn controlegetal; er is niets teruggezet.",
                f"Scenario {row.get('id') if isinstance(row, dict) else '?'} in the backup {p} "
                "does not match its check sum; nothing was restored.",
            )
    return body
