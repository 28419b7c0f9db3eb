"""The database schema (tables of schema v5), the triggers that keep the audit trail
append-only, and what a PostgreSQL DBA grants the app's role (`APP_ROLE_GRANTS`).

Imports only `records` of the store package.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.store.records import MAX_AUTHOR, MAX_NAME

SCHEMA_VERSION = 5
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
    # added in schema v4: the audit line that put the row in its state (covered by the HMAC)
    sa.Column("audit_id", sa.Integer, nullable=False, server_default="0"),
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
    # added in schema v4: the scenario rows the line changed (JSON list), and the chain: the
    # previous line's check sum and this line's HMAC over it and every field
    sa.Column("row_ids", sa.Text, nullable=False, server_default="[]"),
    sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("chain_hash", sa.String(64), nullable=False, server_default=""),
)

audit_head_table = sa.Table(  # added in schema v4: one row, the end of the chain
    "audit_head", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_id", sa.Integer, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
    sa.Column("key_check", sa.String(64), nullable=False),
    sa.Column("mac", sa.String(64), nullable=False),
)


live_sessions_table = sa.Table(  # added in schema v5: live rounds (allocation.store.live)
    "live_sessions", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("facilitator", sa.String(MAX_AUTHOR), nullable=False),
    sa.Column("title", sa.String(MAX_NAME), nullable=False, server_default=""),
    # the saved scenario the round works on (no foreign key, like the trail: a round's record
    # outlives the row)
    sa.Column("scenario_id", sa.Integer, nullable=False),
    sa.Column("scenario_name", sa.String(MAX_NAME), nullable=False),
    sa.Column("scenario_version", sa.Integer, nullable=False),
    sa.Column("anonymous", sa.Integer, nullable=False),
    sa.Column("allow_years", sa.Integer, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("opened_at", sa.String(40), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
    sa.Column("closed_at", sa.String(40), nullable=True),
    sa.Column("decision_id", sa.Integer, nullable=True),  # the decision that recorded it
    sa.Column("record_hash", sa.String(64), nullable=False),  # HMAC over every field
)

live_inputs_table = sa.Table(  # added in schema v5: one row per member per round
    "live_inputs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(16), sa.ForeignKey("live_sessions.code"), nullable=False),
    sa.Column("member", sa.String(64), nullable=False),  # keyed hash of the member's key
    sa.Column("name", sa.String(MAX_AUTHOR), nullable=False, server_default=""),
    sa.Column("weights_json", sa.Text, nullable=False),
    sa.Column("years_json", sa.Text, nullable=False, server_default="null"),
    sa.Column("version", sa.Integer, nullable=False),  # optimistic version: +1 per change
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("record_hash", sa.String(64), nullable=False),
    sa.UniqueConstraint("code", "member", name="uq_live_inputs_code_member"),
)

live_attempts_table = sa.Table(  # added in schema v5: wrong join codes, per browser session
    "live_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("who", sa.String(64), nullable=False),  # keyed hash of the session's key
    sa.Column("at", sa.String(40), nullable=False),
)
sa.Index("ix_live_attempts_who_at", live_attempts_table.c.who, live_attempts_table.c.at)

LIVE_TABLES = (live_sessions_table, live_inputs_table, live_attempts_table)


def make_append_only(conn: Connection) -> None:
    """Database triggers that refuse any change to, or removal from, the audit trail (and the
    removal of its end point). They stop mistakes and the app's own code; someone who owns the
    tables can drop them, which the chain of check sums then shows (see `trail`)."""
    if conn.dialect.name == "sqlite":
        for what in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{what.lower()} BEFORE {what} "
                "ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION draagkracht_audit_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$")
        for table, events in (("audit_log", "UPDATE OR DELETE OR TRUNCATE"),
                              ("audit_head", "DELETE OR TRUNCATE")):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_append_only BEFORE {events} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION draagkracht_audit_append_only()")


def drop_append_only(conn: Connection) -> None:
    """Remove the triggers (only for a migration that signs the existing lines)."""
    if conn.dialect.name == "sqlite":
        for name in ("audit_log_no_update", "audit_log_no_delete", "audit_head_no_delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")


# What the DBA runs on PostgreSQL once the owner role has created (or migrated) the schema,
# with {role} the role the app logs in with. That role can then read and add, and change
# scenarios and decisions only as the app does (their HMACs show anything else), but it can
# neither TRUNCATE, DELETE nor UPDATE the audit trail, nor drop its triggers (not the owner).
APP_ROLE_GRANTS = (
    "REVOKE ALL ON scenarios, decisions, audit_log, audit_head, schema_version, live_sessions, "
    "live_inputs, live_attempts FROM {role}",
    "GRANT SELECT ON schema_version TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON scenarios, decisions TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON live_sessions, live_inputs TO {role}",
    "GRANT SELECT, INSERT, DELETE ON live_attempts TO {role}",
    "GRANT SELECT, INSERT ON audit_log TO {role}",
    "GRANT SELECT, UPDATE ON audit_head TO {role}",
    "GRANT USAGE, SELECT ON SEQUENCE scenarios_id_seq, decisions_id_seq, live_inputs_id_seq, "
    "live_attempts_id_seq TO {role}",
)


META_COLS = [c for c in scenarios_table.c if c.name != "scenario_json"]
# the tables a backup carries (the end point is rebuilt from the restored trail; live rounds
# are working material of one meeting: what counts of them is in the decision they end in)
TABLES = (scenarios_table, decisions_table, audit_table)
