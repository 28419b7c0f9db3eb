"""The xlsx package read directly and in bounds: workbook structure, styles, shared strings, sheets.

Only what the reader needs is parsed: `xl/workbook.xml` and its relationships (sheet titles,
states and parts, external links), `xl/styles.xml` (which cell styles are dates, durations or
percentages), the sheets the reader asks for, and of the shared-strings table only the entries
those sheets use. Sheets are streamed with expat, never held as a tree; a sheet stops being read
after `max_rows` rows with content (the caller's limit + 1, so "too many" is still known), and
a sheet with more than `MAX_SHEET_CELLS` cells is refused. Entity declarations were refused by
the container check before; expat here refuses any DOCTYPE again.

Values follow openpyxl's reading (`openpyxl.worksheet._reader.WorkSheetParser.parse_cell` with
`data_only=True`), so the app's reader and the openpyxl reference reader see the same cells: the
tests compare them on every workbook of the test suite and on generated ones.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from allocation.domain import InputIssue, WorkbookError
from allocation.workbook.container import _refuse

MAX_SHEET_CELLS = 1_000_000  # cells read per sheet (10.000 parks x 19 columns is 190.000)
MAX_CELL_CHARS = 1_000_000  # one text; Excel's own limit is 32.767 (reported per cell)
MAX_STRING_XML = 8 * 1024 * 1024  # one shared-strings entry as XML
MAX_PART_BYTES = 50 * 1024 * 1024  # structural parts (workbook, rels, styles) read whole
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHUNK = 1 << 20

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_NONFINITE = re.compile(r"\s*[+-]?(?:nan|inf(?:inity)?)\s*", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')


class _Stop(Exception):
    """Raised inside expat handlers to stop reading a sheet early."""


def unreadable(err: BaseException) -> WorkbookError:
    """The refusal for a file that looks like a workbook but cannot be parsed."""
    return _refuse(
        "Het bestand lijkt een Excel-werkmap, maar kan niet worden gelezen "
        f"({type(err).__name__}). Open het in een spreadsheetprogramma en sla het opnieuw op "
        "als .xlsx.",
        f"The file looks like an Excel workbook but cannot be read ({type(err).__name__}). "
        "Open it in a spreadsheet program and save it again as .xlsx.",
    )


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _no_doctype(*_args: Any) -> None:
    raise ValueError("DOCTYPE")


def _parser() -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _no_doctype
    p.EntityDeclHandler = _no_doctype
    return p


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _elements(xml: bytes, tags: set[str]) -> Iterable[tuple[str, dict[str, str]]]:
    """(local tag, attributes) of the elements named `tags` of a part, in document order."""
    out: list[tuple[str, dict[str, str]]] = []
    p = _parser()

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local in tags:
            out.append((local, attrs))

    p.StartElementHandler = start
    p.Parse(xml, True)
    return out


def _too_long(where_nl: str, where_en: str) -> WorkbookError:
    return _refuse(
        f"{where_nl} bevat een tekst van meer dan {MAX_CELL_CHARS:,} tekens; zo'n werkboek "
        "wordt niet gelezen. Verwijder of verkort die tekst.".replace(",", "."),
        f"{where_en} holds a text of more than {MAX_CELL_CHARS:,} characters; such a workbook "
        "is not read. Remove or shorten that text.")


def _attr(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix (r:id, relationships:id)."""
    for key, value in attrs.items():
        if key == local or key.endswith(":" + local):
            return value
    return None


@dataclass(frozen=True)
class SheetEntry:
    title: str
    state: str  # visible | hidden | veryHidden
    part: str
    chart: bool


@dataclass(frozen=True)
class _Style:
    date: bool = False
    timedelta: bool = False
    percent: bool = False


@dataclass
class Grid:
    """The cells of one sheet as the spreadsheet stores them (1-based rows and columns)."""

    title: str
    cells: dict[int, dict[int, Any]] = field(default_factory=dict)  # only non-empty values
    errors: set[tuple[int, int]] = field(default_factory=set)  # Excel error values
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # no cached value
    percent: set[tuple[int, int]] = field(default_factory=set)  # formatted as a percentage
    merged: list[Any] = field(default_factory=list)  # openpyxl CellRange objects
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)  # (min, max)
    hidden_rows: set[int] = field(default_factory=set)
    max_row: int = 1
    max_col: int = 1
    truncated: bool = False  # stopped after the row limit: the sheet has more rows
    nonfinite: list[InputIssue] = field(default_factory=list)

    def value(self, r: int, c: int) -> Any:
        row = self.cells.get(r)
        return None if row is None else row.get(c)


