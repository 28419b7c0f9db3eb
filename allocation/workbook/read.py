"""Stages 2 and 3 of reading: openpyxl loads the workbook, `_Reader` turns each sheet into rows.

openpyxl reads the values as cached by the spreadsheet program (a second load with formulas only
when the file has formulas, to find formulas without a saved result). Every problem is collected
as an `InputIssue` in the user's words.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allocation.domain import (
    MAX_PARKS,
    InputIssue,
    LoadedWorkbook,
    Monitoring,
    Scenario,
    WorkbookError,
)
from allocation.workbook.cells import _EURO_TEXT, _ID_RE, BAD
from allocation.workbook.container import _check_container, _refuse, _source_bytes
from allocation.workbook.monitoring import parse_round
from allocation.workbook.spec import (
    _COL_LOOKUP,
    _SHEET_LOOKUP,
    INFO_SHEETS,
    MAX_TEXT,
    PARKS,
    SHEETS,
    Col,
    SheetSpec,
    _fmt_num,
    _norm,
    _shown,
)
from allocation.workbook.validate import _build

if TYPE_CHECKING:  # openpyxl loads lazily: `import allocation` stays cheap
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


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
        raise _refuse(
            "Het bestand lijkt een Excel-werkmap, maar kan niet worden gelezen "
            f"({type(err).__name__}). Open het in een spreadsheetprogramma en sla het opnieuw op "
            "als .xlsx.",
            f"The file looks like an Excel workbook but cannot be read ({type(err).__name__}). "
            "Open it in a spreadsheet program and save it again as .xlsx.",
        ) from None


# -- stage 3: sheets to rows ----------------------------------------------------------------
@dataclass
class _Row:
    number: int
    values: dict[str, Any]  # canonical column -> parsed value (only non-empty, valid cells)
    bad: bool = False  # some cell of this row was reported
    percent: frozenset[str] = frozenset()  # columns whose cell is formatted as a percentage


@dataclass
class _Table:
    sheet: str  # the title as in the user's file
    spec: SheetSpec
    headers: dict[str, str]  # canonical column -> header as written
    rows: list[_Row]


class _Reader:
    def __init__(self, wb: Workbook, wb_formulas: Workbook | None) -> None:
        self.wb = wb
        self.wb_f = wb_formulas
        self.errors: list[InputIssue] = []
        self.warnings: list[InputIssue] = []
        self.monitoring: Monitoring | None = None  # set by validate._build when present

    # issues --------------------------------------------------------------------------------
    def err(self, sheet: str, row: int | None, column: str | None, value: Any, nl: str,
            en: str) -> None:
        shown = None if value is None else _shown(value)
        self.errors.append(InputIssue(sheet, row, column, shown, nl, en))

    def warn(self, sheet: str, row: int | None, column: str | None, nl: str, en: str) -> None:
        self.warnings.append(InputIssue(sheet, row, column, None, nl, en, severity="warning"))

    # sheets --------------------------------------------------------------------------------
    def pick_sheets(self) -> dict[str, Worksheet]:
        found: dict[str, list[Worksheet]] = {s.name: [] for s in SHEETS}
        for ws in self.wb.worksheets:
            spec = _SHEET_LOOKUP.get(_norm(ws.title))
            hidden = ws.sheet_state != "visible"
            if spec is None:
                if _norm(ws.title) in INFO_SHEETS:
                    continue
                if hidden:
                    self.warn(ws.title, None, None,
                              f"Verborgen blad '{ws.title}' wordt genegeerd.",
                              f"Hidden sheet '{ws.title}' is ignored.")
                else:
                    self.warn(ws.title, None, None,
                              f"Onbekend blad '{ws.title}' wordt genegeerd.",
                              f"Unknown sheet '{ws.title}' is ignored.")
                continue
            found[spec.name].append(ws)
        for chart in getattr(self.wb, "chartsheets", []):
            self.warn(chart.title, None, None,
                      f"Grafiekblad '{chart.title}' wordt genegeerd.",
                      f"Chart sheet '{chart.title}' is ignored.")
        chosen: dict[str, Worksheet] = {}
        for spec in SHEETS:
            sheets = found[spec.name]
            visible = [w for w in sheets if w.sheet_state == "visible"]
            hidden = [w for w in sheets if w.sheet_state != "visible"]
            names = f"'{spec.nl}' / '{spec.name}'"
            if len(visible) > 1:
                titles = " en ".join(f"'{w.title}'" for w in visible)
                titles_en = " and ".join(f"'{w.title}'" for w in visible)
                self.err(visible[1].title, None, None, None,
                         f"De bladen {titles} betekenen allebei {names}; houd er één over.",
                         f"Sheets {titles_en} both mean {names}; keep only one.")
                continue
            if visible:
                chosen[spec.name] = visible[0]
                for w in hidden:
                    self.warn(w.title, None, None,
                              f"Verborgen blad '{w.title}' wordt genegeerd; blad "
                              f"'{visible[0].title}' wordt gebruikt.",
                              f"Hidden sheet '{w.title}' is ignored; sheet "
                              f"'{visible[0].title}' is used.")
            elif hidden and spec.required:
                chosen[spec.name] = hidden[0]
                self.warn(hidden[0].title, None, None,
                          f"Blad '{hidden[0].title}' is verborgen, maar verplicht; het wordt "
                          "toch gelezen.",
                          f"Sheet '{hidden[0].title}' is hidden but required; it is read "
                          "anyway.")
            elif hidden:
                self.warn(hidden[0].title, None, None,
                          f"Verborgen blad '{hidden[0].title}' wordt genegeerd; de "
                          "standaardwaarden gelden.",
                          f"Hidden sheet '{hidden[0].title}' is ignored; the defaults apply.")
            elif spec.required:
                self.err(spec.nl, None, None, None,
                         f"Het verplichte blad '{spec.nl}' (of '{spec.name}') ontbreekt.",
                         f"The required sheet '{spec.name}' (or '{spec.nl}') is missing.")
        return chosen

    def formula_ws(self, ws: Worksheet) -> Worksheet | None:
        if self.wb_f is None:
            return None
        try:
            return self.wb_f[ws.title]
        except KeyError:
            return None

    # cells ---------------------------------------------------------------------------------
    def raw(self, ws: Worksheet, ws_f: Worksheet | None, sheet: str, r: int, c: int,
            column: str, dates: bool = False) -> Any:
        """The cell's value, or None when empty, or BAD after reporting a problem."""
        cell = ws.cell(row=r, column=c)
        value = cell.value
        ref = f"{cell.column_letter}{r}" if hasattr(cell, "column_letter") else f"R{r}C{c}"
        if value is None and ws_f is not None:
            fcell = ws_f.cell(row=r, column=c)
            formula = fcell.value
            if fcell.data_type == "f" or (formula is not None and not isinstance(
                    formula, str | int | float | bool | _dt.datetime | _dt.date | _dt.time)):
                text = formula if isinstance(formula, str) else getattr(formula, "text", "")
                self.err(sheet, r, column, text or "(formule)",
                         f"Cel {ref} bevat een formule zonder opgeslagen uitkomst. Open het "
                         "bestand in een spreadsheetprogramma (Excel, LibreOffice) en sla het op, "
                         "zodat de uitkomsten worden berekend.",
                         f"Cell {ref} holds a formula without a saved result. Open the file in "
                         "a spreadsheet program (Excel, LibreOffice) and save it, so the results "
                         "are calculated.")
                return BAD
        if value is None:
            return None
        if cell.data_type == "e":  # a text cell "#N/A" (typed with ') is just text
            self.err(sheet, r, column, value,
                     f"Cel {ref} bevat de Excel-foutwaarde {value}; herstel de formule of vul "
                     "een waarde in.",
                     f"Cell {ref} holds the Excel error value {value}; fix the formula or enter "
                     "a value.")
            return BAD
        if isinstance(value, float) and not math.isfinite(value):
            self.err(sheet, r, column, value,
                     f"Cel {ref} bevat {value!r}, geen geldig getal.",
                     f"Cell {ref} holds {value!r}, not a valid number.")
            return BAD
        if isinstance(value, _dt.datetime | _dt.date | _dt.time | _dt.timedelta) and not (
                dates and isinstance(value, _dt.date)):  # a date column takes date cells
            self.err(sheet, r, column, value,
                     f"Cel {ref} bevat een datum of tijd; verwacht wordt een getal of tekst. "
                     "Geef de cel de opmaak 'Standaard'.",
                     f"Cell {ref} holds a date or time; a number or text is expected. Give the "
                     "cell the 'General' format.")
            return BAD
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                self.err(sheet, r, column, value,
                         f"Cel {ref} bevat {len(value)} tekens; hoogstens {MAX_TEXT} zijn "
                         "toegestaan.",
                         f"Cell {ref} holds {len(value)} characters; at most {MAX_TEXT} are "
                         "allowed.")
                return BAD
            value = value.strip()
            if value == "":
                return None
        return value

    def is_percent(self, ws: Worksheet, r: int, c: int) -> bool:
        number_format = re.sub(r'"[^"]*"', "", ws.cell(row=r, column=c).number_format or "")
        return "%" in number_format

    def parse(self, col: Col, value: Any, sheet: str, r: int, header: str,
              percent: bool) -> Any:
        """Typed value of a non-empty cell, or BAD after reporting a problem."""
        kind, lo, hi, lo_open = col.kind, col.lo, col.hi, col.lo_open
        if kind == "bool":
            return self.parse_bool(value, sheet, r, header)
        if kind == "date":
            return parse_round(self, value, sheet, r, header)
        if kind in ("text", "id"):
            return self.parse_text(col, kind, value, sheet, r, header)
        num = self.parse_number(value, sheet, r, header, share=(kind == "share"))
        if num is BAD:
            return BAD
        if kind == "share":
            lo = 0.0 if lo is None else lo
            hi = 1.0 if hi is None else hi
            if num > 1 and not percent and num <= 100:
                self.err(sheet, r, header, value,
                         f"Een aandeel is een getal van 0 tot en met 1; {_fmt_num(num)} is te "
                         f"groot. Bedoelt u {_fmt_num(num / 100)}? (Of geef de cel de opmaak "
                         "percentage.)",
                         f"A share is a number from 0 to 1; {_fmt_num(num)} is too large. Did "
                         f"you mean {_fmt_num(num / 100)}? (Or format the cell as a "
                         "percentage.)")
                return BAD
        if kind == "int":
            if float(num) != int(num):
                self.err(sheet, r, header, value,
                         f"Verwacht een geheel getal; {_fmt_num(num)} heeft decimalen.",
                         f"A whole number is expected; {_fmt_num(num)} has decimals.")
                return BAD
            num = int(num)
        too_low = lo is not None and (num <= lo if lo_open else num < lo)
        too_high = hi is not None and num > hi
        if too_low or too_high:
            low_nl = (f"groter dan {_fmt_num(lo)}" if lo_open else f"minstens {_fmt_num(lo)}"
                      ) if lo is not None else ""
            low_en = (f"greater than {_fmt_num(lo)}" if lo_open else f"at least {_fmt_num(lo)}"
                      ) if lo is not None else ""
            parts_nl = [p for p in (low_nl, f"hoogstens {_fmt_num(hi)}" if hi is not None
                                    else "") if p]
            parts_en = [p for p in (low_en, f"at most {_fmt_num(hi)}" if hi is not None
                                    else "") if p]
            self.err(sheet, r, header, value,
                     f"Waarde {_fmt_num(num)} ligt buiten het toegestane bereik: "
                     f"{' en '.join(parts_nl)}.",
                     f"Value {_fmt_num(num)} is out of range: it must be "
                     f"{' and '.join(parts_en)}.")
            return BAD
        return num

    def parse_number(self, value: Any, sheet: str, r: int, header: str,
                     share: bool = False) -> Any:
        if isinstance(value, bool):
            self.err(sheet, r, header, value,
                     f"Verwacht een getal, gevonden de waarheidswaarde {value}.",
                     f"A number is expected, found the boolean {value}.")
            return BAD
        if isinstance(value, int | float):
            return value
        text = str(value).strip()
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity", "oneindig"):
            self.err(sheet, r, header, value,
                     f"'{text}' is geen geldig getal.", f"'{text}' is not a valid number.")
            return BAD
        m = _EURO_TEXT.match(text)
        if m:
            return int(m.group(1).replace(".", ""))
        if text.endswith("%"):
            hint_nl = hint_en = ""
            try:
                pct = float(text[:-1].strip().replace(",", "."))
                hint_nl = f" Typ {_fmt_num(pct / 100)}"
                hint_en = f" Type {_fmt_num(pct / 100)}"
            except ValueError:
                pass
            self.err(sheet, r, header, value,
                     f"Een percentage als tekst wordt niet gelezen.{hint_nl or ' Typ een getal'}"
                     " in de cel, of een getal met de opmaak percentage.",
                     f"A percentage written as text is not read.{hint_en or ' Type a number'} "
                     "in the cell, or a number formatted as a percentage.")
            return BAD
        self.err(sheet, r, header, value,
                 "Verwacht een getal, gevonden tekst. Typ het getal in de cel (bijv. 12500 of "
                 "€ 12.500 voor hele euro's); tekst als '12.5' of '1.234,56' is dubbelzinnig.",
                 "A number is expected, found text. Type the number in the cell (e.g. 12500 or "
                 "€ 12.500 for whole euros); text like '12.5' or '1.234,56' is ambiguous.")
        return BAD

    def parse_bool(self, value: Any, sheet: str, r: int, header: str) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in ("ja", "yes", "true", "waar", "1", "x", "j", "y"):
            return True
        if text in ("nee", "no", "false", "onwaar", "0", "n"):
            return False
        self.err(sheet, r, header, value,
                 "Verwacht ja of nee (ook: waar/onwaar, 1/0, x of leeg).",
                 "Expected yes or no (also: ja/nee, true/false, 1/0, x or empty).")
        return BAD

    def parse_text(self, col: Col, kind: str, value: Any, sheet: str, r: int,
                   header: str) -> Any:
        if isinstance(value, bool):
            text = "TRUE" if value else "FALSE"
        elif isinstance(value, int):
            text = str(value)
        elif isinstance(value, float):
            text = str(int(value)) if value.is_integer() else repr(value)
        else:
            text = str(value)
        if len(text) > col.max_len:
            self.err(sheet, r, header, text,
                     f"Tekst van {len(text)} tekens; hoogstens {col.max_len} zijn toegestaan.",
                     f"Text of {len(text)} characters; at most {col.max_len} are allowed.")
            return BAD
        if kind == "id" and not _ID_RE.match(text):
            self.err(sheet, r, header, text,
                     "Een code mag alleen letters (zonder accenten), cijfers, '-', '_' en '.' "
                     "bevatten, zonder spaties.",
                     "A code may only contain letters (without accents), digits, '-', '_' and "
                     "'.', without spaces.")
            return BAD
        return text

    # tables --------------------------------------------------------------------------------
    def table(self, ws: Worksheet, spec: SheetSpec) -> _Table | None:
        sheet = ws.title
        ws_f = self.formula_ws(ws)
        max_row, max_col = ws.max_row, ws.max_column
        headers: dict[str, str] = {}
        positions: dict[str, int] = {}
        header_cells = [ws.cell(row=1, column=c).value for c in range(1, max_col + 1)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in header_cells):
            self.err(sheet, 1, None, None,
                     f"Blad '{sheet}' heeft geen kopregel: zet de kolomnamen in rij 1 (zie het "
                     "sjabloon).",
                     f"Sheet '{sheet}' has no header row: put the column names in row 1 (see "
                     "the template).")
            return None
        lookup = _COL_LOOKUP[spec.name]
        from openpyxl.utils import get_column_letter

        for c, value in enumerate(header_cells, start=1):
            letter = get_column_letter(c)
            if value is None or (isinstance(value, str) and not value.strip()):
                has_data = any(ws.cell(row=r, column=c).value not in (None, "")
                               for r in range(2, max_row + 1))
                if has_data:
                    self.warn(sheet, None, letter,
                              f"Kolom {letter} heeft waarden maar geen kolomnaam; de kolom wordt "
                              "genegeerd.",
                              f"Column {letter} has values but no name; it is ignored.")
                continue
            written = str(value).strip()
            col = lookup.get(_norm(value))
            if col is None:
                self.warn(sheet, None, written,
                          f"Onbekende kolom '{written}' wordt genegeerd.",
                          f"Unknown column '{written}' is ignored.")
                continue
            if col.name in headers:
                first = headers[col.name]
                self.err(sheet, 1, written, written,
                         f"Kolom '{written}' (kolom {letter}) komt twee keer voor (ook als "
                         f"'{first}', kolom {get_column_letter(positions[col.name])}); "
                         "houd er één over.",
                         f"Column '{written}' (column {letter}) appears twice (also as "
                         f"'{first}', column {get_column_letter(positions[col.name])}); keep "
                         "only one.")
                continue
            headers[col.name] = written
            positions[col.name] = c
        ok = True
        for col in spec.columns:
            if col.required and col.name not in headers:
                ok = False
                self.err(sheet, 1, col.nl, None,
                         f"Verplichte kolom '{col.nl}' (of '{col.name}') ontbreekt. {col.help_nl}",
                         f"Required column '{col.name}' (or '{col.nl}') is missing.")
        for merged in ws.merged_cells.ranges:
            span = (f"{merged.min_row}" if merged.min_row == merged.max_row
                    else f"{merged.min_row}-{merged.max_row}")
            self.err(sheet, merged.min_row, None, str(merged.coord),
                     f"Samengevoegde cellen {merged.coord} (rij {span}): maak de samenvoeging "
                     "ongedaan en vul elke cel apart in.",
                     f"Merged cells {merged.coord} (rows {span}): unmerge them and fill in every "
                     "cell.")
            ok = False
        hidden_cols = []
        for dim in ws.column_dimensions.values():
            if dim.hidden and dim.min is not None:
                for name, pos in positions.items():
                    if dim.min <= pos <= (dim.max or dim.min):
                        hidden_cols.append(headers[name])
        if hidden_cols:
            self.warn(sheet, None, ", ".join(hidden_cols),
                      f"Verborgen kolommen worden gewoon gelezen: {', '.join(hidden_cols)}.",
                      f"Hidden columns are read like any other: {', '.join(hidden_cols)}.")
        if not ok:
            return None
        limit = MAX_PARKS if spec is PARKS else 10_000
        rows: list[_Row] = []
        hidden_rows: list[int] = []
        count = 0
        other_cols = [c for c in range(1, max_col + 1) if c not in positions.values()]
        # only shares (and setting values) read the cell format: it is slow to look up
        percent_cols = [n for n in positions if spec.col(n).kind in ("share", "any")]
        for r in range(2, max_row + 1):
            raw: dict[str, Any] = {}
            failed: set[str] = set()
            for name, c in positions.items():
                value = self.raw(ws, ws_f, sheet, r, c, headers[name],
                                 dates=spec.col(name).kind == "date")
                if value is BAD:
                    failed.add(name)
                elif value is not None:
                    raw[name] = value
            if not raw and not failed and not any(
                ws.cell(row=r, column=c).value not in (None, "") for c in other_cols
            ):
                continue  # a fully empty row
            count += 1
            if count > limit:
                continue
            if ws.row_dimensions[r].hidden:
                hidden_rows.append(r)
            values: dict[str, Any] = {}
            percent = frozenset(n for n in percent_cols if self.is_percent(ws, r, positions[n]))
            for name, value in raw.items():
                col = spec.col(name)
                if col.kind == "any":
                    values[name] = value
                    continue
                parsed = self.parse(col, value, sheet, r, headers[name], name in percent)
                if parsed is BAD:
                    failed.add(name)
                else:
                    values[name] = parsed
            for col in spec.columns:
                if col.required and col.name in headers and col.name not in raw \
                        and col.name not in failed:
                    failed.add(col.name)
                    self.err(sheet, r, headers[col.name], None,
                             f"Lege cel; hier is een waarde verplicht. {col.help_nl}",
                             "Empty cell; a value is required here.")
            rows.append(_Row(r, values, bad=bool(failed), percent=percent))
        if count > limit:
            what = "terreinen" if spec is PARKS else "rijen"
            self.err(sheet, None, None, str(count),
                     f"Het blad heeft {count} {what}; hoogstens {limit} zijn toegestaan.",
                     f"The sheet has {count} {'parks' if spec is PARKS else 'rows'}; at most "
                     f"{limit} are allowed.")
        if hidden_rows:
            shown = ", ".join(str(r) for r in hidden_rows[:10]) + (
                " …" if len(hidden_rows) > 10 else "")
            self.warn(sheet, hidden_rows[0], None,
                      f"Verborgen rijen worden gewoon gelezen: rij {shown}.",
                      f"Hidden rows are read like any other: row {shown}.")
        return _Table(sheet, spec, headers, rows)


