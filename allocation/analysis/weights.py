"""Weight stability: which parks are funded whatever the emphasis on the four goals?

Two questions, both answered with re-solves of the model `solve` solves (value, then the
tie-break), warm from the plan's basis, in worker processes:

1. Per goal g, the interval of its share ŵ_g of the weighting within which the set of funded
   parks stays the same. Moving ŵ_g to s rescales the other goals so that their proportions
   stay as they are (ŵ_h·(1−s)/(1−ŵ_g)). From the current share a grid of 10 steps runs to 0
   and to 1; at the first grid point where the funded set differs, bisection (7 halvings)
   narrows the boundary to within 0,1 percentage point. The interval is where no change was
   found; the set just beyond each end is reported (which parks come in, which drop out).
2. Per park the share of N weight vectors near the current one (default 200) under which it
   is funded. The neighbourhood (`NEIGHBOURHOOD_DOC_*`): each goal's weight w_g is multiplied
   by its own factor drawn uniformly from [1−r, 1+r] (r = 50% by default), then the weights
   are normalised: a box of interval weight information around the current weights, as in
   Robust Portfolio Modelling (Liesiö, Mild and Salo, 2007). A park is *core* when funded
   under every vector tried, *exterior* when under none, *borderline* otherwise. Seeded:
   vector i comes from the generator (seed, i).

A park is funded when it gets more than €0,50 in total.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis import AnalysisOutcome, OutcomeStatus, Progress
from allocation.analysis.parallel import (
    PlanSolver,
    count_arg,
    draw_rng,
    draws_arg,
    map_draws,
    seed_arg,
    share_arg,
)
from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL, GOALS, Scenario
from allocation.model import objective, params
from allocation.result import FUNDED_EUR, Diagnosis

HELP_NL = "stabiliteit van de doelgewichten: welke terreinen blijven gefinancierd"
DEFAULT_DRAWS = 200
DEFAULT_RADIUS = 0.5
GRID_STEPS = 10
BISECTIONS = 7
CLASS_LABELS = {
    "core": ("kern", "core"),
    "borderline": ("twijfel", "borderline"),
    "exterior": ("buiten", "exterior"),
}
NEIGHBOURHOOD_DOC_NL = (
    "Elk doelgewicht wordt vermenigvuldigd met een eigen factor, gelijkmatig getrokken tussen "
    "{lo} en {hi}, waarna de gewichten weer tot 100% worden geschaald (een kader rond de "
    "huidige gewichten, zoals in Robust Portfolio Modelling van Liesiö, Mild en Salo). Kern: "
    "gefinancierd bij elke getrokken weging; buiten: bij geen enkele; twijfel: daartussen.")
NEIGHBOURHOOD_DOC_EN = (
    "Each goal weight is multiplied by its own factor, drawn uniformly between {lo} and {hi}, "
    "and the weights are normalised again (a box around the current weights, as in Robust "
    "Portfolio Modelling by Liesiö, Mild and Salo). Core: funded under every weighting drawn; "
    "exterior: under none; borderline: in between.")


def shifted(weights: np.ndarray, g: int, s: float) -> np.ndarray:
    """Normalised weights with goal g at share s and the others in their current proportions
    (equal shares when the others are all zero)."""
    w = np.asarray(weights, dtype=float)
    rest = np.delete(w, g)
    out = np.empty_like(w)
    if rest.sum() > 1e-15:
        out[np.arange(len(w)) != g] = rest / rest.sum() * (1.0 - s)
    else:
        out[np.arange(len(w)) != g] = (1.0 - s) / (len(w) - 1)
    out[g] = s
    return out


def neighbour(weights: np.ndarray, radius: float, seed: int, i: int) -> np.ndarray:
    """Weight vector i of the neighbourhood (module docstring), normalised."""
    rng = draw_rng(seed, i)
    w = np.asarray(weights, dtype=float) * rng.uniform(1.0 - radius, 1.0 + radius, len(weights))
    total = w.sum()
    return w / total if total > 0 else np.asarray(weights, dtype=float)


@dataclass
class _State:
    solver: PlanSolver
    unit: np.ndarray  # [P, C, G] value per public € at normalised weight 1 for goal g
    weights: np.ndarray  # [G] ŵ
    base: np.ndarray  # [P] bool: funded by the plan
    radius: float
    seed: int


def _setup(scenario: Scenario, context: tuple[float, int]) -> _State:
    solver = PlanSolver(scenario)
    even = params(scenario.with_settings(**{f"weight_{g}": 1.0 for g in GOALS}))
    unit = even.goal_value * len(GOALS)  # ŵ_g was 1/G for each goal there
    par = solver.model.params
    base = (solver.public_by_park(solver.plan.col_value) > FUNDED_EUR
            if solver.plan.col_value is not None else np.zeros(par.n_parks, dtype=bool))
    return _State(solver, unit, par.weights.copy(), base, context[0], context[1])


def funded_under(state: _State, w: np.ndarray) -> np.ndarray | None:
    """[P] bool: funded under normalised weights w (None when the re-solve fails)."""
    solver = state.solver
    par = dataclasses.replace(solver.model.params, value=state.unit @ w)
    cost = np.zeros(solver.model.lp.n_cols)
    idx = solver.model.index
    cost[idx.z0:idx.s0] = objective(par, idx).ravel()
    solver.set_costs(cost)
    run = solver.solve()
    if run.col_value is None or run.status not in ("optimal", "time_limit"):
        return None
    return solver.public_by_park(run.col_value) > FUNDED_EUR


def _interval(state: _State, g: int, direction: int) -> tuple[float, np.ndarray | None]:
    """How far goal g's share can move towards 0 (direction −1) or 1 (+1) with the same
    funded set; and the set just beyond (None when it holds to the end)."""
    s0 = float(state.weights[g])
    end = 0.0 if direction < 0 else 1.0
    if abs(end - s0) < 1e-12:
        return end, None
    same, beyond = s0, None
    for k in range(1, GRID_STEPS + 1):
        s = s0 + (end - s0) * k / GRID_STEPS
        f = funded_under(state, shifted(state.weights, g, s))
        if f is not None and np.array_equal(f, state.base):
            same = s
            continue
        beyond, other = s, f
        break
    if beyond is None:
        return end, None
    for _ in range(BISECTIONS):
        mid = 0.5 * (same + beyond)
        f = funded_under(state, shifted(state.weights, g, mid))
        if f is not None and np.array_equal(f, state.base):
            same = mid
        else:
            beyond, other = mid, f
    return same, other


def _task(state: _State, i: int) -> Any:
    n_goals = len(GOALS)
    if i < 2 * n_goals:  # the interval tasks first: they take longest
        return _interval(state, i // 2, -1 if i % 2 == 0 else 1)
    return funded_under(state, neighbour(state.weights, state.radius, state.seed, i - 2 * n_goals))


@dataclass
class WeightsResult:
    status: OutcomeStatus
    draws: int
    seed: int
    radius: float
    goals: pd.DataFrame  # goal, share, lower_share, upper_share, below_in/out, above_in/out
    parks: pd.DataFrame  # park_id, name, plan_funded, share_funded, class
    seconds: float = 0.0
    message_nl: str = ""
    message_en: str = ""
    diagnosis: Diagnosis | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def in_class(self, name: str) -> list[str]:
        return list(self.parks.loc[self.parks["class"] == name, "park_id"])

    def doc(self, lang: str = "nl") -> str:
        text = NEIGHBOURHOOD_DOC_EN if lang == "en" else NEIGHBOURHOOD_DOC_NL
        return text.format(lo=fmt.pct(1 - self.radius, 0), hi=fmt.pct(1 + self.radius, 0))


def compute(scenario: Scenario, *, draws: int = DEFAULT_DRAWS, seed: int = 0,
            radius: float = DEFAULT_RADIUS, workers: int | None = None,
            progress: Progress | None = None) -> WeightsResult:
    start = time.perf_counter()
    if draws < 1 or not 0.0 <= radius < 1.0:
        raise ValueError("draws must be at least 1 and radius in [0, 1)")
    state = _setup(scenario, (radius, seed))
    plan = state.solver.plan
    empty = pd.DataFrame()
    if plan.status == "infeasible":
        from allocation.explain import diagnose

        return WeightsResult("infeasible", 0, seed, radius, empty, empty,
                             message_nl="Het plan zelf is onhaalbaar.",
                             message_en="The plan itself is infeasible.",
                             diagnosis=diagnose(scenario))
    if plan.col_value is None:
        return WeightsResult("error", 0, seed, radius, empty, empty,
                             message_nl=f"Het plan is niet berekend ({plan.detail}).",
                             message_en=f"The plan was not computed ({plan.detail}).")
    n_tasks = 2 * len(GOALS)
    out = map_draws(_setup, _task, scenario, (radius, seed), n_tasks + draws, workers=workers,
                    progress=progress, state=state)
    par = state.solver.model.params
    ids = np.array(par.park_ids)
    rows = []
    for g, goal in enumerate(GOALS):
        (lo, below), (hi, above) = out[2 * g], out[2 * g + 1]
        rows.append({
            "goal": goal, "share": float(state.weights[g]), "lower_share": float(lo),
            "upper_share": float(hi),
            **_change("below", below, state.base, ids), **_change("above", above, state.base, ids),
        })
    funded = np.array([f for f in out[n_tasks:] if f is not None], dtype=bool).reshape(
        -1, par.n_parks)
    share = funded.mean(axis=0) if len(funded) else np.zeros(par.n_parks)
    klass = np.where(share >= 1.0, "core", np.where(share <= 0.0, "exterior", "borderline"))
    parks = pd.DataFrame({"park_id": par.park_ids, "name": [p.name for p in scenario.parks],
                          "plan_funded": state.base, "share_funded": share, "class": klass})
    return WeightsResult("optimal", len(funded), seed, radius, pd.DataFrame(rows), parks,
                         seconds=time.perf_counter() - start)


def _change(side: str, other: np.ndarray | None, base: np.ndarray,
            ids: np.ndarray) -> dict[str, list[str]]:
    if other is None:
        return {f"{side}_in": [], f"{side}_out": []}
    return {f"{side}_in": list(ids[other & ~base]), f"{side}_out": list(ids[base & ~other])}


def goal_label(goal: str, lang: str = "nl") -> str:
    return (GOAL_LABELS_EN if lang == "en" else GOAL_LABELS_NL)[goal]


# -- export and CLI -------------------------------------------------------------------------------
def frames(result: WeightsResult) -> dict[str, pd.DataFrame]:
    if result.status != "optimal":
        return {}
    g = result.goals
    goals = pd.DataFrame({
        "doel": [goal_label(x) for x in g["goal"]],
        "huidig aandeel": g["share"].round(4),
        "ondergrens aandeel": g["lower_share"].round(4),
        "bovengrens aandeel": g["upper_share"].round(4),
        "eronder erbij": [", ".join(v) for v in g["below_in"]],
        "eronder eruit": [", ".join(v) for v in g["below_out"]],
        "erboven erbij": [", ".join(v) for v in g["above_in"]],
        "erboven eruit": [", ".join(v) for v in g["above_out"]],
    })
    p = result.parks
    parks = pd.DataFrame({
        "terrein": p["park_id"], "naam": p["name"],
        "in plan": ["ja" if v else "nee" for v in p["plan_funded"]],
        "aandeel wegingen gefinancierd": p["share_funded"].round(4),
        "klasse": [CLASS_LABELS[c][0] for c in p["class"]],
    })
    about = pd.DataFrame({"grootheid": ["wegingen", "seed", "straal", "omgeving"],
                          "waarde": [result.draws, result.seed, result.radius, result.doc("nl")]})
    return {"Gewichten": goals, "Gewichten per terrein": parks, "Gewichten opzet": about}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--draws", type=draws_arg, default=DEFAULT_DRAWS,
                        help=f"aantal wegingen in de omgeving (standaard {DEFAULT_DRAWS})")
    parser.add_argument("--seed", type=seed_arg, default=0, help="startwaarde van het toeval")
    parser.add_argument("--radius", type=share_arg, default=DEFAULT_RADIUS,
                        help="elk gewicht maal een factor tussen 1-r en 1+r (standaard 0,5)")
    parser.add_argument("--workers", type=count_arg, default=None,
                        help="aantal processen (standaard: alle kernen)")


def as_json(result: WeightsResult) -> dict[str, Any]:
    if result.status != "optimal":
        return {"status": result.status, "message": result.message_en}
    return {
        "status": result.status,
        "draws": result.draws,
        "goals": [{"goal": r.goal, "share": r.share, "lower_share": r.lower_share,
                   "upper_share": r.upper_share} for r in result.goals.itertuples(index=False)],
        "parks": [{"park_id": str(pid), "share_funded": float(share), "class": str(klass)}
                  for pid, share, klass in zip(result.parks["park_id"],
                                               result.parks["share_funded"],
                                               result.parks["class"], strict=True)],
    }


def lines_nl(result: WeightsResult) -> list[str]:
    if result.status != "optimal":
        return [result.message_nl]
    out = ["Stabiliteit van de doelgewichten (dezelfde terreinen gefinancierd):"]
    for r in result.goals.itertuples(index=False):
        out.append(f"  {goal_label(r.goal)}: nu {fmt.pct(r.share, 1)}, van "
                   f"{fmt.pct(r.lower_share, 1)} tot {fmt.pct(r.upper_share, 1)}")
    out.append(f"In {result.draws} wegingen rond de huidige (±{fmt.pct(result.radius, 0)}): "
               f"kern {len(result.in_class('core'))}, twijfel "
               f"{len(result.in_class('borderline'))}, buiten {len(result.in_class('exterior'))}")
    return out


def run_cli(scenario: Scenario, args: argparse.Namespace) -> AnalysisOutcome:
    if args.draws < 1 or not 0.0 <= args.radius < 1.0:
        return AnalysisOutcome("error", {"message": "draws must be >= 1 and radius in [0, 1)"},
                               ["--draws moet minstens 1 zijn en --radius tussen 0 en 1."])
    result = compute(scenario, draws=args.draws, seed=args.seed, radius=args.radius,
                     workers=args.workers)
    return AnalysisOutcome(result.status, as_json(result), lines_nl(result), result.diagnosis)
