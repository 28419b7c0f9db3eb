"""Run HiGHS on the model of MODEL.md and return a typed `AllocationResult`.

    solve(scenario, time_limit_s=60.0) -> AllocationResult

How a run ends is explicit (STYLE.md, example 4): "optimal"; "infeasible" (with a diagnosis
from `explain.diagnose`); "time_limit" when HiGHS stopped at the limit holding a feasible
but unproven allocation (the message says "beste gevonden oplossing na N s", never
"optimal"); "error" for everything else, with a sentence instead of a traceback.

Solver choice (measured with benchmarks/bench_solve.py, figures in its docstring): HiGHS
primal simplex (simplex_strategy 4) without presolve, serial, random_seed 0. It is as fast as
any setting at 700×10 and 4,000×10 and several times faster than the interior point method;
x = 0 (or the floors) is a feasible start, so when the time limit strikes it still holds a
feasible allocation, which presolved runs do not hand back; and being serial it gives the
same allocation run after run. After a solver error it retries once with dual simplex and
presolve.

Ties (TIE_BREAK_RULE_*): the LP usually has many optimal allocations. After the optimum is
found, a second, warm-started solve over the optimal face (columns with a non-zero reduced
cost and rows with a non-zero dual fixed where they are, plus value ≥ optimum·(1-1e-9) as a
guard) picks the allocation that uses the fewest public euros, spent as early as possible:
minimise Σ (1 + 0.001·i(t)/T)·x_{p,c,t}. It costs about 10% of the first solve (0.02 s at
700×10, 0.1-0.3 s at 4,000×10). The shadow prices are those of the first (value-maximising)
solve; by complementary slackness they hold for the chosen allocation too.
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.domain import GOALS, Scenario
from allocation.model import (
    KEUR,
    LinearProgram,
    Model,
    Solution,
    build_model,
    read_solution,
    to_highs_lp,
)
from allocation.result import (
    ALLOCATION_COLUMNS,
    AllocationResult,
    Diagnosis,
    SolutionTables,
    Status,
)

TIE_BREAK_RULE_NL = (
    "Bij gelijke totale waarde kiest het model de verdeling die de minste provinciale euro's "
    "gebruikt, en bij gelijke inzet het liefst vroeg in de periode (dan werkt het geld het "
    "langst). Zo is de uitkomst bij dezelfde invoer altijd dezelfde, en blijft er geen geld "
    "liggen bij een terrein waar het geen extra waarde oplevert."
)
TIE_BREAK_RULE_EN = (
    "When several allocations reach the same total value, the model picks the one that uses "
    "the fewest provincial euros, and among those spends as early in the period as possible "
    "(money then works longest). The same input therefore always gives the same outcome, "
    "and no money sits with a park where it adds no value."
)

# Measured on generated 700×10 and 4,000×10 scenarios (see benchmarks/bench_solve.py).
SOLVER_OPTIONS: dict[str, Any] = {
    "solver": "simplex",
    "simplex_strategy": 4,  # primal simplex: x = 0 is feasible, so phase 2 starts at once
    "presolve": "off",  # keeps a feasible point at the time limit; as fast here (measured)
    "random_seed": 0,
    "output_flag": False,
}
FALLBACK_OPTIONS: dict[str, Any] = {"simplex_strategy": 1, "presolve": "on"}
TIE_OBJECTIVE_REL_TOL = 1e-9
EARLY_WEIGHT = 1e-3  # the "as early as possible" part of the tie-break objective


# -- HiGHS ----------------------------------------------------------------------------------

_BANNER_SILENCED = False


def new_highs(options: dict[str, Any] | None = None):  # noqa: ANN201 - highspy is untyped
    """A silent `highspy.Highs` with our options.

    HiGHS prints a licence banner on stdout when the first instance is made in a process; it
    would break `--json` output, so the first construction runs with fd 1 sent to /dev/null.
    """
    global _BANNER_SILENCED
    import highspy

    if _BANNER_SILENCED:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _BANNER_SILENCED = True
    for key, value in {**SOLVER_OPTIONS, **(options or {})}.items():
        h.setOptionValue(key, value)
    return h


@dataclass
class LpRun:
    """How one HiGHS run ended: "optimal", "infeasible", "time_limit" (feasible, unproven),
    "no_solution" (stopped without a feasible point) or "error"."""

    status: str
    objective: float | None
    col_value: np.ndarray | None
    row_dual: np.ndarray | None
    col_dual: np.ndarray | None
    seconds: float
    detail: str = ""


def _read_run(h: Any, seconds: float) -> LpRun:
    import highspy

    ms = h.getModelStatus()
    info = h.getInfo()
    feasible = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    detail = h.modelStatusToString(ms)
    if ms == highspy.HighsModelStatus.kOptimal:
        sol = h.getSolution()
        return LpRun("optimal", float(info.objective_function_value),
                     np.array(sol.col_value), np.array(sol.row_dual), np.array(sol.col_dual),
                     seconds, detail)
    if ms in (highspy.HighsModelStatus.kInfeasible,
              highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return LpRun("infeasible", None, None, None, None, seconds, detail)
    stopped = {getattr(highspy.HighsModelStatus, name, None) for name in (
        "kTimeLimit", "kIterationLimit", "kInterrupt", "kHighsInterrupt")}
    if ms in stopped:
        if feasible:
            sol = h.getSolution()
            return LpRun("time_limit", float(info.objective_function_value),
                         np.array(sol.col_value), None, None, seconds, detail)
        return LpRun("no_solution", None, None, None, None, seconds, detail)
    return LpRun("error", None, None, None, None, seconds, detail)


def run_lp(lp: LinearProgram, time_limit_s: float,
           options: dict[str, Any] | None = None) -> tuple[LpRun, Any]:
    """Solve the arrays with HiGHS; returns the outcome and the Highs object (warm)."""
    h = new_highs({"time_limit": max(float(time_limit_s), 1e-3), **(options or {})})
    if lp.n_cols == 0:  # nobody is eligible: the optimum is 0 with nothing to choose
        return LpRun("optimal", 0.0, np.zeros(0), np.zeros(lp.n_rows), np.zeros(0), 0.0), h
    h.passModel(to_highs_lp(lp))
    start = time.perf_counter()
    h.run()
    return _read_run(h, time.perf_counter() - start), h


def tie_break(h: Any, model: Model, primary: LpRun, time_limit_s: float) -> LpRun:
    """Second solve over the optimal face: minimise Σ (1 + ε·i(t)/T)·x (module docstring).

    The face is fixed by complementary slackness with the first solve's duals: every column
    with a non-zero reduced cost stays at its bound and every row with a non-zero dual stays
    at its right-hand side, so each allocation left to choose from is exactly optimal. The
    objective is kept as well (≥ optimum·(1-1e-9)) as a guard against dual tolerances.
    Warm-started from the optimal basis still held by `h`.
    """
    import highspy

    assert primary.col_value is not None and primary.row_dual is not None
    assert primary.col_dual is not None
    lp, idx = model.lp, model.index
    tol = 1e-9
    fix_cols = np.nonzero(np.abs(primary.col_dual) > tol)[0].astype(np.int32)
    if len(fix_cols):
        v = primary.col_value[fix_cols]
        h.changeColsBounds(len(fix_cols), fix_cols, v, v)
    fix_rows = np.nonzero(np.abs(primary.row_dual) > tol)[0].astype(np.int32)
    if len(fix_rows):
        activity = np.asarray(h.getSolution().row_value)[fix_rows]
        h.changeRowsBounds(len(fix_rows), fix_rows, activity, activity)
    value_cols = np.nonzero(lp.cost)[0].astype(np.int32)
    optimum = float(primary.objective or 0.0)
    bound = optimum - TIE_OBJECTIVE_REL_TOL * max(abs(optimum), 1.0)
    h.addRow(bound, highspy.kHighsInf, len(value_cols), value_cols, lp.cost[value_cols])
    weights = 1.0 + EARLY_WEIGHT * np.arange(idx.n_years) / max(idx.n_years, 1)
    cost = np.zeros(lp.n_cols)
    cost[: idx.n_x] = np.tile(weights, idx.n_pairs)
    h.changeColsCost(lp.n_cols, np.arange(lp.n_cols, dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.setOptionValue("time_limit", max(float(time_limit_s), 1e-3))
    start = time.perf_counter()
    h.run()
    return _read_run(h, time.perf_counter() - start)


# -- result tables --------------------------------------------------------------------------


def _empty_result(scenario: Scenario, status: str, nl: str, en: str, timings: dict[str, float],
                  time_limit_s: float, diagnosis: Diagnosis | None = None) -> AllocationResult:
    by_park = _park_frame(scenario, np.zeros(len(scenario.parks)), np.zeros(len(scenario.parks)),
                          np.zeros(len(scenario.parks)), None)
    by_year = pd.DataFrame({
        "year": scenario.years,
        "budget_eur": [b.budget_eur for b in scenario.budget],
        "public_eur": 0.0, "private_eur": 0.0,
        "unallocated_eur": [b.budget_eur for b in scenario.budget],
        "carry_over_eur": 0.0,
        "shadow_price": math.nan,
    })
    return AllocationResult(
        status=status,  # type: ignore[arg-type]
        message_nl=nl, message_en=en, objective=None,
        allocation=pd.DataFrame({c: [] for c in ALLOCATION_COLUMNS}).astype(
            {"year": "int64", "public_eur": float, "private_eur": float}),
        by_year=by_year,
        by_category=pd.DataFrame(columns=["category", "label", "public_eur", "private_eur",
                                          "value_points"]),
        by_municipality=pd.DataFrame(columns=["municipality", "public_eur", "private_eur",
                                              "parks_funded"]),
        by_region=pd.DataFrame(columns=["region", "public_eur", "private_eur", "parks_funded"]),
        by_park=by_park, value_by_goal={g: 0.0 for g in GOALS},
        budget_shadow_price={y: math.nan for y in scenario.years},
        explanations={}, diagnosis=diagnosis, timings=timings, time_limit_s=time_limit_s,
        tie_break_rule_nl=TIE_BREAK_RULE_NL, tie_break_rule_en=TIE_BREAK_RULE_EN,
    )


NO_REGION = "(geen regio)"


def _park_frame(scenario: Scenario, public: np.ndarray, private: np.ndarray, value: np.ndarray,
                eligible: Any) -> pd.DataFrame:
    parks = scenario.parks
    if eligible is None:
        from allocation.model import params

        eligible = params(scenario).eligible.any(axis=1)
    return pd.DataFrame({
        "park_id": [p.park_id for p in parks],
        "name": [p.name for p in parks],
        "municipality": [p.municipality for p in parks],
        "region": [p.region if p.region else NO_REGION for p in parks],
        "strategic": np.array([p.strategic for p in parks], dtype=bool),
        "organisation_level": np.array([p.organisation_level for p in parks], dtype=np.int64),
        "draagvlak": np.array([p.draagvlak for p in parks], dtype=float),
        "private_capacity_eur": np.array([p.private_capacity_eur for p in parks], dtype=float),
        "latitude": np.array([math.nan if p.latitude is None else p.latitude for p in parks]),
        "longitude": np.array([math.nan if p.longitude is None else p.longitude for p in parks]),
        "public_eur": public,
        "private_eur": private,
        "value_points": value,
        "eligible": np.asarray(eligible, dtype=bool),
        "code": "",
        "explanation_nl": "",
        "explanation_en": "",
    })


def extract(scenario: Scenario, model: Model, sol: Solution) -> SolutionTables:
    """Totals per year, category, municipality, region and park, the goal split and the
    budget shadow prices, all from numpy arrays (no per-row Python)."""
    par, idx = model.params, model.index
    P, C, T = par.n_parks, par.n_categories, par.n_years
    pp, pc = idx.pair_park, idx.pair_cat
    x = sol.x
    r = par.ratio[pc]
    y = x * r[:, None]
    # value of each pair: Σ_k μ_k·v_e·z_{e,k} (z in k€), and its split per goal
    weighted_z = sol.z @ par.multiplier * KEUR  # € of multiplier-weighted discounted spend
    pair_goal = weighted_z[:, None] * par.goal_value[pp, pc, :]  # [E, G]
    pair_value = pair_goal.sum(axis=1)
    objective = float(pair_value.sum())
    value_by_goal = {g: float(pair_goal[:, i].sum()) for i, g in enumerate(GOALS)}

    # long allocation table: rows with a positive amount
    e_idx, t_idx = np.nonzero(x > 0)
    park_ids = np.array(par.park_ids, dtype=object)
    cat_ids = np.array(par.category_ids, dtype=object)
    years = np.array(par.years, dtype=np.int64)
    allocation = pd.DataFrame({
        "park_id": park_ids[pp[e_idx]],
        "category": cat_ids[pc[e_idx]],
        "year": years[t_idx],
        "public_eur": x[e_idx, t_idx],
        "private_eur": y[e_idx, t_idx],
    })

    public_t, private_t = x.sum(axis=0), y.sum(axis=0)
    dual = sol.row_duals(model, "budget")
    price = np.full(T, math.nan) if dual is None else np.where(np.abs(dual) < 1e-12, 0.0, dual)
    by_year = pd.DataFrame({
        "year": years, "budget_eur": par.budget, "public_eur": public_t,
        "private_eur": private_t, "unallocated_eur": par.budget - public_t,
        "carry_over_eur": sol.carry, "shadow_price": price,
    })

    pub_c = np.bincount(pc, weights=x.sum(axis=1), minlength=C)
    priv_c = np.bincount(pc, weights=y.sum(axis=1), minlength=C)
    val_c = np.bincount(pc, weights=pair_value, minlength=C)
    by_category = pd.DataFrame({
        "category": par.category_ids,
        "label": [c.label or c.category for c in scenario.categories],
        "public_eur": pub_c, "private_eur": priv_c, "value_points": val_c,
    })

    pub_p = np.bincount(pp, weights=x.sum(axis=1), minlength=P)
    priv_p = np.bincount(pp, weights=y.sum(axis=1), minlength=P)
    val_p = np.bincount(pp, weights=pair_value, minlength=P)
    by_park = _park_frame(scenario, pub_p, priv_p, val_p, par.eligible.any(axis=1))
    funded = (pub_p > 0.5).astype(np.int64)
    groups = {}
    for key in ("municipality", "region"):
        names, inverse = np.unique(by_park[key].to_numpy(dtype=object).astype(str),
                                   return_inverse=True)
        n = len(names)
        groups[key] = pd.DataFrame({
            key: names.astype(object),
            "public_eur": np.bincount(inverse, weights=pub_p, minlength=n),
            "private_eur": np.bincount(inverse, weights=priv_p, minlength=n),
            "parks_funded": np.bincount(inverse, weights=funded, minlength=n).astype(np.int64),
        })
    return SolutionTables(
        objective=objective, allocation=allocation, by_year=by_year, by_category=by_category,
        by_municipality=groups["municipality"], by_region=groups["region"], by_park=by_park,
        value_by_goal=value_by_goal,
        budget_shadow_price={int(yr): float(p) for yr, p in zip(years, price, strict=True)},
    )


# -- the public entry point -----------------------------------------------------------------


def solve(scenario: Scenario, time_limit_s: float = 60.0, *,
          read_s: float = 0.0) -> AllocationResult:
    """Divide the budget of `scenario` as MODEL.md prescribes; never raises for a valid
    scenario (problems come back as status "error" with a message)."""
    timings = {"read": float(read_s), "build": 0.0, "solve": 0.0, "extract": 0.0,
               "explain": 0.0, "tie_break": 0.0}
    try:
        return _solve(scenario, float(time_limit_s), timings)
    except Exception as err:  # noqa: BLE001 - the user gets a sentence, not a traceback
        return _empty_result(
            scenario, "error",
            f"De berekening is mislukt ({type(err).__name__}: {err}).",
            f"The computation failed ({type(err).__name__}: {err}).",
            timings, time_limit_s,
        )


def _solve(scenario: Scenario, time_limit_s: float, timings: dict[str, float]) -> AllocationResult:
    from allocation import explain

    start = time.perf_counter()
    model = build_model(scenario)
    timings["build"] = time.perf_counter() - start

    t0 = time.perf_counter()
    primary, h = run_lp(model.lp, time_limit_s)
    if primary.status == "error":  # numerical trouble: once more with dual simplex + presolve
        left = time_limit_s - (time.perf_counter() - t0)
        if left > 0.05:
            primary, h = run_lp(model.lp, left, FALLBACK_OPTIONS)
    final = primary
    tie_note_nl = tie_note_en = ""
    if primary.status == "optimal" and model.lp.n_cols:
        left = time_limit_s - (time.perf_counter() - t0)
        t1 = time.perf_counter()
        second = tie_break(h, model, primary, left) if left > 0.05 else None
        timings["tie_break"] = time.perf_counter() - t1
        if second is not None and second.status in ("optimal", "time_limit"):
            final = LpRun("optimal", primary.objective, second.col_value, primary.row_dual,
                          primary.col_dual, primary.seconds + second.seconds, primary.detail)
        else:
            tie_note_nl = " (de regel voor gelijke waarden is niet toegepast: tijdslimiet)"
            tie_note_en = " (the tie-break rule was not applied: time limit)"
    timings["solve"] = time.perf_counter() - t0
    del h

    if final.status == "infeasible":
        t2 = time.perf_counter()
        diagnosis = explain.diagnose(scenario)
        timings["explain"] = time.perf_counter() - t2
        return _empty_result(
            scenario, "infeasible",
            "Geen toelaatbare verdeling: de regels spreken elkaar tegen "
            f"({len(diagnosis.findings)} bevinding(en) in de diagnose).",
            "No feasible allocation: the rules contradict each other "
            f"({len(diagnosis.findings)} finding(s) in the diagnosis).",
            timings, time_limit_s, diagnosis,
        )
    if final.status == "no_solution":
        secs = fmt.seconds(time_limit_s)
        return _empty_result(
            scenario, "error",
            f"Tijdslimiet bereikt: na {secs} is nog geen toelaatbare verdeling gevonden. "
            "Geef meer tijd of verklein het scenario.",
            f"Time limit reached: no feasible allocation found after {secs}. "
            "Allow more time or reduce the scenario.",
            timings, time_limit_s,
        )
    if final.status != "optimal" and final.status != "time_limit":
        return _empty_result(
            scenario, "error",
            f"De solver stopte zonder oplossing (HiGHS: {final.detail}).",
            f"The solver stopped without a solution (HiGHS: {final.detail}).",
            timings, time_limit_s,
        )

    t3 = time.perf_counter()
    assert final.col_value is not None
    sol = read_solution(model, final.col_value, final.row_dual, final.col_dual)
    ext = extract(scenario, model, sol)
    timings["extract"] = time.perf_counter() - t3

    t4 = time.perf_counter()
    explanations = explain.explain_parks(scenario, model, sol)
    by_park = ext.by_park
    by_park["code"] = [explanations[p].code for p in by_park["park_id"]]
    by_park["explanation_nl"] = [explanations[p].message_nl for p in by_park["park_id"]]
    by_park["explanation_en"] = [explanations[p].message_en for p in by_park["park_id"]]
    timings["explain"] = time.perf_counter() - t4

    points = fmt.num(ext.objective, 1)
    status: Status
    if final.status == "optimal":
        status = "optimal"
        nl = f"Optimale verdeling gevonden: {points} waardepunten.{tie_note_nl}"
        en = f"Optimal allocation found: {points} value points.{tie_note_en}"
    else:
        status = "time_limit"
        secs = fmt.seconds(final.seconds)
        nl = (f"Tijdslimiet bereikt: beste gevonden oplossing na {secs} ({points} "
              "waardepunten); niet bewezen dat het niet beter kan. Schaduwprijzen zijn daarom "
              "niet beschikbaar.")
        en = (f"Time limit reached: best solution found after {secs} ({points} value "
              "points); not proven to be the best possible. Shadow prices are therefore not "
              "available.")
    return AllocationResult(
        **vars(ext),  # the tables; by_park now carries the explanations too
        status=status, message_nl=nl, message_en=en, explanations=explanations, diagnosis=None, timings=timings,
        time_limit_s=time_limit_s,
        tie_break_rule_nl=TIE_BREAK_RULE_NL, tie_break_rule_en=TIE_BREAK_RULE_EN,
    )