def read_workbook(src: str | Path | bytes, source_name: str | None = None) -> LoadedWorkbook:
    """Read and validate an input workbook; raise `WorkbookError` listing every problem.

    `src` is a path or the file's bytes; `source_name` (default: the file name) is kept as the
    scenario's `source`. Warnings (unknown sheets or columns, hidden parts, ...) come back with
    the scenario, or inside the error.
    """
    data, name = _source_bytes(src)
    info = _check_container(data)
    wb = _open(data, data_only=True)
    wb_f = _open(data, data_only=False) if info.has_formulas else None
    reader = _Reader(wb, wb_f)
    try:
        scenario = _read(reader, source_name or name)
    except WorkbookError:
        raise
    except Exception as err:  # noqa: BLE001 - a safety net: the user gets a sentence
        reader.errors.append(InputIssue(
            "", None, None, None,
            f"Het werkboek kon niet volledig worden gelezen ({type(err).__name__}: {err}). "
            "Vergelijk het met het sjabloon, of sla het opnieuw op als .xlsx.",
            f"The workbook could not be read completely ({type(err).__name__}: {err}). "
            "Compare it with the template, or save it again as .xlsx."))
        scenario = None
    if reader.errors or scenario is None:
        if not reader.errors:  # pragma: no cover - defensive: never fail silently
            reader.errors.append(InputIssue("", None, None, None,
                                            "Het werkboek kon niet worden gelezen.",
                                            "The workbook could not be read."))
        raise WorkbookError(reader.errors, reader.warnings)
    return LoadedWorkbook(scenario=scenario, warnings=reader.warnings,
                          monitoring=reader.monitoring)


def _read(reader: _Reader, source: str) -> Scenario | None:
    chosen = reader.pick_sheets()
    tables: dict[str, _Table | None] = {}
    for spec in SHEETS:
        if spec.name in chosen:
            tables[spec.name] = reader.table(chosen[spec.name], spec)
    # build even when a required sheet failed, so the user sees every problem at once
    scenario = _build(reader, tables, source)
    if any(spec.required and tables.get(spec.name) is None for spec in SHEETS):
        return None
    return scenario


def load_workbook(src: str | Path | bytes) -> Scenario:
    """Like `read_workbook`, without the warnings."""
    return read_workbook(src).scenario
