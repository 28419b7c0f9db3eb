"""The optional monitoring sheets (`monitoring`, `realisatie`/`realisation`) into `Monitoring`.

The cells are read by the same `Reader` and column table as every other sheet (spec.MONITORING,
spec.REALISATION; their one own cell kind, a round, is `cells.parse_round`); this module adds
the rules across rows and sheets (`monitoring_of`, called by `read.assemble`; it imports only
`cells`):

- monitoring: a park must be in sheet `terreinen`; one row per park per round;
- realisatie: park and category must be known, the year must be a budget year, one row per
  park, category and year, and the realised years are the first years of the budget (the
  re-plan fixes them; a gap would leave a year that is neither realised nor re-planned).
Spending below zero is refused by the column's range, as for every amount.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import ValidationError

from allocation.domain import (
    DEFAULT_CATEGORIES,
    InputIssue,
    Monitoring,
    MonitoringRecord,
    RealisationRecord,
)
from allocation.workbook.cells import CellParser, Table, translate


def _label(day: _dt.date, year_only: bool) -> str:
    return str(day.year) if year_only else f"{day.day:02d}-{day.month:02d}-{day.year}"


def _model(cls: type[Any], values: dict[str, Any], t: Table, row: int,
           errors: list[InputIssue]) -> Any:
    try:
        return cls(**values)
    except ValidationError as e:
        errors.extend(translate(e, t.sheet, row, t.headers))
        return None


def _unknown_park(t: Table, row: int, pid: str, parks_sheet: str) -> InputIssue:
    return InputIssue(
        t.sheet, row, t.headers["park_id"], pid,
        f"Terrein '{pid}' staat niet in blad '{parks_sheet}'; gebruik de code uit dat blad.",
        f"Park '{pid}' is not in sheet '{parks_sheet}'; use the id from that sheet.")


def build_monitoring(errors: list[InputIssue], tables: dict[str, Table | None],
                     park_ids: set[str] | None, category_ids: set[str] | None,
                     years: list[int] | None) -> Monitoring | None:
    """The `Monitoring` of the two sheets (None when neither is in the workbook).

    `park_ids`, `category_ids` and `years` are None when their own sheet could not be read;
    the checks against them are then left out (that sheet's problems are reported already).
    """
    t_mon, t_real = tables.get("monitoring"), tables.get("realisation")
    if t_mon is None and t_real is None:
        return None
    t_parks = tables.get("parks")
    parks_sheet = t_parks.sheet if t_parks is not None else "terreinen"
    rounds: list[MonitoringRecord] = []
    if t_mon is not None:
        seen: dict[tuple[str, _dt.date, bool], int] = {}
        for row in t_mon.rows:
            pid, rnd = row.values.get("park_id"), row.values.get("round")
            if isinstance(pid, str) and park_ids is not None and pid not in park_ids:
                errors.append(_unknown_park(t_mon, row.number, pid, parks_sheet))
                continue
            if isinstance(pid, str) and isinstance(rnd, tuple):
                key = (pid, *rnd)
                if key in seen:
                    errors.append(InputIssue(
                        t_mon.sheet, row.number, t_mon.headers["round"], _label(*rnd),
                        f"Terrein '{pid}' staat voor ronde {_label(*rnd)} al in rij "
                        f"{seen[key]}; één rij per terrein per ronde.",
                        f"Park '{pid}' already appears for round {_label(*rnd)} in row "
                        f"{seen[key]}; one row per park per round."))
                    continue
                seen[key] = row.number
            if row.bad:
                continue
            values = {k: v for k, v in row.values.items() if k != "round"}
            values["round_date"], values["year_only"] = row.values["round"]
            rec = _model(MonitoringRecord, values, t_mon, row.number, errors)
            if rec is not None:
                rounds.append(rec)
    realised: list[RealisationRecord] = []
    if t_real is not None:
        seen_r: dict[tuple[str, str, int], int] = {}
        first_row: dict[int, int] = {}
        for row in t_real.rows:
            v = row.values
            pid, cat, year = v.get("park_id"), v.get("category"), v.get("year")
            bad = row.bad
            if isinstance(pid, str) and park_ids is not None and pid not in park_ids:
                errors.append(_unknown_park(t_real, row.number, pid, parks_sheet))
                bad = True
            if isinstance(cat, str) and category_ids is not None and cat not in category_ids:
                known = ", ".join(sorted(category_ids))
                errors.append(InputIssue(
                    t_real.sheet, row.number, t_real.headers["category"], cat,
                    f"Onbekende categorie '{cat}' (bekend: {known}).",
                    f"Unknown category '{cat}' (known: {known})."))
                bad = True
            if isinstance(year, int) and years is not None and year not in years:
                errors.append(InputIssue(
                    t_real.sheet, row.number, t_real.headers["year"], str(year),
                    f"Jaar {year} staat niet in blad budget ({years[0]}–{years[-1]}).",
                    f"Year {year} is not in sheet budget ({years[0]}–{years[-1]})."))
                bad = True
            if isinstance(pid, str) and isinstance(cat, str) and isinstance(year, int):
                key = (pid, cat, year)
                if key in seen_r:
                    errors.append(InputIssue(
                        t_real.sheet, row.number, t_real.headers["park_id"], pid,
                        f"Terrein '{pid}', categorie '{cat}', jaar {year} staat al in rij "
                        f"{seen_r[key]}; tel de bedragen op in één rij.",
                        f"Park '{pid}', category '{cat}', year {year} already appears in row "
                        f"{seen_r[key]}; add the amounts up in one row."))
                    bad = True
                else:
                    seen_r[key] = row.number
            if isinstance(year, int) and not bad:
                first_row.setdefault(year, row.number)
            if bad:
                continue
            rec = _model(RealisationRecord, dict(v), t_real, row.number, errors)
            if rec is not None:
                realised.append(rec)
        if years is not None and first_row:
            done = sorted(first_row)
            expected = years[: len(done)]
            if done != expected:
                missing = [y for y in expected if y not in first_row]
                late = next(y for y in done if y not in expected)
                gap = ", ".join(str(y) for y in missing)
                errors.append(InputIssue(
                    t_real.sheet, first_row[late], t_real.headers["year"], str(late),
                    f"Jaar {late} heeft uitgaven, maar {gap} niet. De gerealiseerde jaren zijn "
                    f"de eerste jaren van de looptijd ({years[0]} en verder, zonder gaten): "
                    f"vul ook {gap} in (een bedrag van 0 mag).",
                    f"Year {late} has spending, but {gap} has none. The realised years are the "
                    f"first years of the budget ({years[0]} onwards, without gaps): fill in "
                    f"{gap} too (an amount of 0 is fine)."))
    return Monitoring(rounds=tuple(rounds), realisation=tuple(realised))


def _ids(t: Table | None, column: str) -> set[str] | None:
    """Every id written in a sheet (also on rows with other problems); None without the sheet."""
    return None if t is None else {r.values[column] for r in t.rows if column in r.values}


def monitoring_of(reader: CellParser, tables: dict[str, Table | None]) -> Monitoring | None:
    """The monitoring sheets, checked against the parks, categories and years of the workbook
    (a sheet that could not be read is left out of the checks: its problems are listed)."""
    cats = tables.get("categories")
    category_ids = ({c.category for c in DEFAULT_CATEGORIES} if "categories" not in tables
                    else _ids(cats, "category"))
    budget = tables.get("budget")
    years = None if budget is None else sorted(
        {r.values["year"] for r in budget.rows if not r.bad and "year" in r.values})
    return build_monitoring(reader.errors, tables, _ids(tables.get("parks"), "park_id"),
                            category_ids, years)
