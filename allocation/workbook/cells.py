"""Cell values to typed values, shared by every reader: issues in the user's words, rows, tables.

`CellParser` checks one raw cell value (error values, NaN, dates, long texts) and parses it by
column kind (id, text, number, int, share, bool, and the monitoring round `parse_round`); `Row`
and `Table` carry a sheet's rows to `validate` and `monitoring`; `translate` words pydantic's
errors for both. Imports only `spec` and the domain.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from allocation.domain import InputIssue
from allocation.format import num_in
from allocation.workbook.spec import MAX_TEXT, Col, SheetSpec, fmt_num, shown_value

_EURO_TEXT = re.compile(r"^(?:€\s*)?(\d+|\d{1,3}(?:\.\d{3})+)$")
_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


class _Bad:
    """Marker for a cell that produced an issue."""


BAD = _Bad()


@dataclass
class Row:
    number: int
    values: dict[str, Any]  # canonical column -> parsed value (only non-empty, valid cells)
    bad: bool = False  # some cell of this row was reported
    percent: frozenset[str] = frozenset()  # columns whose cell is formatted as a percentage


@dataclass
class Table:
    sheet: str  # the title as in the user's file
    spec: SheetSpec
    headers: dict[str, str]  # canonical column -> header as written
    rows: list[Row]


class CellParser:
    """Collects issues; checks and parses cell values by column kind (docs/contracts/WORKBOOK.md, cell values)."""

    def __init__(self) -> None:
        self.errors: list[InputIssue] = []
        self.warnings: list[InputIssue] = []

    # issues --------------------------------------------------------------------------------
    def err(self, sheet: str, row: int | None, column: str | None, value: Any, nl: str,
            en: str) -> None:
        shown = None if value is None else shown_value(value)
        self.errors.append(InputIssue(sheet, row, column, shown, nl, en))

    def warn(self, sheet: str, row: int | None, column: str | None, nl: str, en: str) -> None:
        self.warnings.append(InputIssue(sheet, row, column, None, nl, en, severity="warning"))

    # cells ---------------------------------------------------------------------------------
    def check(self, sheet: str, r: int, column: str, ref: str, value: Any,
              error: bool, dates: bool = False) -> Any:
        """A non-empty cell value, stripped; None when only white space; BAD after an issue.

        `error` says the spreadsheet stored the cell as an Excel error value; `dates` that the
        column takes date cells (kind "date", sheet monitoring).
        """
        if error:  # a text cell "#N/A" (typed with ') is just text
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
                dates and isinstance(value, _dt.date)):
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
                         f"Een aandeel is een getal van 0 tot en met 1; {fmt_num(num)} is te "
                         f"groot. Bedoelt u {fmt_num(num / 100)}? (Of geef de cel de opmaak "
                         "percentage.)",
                         f"A share is a number from 0 to 1; {fmt_num(num)} is too large. Did "
                         f"you mean {fmt_num(num / 100)}? (Or format the cell as a "
                         "percentage.)")
                return BAD
        if kind == "int":
            if float(num) != int(num):
                self.err(sheet, r, header, value,
                         f"Verwacht een geheel getal; {fmt_num(num)} heeft decimalen.",
                         f"A whole number is expected; {fmt_num(num)} has decimals.")
                return BAD
            num = int(num)
        too_low = lo is not None and (num <= lo if lo_open else num < lo)
        too_high = hi is not None and num > hi
        if too_low or too_high:
            g = col.name != "year"
            nl_v, en_v = num_in(num, grouped=g), num_in(num, "en", g)
            if too_low and lo == 0 and not lo_open:
                nl = f"{nl_v} is negatief; hier is 0 of meer nodig."
                en = f"{en_v} is negative; 0 or more is needed here."
            elif lo is not None and too_low:
                nl = (f"{nl_v} is te laag; het moet "
                      f"{'groter dan' if lo_open else 'minstens'} {num_in(lo, grouped=g)} zijn.")
                en = (f"{en_v} is too low; it must be "
                      f"{'greater than' if lo_open else 'at least'} {num_in(lo, 'en', g)}.")
            else:
                top = float(hi if hi is not None else num)
                nl = f"{nl_v} is te hoog; het mag hoogstens {num_in(top, grouped=g)} zijn."
                en = f"{en_v} is too high; it may be at most {num_in(top, 'en', g)}."
            self.err(sheet, r, header, value, nl, en)
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
                hint_nl = f" Typ {fmt_num(pct / 100)}"
                hint_en = f" Type {fmt_num(pct / 100)}"
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


def translate(err: ValidationError, sheet: str, row: int | None,
               headers: dict[str, str]) -> list[InputIssue]:
    """Pydantic's report in the user's words (sheet, row, column as written); used by every
    module that builds domain models from rows (`validate`, `monitoring`)."""
    from allocation.domain import validation_problems

    issues = []
    inputs = [e.get("input") for e in err.errors(include_url=False)]
    for (loc, nl), (_loc, en), value in zip(validation_problems(err, "nl"),
                                            validation_problems(err, "en"), inputs, strict=True):
        field = str(loc[0]) if loc else None
        column = headers.get(field, field) if field else None
        shown = None if value is None or isinstance(value, dict) else shown_value(value)
        issues.append(InputIssue(sheet, row, column, shown,
                                 f"Waarde niet geaccepteerd: {nl}.",
                                 f"Value not accepted: {en}."))
    return issues


# -- the round of a monitoring sheet (kind "date") ------------------------------------------
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_END = (12, 31)  # a round given as a year is dated at the end of that year


def parse_round(reader: CellParser, value: Any, sheet: str, r: int, header: str) -> Any:
    """A round: a date cell, a date as text (15-03-2027 or 2027-03-15), or a year (2027).
    Returns (date, year_only), or BAD after reporting the problem."""
    expected_nl = ("Verwacht een datum (bijv. 15-03-2027) of een jaar (bijv. 2027) tussen "
                   f"{MIN_YEAR} en {MAX_YEAR}.")
    expected_en = ("A date (e.g. 15-03-2027) or a year (e.g. 2027) between "
                   f"{MIN_YEAR} and {MAX_YEAR} is expected.")
    day: _dt.date | None = None
    year_only = False
    if isinstance(value, bool):
        day = None
    elif isinstance(value, _dt.datetime | _dt.date):
        day = value.date() if isinstance(value, _dt.datetime) else value
    elif isinstance(value, int | float):
        if float(value).is_integer() and MIN_YEAR <= value <= MAX_YEAR:
            day, year_only = _dt.date(int(value), *YEAR_END), True
        elif float(value).is_integer() and value > MAX_YEAR:
            reader.err(sheet, r, header, value,
                       f"{int(value)} is geen jaar. Is het een datum zonder datumopmaak? Geef "
                       "de cel de opmaak datum, of typ het jaar.",
                       f"{int(value)} is not a year. Is it a date without a date format? "
                       "Format the cell as a date, or type the year.")
            return BAD
    else:
        text = str(value).strip()
        try:
            if _YEAR.match(text):
                day, year_only = _dt.date(int(text), *YEAR_END), True
            elif m := _ISO.match(text):
                day = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif m := _DUTCH.match(text):
                day = _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:  # 31-02-2027: the pattern fits, the calendar does not
            reader.err(sheet, r, header, value,
                       f"'{text}' is geen bestaande datum. {expected_nl}",
                       f"'{text}' is not a valid date. {expected_en}")
            return BAD
    if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
        reader.err(sheet, r, header, value, expected_nl, expected_en)
        return BAD
    return day, year_only
