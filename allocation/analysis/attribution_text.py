"""The attribution of a comparison in words, tables and JSON (Dutch and English, the app's
number notation from allocation.format).

    total_sentence(att, lang)                 "De waarde daalt 310 punten: -250 door ..."
    park_sentence(att, j, label_b, lang)      "X krijgt in B € 50.000 minder: € 30.000 door ..."
    notes(att, lang)                          how it was computed (weights, sampling, merging)
    largest(att, n) -> (losers, gainers)      park positions, largest change first
    group_frame(att, lang), park_frame(att, j, lang)   the numbers behind a sentence, as text
    sheet(att, lang) -> (frame, kinds, row_kinds)      the comparison export's sheet
    to_json(att), notes_json(att)             the CLI's "attribution" object and its notes
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis.attribution import Attribution

MIN_EUR = 0.5  # a share below half a euro is not named (rounding noise of the solves)
MIN_POINTS = 0.05
UNCHANGED_EUR = 1.0  # as in compare.py: a change within €1 counts as unchanged
SHEET_NL, SHEET_EN = "Verklaring verschillen", "Explained differences"


def _en(lang: str) -> bool:
    return lang == "en"


def _cause(att: Attribution, i: int, lang: str) -> str:
    g = att.groups[i]
    return g.cause_en if _en(lang) else g.cause_nl


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if _en(lang) else " en ") + items[-1]


def _point_decimals(att: Attribution) -> int:
    return 0 if abs(att.total_value_difference) >= 100 else 1


def total_sentence(att: Attribution, lang: str = "nl") -> str:
    """What moved the total value, largest cause first."""
    en = _en(lang)
    if not att.ok:
        return att.message(lang)
    diff = att.total_value_difference
    dec = _point_decimals(att)
    order = np.argsort(-np.abs(att.value_by_group), kind="stable")
    parts = [f"{fmt.points(att.value_by_group[i], dec, signed=True)} "
             f"{'because of' if en else 'door'} {_cause(att, int(i), lang)}"
             for i in order if abs(att.value_by_group[i]) >= MIN_POINTS]
    if abs(diff) < MIN_POINTS:
        head = "The total value stays the same" if en else "De totale waarde blijft gelijk"
        if parts:
            head += (" on balance" if en else " per saldo")
        return head + (f": {', '.join(parts)}." if parts else ".")
    if en:
        head = (f"The total value {'rises' if diff > 0 else 'falls'} by "
                f"{fmt.points(abs(diff), dec)} points")
    else:
        head = f"De totale waarde {'stijgt' if diff > 0 else 'daalt'} {fmt.points(abs(diff), dec)} punten"
    return head + (f": {', '.join(parts)}." if parts else ".")


def park_sentence(att: Attribution, j: int, label_b: str, lang: str = "nl") -> str:
    """Why park j (position in `att.park_ids`) gets more or less in B, by cause."""
    en = _en(lang)
    name = att.park_names[j] or att.park_ids[j]
    if not att.ok:
        return att.message(lang)
    diff = float(att.park_difference[j])
    by = att.park_by_group[:, j]
    order = [int(i) for i in np.argsort(-np.abs(by), kind="stable") if abs(by[i]) >= MIN_EUR]
    word = "because of" if en else "door"
    more, less = ("more", "less") if en else ("meer", "minder")
    if abs(diff) <= UNCHANGED_EUR:
        if not order:
            return (f"{name} gets the same in {label_b}; none of the changes moves its money."
                    if en else
                    f"{name} krijgt in {label_b} evenveel; geen van de wijzigingen verschuift "
                    "zijn geld.")
        items = [f"{fmt.eur(abs(by[i]))} {more if by[i] > 0 else less} {word} "
                 f"{_cause(att, i, lang)}" for i in order]
        return (f"{name} gets the same in {label_b} on balance: {_join(items, lang)}."
                if en else
                f"{name} krijgt in {label_b} per saldo evenveel: {_join(items, lang)}.")
    sign = 1 if diff > 0 else -1
    same = [f"{fmt.eur(abs(by[i]))} {word} {_cause(att, i, lang)}" for i in order
            if by[i] * sign > 0]
    against = [f"{fmt.eur(abs(by[i]))} {more if by[i] > 0 else less} {word} "
               f"{_cause(att, i, lang)}" for i in order if by[i] * sign < 0]
    direction = (more if diff > 0 else less)
    text = (f"{name} gets {fmt.eur(abs(diff))} {direction} in {label_b}" if en else
            f"{name} krijgt in {label_b} {fmt.eur(abs(diff))} {direction}")
    if same:
        text += ": " + ", ".join(same)
    if against:
        text += ("; against that " if en else "; daartegenover ") + ", ".join(against)
    if att.money_se is not None:
        err = float(att.money_se[:, j].max()) * 1.96 if att.money_se.size else 0.0
        text += (f" (estimated from {att.samples} orders: up to ± {fmt.eur(err)} per cause)"
                 if en else
                 f" (geschat uit {att.samples} volgordes: tot ± {fmt.eur(err)} per oorzaak)")
    return text + "."


def notes(att: Attribution, lang: str = "nl") -> list[str]:
    """How the figures were made: the yardstick of the value, sampling, merging, solves."""
    en = _en(lang)
    out = []
    k = len(att.groups)
    if att.method == "exact":
        out.append(f"Exact: every order of the {k} groups of changes, {att.solves} re-solves "
                   f"({fmt.seconds(att.seconds)})." if en else
                   f"Exact: elke volgorde van de {k} groepen wijzigingen, {att.solves} "
                   f"herberekeningen ({fmt.seconds(att.seconds)}).")
    else:
        err = 1.96 * float(att.value_se.max()) if att.value_se is not None and k else 0.0
        out.append(f"Estimated from {att.samples} random orders of the {k} groups "
                   f"({att.solves} re-solves, {fmt.seconds(att.seconds)}); sampling error "
                   f"(95%) up to ± {fmt.points(err, 1)} points per group." if en else
                   f"Geschat uit {att.samples} willekeurige volgordes van de {k} groepen "
                   f"({att.solves} herberekeningen, {fmt.seconds(att.seconds)}); "
                   f"steekproeffout (95%) tot ± {fmt.points(err, 1)} punten per groep.")
    if att.merged:
        out.append("More than six groups of changes: related groups are merged (all budget "
                   "years, all categories, the settings)." if en else
                   "Meer dan zes groepen wijzigingen: verwante groepen zijn samengevoegd "
                   "(alle budgetjaren, alle categorieën, de instellingen).")
    if att.weights_differ:
        own = att.value_b_own - att.value_a
        out.append("The goal weights differ, and value points under different weights are "
                   "not comparable: the value is measured with the reference scenario's "
                   f"weights for both. (With its own weights the other scenario has "
                   f"{fmt.points(att.value_b_own, 1)} points, {fmt.points(own, 1, True)}; that "
                   "difference is not split.) The euros per park are attributed as always."
                   if en else
                   "De doelgewichten verschillen, en waardepunten met andere gewichten zijn "
                   "niet vergelijkbaar: de waarde is voor beide gemeten met de gewichten van "
                   f"het referentiescenario. (Met zijn eigen gewichten heeft het andere "
                   f"scenario {fmt.points(att.value_b_own, 1)} punten, "
                   f"{fmt.points(own, 1, True)}; dat verschil wordt niet verdeeld.) De euro's "
                   "per terrein worden gewoon verdeeld.")
    return out


def largest(att: Attribution, n: int = 5) -> tuple[list[int], list[int]]:
    """The n parks that lose most and the n that gain most (positions), largest first."""
    diff = att.park_difference if att.ok and att.money_a.size else np.zeros(len(att.park_ids))
    order = np.argsort(diff, kind="stable")
    losers = [int(j) for j in order if diff[j] < -UNCHANGED_EUR][:n]
    gainers = [int(j) for j in order[::-1] if diff[j] > UNCHANGED_EUR][:n]
    return losers, gainers


_H = {
    "cause": ("Oorzaak", "Cause"), "share": ("Aandeel in het verschil", "Share of the difference"),
    "alone": ("Alleen toegepast op de referentie", "Applied alone to the reference"),
    "error": ("Steekproeffout (95%, ±)", "Sampling error (95%, ±)"),
    "part": ("Onderdeel", "Part"), "park_id": ("Terrein-id", "Park id"), "name": ("Naam", "Name"),
    "unit": ("Eenheid", "Unit"), "value": ("Totale waarde", "Total value"),
    "park": ("Terrein", "Park"), "total": ("Totaal verschil", "Total difference"),
    "points": ("waardepunten", "value points"), "eur": ("€ publiek", "€ public"),
}


def _h(key: str, lang: str) -> str:
    return _H[key][1 if _en(lang) else 0]


def group_frame(att: Attribution, lang: str = "nl") -> pd.DataFrame:
    """The value attribution as text cells: cause, share, alone (and the sampling error)."""
    dec = _point_decimals(att)
    rows: dict[str, list[str]] = {
        _h("cause", lang): [_cause(att, i, lang) for i in range(len(att.groups))]
        + [_h("total", lang)],
        _h("share", lang): [fmt.points(v, dec, signed=True) for v in att.value_by_group]
        + [fmt.points(att.total_value_difference, dec, signed=True)],
        _h("alone", lang): [fmt.points(v, dec, signed=True) for v in att.value_alone] + [""],
    }
    if att.value_se is not None:
        rows[_h("error", lang)] = [fmt.points(1.96 * v, dec) for v in att.value_se] + [""]
    return pd.DataFrame(rows)


def park_frame(att: Attribution, j: int, lang: str = "nl") -> pd.DataFrame:
    """Park j's attribution as text cells: cause, share, alone, and per year."""
    by = att.money_by_group[:, j, :]
    alone = att.money_alone[:, j, :]
    rows: dict[str, list[str]] = {
        _h("cause", lang): [_cause(att, i, lang) for i in range(len(att.groups))]
        + [_h("total", lang)],
        _h("share", lang): [fmt.eur(v, signed=True) for v in by.sum(axis=1)]
        + [fmt.eur(att.park_difference[j], signed=True)],
        _h("alone", lang): [fmt.eur(v, signed=True) for v in alone.sum(axis=1)] + [""],
    }
    total_year = att.money_b[j] - att.money_a[j]
    for t, y in enumerate(att.years):
        rows[str(y)] = [fmt.eur(v, signed=True) for v in by[:, t]] + \
            [fmt.eur(total_year[t], signed=True)]
    if att.money_se is not None:
        rows[_h("error", lang)] = [fmt.eur(1.96 * v) for v in att.money_se[:, j]] + [""]
    return pd.DataFrame(rows)


