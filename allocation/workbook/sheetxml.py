"""Sheet and shared-strings XML, parsed with expat in bounds, into `Grid`s of cells.

`SheetParser` streams one worksheet part (never a tree): a sheet stops being read after
`max_rows` rows with content (the caller's limit + 1, so "too many" is still known), and a sheet
with more than `MAX_SHEET_CELLS` cells is refused. `shared_strings` reads only the entries of the
shared-strings table that the chosen sheets use. Entity declarations were refused by the
container check before; expat here refuses any DOCTYPE again.

Values follow openpyxl's reading (`openpyxl.worksheet._reader.WorkSheetParser.parse_cell` with
`data_only=True`), so the app's reader and the openpyxl reference reader see the same cells: the
tests compare them on every workbook of the test suite and on generated ones.

This module knows nothing of the zip package (`ooxml.Package` opens the parts and hands their
streams here); it imports only `container.refuse`, `opc` (expat without DOCTYPE) and
`numfmt`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from allocation.domain import InputIssue, WorkbookError
from allocation.workbook.container import refuse
from allocation.workbook.opc import local_name, xml_parser

MAX_SHEET_CELLS = 1_000_000  # cells read per sheet (10.000 parks x 19 columns is 190.000)
MAX_CELL_CHARS = 1_000_000  # one text; Excel's own limit is 32.767 (reported per cell)
MAX_STRING_XML = 8 * 1024 * 1024  # one shared-strings entry as XML
MAX_PART_BYTES = 50 * 1024 * 1024  # structural parts (workbook, rels, styles) read whole
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHUNK = 1 << 20

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_NONFINITE = re.compile(r"\s*[+-]?(?:nan|inf(?:inity)?)\s*", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')


class Stop(Exception):
    """Raised inside expat handlers to stop reading a sheet early."""


class Damaged(Exception):
    """A workbook part that breaks a rule of the format, described in the user's words."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl, self.en = nl, en


def describe_damage(err: BaseException, part: str | None) -> tuple[str, str]:
    """What is wrong, in the user's words (never the name of a Python exception)."""
    if isinstance(err, Damaged):
        return err.nl, err.en
    where_nl = f"het onderdeel '{part}'" if part else "een onderdeel"
    where_en = f"part '{part}'" if part else "a part"
    if isinstance(err, expat.ExpatError):
        code = getattr(err, "code", None)
        if code in (expat.errors.codes.get(expat.errors.XML_ERROR_INCORRECT_ENCODING),
                    expat.errors.codes.get(expat.errors.XML_ERROR_UNKNOWN_ENCODING)) or \
                "encoding" in str(err):
            return (f"{where_nl} heeft een tekencodering die niet klopt of die een werkmap niet "
                    "gebruikt (bijvoorbeeld UTF-16)",
                    f"{where_en} has a character encoding that is wrong or that workbooks do not "
                    "use (for example UTF-16)")
        line = getattr(err, "lineno", None)
        return (f"{where_nl} is geen geldige XML" + (f" (regel {line})" if line else ""),
                f"{where_en} is not valid XML" + (f" (line {line})" if line else ""))
    return (f"{where_nl} heeft een opbouw die niet aan het xlsx-formaat voldoet",
            f"{where_en} is not built the way the xlsx format prescribes")


def unreadable(err: BaseException, part: str | None = None) -> WorkbookError:
    """The refusal for a file that looks like a workbook but cannot be parsed: what is wrong and
    what to do, in the user's words."""
    what_nl, what_en = describe_damage(err, part)
    return refuse(
        f"Het bestand lijkt een Excel-werkmap, maar is beschadigd: {what_nl}. Open het in een "
        "spreadsheetprogramma (Excel, LibreOffice) en sla het opnieuw op als .xlsx; lukt dat "
        "niet, vraag dan de maker van het bestand om een nieuw exemplaar.",
        f"The file looks like an Excel workbook but is damaged: {what_en}. Open it in a "
        "spreadsheet program (Excel, LibreOffice) and save it again as .xlsx; if that fails, "
        "ask whoever made the file for a new copy.",
    )


