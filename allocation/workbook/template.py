"""The input sheets, written from the column table: template and scenario workbooks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allocation.domain import (
    DEFAULT_CATEGORIES,
    DEFAULT_RETURNS,
    MAX_EUR,
    MAX_PARKS,
    MAX_YEARS,
    BudgetYear,
    Monitoring,
    Scenario,
    Settings,
)
from allocation.workbook.spec import (
    BUDGET,
    CATEGORIES,
    DATE_FMT,
    MONITORING,
    PARKS,
    REALISATION,
    RETURNS,
    SETTING_SPECS,
    SETTINGS,
    SHEETS,
    TEMPLATE_YEARS,
    Col,
    SheetSpec,
    fmt_num,
)
from allocation.workbook.xlsx import new_workbook, put, save_workbook, write_table

if TYPE_CHECKING:  # openpyxl loads lazily: `import allocation` stays cheap
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def _validations(ws: Worksheet, spec: SheetSpec, last_row: int) -> None:
    """Dropdowns and range checks in the spreadsheet itself (the reader checks again)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for c, col in enumerate(spec.columns, start=1):
        rng = f"{get_column_letter(c)}2:{get_column_letter(c)}{last_row}"
        dv: DataValidation | None = None
        if col.kind == "bool":
            dv = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
            dv.error = "Kies ja of nee."
        elif col.kind == "int" and col.lo is not None and col.hi is not None:
            dv = DataValidation(type="whole", operator="between", formula1=fmt_num(col.lo),
                                formula2=fmt_num(col.hi), allow_blank=True)
            dv.error = f"Een geheel getal van {fmt_num(col.lo)} tot en met {fmt_num(col.hi)}."
        elif col.kind == "share":
            hi = 1 if col.hi is None else col.hi
            dv = DataValidation(type="decimal", operator="between", formula1="0",
                                formula2=fmt_num(hi), allow_blank=True)
            dv.error = f"Een aandeel: een getal van 0 tot en met {fmt_num(hi)} (bijv. 0,25)."
        elif col.kind == "number" and col.lo is not None:
            dv = DataValidation(type="decimal", operator="between", formula1=fmt_num(col.lo),
                                formula2=fmt_num(col.hi if col.hi is not None else MAX_EUR),
                                allow_blank=True)
            dv.error = f"Een getal van {fmt_num(col.lo)} tot en met " \
                f"{fmt_num(col.hi if col.hi is not None else MAX_EUR)}."
        elif col.kind == "id":
            dv = DataValidation(type="textLength", operator="lessThanOrEqual",
                                formula1=str(col.max_len), allow_blank=True)
            dv.error = f"Hoogstens {col.max_len} tekens: letters, cijfers, '-', '_' of '.'."
        if dv is None:
            continue
        dv.errorTitle = col.nl
        dv.showErrorMessage = True
        dv.prompt = col.help_nl[:250]
        dv.promptTitle = col.nl[:32]
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(rng)


def _cell_for(col: Col, value: Any) -> Any:
    if value is None:
        return None
    if col.kind == "bool":
        return "ja" if value else "nee"
    return value


def _spec_rows(spec: SheetSpec, items: Iterable[Any]) -> list[list[Any]]:
    return [[_cell_for(col, getattr(item, col.name)) for col in spec.columns] for item in items]


def _write_spec_sheet(wb: Workbook, spec: SheetSpec, rows: list[list[Any]],
                      validate_rows: int) -> Worksheet:
    ws = wb.create_sheet(spec.nl)
    write_table(ws, [c.nl for c in spec.columns], rows,
                formats=[c.fmt for c in spec.columns], widths=[c.width for c in spec.columns])
    _validations(ws, spec, max(validate_rows, len(rows)) + 1)
    return ws


def _settings_rows(settings: Settings) -> tuple[list[list[Any]], list[str]]:
    rows: list[list[Any]] = []
    fmts: list[str] = []
    for key, (kind, _lo, _hi, _open, number_format, _help) in SETTING_SPECS.items():
        value = getattr(settings, key)
        rows.append([key, ("ja" if value else "nee") if kind == "bool" else value])
        fmts.append(number_format)
    return rows, fmts


TOELICHTING_INTRO = (
    "Toelichting bij het werkboek Draagkracht",
    "Met dit werkboek verdeelt de provincie een meerjarig transitiebudget over "
    "bedrijventerreinen. Publiek geld werkt alleen waar ondernemers willen (draagvlak) én "
    "kunnen (draagkracht: geld, tijd, organisatie). Private cofinanciering is uitgangspunt.",
    "Verplichte bladen: terreinen en budget. De bladen categorieen, rendement en instellingen "
    "zijn optioneel; zonder die bladen gelden de standaardwaarden.",
    "Monitoring (optioneel): blad monitoring (één rij per terrein per monitoringsronde: "
    "organisatiegraad, draagvlak, draagkracht, deelnemende bedrijven en resultaten per doel) en "
    "blad realisatie (werkelijk besteed publiek en privaat geld per terrein, categorie en jaar). "
    "Daarmee volgt de app de voortgang en plant hij de resterende jaren opnieuw: gerealiseerde "
    "jaren liggen vast, de terreingegevens komen uit de laatste ronde.",
    "Blad- en kolomnamen mogen Nederlands of Engels zijn (zie de kolom 'Engelse naam'); "
    "hoofdletters en spaties eromheen tellen niet. De kopregel staat in rij 1.",
    "Ja/nee-kolommen: ja/nee, waar/onwaar, 1/0 of x; leeg betekent nee.",
    "Aandelen: een getal van 0 tot en met 1 (bijv. 0,25), of een getal met de opmaak percentage "
    "(25%). Bedragen in euro's als getal; tekst als '€ 12.500' (hele euro's) wordt ook gelezen.",
    "Formules mogen; hun laatst opgeslagen uitkomst wordt gelezen. Lege rijen worden "
    "overgeslagen. Samengevoegde cellen zijn niet toegestaan.",
)


