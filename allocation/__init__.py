"""Draagkracht's domain and optimisation layer (never imports streamlit).

Public API:
    load_workbook(path_or_bytes) -> Scenario          (raises WorkbookError with every problem)
    solve(scenario, time_limit_s=60) -> AllocationResult
    evaluate(scenario, allocation_df) -> Evaluation
"""

from __future__ import annotations

from typing import Any

from allocation.domain import (
    GOALS,
    BudgetYear,
    Category,
    InputIssue,
    Park,
    ReturnSegment,
    Scenario,
    Settings,
    WorkbookError,
)

__all__ = [
    "GOALS",
    "BudgetYear",
    "Category",
    "InputIssue",
    "Park",
    "ReturnSegment",
    "Scenario",
    "Settings",
    "WorkbookError",
    "load_workbook",
    "solve",
    "evaluate",
]

# Heavy modules (pulp, openpyxl) load on first use, so `import allocation` stays cheap.
_LAZY = {
    "load_workbook": ("allocation.workbook", "load_workbook"),
    "read_workbook": ("allocation.workbook", "read_workbook"),
    "solve": ("allocation.pipeline", "solve"),
    "evaluate": ("allocation.evaluation", "evaluate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(name)
