"""Integrity of stored rows: the keyed check sum (HMAC) of a saved version over every stored
field, that of a decision, the checks that decide whether a stored row may be used (or is
skipped and named), and reading rows one by one around a damaged one.

Schema v3 had plain SHA-256 hashes over the fields that never change (`record_hash`,
`decision_hash`); they stay here for the migration to v4, which checks them before it signs a
row with the key.

Imports `records` and `keys` of the store package.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection

from allocation.store.keys import mac, same
from allocation.store.records import RowProblem, ScenarioMeta, loads_dict, parse_time


def record_hash(content_hash: str, summary_json: str, author: str, note: str,
                created_at: str, version: int) -> str:
    """Schema v3: the plain hash of what a saved version can never change."""
    blob = json.dumps([content_hash, summary_json, author, note, created_at, int(version)],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def decision_hash(created_at: str, scenario_id: int, scenario_name: str,
                  scenario_version: int, content_hash: str, rationale: str, author: str,
                  kpis_json: str) -> str:
    """Schema v3: the plain hash of one line of the minutes."""
    blob = json.dumps([created_at, int(scenario_id), scenario_name, int(scenario_version),
                       content_hash, rationale, author, kpis_json],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def decision_hash_of(row: Any) -> str:
    return decision_hash(row.created_at, row.scenario_id, row.scenario_name,
                         row.scenario_version, row.content_hash or "", row.rationale,
                         row.author or "", row.kpis_json)


def meta_from_row(row: Any) -> ScenarioMeta:
    created = parse_time(row.created_at)
    if created is None:
        raise ValueError("no time of saving")
    return ScenarioMeta(
        id=int(row.id), name=row.name, version=int(row.version), author=row.author or "",
        note=row.note or "", created_at=created,
        content_hash=row.content_hash, status=row.status,
        summary=loads_dict(row.summary_json), deleted_at=parse_time(row.deleted_at),
    )


def scenario_mac(key: bytes, row: Any) -> str:
    """The keyed check sum of a saved version: every stored field (the input through its
    fingerprint, which `get` recomputes), the state (name, deletion) and the audit line that
    set that state, so that neither a change nor a return to an older state goes unnoticed."""
    return mac(key, ["scenario", int(row.id), str(row.name), int(row.version),
                     row.author or "", row.note or "", str(row.created_at),
                     str(row.content_hash), str(row.status), str(row.summary_json),
                     _opt_text(row.deleted_at), int(row.audit_id or 0)])


def _opt_text(value: Any) -> str | None:
    return None if value is None else str(value)


def decision_mac(key: bytes, row: Any) -> str:
    """The keyed check sum of one line of the minutes (nothing in a decision may change)."""
    return mac(key, ["decision", int(row.id), str(row.created_at), int(row.scenario_id),
                     str(row.scenario_name), int(row.scenario_version),
                     row.content_hash or "", str(row.rationale), row.author or "",
                     str(row.kpis_json)])


def decision_ok(key: bytes, row: Any) -> bool:
    try:
        return parse_time(row.created_at) is not None and same(row.record_hash,
                                                                decision_mac(key, row))
    except (TypeError, ValueError, OverflowError):
        return False


def _row_hash_ok(key: bytes, row: Any) -> bool:
    try:
        return same(row.record_hash, scenario_mac(key, row))
    except (TypeError, ValueError, OverflowError):
        return False


def row_problem(row: Any, key: bytes, opening: bool = False,
                trail: Mapping[int, int] | None = None) -> RowProblem | None:
    """Why a stored row cannot be used as it is, or None when it passes every check.

    `trail` maps a scenario id to the last audit line that changed it (`trail_state`): a row
    naming an older line was put back to an earlier state outside the app. The message says
    what happens to the row: left out of a list, or not opened."""
    rid = getattr(row, "id", None)
    name = str(getattr(row, "name", "") or "")
    label = f"{rid} ('{name}')"
    done_nl, done_en = ("wordt niet geopend", "is not opened") if opening else (
        "is overgeslagen", "was skipped")
    try:
        meta_from_row(row)
    except (TypeError, ValueError, OverflowError):
        return RowProblem(
            rid, name,
            f"Scenario {label} {done_nl}: de opgeslagen gegevens zijn onleesbaar (tijdstip of "
            "versienummer).",
            f"Scenario {label} {done_en}: its stored data cannot be read (time or version "
            "number).",
        )
    if not _row_hash_ok(key, row):
        return RowProblem(
            rid, name,
            f"Scenario {label} {done_nl}: de opgeslagen gegevens zijn buiten de app om "
            "gewijzigd (de controlegetallen kloppen niet) en worden niet gebruikt.",
            f"Scenario {label} {done_en}: its stored data were changed outside the app (the "
            "check sums do not match) and are not used.",
        )
    if trail is not None and int(row.audit_id or 0) != trail.get(int(row.id), 0):
        return RowProblem(
            rid, name,
            f"Scenario {label} {done_nl}: het is buiten de app om teruggezet naar een eerdere "
            "toestand (het logboek noemt een latere wijziging) en wordt niet gebruikt.",
            f"Scenario {label} {done_en}: it was put back to an earlier state outside the app "
            "(the audit trail records a later change) and is not used.",
        )
    return None


def unreadable(what_nl: str, what_en: str, rid: Any, opening: bool = False) -> RowProblem:
    """A row the database driver cannot read (damaged bytes in its page)."""
    done_nl, done_en = ("kan niet worden geopend", "cannot be opened") if opening else (
        "is overgeslagen", "was skipped")
    return RowProblem(
        rid, "",
        f"{what_nl} {rid} {done_nl}: de gegevens zijn beschadigd in de database (onleesbare "
        "tekens). Zet een reservekopie terug of verwijder de rij via de databasebeheerder.",
        f"{what_en} {rid} {done_en}: its data are damaged in the database (unreadable "
        "characters). Restore a backup or have the database administrator remove the row.",
    )


_CHUNK = 200
_DECODE = (exc.DBAPIError, UnicodeDecodeError, ValueError)


def fetch_readable(conn: Connection, columns: list[Any], id_col: Any, ids: list[int]
                   ) -> tuple[dict[int, Any], list[int]]:
    """The rows with these ids, read in chunks; a chunk that fails is read row by row, so
    that one damaged row (text the driver cannot decode) is named instead of failing all."""
    rows: dict[int, Any] = {}
    bad: list[int] = []

    def read(part: list[int]) -> list[Any]:
        query = sa.select(*columns).where(id_col.in_(part))
        if conn.dialect.name == "postgresql":  # an error would abort the whole transaction
            with conn.begin_nested():
                return list(conn.execute(query).all())
        return list(conn.execute(query).all())

    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        try:
            found = read(part)
        except _DECODE:
            found = []
            for one in part:
                try:
                    found += read([one])
                except _DECODE:
                    bad.append(one)
        rows.update({int(r.id): r for r in found})
    return rows, bad


class AttrRow:
    """A dict read as a database row (attribute access), for the same row checks."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getattr__(self, key: str) -> Any:
        return self._data.get(key)
