"""Independent check of any allocation against docs/contracts/MODEL.md: feasibility and value.

    evaluate(scenario, allocation_df) -> Evaluation

This is the oracle that judges the solver (docs/contracts/STYLE.md, example 6), so it is written from
docs/contracts/MODEL.md directly with plain pandas/numpy and must not import `model`, `run` or `pipeline`. The value is
recomputed by filling the return segments greedily: the discounted spend of each (park,
category) goes into segment 1 up to its width, then segment 2, and so on; because the
multipliers never increase this equals the LP's best z.

`allocation_df` has the columns park_id, category, year, public_eur (private_eur is ignored:
it follows from the matching ratio). Missing combinations count as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.domain import GOALS, Bilingual, Scenario

ABS_TOL_EUR = 1e-3
REL_TOL = 1e-6

RULE_NAMES = {
    0: ("invoer", "input"),
    1: ("subsidiabiliteit", "eligibility"),
    2: ("private cofinanciering", "private co-financing"),
    3: ("opnamecapaciteit", "absorption"),
    4: ("categoriegrens", "category cap"),
    5: ("budget", "budget"),
    6: ("aandeel per gemeente", "municipality share"),
    7: ("strategische bodem", "strategic floor"),
}


@dataclass(frozen=True)
class Violation(Bilingual):
    """One broken rule: which rule (docs/contracts/MODEL.md number), where, and by how many euros."""

    rule: int
    park_id: str | None
    year: int | None
    amount_eur: float  # how far the rule is exceeded (or the floor missed)
    message_nl: str
    message_en: str
    category: str | None = None
    municipality: str | None = None

    def __str__(self) -> str:
        return self.message_en


@dataclass
class Evaluation:
    violations: list[Violation]
    objective: float
    value_by_goal: dict[str, float] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return not self.violations


def _tol(limit: float) -> float:
    return max(ABS_TOL_EUR, REL_TOL * abs(limit))


def _tol_arr(limit: np.ndarray) -> np.ndarray:
    tol: np.ndarray = np.maximum(ABS_TOL_EUR, REL_TOL * np.abs(limit))
    return tol


def evaluate(scenario: Scenario, allocation_df: pd.DataFrame) -> Evaluation:
    """Check `allocation_df` against rules 1-8 of docs/contracts/MODEL.md and recompute its value."""
    parks, cats, st = scenario.parks, scenario.categories, scenario.settings
    years = scenario.years
    P, C, T = len(parks), len(cats), len(years)
    park_pos = {p.park_id: i for i, p in enumerate(parks)}
    cat_pos = {c.category: i for i, c in enumerate(cats)}
    year_pos = {y: i for i, y in enumerate(years)}
    violations: list[Violation] = []

    # x[p, c, t] in €
    x = np.zeros((P, C, T))
    df = allocation_df if allocation_df is not None else pd.DataFrame()
    if len(df):
        for col in ("park_id", "category", "year", "public_eur"):
            if col not in df.columns:
                violations.append(Violation(0, None, None, 0.0,
                                            f"kolom {col} ontbreekt in de verdeling",
                                            f"column {col} is missing from the allocation"))
        if violations:
            return Evaluation(violations, math.nan, {g: math.nan for g in GOALS})
        for row in df[["park_id", "category", "year", "public_eur"]].itertuples(index=False):
            pid, cid, yr, amount = str(row[0]), str(row[1]), row[2], float(row[3])
            where = (park_pos.get(pid), cat_pos.get(cid), year_pos.get(int(yr)))
            if None in where or not math.isfinite(amount):
                violations.append(Violation(
                    0, pid, int(yr), amount,
                    f"onbekende combinatie terrein {pid} / categorie {cid} / jaar {yr} "
                    f"of ongeldig bedrag",
                    f"unknown park {pid} / category {cid} / year {yr}, or invalid amount",
                    category=cid))
                continue
            p, c, t = where
            x[p, c, t] += amount
    for p, c, t in zip(*np.nonzero(x < -ABS_TOL_EUR), strict=True):
        violations.append(Violation(
            0, parks[p].park_id, years[t], float(-x[p, c, t]),
            f"negatief bedrag {fmt.eur(x[p, c, t], 2)} voor {parks[p].park_id}, {years[t]}",
            f"negative amount {fmt.eur(x[p, c, t], 2)} for {parks[p].park_id}, {years[t]}",
            category=cats[c].category))

    level = np.array([p.organisation_level for p in parks])
    dv = np.array([p.draagvlak for p in parks])
    team = np.array([p.municipal_team for p in parks])
    K = np.array([p.private_capacity_eur for p in parks])
    A = np.array([scenario.absorption_capacity(p) for p in parks], dtype=float)
    share = np.array([c.min_private_share for c in cats])
    r = share / (1.0 - share)
    oc = cat_pos[st.organisation_category]

    # rule 1: eligibility
    eligible = (
        (level[:, None] >= np.array([c.min_organisation_level for c in cats])[None, :])
        & (dv[:, None] >= np.array([c.min_draagvlak for c in cats])[None, :])
        & (team[:, None] | ~np.array([c.requires_municipal_team for c in cats])[None, :])
    )
    for p, c, t in zip(*np.nonzero(~eligible[:, :, None] & (x > ABS_TOL_EUR)), strict=True):
        violations.append(Violation(
            1, parks[p].park_id, years[t], float(x[p, c, t]),
            f"{RULE_NAMES[1][0]}: {parks[p].park_id} komt niet in aanmerking voor {cats[c].label or cats[c].category} "
            f"maar krijgt {fmt.eur(x[p, c, t], 2)} in {years[t]}",
            f"{RULE_NAMES[1][1]}: {parks[p].park_id} is not eligible for {cats[c].label or cats[c].category} but gets "
            f"{fmt.eur(x[p, c, t], 2)} in {years[t]}", category=cats[c].category))

    # rule 2: private co-financing per park and year
    priv = np.einsum("pct,c->pt", x, r)
    for p, t in zip(*np.nonzero(priv > K[:, None] + _tol_arr(K)[:, None]),
                    strict=True):
        over = float(priv[p, t] - K[p])
        violations.append(Violation(
            2, parks[p].park_id, years[t], over,
            f"{RULE_NAMES[2][0]}: {parks[p].park_id} vraagt in {years[t]} {fmt.eur(priv[p, t], 2)} private "
            f"cofinanciering, de capaciteit is {fmt.eur(K[p], 2)}",
            f"{RULE_NAMES[2][1]}: {parks[p].park_id} needs {fmt.eur(priv[p, t], 2)} private co-financing in "
            f"{years[t]}, the capacity is {fmt.eur(K[p], 2)}"))

    # rule 3: absorption, growing with earlier organisation money
    public = x.sum(axis=1)  # [P, T]
    oc_x = x[:, oc, :]
    limit = A[:, None] + st.capacity_growth * (np.cumsum(oc_x, axis=1) - oc_x)
    for p, t in zip(*np.nonzero(public > limit + _tol_arr(limit)), strict=True):
        violations.append(Violation(
            3, parks[p].park_id, years[t], float(public[p, t] - limit[p, t]),
            f"{RULE_NAMES[3][0]}: {parks[p].park_id} krijgt in {years[t]} {fmt.eur(public[p, t], 2)}, de "
            f"opnamecapaciteit is {fmt.eur(limit[p, t], 2)}",
            f"{RULE_NAMES[3][1]}: {parks[p].park_id} gets {fmt.eur(public[p, t], 2)} in {years[t]}, the "
            f"absorption capacity is {fmt.eur(limit[p, t], 2)}"))

    # rule 4: category caps
    for c, cat in enumerate(cats):
        m = cat.max_per_park_year_eur
        if m is None:
            continue
        for p, t in zip(*np.nonzero(x[:, c, :] > m + _tol(m)), strict=True):
            violations.append(Violation(
                4, parks[p].park_id, years[t], float(x[p, c, t] - m),
                f"{RULE_NAMES[4][0]}: {parks[p].park_id} krijgt {fmt.eur(x[p, c, t], 2)} voor {cat.label or cat.category} "
                f"in {years[t]}, de grens is {fmt.eur(m, 2)}",
                f"{RULE_NAMES[4][1]}: {parks[p].park_id} gets {fmt.eur(x[p, c, t], 2)} for {cat.label or cat.category} in "
                f"{years[t]}, the cap is {fmt.eur(m, 2)}", category=cat.category))

    # rule 5: budget (running totals with carry-over)
    budget = np.array([b.budget_eur for b in scenario.budget])
    spent = public.sum(axis=0)
    if st.carry_over:
        spent_cmp, budget_cmp = np.cumsum(spent), np.cumsum(budget)
    else:
        spent_cmp, budget_cmp = spent, budget
    for t in range(T):
        if spent_cmp[t] > budget_cmp[t] + _tol(budget_cmp[t]):
            what_nl = "tot en met" if st.carry_over else "in"
            what_en = "up to" if st.carry_over else "in"
            violations.append(Violation(
                5, None, years[t], float(spent_cmp[t] - budget_cmp[t]),
                f"{RULE_NAMES[5][0]}: uitgaven {what_nl} {years[t]} {fmt.eur(spent_cmp[t], 2)}, budget "
                f"{fmt.eur(budget_cmp[t], 2)}",
                f"{RULE_NAMES[5][1]}: spending {what_en} {years[t]} {fmt.eur(spent_cmp[t], 2)}, budget "
                f"{fmt.eur(budget_cmp[t], 2)}"))

    # rule 6: municipality share
    if st.max_municipality_share < 1.0:
        cap = st.max_municipality_share * float(budget.sum())
        per_muni: dict[str, float] = {}
        for p, park in enumerate(parks):
            per_muni[park.municipality] = per_muni.get(park.municipality, 0.0) + public[p].sum()
        for muni, total in per_muni.items():
            if total > cap + _tol(cap):
                violations.append(Violation(
                    6, None, None, float(total - cap),
                    f"{RULE_NAMES[6][0]}: gemeente {muni} krijgt {fmt.eur(total, 2)}, het maximum is "
                    f"{fmt.eur(cap, 2)}",
                    f"{RULE_NAMES[6][1]}: municipality {muni} gets {fmt.eur(total, 2)}, the maximum is "
                    f"{fmt.eur(cap, 2)}", municipality=muni))

    # rule 7: strategic floors
    floor = st.strategic_floor_eur
    if floor > 0:
        for p, park in enumerate(parks):
            if not (park.strategic and eligible[p, oc]):
                continue
            for t in range(T):
                if oc_x[p, t] < floor - _tol(floor):
                    violations.append(Violation(
                        7, park.park_id, years[t], float(floor - oc_x[p, t]),
                        f"{RULE_NAMES[7][0]}: strategisch terrein {park.park_id} krijgt in {years[t]} "
                        f"{fmt.eur(oc_x[p, t], 2)} voor {cats[oc].category}, de bodem is "
                        f"{fmt.eur(floor, 2)}",
                        f"{RULE_NAMES[7][1]}: strategic park {park.park_id} gets {fmt.eur(oc_x[p, t], 2)} for "
                        f"{cats[oc].category} in {years[t]}, the floor is {fmt.eur(floor, 2)}",
                        category=cats[oc].category))

    objective, by_goal = _value(scenario, x, A, r)
    return Evaluation(violations, objective, by_goal)


def _value(scenario: Scenario, x: np.ndarray, A: np.ndarray,
           r: np.ndarray) -> tuple[float, dict[str, float]]:
    """Rule 8 and the objective: fill the return segments greedily per (park, category)."""
    parks, cats, st = scenario.parks, scenario.categories, scenario.settings
    T = len(scenario.years)
    delta = (1.0 + st.discount_rate) ** -np.arange(T, dtype=float)
    discounted = x.clip(min=0.0) @ delta  # [P, C]
    horizon = A * T
    mults = [seg.multiplier for seg in scenario.returns]
    edges = [0.0] + [float(seg.up_to_share or 0.0) for seg in scenario.returns[:-1]]
    weighted = np.zeros_like(discounted)  # Σ_k μ_k·z_k
    left = discounted.copy()
    for k, mu in enumerate(mults):
        if k < len(mults) - 1:
            width = (edges[k + 1] - edges[k]) * horizon[:, None]
            z = np.minimum(left, width)
        else:
            z = left
        weighted += mu * z
        left = left - z
    w = st.normalised_weights()
    eff = (1.0 - st.draagvlak_effect) + st.draagvlak_effect * np.array(
        [p.draagvlak for p in parks])
    by_goal = {}
    for g in GOALS:
        pot = np.array([p.potential(g) for p in parks])
        imp = np.array([c.impact(g) for c in cats])
        factor = (1.0 + r)[None, :] * eff[:, None] * w[g] * imp[None, :] * pot[:, None] / 1000
        by_goal[g] = float((weighted * factor).sum())
    return float(sum(by_goal.values())), by_goal
