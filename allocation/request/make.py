"""Making the request workbooks of one round, one per party, from the current scenario.

Each workbook is an input workbook in its own right, so a return is checked with exactly the
workbook rules (docs/contracts/WORKBOOK.md) by the one reader:

- `uitvraag` (first, shown on opening): what is asked, by when, how to return it, the round code;
- kind `parks`: sheet `terreinen` with the party's parks and every column, pre-filled; only the
  asked columns are open (unlocked, yellow), the rest is locked by sheet protection;
  kind `monitoring`: sheet `monitoring` with one row per park for the new round, pre-filled with
  the latest measurement; park and round locked, the measurements open; `terreinen` is hidden;
- `toelichting`: every column explained in Dutch, saying which ones are asked;
- `budget` (hidden): the scenario's budget, so that the workbook reads as a whole;
- `uitvraag_id` (very hidden, protected): the round's mark (identity.RequestMark).

The open cells carry Excel data validation (lists for levels and ja/nee, ranges for numbers,
dates), with the column's explanation as the input prompt, so most mistakes are caught while
typing in Excel or LibreOffice; the reader checks everything again on return.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from allocation import format as fmt
from allocation.domain import Monitoring, Scenario
from allocation.request.identity import (
    COVER_SHEET,
    DEFAULT_FIELDS,
    ID_FIELDS,
    ID_SHEET,
    KINDS,
    MONITORING_FIELDS,
    PARTY_KIND_NL,
    PARTY_KINDS,
    RequestMark,
    new_round_id,
    party_of,
    slug,
)
from allocation.workbook import (
    BUDGET,
    PARKS,
    Col,
    SheetSpec,
    new_workbook,
    save_workbook,
    write_table,
)
from allocation.workbook.spec import DATE_FMT, MONITORING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

OPEN_FILL = "FFF2CC"  # light yellow: fill in here
LOCKED_FILL = "EDEDED"  # grey: given, not asked
LEVEL_LIST = '"0,1,2,3,4"'


def fmt_num(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


class RequestError(ValueError):
    """A request that cannot be made (unknown field, nothing to ask), in Dutch and English."""

    def __init__(self, message_nl: str, message_en: str):
        self.message_nl = message_nl
        self.message_en = message_en
        super().__init__(message_en)

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl


@dataclass
class RequestFile:
    name: str
    mark: RequestMark
    data: bytes


@dataclass
class RequestRound:
    round_id: str
    kind: str
    by: str
    fields: tuple[str, ...]
    created_at: str
    due: str
    base_hash: str
    files: list[RequestFile] = field(default_factory=list)
    round_label: str = ""

    def manifest(self) -> dict[str, Any]:
        """What was sent (written next to the files as uitvraag.json)."""
        return {
            "round_id": self.round_id, "kind": self.kind, "by": self.by,
            "fields": list(self.fields), "created_at": self.created_at, "due": self.due,
            "base_hash": self.base_hash, "round_label": self.round_label,
            "files": [{"file": f.name, "party": f.mark.party, "parks": list(f.mark.parks)}
                      for f in self.files],
        }


def spec_for(kind: str) -> SheetSpec:
    return PARKS if kind == "parks" else MONITORING


def resolve_fields(kind: str, by: str, fields: Sequence[str] | None) -> tuple[str, ...]:
    """The asked fields, by canonical or Dutch name; defaults per party kind."""
    if kind == "monitoring":
        allowed = MONITORING_FIELDS
        default = MONITORING_FIELDS
    else:
        allowed = tuple(c.name for c in PARKS.columns if c.name not in ID_FIELDS)
        default = DEFAULT_FIELDS[by]
    if not fields:
        return default
    spec = spec_for(kind)
    names = {c.name.casefold(): c.name for c in spec.columns}
    names.update({c.nl.casefold(): c.name for c in spec.columns})
    out: list[str] = []
    for raw in fields:
        for part in str(raw).split(","):
            key = part.strip().casefold()
            if not key:
                continue
            name = names.get(key)
            if name is None or name not in allowed:
                shown = ", ".join(spec.col(n).nl for n in allowed)
                raise RequestError(
                    f"Het veld '{part.strip()}' kan niet worden uitgevraagd. Kies uit: {shown}.",
                    f"The field '{part.strip()}' cannot be requested. Choose from: "
                    f"{', '.join(allowed)}.")
            if name not in out:
                out.append(name)
    if not out:
        raise RequestError("Er is geen veld gekozen om uit te vragen.",
                           "No field was chosen to request.")
    return tuple(out)


def make_requests(scenario: Scenario, by: str, fields: Sequence[str] | None = None, *,
                  kind: str = "parks", due: _dt.date | None = None, contact: str = "",
                  monitoring: Monitoring | None = None,
                  round_date: _dt.date | None = None,
                  now: _dt.datetime | None = None) -> RequestRound:
    """One request workbook per party (`by`: municipality, organisation or region)."""
    if by not in PARTY_KINDS:
        raise RequestError(f"Onbekende indeling '{by}'; kies municipality, organisation of "
                           "region.", f"Unknown grouping '{by}'; choose municipality, "
                           "organisation or region.")
    if kind not in KINDS:
        raise RequestError(f"Onbekende soort uitvraag '{kind}'.", f"Unknown request kind '{kind}'.")
    asked = resolve_fields(kind, by, fields)
    moment = (now or _dt.datetime.now(_dt.UTC)).replace(microsecond=0)
    label = ""
    if kind == "monitoring":
        day = round_date or moment.date()
        label = f"{day.day:02d}-{day.month:02d}-{day.year}"
    rnd = RequestRound(round_id=new_round_id(), kind=kind, by=by, fields=asked,
                       created_at=moment.isoformat(), due=due.isoformat() if due else "",
                       base_hash=scenario.content_hash(), round_label=label)
    groups: dict[str, tuple[str, list[Any]]] = {}
    for park in scenario.parks:
        key, party = party_of(park, by)
        groups.setdefault(key, (party, []))[1].append(park)
    used: set[str] = set()
    for key, (party, parks) in groups.items():
        mark = RequestMark(
            round_id=rnd.round_id, kind=kind, party_kind=by, party_key=key, party=party,
            created_at=rnd.created_at, due=rnd.due, fields=asked,
            parks=tuple(p.park_id for p in parks), base_hash=rnd.base_hash, round_label=label)
        name = f"uitvraag_{slug(party)}.xlsx"
        n = 2
        while name.casefold() in used:
            name = f"uitvraag_{slug(party)}_{n}.xlsx"
            n += 1
        used.add(name.casefold())
        data = _workbook(scenario, mark, parks, contact=contact, monitoring=monitoring,
                         round_date=(round_date or moment.date()) if kind == "monitoring"
                         else None)
        rnd.files.append(RequestFile(name=name, mark=mark, data=data))
    return rnd


# -- the workbook ------------------------------------------------------------------------------


def _validation(col: Col) -> Any:
    """The data validation for one open column (None when there is nothing to check)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv: Any = None
    if col.kind == "bool":
        dv = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
        dv.error = "Kies ja of nee."
    elif col.name == "organisation_level":
        dv = DataValidation(type="list", formula1=LEVEL_LIST, allow_blank=not col.required)
        dv.error = "Kies een organisatiegraad van 0 tot en met 4."
    elif col.kind == "int" and col.lo is not None and col.hi is not None:
        dv = DataValidation(type="whole", operator="between", formula1=fmt_num(col.lo),
                            formula2=fmt_num(col.hi), allow_blank=not col.required)
        dv.error = f"Een geheel getal van {fmt_num(col.lo)} tot en met {fmt_num(col.hi)}."
    elif col.kind == "share":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                            allow_blank=not col.required)
        dv.error = "Een aandeel: een getal van 0 tot en met 1 (bijv. 0,25)."
    elif col.kind == "number" and col.lo is not None and col.hi is not None:
        dv = DataValidation(type="decimal", operator="between", formula1=fmt_num(col.lo),
                            formula2=fmt_num(col.hi), allow_blank=not col.required)
        dv.error = f"Een getal van {fmt_num(col.lo)} tot en met {fmt_num(col.hi)}."
    elif col.kind == "date":
        # 36526 = 1-1-2000, 73415 = 31-12-2100 (Excel's day numbers)
        dv = DataValidation(type="date", operator="between", formula1="36526",
                            formula2="73415", allow_blank=not col.required)
        dv.error = "Een datum tussen 1-1-2000 en 31-12-2100 (bijv. 15-03-2027)."
    if dv is None:
        return None
    dv.errorTitle = col.nl[:32]
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.prompt = col.help_nl[:250]
    dv.promptTitle = col.nl[:32]
    dv.showInputMessage = True
    return dv