class _SharedRef:
    """A shared-string index, resolved after all needed sheets are read."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class Package:
    """An xlsx (already checked by `container`) opened for bounded reading."""

    def __init__(self, data: bytes, *, fast: bool = True) -> None:
        self.data = data
        self.fast = fast  # allow `_fast_grid` (python-calamine) where it gives the same cells
        self._calamine: Any = None
        self._strings_ok: bool | None = None
        self.archive = zipfile.ZipFile(io.BytesIO(data))  # BytesIO shares the bytes
        self.names = set(self.archive.namelist())
        self.sheets: list[SheetEntry] = []
        self.external_links: list[str] = []
        self.has_macros = any(n.lower().endswith("vbaproject.bin") for n in self.names)
        self.epoch_1904 = False
        self.styles: list[_Style] = [_Style()]
        self.date_styles: set[int] = set()  # cells in these styles: the fast path steps aside
        self.percent_styles: set[int] = set()
        self.shared_strings_part: str | None = None
        try:
            self._read_workbook()
            self._read_styles()
        except WorkbookError:
            raise
        except Exception as err:  # noqa: BLE001 - any structural failure becomes a sentence
            raise unreadable(err) from None

    # structure -----------------------------------------------------------------------------
    def _part(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise _refuse(
                f"Het onderdeel '{name}' van het bestand is onredelijk groot; het bestand is "
                "geweigerd. Sla het werkboek opnieuw op in een spreadsheetprogramma.",
                f"Part '{name}' of the file is unreasonably large; the file was refused. Save "
                "the workbook again in a spreadsheet program.")
        return self.archive.read(name)

    def _rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationship id -> (type, part name or external target, target mode)."""
        folder, _sep, base = part.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels_name not in self.names:
            return {}
        out: dict[str, tuple[str, str, str]] = {}
        for tag, attrs in _elements(self._part(rels_name), {"Relationship"}):
            if tag != "Relationship":
                continue
            target = attrs.get("Target", "")
            mode = attrs.get("TargetMode", "")
            if mode != "External":
                target = _join(folder, target)
            out[attrs.get("Id", "")] = (attrs.get("Type", ""), target, mode)
        return out

    def _read_workbook(self) -> None:
        book = "xl/workbook.xml"
        if book not in self.names:
            book = next(n for n in self.names if n.lower() == "xl/workbook.xml")
        rels = self._rels(book)
        for rel_type, target, _mode in rels.values():
            if rel_type.endswith("/sharedStrings") and target in self.names:
                self.shared_strings_part = target
        if self.shared_strings_part is None and "xl/sharedStrings.xml" in self.names:
            self.shared_strings_part = "xl/sharedStrings.xml"
        for tag, attrs in _elements(self._part(book),
                                    {"workbookPr", "sheet", "externalReference"}):
            if tag == "workbookPr":
                self.epoch_1904 = attrs.get("date1904", "") in ("1", "true")
            elif tag == "sheet":
                rid = _attr(attrs, "id")
                if not rid or rid not in rels:
                    continue
                rel_type, target, _mode = rels[rid]
                if target not in self.names:
                    continue
                self.sheets.append(SheetEntry(attrs.get("name", ""),
                                              attrs.get("state", "visible"), target,
                                              "chartsheet" in rel_type))
            elif tag == "externalReference":
                rid = _attr(attrs, "id")
                if rid and rid in rels:
                    self.external_links.append(self._external_target(rels[rid][1]))

    def _external_target(self, part: str) -> str:
        """The linked file of an externalLink part, as written in the workbook."""
        try:
            for rel_type, target, _mode in self._rels(part).values():
                if rel_type.endswith("/externalLinkPath") or "externalLink" in rel_type:
                    return target
        except Exception:  # noqa: BLE001 - a damaged link part still names the part
            pass
        return part

    def _read_styles(self) -> None:
        """Per cell style (xf index): date, duration or percentage, as openpyxl decides."""
        from allocation.workbook.numfmt import (
            BUILTIN_FORMATS,
            BUILTIN_FORMATS_MAX_SIZE,
            is_date_format,
            is_timedelta_format,
        )

        if "xl/styles.xml" not in self.names:
            return
        custom: dict[int, str] = {}
        xfs: list[int] = []
        in_cell_xfs = False
        p = _parser()

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal in_cell_xfs
            tag = _local(name)
            if tag == "numFmt":
                custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                in_cell_xfs = True
            elif tag == "xf" and in_cell_xfs:
                xfs.append(int(attrs.get("numFmtId", 0)))

        def end(name: str) -> None:
            nonlocal in_cell_xfs
            if _local(name) == "cellXfs":
                in_cell_xfs = False

        p.StartElementHandler = start
        p.EndElementHandler = end
        p.Parse(self._part("xl/styles.xml"), True)
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
            styles.append(_Style(
                date=bool(code) and is_date_format(code),
                timedelta=bool(code) and is_timedelta_format(code),
                percent="%" in _QUOTED.sub("", shown),
            ))
        self.styles = styles or [_Style()]
        self.date_styles = {i for i, s in enumerate(self.styles) if s.date}
        self.percent_styles = {i for i, s in enumerate(self.styles) if s.percent}

    # sheets --------------------------------------------------------------------------------
    def grid(self, entry: SheetEntry, max_rows: int) -> Grid:
        """Stream one sheet; stop after `max_rows` rows with content below the header."""
        fast = self._fast_grid(entry, max_rows) if self.fast else None
        if fast is not None:
            return fast
        reader = _SheetParser(self, entry.title, max_rows)
        try:
            with self.archive.open(entry.part) as stream:
                reader.feed(stream)
        except (WorkbookError, _Stop):
            raise
        except Exception as err:  # noqa: BLE001 - a damaged sheet becomes a sentence
            raise unreadable(err) from None
        return reader.finish()

    def resolve_strings(self, grids: Iterable[Grid]) -> None:
        """Replace shared-string references by their text, reading only the entries used."""
        grids = list(grids)
        wanted: set[int] = set()
        for g in grids:
            for row in g.cells.values():
                for v in row.values():
                    if isinstance(v, _SharedRef):
                        wanted.add(v.index)
        if not wanted:
            return
        if self.shared_strings_part is None:
            raise unreadable(IndexError("shared strings"))
        try:
            texts = _shared_strings(self.archive, self.shared_strings_part, wanted)
        except WorkbookError:
            raise
        except Exception as err:  # noqa: BLE001
            raise unreadable(err) from None
        for g in grids:
            for r, row in g.cells.items():
                for c, v in list(row.items()):
                    if isinstance(v, _SharedRef):
                        if v.index not in texts:
                            raise unreadable(IndexError("list index out of range"))
                        text = texts[v.index]
                        row[c] = text
                        if text == "" and (r, c) in g.percent:
                            g.percent.discard((r, c))


    # the fast path ------------------------------------------------------------------------
    def _fast_grid(self, entry: SheetEntry, max_rows: int) -> Grid | None:
        """The sheet's cells through python-calamine (Rust), or None when it cannot be exact.

        calamine reads cell values several times faster than expat with Python handlers, but
        reads a whole sheet (dense) and the whole shared-strings table, and cannot tell number
        formats, formulas, error values or hidden rows. So it is used only for a sheet whose
        raw XML, scanned in C first, shows none of those (cells formatted as a percentage are
        found by a pattern on the same XML), whose size and extent are in bounds, and whose
        numbers are plain; anything else goes through `_SheetParser`. The tests check both
        paths against the openpyxl reference reader.
        """
        info = self.archive.getinfo(entry.part)
        if info.file_size > FAST_MAX_BYTES or not self._fast_strings_ok():
            return None
        xml = self.archive.read(entry.part)
        if b"<sheetData" not in xml or any(t in xml for t in _FAST_REFUSE_TOKENS) or \
                any(p.search(xml) for p in _FAST_REFUSE):
            return None
        if self.date_styles and _style_pattern(self.date_styles).search(xml):
            return None
        percent = set()
        if self.percent_styles:  # every <c> starts with r= (checked below), s= comes after it
            cell = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bs="(?:'
                              + b"|".join(str(i).encode() for i in sorted(self.percent_styles))
                              + rb')"')
            percent = {(int(row), _column_index(col.decode())) for col, row in cell.findall(xml)}
        cells = xml.count(b"<c ") + xml.count(b"<c>")
        row_elements = xml.count(b"<row ") + xml.count(b"<row>")
        if cells > MAX_SHEET_CELLS or cells != xml.count(b'<c r="') or \
                row_elements > max_rows + 2 or row_elements != xml.count(b'<row r="'):
            return None
        last_row = max((int(r) for r in _ROW_NUMBER.findall(xml)), default=0)
        if _WIDE_3.search(xml):
            last_col = 16_384
        elif _WIDE_2.search(xml):
            last_col = max(_column_index(c.decode()) for c in _WIDE_2.findall(xml))
        else:
            last_col = 26
        if last_row * last_col > MAX_SHEET_CELLS:
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

    def _fast_strings_ok(self) -> bool:
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
    rb"_x[0-9A-Fa-f]{4}_",  # escaped characters: openpyxl keeps them as written
    rb"<v>[^<]*(?:[eEnNiI]|\.0*<)",  # exponents, NaN, inf, "15.0": read exactly as openpyxl
    rb"<v>[+-]?\d{16}",  # integers beyond a double's precision
))
_FAST_REFUSE_STRINGS = tuple(re.compile(p) for p in (
    rb"rPh\b", rb"_x[0-9A-Fa-f]{4}_", rb"<(?:\w+:)?r[\s>]", rb":si\b",
))
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_WIDE_3 = re.compile(rb'<c r="[A-Z]{3}')
_WIDE_2 = re.compile(rb'<c r="([A-Z]{2})\d')


