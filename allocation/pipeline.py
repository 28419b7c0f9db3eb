"""`solve(scenario)`: the thin function that strings the pipeline together.

    build (model) -> run (HiGHS: strategy, statuses, time limit; ties) -> read the solution
    (solution: tables, prices) -> explain (reasons, advice, diagnosis) -> AllocationResult

Each step only uses the ones below it; this module is the only one that knows them all. It
never raises for a valid scenario: problems come back as status "error" with a sentence.

(The module is not called `solve.py` on purpose: a submodule named like the package's public
function `allocation.solve` would replace that function as soon as it is imported.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from allocation import explain
from allocation import format as fmt
from allocation.domain import Scenario
from allocation.model import Model, build_model, canonical_order, params
from allocation.result import AllocationResult, Diagnosis, ParkExplanation, Status
from allocation.run import MIN_TIME_S, WarmModel, no_progress, solve_lp
from allocation.solution import (
    empty_tables,
    extract,
    in_workbook_order,
    read_solution,
    symmetrise,
    upper_bound,
)
from allocation.ties import (
    MIN_TIE_BREAK_S,
    TIE_BREAK_RULE_EN,
    TIE_BREAK_RULE_NL,
    settle_ties,
    spread_skipped,
)

__all__ = ["MIN_TIE_BREAK_S", "RECHECK_OPTIONS", "in_canonical_order", "solve",
           "without_allocation"]
# Re-solves that move one bound start from an optimal basis, which stays dual feasible: dual
# simplex is the natural method (measured: 0-10 iterations per park limit; the run's fixed cost
# dominates, and is about half without scaling, which the k€ units make unnecessary).
RECHECK_OPTIONS = {"simplex_strategy": 1, "simplex_scale_strategy": 0}
# Below this much time left (plus POST_SOLVE_S_PER_PARK a park) the explanations' re-solves are
# not started: setting them up costs about as much as the primary solve's hand-over to HiGHS.
MIN_RECHECK_S = 0.01
# What reading the solution and writing the reasons per park cost after the solve, which the
# solve leaves of the time limit (measured: 2,7-2,8e-5 s a park at 2.000 and 5.000 parks after
# a stop at the time limit), at most this share of the limit.
POST_SOLVE_S_PER_PARK = 3e-5
POST_SOLVE_MAX_SHARE = 0.25


def solve(scenario: Scenario, time_limit_s: float = 60.0, *, read_s: float = 0.0,
          build: Callable[[Scenario], Model] | None = None,
          explain_parks: bool = True) -> AllocationResult:
    """Divide the budget of `scenario` as docs/contracts/MODEL.md prescribes; never raises for a valid
    scenario (problems come back as status "error" with a message). `build` makes the LP
    (default `build_model`; an extension such as the re-plan in allocation.monitoring passes
    its own). `explain_parks=False` leaves out the reasons per park (the re-solves that prove
    them, ~60% of the time at 120 parks): for a screen that shows only the totals, which are
    the same either way; `explanations` is then empty and the reason columns are blank."""
    timings = {"read": float(read_s), "build": 0.0, "solve": 0.0, "extract": 0.0,
               "explain": 0.0, "tie_break": 0.0, "equal_treatment": 0.0}
    try:
        return _solve(scenario, float(time_limit_s), timings, build, explain_parks)
    except Exception as err:  # noqa: BLE001 - the user gets a sentence, not a traceback
        return without_allocation(
            scenario, "error",
            f"De berekening is mislukt ({type(err).__name__}: {err}).",
            f"The computation failed ({type(err).__name__}: {err}).",
            timings, time_limit_s,
        )


def without_allocation(scenario: Scenario, status: Status, nl: str, en: str,
                        timings: dict[str, float], time_limit_s: float,
                        diagnosis: Diagnosis | None = None, *,
                        ran_out_of_time: bool = False) -> AllocationResult:
    """A result without an allocation (empty tables, no reasons): for "infeasible", "error"
    and the like, with the sentence the user reads; used by extensions of `solve` too (the
    re-plan in allocation.monitoring). `ran_out_of_time`: the time limit came first."""
    return AllocationResult(
        **vars(empty_tables(scenario)),
        status=status, message_nl=nl, message_en=en, explanations={}, diagnosis=diagnosis,
        timings=timings, time_limit_s=time_limit_s,
        tie_break_rule_nl=TIE_BREAK_RULE_NL, tie_break_rule_en=TIE_BREAK_RULE_EN,
        ran_out_of_time=ran_out_of_time,
    )


def _left(deadline: float) -> float:
    """Seconds until `deadline` (perf_counter), at least the least limit HiGHS accepts."""
    return max(deadline - time.perf_counter(), MIN_TIME_S)




def in_canonical_order(scenario: Scenario) -> tuple[Scenario, np.ndarray]:
    """The scenario with its parks in `model.canonical_order` (so the LP `solve` builds is the
    same whatever the order of the rows), and per park in that order the number of its group
    of parks with identical data."""
    order, group = canonical_order(params(scenario))
    return (scenario.model_copy(update={"parks": tuple(scenario.parks[i] for i in order)}),
            group[order])


def _solve(scenario: Scenario, time_limit_s: float, timings: dict[str, float],
           build: Callable[[Scenario], Model] | None = None,
           explain_parks: bool = True) -> AllocationResult:
    deadline = time.perf_counter() + time_limit_s
    start = time.perf_counter()
    # equal treatment: the LP is built in an order derived from the data, not from the rows
    canon, canon_group = in_canonical_order(scenario)
    if build is not None:
        # an extension (the re-plan) fixes columns per park from data outside the scenario:
        # parks identical here may differ there, so none is shared out as a twin
        canon_group = np.arange(len(canon_group))
    timings["equal_treatment"] = time.perf_counter() - start
    model = (build or build_model)(canon)
    timings["build"] = time.perf_counter() - start - timings["equal_treatment"]

    # one deadline for everything below: the solve, the tie-break, the reasons per park and
    # the diagnosis each get what is left of the time limit, not the whole limit again
    solve_deadline = deadline - min(POST_SOLVE_MAX_SHARE * time_limit_s,
                                    POST_SOLVE_S_PER_PARK * len(scenario.parks))
    t0 = time.perf_counter()
    primary, h = solve_lp(model.lp, _left(solve_deadline), par=model.params)
    final = primary
    basis = None
    tie_note_nl = tie_note_en = ""
    if primary.status == "optimal" and model.lp.n_cols:
        basis = h.getBasis()  # the optimal basis, for the explanations' re-solves
        left = solve_deadline - time.perf_counter()
        t1 = time.perf_counter()
        settled = settle_ties(h, model, primary, left)
        timings["tie_break"] = time.perf_counter() - t1
        if settled is not None:
            final = settled
            if spread_skipped(settled):
                tie_note_nl = (" (bij gelijke waarde is het geld niet naar verhouding van de "
                               "ruimte verdeeld: te veel gelijkwaardige keuzes tegelijk)")
                tie_note_en = (" (at equal value the money was not shared in proportion to "
                               "room: too many equally good choices at once)")
        else:
            tie_note_nl = " (de regel voor gelijke waarden is niet toegepast: tijdslimiet)"
            tie_note_en = " (the tie-break rule was not applied: time limit)"
    timings["solve"] = time.perf_counter() - t0
    del h
    if final.status == "infeasible":
        t2 = time.perf_counter()
        diagnosis = explain.diagnose(scenario, _left(deadline))
        timings["explain"] = time.perf_counter() - t2
        return without_allocation(
            scenario, "infeasible",
            "Geen toelaatbare verdeling: de regels spreken elkaar tegen "
            f"({fmt.count(len(diagnosis.findings), 'bevinding', 'bevindingen')} in de diagnose).",
            "No feasible allocation: the rules contradict each other "
            f"({fmt.count(len(diagnosis.findings), 'finding', 'findings')} in the diagnosis).",
            timings, time_limit_s, diagnosis,
        )
    if final.status == "no_solution" or (final.status == "time_limit"
                                         and no_progress(model.lp, final)):
        secs = fmt.seconds(time_limit_s)
        start = final.status == "time_limit"  # stopped at its starting point (x = 0, floors)
        return without_allocation(
            scenario, "error",
            f"Tijdslimiet bereikt: na {secs} is nog geen verdeling gevonden"
            + (" (de berekening kwam niet voorbij haar vertrekpunt)" if start else "")
            + ". Geef meer tijd of verklein het scenario.",
            f"Time limit reached: no allocation found after {secs}"
            + (" (the computation did not get past its starting point)" if start else "")
            + ". Allow more time or reduce the scenario.",
            timings, time_limit_s, ran_out_of_time=True,
        )
    if final.status != "optimal" and final.status != "time_limit":
        return without_allocation(
            scenario, "error",
            f"De solver stopte zonder oplossing (HiGHS: {final.detail}).",
            f"The solver stopped without a solution (HiGHS: {final.detail}).",
            timings, time_limit_s,
        )

    t3 = time.perf_counter()
    assert final.col_value is not None
    sol = read_solution(model, final.col_value, final.row_dual, final.col_dual)
    t_eq = time.perf_counter()
    sol = symmetrise(model, sol, canon_group)
    timings["equal_treatment"] += time.perf_counter() - t_eq
    tables = in_workbook_order(extract(canon, model, sol), scenario)
    timings["extract"] = time.perf_counter() - t3

    t4 = time.perf_counter()
    explanations: dict[str, ParkExplanation] = {}
    if explain_parks:
        warm = None
        # with no time left the re-solves are not even set up: every limit that needs one is
        # then "not re-checked in time", which the reasons say (explain.reasons)
        # (setting them up, a second hand-over of the model to HiGHS, grows with its size)
        setup = MIN_RECHECK_S + POST_SOLVE_S_PER_PARK * len(scenario.parks)
        if basis is not None and deadline - time.perf_counter() > setup:
            warm = WarmModel(model, RECHECK_OPTIONS)
            warm.set_basis(basis)
        explanations = explain.explain_parks(canon, model, sol, warm, deadline, canon_group)
        del warm
    by_park = tables.by_park
    per_park = [explanations.get(p) for p in by_park["park_id"]]  # None: reasons left out
    by_park["code"] = [e.code if e else "" for e in per_park]
    by_park["explanation_nl"] = [e.message_nl if e else "" for e in per_park]
    by_park["explanation_en"] = [e.message_en if e else "" for e in per_park]
    timings["explain"] = time.perf_counter() - t4

    points = fmt.num(tables.objective, 1)
    status: Status
    if final.status == "optimal":
        status = "optimal"
        nl = f"Optimale verdeling gevonden: {points} waardepunten.{tie_note_nl}"
        en = f"Optimal allocation found: {points} value points.{tie_note_en}"
        bound: float | None = tables.objective
    else:
        status = "time_limit"
        secs = fmt.seconds(final.seconds)
        bound = upper_bound(model)
        gap = max(0.0, (bound - float(tables.objective or 0.0)) / bound) if bound > 0 else 0.0
        nl = (f"Tijdslimiet bereikt: beste gevonden oplossing na {secs} ({points} "
              f"waardepunten). Het optimum is hoogstens {fmt.num(bound, 1)} waardepunten, dus "
              f"deze verdeling ligt hoogstens {fmt.pct(gap)} onder het best mogelijke. Omdat "
              "het optimum niet bewezen is, zijn schaduwprijzen en redenen per terrein niet "
              "beschikbaar.")
        en = (f"Time limit reached: best solution found after {secs} ({points} value "
              f"points). The optimum is at most {fmt.num(bound, 1)} value points, so this "
              f"allocation is at most {fmt.pct(gap)} below the best possible. As the optimum "
              "is not proven, shadow prices and reasons per park are not available.")
    return AllocationResult(
        **vars(tables),  # the tables; by_park now carries the explanations too
        status=status, message_nl=nl, message_en=en, explanations=explanations,
        diagnosis=None, timings=timings, time_limit_s=time_limit_s,
        tie_break_rule_nl=TIE_BREAK_RULE_NL, tie_break_rule_en=TIE_BREAK_RULE_EN,
        objective_bound=bound,
    )
