"""The reference reader: the openpyxl-based reader the app used before, kept as the tests' oracle.

openpyxl loads the whole workbook (values as cached by the spreadsheet program; a second load
with formulas only when the file has formulas, to find formulas without a saved result), and
`OpenpyxlSource` hands each sheet to the app's reader (`read.Reader`) as a `Grid`. Only the
way cells come out of the file differs from `read.read_workbook`, which streams the xlsx itself;
the tests check that both give the same scenario and the same problems. The app never calls
this module: it has no bounds on rows or memory.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from allocation.domain import LoadedWorkbook
from allocation.workbook.container import check_container, source_bytes
from allocation.workbook.numfmt import is_date_format
from allocation.workbook.read import Reader, assemble
from allocation.workbook.sheetxml import Grid, SheetEntry, unescape, unreadable

if TYPE_CHECKING:  # openpyxl loads lazily: `import allocation` stays cheap
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def read_workbook_reference(src: str | Path | bytes,
                            source_name: str | None = None) -> LoadedWorkbook:
    """`read.read_workbook` as the app did it before: openpyxl loads the whole workbook.

    Same contract and result, except that a sheet with too many rows is counted to the end
    (the app's reader stops one row past the limit). Slow and unbounded on large files.
    """
    data, name = source_bytes(src)
    info = check_container(data, deep=True)
    wb = _open(data, data_only=True)
    wb_f = _open(data, data_only=False) if info.has_formulas else None
    return assemble(Reader(OpenpyxlSource(wb, wb_f, recalc=_full_calc_on_load(data))),
                    source_name or name)


def _full_calc_on_load(data: bytes) -> bool:
    """The workbook's calcPr/@fullCalcOnLoad, read from the workbook part itself: openpyxl takes
    a calcPr without the attribute for True (the standard's default is false)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.replace("\\", "/").lower().endswith("workbook.xml"):
                if re.search(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"',
                             archive.read(name)):
                    return True
    return False


def _open(data: bytes, *, data_only: bool) -> Workbook:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (extensions, styles); we only read data.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(data), data_only=data_only, keep_vba=False, keep_links=False,
                rich_text=False,
            )
    except Exception as err:  # noqa: BLE001 - any parser failure becomes a sentence
        raise unreadable(err) from None


# -- stage 3: sheets to rows ----------------------------------------------------------------


class OpenpyxlSource:
    """Sheets of an openpyxl workbook as grids (a second, formulas-only load finds formulas
    without a saved result)."""

    def __init__(self, wb: Workbook, wb_formulas: Workbook | None, *,
                 recalc: bool = False) -> None:
        self.wb = wb
        self.wb_f = wb_formulas
        self.recalc = recalc
        self.sheets = [SheetEntry(ws.title, ws.sheet_state, ws.title, False)
                       for ws in wb.worksheets]
        self.sheets += [SheetEntry(cs.title, cs.sheet_state, cs.title, True)
                        for cs in getattr(wb, "chartsheets", [])]

    def grid(self, entry: SheetEntry, max_rows: int) -> Grid:
        ws: Worksheet = self.wb[entry.title]
        grid = Grid(ws.title, max_row=ws.max_row, max_col=ws.max_column, recalc=self.recalc)
        for (r, c), cell in ws._cells.items():
            if cell.value is None:
                continue
            value = cell.value
            if isinstance(value, str) and "_x" in value:  # openpyxl keeps them as written
                value = unescape(value)
            grid.cells.setdefault(r, {})[c] = value
            if cell.data_type == "e":
                grid.errors.add((r, c))
                if cell.value == "#VALUE!" and is_date_format(cell.number_format):
                    grid.bad_dates.add((r, c))  # openpyxl: date out of range
            if "%" in re.sub(r'"[^"]*"', "", cell.number_format or ""):
                grid.percent.add((r, c))
        if self.wb_f is not None and entry.title in self.wb_f:
            for (r, c), fcell in self.wb_f[entry.title]._cells.items():
                formula = fcell.value
                if fcell.data_type == "f" or (formula is not None and not isinstance(
                        formula, str | int | float | bool | _dt.datetime | _dt.date | _dt.time)):
                    text = formula if isinstance(formula, str) else getattr(formula, "text", "")
                    if grid.value(r, c) is None:
                        grid.formulas[(r, c)] = text or ""
                    else:
                        grid.cached[(r, c)] = text or ""
        for table in ws.tables.values():
            count = table.totalsRowCount or 0
            if count:
                from openpyxl.utils.cell import range_boundaries

                last = range_boundaries(table.ref)[3]
                grid.totals_rows.update(range(last - count + 1, last + 1))
        grid.merged = list(ws.merged_cells.ranges)
        grid.hidden_cols = [(d.min, d.max or d.min) for d in ws.column_dimensions.values()
                            if d.hidden and d.min is not None]
        grid.hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        return grid

    def resolve_strings(self, grids: Sequence[Grid]) -> None:
        """openpyxl resolved them while loading."""