def chart_data(att: Attribution, j: int | None) -> pd.DataFrame:
    """One row per group: its share and its effect alone, of the total value (j None) or of
    park j's money (€); columns group, cause_nl, cause_en, share, alone."""
    if j is None:
        share, alone = att.value_by_group, att.value_alone
    else:
        share, alone = att.park_by_group[:, j], att.money_alone[:, j, :].sum(axis=1)
    return pd.DataFrame({
        "group": [g.name_nl for g in att.groups],
        "cause_nl": [g.cause_nl for g in att.groups],
        "cause_en": [g.cause_en for g in att.groups],
        "share": [float(v) for v in share], "alone": [float(v) for v in alone],
    })


def sheet(att: Attribution, lang: str = "nl") -> tuple[pd.DataFrame, list[str], list[str]]:
    """The export sheet: the value by cause, then every park whose money moves, by cause and
    year; numbers as numbers (kinds for `compare._write_table`, row kinds points / eur)."""
    cols = [_h("part", lang), _h("park_id", lang), _h("name", lang), _h("cause", lang),
            _h("unit", lang), _h("share", lang), _h("alone", lang),
            *[str(y) for y in att.years]]
    if att.method == "sample":
        cols.append(_h("error", lang))
    rows: list[list[Any]] = []
    row_kinds: list[str] = []
    nyears = len(att.years)
    for i in range(len(att.groups)):
        row = [_h("value", lang), "", "", _cause(att, i, lang), _h("points", lang),
               float(att.value_by_group[i]), float(att.value_alone[i]), *[None] * nyears]
        if att.value_se is not None:
            row.append(float(1.96 * att.value_se[i]))
        rows.append(row)
        row_kinds.append("points")
    total = [_h("value", lang), "", "", _h("total", lang), _h("points", lang),
             att.total_value_difference, None, *[None] * nyears]
    rows.append(total + ([None] if att.method == "sample" else []))
    row_kinds.append("points")
    for j, pid in enumerate(att.park_ids):
        if abs(att.park_difference[j]) <= UNCHANGED_EUR and \
                not (np.abs(att.park_by_group[:, j]) >= MIN_EUR).any():
            continue
        for i in range(len(att.groups)):
            row = [_h("park", lang), pid, att.park_names[j], _cause(att, i, lang),
                   _h("eur", lang), float(att.park_by_group[i, j]),
                   float(att.money_alone[i, j].sum()),
                   *[float(v) for v in att.money_by_group[i, j]]]
            if att.money_se is not None:
                row.append(float(1.96 * att.money_se[i, j]))
            rows.append(row)
            row_kinds.append("eur")
        diff_year = att.money_b[j] - att.money_a[j]
        row = [_h("park", lang), pid, att.park_names[j], _h("total", lang), _h("eur", lang),
               float(att.park_difference[j]), None, *[float(v) for v in diff_year]]
        rows.append(row + ([None] if att.method == "sample" else []))
        row_kinds.append("eur")
    kinds = ["text"] * 5 + ["row_diff"] * (len(cols) - 5)
    return pd.DataFrame(rows, columns=cols), kinds, row_kinds


