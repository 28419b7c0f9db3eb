"""Scenario <-> editable tables, and the edits `st.data_editor` reports (pure pandas).

`st.data_editor` reports an edit as a delta: {"edited_rows": {row: {column: value}},
"added_rows": [...], "deleted_rows": [...]}. `apply_delta` applies it to the table the editor was
shown, and `with_parks` / `with_categories` / `with_budget` / `with_returns` turn a table back
into a re-validated Scenario (raising pydantic's ValidationError or ValueError on bad input,
which `ui.state.apply_edit` turns into a message while keeping the scenario unchanged).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from allocation.domain import BudgetYear, Category, Park, ReturnSegment, Scenario

PARK_COLUMNS = list(Park.model_fields)
CATEGORY_COLUMNS = list(Category.model_fields)
BUDGET_COLUMNS = list(BudgetYear.model_fields)
RETURN_COLUMNS = list(ReturnSegment.model_fields)

# Shares (0-1 in the model) that the editors show and take as percentages (0-100).
PERCENT_COLUMNS = frozenset({
    "draagvlak", "potential_energy", "potential_circularity", "potential_economy",
    "potential_cooperation", "min_private_share", "min_draagvlak", "up_to_share",
})


def _scaled(frame: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Shares to percentages (factor 100) and back (0.01), without float noise (0.57 stays
    0.57, not 0.5699999999999999); empty cells stay empty."""
    out = frame.copy()
    for col in PERCENT_COLUMNS & set(out.columns):
        out[col] = [v if v is None or (isinstance(v, float) and math.isnan(v))
                    or isinstance(v, bool) or not isinstance(v, int | float)
                    else round(float(v) * factor, 10) for v in out[col]]
    return out


def parks_frame(scenario: Scenario) -> pd.DataFrame:
    return _scaled(pd.DataFrame([p.model_dump() for p in scenario.parks], columns=PARK_COLUMNS),
                   100.0)


def categories_frame(scenario: Scenario) -> pd.DataFrame:
    return _scaled(pd.DataFrame([c.model_dump() for c in scenario.categories],
                                columns=CATEGORY_COLUMNS), 100.0)


def budget_frame(scenario: Scenario) -> pd.DataFrame:
    return pd.DataFrame([b.model_dump() for b in scenario.budget], columns=BUDGET_COLUMNS)


def returns_frame(scenario: Scenario) -> pd.DataFrame:
    return _scaled(pd.DataFrame([r.model_dump() for r in scenario.returns],
                                columns=RETURN_COLUMNS), 100.0)


def apply_delta(base: pd.DataFrame, delta: dict[str, Any] | None) -> pd.DataFrame:
    """The table after the editor's edits (row positions refer to `base`)."""
    frame = base.copy().astype(object)
    if not delta:
        return frame
    for row, changes in (delta.get("edited_rows") or {}).items():
        pos = int(row)
        if not 0 <= pos < len(frame):
            continue
        for column, value in (changes or {}).items():
            if column in frame.columns:
                frame.iat[pos, frame.columns.get_loc(column)] = value
    deleted = {int(r) for r in (delta.get("deleted_rows") or [])}
    if deleted:
        frame = frame.drop(index=[frame.index[r] for r in sorted(deleted) if r < len(frame)])
    added = [r for r in (delta.get("added_rows") or []) if r]
    if added:
        frame = pd.concat([frame, pd.DataFrame(added, columns=frame.columns)], ignore_index=True)
    return frame.reset_index(drop=True)


def _clean(value: Any) -> Any:
    """NaN/NaT/empty text -> None; numpy scalars -> Python; texts trimmed."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts without empty cells (so model defaults apply and required fields complain);
    percentages of the editors back to shares."""
    out = []
    for row in _scaled(frame, 0.01).to_dict(orient="records"):
        clean = {k: _clean(v) for k, v in row.items()}
        out.append({k: v for k, v in clean.items() if v is not None})
    return out


def with_parks(scenario: Scenario, frame: pd.DataFrame) -> Scenario:
    return scenario.with_changes(parks=records(frame))


def with_categories(scenario: Scenario, frame: pd.DataFrame) -> Scenario:
    return scenario.with_changes(categories=records(frame))


def with_budget(scenario: Scenario, frame: pd.DataFrame) -> Scenario:
    rows = sorted(records(frame), key=lambda r: (r.get("year") is None, r.get("year") or 0))
    return scenario.with_changes(budget=rows)


def with_returns(scenario: Scenario, frame: pd.DataFrame) -> Scenario:
    rows = records(frame)
    for row in rows:  # the blank of the last segment is meaningful (no upper bound)
        row.setdefault("up_to_share", None)
    return scenario.with_changes(returns=rows)


def with_min_private_share(scenario: Scenario, category_id: str, share: float) -> Scenario:
    cats = [
        c.model_copy(update={"min_private_share": float(share)}).model_dump()
        if c.category == category_id else c.model_dump()
        for c in scenario.categories
    ]
    if category_id not in {c["category"] for c in cats}:
        raise KeyError(category_id)
    return scenario.with_changes(categories=cats)


def with_year_added(scenario: Scenario) -> Scenario:
    """One more budget year after the last one, with the last year's amount."""
    last = scenario.budget[-1]
    rows = [b.model_dump() for b in scenario.budget]
    rows.append({"year": last.year + 1, "budget_eur": last.budget_eur})
    return scenario.with_changes(budget=rows)


def with_last_year_removed(scenario: Scenario) -> Scenario:
    if len(scenario.budget) <= 1:
        raise ValueError("at least one budget year is needed / er is minstens één begrotingsjaar nodig")
    return scenario.with_changes(budget=[b.model_dump() for b in scenario.budget[:-1]])
