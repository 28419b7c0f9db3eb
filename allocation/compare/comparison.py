"""Compare 2-4 scenarios side by side: the `Comparison` and its tables.

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

Imports `labels` and `display` of the compare package.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from allocation import format as fmt
from allocation.compare.display import display_table
from allocation.compare.labels import (
    KPI_ROWS,
    SETTING_LABELS,
    field_label,
)
from allocation.domain import (
    GOAL_LABELS_EN,
    GOAL_LABELS_NL,
    GOALS,
    SETTING_KEYS,
    BilingualError,
    Park,
    Scenario,
)
from allocation.result import FUNDED_EUR, AllocationResult

UNCHANGED_EUR = 1.0
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4


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
        return display_table(self, table, lang)


# -- helpers ------------------------------------------------------------------------------------


def number_or_none(value: Any) -> float | None:
    """A finite number as float, else None (also for booleans and text)."""
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
            values = [number_or_none(v) if (r.has_allocation or key in ("budget_eur", "parks_total",
                                                              "parks_eligible")) else None
                      for v, r in zip(values, results, strict=True)]
        for i, v in enumerate(values):
            row[f"value_{i}"] = v
        for j in range(1, len(values)):
            a, b = number_or_none(values[0]), number_or_none(values[j])
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
                price.append(number_or_none(result.budget_shadow_price.get(y))
                             if y in result.budget_shadow_price else
                             (number_or_none(by.loc[y, "shadow_price"]) if y in by.index
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
    return [number_or_none(v) for v in series]


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
                pts.append(number_or_none(bc.loc[cid, "value_points"]) if "value_points" in bc.columns
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
        table[f"value_{i}"] = [number_or_none(r.value_by_goal.get(g)) if r.has_allocation else None
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
            change = number_or_none(d[f"change_{j}"])
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
        a, b = number_or_none(first), number_or_none(v)
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
            nl, en = field_label(fname)
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
        notes_nl = [f"'{labels[j]}': {fmt.count(len(c), 'terrein', 'terreinen')} gewijzigd ({_short_list(c)})"
                    for j, c in enumerate(changed) if c]
        notes_en = [f"'{labels[j]}': {fmt.count(len(c), 'park', 'parks')} changed ({_short_list(c)})"
                    for j, c in enumerate(changed) if c]
        nl, en = field_label(fname)
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
