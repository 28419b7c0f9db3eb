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

The package, one module per job; imports go one way, downwards in this list, and no module
imports this `__init__` (it only re-exports the public names callers use):
    records    the error, the records handed out (ScenarioMeta, Decision, AuditEntry, ...)
               and the stored values (times, JSON, names, ids, result summaries)
    engine     database URLs, secret redaction, the engine and SQLite pragmas, database errors
    integrity  record and decision hashes, the row checks
    schema     the tables and the migrations v1 -> v2 -> v3, the append-only triggers
    backup     the backup file: writing, checking, restoring
    api        ScenarioStore and open_store
"""

from allocation.store.api import ScenarioStore, open_store
from allocation.store.backup import (
    BACKUP_FORMAT,
    BACKUP_FORMAT_VERSION,
    BackupCounts,
    read_backup,
)
from allocation.store.engine import ENV_URL, default_path, redact_url, resolve_url
from allocation.store.integrity import decision_hash, decision_mac, record_hash, scenario_mac
from allocation.store.keys import ENV_KEY, audit_key, key_file_path
from allocation.store.migrations import MIGRATIONS
from allocation.store.records import (
    AUDIT_ACTIONS,
    MAX_AUTHOR,
    MAX_ID,
    MAX_NAME,
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
    clean_name,
    result_summary,
)
from allocation.store.schema import (
    APP_ROLE_GRANTS,
    SCHEMA_VERSION,
    audit_head_table,
    audit_table,
    decisions_table,
    metadata,
    scenarios_table,
    schema_version_table,
)

__all__ = [
    "APP_ROLE_GRANTS", "AUDIT_ACTIONS", "ENV_KEY", "AuditTrail", "BackupCounts", "audit_head_table", "audit_key", "decision_mac", "key_file_path", "scenario_mac", "BACKUP_FORMAT", "BACKUP_FORMAT_VERSION", "ENV_URL", "MAX_AUTHOR",
    "MAX_ID", "MAX_NAME", "MAX_TEXT", "MIGRATIONS", "SCHEMA_VERSION", "AuditEntry", "Decision",
    "DecisionList", "RowProblem", "SavedScenario", "ScenarioList", "ScenarioMeta",
    "ScenarioStore", "StoreError", "audit_table", "clean_name", "decision_hash",
    "decisions_table", "default_path", "metadata", "open_store", "read_backup", "record_hash",
    "redact_url", "resolve_url", "result_summary", "scenarios_table", "schema_version_table",
]
