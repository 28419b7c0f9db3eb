"""The database schema (tables of schema v3) and its migrations v1 -> v2 -> v3, with the
triggers that keep the audit trail append-only.

Imports `records` and `integrity` of the store package.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.store.integrity import decision_hash_of, record_hash
from allocation.store.records import MAX_AUTHOR, MAX_NAME, dumps_json

SCHEMA_VERSION = 3
# One lock number for schema creation and migration on PostgreSQL ("draagkrt" in ASCII).
SCHEMA_LOCK = 0x6472616167


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


def make_append_only(conn: Connection) -> None:
    """Database triggers that refuse any change to, or removal from, the audit trail."""
    if conn.dialect.name == "sqlite":
        for what in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{what.lower()} BEFORE {what} "
                "ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION draagkracht_auditmake_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_logmake_append_only ON audit_log")
        conn.exec_driver_sql(
            "CREATE TRIGGER audit_logmake_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION draagkracht_auditmake_append_only()")


def create_schema(conn: Connection) -> None:
    metadata.create_all(conn)
    make_append_only(conn)
    conn.execute(schema_version_table.insert().values(version=SCHEMA_VERSION))


def migrate_2_to_3(conn: Connection) -> None:
    """v2 had no record hashes and no audit trail: add both; earlier saves and decisions enter
    the trail from the rows themselves (marked as taken over)."""
    conn.execute(sa.text(
        "ALTER TABLE scenarios ADD COLUMN record_hash VARCHAR(64) NOT NULL DEFAULT ''"))
    # a v1 file got its decisions table from today's definition in migrate_1_to_2
    if "record_hash" not in {c["name"] for c in sa.inspect(conn).get_columns("decisions")}:
        conn.execute(sa.text(
            "ALTER TABLE decisions ADD COLUMN record_hash VARCHAR(64) NOT NULL DEFAULT ''"))
    audit_table.create(conn)
    make_append_only(conn)
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
        conn.execute(audit_table.insert(), entries)


def migrate_1_to_2(conn: Connection) -> None:
    """v1 had no notes, no soft delete and no decision log."""
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN note TEXT NOT NULL DEFAULT ''"))
    conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN deleted_at VARCHAR(40)"))
    decisions_table.create(conn)


# version n -> function that brings a schema at version n to n + 1
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: migrate_1_to_2, 2: migrate_2_to_3}


META_COLS = [c for c in scenarios_table.c if c.name != "scenario_json"]
TABLES = (scenarios_table, decisions_table, audit_table)
