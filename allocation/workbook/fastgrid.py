"""The fast path of sheet reading: python-calamine (Rust) where it gives exactly the cells that
`sheetxml.SheetParser` would.

calamine reads cell values several times faster than expat with Python handlers, but reads a
whole sheet (dense) and the whole shared-strings table, and cannot tell number formats,
formulas, error values or hidden rows. So it is used only for a sheet whose raw XML, scanned in
C first, shows none of those (cells formatted as a percentage are found by a pattern on the same
XML), whose size and extent are in bounds, and whose numbers are plain; anything else goes
through `sheetxml.SheetParser`. The tests check both paths against the openpyxl reference reader.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import allocation.workbook.sheetxml as sheetxml
from allocation.workbook.sheetxml import Grid, SheetEntry, column_index

FAST_MAX_BYTES = 32 * 1024 * 1024
_EXACT = float(2**53)
# Plain substrings first (memmem is fast); a false alarm only costs the slower path.
_FAST_REFUSE_TOKENS = (
    b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/",  # formulas: a missing cached value matters
    b't="e"', b"t='e'", b't="d"', b"t='d'",  # Excel error values, ISO dates
    b"hidden",  # hidden rows or columns: warned about
    b"mergeCell",  # merged cells: reported
    b"rPh",  # phonetic runs: left out of the text
)
_FAST_REFUSE = tuple(re.compile(p) for p in (
    rb"_x[0-9A-Fa-f]{4}_",  # escaped characters: decoded by `sheetxml.unescape`
    rb"<v>[^<]*(?:[eEnNiI]|\.0*<)",  # exponents, NaN, inf, "15.0": read exactly as openpyxl
    rb"<v>[+-]?\d{16}",  # integers beyond a double's precision
))
_FAST_REFUSE_STRINGS = tuple(re.compile(p) for p in (
    rb"rPh\b", rb"_x[0-9A-Fa-f]{4}_", rb"<(?:\w+:)?r[\s>]", rb":si\b",
))
_CELL_STYLE = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?\bs="(\d+)"')
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_WIDE_3 = re.compile(rb'<c r="[A-Z]{3}')
_WIDE_2 = re.compile(rb'<c r="([A-Z]{2})\d')


def _style_pattern(styles: set[int]) -> re.Pattern[bytes]:
    return re.compile(rb'\bs="(?:' + b"|".join(str(s).encode() for s in sorted(styles))
                      + rb')"')



class CalamineReader:
    """python-calamine on one package, for the sheets where it is exact (`grid`)."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile, shared_strings_part: str | None,
                 date_styles: set[int], percent_styles: set[int], styles: int) -> None:
        self.data = data
        self.archive = archive
        self.shared_strings_part = shared_strings_part
        self.date_styles = date_styles
        self.percent_styles = percent_styles
        self.styles = styles  # how many cell styles the workbook declares
        self._calamine: Any = None
        self._strings_ok: bool | None = None

    def grid(self, entry: SheetEntry, max_rows: int) -> Grid | None:
        """The sheet's cells, or None when calamine cannot give exactly those of `SheetParser`."""
        info = self.archive.getinfo(entry.part)
        if info.file_size > FAST_MAX_BYTES or not self._strings_plain():
            return None
        xml = self.archive.read(entry.part)
        if b"<sheetData" not in xml or any(t in xml for t in _FAST_REFUSE_TOKENS) or \
                any(p.search(xml) for p in _FAST_REFUSE):
            return None
        if self.date_styles and _style_pattern(self.date_styles).search(xml):
            return None
        if max((int(n) for n in set(_CELL_STYLE.findall(xml))), default=0) >= self.styles:
            return None  # a style the workbook does not declare: `SheetParser` words it
        percent = set()
        if self.percent_styles:  # every <c> starts with r= (checked below), s= comes after it
            cell = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bs="(?:'
                              + b"|".join(str(i).encode() for i in sorted(self.percent_styles))
                              + rb')"')
            percent = {(int(row), column_index(col.decode())) for col, row in cell.findall(xml)}
        cells = xml.count(b"<c ") + xml.count(b"<c>")
        row_elements = xml.count(b"<row ") + xml.count(b"<row>")
        if cells > sheetxml.MAX_SHEET_CELLS or cells != xml.count(b'<c r="') or \
                row_elements > max_rows + 2 or row_elements != xml.count(b'<row r="'):
            return None
        last_row = max((int(r) for r in _ROW_NUMBER.findall(xml)), default=0)
        if _WIDE_3.search(xml):
            last_col = 16_384
        elif _WIDE_2.search(xml):
            last_col = max(column_index(c.decode()) for c in _WIDE_2.findall(xml))
        else:
            last_col = 26
        if last_row * last_col > sheetxml.MAX_SHEET_CELLS:
            return None
        del xml
        try:
            sheet = self._calamine_book().get_sheet_by_name(entry.title)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception:  # noqa: BLE001 - whatever calamine cannot do, expat does
            return None
        grid = Grid(entry.title)
        content = 0
        for r, row in enumerate(rows, start=1):
            out: dict[int, Any] = {}
            for c, v in enumerate(row, start=1):
                if v == "":
                    continue
                kind = type(v)
                if kind is float:
                    if v.is_integer() and -_EXACT < v < _EXACT:
                        v = int(v)  # openpyxl reads "15" as an int; calamine gives 15.0
                elif kind is not str and kind is not bool:
                    return None  # a date: calamine decided by format, openpyxl may differ
                out[c] = v
            if out:
                grid.cells[r] = out
                grid.max_row = r
                grid.max_col = max(grid.max_col, max(out))
                if r > 1 and any(type(v) is not str or v.strip() for v in out.values()):
                    content += 1
        grid.truncated = content > max_rows
        grid.percent = {rc for rc in percent if grid.value(*rc) is not None}
        return grid

    def _strings_plain(self) -> bool:
        """calamine reads the whole shared-strings table: only when small and plain."""
        if self.shared_strings_part is None:
            return True
        ok = self._strings_ok
        if ok is None:
            info = self.archive.getinfo(self.shared_strings_part)
            ok = info.file_size <= FAST_MAX_BYTES
            if ok:
                sst = self.archive.read(self.shared_strings_part)
                ok = not any(p.search(sst) for p in _FAST_REFUSE_STRINGS)
            self._strings_ok = ok
        return ok

    def _calamine_book(self) -> Any:
        if self._calamine is None:
            from python_calamine import CalamineWorkbook

            self._calamine = CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        return self._calamine