def _protect(ws: Worksheet) -> None:
    """Sheet protection without a password: against accidents, not against people (the
    merge checks every locked value again)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column is fine
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _data_sheet(wb: Any, spec: SheetSpec, rows: list[list[Any]], asked: Sequence[str],
                *, protect_all: bool = False) -> Worksheet:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(spec.nl)
    write_table(ws, [c.nl for c in spec.columns], rows,
                formats=[c.fmt for c in spec.columns], widths=[c.width for c in spec.columns])
    open_fill = PatternFill("solid", fgColor=OPEN_FILL)
    locked_fill = PatternFill("solid", fgColor=LOCKED_FILL)
    last = len(rows) + 1
    for c, col in enumerate(spec.columns, start=1):
        is_open = col.name in asked and not protect_all
        head = ws.cell(row=1, column=c)
        head.comment = Comment(("Gevraagd: " if is_open else "Gegeven (niet gevraagd): ")
                               + col.help_nl, "Draagkracht", width=300, height=120)
        for r in range(2, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.protection = Protection(locked=not is_open)
            cell.fill = open_fill if is_open else locked_fill
        if is_open and last >= 2:
            dv = _validation(col)
            if dv is not None:
                ws.add_data_validation(dv)
                letter = get_column_letter(c)
                dv.add(f"{letter}2:{letter}{last}")
    _protect(ws)
    return ws


def _value(col: Col, value: Any) -> Any:
    if value is None:
        return None
    if col.kind == "bool":
        return "ja" if value else "nee"
    return value


def _monitoring_rows(parks: Sequence[Any], monitoring: Monitoring | None,
                     day: _dt.date) -> list[list[Any]]:
    rows = []
    for park in parks:
        row: list[Any] = []
        for col in MONITORING.columns:
            if col.name == "park_id":
                row.append(park.park_id)
            elif col.name == "round":
                row.append(_dt.datetime.combine(day, _dt.time()))
            else:
                latest = monitoring.latest(park.park_id, col.name) if monitoring else None
                if latest is not None:
                    row.append(latest[0])
                elif col.name in ("organisation_level", "draagvlak", "private_capacity_eur"):
                    row.append(getattr(park, col.name))
                else:
                    row.append(None)
        rows.append(row)
    return rows


def _workbook(scenario: Scenario, mark: RequestMark, parks: Sequence[Any], *, contact: str,
              monitoring: Monitoring | None, round_date: _dt.date | None) -> bytes:
    wb = new_workbook()
    _cover(wb, mark, len(parks), contact)
    park_rows = [[_value(c, getattr(p, c.name)) for c in PARKS.columns] for p in parks]
    if mark.kind == "parks":
        _data_sheet(wb, PARKS, park_rows, mark.fields)
    else:
        assert round_date is not None
        ws = _data_sheet(wb, MONITORING, _monitoring_rows(parks, monitoring, round_date),
                         mark.fields)
        for r in range(2, len(parks) + 2):  # a real date cell (write_table writes text)
            cell = ws.cell(row=r, column=2)
            cell.value = _dt.datetime.combine(round_date, _dt.time())
            cell.number_format = DATE_FMT
        hidden = _data_sheet(wb, PARKS, park_rows, (), protect_all=True)
        hidden.sheet_state = "hidden"
    _explanation(wb, mark)
    budget = wb.create_sheet(BUDGET.nl)
    write_table(budget, [c.nl for c in BUDGET.columns],
                [[b.year, b.budget_eur] for b in scenario.budget])
    _protect(budget)
    budget.sheet_state = "hidden"
    ident = wb.create_sheet(ID_SHEET)
    write_table(ident, ["sleutel", "waarde"], mark.rows())
    _protect(ident)
    ident.sheet_state = "veryHidden"
    wb.active = 0
    return save_workbook(wb, None)


def _cover(wb: Any, mark: RequestMark, n_parks: int, contact: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(COVER_SHEET)
    due = ""
    if mark.due:
        d = _dt.date.fromisoformat(mark.due)
        due = f"{d.day:02d}-{d.month:02d}-{d.year}"
    sheet = "terreinen" if mark.kind == "parks" else "monitoring"
    spec = spec_for(mark.kind)
    what = ("de gegevens van uw bedrijventerreinen" if mark.kind == "parks"
            else f"de monitoring van uw bedrijventerreinen (ronde {mark.round_label})")
    lines: list[tuple[str, str]] = [
        ("Uitvraag gegevens bedrijventerreinen", ""),
        ("Voor", f"{mark.party} ({PARTY_KIND_NL[mark.party_kind]})"),
        ("Rondecode", mark.round_id),
        ("Wat wordt gevraagd", f"De provincie vraagt u {what} te controleren en aan te vullen: "
                               f"{fmt.count(n_parks, 'terrein', 'terreinen')}, in blad '{sheet}'."),
        ("Gevraagde velden", ", ".join(spec.col(f).nl for f in mark.fields)),
        ("Terugsturen vóór", due or "(geen datum opgegeven)"),
        ("Hoe in te vullen", "Vul alleen de gele cellen in; grijze cellen zijn gegeven en "
                             "vergrendeld. Een lijstje of een melding in Excel/LibreOffice helpt "
                             "bij het typen. De uitleg per kolom staat in blad 'toelichting' en "
                             "verschijnt ook als u een cel kiest."),
        ("Hoe terug te sturen", "Sla het bestand op als .xlsx (de bestandsnaam mag u houden) "
                                "en stuur het terug" + (f" aan {contact}" if contact else "")
                                + ". Voeg geen bladen, rijen of kolommen toe en haal de "
                                "beveiliging niet van de bladen: de provincie leest het bestand "
                                "automatisch in en herkent het aan de rondecode."),
        ("Gemaakt op", mark.created_at.replace("T", " ")[:16] + " (UTC)"),
    ]
    for r, (key, text) in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=key)
        ws.cell(row=r, column=2, value=text or None)
        ws.cell(row=r, column=1).font = Font(bold=True, size=14 if r == 1 else 11)
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    _protect(ws)


def _explanation(wb: Any, mark: RequestMark) -> None:
    from openpyxl.styles import Alignment

    ws = wb.create_sheet("toelichting")
    spec = spec_for(mark.kind)
    rows = [[spec.nl, c.nl, "ja" if c.name in mark.fields else "nee", c.help_nl]
            for c in spec.columns]
    write_table(ws, ["blad", "kolom", "gevraagd", "uitleg"], rows, widths=[12, 28, 10, 100])
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=4).alignment = Alignment(wrap_text=True, vertical="top")
    _protect(ws)
