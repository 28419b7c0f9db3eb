"""Many re-solves of one scenario: warm-started, seeded, in worker processes, cancellable.

    PlanSolver(scenario)                 one built model in HiGHS that solves like `solve`:
                                         maximise value, then the tie-break of ties.py
    map_draws(setup, work, scenario, context, n, workers=..., progress=...) -> list
                                         work(state, i) for i in 0..n-1 on every core
    draw_rng(seed, i)                    the random generator of draw i

Reproducible: draw i gets its own generator from (seed, i), and every draw starts from the
plan's optimal basis (not from whatever the worker solved last), so a result depends only on
(scenario, seed, i): the same with 1 worker or 8, in any order.

Workers: a pool from the "forkserver" start method (a clean server process forks the workers;
the caller may run threads, as Streamlit does, and is never forked itself), "spawn" where
forkserver does not exist. The caller's __main__ is hidden while the workers start (a
Streamlit page is __main__ during its run, and workers would otherwise execute it). Each worker builds its PlanSolver once from the pickled scenario.
The pool is terminated in a `finally`, so an interruption (Ctrl-C, a Streamlit rerun after
the stop button, which raises inside the progress callback) never leaves workers running.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from allocation.domain import Scenario
from allocation.model import Model, build_model
from allocation.run import LpRun, WarmModel
from allocation.ties import settle_ties

POOL_MIN_S = 2.0  # below this much work (on all cores) the draws run in this process
# Dual simplex for re-solves: after a change of right-hand sides or costs the plan's basis
# stays dual (resp. primal) feasible; measured 2-3x faster than primal simplex at 700×10.
RESOLVE_OPTIONS: dict[str, Any] = {"simplex_strategy": 1}

_MAIN_LOCK = threading.Lock()
S = TypeVar("S")
R = TypeVar("R")


def draw_rng(seed: int, i: int) -> np.random.Generator:
    """The generator of draw i: independent of how draws are spread over workers."""
    return np.random.default_rng([int(seed), int(i)])


class PlanSolver:
    """A `WarmModel` that solves as `allocation.solve` does (value first, then the documented
    tie-break over the optimal face, `ties.settle_ties`), which puts the model back after each
    tie-break, so the next re-solve starts from the plan's optimal basis."""

    def __init__(self, scenario: Scenario, time_limit_s: float = 60.0):
        self.model: Model = build_model(scenario)
        # the plan is solved exactly as `solve` solves it (same options, from scratch), so
        # that it and its tie-break are the allocation `solve` reports; re-solves then switch
        # to RESOLVE_OPTIONS
        self.warm = WarmModel(self.model)
        self.time_limit_s = float(time_limit_s)
        lp = self.model.lp
        self.cost = lp.cost.copy()
        self.row_upper = lp.row_upper.copy()  # the row right-hand sides as set now (LP units)
        self.empty = lp.n_cols == 0
        self.basis: Any = None
        self.plan = self.solve(from_plan=False)
        for key, value in RESOLVE_OPTIONS.items():
            self.warm.h.setOptionValue(key, value)

    # -- changes --------------------------------------------------------------------------
    def set_private_capacity(self, capacity_eur: np.ndarray) -> None:
        """K_p (€ per year) of every park: the right-hand sides of rule 2."""
        block = self.model.blocks["private_capacity"]
        n = block.n_rows
        if not n:
            return
        upper = np.asarray(capacity_eur, dtype=float)[block.keys["park"]]
        self.warm.set_row_upper("private_capacity", np.arange(n), upper)
        first = self.model.row_offset["private_capacity"]
        self.row_upper[first:first + n] = upper / 1000.0

    def set_costs(self, cost: np.ndarray) -> None:
        """The objective coefficients (other goal weights)."""
        self.cost = np.asarray(cost, dtype=float).copy()
        self.warm.set_objective(self.cost)

    # -- solving --------------------------------------------------------------------------
    def solve(self, from_plan: bool = True) -> LpRun:
        """Optimum and tie-break; from the plan's basis when `from_plan`."""
        if self.empty:
            return self.warm.run()
        if from_plan and self.basis is not None:
            # a fresh start from the plan's basis: nothing of earlier draws (factorisation,
            # edge weights) may carry over, or a draw would depend on what the worker did
            # before it (and so on the number of workers)
            self.warm.h.clearSolver()
            self.warm.h.setBasis(self.basis)
        first = (self.warm.run(self.time_limit_s) if from_plan
                 else self.warm.run_first(self.time_limit_s))  # the plan: as `solve`
        if first.status != "optimal":
            return first
        if self.basis is None:  # the plan's optimal basis: where every later draw starts
            self.basis = self.warm.h.getBasis()
        # the tie-break as `solve` runs it, the model put back afterwards (ties.settle_ties);
        # it runs with this instance's dual simplex (RESOLVE_OPTIONS) after the plan
        settled = settle_ties(self.warm.h, self.model, first, self.time_limit_s, warm=self.warm)
        return first if settled is None else settled

    # -- reading --------------------------------------------------------------------------
    def x_eur(self, col_value: np.ndarray) -> np.ndarray:
        """[P, C, T] public € of a solution."""
        par, idx = self.model.params, self.model.index
        x = np.zeros((par.n_parks, par.n_categories, par.n_years))
        if idx.n_pairs:
            x[idx.pair_park, idx.pair_cat, :] = col_value[idx.x_cols()] * 1000.0
        return np.maximum(x, 0.0)

    def public_by_park(self, col_value: np.ndarray) -> np.ndarray:
        """[P] public € over all categories and years."""
        public: np.ndarray = self.x_eur(col_value).sum(axis=(1, 2))
        return public


