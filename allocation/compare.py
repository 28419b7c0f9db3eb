"""Compare 2-4 scenarios side by side, and write comparisons and the decision log to Excel.

`compare(entries)` takes `(label, Scenario, AllocationResult)` triples; the first is the
reference. Every table in the returned `Comparison` is a plain DataFrame whose per-scenario
columns carry the scenario's position as a suffix (`eur_0` is the reference, `change_1` the
change of the second scenario against it), so code can address them without parsing labels;
`Comparison.display(table, lang)` gives the same table with headers for people.

Park status against the reference (a park is *funded* above €0,50; a change within €1 counts as
unchanged, both well above solver noise):
    entering  - not funded in the reference, funded here
    leaving   - funded in the reference, not funded here
    up / down - funded in both, more / less money here
    unchanged - within €1
    no_result - one of the two scenarios has no allocation (infeasible or failed)

Spreadsheet safety: every user text (scenario names, notes, rationales, park names) goes through
the workbook writer's cell helper (`allocation.workbook._put`): text starting with = + - @ tab or
CR becomes a literal string cell with Excel's quote prefix, so it shows as written and never runs
as a formula (WORKBOOK.md: texts are displayed literally everywhere).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from allocation import format as fmt
from allocation.domain import (
    GOAL_LABELS_EN,
    GOAL_LABELS_NL,
    GOALS,
    SETTING_KEYS,
    BilingualError,
    Park,
    Scenario,
)
from allocation.result import FUNDED_EUR, AllocationResult, status_label

if TYPE_CHECKING:
    from allocation.store import AuditEntry, Decision

UNCHANGED_EUR = 1.0
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4

STATUS_LABELS = {
    "entering": ("nieuw gefinancierd", "entering"),
    "leaving": ("valt af", "leaving"),
    "up": ("meer", "up"),
    "down": ("minder", "down"),
    "unchanged": ("gelijk", "unchanged"),
    "no_result": ("geen uitkomst", "no result"),
}

# key, Dutch label, English label, kind (for formatting)
KPI_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("status", "Uitkomst", "Outcome", "text"),
    ("objective", "Waardepunten", "Value points", "points"),
    ("budget_eur", "Budget", "Budget", "eur"),
    ("allocated_public_eur", "Toegekend (publiek)", "Allocated (public)", "eur"),
    ("unallocated_eur", "Niet toegekend", "Unallocated", "eur"),
    ("private_eur", "Privaat gemobiliseerd", "Private co-financing", "eur"),
    ("leverage", "Hefboom (privaat per publieke euro)", "Leverage (private per public euro)",
     "ratio"),
    ("parks_funded", "Terreinen met geld", "Parks funded", "int"),
    ("parks_eligible", "Terreinen die in aanmerking komen", "Parks eligible", "int"),
    ("parks_total", "Terreinen", "Parks", "int"),
)

# Every assumption by the name a user knows it by (never a field name or a category id).
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "weight_energy": ("gewicht energie", "weight energy"),
    "weight_circularity": ("gewicht circulariteit", "weight circularity"),
    "weight_economy": ("gewicht economie", "weight economy"),
    "weight_cooperation": ("gewicht samenwerking", "weight cooperation"),
    "discount_rate": ("discontovoet per jaar", "discount rate per year"),
    "draagvlak_effect": ("effect van draagvlak", "effect of draagvlak"),
    "capacity_growth": ("groei absorptiecapaciteit door organisatiekracht",
                        "capacity growth from organisation building"),
    "carry_over": ("niet-besteed budget meenemen", "carry unspent budget over"),
    "organisation_category": ("categorie voor organisatiekracht",
                              "organisation-building category"),
    "strategic_floor_eur": ("strategische bodem per terrein per jaar (€)",
                            "strategic floor per park per year (€)"),
    "max_municipality_share": ("maximaal aandeel per gemeente",
                               "maximum share per municipality"),
    **{f"capacity_level_{i}": (f"absorptiecapaciteit organisatiegraad {i} (€ per jaar)",
                               f"absorption capacity organisation level {i} (€ per year)")
       for i in range(5)},
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    # Park
    "name": ("naam", "name"), "municipality": ("gemeente", "municipality"),
    "region": ("regio", "region"), "latitude": ("breedtegraad", "latitude"),
    "longitude": ("lengtegraad", "longitude"), "area_ha": ("oppervlakte (ha)", "area (ha)"),
    "companies": ("bedrijven", "companies"), "jobs": ("banen", "jobs"),
    "strategic": ("strategisch", "strategic"),
    "organisation_level": ("organisatiegraad", "organisation level"),
    "draagvlak": ("draagvlak", "draagvlak"),
    "private_capacity_eur": ("cofinanciering € per jaar", "co-financing € per year"),
    "municipal_team": ("gebiedsteam", "municipal team"),
    "absorption_capacity_eur": ("absorptiecapaciteit € per jaar", "absorption capacity € per year"),
    "potential_energy": ("potentieel energie", "potential energy"),
    "potential_circularity": ("potentieel circulariteit", "potential circularity"),
    "potential_economy": ("potentieel economie", "potential economy"),
    "potential_cooperation": ("potentieel samenwerking", "potential cooperation"),
    # Category
    "label": ("omschrijving", "label"),
    "min_private_share": ("minimaal privaat aandeel", "minimum private share"),
    "min_organisation_level": ("minimale organisatiegraad", "minimum organisation level"),
    "requires_municipal_team": ("vereist gebiedsteam", "requires municipal team"),
    "min_draagvlak": ("minimaal draagvlak", "minimum draagvlak"),
    "max_per_park_year_eur": ("maximum per terrein per jaar (€)", "maximum per park per year (€)"),
    "impact_energy": ("impact energie", "impact energy"),
    "impact_circularity": ("impact circulariteit", "impact circularity"),
    "impact_economy": ("impact economie", "impact economy"),
    "impact_cooperation": ("impact samenwerking", "impact cooperation"),
}


def _field(name: str) -> tuple[str, str]:
    return FIELD_LABELS.get(name, (name.replace("_", " "), name.replace("_", " ")))


class CompareError(BilingualError, ValueError):
    """The comparison cannot be made (wrong number of scenarios); Dutch and English."""


@dataclass(frozen=True)
class Comparison:
    labels: list[str]  # unique display names; labels[0] is the reference
    scenarios: pd.DataFrame  # index, label, reference, status, message_nl/en, source, parks, ...
    kpis: pd.DataFrame  # kpi, label_nl, label_en, kind, value_i, diff_j (j >= 1)
    by_year: pd.DataFrame  # year, budget_i, public_i, shadow_price_i, diff_public_j
    by_year_long: pd.DataFrame  # scenario, year, budget_eur, public_eur, shadow_price
    by_category: pd.DataFrame  # category, label, public_i, value_points_i, diff_public_j
    by_goal: pd.DataFrame  # goal, label_nl, label_en, value_i, diff_j
    parks: pd.DataFrame  # park_id, name, municipality, eur_i, change_j, status_j,
    #                      explanation_nl_i, explanation_en_i, max_abs_change
    shifts: pd.DataFrame  # the largest gains and losses: park_id, name, scenario,
    #                       scenario_index, reference_eur, eur, change, status,
    #                       reason_ref_nl/en (reference), reason_nl/en (this scenario)
    assumptions: pd.DataFrame  # section, key, label_nl, label_en, value_i, note_nl, note_en

    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def reference(self) -> str:
        return self.labels[0]

    def display(self, table: str, lang: str = "nl") -> tuple[pd.DataFrame, list[str]]:
        """`table` with headers for people in `lang`, and the kind of each column."""
        return _display(self, table, lang)


# -- helpers ------------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _unique_labels(raw: Sequence[str]) -> list[str]:
    labels: list[str] = []
    for i, label in enumerate(raw):
        base = " ".join(str(label or "").split()) or f"Scenario {i + 1}"
        candidate, k = base, 2
        while candidate in labels:
            candidate, k = f"{base} ({k})", k + 1
        labels.append(candidate)
    return labels


def _status(ref: float | None, other: float | None) -> str:
    if ref is None or other is None:
        return "no_result"
    ref_funded, other_funded = ref > FUNDED_EUR, other > FUNDED_EUR
    if not ref_funded and other_funded:
        return "entering"
    if ref_funded and not other_funded:
        return "leaving"
    change = other - ref
    if abs(change) <= UNCHANGED_EUR:
        return "unchanged"
    return "up" if change > 0 else "down"


def _short_list(items: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", … (+{len(items) - limit})" if len(items) > limit else "")


def _park_money(result: AllocationResult) -> dict[str, float] | None:
    if not result.has_allocation:
        return None
    if len(result.by_park) and "public_eur" in result.by_park.columns:
        return {str(k): float(v) for k, v in
                zip(result.by_park["park_id"], result.by_park["public_eur"], strict=True)}
    if len(result.allocation):
        sums = result.allocation.groupby("park_id")["public_eur"].sum()
        return {str(k): float(v) for k, v in sums.items()}
    return {}


def _park_explanations(result: AllocationResult) -> dict[str, tuple[str, str]]:
    out = {pid: (e.message_nl, e.message_en) for pid, e in result.explanations.items()}
    bp = result.by_park
    if len(bp) and {"explanation_nl", "explanation_en"} <= set(bp.columns):
        for pid, nl, en in zip(bp["park_id"], bp["explanation_nl"], bp["explanation_en"],
                               strict=True):
            if isinstance(nl, str) and nl:
                out[str(pid)] = (nl, en if isinstance(en, str) else "")
    return out


# -- the tables ---------------------------------------------------------------------------------


def _scenarios_table(labels: list[str], entries: Sequence[tuple[str, Scenario, AllocationResult]]
                     ) -> pd.DataFrame:
    rows = []
    for i, (label, (_, scenario, result)) in enumerate(zip(labels, entries, strict=True)):
        rows.append({
            "index": i, "label": label, "reference": i == 0, "status": result.status,
            "message_nl": result.message_nl, "message_en": result.message_en,
            "source": scenario.source, "parks": len(scenario.parks),
            "first_year": scenario.years[0], "last_year": scenario.years[-1],
            "content_hash": scenario.content_hash(),
        })
    return pd.DataFrame(rows)


def _kpi_table(results: Sequence[AllocationResult]) -> pd.DataFrame:
    kpis = [r.kpis() for r in results]
    rows = []
    for key, nl, en, kind in KPI_ROWS:
        row: dict[str, Any] = {"kpi": key, "label_nl": nl, "label_en": en, "kind": kind}
        values = [k.get(key) for k in kpis]
        if kind != "text":
            # an infeasible scenario has no allocation: its money figures are not zero but absent
            values = [_num(v) if (r.has_allocation or key in ("budget_eur", "parks_total",
                                                              "parks_eligible")) else None
                      for v, r in zip(values, results, strict=True)]
        for i, v in enumerate(values):
            row[f"value_{i}"] = v
        for j in range(1, len(values)):
            a, b = _num(values[0]), _num(values[j])
            row[f"diff_{j}"] = (b - a) if (kind != "text" and a is not None and b is not None
                                           ) else None
        rows.append(row)
    return pd.DataFrame(rows)


def _by_year_tables(labels: list[str], entries: Sequence[tuple[str, Scenario, AllocationResult]]
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    years = sorted({y for _, s, _ in entries for y in s.years})
    wide = pd.DataFrame({"year": years})
    long_rows = []
    for i, (label, (_, scenario, result)) in enumerate(zip(labels, entries, strict=True)):
        by = result.by_year.set_index("year") if len(result.by_year) else pd.DataFrame()
        budgets = scenario.budgets
        pub: list[float | None] = []
        price: list[float | None] = []
        for y in years:
            if result.has_allocation and y in budgets:
                pub.append(float(by.loc[y, "public_eur"]) if y in by.index else 0.0)
                price.append(_num(result.budget_shadow_price.get(y))
                             if y in result.budget_shadow_price else
                             (_num(by.loc[y, "shadow_price"]) if y in by.index
                              and "shadow_price" in by.columns else None))
            else:
                pub.append(None)
                price.append(None)
        wide[f"budget_{i}"] = [budgets.get(y) for y in years]
        wide[f"public_{i}"] = pub
        wide[f"shadow_price_{i}"] = price
        for y, p, sp in zip(years, pub, price, strict=True):
            if y in budgets:
                long_rows.append({"scenario": label, "year": y, "budget_eur": budgets[y],
                                  "public_eur": p, "shadow_price": sp})
    for j in range(1, len(entries)):
        wide[f"diff_public_{j}"] = [
            (b - a) if a is not None and b is not None else None
            for a, b in zip(_nums(wide["public_0"]), _nums(wide[f"public_{j}"]), strict=True)
        ]
    long = pd.DataFrame(long_rows, columns=["scenario", "year", "budget_eur", "public_eur",
                                            "shadow_price"])
    return wide, long


def _nums(series: Iterable[Any]) -> list[float | None]:
    return [_num(v) for v in series]


def _by_category_table(entries: Sequence[tuple[str, Scenario, AllocationResult]]
                       ) -> pd.DataFrame:
    order: list[str] = []
    labels: dict[str, str] = {}
    for _, scenario, _ in entries:
        for c in scenario.categories:
            if c.category not in labels:
                order.append(c.category)
                labels[c.category] = c.label or c.category
    table = pd.DataFrame({"category": order, "label": [labels[c] for c in order]})
    for i, (_, scenario, result) in enumerate(entries):
        present = {c.category for c in scenario.categories}
        bc = result.by_category.set_index("category") if len(result.by_category) else None
        pub: list[float | None] = []
        pts: list[float | None] = []
        for cid in order:
            if not result.has_allocation or cid not in present:
                pub.append(None)
                pts.append(None)
            elif bc is not None and cid in bc.index:
                pub.append(float(bc.loc[cid, "public_eur"]))
                pts.append(_num(bc.loc[cid, "value_points"]) if "value_points" in bc.columns
                           else None)
            else:
                pub.append(0.0)
                pts.append(0.0)
        table[f"public_{i}"] = pub
        table[f"value_points_{i}"] = pts
    for j in range(1, len(entries)):
        table[f"diff_public_{j}"] = [
            (b - a) if a is not None and b is not None else None
            for a, b in zip(_nums(table["public_0"]), _nums(table[f"public_{j}"]), strict=True)
        ]
    return table


def _by_goal_table(results: Sequence[AllocationResult]) -> pd.DataFrame:
    table = pd.DataFrame({"goal": list(GOALS),
                          "label_nl": [GOAL_LABELS_NL[g] for g in GOALS],
                          "label_en": [GOAL_LABELS_EN[g] for g in GOALS]})
    for i, r in enumerate(results):
        table[f"value_{i}"] = [_num(r.value_by_goal.get(g)) if r.has_allocation else None
                               for g in GOALS]
    for j in range(1, len(results)):
        table[f"diff_{j}"] = [
            (b - a) if a is not None and b is not None else None
            for a, b in zip(_nums(table["value_0"]), _nums(table[f"value_{j}"]), strict=True)
        ]
    return table


def _parks_table(entries: Sequence[tuple[str, Scenario, AllocationResult]]) -> pd.DataFrame:
    info: dict[str, Park] = {}
    for _, scenario, _ in entries:
        for p in scenario.parks:
            info.setdefault(p.park_id, p)
    ids = list(info)
    table = pd.DataFrame({
        "park_id": ids,
        "name": [info[i].name for i in ids],
        "municipality": [info[i].municipality for i in ids],
    })
    money: list[list[float | None]] = []
    for i, (_, scenario, result) in enumerate(entries):
        present = {p.park_id for p in scenario.parks}
        got = _park_money(result)
        col = [None if got is None else (got.get(pid, 0.0) if pid in present else 0.0)
               for pid in ids]
        money.append(col)
        table[f"eur_{i}"] = col
    max_abs = [0.0] * len(ids)
    for j in range(1, len(entries)):
        changes = [(b - a) if a is not None and b is not None else None
                   for a, b in zip(money[0], money[j], strict=True)]
        table[f"change_{j}"] = changes
        table[f"status_{j}"] = [_status(a, b) for a, b in zip(money[0], money[j], strict=True)]
        max_abs = [max(m, abs(c)) if c is not None else m
                   for m, c in zip(max_abs, changes, strict=True)]
    for i, (_, scenario, result) in enumerate(entries):
        present = {p.park_id for p in scenario.parks}
        expl = _park_explanations(result)
        table[f"explanation_nl_{i}"] = [
            expl.get(pid, ("", ""))[0] if pid in present else "niet in dit scenario"
            for pid in ids]
        table[f"explanation_en_{i}"] = [
            expl.get(pid, ("", ""))[1] if pid in present else "not in this scenario"
            for pid in ids]
    table["max_abs_change"] = max_abs
    return table.sort_values(["max_abs_change", "park_id"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _shifts_table(parks: pd.DataFrame, labels: list[str], top_n: int) -> pd.DataFrame:
    """The top_n largest gains AND the top_n largest losses against the reference (a park that
    loses is never hidden behind many that gain), largest first, with each park's reason in the
    reference and in the other scenario."""
    rows = []
    for j in range(1, len(labels)):
        for rec in parks.itertuples(index=False):
            d = rec._asdict()
            change = _num(d[f"change_{j}"])
            if change is None or abs(change) <= UNCHANGED_EUR:
                continue
            rows.append({"park_id": d["park_id"], "name": d["name"],
                         "municipality": d["municipality"], "scenario": labels[j],
                         "scenario_index": j, "reference_eur": d["eur_0"],
                         "eur": d[f"eur_{j}"], "change": change, "status": d[f"status_{j}"],
                         "reason_ref_nl": d["explanation_nl_0"],
                         "reason_ref_en": d["explanation_en_0"],
                         "reason_nl": d[f"explanation_nl_{j}"],
                         "reason_en": d[f"explanation_en_{j}"]})
    cols = ["park_id", "name", "municipality", "scenario", "scenario_index", "reference_eur",
            "eur", "change", "status", "reason_ref_nl", "reason_ref_en", "reason_nl", "reason_en"]
    table = pd.DataFrame(rows, columns=cols)
    if table.empty:
        return table
    table["_abs"] = table["change"].abs()
    table = table.sort_values(["_abs", "scenario_index", "park_id"],
                              ascending=[False, True, True], kind="stable")
    gains = table[table["change"] > 0].head(top_n)
    losses = table[table["change"] < 0].head(top_n)
    both = pd.concat([gains, losses]).sort_values(["_abs", "scenario_index", "park_id"],
                                                  ascending=[False, True, True], kind="stable")
    return both.drop(columns="_abs").reset_index(drop=True)


# -- assumptions --------------------------------------------------------------------------------


def _differs(values: Sequence[Any]) -> bool:
    first = values[0]
    for v in values[1:]:
        a, b = _num(first), _num(v)
        if a is not None and b is not None:
            if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
                return True
        elif v != first:
            return True
    return False


def _returns_text(scenario: Scenario) -> str:
    parts = []
    for seg in scenario.returns:
        upto = "rest" if seg.up_to_share is None else f"≤{seg.up_to_share:g}"
        parts.append(f"{upto}: ×{seg.multiplier:g}")
    return "; ".join(parts)


def _park_aggregate(parks: Sequence[Park], fname: str) -> Any:
    values = [getattr(p, fname) for p in parks]
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, bool) for v in present):
        return sum(1 for v in present if v)
    if all(isinstance(v, int | float) for v in present):
        return round(sum(float(v) for v in present) / len(present), 9)  # no 0.6000000000000001
    return len(set(present))


def _park_aggregate_kind(fname: str) -> tuple[str, str]:
    annotation = str(Park.model_fields[fname].annotation)
    if "bool" in annotation:
        return "aantal ja", "count yes"
    if "str" in annotation:
        return "aantal verschillend", "distinct values"
    return "gemiddelde", "mean"


def _assumptions_table(labels: list[str], scenarios: Sequence[Scenario]) -> pd.DataFrame:
    n = len(scenarios)
    rows: list[dict[str, Any]] = []

    def add(section: str, key: str, nl: str, en: str, values: Sequence[Any],
            note_nl: str = "", note_en: str = "", force: bool = False) -> None:
        if force or _differs(values):
            row: dict[str, Any] = {"section": section, "key": key, "label_nl": nl,
                                   "label_en": en, "note_nl": note_nl, "note_en": note_en}
            for i, v in enumerate(values):
                row[f"value_{i}"] = v
            rows.append(row)

    cat_label = {c.category: c.label or c.category for s in reversed(scenarios)
                 for c in s.categories}
    for key in SETTING_KEYS:
        nl, en = SETTING_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ")))
        values = [getattr(s.settings, key) for s in scenarios]
        if key == "organisation_category":
            values = [cat_label.get(v, v) for v in values]
        add("settings", key, nl, en, values)

    years = sorted({y for s in scenarios for y in s.years})
    for y in years:
        add("budget", str(y), f"budget {y}", f"budget {y}",
            [s.budgets.get(y) for s in scenarios])
    add("budget", "total", "budget totaal", "budget total",
        [sum(s.budgets.values()) for s in scenarios])

    cat_ids: list[str] = []
    for s in scenarios:
        cat_ids += [c.category for c in s.categories if c.category not in cat_ids]
    for cid in cat_ids:
        cats = [next((c for c in s.categories if c.category == cid), None) for s in scenarios]
        name = cat_label.get(cid, cid)
        add("categories", f"{cid}.present", f"{name}: aanwezig",
            f"{name}: present", [c is not None for c in cats])
        for fname in type(next(c for c in cats if c is not None)).model_fields:
            if fname == "category":
                continue
            nl, en = _field(fname)
            add("categories", f"{cid}.{fname}", f"{name}: {nl}", f"{name}: {en}",
                [getattr(c, fname) if c is not None else None for c in cats])

    add("returns", "segments", "meeropbrengst (aandeel: factor)", "returns (share: multiplier)",
        [_returns_text(s) for s in scenarios])

    ref = scenarios[0]
    ref_parks = {p.park_id: p for p in ref.parks}
    add("parks", "count", "aantal terreinen", "number of parks", [len(s.parks) for s in scenarios])
    added = [[p.park_id for p in s.parks if p.park_id not in ref_parks] for s in scenarios]
    removed = [[pid for pid in ref_parks if pid not in {p.park_id for p in s.parks}]
               for s in scenarios]
    if any(added):
        add("parks", "added", "terreinen erbij (t.o.v. referentie)", "parks added (vs reference)",
            [_short_list(a) for a in added], force=True)
    if any(removed):
        add("parks", "removed", "terreinen eraf (t.o.v. referentie)",
            "parks removed (vs reference)", [_short_list(r) for r in removed], force=True)
    for fname in Park.model_fields:
        if fname == "park_id":
            continue
        changed: list[list[str]] = []
        for s in scenarios:
            changed.append([p.park_id for p in s.parks if p.park_id in ref_parks
                            and getattr(p, fname) != getattr(ref_parks[p.park_id], fname)])
        if not any(changed):
            continue
        agg_nl, agg_en = _park_aggregate_kind(fname)
        notes_nl = [f"'{labels[j]}': {len(c)} terrein(en) gewijzigd ({_short_list(c)})"
                    for j, c in enumerate(changed) if c]
        notes_en = [f"'{labels[j]}': {len(c)} park(s) changed ({_short_list(c)})"
                    for j, c in enumerate(changed) if c]
        nl, en = _field(fname)
        add("parks", fname, f"terreinen: {nl} ({agg_nl})", f"parks: {en} ({agg_en})",
            [_park_aggregate(s.parks, fname) for s in scenarios],
            note_nl="; ".join(notes_nl), note_en="; ".join(notes_en), force=True)

    cols = ["section", "key", "label_nl", "label_en", *[f"value_{i}" for i in range(n)],
            "note_nl", "note_en"]
    return pd.DataFrame(rows, columns=cols)


# -- the entry point ----------------------------------------------------------------------------


def compare(entries: Sequence[tuple[str, Scenario, AllocationResult]],
            top_n: int = 10) -> Comparison:
    """Compare 2-4 scenarios; the first is the reference every difference is taken against."""
    entries = list(entries)
    if not MIN_SCENARIOS <= len(entries) <= MAX_SCENARIOS:
        raise CompareError(
            f"Kies 2 tot 4 scenario's om te vergelijken (nu {len(entries)}).",
            f"Choose 2 to 4 scenarios to compare (got {len(entries)}).",
        )
    labels = _unique_labels([e[0] for e in entries])
    scenarios = [e[1] for e in entries]
    results = [e[2] for e in entries]
    by_year, by_year_long = _by_year_tables(labels, entries)
    parks = _parks_table(entries)
    return Comparison(
        labels=labels,
        scenarios=_scenarios_table(labels, entries),
        kpis=_kpi_table(results),
        by_year=by_year,
        by_year_long=by_year_long,
        by_category=_by_category_table(entries),
        by_goal=_by_goal_table(results),
        parks=parks,
        shifts=_shifts_table(parks, labels, max(1, int(top_n))),
        assumptions=_assumptions_table(labels, scenarios),
    )


# -- tables for people --------------------------------------------------------------------------

_WORDS = {
    "nl": {"reference": "referentie", "difference": "verschil", "budget": "budget",
           "public": "toegekend", "shadow_price": "schaduwprijs", "value_points": "waardepunten",
           "status": "status", "explanation": "toelichting", "change": "verschil",
           "year": "Jaar", "category": "Categorie", "label": "Omschrijving", "goal": "Doel",
           "park_id": "Terrein-id", "name": "Naam", "municipality": "Gemeente",
           "max_abs_change": "Grootste verschil", "scenario": "Scenario",
           "reference_eur": "€ referentie", "eur": "€ scenario", "section": "Onderdeel",
           "assumption": "Aanname", "note": "Toelichting", "kpi": "Kerncijfer",
           "index": "Nr.", "outcome": "Uitkomst", "message": "Melding", "source": "Bron",
           "parks": "Terreinen", "first_year": "Eerste jaar", "last_year": "Laatste jaar",
           "content_hash": "Vingerafdruk invoer"},
    "en": {"reference": "reference", "difference": "difference", "budget": "budget",
           "public": "allocated", "shadow_price": "shadow price", "value_points": "value points",
           "status": "status", "explanation": "explanation", "change": "change",
           "year": "Year", "category": "Category", "label": "Label", "goal": "Goal",
           "park_id": "Park id", "name": "Name", "municipality": "Municipality",
           "max_abs_change": "Largest change", "scenario": "Scenario",
           "reference_eur": "€ reference", "eur": "€ scenario", "section": "Section",
           "assumption": "Assumption", "note": "Note", "kpi": "KPI",
           "index": "No.", "outcome": "Outcome", "message": "Message", "source": "Source",
           "parks": "Parks", "first_year": "First year", "last_year": "Last year",
           "content_hash": "Input fingerprint"},
}

SECTION_LABELS = {
    "settings": ("instellingen", "settings"), "budget": ("budget", "budget"),
    "categories": ("categorieën", "categories"), "returns": ("meeropbrengst", "returns"),
    "parks": ("terreinen", "parks"),
}


def _display(c: Comparison, table: str, lang: str) -> tuple[pd.DataFrame, list[str]]:
    lang = "en" if lang == "en" else "nl"
    w = _WORDS[lang]
    li = 1 if lang == "en" else 0
    labels = c.labels
    cols: dict[str, Any] = {}
    kinds: list[str] = []

    def put(header: str, values: Any, kind: str) -> None:
        cols[header] = list(values)
        kinds.append(kind)

    def scen(i: int) -> str:
        return f"{labels[i]} ({w['reference']})" if i == 0 else labels[i]

    if table == "scenarios":
        df = c.scenarios
        put(w["index"], df["index"] + 1, "int")
        put(w["scenario"], df["label"], "text")
        put(w["reference"], ["✓" if r else "" for r in df["reference"]], "text")
        put(w["outcome"], [status_label(s, lang) for s in df["status"]],
            "text")
        put(w["message"], df[f"message_{lang}"], "text")
        put(w["source"], df["source"], "text")
        put(w["parks"], df["parks"], "int")
        put(w["first_year"], df["first_year"], "year")
        put(w["last_year"], df["last_year"], "year")
        put(w["content_hash"], [h[:12] for h in df["content_hash"]], "text")
    elif table == "kpis":
        df = c.kpis
        put(w["kpi"], df[f"label_{lang}"], "text")
        for i in range(c.n):
            vals = [status_label(v, lang) if kpi == "status" else v
                    for v, kpi in zip(df[f"value_{i}"], df["kpi"], strict=True)]
            put(scen(i), vals, "row")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_{j}"], "row_diff")
    elif table == "by_year":
        df = c.by_year
        put(w["year"], df["year"], "year")
        for i in range(c.n):
            put(f"{w['budget']} {scen(i)}", df[f"budget_{i}"], "eur")
            put(f"{w['public']} {scen(i)}", df[f"public_{i}"], "eur")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_public_{j}"], "eur_diff")
        for i in range(c.n):
            put(f"{w['shadow_price']} {scen(i)}", df[f"shadow_price_{i}"], "price")
    elif table == "by_category":
        df = c.by_category
        put(w["category"], df["label"], "text")  # the label users know, never the id
        for i in range(c.n):
            put(f"{w['public']} {scen(i)}", df[f"public_{i}"], "eur")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_public_{j}"], "eur_diff")
        for i in range(c.n):
            put(f"{w['value_points']} {scen(i)}", df[f"value_points_{i}"], "points")
    elif table == "by_goal":
        df = c.by_goal
        put(w["goal"], df[f"label_{lang}"], "text")
        for i in range(c.n):
            put(scen(i), df[f"value_{i}"], "points")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_{j}"], "points_diff")
    elif table == "parks":
        df = c.parks
        put(w["park_id"], df["park_id"], "text")
        put(w["name"], df["name"], "text")
        put(w["municipality"], df["municipality"], "text")
        for i in range(c.n):
            put(f"€ {scen(i)}", df[f"eur_{i}"], "eur")
        for j in range(1, c.n):
            put(f"{w['change']} {labels[j]}", df[f"change_{j}"], "eur_diff")
            put(f"{w['status']} {labels[j]}",
                [STATUS_LABELS[s][li] for s in df[f"status_{j}"]], "text")
        for i in range(c.n):
            put(f"{w['explanation']} {scen(i)}", df[f"explanation_{lang}_{i}"], "wide")
    elif table == "shifts":
        df = c.shifts
        put(w["park_id"], df["park_id"], "text")
        put(w["name"], df["name"], "text")
        put(w["municipality"], df["municipality"], "text")
        put(w["scenario"], df["scenario"], "text")
        put(w["reference_eur"], df["reference_eur"], "eur")
        put(w["eur"], df["eur"], "eur")
        put(w["change"], df["change"], "eur_diff")
        put(w["status"], [STATUS_LABELS[s][li] for s in df["status"]], "text")
        put(f"{w['explanation']} {w['reference']}", df[f"reason_ref_{lang}"], "wide")
        put(f"{w['explanation']} scenario", df[f"reason_{lang}"], "wide")
    elif table == "assumptions":
        df = c.assumptions
        put(w["section"], [SECTION_LABELS.get(s, (s, s))[li] for s in df["section"]], "text")
        put(w["assumption"], df[f"label_{lang}"], "text")
        budget_row = (df["section"] == "budget").to_numpy()
        for i in range(c.n):  # the budget rows read as money; other rows as they are
            put(scen(i), [fmt.eur(v) if is_budget and isinstance(v, int | float) else v
                          for v, is_budget in zip(df[f"value_{i}"], budget_row, strict=True)],
                "value")
        put(w["note"], df[f"note_{lang}"], "wide")
    else:
        raise KeyError(table)
    return pd.DataFrame(cols), kinds


# -- Excel --------------------------------------------------------------------------------------

EUR_FORMAT = '"€" #,##0;[Red]-"€" #,##0'
# Differences carry a sign both ways: +€ 1.500 and -€ 1.500 (a gain is never unsigned).
EUR_DIFF_FORMAT = '+"€" #,##0;[Red]-"€" #,##0;"€" 0'
KPI_KIND_FORMATS = {"eur": EUR_FORMAT, "points": "#,##0.00", "ratio": "0.00", "int": "#,##0",
                    "eur_diff": EUR_DIFF_FORMAT, "points_diff": "+#,##0.00;-#,##0.00;0.00",
                    "ratio_diff": "+0.00;-0.00;0.00", "int_diff": "+#,##0;-#,##0;0"}
FORMATS = {
    **KPI_KIND_FORMATS, "price": "#,##0.0000", "year": "0", "value": "General",
}
EXCEL_MAX_TEXT = 32_767


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this text as a formula (or a DDE command)?"""
    from allocation.workbook import RISKY_PREFIXES

    return text.startswith(RISKY_PREFIXES)


