"""The rolling re-plan: re-divide the remaining years from the latest monitoring round.

    updated_scenario(scenario, monitoring) -> (Scenario, changes)   park data from the rounds
    replan_model(scenario, realised) -> Model                       docs/contracts/MODEL.md's LP, extended
    replan(scenario, monitoring) -> Replan                          solve, evaluate, compare

The extension of docs/contracts/MODEL.md (docs/monitoring.en.md states it for users). Let F be the realised
years (sheet `realisatie`: always the first years of the budget) and R_{p,c,t} the public euros
spent. The re-plan is docs/contracts/MODEL.md's LP over the WHOLE horizon, built by `model.build_model` on the
scenario whose park data come from the latest monitoring round, with:

  a. x_{p,c,t} = R_{p,c,t} for t ∈ F (fixed columns; missing rows count as 0). A pair (p,c)
     with realised money that the current data no longer make eligible keeps its columns:
     fixed in F, zero in the remaining years (rule 1 applies to the remaining years only).
  b. Rules 2 (private co-financing), 3 (absorption) and 7 (strategic floor) hold for the
     remaining years only: their rows for t ∈ F are emptied (what was spent is a fact). Rule 4
     (category cap) likewise: the fixed bounds replace it in F.
  c. Rule 5 (budget): without carry-over the rows of t ∈ F are emptied, so money not spent in
     a realised year is gone. With carry-over the running totals Σ_{τ≤t} x ≤ Σ_{τ≤t} B_τ stay
     for every remaining year t, including the realised spending: what was not spent moves on,
     and overspending is taken from later years. (In the LP's carry form the carries s_t of
     realised years may be negative.)
  d. Rules 6 (municipality share) and 8 (returns) are unchanged: realised money counts toward
     the municipality's share and fills the park's return segments first.
  e. Absorption growth (rule 3) counts the realised organisation money of earlier years.

The objective is therefore the value of the whole programme (realised + re-planned), valued
with today's park data. With nothing realised and no monitoring round the LP is exactly the
one `solve` builds, and so is the result. The re-plan goes through `pipeline.solve` (statuses,
tie-break, explanations) and `evaluation.evaluate` checks it independently.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.domain import (
    PARK_FIELDS_MONITORED,
    Bilingual,
    Monitoring,
    Park,
    Scenario,
)
from allocation.evaluation import Evaluation, Violation, evaluate
from allocation.model import INF, KEUR, Model, build_model, params
from allocation.result import AllocationResult, Diagnosis, Finding

Realised = dict[tuple[str, str, int], float]  # (park, category, year) -> public €


# -- park data from the latest round --------------------------------------------------------


@dataclass(frozen=True)
class ParkChange:
    """One park measurement that a monitoring round changed against the plan's data."""

    park_id: str
    field: str  # organisation_level | draagvlak | private_capacity_eur
    before: float
    after: float
    round_label: str


def updated_scenario(scenario: Scenario, monitoring: Monitoring | None
                     ) -> tuple[Scenario, list[ParkChange]]:
    """The scenario with each monitored park measurement taken from the latest round that gives
    it (organisation level, draagvlak, private capacity); other park data stay as planned."""
    if monitoring is None or not monitoring.rounds:
        return scenario, []
    changes: list[ParkChange] = []
    parks: list[Park] = []
    for park in scenario.parks:
        update: dict[str, Any] = {}
        for name in PARK_FIELDS_MONITORED:
            found = monitoring.latest(park.park_id, name)
            if found is None:
                continue
            value, rec = found
            if value != getattr(park, name):
                update[name] = value
                changes.append(ParkChange(park.park_id, name, float(getattr(park, name)),
                                          float(value), rec.round_label))
        parks.append(park.model_copy(update=update) if update else park)
    if not changes:
        return scenario, []
    return scenario.with_changes(parks=[p.model_dump() for p in parks]), changes


def realised_amounts(scenario: Scenario, monitoring: Monitoring | None) -> Realised:
    """Public € spent per (park, category, year), for the parks and categories of `scenario`
    (rows about parks no longer in the scenario are left out)."""
    if monitoring is None:
        return {}
    parks = {p.park_id for p in scenario.parks}
    cats = {c.category for c in scenario.categories}
    years = set(scenario.years)
    out: Realised = {}
    for r in monitoring.realisation:
        if r.park_id in parks and r.category in cats and r.year in years:
            key = (r.park_id, r.category, r.year)
            out[key] = out.get(key, 0.0) + r.public_eur
    return out