def column_index(letters: str) -> int:
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


def _too_long(where_nl: str, where_en: str) -> WorkbookError:
    return refuse(
        f"{where_nl} bevat een tekst van meer dan {MAX_CELL_CHARS:,} tekens; zo'n werkboek "
        "wordt niet gelezen. Verwijder of verkort die tekst.".replace(",", "."),
        f"{where_en} holds a text of more than {MAX_CELL_CHARS:,} characters; such a workbook "
        "is not read. Remove or shorten that text.")


def attr(attrs: dict[str, str], local: str) -> str | None:
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
class Style:
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
    # formulas with a cached value (their text where it may be shown: under `recalc`, or 0)
    cached: dict[tuple[int, int], str] = field(default_factory=dict)
    recalc: bool = False  # the workbook asks to be recalculated on load (fullCalcOnLoad)
    bad_dates: set[tuple[int, int]] = field(default_factory=set)  # a number no date can hold
    totals_rows: set[int] = field(default_factory=set)  # the totals rows of Excel tables

    def value(self, r: int, c: int) -> Any:
        row = self.cells.get(r)
        return None if row is None else row.get(c)


class SharedRef:
    """A shared-string index, resolved after all needed sheets are read."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index



class SheetParser:
    """expat handlers for one worksheet part: `feed` its stream, then `finish` gives the grid."""

    def __init__(self, styles: list[Style], epoch_1904: bool, title: str, max_rows: int,
                 recalc: bool = False) -> None:
        from allocation.workbook.numfmt import MAC_EPOCH, WINDOWS_EPOCH

        self.grid = Grid(title, recalc=recalc)
        self.recalc = recalc
        self.styles = styles
        self.epoch = MAC_EPOCH if epoch_1904 else WINDOWS_EPOCH
        self.max_rows = max_rows
        self.content_rows: set[int] = set()
        self.cells_read = 0
        self.row = 0
        self.col = 0
        self.p = p = xml_parser()
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
        self.section: str | None = None  # sheetData, cols or mergeCells while inside them

    def feed(self, stream: Any) -> None:
        try:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                self.p.Parse(chunk, False)
            self.p.Parse(b"", True)
        except Stop:
            self.grid.truncated = True

    def tag(self, name: str) -> str:
        local = self.tags.get(name)
        if local is None:
            local = self.tags[name] = local_name(name)
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
        section = self.section
        if section != "sheetData":
            # Cells, columns and merged ranges are read only inside their own sections: an
            # Excel form control's anchor (<xdr:from><xdr:col>..<xdr:row>..) or a drawing
            # elsewhere in the sheet part is never taken for a column or a row.
            if tag in _SECTIONS:
                self.section = tag
            elif section == "cols" and tag == "col":
                lo = int(attrs["min"])
                hi = int(attrs.get("max", lo))
                self.col_dims[lo] = (lo, hi, _true(attrs.get("hidden", "")))
            elif section == "mergeCells" and tag == "mergeCell":
                from openpyxl.worksheet.cell_range import CellRange

                self.grid.merged.append(CellRange(attrs["ref"]))
            return
        if tag == "c":
            self.cells_read += 1
            if self.cells_read > MAX_SHEET_CELLS:
                raise refuse(
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
                self.c = self.col = column_index(m.group(1))
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

    def end(self, name: str) -> None:
        tag = self.tags.get(name) or self.tag(name)
        if tag == self.section:
            self.section = None
        elif tag == "c":
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
            value = unescape("".join(self.inline)) if self.inline is not None else None
        else:
            value = self.v or None
            if value is not None and t == "str":
                value = unescape(value)
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
                style = self.style()
                if style.date:
                    from allocation.workbook.numfmt import from_excel

                    try:
                        value = from_excel(value, self.epoch, timedelta=style.timedelta)
                    except (OverflowError, ValueError):
                        value, error = "#VALUE!", True  # as openpyxl reads it
                        grid.bad_dates.add((r, c))
            elif t == "s":
                value = SharedRef(int(value))
            elif t == "b":
                value = bool(int(value))
            elif t == "d":
                from allocation.workbook.numfmt import from_ISO8601

                value = from_ISO8601(value)
            elif t == "e":
                error = True
        else:
            self.style()  # an unknown style fails, as in openpyxl
        if self.f is not None:
            zero = type(value) in (int, float) and value == 0
            formula = self.formula_text(value is None or self.recalc or zero)
            if value is None:
                grid.formulas[(r, c)] = formula
                self.note_size(r, c)
                self.content(r)
                return
            grid.cached[(r, c)] = formula
        if value is None:
            self.note_size(r, c)
            return
        row = grid.cells.get(r)
        if row is None:
            row = grid.cells[r] = {}
        row[c] = value
        if error:
            grid.errors.add((r, c))
        if self.style().percent:
            grid.percent.add((r, c))
        self.note_size(r, c)
        if type(value) is not str or value.strip():
            self.content(r)

    def style(self) -> Style:
        try:
            return self.styles[self.s]
        except IndexError:
            ref = f"{column_letter(self.c)}{self.r}"
            raise Damaged(
                f"cel {ref} van blad '{self.grid.title}' verwijst naar opmaakstijl {self.s}, "
                f"maar het bestand beschrijft er maar {len(self.styles)}",
                f"cell {ref} of sheet '{self.grid.title}' refers to cell style {self.s}, but "
                f"the file describes only {len(self.styles)}") from None

    def content(self, r: int) -> None:
        """Row `r` has something in it: stop once there are more such rows than allowed."""
        if r > 1 and r not in self.content_rows:
            self.content_rows.add(r)
            if len(self.content_rows) > self.max_rows:
                raise Stop

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


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel's `_xHHHH_` escapes decoded as Excel does: `_x000D_` is a carriage return, and
    `_x005F_` an underscore, so `_x005F_x000D_` is the text `_x000D_` itself."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_SECTIONS = frozenset({"sheetData", "cols", "mergeCells"})


def _true(text: str) -> bool:
    """openpyxl's reading of an xsd:boolean attribute."""
    return bool(text) and text not in ("false", "f", "0")


