"""Stages 2 and 3 of reading: the needed sheets streamed out of the xlsx, then rows to tables.

`read_workbook` checks the container (`container`), opens the package (`ooxml.Package`: workbook
structure and styles only), chooses the sheets by name (`Reader.choose`), streams just those
sheets with a row limit per sheet (`row_limit`: a sheet with too many rows is refused after
reading one row more than allowed) and a cell limit, resolves the shared strings they use, and
turns each sheet into rows (`Reader.table`); `assemble` has `validate.build_scenario` build the
scenario and `monitoring.monitoring_of` the monitoring sheets. Every problem is collected as an
`InputIssue` in the user's words. External links and macros are named in a warning; nothing in
them is opened or run.

This module is the top of the reading: it imports `container`, `ooxml`, `sheetxml`, `cells`,
`validate` and `monitoring`; none of them imports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from allocation.domain import (
    MAX_PARKS,
    InputIssue,
    LoadedWorkbook,
    Monitoring,
    Scenario,
    WorkbookError,
)
from allocation.workbook.cells import BAD, CellParser, Row, Table
from allocation.workbook.container import check_container, source_bytes
from allocation.workbook.monitoring import monitoring_of
from allocation.workbook.ooxml import Package
from allocation.workbook.sheetxml import Grid, SheetEntry, column_letter
from allocation.workbook.spec import (
    COL_LOOKUP,
    INFO_SHEETS,
    MAX_ROWS,
    MAX_TEXT,
    PARKS,
    SHEET_LOOKUP,
    SHEETS,
    Col,
    SheetSpec,
    norm_name,
)
from allocation.workbook.validate import build_scenario


def row_limit(spec: SheetSpec) -> int:
    """The most data rows a sheet may have (docs/contracts/WORKBOOK.md: at most 10.000 parks)."""
    return MAX_PARKS if spec is PARKS else MAX_ROWS


class GridSource(Protocol):
    """Where the reader gets sheets from: the xlsx itself (`ooxml.Package`) or openpyxl."""

    sheets: list[SheetEntry]

    def grid(self, entry: SheetEntry, max_rows: int) -> Grid: ...

    def resolve_strings(self, grids: Sequence[Grid]) -> None: ...


def read_workbook(src: str | Path | bytes, source_name: str | None = None) -> LoadedWorkbook:
    """Read and validate an input workbook; raise `WorkbookError` listing every problem.

    `src` is a path or the file's bytes; `source_name` (default: the file name) is kept as the
    scenario's `source`. Warnings (unknown sheets or columns, hidden parts, external links,
    macros, ...) come back with the scenario, or inside the error.
    """
    data, name = source_bytes(src)
    return read_bytes(data, source_name or name)


def read_bytes(data: bytes, source_name: str, *, fast: bool = True) -> LoadedWorkbook:
    """`read_workbook` on the file's bytes; `fast=False` never uses python-calamine (tests)."""
    check_container(data)
    package = Package(data, fast=fast)
    reader = Reader(package)
    reader.package_warnings(package)
    return assemble(reader, source_name)


def load_workbook(src: str | Path | bytes) -> Scenario:
    """Like `read_workbook`, without the warnings."""
    return read_workbook(src).scenario


