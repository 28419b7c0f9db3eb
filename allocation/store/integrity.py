"""Integrity of stored rows: the record hash of a saved version, the hash of a decision, and
the checks that decide whether a stored row may be used (or is skipped and named).

Imports only `records` of the store package.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from allocation.store.records import RowProblem, ScenarioMeta, loads_dict, parse_time


def record_hash(content_hash: str, summary_json: str, author: str, note: str,
                created_at: str, version: int) -> str:
    """The hash of what a saved version can never change (renames and deletes may)."""
    blob = json.dumps([content_hash, summary_json, author, note, created_at, int(version)],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def decision_hash(created_at: str, scenario_id: int, scenario_name: str,
                  scenario_version: int, content_hash: str, rationale: str, author: str,
                  kpis_json: str) -> str:
    """The hash of one line of the minutes (nothing in a decision may change later)."""
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


def _row_hash_ok(row: Any) -> bool:
    try:
        expected = record_hash(row.content_hash, row.summary_json, row.author or "",
                               row.note or "", row.created_at, row.version)
    except (TypeError, ValueError):
        return False
    return bool(row.record_hash) and row.record_hash == expected


def row_problem(row: Any, opening: bool = False) -> RowProblem | None:
    """Why a stored row cannot be used as it is, or None when it passes every check.

    The message says what happens to the row: left out of a list, or not opened."""
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
    if not _row_hash_ok(row):
        return RowProblem(
            rid, name,
            f"Scenario {label} {done_nl}: de opgeslagen gegevens zijn buiten de app om "
            "gewijzigd (de controlegetallen kloppen niet) en worden niet gebruikt.",
            f"Scenario {label} {done_en}: its stored data were changed outside the app (the "
            "check sums do not match) and are not used.",
        )
    return None


class AttrRow:
    """A dict read as a database row (attribute access), for the same row checks."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getattr__(self, key: str) -> Any:
        return self._data.get(key)
