"""Run HiGHS on a built model: solver options, statuses, the time limit, warm re-solves.

    run_lp(lp, time_limit_s) -> (LpRun, highs)       one solve of the arrays
    solve_lp(lp, time_limit_s) -> (LpRun, highs)     the same, with one retry after an error
    WarmModel(model)                                 one built model kept in HiGHS for a series
                                                     of re-solves that change only bounds

This is the second step of the pipeline (model -> run -> solution -> explain -> result): it
knows HiGHS and the model's arrays, nothing about tables or explanations.

How a run ends is explicit (STYLE.md, example 4): "optimal"; "infeasible"; "time_limit" when
HiGHS stopped at the limit holding a feasible but unproven point; "no_solution" when it stopped
without one; "error" for everything else.

Solver choice (measured with benchmarks/bench_solve.py, figures in its docstring): HiGHS
primal simplex (simplex_strategy 4) without presolve, serial, random_seed 0. It is as fast as
any setting at 700×10 and 4,000×10 and several times faster than the interior point method;
x = 0 (or the floors) is a feasible start, so when the time limit strikes it still holds a
feasible allocation, which presolved runs do not hand back; and being serial it gives the
same allocation run after run. After a solver error it retries once with dual simplex and
presolve.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from allocation.model import KEUR, LinearProgram, Model, budget_rhs, to_highs_lp

# Measured on generated 700×10 and 4,000×10 scenarios (see benchmarks/bench_solve.py).
SOLVER_OPTIONS: dict[str, Any] = {
    "solver": "simplex",
    "simplex_strategy": 4,  # primal simplex: x = 0 is feasible, so phase 2 starts at once
    "presolve": "off",  # keeps a feasible point at the time limit; as fast here (measured)
    "random_seed": 0,
    "output_flag": False,
}
FALLBACK_OPTIONS: dict[str, Any] = {"simplex_strategy": 1, "presolve": "on"}
MIN_TIME_S = 1e-3  # HiGHS refuses a zero time limit


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
    dual_bound: float | None = None  # best proven bound on the optimum, where HiGHS has one


def read_run(h: Any, seconds: float) -> LpRun:
    """The outcome held by a `Highs` object after `run()`."""
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
    h = new_highs({"time_limit": max(float(time_limit_s), MIN_TIME_S), **(options or {})})
    if lp.n_cols == 0:  # nobody is eligible: the optimum is 0 with nothing to choose
        return LpRun("optimal", 0.0, np.zeros(0), np.zeros(lp.n_rows), np.zeros(0), 0.0), h
    h.passModel(to_highs_lp(lp))
    start = time.perf_counter()
    h.run()
    return read_run(h, time.perf_counter() - start), h


def solve_lp(lp: LinearProgram, time_limit_s: float) -> tuple[LpRun, Any]:
    """`run_lp` with our options; after numerical trouble, once more with dual simplex and
    presolve within what is left of the time limit."""
    t0 = time.perf_counter()
    run, h = run_lp(lp, time_limit_s)
    if run.status == "error":
        left = time_limit_s - (time.perf_counter() - t0)
        if left > 0.05:
            run, h = run_lp(lp, left, FALLBACK_OPTIONS)
    return run, h


class WarmModel:
    """One built model held in one HiGHS instance for a series of re-solves.

    Analyses and checks change only bounds (a budget, a park's limit, a forced amount) and
    re-run from the previous basis, so every point is exactly the model `solve` builds, with
    the changes stated. `reset()` puts every bound back as built.
    """

    def __init__(self, model: Model, options: dict[str, Any] | None = None):
        self.model = model
        self.h = new_highs(options)
        self._empty = model.lp.n_cols == 0
        if not self._empty:
            self.h.passModel(to_highs_lp(model.lp))

    # -- changes (money in €) -----------------------------------------------------------

    def set_budget(self, budget_eur: np.ndarray) -> None:
        """Every year's budget B_t, and with it the municipality rows φ·Σ_t B_t (rule 6)."""
        budget_up, muni_up = budget_rhs(self.model.params, np.asarray(budget_eur, dtype=float))
        self.set_row_upper("budget", np.arange(len(budget_up)), budget_up * KEUR)
        rows = self.model.rows("municipality_share")
        n = rows.stop - rows.start
        if n:
            self.set_row_upper("municipality_share", np.arange(n), np.full(n, muni_up * KEUR))

    def set_row_upper(self, family: str, local_rows: np.ndarray, upper_eur: np.ndarray) -> None:
        """Right-hand sides (€) of rows `local_rows` of one constraint family."""
        if self._empty or not len(local_rows):
            return
        first = self.model.row_offset[family]
        rows = (first + np.asarray(local_rows, dtype=np.int64)).astype(np.int32)
        lower = self.model.lp.row_lower[rows]
        self.h.changeRowsBounds(len(rows), rows, lower, np.asarray(upper_eur, float) / KEUR)

    def set_col_bounds(self, cols: np.ndarray, lower_eur: np.ndarray,
                       upper_eur: np.ndarray) -> None:
        """Bounds (€) of columns `cols` (e.g. x columns from `model.index.x_cols()`)."""
        if self._empty or not len(cols):
            return
        cols = np.asarray(cols, dtype=np.int32)
        self.h.changeColsBounds(len(cols), cols, np.asarray(lower_eur, float) / KEUR,
                                np.asarray(upper_eur, float) / KEUR)

    def reset(self) -> None:
        """Every row and column bound back as built (the basis is kept as a warm start)."""
        if self._empty:
            return
        lp = self.model.lp
        rows = np.arange(lp.n_rows, dtype=np.int32)
        cols = np.arange(lp.n_cols, dtype=np.int32)
        self.h.changeRowsBounds(lp.n_rows, rows, lp.row_lower, lp.row_upper)
        self.h.changeColsBounds(lp.n_cols, cols, lp.col_lower, lp.col_upper)

    # -- running ---------------------------------------------------------------------------

    def run(self, time_limit_s: float = 60.0) -> LpRun:
        if self._empty:
            return LpRun("optimal", 0.0, np.zeros(0), np.zeros(self.model.lp.n_rows),
                         np.zeros(0), 0.0)
        # HiGHS's time limit counts this object's run time over all its runs: allow this run
        # `time_limit_s` more (else a long series of re-solves ends in "time limit" runs)
        self.h.setOptionValue("time_limit",
                              self.h.getRunTime() + max(float(time_limit_s), MIN_TIME_S))
        start = time.perf_counter()
        self.h.run()
        return read_run(self.h, time.perf_counter() - start)

    def set_costs(self, cost: np.ndarray) -> None:
        """Objective coefficients of every column (value points per k€, as `model.lp.cost`):
        the model with other goal weights has the same rows and bounds, only these change."""
        if self._empty:
            return
        n = self.model.lp.n_cols
        self.h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=float))