def _write_toelichting(wb: Workbook, notes: Sequence[str] = ()) -> Worksheet:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("toelichting")
    intro = [*TOELICHTING_INTRO, *notes]
    for r, line in enumerate(intro, start=1):
        put(ws.cell(row=r, column=1), line)
        if r == 1:
            ws.cell(row=r, column=1).font = Font(bold=True, size=13)
    start = len(intro) + 2
    rows: list[list[Any]] = []
    for spec in SHEETS:
        for col in spec.columns:
            rows.append([spec.nl, col.nl, col.name, "ja" if col.required else "nee",
                         col.help_nl])
        if spec is SETTINGS:
            for key, (*_x, help_nl) in SETTING_SPECS.items():
                rows.append([spec.nl, key, key, "nee",
                             f"{help_nl} Standaard: {_default_text(key)}."])
    rows.append(["rendement", "(standaard)", "", "",
                 "Zonder blad rendement: tot 0,2 van de capaciteit factor 1; tot 0,5 factor 0,6; "
                 "daarboven factor 0,3."])
    write_table(ws, ["blad", "kolom", "Engelse naam", "verplicht", "uitleg"], rows,
                widths=[14, 26, 26, 10, 100], start_row=start, freeze=False)
    for r in range(start + 1, start + 1 + len(rows)):
        ws.cell(row=r, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["E"].width = 100
    return ws


def _default_text(key: str) -> str:
    value = getattr(Settings(), key)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return fmt_num(value).replace(".", ",")
    return str(value)


def _write_monitoring_sheets(wb: Workbook, monitoring: Monitoring) -> None:
    """Sheets monitoring and realisatie; a round is a date cell, or the year as a number."""
    import datetime as _dt

    rows = []
    for rec in monitoring.rounds:
        row = [_cell_for(col, getattr(rec, col.name, None)) for col in MONITORING.columns]
        row[1] = rec.round_date.year if rec.year_only else rec.round_label
        rows.append(row)
    ws = _write_spec_sheet(wb, MONITORING, rows, validate_rows=MAX_PARKS)
    for r, rec in enumerate(monitoring.rounds, start=2):
        if not rec.year_only:  # a real date cell, shown the Dutch way
            cell = ws.cell(row=r, column=2)
            cell.value = _dt.datetime.combine(rec.round_date, _dt.time())
            cell.number_format = DATE_FMT
    _write_spec_sheet(wb, REALISATION, _spec_rows(REALISATION, monitoring.realisation),
                      validate_rows=MAX_PARKS)


def write_input_sheets(wb: Workbook, scenario: Scenario | None, *,
                       notes: Sequence[str] = (), monitoring: Monitoring | None = None) -> None:
    """Add the five input sheets and `toelichting` (Dutch names) to `wb`.

    With `scenario=None` this is the template: no parks, default categories, returns and
    settings, and the years `TEMPLATE_YEARS` with budget 0 to fill in.
    """
    parks = scenario.parks if scenario else ()
    budget = scenario.budget if scenario else tuple(
        BudgetYear(year=y, budget_eur=0) for y in TEMPLATE_YEARS)
    categories = scenario.categories if scenario else DEFAULT_CATEGORIES
    returns = scenario.returns if scenario else DEFAULT_RETURNS
    settings = scenario.settings if scenario else Settings()
    _write_spec_sheet(wb, PARKS, _spec_rows(PARKS, parks), validate_rows=MAX_PARKS)
    _write_spec_sheet(wb, BUDGET, _spec_rows(BUDGET, budget), validate_rows=MAX_YEARS)
    _write_spec_sheet(wb, CATEGORIES, _spec_rows(CATEGORIES, categories), validate_rows=50)
    _write_spec_sheet(wb, RETURNS, _spec_rows(RETURNS, returns), validate_rows=20)
    ws = wb.create_sheet(SETTINGS.nl)
    rows, fmts = _settings_rows(settings)
    write_table(ws, [c.nl for c in SETTINGS.columns], rows, widths=[26, 16])
    for r, number_format in enumerate(fmts, start=2):
        cell = ws.cell(row=r, column=2)
        if cell.data_type == "n":
            cell.number_format = number_format
    if monitoring is not None and not monitoring.is_empty:
        _write_monitoring_sheets(wb, monitoring)
    _write_toelichting(wb, notes)


def write_template(path: Path | str | None = None) -> bytes:
    """An empty input workbook (Dutch names) with defaults, explanations and validation."""
    wb = new_workbook()
    write_input_sheets(wb, None)
    return save_workbook(wb, path)


def write_scenario(scenario: Scenario, path: Path | str | None = None, *,
                   notes: Sequence[str] = (), monitoring: Monitoring | None = None) -> bytes:
    """A full input workbook that reads back to an equal scenario (apart from `source`), with
    the monitoring sheets when `monitoring` holds data."""
    wb = new_workbook()
    write_input_sheets(wb, scenario, notes=notes, monitoring=monitoring)
    return save_workbook(wb, path)