def fixed_years(scenario: Scenario, realised: Realised) -> list[int]:
    """The realised years: the budget years up to the last one with realised spending."""
    if not realised:
        return []
    last = max(y for _p, _c, y in realised)
    return [y for y in scenario.years if y <= last]


# -- the extended model ---------------------------------------------------------------------


def _drop_rows(model: Model, rows: np.ndarray) -> None:
    """Remove every matrix entry of `rows` (they become empty rows, always satisfied)."""
    lp = model.lp
    if not len(rows) or not lp.n_nonzeros:
        return
    counts = np.diff(lp.start)
    col_of = np.repeat(np.arange(lp.n_cols), counts)
    keep = ~np.isin(lp.index, rows)
    new_counts = np.bincount(col_of[keep], minlength=lp.n_cols)
    lp.start = np.concatenate([[0], np.cumsum(new_counts)]).astype(lp.start.dtype)
    lp.index = lp.index[keep]
    lp.value = lp.value[keep]


def replan_model(scenario: Scenario, realised: Realised) -> Model:
    """docs/contracts/MODEL.md's LP for `scenario` with the realised years fixed (module docstring, a-e)."""
    years = fixed_years(scenario, realised)
    if not years:
        return build_model(scenario)
    n_fixed = len(years)
    par = params(scenario)
    p_pos = {pid: i for i, pid in enumerate(par.park_ids)}
    c_pos = {cid: i for i, cid in enumerate(par.category_ids)}
    t_pos = {y: i for i, y in enumerate(par.years)}
    amount = np.zeros((par.n_parks, par.n_categories, par.n_years))
    for (pid, cid, yr), eur in realised.items():
        amount[p_pos[pid], c_pos[cid], t_pos[yr]] += eur
    spent_pair = amount[:, :, :n_fixed].sum(axis=2) > 0
    # (a) pairs with realised money keep their columns
    wider = dataclasses.replace(par, eligible=par.eligible | spent_pair)
    model = build_model(scenario, par=wider)
    idx, lp = model.index, model.lp
    xc = idx.x_cols()
    pp, pc = idx.pair_park, idx.pair_cat
    fixed = amount[pp, pc, :n_fixed] / KEUR
    lp.col_lower[xc[:, :n_fixed]] = fixed
    lp.col_upper[xc[:, :n_fixed]] = fixed
    now_ineligible = ~par.eligible[pp, pc]
    rest = xc[now_ineligible, n_fixed:]
    lp.col_lower[rest] = 0.0
    lp.col_upper[rest] = 0.0
    # (b), (c) rows of realised years hold nothing
    drop: list[np.ndarray] = []
    families = ["private_capacity", "absorption"] + ([] if par.carry_over else ["budget"])
    for name in families:
        local = np.nonzero(model.blocks[name].keys["year"] < n_fixed)[0]
        drop.append(model.row_offset[name] + local)
    _drop_rows(model, np.concatenate(drop))
    if par.carry_over and idx.n_carry:
        # s_t carries year t's rest to t+1; for realised years it may be negative (overspent)
        lp.col_lower[idx.s0 + np.arange(min(n_fixed, idx.n_carry))] = -INF
    model.n_fixed_years = n_fixed
    return model


# -- the re-plan ----------------------------------------------------------------------------


@dataclass
class Replan(Bilingual):
    """A re-plan and what it is compared with."""

    status: str  # as AllocationResult.status
    message_nl: str
    message_en: str
    plan: AllocationResult  # the original plan: `solve` on the plan's scenario
    result: AllocationResult  # the re-plan over the whole horizon, realised years fixed
    updated: Scenario  # the scenario with park data from the latest round
    fixed_years: list[int]
    changes: list[ParkChange]
    evaluation: Evaluation | None = None
    realised_facts: list[Violation] = field(default_factory=list)  # rules realised money broke
    moves: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def remaining_years(self) -> list[int]:
        return [y for y in self.updated.years if y not in self.fixed_years]


