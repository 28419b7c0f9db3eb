"""The scenario from the tables: cross-row rules (unique ids, consecutive years, increasing
segments), settings, and the checks across sheets (the organisation category).

`build_scenario` takes the tables `read.Reader` made and the reader's issue lists (a
`cells.CellParser`); it imports only `cells` and `spec`, never the reader or the monitoring
sheets (`read` calls both).
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from allocation.domain import (
    DEFAULT_CATEGORIES,
    DEFAULT_RETURNS,
    MAX_YEARS,
    BudgetYear,
    Category,
    InputIssue,
    Park,
    ReturnSegment,
    Scenario,
    Settings,
)
from allocation.workbook.cells import BAD, CellParser, Table, translate
from allocation.workbook.spec import (
    RETURNS,
    SETTING_SPECS,
    Col,
    fmt_num,
    norm_name,
)

# -- assembling the scenario ----------------------------------------------------------------
M = TypeVar("M", bound=BaseModel)


def _unique_models(t: Table, id_field: str, model: type[M], errors: list[InputIssue],
                   duplicate_nl: str, duplicate_en: str, *, fold: bool = False) -> list[M]:
    """One model per usable row; an id that repeats is an error naming the first row.

    With `fold`, ids that differ only in case are the same id ('mw001' and 'MW001')."""
    out: list[M] = []
    seen: dict[str, tuple[int, str]] = {}
    for row in t.rows:
        key = row.values.get(id_field)
        if isinstance(key, str):
            norm = key.casefold() if fold else key
            if norm in seen:
                first_row, first = seen[norm]
                nl = duplicate_nl.format(id=key, row=first_row)
                en = duplicate_en.format(id=key, row=first_row)
                if first != key:
                    nl += (f" Daar staat '{first}'; hoofdletters en kleine letters maken geen "
                           "verschil.")
                    en += f" That row has '{first}'; upper and lower case make no difference."
                errors.append(InputIssue(t.sheet, row.number, t.headers[id_field], key, nl, en))
            else:
                seen[norm] = (row.number, key)
        if row.bad:
            continue
        try:
            out.append(model(**row.values))
        except ValidationError as e:
            errors.extend(translate(e, t.sheet, row.number, t.headers))
    return out


def build_scenario(reader: CellParser, tables: dict[str, Table | None], source: str) -> Scenario | None:
    errors = reader.errors
    # parks
    parks: list[Park] = []
    t = tables.get("parks")
    if t is not None:
        if not t.rows:
            errors.append(InputIssue(
                t.sheet, None, None, None,
                f"Blad '{t.sheet}' bevat geen terreinen: vul vanaf rij 2 één rij per "
                "bedrijventerrein in.",
                f"Sheet '{t.sheet}' has no parks: fill in one row per business park from row 2."))
        parks = _unique_models(
            t, "park_id", Park, errors,
            "Terreincode '{id}' komt al voor in rij {row}; elke code moet uniek zijn.",
            "Park id '{id}' already appears in row {row}; every id must be unique.", fold=True)
    # budget
    budget: list[BudgetYear] = []
    t = tables.get("budget")
    if t is not None:
        if not t.rows:
            errors.append(InputIssue(t.sheet, None, None, None,
                                     f"Blad '{t.sheet}' bevat geen jaren.",
                                     f"Sheet '{t.sheet}' has no years."))
        if len(t.rows) > MAX_YEARS:
            errors.append(InputIssue(
                t.sheet, t.rows[MAX_YEARS].number, None, str(len(t.rows)),
                f"Het blad heeft {len(t.rows)} jaren; hoogstens {MAX_YEARS} zijn toegestaan.",
                f"The sheet has {len(t.rows)} years; at most {MAX_YEARS} are allowed."))
        # the sequence of years counts every row whose year could be read, also a row with a
        # bad amount: one bad budget row is one problem, not also a "missing year"
        prev: tuple[int, int] | None = None
        for row in t.rows:
            if "year" not in row.values:
                continue
            year = row.values["year"]
            if prev is not None and year != prev[0] + 1:
                col = t.headers["year"]
                if year == prev[0]:
                    nl = f"Jaar {year} staat ook al in rij {prev[1]}; elk jaar komt één keer voor."
                    en = f"Year {year} also appears in row {prev[1]}; each year appears once."
                elif year > prev[0]:
                    missing = f"{prev[0] + 1}" + (f"-{year - 1}" if year - 1 > prev[0] + 1 else "")
                    nl = (f"Na {prev[0]} (rij {prev[1]}) volgt {year}: jaar {missing} ontbreekt. "
                          "De jaren moeten opeenvolgend zijn.")
                    en = (f"After {prev[0]} (row {prev[1]}) comes {year}: year {missing} is "
                          "missing. Years must be consecutive.")
                else:
                    nl = (f"Na {prev[0]} (rij {prev[1]}) volgt {year}; zet de jaren oplopend en "
                          "zonder herhalingen.")
                    en = (f"After {prev[0]} (row {prev[1]}) comes {year}; list the years in "
                          "increasing order without repeats.")
                errors.append(InputIssue(t.sheet, row.number, col, str(year), nl, en))
            prev = (year, row.number)
            if row.bad:
                continue
            try:
                budget.append(BudgetYear(**row.values))
            except ValidationError as e:
                errors.extend(translate(e, t.sheet, row.number, t.headers))
    # categories
    categories: list[Category] = list(DEFAULT_CATEGORIES)
    t = tables.get("categories")
    cat_sheet = t.sheet if t is not None else None
    if t is not None:
        if not t.rows:
            errors.append(InputIssue(
                t.sheet, None, None, None,
                f"Blad '{t.sheet}' bevat geen categorieën; vul ze in of verwijder het blad om "
                "de standaardcategorieën te gebruiken.",
                f"Sheet '{t.sheet}' has no categories; fill them in or remove the sheet to use "
                "the default categories."))
        categories = _unique_models(
            t, "category", Category, errors,
            "Categorie '{id}' komt al voor in rij {row}.",
            "Category '{id}' already appears in row {row}.")
    # returns
    returns: list[ReturnSegment] = list(DEFAULT_RETURNS)
    t = tables.get("returns")
    if t is not None:
        returns = []
        if not t.rows:
            errors.append(InputIssue(
                t.sheet, None, None, None,
                f"Blad '{t.sheet}' bevat geen segmenten; vul ze in of verwijder het blad.",
                f"Sheet '{t.sheet}' has no segments; fill them in or remove the sheet."))
        good = [r for r in t.rows if not r.bad]
        share_col = t.headers.get("up_to_share", RETURNS.col("up_to_share").nl)
        mult_col = t.headers["multiplier"]
        for i, row in enumerate(good):
            share = row.values.get("up_to_share")
            last = i == len(good) - 1
            if share is None and not last:
                errors.append(InputIssue(
                    t.sheet, row.number, share_col, None,
                    "Alleen de laatste rij mag een lege grens hebben.",
                    "Only the last row may have a blank bound."))
            if share is not None and last:
                errors.append(InputIssue(
                    t.sheet, row.number, share_col, fmt_num(share),
                    "De laatste rij moet een lege grens hebben (het laatste segment is "
                    "onbegrensd).",
                    "The last row must have a blank bound (the last segment is unbounded)."))
            if i > 0:
                before = good[i - 1]
                ps = before.values.get("up_to_share")
                if share is not None and ps is not None and share <= ps:
                    errors.append(InputIssue(
                        t.sheet, row.number, share_col, fmt_num(share),
                        f"De grenzen moeten strikt oplopen: {fmt_num(share)} is niet groter "
                        f"dan {fmt_num(ps)} in rij {before.number}.",
                        f"Bounds must strictly increase: {fmt_num(share)} is not greater "
                        f"than {fmt_num(ps)} in row {before.number}."))
                pm, m = before.values.get("multiplier"), row.values.get("multiplier")
                if pm is not None and m is not None and m > pm:
                    errors.append(InputIssue(
                        t.sheet, row.number, mult_col, fmt_num(m),
                        f"De factor mag niet stijgen: {fmt_num(m)} is hoger dan {fmt_num(pm)} "
                        f"in rij {before.number} (afnemende meeropbrengst).",
                        f"The multiplier may not increase: {fmt_num(m)} is higher than "
                        f"{fmt_num(pm)} in row {before.number} (diminishing returns)."))
            try:
                returns.append(ReturnSegment(up_to_share=share, multiplier=row.values[
                    "multiplier"]))
            except ValidationError as e:
                errors.extend(translate(e, t.sheet, row.number, t.headers))
    # settings
    settings_values: dict[str, Any] = {}
    setting_rows: dict[str, int] = {}
    t = tables.get("settings")
    set_sheet = t.sheet if t is not None else "instellingen"
    val_col = t.headers.get("value", "waarde") if t is not None else "waarde"
    if t is not None:
        settings_values, setting_rows = _settings(reader, t)
    settings: Settings | None = None
    try:
        settings = Settings(**settings_values)
    except ValidationError as e:
        weights = [k for k in setting_rows if k.startswith("weight_")]
        for issue in e.errors(include_url=False):
            msg = str(issue.get("msg", "")).removeprefix("Value error, ")
            if "all zero" in msg:
                errors.append(InputIssue(
                    set_sheet, setting_rows[weights[0]] if weights else None,
                    val_col if weights else None, "0",
                    "De doelgewichten (weight_energy, weight_circularity, weight_economy, "
                    "weight_cooperation) zijn allemaal nul; minstens één moet groter dan 0 zijn.",
                    "The goal weights (weight_energy, weight_circularity, weight_economy, "
                    "weight_cooperation) are all zero; at least one must be greater than 0."))
            else:
                errors.append(InputIssue(set_sheet, None, None, None,
                                         f"Instelling niet geaccepteerd: {msg}.",
                                         f"Setting not accepted: {msg}."))
    org = settings_values.get("organisation_category", Settings().organisation_category)
    cat_ids = {c.category for c in categories}
    categories_unreadable = "categories" in tables and tables["categories"] is None
    if not categories_unreadable and categories and org not in cat_ids:
        known = ", ".join(sorted(cat_ids))
        if "organisation_category" in setting_rows:
            errors.append(InputIssue(
                set_sheet, setting_rows["organisation_category"], val_col, org,
                f"organisation_category '{org}' is geen categorie uit blad "
                f"'{cat_sheet or 'categorieen'}' (bekend: {known}).",
                f"organisation_category '{org}' is not a category in sheet "
                f"'{cat_sheet or 'categories'}' (known: {known})."))
        else:
            errors.append(InputIssue(
                cat_sheet or "categorieen", None, None, org,
                f"De organisatiecategorie '{org}' (standaardwaarde van organisation_category) "
                "staat niet in dit blad. Voeg die categorie toe, of zet organisation_category in "
                f"blad 'instellingen' op een van: {known}.",
                f"The organisation category '{org}' (default of organisation_category) is not in "
                "this sheet. Add that category, or set organisation_category in sheet "
                f"'settings' to one of: {known}."))
    if errors or settings is None:
        return None
    try:
        return Scenario(parks=tuple(parks), budget=tuple(budget), categories=tuple(categories),
                        returns=tuple(returns), settings=settings, source=source)
    except ValidationError as e:  # a cross-check the reader did not word itself
        errors.extend(translate(e, "", None, {}))
        return None


def _settings(reader: CellParser, t: Table) -> tuple[dict[str, Any], dict[str, int]]:
    """Key/value rows into Settings fields; an unknown key is an error (no silent default)."""
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    key_col = t.headers["key"]
    val_col = t.headers["value"]
    for row in t.rows:
        raw_key = row.values.get("key")
        if raw_key is None:
            if not row.bad:
                reader.err(t.sheet, row.number, key_col, None,
                           "Lege sleutel; vul de naam van de instelling in.",
                           "Empty key; fill in the name of the setting.")
            continue
        key = norm_name(raw_key)
        if key not in SETTING_SPECS:
            close = difflib.get_close_matches(key, list(SETTING_SPECS), n=1)
            hint_nl = f" Bedoelt u '{close[0]}'?" if close else ""
            hint_en = f" Did you mean '{close[0]}'?" if close else ""
            reader.err(t.sheet, row.number, key_col, raw_key,
                       f"Onbekende instelling '{raw_key}'.{hint_nl} Bekende sleutels: "
                       + ", ".join(SETTING_SPECS) + ".",
                       f"Unknown setting '{raw_key}'.{hint_en} Known keys: "
                       + ", ".join(SETTING_SPECS) + ".")
            continue
        if key in where:
            reader.err(t.sheet, row.number, key_col, raw_key,
                       f"Instelling '{key}' staat ook al in rij {where[key]}.",
                       f"Setting '{key}' also appears in row {where[key]}.")
            continue
        where[key] = row.number
        if "value" not in row.values:
            if not row.bad:
                default = getattr(Settings(), key)
                reader.warn(t.sheet, row.number, val_col,
                            f"Instelling '{key}' heeft geen waarde; de standaardwaarde "
                            f"{default} geldt.",
                            f"Setting '{key}' has no value; the default {default} applies.")
            continue
        kind, lo, hi, lo_open, _fmt, help_nl = SETTING_SPECS[key]
        col = Col(key, key, kind, False, help_nl, lo=lo, hi=hi, lo_open=lo_open, max_len=64)
        parsed = reader.parse(col, row.values["value"], t.sheet, row.number, val_col,
                              "value" in row.percent)
        if parsed is not BAD:
            values[key] = parsed
    return values, where
