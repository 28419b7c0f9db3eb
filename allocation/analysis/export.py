"""Analyses in the results workbook: one sheet per analysis, next to the result sheets."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from allocation.domain import Scenario
from allocation.result import AllocationResult


def add_sheets(wb: Any, sheets: Mapping[str, pd.DataFrame]) -> None:
    """Write each frame as a sheet of the openpyxl workbook `wb` (headers as given; text
    formula-safe via write_table)."""
    from allocation.workbook import write_table

    for name, frame in sheets.items():
        title = name[:31]  # Excel's limit on sheet names
        if title in wb.sheetnames:
            del wb[title]
        ws = wb.create_sheet(title)
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
        write_table(ws, [str(c) for c in frame.columns], rows)


def results_with_analyses(scenario: Scenario, result: AllocationResult,
                          sheets: Mapping[str, pd.DataFrame],
                          path: Path | str | None = None) -> bytes:
    """The results workbook (`write_results`) with one extra sheet per analysis frame."""
    from openpyxl import load_workbook

    from allocation.workbook import save_workbook, write_results

    wb = load_workbook(io.BytesIO(write_results(scenario, result)))
    add_sheets(wb, sheets)
    return save_workbook(wb, path)