def _precheck(scenario: Scenario, realised: Realised, years: list[int]) -> list[Finding]:
    """Arithmetic reasons why no re-plan exists: realised money alone breaks a rule that the
    re-plan keeps (the running budget with carry-over, a municipality's share)."""
    out: list[Finding] = []
    st = scenario.settings
    rest = [y for y in scenario.years if y not in years]
    spent = sum(realised.values())
    if st.carry_over and rest:
        first = rest[0]
        room = sum(b.budget_eur for b in scenario.budget if b.year <= first)
        if spent > room + 1e-6:
            over = spent - room
            out.append(Finding(
                "budget",
                f"Tot en met {years[-1]} is {fmt.eur(spent)} besteed; het budget tot en met "
                f"{first} is {fmt.eur(room)}. Verhoog het budget van {first} met minstens "
                f"{fmt.eur(math.ceil(over))}.",
                f"Up to {years[-1]} {fmt.eur(spent)} was spent; the budget up to {first} is "
                f"{fmt.eur(room)}. Raise the {first} budget by at least "
                f"{fmt.eur(math.ceil(over))}.", over))
    if st.max_municipality_share < 1.0:
        limit = st.max_municipality_share * sum(scenario.budgets.values())
        muni = {p.park_id: p.municipality for p in scenario.parks}
        per: dict[str, float] = {}
        for (pid, _c, _y), eur in realised.items():
            per[muni[pid]] = per.get(muni[pid], 0.0) + eur
        for m, eur in sorted(per.items()):
            if eur > limit + 1e-6:
                out.append(Finding(
                    "municipality_share",
                    f"In {m} is al {fmt.eur(eur)} besteed, meer dan het maximum per gemeente "
                    f"({fmt.eur(limit)}).",
                    f"{m} has already received {fmt.eur(eur)}, more than the maximum per "
                    f"municipality ({fmt.eur(limit)}).", eur - limit))
    return out


def replan(scenario: Scenario, monitoring: Monitoring | None, time_limit_s: float = 60.0, *,
           plan: AllocationResult | None = None,
           solver: Callable[..., AllocationResult] | None = None) -> Replan:
    """Re-plan the remaining years (module docstring). `plan` is the original plan when the
    caller has it already (the app caches it); `solver` defaults to `pipeline.solve`."""
    from allocation.pipeline import solve

    solver = solver or solve
    plan = plan if plan is not None else solver(scenario, time_limit_s)
    updated, changes = updated_scenario(scenario, monitoring)
    realised = realised_amounts(updated, monitoring)
    years = fixed_years(updated, realised)
    findings = _precheck(updated, realised, years)
    if findings:
        from allocation.pipeline import without_allocation

        result = without_allocation(
            updated, "infeasible",
            "Geen herplanning mogelijk: de gerealiseerde uitgaven alleen breken al een regel.",
            "No re-plan possible: the realised spending alone already breaks a rule.",
            {}, time_limit_s, Diagnosis(findings, []))
    else:
        result = solver(updated, time_limit_s, build=lambda sc: replan_model(sc, realised))
    out = Replan(result.status, result.message_nl, result.message_en, plan, result, updated,
                 years, changes)
    if result.has_allocation:
        ev = evaluate(updated, result.allocation)
        fixed = set(years)
        out.realised_facts = [v for v in ev.violations if v.year in fixed and v.rule != 6]
        ev.violations = [v for v in ev.violations if not (v.year in fixed and v.rule != 6)]
        out.evaluation = ev
        out.moves = moves_table(out, realised)
    return out


def replan_workbook(rp: Replan, path: Path | str | None = None) -> bytes:
    """The results workbook of the re-plan plus a sheet `herplanning` (what moved, why)."""
    import io

    import openpyxl

    from allocation.workbook import EUR_FMT, save_workbook, write_results, write_table

    wb = openpyxl.load_workbook(io.BytesIO(write_results(rp.updated, rp.result)))
    ws = wb.create_sheet("herplanning", 1)
    write_table(ws, ["terrein_id", "naam", "gemeente", "regio", "gepland gerealiseerde jaren",
                     "besteed", "gepland resterende jaren", "herplanning resterende jaren",
                     "verschil", "waarom", "uitleg herplanning"],
                [[r.park_id, r.name, r.municipality, r.region, r.planned_done_eur, r.spent_eur,
                  r.planned_rest_eur, r.replanned_rest_eur, r.change_eur, r.why_nl,
                  r.explanation_nl] for r in rp.moves.itertuples(index=False)],
                formats=[None, None, None, None, EUR_FMT, EUR_FMT, EUR_FMT, EUR_FMT, EUR_FMT,
                         None, None])
    return save_workbook(wb, path)