def shared_strings(stream: IO[bytes], wanted: set[int]) -> dict[int, str]:
    """The wanted entries of the shared-strings table, streaming and skipping the rest fast.

    Entries are counted with `bytes.count` on the raw XML (in C); only the stretches that hold a
    wanted index are parsed. Text is joined as openpyxl does: <t> and the <t> of every rich-text
    run, not the phonetic runs (<rPh>), then `_xHHHH_` escapes decoded (`unescape`).
    """
    ordered = sorted(wanted)
    last = ordered[-1]
    found: dict[int, str] = {}
    index = 0  # index of the first <si> in `pending`
    pending = b""
    head: bytes | None = None
    prefix = b""
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
            for i, text in enumerate(si_texts(head + body + end_tag), start=index):
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


def si_texts(xml: bytes) -> list[str]:
    texts: list[str] = []
    parts: list[str] = []
    buf: list[str] = []
    in_rph = 0
    p = xml_parser()

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal in_rph
        tag = local_name(name)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            in_rph += 1
        elif tag == "t" and not in_rph:
            buf.clear()
            p.CharacterDataHandler = buf.append

    def end(name: str) -> None:
        nonlocal in_rph
        tag = local_name(name)
        if tag == "si":
            texts.append(unescape("".join(parts)))
        elif tag == "rPh":
            in_rph -= 1
        elif tag == "t" and not in_rph:
            parts.append("".join(buf))
            p.CharacterDataHandler = None

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.Parse(xml, True)
    return texts