def _set_cell(cell: Any, value: Any, number_format: str | None = None) -> None:
    """Write one value; user texts are always literal strings, never formulas."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        cell.value = None
        return
    if isinstance(value, bool):
        cell.value = value
        return
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, int | float):
        cell.value = value
        if number_format:
            cell.number_format = number_format
        return
    if isinstance(value, datetime):
        cell.value = value
        cell.number_format = "dd-mm-yyyy hh:mm"
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    # One rule for the whole project: the workbook writer's helper stores risky text as a
    # string cell with Excel's quote prefix (the xlsx form of a leading apostrophe).
    from allocation.workbook import _put

    _put(cell, text)


def _write_table(ws: Any, df: pd.DataFrame, kinds: Sequence[str],
                 row_kinds: Sequence[str] | None = None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for j, header in enumerate(df.columns, start=1):
        cell = ws.cell(row=1, column=j)
        _set_cell(cell, header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(df.itertuples(index=False), start=2):
        for j, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
            if kind in ("row", "row_diff") and row_kinds is not None:
                fmt = KPI_KIND_FORMATS.get(row_kinds[i - 2] + kind[3:])
            else:
                fmt = FORMATS.get(kind)
            cell = ws.cell(row=i, column=j)
            _set_cell(cell, value, fmt)
            if kind == "wide":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for j, (header, kind) in enumerate(zip(df.columns, kinds, strict=True), start=1):
        longest = max([len(str(header))] + [len(str(v)) for v in df.iloc[:200, j - 1]
                                             if v is not None])
        width = 60 if kind == "wide" else min(max(10, longest + 2), 45)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "B2" if len(df.columns) > 1 else "A2"
    if len(df):
        ws.auto_filter.ref = ws.dimensions


COMPARISON_SHEETS = (
    ("scenarios", "Scenario's"),
    ("kpis", "Kerncijfers"),
    ("by_year", "Per jaar"),
    ("by_category", "Per categorie"),
    ("by_goal", "Per doel"),
    ("parks", "Per terrein"),
    ("shifts", "Grootste verschuivingen"),
    ("assumptions", "Aannames"),
)


def write_comparison(comparison: Comparison, path: str | Path | None = None,
                     lang: str = "nl") -> bytes:
    """The comparison as an xlsx workbook (Dutch sheet names; headers and texts in `lang`)."""
    from allocation.workbook import new_workbook, save_workbook

    wb = new_workbook()
    for table, sheet in COMPARISON_SHEETS:
        ws = wb.create_sheet(sheet)
        df, kinds = comparison.display(table, lang)
        row_kinds = list(comparison.kpis["kind"]) if table == "kpis" else None
        _write_table(ws, df, kinds, row_kinds)
    return save_workbook(wb, path)


def write_comparison_explained(comparison: Comparison, explained: tuple[pd.DataFrame,
                                                                         list[str], list[str]],
                               path: str | Path | None = None, lang: str = "nl") -> bytes:
    """`write_comparison` plus one sheet with the attribution of the differences (issue 23):
    `explained` is `allocation.analysis.attribution_text.sheet(...)` (frame, column kinds,
    row kinds: "points" or "eur")."""
    from allocation.workbook import new_workbook, save_workbook

    wb = new_workbook()
    for table, name in COMPARISON_SHEETS:
        df, kinds = comparison.display(table, lang)
        _write_table(wb.create_sheet(name), df, kinds,
                     list(comparison.kpis["kind"]) if table == "kpis" else None)
    frame, kinds, row_kinds = explained
    _write_table(wb.create_sheet("Verklaring verschillen"), frame, kinds, row_kinds)
    return save_workbook(wb, path)


def write_decision_log(decisions: Sequence[Decision], path: str | Path | None = None,
                       lang: str = "nl") -> bytes:
    """The minutes of the meeting: when, which scenario, why, by whom, and its KPIs then."""
    from allocation.format import local_time
    from allocation.workbook import new_workbook, save_workbook

    en = lang == "en"
    rows = []
    time_header = "Time (Dutch time)" if en else "Tijdstip (Nederlandse tijd)"
    for d in decisions:
        when = local_time(d.created_at)
        k = d.kpis
        status = str(k.get("status") or "")
        rows.append([
            when, d.scenario_name, d.scenario_version, d.scenario_id, d.rationale, d.author,
            status_label(status, "en" if en else "nl"),
            _num(k.get("objective")), _num(k.get("budget_eur")),
            _num(k.get("allocated_public_eur")), _num(k.get("unallocated_eur")),
            _num(k.get("private_eur")), _num(k.get("leverage")), _num(k.get("parks_funded")),
        ])
    headers = (
        [time_header, "Scenario", "Version", "Scenario id", "Rationale", "Recorded by",
         "Outcome", "Value points", "Budget", "Allocated (public)", "Unallocated",
         "Private co-financing", "Leverage", "Parks funded"]
        if en else
        [time_header, "Scenario", "Versie", "Scenario-id", "Motivering", "Vastgelegd door",
         "Uitkomst", "Waardepunten", "Budget", "Toegekend (publiek)", "Niet toegekend",
         "Privaat gemobiliseerd", "Hefboom", "Terreinen met geld"]
    )
    kinds = ["time", "text", "int", "int", "wide", "text", "text", "points", "eur", "eur",
             "eur", "eur", "ratio", "int"]
    df = pd.DataFrame(rows, columns=headers)
    wb = new_workbook()
    ws = wb.create_sheet("Decision log" if en else "Besluitenlijst")
    _write_table(ws, df, kinds)
    ws.column_dimensions["A"].width = 18
    return save_workbook(wb, path)


AUDIT_ACTIONS_TEXT = {
    "save": ("opgeslagen", "saved"), "rename": ("hernoemd", "renamed"),
    "delete": ("verwijderd", "deleted"), "restore": ("hersteld", "restored"),
    "decide": ("besluit vastgelegd", "decision logged"),
    "restore-backup": ("reservekopie teruggezet", "backup restored"),
}
# the details an audit entry can carry, in the user's words (nl, en)
AUDIT_DETAIL_TEXT = {
    "content_hash": ("vingerafdruk", "fingerprint"),
    "status": ("uitkomst", "outcome"),
    "old_name": ("oude naam", "old name"),
    "new_name": ("nieuwe naam", "new name"),
    "all_versions": ("alle versies", "all versions"),
    "decision_id": ("besluit nr.", "decision no."),
    "rationale": ("motivering", "rationale"),
    "made_at": ("reservekopie van", "backup made at"),
    "rows": ("aantallen", "counts"),
    "migrated": ("overgenomen uit oudere versie", "migrated from an older version"),
}


def audit_details(detail: dict[str, Any], lang: str = "nl") -> str:
    """An audit entry's details in the user's words: 'oude naam: A; nieuwe naam: B', the
    fingerprint shortened, a status as a word; a detail the app does not know stays as stored.
    The one wording of the scenario page and the exported log."""
    en = lang == "en"
    parts = []
    for key, value in sorted(detail.items()):
        if key == "content_hash" and isinstance(value, str):
            value = value[:12]
        elif key == "status" and isinstance(value, str):
            value = status_label(value, lang)
        elif isinstance(value, bool):
            value = ("yes" if value else "no") if en else ("ja" if value else "nee")
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        label = AUDIT_DETAIL_TEXT.get(key, (key, key))[1 if en else 0]
        parts.append(f"{label}: {value}")
    return "; ".join(parts)


def write_audit_log(entries: Sequence[AuditEntry], path: str | Path | None = None,
                    lang: str = "nl") -> bytes:
    """The audit trail as a workbook: when, who, what, which scenario, and the details."""
    from allocation.format import local_time
    from allocation.workbook import new_workbook, save_workbook

    en = lang == "en"
    time_header = "Time (Dutch time)" if en else "Tijdstip (Nederlandse tijd)"
    rows = []
    for e in entries:
        action = AUDIT_ACTIONS_TEXT.get(e.action, (e.action, e.action))[1 if en else 0]
        detail = audit_details(e.detail, lang)
        rows.append([local_time(e.at), e.actor, action, e.scenario_name, e.scenario_version,
                     e.scenario_id, detail])
    headers = ([time_header, "Who", "Action", "Scenario", "Version", "Scenario id", "Details"]
               if en else
               [time_header, "Wie", "Handeling", "Scenario", "Versie", "Scenario-id",
                "Details"])
    df = pd.DataFrame(rows, columns=headers)
    wb = new_workbook()
    ws = wb.create_sheet("Audit trail" if en else "Logboek")
    _write_table(ws, df, ["time", "text", "text", "text", "int", "int", "wide"])
    ws.column_dimensions["A"].width = 18
    return save_workbook(wb, path)