def to_json(att: Attribution) -> dict[str, Any]:
    """The CLI's "attribution" object (issue 23), exactly its keys."""
    return {
        "total_value_difference": float(att.total_value_difference),
        "groups": [{"name_nl": g.name_nl, "name_en": g.name_en,
                    "value_points": float(att.value_by_group[i]),
                    "alone_value_points": float(att.value_alone[i])}
                   for i, g in enumerate(att.groups)],
        "parks": [{"park_id": pid, "difference_eur": float(att.park_difference[j]),
                   "by_group_eur": {g.name_en: float(att.park_by_group[i, j])
                                    for i, g in enumerate(att.groups)}}
                  for j, pid in enumerate(att.park_ids)],
    }


def notes_json(att: Attribution) -> dict[str, Any]:
    """How the attribution was made, next to it in the CLI's JSON."""
    return {
        "status": att.status, "method": att.method, "merged": att.merged,
        "samples": att.samples, "solves": att.solves, "seconds": att.seconds,
        "value_measured_with": "reference_weights" if att.weights_differ else "own_weights",
        "other_scenario_own_value": att.value_b_own if att.ok else None,
        "sampling_error_value_points": (None if att.value_se is None else
                                        [float(1.96 * v) for v in att.value_se]),
        "message_nl": att.message_nl, "message_en": att.message_en,
    }
