"""Low-level xlsx writing: one safe cell (`put`), one table (`write_table`), new and save."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allocation import format as fmt
from allocation.workbook.spec import EUR_FMT, EXCEL_ERRORS, RISKY_PREFIXES

if TYPE_CHECKING:  # openpyxl loads lazily: `import allocation` stays cheap
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


# -- writing --------------------------------------------------------------------------------
HEADER_FILL = "DDE7F0"


def plain(value: Any) -> Any:
    """A value openpyxl writes as-is: numpy scalars unwrapped, NaN/NA as an empty cell."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bytes):
        try:
            value = item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not isinstance(value, str | int | float | bool):
        try:
            import pandas as pd

            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        return str(value)
    return value


def put(cell: Any, value: Any) -> None:
    """Write one value; user text that could run as a formula stays plain text.

    Risky text (=, +, -, @, tab, CR first) is stored as a string cell with the quotePrefix
    style, the xlsx equivalent of a leading apostrophe: no spreadsheet evaluates it, and the
    text itself is unchanged, so the reader needs to strip nothing.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = plain(value)
    if isinstance(value, bool):
        value = "ja" if value else "nee"
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # XML 1.0 cannot hold them at all
        cell.value = value
        if value.startswith(RISKY_PREFIXES) or value in EXCEL_ERRORS:
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        # openpyxl writes numbers with 16 significant digits; a double can need 17. Writing
        # the shortest exact text keeps every value exact (Excel writes 17 digits too).
        cell.value = repr(value)
        cell.data_type = "n"
        return
    cell.value = value


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    formats: Sequence[str | None] | None = None,
    widths: Sequence[int | None] | None = None,
    start_row: int = 1,
    freeze: bool = True,
) -> int:
    """Write a header and rows: bold frozen header, number formats, widths that fit.

    Every cell goes through `put` (formula-injection safe). Returns the last row written.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    longest = [len(str(h)) for h in headers]
    for c, name in enumerate(headers, start=1):
        cell = ws.cell(row=start_row, column=c)
        put(cell, name)
        cell.font = bold
        cell.fill = fill
    r = start_row
    for r, row in enumerate(rows, start=start_row + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            put(cell, value)
            number_format = formats[c - 1] if formats and c - 1 < len(formats) else None
            if number_format and number_format != "General" and cell.data_type == "n":
                cell.number_format = number_format
            if cell.value is not None and r - start_row <= 500:
                shown = cell.value if cell.data_type == "s" else _width_text(
                    plain(value), number_format)
                longest[c - 1] = max(longest[c - 1], min(len(shown), 80))
    for c in range(1, len(headers) + 1):
        given = widths[c - 1] if widths and c - 1 < len(widths) else None
        fitted = min(max(longest[c - 1] + 2, 8), 60)
        ws.column_dimensions[get_column_letter(c)].width = max(given or 0, fitted)
    if freeze and start_row == 1:
        ws.freeze_panes = "A2"
    return r


def _width_text(value: Any, number_format: str | None) -> str:
    if isinstance(value, int | float) and number_format == EUR_FMT:
        return fmt.eur(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def new_workbook() -> Workbook:
    """An empty workbook (no default sheet); the results and comparison writers fill it."""
    from openpyxl import Workbook as _Workbook

    wb = _Workbook()
    wb.remove(wb.active)
    return wb


def save_workbook(wb: Workbook, path: Path | str | None) -> bytes:
    """The workbook as xlsx bytes, also written to `path` when given."""
    from allocation.safe_write import drop_half_written, write_atomically

    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except OSError as err:  # openpyxl's temporary files: a full disk
        drop_half_written(err)
        raise
    data = buffer.getvalue()
    if path is not None:
        write_atomically(Path(path), data)  # whole or not at all
    return data
