"""Writing tables into Excel: number formats per kind, one cell (user texts always literal,
never a formula), one table with headers, and the comparison workbook.

Spreadsheet safety: every user text (scenario names, notes, rationales, park names) goes through
the workbook writer's cell helper (`allocation.workbook.xlsx.put`): text starting with = + - @ tab or
CR becomes a literal string cell with Excel's quote prefix, so it shows as written and never runs
as a formula (docs/contracts/WORKBOOK.md: texts are displayed literally everywhere).

Imports nothing of the compare package at run time (the `Comparison` only for type checking).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from allocation.compare.comparison import Comparison

EUR_FORMAT = '"€" #,##0;[Red]-"€" #,##0'
# Differences carry a sign both ways: +€ 1.500 and -€ 1.500 (a gain is never unsigned).
EUR_DIFF_FORMAT = '+"€" #,##0;[Red]-"€" #,##0;"€" 0'
KPI_KIND_FORMATS = {"eur": EUR_FORMAT, "points": "#,##0.00", "ratio": "0.00", "int": "#,##0",
                    "eur_diff": EUR_DIFF_FORMAT, "points_diff": "+#,##0.00;-#,##0.00;0.00",
                    "ratio_diff": "+0.00;-0.00;0.00", "int_diff": "+#,##0;-#,##0;0"}
FORMATS = {
    **KPI_KIND_FORMATS, "price": "#,##0.0000", "year": "0", "value": "General",
}
EXCEL_MAX_TEXT = 32_767


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this text as a formula (or a DDE command)?"""
    from allocation.workbook import RISKY_PREFIXES

    return text.startswith(RISKY_PREFIXES)


def set_cell(cell: Any, value: Any, number_format: str | None = None) -> None:
    """Write one value; user texts are always literal strings, never formulas."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        cell.value = None
        return
    if isinstance(value, bool):
        cell.value = value
        return
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, int | float):
        cell.value = value
        if number_format:
            cell.number_format = number_format
        return
    if isinstance(value, datetime):
        cell.value = value
        cell.number_format = "dd-mm-yyyy hh:mm"
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    # One rule for the whole project: the workbook writer's helper stores risky text as a
    # string cell with Excel's quote prefix (the xlsx form of a leading apostrophe).
    from allocation.workbook.xlsx import put

    put(cell, text)


def write_table(ws: Any, df: pd.DataFrame, kinds: Sequence[str],
                 row_kinds: Sequence[str] | None = None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for j, header in enumerate(df.columns, start=1):
        cell = ws.cell(row=1, column=j)
        set_cell(cell, header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(df.itertuples(index=False), start=2):
        for j, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
            if kind in ("row", "row_diff") and row_kinds is not None:
                fmt = KPI_KIND_FORMATS.get(row_kinds[i - 2] + kind[3:])
            else:
                fmt = FORMATS.get(kind)
            cell = ws.cell(row=i, column=j)
            set_cell(cell, value, fmt)
            if kind == "wide":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for j, (header, kind) in enumerate(zip(df.columns, kinds, strict=True), start=1):
        longest = max([len(str(header))] + [len(str(v)) for v in df.iloc[:200, j - 1]
                                             if v is not None])
        width = 60 if kind == "wide" else min(max(10, longest + 2), 45)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "B2" if len(df.columns) > 1 else "A2"
    if len(df):
        ws.auto_filter.ref = ws.dimensions


COMPARISON_SHEETS = (
    ("scenarios", "Scenario's"),
    ("kpis", "Kerncijfers"),
    ("by_year", "Per jaar"),
    ("by_category", "Per categorie"),
    ("by_goal", "Per doel"),
    ("parks", "Per terrein"),
    ("shifts", "Grootste verschuivingen"),
    ("assumptions", "Aannames"),
)


def write_comparison(comparison: Comparison, path: str | Path | None = None,
                     lang: str = "nl",
                     explained: tuple[pd.DataFrame, list[str], list[str]] | None = None) -> bytes:
    """The comparison as an xlsx workbook (Dutch sheet names; headers and texts in `lang`).

    `explained`, when given, adds one sheet with the attribution of the differences (issue 23):
    `allocation.analysis.attribution_text.sheet(...)` (frame, column kinds, row kinds)."""
    from allocation.workbook import new_workbook, save_workbook

    wb = new_workbook()
    for table, sheet in COMPARISON_SHEETS:
        ws = wb.create_sheet(sheet)
        df, kinds = comparison.display(table, lang)
        row_kinds = list(comparison.kpis["kind"]) if table == "kpis" else None
        write_table(ws, df, kinds, row_kinds)
    if explained is not None:
        frame, kinds, explained_rows = explained
        write_table(wb.create_sheet("Verklaring verschillen"), frame, kinds, explained_rows)
    return save_workbook(wb, path)


def write_comparison_explained(comparison: Comparison,
                               explained: tuple[pd.DataFrame, list[str], list[str]],
                               path: str | Path | None = None, lang: str = "nl") -> bytes:
    """`write_comparison` with the attribution sheet."""
    return write_comparison(comparison, path, lang, explained)