def _style_pattern(styles: set[int]) -> re.Pattern[bytes]:
    return re.compile(rb'\bs="(?:' + b"|".join(str(s).encode() for s in sorted(styles))
                      + rb')"')


def _join(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in f"{folder}/{target}".split("/") if p not in ("", ".")] if folder else \
        [p for p in target.split("/") if p not in ("", ".")]
    out: list[str] = []
    for part in parts:
        if part == "..":
            if out:
                out.pop()
        else:
            out.append(part)
    return "/".join(out)


class _SheetParser:
    """expat handlers for one worksheet; see `Package.grid`."""

    def __init__(self, package: Package, title: str, max_rows: int) -> None:
        from allocation.workbook.numfmt import MAC_EPOCH, WINDOWS_EPOCH

        self.grid = Grid(title)
        self.styles = package.styles
        self.epoch = MAC_EPOCH if package.epoch_1904 else WINDOWS_EPOCH
        self.max_rows = max_rows
        self.content_rows: set[int] = set()
        self.cells_read = 0
        self.row = 0
        self.col = 0
        self.p = p = _parser()
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        self.text: list[str] = []
        self.chars = 0
        self.tags: dict[str, str] = {}
        # the cell being read
        self.r = self.c = 0
        self.t = "n"
        self.s = 0
        self.v: str | None = None
        self.f: dict[str, str] | None = None
        self.f_text: str | None = None
        self.inline: list[str] | None = None
        self.in_cell = False
        self.in_rph = False
        self.col_dims: dict[int, tuple[int, int, bool]] = {}
        self.shared_masters: dict[str, tuple[str, str]] = {}

    def feed(self, stream: Any) -> None:
        try:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                self.p.Parse(chunk, False)
            self.p.Parse(b"", True)
        except _Stop:
            self.grid.truncated = True

    def tag(self, name: str) -> str:
        local = self.tags.get(name)
        if local is None:
            local = self.tags[name] = _local(name)
        return local

    def collect(self) -> None:
        self.text = []
        self.chars = 0
        self.p.CharacterDataHandler = self.take

    def take(self, data: str) -> None:
        self.chars += len(data)
        if self.chars > MAX_CELL_CHARS:
            raise _too_long(f"Blad '{self.grid.title}'", f"Sheet '{self.grid.title}'")
        self.text.append(data)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.tags.get(name) or self.tag(name)
        if tag == "c":
            self.cells_read += 1
            if self.cells_read > MAX_SHEET_CELLS:
                raise _refuse(
                    f"Blad '{self.grid.title}' bevat meer dan {MAX_SHEET_CELLS:,} cellen en is "
                    "te groot om te lezen. Verwijder lege of opgemaakte rijen en kolommen die "
                    "niet nodig zijn.".replace(",", "."),
                    f"Sheet '{self.grid.title}' holds more than {MAX_SHEET_CELLS:,} cells and is "
                    "too large to read. Remove empty or formatted rows and columns that are not "
                    "needed.", self.grid.title)
            ref = attrs.get("r")
            if ref:
                m = _REF.match(ref)
                if m is None:
                    raise ValueError(f"bad cell reference {ref!r}")
                self.c = self.col = _column_index(m.group(1))
                self.r = int(m.group(2))
            else:
                self.col += 1
                self.r, self.c = self.row, self.col
            self.t = attrs.get("t", "n")
            s = attrs.get("s")
            self.s = int(s) if s else 0
            self.v = None
            self.f = None
            self.f_text = None
            self.inline = None
            self.in_cell = True
        elif tag == "v":
            self.collect()
        elif tag == "row":
            r = attrs.get("r")
            if r is not None:
                try:
                    self.row = int(r)
                except ValueError:
                    val = float(r)
                    if not val.is_integer():
                        raise ValueError(f"{r} is not a valid row number") from None
                    self.row = int(val)
            else:
                self.row += 1
            self.col = 0
            hidden = attrs.get("hidden")
            if hidden is not None and _true(hidden):
                self.grid.hidden_rows.add(self.row)
        elif tag == "f" and self.in_cell:
            self.f = attrs
            self.collect()
        elif tag == "is" and self.in_cell:
            self.inline = []
        elif tag == "t" and self.inline is not None and not self.in_rph:
            self.collect()
        elif tag == "rPh":
            self.in_rph = True
        elif tag == "col":
            lo = int(attrs["min"])
            hi = int(attrs.get("max", lo))
            self.col_dims[lo] = (lo, hi, _true(attrs.get("hidden", "")))
        elif tag == "mergeCell":
            from openpyxl.worksheet.cell_range import CellRange

            self.grid.merged.append(CellRange(attrs["ref"]))

    def end(self, name: str) -> None:
        tag = self.tags.get(name) or self.tag(name)
        if tag == "c":
            self.in_cell = False
            self.cell()
        elif tag == "v":
            self.v = "".join(self.text)
            self.p.CharacterDataHandler = None
        elif tag == "f" and self.f is not None:
            self.f_text = "".join(self.text)
            self.p.CharacterDataHandler = None
        elif tag == "t" and self.inline is not None and not self.in_rph:
            self.inline.append("".join(self.text))
            self.p.CharacterDataHandler = None
        elif tag == "rPh":
            self.in_rph = False

    def cell(self) -> None:
        """One finished <c>: its value as openpyxl (data_only) gives it."""
        r, c, t, grid = self.r, self.c, self.t, self.grid
        value: Any
        error = False
        if t == "inlineStr":
            value = "".join(self.inline) if self.inline is not None else None
        else:
            value = self.v or None
        if value is not None and t != "inlineStr" and value[:1] in " +-nNiI\t\r\n" and \
                _NONFINITE.fullmatch(value):
            token = value.strip()
            ref = f"{column_letter(c)}{r}"
            grid.nonfinite.append(InputIssue(
                grid.title, r, None, token,
                f"Cel {ref} bevat {token}, geen geldig getal. Vul een getal in.",
                f"Cell {ref} holds {token}, not a valid number. Enter a number."))
            return
        if value is not None:
            if t == "n":
                value = float(value) if ("." in value or "E" in value or "e" in value) \
                    else int(value)
                style = self.styles[self.s]
                if style.date:
                    from allocation.workbook.numfmt import from_excel

                    try:
                        value = from_excel(value, self.epoch, timedelta=style.timedelta)
                    except (OverflowError, ValueError):
                        value, error = "#VALUE!", True
            elif t == "s":
                value = _SharedRef(int(value))
            elif t == "b":
                value = bool(int(value))
            elif t == "d":
                from allocation.workbook.numfmt import from_ISO8601

                value = from_ISO8601(value)
            elif t == "e":
                error = True
        else:
            self.styles[self.s]  # noqa: B018 - an unknown style fails as in openpyxl
        if self.f is not None:
            formula = self.formula_text(value is None)
            if value is None:
                grid.formulas[(r, c)] = formula
                self.note_size(r, c)
                self.content(r)
                return
        if value is None:
            self.note_size(r, c)
            return
        row = grid.cells.get(r)
        if row is None:
            row = grid.cells[r] = {}
        row[c] = value
        if error:
            grid.errors.add((r, c))
        if self.styles[self.s].percent:
            grid.percent.add((r, c))
        self.note_size(r, c)
        if type(value) is not str or value.strip():
            self.content(r)

    def content(self, r: int) -> None:
        """Row `r` has something in it: stop once there are more such rows than allowed."""
        if r > 1 and r not in self.content_rows:
            self.content_rows.add(r)
            if len(self.content_rows) > self.max_rows:
                raise _Stop

    def note_size(self, r: int, c: int) -> None:
        if r > self.grid.max_row:
            self.grid.max_row = r
        if c > self.grid.max_col:
            self.grid.max_col = c

    def formula_text(self, needed: bool) -> str:
        """The formula as openpyxl shows it ("=..."), shared formulas translated to the cell.

        Called for every formula, so that the first cell of a shared formula is remembered
        even when it has a cached value; the text itself is only worked out when `needed`.
        """
        attrs = self.f or {}
        kind = attrs.get("t")
        text = "=" + (self.f_text or "")
        if kind == "dataTable":
            return ""
        if kind == "shared":
            si = attrs.get("si", "")
            ref = f"{column_letter(self.c)}{self.r}"
            if si in self.shared_masters:
                if not needed:
                    return ""
                from openpyxl.formula.translate import Translator

                master, origin = self.shared_masters[si]
                return str(Translator(master, origin).translate_formula(ref))
            if text != "=":
                self.shared_masters[si] = (text, ref)
        return text

    def finish(self) -> Grid:
        grid = self.grid
        grid.hidden_cols = [(lo, hi) for lo, hi, hidden in self.col_dims.values() if hidden]
        for rng in grid.merged:  # openpyxl empties every merged cell but the top-left one
            for r in range(rng.min_row, rng.max_row + 1):
                row = grid.cells.get(r)
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) == (rng.min_row, rng.min_col):
                        continue
                    if row is not None:
                        row.pop(c, None)
                    grid.formulas.pop((r, c), None)
        return grid