class Reader(CellParser):
    def __init__(self, source: GridSource) -> None:
        super().__init__()
        self.source = source

    def package_warnings(self, package: Package) -> None:
        """External links and macros: named, never followed or run (docs/contracts/WORKBOOK.md, hard cases)."""
        for target in package.external_links:
            self.warn("", None, None,
                      f"Het werkboek verwijst naar een ander werkboek ({target}). Alleen de "
                      "waarden die in dit bestand zijn opgeslagen worden gelezen; de koppeling "
                      "wordt niet bijgewerkt. Controleer of die waarden actueel zijn, of "
                      "verbreek de koppeling (Gegevens > Koppelingen bewerken).",
                      f"The workbook links to another workbook ({target}). Only the values "
                      "saved in this file are read; the link is not updated. Check that those "
                      "values are current, or break the link (Data > Edit Links).")
        if package.has_macros:
            self.warn("", None, None,
                      "Het werkboek bevat macro's (VBA). Alleen de gegevens worden gelezen; "
                      "macro's worden nooit uitgevoerd.",
                      "The workbook contains macros (VBA). Only the data is read; macros are "
                      "never run.")

    # sheets --------------------------------------------------------------------------------
    def pick_sheets(self) -> dict[str, Grid]:
        """Choose the sheets by name, then stream only those (in bounds) into grids."""
        chosen = self.choose()
        grids = {spec.name: self.source.grid(chosen[spec.name], row_limit(spec))
                 for spec in SHEETS if spec.name in chosen}
        nonfinite = [issue for g in grids.values() for issue in g.nonfinite]
        if nonfinite:  # reported on their own, by cell, as the container check used to
            raise WorkbookError(nonfinite)
        self.source.resolve_strings(list(grids.values()))
        return grids

    def choose(self) -> dict[str, SheetEntry]:
        """The sheet used for each role, by name (Dutch or English) and visibility."""
        found: dict[str, list[SheetEntry]] = {s.name: [] for s in SHEETS}
        for ws in self.source.sheets:
            if ws.chart:
                continue
            spec = SHEET_LOOKUP.get(norm_name(ws.title))
            is_hidden = ws.state != "visible"
            if spec is None:
                if norm_name(ws.title) in INFO_SHEETS:
                    continue
                if is_hidden:
                    self.warn(ws.title, None, None,
                              f"Verborgen blad '{ws.title}' wordt genegeerd.",
                              f"Hidden sheet '{ws.title}' is ignored.")
                else:
                    self.warn(ws.title, None, None,
                              f"Onbekend blad '{ws.title}' wordt genegeerd.",
                              f"Unknown sheet '{ws.title}' is ignored.")
                continue
            found[spec.name].append(ws)
        for chart in (s for s in self.source.sheets if s.chart):
            self.warn(chart.title, None, None,
                      f"Grafiekblad '{chart.title}' wordt genegeerd.",
                      f"Chart sheet '{chart.title}' is ignored.")
        chosen: dict[str, SheetEntry] = {}
        for spec in SHEETS:
            sheets = found[spec.name]
            visible = [w for w in sheets if w.state == "visible"]
            hidden = [w for w in sheets if w.state != "visible"]
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

    # cells ---------------------------------------------------------------------------------
    def raw(self, grid: Grid, cells: dict[int, Any], sheet: str, r: int, c: int, letter: str,
            column: str, dates: bool = False, zeros: list[str] | None = None) -> Any:
        """The cell's value, or None when empty, or BAD after reporting a problem.

        A formula's cached value is used (docs/contracts/WORKBOOK.md, cell values), except a cached 0 in a
        workbook that asks to be recalculated on load (fullCalcOnLoad): that is the placeholder
        XlsxWriter and other libraries write for a result they never calculated, an error as a
        formula without a saved result is. A cached 0 in a money or count column of any other
        workbook (`zeros` collects those cells) is warned about once per column by `table`.
        """
        value = cells.get(c)
        formula = grid.cached.get((r, c)) if grid.cached else None
        if formula is not None and type(value) in (int, float) and value == 0:
            ref = f"{letter}{r}"
            if grid.recalc:
                self.err(sheet, r, column, formula or "(formule)",
                         f"Cel {ref} bevat een formule met als opgeslagen uitkomst 0, in een "
                         "bestand dat vraagt om opnieuw berekenen bij het openen: de uitkomst is "
                         "nooit berekend (zo schrijven programma's als XlsxWriter hun formules). "
                         "Open het bestand in Excel of LibreOffice, laat het opnieuw berekenen "
                         "en sla het op.",
                         f"Cell {ref} holds a formula whose saved result is 0, in a file that "
                         "asks to be recalculated when opened: the result was never calculated "
                         "(libraries such as XlsxWriter write formulas that way). Open the file "
                         "in Excel or LibreOffice, let it recalculate and save it.")
                return BAD
            if zeros is not None:
                zeros.append(ref)
        if value is None:
            formula = grid.formulas.get((r, c))
            if formula is None:
                return None
            ref = f"{letter}{r}"
            self.err(sheet, r, column, formula or "(formule)",
                     f"Cel {ref} bevat een formule zonder opgeslagen uitkomst. Open het "
                     "bestand in een spreadsheetprogramma (Excel, LibreOffice) en sla het op, "
                     "zodat de uitkomsten worden berekend.",
                     f"Cell {ref} holds a formula without a saved result. Open the file in "
                     "a spreadsheet program (Excel, LibreOffice) and save it, so the results "
                     "are calculated.")
            return BAD
        if grid.bad_dates and (r, c) in grid.bad_dates:
            ref = f"{letter}{r}"
            self.err(sheet, r, column, None,
                     f"Cel {ref} heeft de opmaak datum, maar het getal erin is geen bestaande "
                     "datum (het valt buiten de jaren 1900-9999). Geef de cel de opmaak "
                     "'Standaard' en vul het juiste getal in, of typ een datum.",
                     f"Cell {ref} is formatted as a date, but the number in it is no existing "
                     "date (it lies outside the years 1900-9999). Give the cell the 'General' "
                     "format and enter the right number, or type a date.")
            return BAD
        if (type(value) is float or type(value) is int) and (r, c) not in grid.errors \
                and -_INF < value < _INF:  # the common case, checked fast
            return value
        return self.check(sheet, r, column, f"{letter}{r}", value, (r, c) in grid.errors,
                          dates)

    # tables --------------------------------------------------------------------------------
    def table(self, grid: Grid, spec: SheetSpec) -> Table | None:
        sheet = grid.title
        max_col = grid.max_col
        headers: dict[str, str] = {}
        positions: dict[str, int] = {}
        header_cells = [grid.value(1, c) for c in range(1, max_col + 1)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in header_cells):
            self.err(sheet, 1, None, None,
                     f"Blad '{sheet}' heeft geen kopregel: zet de kolomnamen in rij 1 (zie het "
                     "sjabloon).",
                     f"Sheet '{sheet}' has no header row: put the column names in row 1 (see "
                     "the template).")
            return None
        lookup = COL_LOOKUP[spec.name]
        value: Any
        for c, value in enumerate(header_cells, start=1):
            letter = column_letter(c)
            if value is None or (isinstance(value, str) and not value.strip()):
                has_data = any(r > 1 and row.get(c) not in (None, "")
                               for r, row in grid.cells.items())
                if has_data:
                    self.warn(sheet, None, letter,
                              f"Kolom {letter} heeft waarden maar geen kolomnaam; de kolom wordt "
                              "genegeerd.",
                              f"Column {letter} has values but no name; it is ignored.")
                continue
            written = _LINE_BREAKS.sub(" ", str(value).strip())  # one line in a message
            col = lookup.get(norm_name(value))
            if col is None:
                self.warn(sheet, None, written,
                          f"Onbekende kolom '{written}' wordt genegeerd.",
                          f"Unknown column '{written}' is ignored.")
                continue
            if col.name in headers:
                first = headers[col.name]
                self.err(sheet, 1, written, written,
                         f"Kolom '{written}' (kolom {letter}) komt twee keer voor (ook als "
                         f"'{first}', kolom {column_letter(positions[col.name])}); "
                         "houd er één over.",
                         f"Column '{written}' (column {letter}) appears twice (also as "
                         f"'{first}', column {column_letter(positions[col.name])}); keep "
                         "only one.")
                continue
            headers[col.name] = written
            positions[col.name] = c
        ok = True
        # a missing required column makes the sheet unusable, but its rows are still read so
        # that the problems in the other columns show in the same pass (none hidden by another)
        missing_required = False
        for col in spec.columns:
            if col.required and col.name not in headers:
                missing_required = True
                self.err(sheet, 1, col.nl, None,
                         f"Verplichte kolom '{col.nl}'{_alias(col.name, col.nl)} ontbreekt. "
                         f"{col.help_nl}",
                         f"Required column '{col.name}'{_alias(col.nl, col.name, 'or')} is "
                         "missing.")
        for merged in grid.merged:
            span = (f"{merged.min_row}" if merged.min_row == merged.max_row
                    else f"{merged.min_row}-{merged.max_row}")
            self.err(sheet, merged.min_row, None, str(merged.coord),
                     f"Samengevoegde cellen {merged.coord} (rij {span}): maak de samenvoeging "
                     "ongedaan en vul elke cel apart in.",
                     f"Merged cells {merged.coord} (rows {span}): unmerge them and fill in every "
                     "cell.")
            ok = False
        hidden_cols = []
        for lo, hi in grid.hidden_cols:
            for name, pos in positions.items():
                if lo <= pos <= hi:
                    hidden_cols.append(headers[name])
        if hidden_cols:
            self.warn(sheet, None, ", ".join(hidden_cols),
                      f"Verborgen kolommen worden gewoon gelezen: {', '.join(hidden_cols)}.",
                      f"Hidden columns are read like any other: {', '.join(hidden_cols)}.")
        if not ok:
            return None
        limit = row_limit(spec)
        if grid.truncated:  # reading stopped one row past the limit: that is the only problem
            kinds = ("terreinen", "parks") if spec is PARKS else ("rijen", "rows")
            self.err(sheet, None, None, f"> {limit}",
                     f"Het blad heeft meer dan {limit} {kinds[0]}; hoogstens {limit} zijn "
                     "toegestaan. Verwijder overbodige rijen (ook lege rijen met opmaak tellen "
                     "niet mee, rijen met iets erin wel).",
                     f"The sheet has more than {limit} {kinds[1]}; at most {limit} are allowed. "
                     "Remove rows that are not needed (empty formatted rows do not count, rows "
                     "with anything in them do).")
            return None
        rows: list[Row] = []
        hidden_rows: list[int] = []
        count = 0
        known = set(positions.values())
        cols = {n: spec.col(n) for n in positions}
        percent_cols = [n for n in positions if cols[n].kind in ("share", "any")]
        letters = {c: column_letter(c) for c in positions.values()}
        rows_with_content = sorted({r for r in grid.cells if r > 1}
                                   | {r for r, _c in grid.formulas if r > 1})
        formulas = grid.formulas
        # cells that need `raw`: error values, and formulas with a cached value
        errors = grid.errors | grid.cached.keys() if grid.cached else grid.errors
        counted = {c for n, c in positions.items() if _money_or_count(cols[n])}
        zeros: dict[int, list[str]] = {c: [] for c in counted} if grid.cached else {}
        columns = list(positions.items())
        # in-range numbers and short texts, by far the most cells, skip the general checks
        quick = {n: _quick_bounds(cols[n]) for n in positions}
        totals: list[int] = []
        for r in rows_with_content:
            if r in grid.totals_rows:  # an Excel table's totals row is no data
                totals.append(r)
                continue
            cells = grid.cells.get(r, {})
            raw: dict[str, Any] = {}
            failed: set[str] = set()
            for name, c in columns:
                value = cells.get(c)
                if value is None and (r, c) not in formulas:
                    continue
                kind = type(value)
                if (kind is int or (kind is float and -_INF < value < _INF)) and \
                        (r, c) not in errors:
                    raw[name] = value
                    continue
                if kind is str and len(value) <= MAX_TEXT and (r, c) not in errors:
                    value = value.strip()
                    if value:
                        raw[name] = value
                    continue
                value = self.raw(grid, cells, sheet, r, c, letters[c], headers[name],
                                 spec.col(name).kind == "date", zeros.get(c))
                if value is BAD:
                    failed.add(name)
                elif value is not None:
                    raw[name] = value
            if not raw and not failed and not any(
                v not in (None, "") for c, v in cells.items() if c not in known
            ):
                continue  # a fully empty row
            count += 1
            if count > limit:
                continue
            if r in grid.hidden_rows:
                hidden_rows.append(r)
            values: dict[str, Any] = {}
            percent = frozenset(n for n in percent_cols if (r, positions[n]) in grid.percent)
            for name, value in raw.items():
                bounds = quick[name]
                if bounds is not None:
                    kind = type(value)
                    low, high, low_open, whole = bounds
                    if (kind is int or (kind is float and not whole)) and \
                            (value > low if low_open else value >= low) and value <= high:
                        values[name] = value  # what `parse` returns for it
                        continue
                col = cols[name]
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
            rows.append(Row(r, values, bad=bool(failed), percent=percent))
        if count > limit:  # only when the grid came whole (the reference reader's)
            what = "terreinen" if spec is PARKS else "rijen"
            self.err(sheet, None, None, str(count),
                     f"Het blad heeft {count} {what}; hoogstens {limit} zijn toegestaan.",
                     f"The sheet has {count} {'parks' if spec is PARKS else 'rows'}; at most "
                     f"{limit} are allowed.")
        if totals:
            shown = ", ".join(str(r) for r in totals)
            self.warn(sheet, totals[0], None,
                      f"Rij {shown} is de totaalrij van een Excel-tabel en wordt overgeslagen.",
                      f"Row {shown} is the totals row of an Excel table and is skipped.")
        for name, c in positions.items():
            if zeros.get(c):
                cells_nl = ", ".join(zeros[c][:10]) + (" …" if len(zeros[c]) > 10 else "")
                self.warn(sheet, None, headers[name],
                          f"Kolom '{headers[name]}': de formules in {cells_nl} hebben als "
                          "opgeslagen uitkomst 0. Klopt dat niet, dan is het bestand niet "
                          "opnieuw berekend: open het in Excel of LibreOffice, laat het opnieuw "
                          "berekenen en sla het op.",
                          f"Column '{headers[name]}': the formulas in {cells_nl} have 0 as their "
                          "saved result. If that is wrong, the file was not recalculated: open "
                          "it in Excel or LibreOffice, let it recalculate and save it.")
        if hidden_rows:
            shown = ", ".join(str(r) for r in hidden_rows[:10]) + (
                " …" if len(hidden_rows) > 10 else "")
            self.warn(sheet, hidden_rows[0], None,
                      f"Verborgen rijen worden gewoon gelezen: rij {shown}.",
                      f"Hidden rows are read like any other: row {shown}.")
        if missing_required:
            return None
        return Table(sheet, spec, headers, rows)