# -- the pool ----------------------------------------------------------------------------------
_STATE: Any = None
_WORK: Callable[[Any, int], Any] | None = None


def _init_worker(setup: Callable[[Scenario, Any], Any], work: Callable[[Any, int], Any],
                 scenario: Scenario, context: Any) -> None:
    global _STATE, _WORK
    # Ctrl-C reaches the whole process group: the parent stops the pool and says so in one
    # sentence; a worker that also took it would print its own traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE = setup(scenario, context)
    _WORK = work


def _run_one(i: int) -> tuple[int, Any]:
    assert _WORK is not None
    return i, _WORK(_STATE, i)


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> Any:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # the server imports only this module (and so numpy, highspy, the model), never the
        # caller's __main__ (a Streamlit or pytest entry point)
        ctx.set_forkserver_preload(["allocation.analysis.parallel"])
        return ctx
    return mp.get_context("spawn")


def map_draws(setup: Callable[[Scenario, Any], S], work: Callable[[S, int], R],
              scenario: Scenario, context: Any, n: int, *, workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              state: S | None = None) -> list[R]:
    """[work(state, i) for i in range(n)], where each process holds state = setup(scenario,
    context). `setup` and `work` must be module-level functions (they are pickled by name).

    `workers=None` decides by measurement: task 0 runs here, and the rest goes to a pool on
    every core only when it would take longer than POOL_MIN_S here (starting the workers
    costs about a second). An explicit `workers` is obeyed. `state` (the caller often has it
    already) is reused for the tasks run here. `progress(done, n)` is called after every
    task; whatever it raises stops the computation and terminates the workers.
    """
    out: list[Any] = [None] * n
    local: Any = state
    done = 0

    def run_here(upto: int) -> None:
        nonlocal local, done
        if local is None:
            local = setup(scenario, context)
        while done < upto:
            out[done] = work(local, done)
            done += 1
            if progress is not None:
                progress(done, n)

    if workers is None:
        workers = default_workers()
        if n and workers > 1:
            start = time.perf_counter()
            run_here(1)
            if (time.perf_counter() - start) * (n - 1) / workers < POOL_MIN_S:
                workers = 1
    workers = min(max(1, int(workers)), max(n - done, 1))
    if workers == 1:
        run_here(n)
        return out
    with _MAIN_LOCK:
        # A new process re-imports the parent's __main__ (multiprocessing "prepares" it); a
        # Streamlit script run *is* __main__, so the workers would run the whole page. They
        # need nothing of it: hide it while the workers start.
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            pool = _context().Pool(workers, initializer=_init_worker,
                                   initargs=(setup, work, scenario, context))
        finally:
            if main is not None:
                sys.modules["__main__"] = main
    try:
        # one task at a time: a live progress bar and a quick stop; the overhead per task
        # (well under a millisecond) is small next to a re-solve
        for i, value in pool.imap_unordered(_run_one, range(done, n)):
            out[i] = value
            done += 1
            if progress is not None:
                progress(done, n)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    return out


# -- command-line options of the analyses that draw ------------------------------------------------
def count_arg(text: str) -> int:
    """argparse type: a whole number of at least 1 (argparse exits with code 2 otherwise)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"moet minstens 1 zijn: {value}")
    return value


MAX_DRAWS = 10_000  # a run of this many draws takes minutes at 700 parks; more is a typo
MAX_SEED = 2**32 - 1  # numpy's seeds are non-negative


def draws_arg(text: str) -> int:
    """argparse type: a number of draws, 1 to MAX_DRAWS."""
    import argparse

    value = count_arg(text)
    if value > MAX_DRAWS:
        raise argparse.ArgumentTypeError(
            f"hoogstens {MAX_DRAWS:,} trekkingen: {value:,}".replace(",", "."))
    return value


def seed_arg(text: str) -> int:
    """argparse type: a start value of the random draws, 0 to MAX_SEED."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"een geheel getal van 0 tot en met {MAX_SEED:,}: {value}".replace(",", "."))
    return value


def share_arg(text: str) -> float:
    """argparse type: a share between 0 and 1."""
    import argparse

    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen getal: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"moet tussen 0 en 1 liggen: {value}")
    return value
