"""The xlsx package opened for bounded reading: parts, relationships, workbook structure, styles.

Only what the reader needs is read: the package relationships and the workbook part they name
(sheet titles, states and parts, external links), the styles (which cell styles are dates,
durations or percentages), then the sheets the reader asks for, each streamed by
`sheetxml.SheetParser` (or read by `fastgrid.CalamineReader` where that gives the same cells),
and of the shared-strings table only the entries those sheets use (`sheetxml.shared_strings`).
Structural parts are read whole only up to `MAX_PART_BYTES`.

Where the parts are is found through the package's relationships (`opc`), wherever the
writer put them, in any spelling of their names.

Imports point down: `ooxml` -> `fastgrid` -> `sheetxml` -> `container` -> `opc`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

from allocation.domain import WorkbookError
from allocation.workbook.container import refuse
from allocation.workbook.fastgrid import CalamineReader
from allocation.workbook.opc import (
    PartNames,
    elements,
    find_workbook,
    local_name,
    relationships,
    rels_part,
    resolve,
    xml_parser,
)
from allocation.workbook.sheetxml import (
    MAX_PART_BYTES,
    Damaged,
    Grid,
    SharedRef,
    SheetEntry,
    SheetParser,
    Stop,
    Style,
    attr,
    column_letter,
    shared_strings,
    unreadable,
)

_QUOTED = re.compile(r'"[^"]*"')
_LAST_ROW = re.compile(r":\$?[A-Za-z]{1,3}\$?(\d+)$")

__all__ = ["Package", "Grid", "SheetEntry", "column_letter", "MAX_PART_BYTES"]

class Package:
    """An xlsx (already checked by `container`) opened for bounded reading."""

    def __init__(self, data: bytes, *, fast: bool = True) -> None:
        self.data = data
        self.fast = fast  # allow `fastgrid` (python-calamine) where it gives the same cells
        self._fast: CalamineReader | None = None
        self.archive = zipfile.ZipFile(io.BytesIO(data))  # BytesIO shares the bytes
        self.names = set(self.archive.namelist())
        self.parts = PartNames(self.names)  # part name in any spelling -> zip member
        self.sheets: list[SheetEntry] = []
        self.external_links: list[str] = []
        self.has_macros = any(n.lower().endswith("vbaproject.bin") for n in self.names)
        self.epoch_1904 = False
        self.recalc = False  # fullCalcOnLoad: cached formula results were not calculated
        self.styles: list[Style] = [Style()]
        self.date_styles: set[int] = set()  # cells in these styles: the fast path steps aside
        self.percent_styles: set[int] = set()
        self.shared_strings_part: str | None = None  # zip members, as are the sheets' parts
        self.styles_part: str | None = None
        self._reading: str | None = None  # the structural part being read, for a message
        try:
            self._read_workbook()
            self._read_styles()
        except WorkbookError:
            raise
        except Exception as err:  # noqa: BLE001 - any structural failure becomes a sentence
            raise unreadable(err, self._reading) from None

    # structure -----------------------------------------------------------------------------
    def _part(self, name: str) -> bytes:
        self._reading = name
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise refuse(
                f"Het onderdeel '{name}' van het bestand is onredelijk groot; het bestand is "
                "geweigerd. Sla het werkboek opnieuw op in een spreadsheetprogramma.",
                f"Part '{name}' of the file is unreasonably large; the file was refused. Save "
                "the workbook again in a spreadsheet program.")
        return self.archive.read(name)

    def _rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationship id -> (type, zip member or external target, target mode) of `part`;
        a relationship to a part the package does not hold keeps its part name."""
        rels_name = self.parts.member(rels_part(part))
        if rels_name is None:
            return {}
        out: dict[str, tuple[str, str, str]] = {}
        for rid, rel_type, target, mode in relationships(self._part(rels_name), part):
            if mode != "External":
                target = self.parts.member(target) or target
            out[rid] = (rel_type, target, mode)
        return out

    def _read_workbook(self) -> None:
        """The workbook part, found through the package relationships wherever it is
        (`opc.find_workbook`), and the parts it names: sheets, shared strings, styles."""
        book = find_workbook(self.archive, self.parts)
        if book is None:  # the container check refuses such a file first
            raise unreadable(Damaged("het bestand heeft geen werkmap-onderdeel",
                                     "the file has no workbook part"))
        rels = self._rels(book)
        for rel_type, target, _mode in rels.values():
            if target not in self.names:
                continue
            if rel_type.endswith("/sharedStrings"):
                self.shared_strings_part = target
            elif rel_type.endswith("/styles"):
                self.styles_part = target
        # without a relationship, the parts where every writer puts them, beside the workbook
        if self.shared_strings_part is None:
            self.shared_strings_part = self.parts.member(resolve(book, "sharedStrings.xml"))
        if self.styles_part is None:
            self.styles_part = self.parts.member(resolve(book, "styles.xml"))
        for tag, attrs in elements(self._part(book),
                                    {"workbookPr", "sheet", "externalReference", "calcPr"}):
            if tag == "workbookPr":
                self.epoch_1904 = attrs.get("date1904", "") in ("1", "true")
            elif tag == "calcPr":
                self.recalc = attrs.get("fullCalcOnLoad", "") in ("1", "true")
            elif tag == "sheet":
                rid = attr(attrs, "id")
                if not rid or rid not in rels:
                    continue
                rel_type, target, _mode = rels[rid]
                if target not in self.names:
                    continue
                self.sheets.append(SheetEntry(attrs.get("name", ""),
                                              attrs.get("state", "visible"), target,
                                              "chartsheet" in rel_type))
            elif tag == "externalReference":
                rid = attr(attrs, "id")
                if rid and rid in rels:
                    self.external_links.append(self._external_target(rels[rid][1]))

    def _external_target(self, part: str) -> str:
        """The linked file of an externalLink part, as written in the workbook: the target of
        its link-path relationship (ECMA's externalLinkPath, or Microsoft's
        xlExternalLinkPath/xlPathMissing), else of any external relationship it has."""
        try:
            rels = list(self._rels(part).values())
        except Exception:  # noqa: BLE001 - a damaged link part still names the part
            return part
        for rel_type, target, _mode in rels:
            if "externallinkpath" in rel_type.lower() and target:
                return target
        for _type, target, mode in rels:
            if mode == "External" and target:
                return target
        return part

    def _read_styles(self) -> None:
        """Per cell style (xf index): date, duration or percentage, as openpyxl decides."""
        from allocation.workbook.numfmt import (
            BUILTIN_FORMATS,
            BUILTIN_FORMATS_MAX_SIZE,
            is_date_format,
            is_timedelta_format,
        )

        if self.styles_part is None:
            return
        custom: dict[int, str] = {}
        xfs: list[int] = []
        in_cell_xfs = False
        p = xml_parser()

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal in_cell_xfs
            tag = local_name(name)
            if tag == "numFmt":
                custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                in_cell_xfs = True
            elif tag == "xf" and in_cell_xfs:
                xfs.append(int(attrs.get("numFmtId", 0)))

        def end(name: str) -> None:
            nonlocal in_cell_xfs
            if local_name(name) == "cellXfs":
                in_cell_xfs = False

        p.StartElementHandler = start
        p.EndElementHandler = end
        p.Parse(self._part(self.styles_part), True)
        styles = []
        for num_fmt in xfs:
            code: str | None
            if num_fmt in custom:
                code = custom[num_fmt]
            elif num_fmt < BUILTIN_FORMATS_MAX_SIZE:
                code = BUILTIN_FORMATS.get(num_fmt)
            else:
                code = None
            shown = code if code is not None else "General"
            styles.append(Style(
                date=bool(code) and is_date_format(code),
                timedelta=bool(code) and is_timedelta_format(code),
                percent="%" in _QUOTED.sub("", shown),
            ))
        self.styles = styles or [Style()]
        self.date_styles = {i for i, s in enumerate(self.styles) if s.date}
        self.percent_styles = {i for i, s in enumerate(self.styles) if s.percent}

    # sheets --------------------------------------------------------------------------------
    def grid(self, entry: SheetEntry, max_rows: int) -> Grid:
        """Stream one sheet; stop after `max_rows` rows with content below the header."""
        grid = self._cells(entry, max_rows)
        grid.totals_rows = self._totals_rows(entry.part)
        return grid

    def _cells(self, entry: SheetEntry, max_rows: int) -> Grid:
        if self.fast:
            if self._fast is None:
                self._fast = CalamineReader(self.data, self.archive, self.shared_strings_part,
                                            self.date_styles, self.percent_styles,
                                            len(self.styles))
            fast = self._fast.grid(entry, max_rows)
            if fast is not None:
                return fast
        reader = SheetParser(self.styles, self.epoch_1904, entry.title, max_rows,
                             self.recalc)
        try:
            with self.archive.open(entry.part) as stream:
                reader.feed(stream)
        except (WorkbookError, Stop):
            raise
        except Exception as err:  # noqa: BLE001 - a damaged sheet becomes a sentence
            raise unreadable(err, entry.part) from None
        return reader.finish()

    def _totals_rows(self, sheet_part: str) -> set[int]:
        """The totals rows of the sheet's Excel tables (`totalsRowCount` rows at their end)."""
        rows: set[int] = set()
        try:
            rels = self._rels(sheet_part)
            for rel_type, target, mode in rels.values():
                if mode == "External" or not rel_type.endswith("/table") or \
                        target not in self.names:
                    continue
                for _tag, attrs in elements(self._part(target), {"table"}):
                    count = int(attrs.get("totalsRowCount", "0") or 0)
                    m = _LAST_ROW.search(attrs.get("ref", ""))
                    if count > 0 and m:
                        last = int(m.group(1))
                        rows.update(range(last - count + 1, last + 1))
        except WorkbookError:
            raise
        except Exception as err:  # noqa: BLE001 - a damaged table part becomes a sentence
            raise unreadable(err, sheet_part) from None
        return rows

    def resolve_strings(self, grids: Iterable[Grid]) -> None:
        """Replace shared-string references by their text, reading only the entries used."""
        grids = list(grids)
        wanted: set[int] = set()
        for g in grids:
            for row in g.cells.values():
                for v in row.values():
                    if isinstance(v, SharedRef):
                        wanted.add(v.index)
        if not wanted:
            return
        if self.shared_strings_part is None:
            raise unreadable(Damaged(
                "de cellen verwijzen naar gedeelde teksten, maar het bestand heeft geen tabel "
                "met gedeelde teksten",
                "cells refer to shared strings, but the file has no shared-strings table"))
        try:
            with self.archive.open(self.shared_strings_part) as stream:
                texts = shared_strings(stream, wanted)
        except WorkbookError:
            raise
        except Exception as err:  # noqa: BLE001
            raise unreadable(err, self.shared_strings_part) from None
        for g in grids:
            for r, row in g.cells.items():
                for c, v in list(row.items()):
                    if isinstance(v, SharedRef):
                        if v.index not in texts:
                            raise unreadable(Damaged(
                                f"een cel van blad '{g.title}' verwijst naar gedeelde tekst "
                                f"{v.index}, die in de tabel met gedeelde teksten ontbreekt",
                                f"a cell of sheet '{g.title}' refers to shared string "
                                f"{v.index}, which the shared-strings table does not hold"))
                        text = texts[v.index]
                        row[c] = text
                        if text == "" and (r, c) in g.percent:
                            g.percent.discard((r, c))