def _alias(other: str, shown: str, word: str = "of") -> str:
    """" (of 'alias')" when the column has a second name, "" when both names are the same."""
    return "" if other == shown else f" ({word} '{other}')"


_INF = float("inf")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def _money_or_count(col: Col) -> bool:
    """A column where a formula's cached 0 is more likely stale than true (euros, counts, area)."""
    return col.name.endswith("_eur") or col.name in (
        "area_ha", "companies", "jobs", "participating_companies")


def _quick_bounds(col: Col) -> tuple[float, float, bool, bool] | None:
    """(lo, hi, lo_open, whole) of a numeric column, for `table`'s shortcut past `parse`."""
    if col.kind not in ("number", "int", "share"):
        return None
    default_lo, default_hi = (0.0, 1.0) if col.kind == "share" else (-_INF, _INF)
    return (default_lo if col.lo is None else col.lo, default_hi if col.hi is None else col.hi,
            col.lo_open, col.kind == "int")


# -- the whole reading --------------------------------------------------------------------
def assemble(reader: Reader, source: str) -> LoadedWorkbook:
    """Tables to a scenario; raise `WorkbookError` listing every problem the reader found."""
    monitoring: Monitoring | None = None
    try:
        scenario, monitoring = _read(reader, source)
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
    return LoadedWorkbook(scenario=scenario, warnings=reader.warnings, monitoring=monitoring)


def _read(reader: Reader, source: str) -> tuple[Scenario | None, Monitoring | None]:
    chosen = reader.pick_sheets()
    tables: dict[str, Table | None] = {}
    for spec in SHEETS:
        if spec.name in chosen:
            tables[spec.name] = reader.table(chosen[spec.name], spec)
    # build even when a required sheet failed, so the user sees every problem at once
    scenario = build_scenario(reader, tables, source)
    monitoring = monitoring_of(reader, tables)
    if any(spec.required and tables.get(spec.name) is None for spec in SHEETS):
        return None, monitoring
    return scenario, monitoring
