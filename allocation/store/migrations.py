"""Creating the schema and migrating older stores: v1 -> v2 -> v3 -> v4 -> v5.

- v1 -> v2: notes, soft delete, the decision log.
- v2 -> v3: plain record hashes and the audit trail (earlier saves and decisions enter it from
  the rows themselves, marked as taken over).
- v3 -> v4: keyed check sums. Every row and line is signed with the deployment's key
  (`keys.audit_key`): a saved version over all its fields (status, name and deletion
  included) and the audit line that set its state; a decision over all its fields; each audit
  line chained to the one before; the end point. What the v3 hashes show as changed outside
  the app is *not* signed, so it stays reported; whatever v3 could not see (a changed status, a
  rename in the database) is taken as found: the upgrade signs the store as it is.
- v4 -> v5: the live rounds (sessions, one input per member, wrong-code attempts); nothing
  existing changes.

Imports `records`, `keys`, `integrity`, `schema` and `trail` of the store package.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.store.integrity import (
    decision_hash_of,
    decision_mac,
    record_hash,
    scenario_mac,
)
from allocation.store.records import MAX_AUTHOR, MAX_NAME, dumps_json
from allocation.store.schema import (
    LIVE_TABLES,
    SCHEMA_VERSION,
    audit_head_table,
    audit_table,
    decisions_table,
    drop_append_only,
    make_append_only,
    metadata,
    scenarios_table,
    schema_version_table,
)
from allocation.store.trail import head_values, line_mac, row_ids_of


def _v2_decisions_table() -> sa.Table:
    """The decisions table as schema v2 created it (v3 adds record_hash)."""
    md = sa.MetaData()
    sa.Table("scenarios", md, sa.Column("id", sa.Integer, primary_key=True))  # for the key
    return sa.Table(
        "decisions", md,
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


def _v3_audit_table() -> sa.Table:
    """The audit trail as schema v3 created it (v4 adds the chain)."""
    return sa.Table(
        "audit_log", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(MAX_AUTHOR), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("scenario_id", sa.Integer, nullable=True),
        sa.Column("scenario_name", sa.String(MAX_NAME), nullable=False, server_default=""),
        sa.Column("scenario_version", sa.Integer, nullable=True),
        sa.Column("detail_json", sa.Text, nullable=False, server_default="{}"),
    )


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    if column not in {c["name"] for c in sa.inspect(conn).get_columns(table)}:
        conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def create_schema(conn: Connection, key: bytes) -> None:
    """A fresh store at today's schema, with the trail's end point for `key`."""
    metadata.create_all(conn)
    make_append_only(conn)
    conn.execute(audit_head_table.insert().values(**head_values(key, 0, "")))
    conn.execute(schema_version_table.insert().values(version=SCHEMA_VERSION))


def migrate_2_to_3(conn: Connection, key: bytes = b"") -> None:
    """v2 had no record hashes and no audit trail: add both; earlier saves and decisions enter
    the trail from the rows themselves (marked as taken over)."""
    conn.execute(sa.text(
        "ALTER TABLE scenarios ADD COLUMN record_hash VARCHAR(64) NOT NULL DEFAULT ''"))
    # a v1 file got its decisions table from today's definition in migrate_1_to_2
    if "record_hash" not in {c["name"] for c in sa.inspect(conn).get_columns("decisions")}:
        conn.execute(sa.text(
            "ALTER TABLE decisions ADD COLUMN record_hash VARCHAR(64) NOT NULL DEFAULT ''"))
    _v3_audit_table().create(conn)  # its triggers come with v4 (always the next step)
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
                    detail_json=dumps_json({"migrated": True})) for r in rows]
    d = decisions_table
    for r in conn.execute(sa.select(d)).all():
        conn.execute(d.update().where(d.c.id == r.id)
                     .values(record_hash=decision_hash_of(r)))
    entries += [dict(at=r.created_at, actor=r.author or "", action="decide",
                     scenario_id=r.scenario_id, scenario_name=r.scenario_name,
                     scenario_version=r.scenario_version,
                     detail_json=dumps_json({"migrated": True, "decision_id": r.id}))
                for r in conn.execute(sa.select(d).order_by(d.c.created_at, d.c.id)).all()]
    entries.sort(key=lambda e: str(e["at"]))
    if entries:
        conn.execute(_v3_audit_table().insert(), entries)


def migrate_1_to_2(conn: Connection, key: bytes = b"") -> None:
    """v1 had no notes, no soft delete and no decision log."""
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN note TEXT NOT NULL DEFAULT ''"))
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN deleted_at VARCHAR(40)"))
    _v2_decisions_table().create(conn)


def migrate_3_to_4(conn: Connection, key: bytes) -> None:
    """Sign the store with `key`: the trail chained in id order, the rows whose v3 hash holds."""
    _add_column(conn, "scenarios", "audit_id", "INTEGER NOT NULL DEFAULT 0")
    _add_column(conn, "audit_log", "row_ids", "TEXT NOT NULL DEFAULT '[]'")
    _add_column(conn, "audit_log", "prev_hash", "VARCHAR(64) NOT NULL DEFAULT ''")
    _add_column(conn, "audit_log", "chain_hash", "VARCHAR(64) NOT NULL DEFAULT ''")
    audit_head_table.create(conn, checkfirst=True)
    drop_append_only(conn)  # the existing lines get their chain; the triggers come back below
    a = audit_table
    prev, last_id = "", 0
    last_line: dict[int, int] = {}
    for r in conn.execute(sa.select(a).order_by(a.c.id)).all():
        ids = [int(r.scenario_id)] if r.action == "save" and r.scenario_id is not None else []
        line = dict(r._mapping, row_ids=json.dumps(ids), prev_hash=prev)
        line["chain_hash"] = line_mac(key, _Row(line))
        conn.execute(a.update().where(a.c.id == r.id).values(
            row_ids=line["row_ids"], prev_hash=prev, chain_hash=line["chain_hash"]))
        for sid in row_ids_of(_Row(line)):
            last_line[sid] = int(r.id)
        prev, last_id = line["chain_hash"], int(r.id)
    conn.execute(audit_head_table.delete())
    conn.execute(audit_head_table.insert().values(**head_values(key, last_id, prev)))
    make_append_only(conn)
    t = scenarios_table
    for r in conn.execute(sa.select(t)).all():
        try:
            ok = bool(r.record_hash) and r.record_hash == record_hash(
                r.content_hash, r.summary_json, r.author or "", r.note or "", r.created_at,
                r.version)
        except (TypeError, ValueError):
            ok = False
        if not ok:  # changed outside the app before the upgrade: stays reported
            continue
        values = dict(r._mapping, audit_id=last_line.get(int(r.id), 0))
        conn.execute(t.update().where(t.c.id == r.id).values(
            audit_id=values["audit_id"], record_hash=scenario_mac(key, _Row(values))))
    d = decisions_table
    for r in conn.execute(sa.select(d)).all():
        try:
            ok = bool(r.record_hash) and r.record_hash == decision_hash_of(r)
        except (TypeError, ValueError):
            ok = False
        if ok:
            conn.execute(d.update().where(d.c.id == r.id)
                         .values(record_hash=decision_mac(key, r)))


def migrate_4_to_5(conn: Connection, key: bytes = b"") -> None:
    """v4 had no live rounds: add their tables."""
    for table in LIVE_TABLES:
        table.create(conn, checkfirst=True)


class _Row:
    def __init__(self, data: dict) -> None:  # type: ignore[type-arg]
        self.__dict__.update(data)


# version n -> function that brings a schema at version n to n + 1
MIGRATIONS: dict[int, Callable[[Connection, bytes], None]] = {
    1: migrate_1_to_2, 2: migrate_2_to_3, 3: migrate_3_to_4, 4: migrate_4_to_5}