def _true(text: str) -> bool:
    """openpyxl's reading of an xsd:boolean attribute."""
    return bool(text) and text not in ("false", "f", "0")


def _shared_strings(archive: zipfile.ZipFile, part: str, wanted: set[int]) -> dict[int, str]:
    """The wanted entries of the shared-strings table, streaming and skipping the rest fast.

    Entries are counted with `bytes.count` on the raw XML (in C); only the stretches that hold a
    wanted index are parsed. Text is joined as openpyxl does: <t> and the <t> of every rich-text
    run, not the phonetic runs (<rPh>), then "x005F_" removed.
    """
    ordered = sorted(wanted)
    last = ordered[-1]
    found: dict[int, str] = {}
    index = 0  # index of the first <si> in `pending`
    pending = b""
    head: bytes | None = None
    prefix = b""
    with archive.open(part) as stream:
        while index <= last:
            chunk = stream.read(_CHUNK)
            data = pending + chunk
            if head is None:
                m = re.search(rb"<((?:[\w.-]+:)?)sst\b[^>]*>", data)
                if m is None:
                    if not chunk:
                        break
                    if len(data) > MAX_STRING_XML:
                        raise _too_long(*_SST_NAME)
                    pending = data
                    continue
                head, prefix = m.group(0), m.group(1)
                if head.endswith(b"/>"):
                    break
                data = data[m.end():]
            close = b"</" + prefix + b"si>"
            cut = data.rfind(close)
            if chunk and cut < 0:
                if len(data) > MAX_STRING_XML:
                    raise _too_long(*_SST_NAME)
                pending = data
                continue
            complete = data if not chunk else data[:cut + len(close)]
            pending = b"" if not chunk else data[cut + len(close):]
            count = _count_si(complete, prefix)
            first = bisect.bisect_left(ordered, index)
            if first < len(ordered) and ordered[first] < index + count:
                end_tag = b"</" + prefix + b"sst>"
                body = complete.split(end_tag, 1)[0]
                for i, text in enumerate(_si_texts(head + body + end_tag), start=index):
                    if i in wanted:
                        found[i] = text
            index += count
            if not chunk:
                break
    return found


_SST_NAME = ("De tabel met gedeelde teksten", "The shared-strings table")


def _count_si(data: bytes, prefix: bytes) -> int:
    opening = b"<" + prefix + b"si"
    return sum(data.count(opening + end) for end in (b">", b" ", b"/", b"\t", b"\n", b"\r"))


def _si_texts(xml: bytes) -> list[str]:
    texts: list[str] = []
    parts: list[str] = []
    buf: list[str] = []
    in_rph = 0
    p = _parser()

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal in_rph
        tag = _local(name)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            in_rph += 1
        elif tag == "t" and not in_rph:
            buf.clear()
            p.CharacterDataHandler = buf.append

    def end(name: str) -> None:
        nonlocal in_rph
        tag = _local(name)
        if tag == "si":
            texts.append("".join(parts).replace("x005F_", ""))
        elif tag == "rPh":
            in_rph -= 1
        elif tag == "t" and not in_rph:
            parts.append("".join(buf))
            p.CharacterDataHandler = None

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.Parse(xml, True)
    return texts
