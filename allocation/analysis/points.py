"""One analysis point solved the way `solve` solves it, on a model kept warm in HiGHS.

    solve_point(warm, time_limit_s, primary_cost=None) -> Point

The budget frontier, the leverage frontier and the price of a choice (frontier.py,
leverage.py, choice.py) change a few bounds, rows or the objective of ONE built model
(`allocation.run.WarmModel`) and re-run it from the previous basis. Each point is then
tie-broken exactly as `allocation.pipeline.solve` does (`allocation.ties.settle_ties`, the rule
of ties.py), so a point at the current plan shows the same money per park as the allocation
page. The tie-break changes the model; `settle_ties` rolls it back afterwards, which leaves the
optimal basis of the point as the warm start for the next one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from allocation.model import Model
from allocation.run import WarmModel, no_progress
from allocation.solution import read_solution
from allocation.ties import MIN_TIE_BREAK_S, settle_ties

__all__ = ["MIN_TIE_BREAK_S", "Point", "allocation_eur", "park_money", "private_cost",
           "solve_point"]  # MIN_TIE_BREAK_S: leverage.py takes it from here


@dataclass
class Point:
    """How one point ended, its objective (the primary solve's) and allocation x [E, T] in €,
    with its value (Σ μ·v·z of that allocation)."""

    status: str  # "optimal", "infeasible", "time_limit", "no_solution", "error"
    objective: float | None
    x: np.ndarray | None
    value: float | None
    seconds: float
    tie_broken: bool = False

    @property
    def has_allocation(self) -> bool:
        return self.x is not None


def solve_point(warm: WarmModel, time_limit_s: float,
                primary_cost: np.ndarray | None = None, dual: bool = False,
                first: bool = False) -> Point:
    """Run the warm model (dual simplex when `dual`: after bound or right-hand side changes;
    `first`: the plan from scratch, as `solve` solves it, `WarmModel.run_first`), then the
    tie-break over its optimal face (as `solve`, primal simplex), and roll the tie-break's
    changes back. `primary_cost` is the objective being maximised when it is not the value
    (see `ties.tie_break`)."""
    model = warm.model
    t0 = time.perf_counter()
    if model.lp.n_cols:
        warm.set_strategy(dual)
    run = warm.run_first(time_limit_s) if first else warm.run(time_limit_s)
    if run.status == "time_limit" and first and no_progress(model.lp, run):
        # the plan stopped at its starting point: no allocation within the time limit
        return Point("no_solution", None, None, None, time.perf_counter() - t0)
    if run.status not in ("optimal", "time_limit") or run.col_value is None:
        return Point(run.status, None, None, None, time.perf_counter() - t0)
    col = run.col_value
    tie_broken = False
    left = time_limit_s - (time.perf_counter() - t0)
    if run.status == "optimal" and model.lp.n_cols:
        warm.set_strategy(dual=False)  # the tie-break runs primal simplex, as in `solve`
        settled = settle_ties(warm.h, model, run, left, primary_cost=primary_cost, warm=warm)
        if settled is not None and settled.col_value is not None:
            col, tie_broken = settled.col_value, True
    return Point(run.status, run.objective, allocation_eur(model, col),
                 float(model.lp.cost @ col) if model.lp.n_cols else 0.0,
                 time.perf_counter() - t0, tie_broken)


def allocation_eur(model: Model, col_value: np.ndarray) -> np.ndarray:
    """x [E, T] in € from a column vector, rounding noise removed as `solve` does."""
    return read_solution(model, col_value, None, None).x


def park_money(model: Model, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Public and private € per park [P] of an allocation x [E, T] (€)."""
    par, idx = model.params, model.index
    per_pair = x.sum(axis=1) if x.size else np.zeros(idx.n_pairs)
    public = np.bincount(idx.pair_park, weights=per_pair, minlength=par.n_parks)
    private = np.bincount(idx.pair_park, weights=per_pair * par.ratio[idx.pair_cat],
                          minlength=par.n_parks)
    return public, private


def private_cost(model: Model) -> np.ndarray:
    """The objective 'private money mobilised' Σ r_c·x per LP column (k€ of private money)."""
    idx = model.index
    cost = np.zeros(model.lp.n_cols)
    cost[: idx.n_x] = np.repeat(model.params.ratio[idx.pair_cat], idx.n_years)
    return cost
