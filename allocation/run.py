"""Run HiGHS on a built model: solver options, strategy, statuses, the time limit, warm re-solves.

    run_lp(lp, time_limit_s, options) -> (LpRun, highs)   one solve with one method
    solve_lp(lp, time_limit_s, strategy, par)             the strategy (default "auto": the primal
        -> (LpRun, highs)                                 simplex or the interior point method,
                                                          chosen from the data); one retry after
                                                          an error
    choose_method(lp, par) -> "primal" | "ipm"            what "auto" runs (expected_funded_cells)
    WarmModel(model)                                      one built model kept in HiGHS for a series
                                                          of re-solves that change only bounds;
                                                          run_first() solves it as solve_lp does

This is the second step of the pipeline (model -> run -> solution -> explain -> result): it
knows HiGHS and the model's arrays, nothing about tables or explanations.

How a run ends is explicit (docs/contracts/STYLE.md, example 4): "optimal"; "infeasible"; "time_limit" when
HiGHS stopped at the limit holding a feasible but unproven point; "no_solution" when it stopped
without one; "error" for everything else.

Methods (HiGHS 1.16; figures in benchmarks/README.md, measured with benchmarks/bench_strategy.py
over four instance families):
- primal simplex (simplex_strategy 4) without presolve, serial, random_seed 0. x = 0 (or the
  floors) is a feasible start, so when the time limit strikes it still holds a feasible
  allocation, which presolved runs and the interior point method do not hand back. Fastest
  when few of the cells (park, year) get money: it makes about two pivots per funded cell,
  each dearer as the model grows.
- the interior point method (IPX, serial) with presolve and crossover, so its answer is a
  vertex with exact duals and a basis, as the simplex method's. Its time grows with the size of
  the model, hardly with the number of funded cells: two to three times faster at 1.500 to
  3.800 parks when most parks get money (tight private capacity, spread by municipality shares
  and floors), up to fourteen times slower when few do.

Strategies (`solve_lp`):
- "auto" (the default) chooses one method from measured features of the instance, before
  solving, so the same workbook gets the same method, and so the same allocation, run after run
  and whatever the machine's load (docs/contracts/MODEL.md, "Ties and equal treatment": the tie-break's
  optimum is not unique on every instance, so two methods can end at different optimal
  allocations of equal value). The interior point method runs when the model has at least
  IPM_MIN_COLUMNS columns and `expected_funded_cells` (a greedy pass over the parks'
  capacities, values, floors and municipality shares, no LP) expects at least
  IPM_MIN_FUNDED_CELLS cells (park, year) to get money, and at least IPM_MIN_FUNDED_SHARE of
  the columns; the primal simplex otherwise. The size threshold is there because of what comes
  after the solve: the reasons per park (explain.py) start from the solve's optimal basis, and
  the interior point method's basis (after crossover) can be more degenerate, so that fewer
  limits are decided by a certified linear step and more need a re-solve (tight_private 700×10:
  16 of 130 against 80 of 130; reasons 2,7 s against 1,6 s). Below about 1.000 parks the solve
  gains too little to pay for that (at most 1,1× there); at national size the solve is two to
  three times faster and, with the reasons, about even (benchmarks/README.md, "End to end").
  When the interior point method is chosen it gets the time limit minus a reserve
  (AUTO_RESERVE_*); if it has no proven answer by then, the primal simplex runs in the reserve,
  so the time limit still gives a feasible allocation. `WarmModel.run_first` solves the same
  way, so that the analyses start from the allocation `solve` reports.
- "primal" and "ipm": one method alone.
- "concurrent" runs both at once, each in its own thread (HiGHS releases the GIL while it
  solves), takes the first proven answer ("optimal" or "infeasible") and interrupts the other
  through HiGHS's interrupt callbacks; when the primal simplex stops at the time limit its
  feasible point is the answer. Which method wins depends on the machine's load, and with it
  the allocation where the tie-break's optimum is not unique, so it is not the default. Tiny
  models (below CONCURRENT_MIN_COLS columns) run the primal simplex alone.
The `Highs` object returned holds the answer's optimal basis with the primal simplex options
set, so the tie-break (ties.py) re-runs warm with the primal simplex whichever method solved.
After a solver error the strategy retries once with dual simplex and presolve.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from allocation.model import KEUR, LinearProgram, Model, Params, budget_rhs, to_highs_lp

# The primal simplex: the default of every Highs made here (benchmarks/bench_solve.py).
SOLVER_OPTIONS: dict[str, Any] = {
    "solver": "simplex",
    "simplex_strategy": 4,  # primal simplex: x = 0 is feasible, so phase 2 starts at once
    "presolve": "off",  # keeps a feasible point at the time limit; as fast here (measured)
    "random_seed": 0,
    "output_flag": False,
}
FALLBACK_OPTIONS: dict[str, Any] = {"simplex_strategy": 1, "presolve": "on"}
# The interior point method with crossover (a vertex, exact duals, a basis for warm starts).
# IPX, not HiPO: the HiPO in the highspy wheel lacks its orderings (metis, amd, rcm).
IPM_OPTIONS: dict[str, Any] = {"solver": "ipx", "presolve": "on", "run_crossover": "on"}
# Strategies `solve_lp` knows: a method chosen from the data, both at once, each alone.
METHODS: dict[str, dict[str, Any]] = {"primal": {}, "ipm": IPM_OPTIONS}
STRATEGIES = ("auto", "concurrent", *METHODS)
STRATEGY = "auto"  # module docstring: why not "concurrent"
# "auto": the interior point method for a model of at least this many columns (about 1.000
# parks × 10 years) where the optimum is expected to fund at least this many cells (park, year)
# and this share of the columns (fitted on benchmarks/families.py, 4 families × 120-3.800
# parks × 3 seeds, first solve and solve + reasons: benchmarks/README.md)
IPM_MIN_COLUMNS = 20_000
IPM_MIN_FUNDED_CELLS = 5_000
IPM_MIN_FUNDED_SHARE = 0.10
# "auto" with the interior point method keeps this much of the time limit for the primal simplex
AUTO_RESERVE_SHARE = 0.1
AUTO_RESERVE_MIN_S = 0.05
CONCURRENT_MIN_COLS = 5_000  # below this the primal simplex alone (120×5: ~3.000 columns)
MIN_TIME_S = 1e-3  # HiGHS refuses a zero time limit


_BANNER_SILENCED = False


# Any, not highspy.Highs: highspy 1.16's stubs lack changeRowsBounds, getBasicVariables and
# getBasisSolve, which run.py and explain/ call.
def new_highs(options: dict[str, Any] | None = None) -> Any:
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
    cpu_seconds: float | None = None  # CPU time of the thread that ran HiGHS (benchmarks)


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


def no_progress(lp: LinearProgram, run: LpRun) -> bool:
    """A run stopped at the time limit still at its starting point (x at its lower bounds: 0,
    or the floors): the primal simplex made no improving step, so the computation found no
    allocation of its own. Callers report it as no allocation within the time limit."""
    if run.objective is None:
        return True
    start = float(lp.cost @ lp.col_lower) if lp.n_cols else 0.0
    return float(run.objective) <= start + 1e-9 * max(1.0, abs(start))


def run_lp(lp: LinearProgram, time_limit_s: float,
           options: dict[str, Any] | None = None) -> tuple[LpRun, Any]:
    """Solve the arrays with HiGHS; returns the outcome and the Highs object (warm). The time
    limit counts from this call: handing the model to HiGHS (about 0,1 s at 5.000 parks) is
    taken from it, as HiGHS itself counts only from the start of its run."""
    called = time.perf_counter()
    h = new_highs({"time_limit": max(float(time_limit_s), MIN_TIME_S), **(options or {})})
    if lp.n_cols == 0:  # nobody is eligible: the optimum is 0 with nothing to choose
        return LpRun("optimal", 0.0, np.zeros(0), np.zeros(lp.n_rows), np.zeros(0), 0.0), h
    h.passModel(to_highs_lp(lp))
    h.setOptionValue("time_limit", max(float(time_limit_s) - (time.perf_counter() - called),
                                       MIN_TIME_S))
    start, cpu = time.perf_counter(), time.thread_time()
    h.run()
    run = read_run(h, time.perf_counter() - start)
    run.cpu_seconds = time.thread_time() - cpu
    return run, h


def solve_lp(lp: LinearProgram, time_limit_s: float, strategy: str | None = None,
             par: Params | None = None) -> tuple[LpRun, Any]:
    """Solve with `strategy` (default STRATEGY; see the module docstring); "auto" chooses from
    `par`, the parameters the LP was built from (without them: the primal simplex). After
    numerical trouble, once more with dual simplex and presolve within what is left of the time
    limit. The Highs object returned holds the answer (and, when optimal, its basis) with the
    primal simplex options set, ready for a warm re-run (ties.py). `LpRun.detail` ends with the
    method that gave the answer, e.g. "Optimal (ipm)"."""
    strategy = strategy or STRATEGY
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose from {', '.join(STRATEGIES)}")
    t0 = time.perf_counter()
    if strategy == "concurrent" and lp.n_cols >= CONCURRENT_MIN_COLS:
        run, h = run_concurrent(lp, time_limit_s)
    elif strategy == "auto":
        run, h = run_auto(lp, time_limit_s, choose_method(lp, par))
    else:
        method = strategy if strategy in METHODS else "primal"
        run, h = run_lp(lp, time_limit_s, METHODS[method])
        run.detail = f"{run.detail} ({method})"
    if run.status == "error":
        left = time_limit_s - (time.perf_counter() - t0)
        if left > 0.05:
            run, h = run_lp(lp, left, FALLBACK_OPTIONS)
            run.detail = f"{run.detail} (dual)"
    _as_primal(h)
    return run, h


def expected_funded_cells(par: Params) -> int:
    """An estimate, without solving, of how many cells (park, year) the optimum gives money.

    A greedy pass: the floors (rule 7) first; then every park's return segments (rule 8) as
    pieces worth μ_k times its best value per euro, as wide as the segment and what the park
    can take over the years (the least of its absorption capacity, its private capacity over
    the lowest matching ratio and its categories' caps, per year, discounted), filled from the
    most valuable down until the discounted budget is spent, each municipality at most its
    share (rule 6). A park touched is counted for every year. On the benchmark families it is
    0,9 to 2 times the true count (make_small_scenario: 6 against 8), which is all
    `choose_method` needs: far from its thresholds the two methods' times differ 2-14×, near
    them little."""
    T = par.n_years
    eligible = par.eligible
    if not eligible.any() or T == 0:
        return 0
    lowest_ratio = np.where(eligible, par.ratio[None, :], np.inf).min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_private = np.where(lowest_ratio > 0, par.private_capacity / lowest_ratio, np.inf)
    by_caps = np.where(eligible, par.cap[None, :], 0.0).sum(axis=1)
    per_year = np.minimum(np.minimum(by_private, par.absorption), by_caps)
    per_year = np.where(eligible.any(axis=1), per_year, 0.0)
    discount = float(par.delta.sum())
    left = per_year * discount
    best = np.where(eligible, par.value, 0.0).max(axis=1)
    widths, values = [], []
    for k, share in enumerate(par.seg_share):
        width = np.minimum(left, share * par.horizon) if np.isfinite(share) else left
        left = left - width
        widths.append(width)
        values.append(par.multiplier[k] * best)
    width = np.concatenate(widths)
    value = np.concatenate(values)
    owner = np.tile(np.arange(par.n_parks), len(par.seg_share))
    budget = float((par.delta * par.budget).sum())
    touched = np.zeros(par.n_parks, dtype=bool)
    floor_parks = par.floor_parks
    if par.floor > 0 and floor_parks.any():
        touched |= floor_parks
        budget -= float(floor_parks.sum()) * par.floor * discount
    keep = (width > 0) & (value > 0)
    order = np.argsort(-value[keep], kind="stable")
    width, owner = width[keep][order], owner[keep][order]
    if par.max_share < 1.0 and len(width):  # each municipality up to its share, by value
        cap = par.max_share * float(par.budget.sum()) * discount / T
        muni = par.park_municipality[owner]
        by_muni = np.argsort(muni, kind="stable")
        cum = np.empty_like(width)
        sorted_width = width[by_muni]
        starts = np.r_[0, np.nonzero(np.diff(muni[by_muni]))[0] + 1]
        totals = np.cumsum(sorted_width)
        offsets = np.repeat(totals[starts] - sorted_width[starts], np.diff(np.r_[starts,
                                                                                 len(width)]))
        cum[by_muni] = totals - offsets
        width = np.minimum(cum, cap) - np.minimum(cum - width, cap)
    spent_before = np.cumsum(width) - width
    touched[owner[(width > 0) & (spent_before < budget)]] = True
    return int(touched.sum()) * T


def choose_method(lp: LinearProgram, par: Params | None) -> str:
    """"ipm" for a large model whose optimum is expected to fund many cells, in number and as a
    share of the model (module docstring), else "primal"."""
    if par is None or lp.n_cols < IPM_MIN_COLUMNS:
        return "primal"
    cells = expected_funded_cells(par)
    if cells >= IPM_MIN_FUNDED_CELLS and cells >= IPM_MIN_FUNDED_SHARE * lp.n_cols:
        return "ipm"
    return "primal"


def run_auto(lp: LinearProgram, time_limit_s: float, method: str) -> tuple[LpRun, Any]:
    """`method` as "auto" runs it (the one `choose_method` picked). The interior point method
    runs within the time limit minus a reserve; without a proven answer by then, the primal
    simplex runs in what is left and hands back its feasible point at the limit (status
    "time_limit")."""
    if method == "primal":
        run, h = run_lp(lp, time_limit_s)
    else:
        t0 = time.perf_counter()
        reserve = max(AUTO_RESERVE_MIN_S, AUTO_RESERVE_SHARE * float(time_limit_s))
        run, h = run_lp(lp, float(time_limit_s) - reserve, IPM_OPTIONS)
        if run.status not in ("optimal", "infeasible"):
            method = "primal"
            run, h = run_lp(lp, time_limit_s - (time.perf_counter() - t0))
    run.detail = f"{run.detail} ({method})"
    return run, h


def _as_primal(h: Any) -> None:
    """Put the primal simplex options back on `h`: the next run starts from its basis."""
    for key, value in SOLVER_OPTIONS.items():
        h.setOptionValue(key, value)


def _decisive(method: str, run: LpRun) -> bool:
    """Whether `run` settles the race: a proven answer from either method, or the primal
    simplex stopping at the time limit (the interior point method then has no point to
    offer). An error or an unproven stop of the interior point method leaves it open."""
    if run.status in ("optimal", "infeasible"):
        return True
    return method == "primal" and run.status in ("time_limit", "no_solution")


def run_concurrent(lp: LinearProgram, time_limit_s: float) -> tuple[LpRun, Any]:
    """The primal simplex and the interior point method on the same arrays at once, each in its
    own thread; the first decisive outcome (`_decisive`) wins and the other is interrupted.

    Returns (LpRun, highs) like `run_lp`; `LpRun.detail` names the winning method. When nothing
    is decisive (both ended in an error, say) the primal simplex's outcome is returned."""
    if lp.n_cols == 0:
        return run_lp(lp, time_limit_s)
    stop = threading.Event()
    finished: queue.Queue[tuple[str, LpRun]] = queue.Queue()
    h_lp = to_highs_lp(lp)
    limit = max(float(time_limit_s), MIN_TIME_S)

    def interrupt(event: Any) -> None:  # called by HiGHS between iterations
        if stop.is_set():
            event.interrupt()

    contenders: dict[str, Any] = {}
    for method, options in METHODS.items():
        h = new_highs({"time_limit": limit, **options})
        h.passModel(h_lp)
        h.cbSimplexInterrupt.subscribe(interrupt)
        h.cbIpmInterrupt.subscribe(interrupt)
        contenders[method] = h

    def work(method: str, h: Any) -> None:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            h.run()
            run = read_run(h, time.perf_counter() - start)
        except Exception as err:  # noqa: BLE001 - reported as this method's "error"
            run = LpRun("error", None, None, None, None, time.perf_counter() - start,
                        f"{type(err).__name__}: {err}")
        run.cpu_seconds = time.thread_time() - cpu
        finished.put((method, run))

    threads = [threading.Thread(target=work, args=item, name=f"highs-{item[0]}", daemon=True)
               for item in contenders.items()]
    for thread in threads:
        thread.start()
    outcomes: dict[str, LpRun] = {}
    winner: str | None = None
    try:
        while len(outcomes) < len(contenders):
            method, run = finished.get()
            outcomes[method] = run
            if _decisive(method, run):
                winner = method
                break
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        for h in contenders.values():
            h.cbSimplexInterrupt.unsubscribe(interrupt)
            h.cbIpmInterrupt.unsubscribe(interrupt)
    chosen = winner or "primal"
    run = outcomes[chosen]
    run.detail = f"{run.detail} ({chosen})".strip()
    return run, contenders[chosen]


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
        # HiGHS measures time_limit against the run time the instance has accumulated over
        # all its runs, so a series of re-solves needs the limit moved along.
        self.h.setOptionValue("time_limit", self.h.getRunTime()
                              + max(float(time_limit_s), MIN_TIME_S))
        start = time.perf_counter()
        self.h.run()
        return read_run(self.h, time.perf_counter() - start)

    def run_first(self, time_limit_s: float = 60.0) -> LpRun:
        """The first solve of this model, from scratch, the way `solve_lp` does it with the
        default STRATEGY, so that an analysis starts from the allocation `solve` reports: when
        that strategy runs the interior point method, it runs in a separate instance and its
        optimal basis is put into this one (which re-runs it without iterations); otherwise
        this instance runs the primal simplex itself."""
        method = (choose_method(self.model.lp, self.model.params) if STRATEGY == "auto"
                  else STRATEGY)
        if self._empty or method != "ipm":
            return self.run(time_limit_s)
        start = time.perf_counter()
        run, h = run_auto(self.model.lp, time_limit_s, method)
        if run.status != "optimal":
            return run  # no basis to hand on; the caller reports the status
        self.h.setBasis(h.getBasis())
        left = time_limit_s - (time.perf_counter() - start)
        return self.run(max(left, MIN_TIME_S))

    def set_basis(self, basis: Any) -> None:
        """Start the next run from `basis` (a `highspy.HighsBasis`, e.g. the primary solve's
        optimal basis), so that re-checking a solved model costs no simplex iterations."""
        if not self._empty:
            self.h.setBasis(basis)

    # -- analyses: another objective, extra rows, checkpoints (allocation.analysis) ---------

    def set_objective(self, cost: np.ndarray, maximise: bool = True) -> None:
        """Replace the objective (per LP column, LP units) and its sense."""
        import highspy

        if self._empty:
            return
        n = self.model.lp.n_cols
        self._objective = (np.asarray(cost, dtype=float).copy(), bool(maximise))
        self.h.changeColsCost(n, np.arange(n, dtype=np.int32), self._objective[0])
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise
                                    else highspy.ObjSense.kMinimize)

    def objective(self) -> tuple[np.ndarray, bool]:
        """The objective set last (cost per column, maximise?), as built until changed."""
        return getattr(self, "_objective", (self.model.lp.cost, self.model.lp.maximise))

    def add_row(self, cols: np.ndarray, coefs: np.ndarray, lower: float, upper: float) -> int:
        """Add one row lower ≤ Σ coefs·col ≤ upper (LP units: money in k€); its row number,
        or -1 for a model without columns."""
        if self._empty:
            return -1
        cols = np.asarray(cols, dtype=np.int32)
        self.h.addRow(float(lower), float(upper), len(cols), cols,
                      np.asarray(coefs, dtype=float))
        return int(self.h.getNumRow()) - 1

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        """Bounds of one row by its number (LP units), e.g. a row from `add_row`."""
        if self._empty or row < 0:
            return
        self.h.changeRowsBounds(1, np.array([row], dtype=np.int32), np.array([float(lower)]),
                                np.array([float(upper)]))

    def set_strategy(self, dual: bool) -> None:
        """Dual simplex (after right-hand side or bound changes: the basis stays dual
        feasible) or our primal default (after objective changes: it stays primal feasible)."""
        strategy = 1 if dual else SOLVER_OPTIONS["simplex_strategy"]
        self.h.setOptionValue("simplex_strategy", strategy)

    def checkpoint(self, cols: np.ndarray | None = None,
                   rows: np.ndarray | None = None) -> dict[str, Any]:
        """What `rollback` needs to undo changes that follow: the number of rows, the
        objective, the basis, and the bounds of the columns and rows that will change (or of
        all, when not given). Reading only those keeps a checkpoint cheap."""
        if self._empty:
            return {}
        n_col, n_row = int(self.h.getNumCol()), int(self.h.getNumRow())
        cols = (np.arange(n_col) if cols is None else np.asarray(cols)).astype(np.int32)
        rows = (np.arange(n_row) if rows is None else np.asarray(rows)).astype(np.int32)
        cp: dict[str, Any] = {"n_row": n_row, "objective": self.objective(),
                              "basis": self.h.getBasis(), "cols": cols, "rows": rows}
        if len(cols):
            _, _, _, cp["col_lower"], cp["col_upper"], _ = self.h.getCols(len(cols), cols)
        if len(rows):
            _, _, cp["row_lower"], cp["row_upper"], _ = self.h.getRows(len(rows), rows)
        return cp

    def rollback(self, cp: dict[str, Any]) -> None:
        """Back to the state of `checkpoint()`: rows added since are deleted, the saved bounds
        and the objective restored, and the basis of that moment set again (a warm start)."""
        if self._empty or not cp:
            return
        n_row = int(self.h.getNumRow())
        if n_row > cp["n_row"]:
            extra = np.arange(cp["n_row"], n_row, dtype=np.int32)
            self.h.deleteRows(len(extra), extra)
        cols, rows = cp["cols"], cp["rows"]
        if len(cols):
            self.h.changeColsBounds(len(cols), cols, np.asarray(cp["col_lower"]),
                                    np.asarray(cp["col_upper"]))
        if len(rows):
            self.h.changeRowsBounds(len(rows), rows, np.asarray(cp["row_lower"]),
                                    np.asarray(cp["row_upper"]))
        self.set_objective(*cp["objective"])
        if cp["basis"].valid:
            self.h.setBasis(cp["basis"])
