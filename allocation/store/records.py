"""What the store hands out and takes in: its error, the saved-version, decision and audit
records, and the plain values it stores (times, JSON, names, ids, result summaries).

Imports nothing else of the store package (every other module of it imports this one).
"""

from __future__ import annotations

import builtins
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from allocation.domain import BilingualError, Scenario

if TYPE_CHECKING:
    from allocation.result import AllocationResult

MAX_NAME = 200
MAX_AUTHOR = 200
MAX_TEXT = 20_000  # notes and rationales
# Ids are INTEGER columns (32-bit on PostgreSQL): a larger number cannot be a saved scenario.
MAX_ID = 2**31 - 1
AUDIT_ACTIONS = ("save", "rename", "delete", "restore", "decide", "restore-backup",
                 "live-open", "live-close")


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


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what to which scenario, and when."""

    id: int
    at: datetime  # UTC, timezone-aware
    actor: str
    action: str  # one of AUDIT_ACTIONS
    scenario_id: int | None
    scenario_name: str
    scenario_version: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class RowProblem:
    """A stored row that could not be used, and why (shown to the user, never hidden)."""

    id: int | None
    name: str
    message_nl: str
    message_en: str

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl


class DecisionList(builtins.list[Decision]):
    """The decisions that passed their check; `skipped` names the lines that did not."""

    def __init__(self, rows: builtins.list[Decision] | None = None,
                 skipped: builtins.list[RowProblem] | None = None) -> None:
        super().__init__(rows or [])
        self.skipped: builtins.list[RowProblem] = builtins.list(skipped or [])


class ScenarioList(builtins.list[ScenarioMeta]):
    """The rows that passed their checks; `skipped` names the rows that did not."""

    def __init__(self, rows: builtins.list[ScenarioMeta] | None = None,
                 skipped: builtins.list[RowProblem] | None = None) -> None:
        super().__init__(rows or [])
        self.skipped: builtins.list[RowProblem] = builtins.list(skipped or [])


# -- values -------------------------------------------------------------------------------------


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
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


def dumps_json(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, allow_nan=False)


def loads_dict(text: str | None) -> dict[str, Any]:
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
    plain: dict[str, Any] = _plain(summary)
    return plain


def clean_text(value: str | None, what_nl: str, what_en: str, limit: int,
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
    text = clean_text(name, "De naam", "name", MAX_NAME, required=True)
    return re.sub(r"\s+", " ", text)  # a name is one line


def unknown_id(scenario_id: Any) -> StoreError:
    shown = str(scenario_id)
    if len(shown) > 24:
        shown = shown[:20] + "…"
    return StoreError(f"Er is geen opgeslagen scenario met id {shown}.",
                      f"There is no saved scenario with id {shown}.")


def as_id(scenario_id: Any) -> int:
    try:
        value = int(str(scenario_id).strip())
    except (TypeError, ValueError):
        raise unknown_id(scenario_id) from None
    if not 0 < value <= MAX_ID:
        raise unknown_id(scenario_id)
    return value


class AuditTrail(builtins.list[AuditEntry]):
    """The audit lines that passed their check; `problems` says where the trail was rewritten
    (lines changed, replaced, added or removed outside the app) and is shown to the user."""

    def __init__(self, rows: builtins.list[AuditEntry] | None = None,
                 problems: builtins.list[RowProblem] | None = None) -> None:
        super().__init__(rows or [])
        self.problems: builtins.list[RowProblem] = builtins.list(problems or [])