# -- what moved, and why --------------------------------------------------------------------

FIELD_WORDS = {
    "organisation_level": ("organisatiegraad", "organisation level"),
    "draagvlak": ("draagvlak", "support"),  # as the tables (mon_draagvlak)
    "private_capacity_eur": ("draagkracht", "private capacity"),
}


def _value_text(name: str, value: float) -> str:
    if name == "organisation_level":
        return str(int(value))
    if name == "draagvlak":
        return fmt.pct(value)  # 0.64 -> '64%', 0.645 -> '64,5%': as the tables, no change hidden
    return fmt.eur(value)


def moves_table(rp: Replan, realised: Realised) -> pd.DataFrame:
    """Per park: planned and re-planned public money in the remaining years, the difference,
    planned and spent in the realised years, and why it moved (data changes, spending, and
    the re-plan's own explanation)."""
    fixed = set(rp.fixed_years)

    def per_park(alloc: pd.DataFrame, keep: Callable[[pd.Series], pd.Series]) -> pd.Series:
        if not len(alloc):
            return pd.Series(dtype=float)
        rows = alloc[keep(alloc["year"])]
        return rows.groupby("park_id")["public_eur"].sum()

    planned_rest = per_park(rp.plan.allocation, lambda y: ~y.isin(fixed))
    replanned_rest = per_park(rp.result.allocation, lambda y: ~y.isin(fixed))
    planned_done = per_park(rp.plan.allocation, lambda y: y.isin(fixed))
    spent: dict[str, float] = {}
    for (pid, _c, _y), eur in realised.items():
        spent[pid] = spent.get(pid, 0.0) + eur
    by_park_changes: dict[str, list[ParkChange]] = {}
    for ch in rp.changes:
        by_park_changes.setdefault(ch.park_id, []).append(ch)
    rows = []
    for park in rp.updated.parks:
        pid = park.park_id
        before = float(planned_rest.get(pid, 0.0))
        after = float(replanned_rest.get(pid, 0.0))
        planned = float(planned_done.get(pid, 0.0))
        done = spent.get(pid, 0.0)
        why_nl, why_en = [], []
        for ch in by_park_changes.get(pid, []):
            nl, en = FIELD_WORDS[ch.field]
            a, b = _value_text(ch.field, ch.before), _value_text(ch.field, ch.after)
            why_nl.append(f"{nl} {a} → {b} (ronde {ch.round_label})")
            why_en.append(f"{en} {a} → {b} (round {ch.round_label})")
        if fixed and (planned > 0.5 or done > 0.5):
            share = done / planned if planned > 0.5 else math.inf
            if math.isfinite(share):
                why_nl.append(f"besteed {fmt.pct(share, 0)} van gepland in "
                              f"{years_span(rp.fixed_years)}")
                why_en.append(f"spent {fmt.pct(share, 0)} of plan in {years_span(rp.fixed_years)}")
            else:
                why_nl.append(f"besteed {fmt.eur(done)} zonder plan")
                why_en.append(f"spent {fmt.eur(done)} without a plan")
        expl = rp.result.explanations.get(pid)
        rows.append({
            "park_id": pid, "name": park.name, "municipality": park.municipality,
            "region": park.region or "",
            "planned_done_eur": planned, "spent_eur": done,
            "planned_rest_eur": before, "replanned_rest_eur": after,
            "change_eur": after - before,
            "why_nl": "; ".join(why_nl), "why_en": "; ".join(why_en),
            "explanation_nl": expl.message_nl if expl else "",
            "explanation_en": expl.message_en if expl else "",
        })
    frame = pd.DataFrame(rows)
    order = np.argsort(-np.abs(frame["change_eur"].to_numpy()), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def years_span(years: list[int]) -> str:
    """[2026] -> "2026"; [2026, 2027] -> "2026–2027"."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
