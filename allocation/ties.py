"""Ties: which of the optimal allocations the product shows (MODEL.md, "Ties and equal treatment").

    settle_ties(highs, model, primary, time_left_s, ...) -> LpRun | None
                                     the one way to run "value, then the tie-break if it is
                                     not already broken", restoring a warm model afterwards
    already_tie_broken(highs, model, primary) -> bool     is the optimal basis the answer already?
    tie_break(highs, model, primary, time_limit_s) -> LpRun

Part of the run step: it re-runs HiGHS over the optimal face of the primary solve.

Equal treatment (MODEL.md): the pipeline builds the model in `model.canonical_order` and gives
parks with identical data equal shares (`solution.symmetrise`); the rule texts say so.

Rule (TIE_BREAK_RULE_*): after the optimum is found, a second, warm-started solve over the
optimal face (columns with a non-zero reduced cost and rows with a non-zero dual fixed where
they are, plus value ≥ optimum·(1-1e-9) as a guard) picks the allocation that uses the fewest
public euros, spent as early as possible: minimise Σ (1 + 0.001·i(t)/T)·x_{p,c,t}. The shadow
prices are those of the first (value-maximising) solve; by complementary slackness they hold
for the chosen allocation too. Run, it costs about 10% of the first solve (0.02 s at 700×10,
0.1-0.3 s at 4,000×10, mostly refactorising: on every generated family the optimal vertex of
the primal simplex is already the tie-break's optimum, 0 iterations). So callers first ask
`already_tie_broken`, the simplex optimality test done with HiGHS's factorisation (1-3 ms),
and run the tie-break only when it says no; a "yes" is exactly where the run would change
nothing (tests/test_ties.py).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from allocation.model import Model
from allocation.run import MIN_TIME_S, LpRun, WarmModel, read_run

TIE_BREAK_RULE_NL = (
    "Bij gelijke totale waarde kiest het model de verdeling die de minste provinciale euro's "
    "gebruikt, en bij gelijke inzet het liefst vroeg in de periode (dan werkt het geld het "
    "langst). Zo is de uitkomst bij dezelfde invoer altijd dezelfde, en blijft er geen geld "
    "liggen bij een terrein waar het geen extra waarde oplevert. Gelijke behandeling: de "
    "volgorde van de rijen en de terrein-ids spelen geen rol (het model rekent in een volgorde "
    "die uit de gegevens volgt), en terreinen met dezelfde gegevens krijgen per categorie en "
    "jaar hetzelfde bedrag."
)
TIE_BREAK_RULE_EN = (
    "When several allocations reach the same total value, the model picks the one that uses "
    "the fewest provincial euros, and among those spends as early in the period as possible "
    "(money then works longest). The same input therefore always gives the same outcome, "
    "and no money sits with a park where it adds no value. Equal treatment: the order of the "
    "rows and the park ids play no part (the model works in an order that follows from the "
    "data), and parks with the same data get the same amount per category and year."
)
TIE_OBJECTIVE_REL_TOL = 1e-9
MIN_TIE_BREAK_S = 0.05  # below this much time left, the tie-break is skipped (and said)
EARLY_WEIGHT = 1e-3  # the "as early as possible" part of the tie-break objective


FACE_DUAL_TOL = 1e-9  # a reduced cost or dual above this fixes its column or row


def optimal_face(primary: LpRun) -> tuple[np.ndarray, np.ndarray]:
    """The columns and rows `tie_break` fixes (non-zero reduced cost or dual): the bounds it
    changes, so that a caller can put them back afterwards."""
    assert primary.row_dual is not None and primary.col_dual is not None
    fix_cols = np.nonzero(np.abs(primary.col_dual) > FACE_DUAL_TOL)[0].astype(np.int32)
    fix_rows = np.nonzero(np.abs(primary.row_dual) > FACE_DUAL_TOL)[0].astype(np.int32)
    return fix_cols, fix_rows


def tie_cost(model: Model) -> np.ndarray:
    """The tie-break's objective per LP column (minimised): Σ (1 + ε·i(t)/T)·x."""
    idx = model.index
    weights = 1.0 + EARLY_WEIGHT * np.arange(idx.n_years) / max(idx.n_years, 1)
    cost = np.zeros(model.lp.n_cols)
    cost[: idx.n_x] = np.tile(weights, idx.n_pairs)
    return cost


def tie_break(h: Any, model: Model, primary: LpRun, time_limit_s: float,
              primary_cost: np.ndarray | None = None) -> LpRun:
    """Second solve over the optimal face: minimise Σ (1 + ε·i(t)/T)·x (module docstring).
    `primary_cost` is the objective the primary solve maximised when it was not the value
    (an analysis, e.g. private money)."""
    return optimise_on_face(h, model, primary, time_limit_s, tie_cost(model), False,
                            primary_cost)


TIE_OPTIMAL_TOL = 1e-9  # stricter than HiGHS's dual feasibility tolerance (1e-7)


def already_tie_broken(h: Any, model: Model, primary: LpRun) -> bool:
    """Is the optimal basis `h` holds (right after the primary run, model unchanged) already
    optimal for the tie-break over the optimal face? Then `tie_break` would stop after 0
    simplex iterations at this same allocation, and need not run (it costs a refactorisation
    and, in a series of warm re-solves, a second one to restore the model).

    The test is the simplex optimality test, done here: y = B⁻ᵀ·w_B for the tie-break costs w
    (one solve with HiGHS's factorisation) and reduced costs d = w - Aᵀy. Columns and rows the
    face fixes (non-zero primary reduced cost or dual) may have any sign; every other
    non-basic column or row must not be able to lower w·x: at its lower bound d ≥ 0, at its
    upper bound d ≤ 0 (HiGHS's sign convention, minimising), in between d = 0. Tolerance
    1e-9, stricter than HiGHS's 1e-7, so a "yes" is one HiGHS would give too.
    """
    lp = model.lp
    if (primary.status != "optimal" or primary.col_value is None or primary.row_dual is None
            or primary.col_dual is None or not lp.n_cols):
        return False
    _, basic = h.getBasicVariables()
    basic = np.asarray(basic)
    if len(basic) != lp.n_rows or int(h.getNumRow()) != lp.n_rows:
        return False
    w = tie_cost(model)
    _, y = h.getBasisTransposeSolve(np.where(basic >= 0, w[np.maximum(basic, 0)], 0.0))
    y = np.asarray(y)
    col_of_nz = np.repeat(np.arange(lp.n_cols), np.diff(lp.start))
    d = w - np.bincount(col_of_nz, weights=lp.value * y[lp.index], minlength=lp.n_cols)
    current = h.getLp()  # the bounds as they are now (an analysis may have moved some)
    fix_cols, fix_rows = optimal_face(primary)
    free_cols = np.ones(lp.n_cols, dtype=bool)
    free_cols[basic[basic >= 0]] = False
    free_cols[fix_cols] = False
    free_rows = np.ones(lp.n_rows, dtype=bool)
    free_rows[-1 - basic[basic < 0]] = False
    free_rows[fix_rows] = False
    activity = np.asarray(h.getSolution().row_value)
    return (_sign_ok(d, primary.col_value, np.asarray(current.col_lower_),
                     np.asarray(current.col_upper_), free_cols)
            and _sign_ok(y, activity, np.asarray(current.row_lower_),
                         np.asarray(current.row_upper_), free_rows))


def _sign_ok(d: np.ndarray, value: np.ndarray, lower: np.ndarray, upper: np.ndarray,
             mask: np.ndarray) -> bool:
    """The minimisation optimality signs of `d` for the non-basic entries in `mask`."""
    d, value, lower, upper = d[mask], value[mask], lower[mask], upper[mask]
    scale = np.maximum(1.0, np.abs(value))
    at_lower = np.abs(value - lower) <= 1e-9 * scale
    at_upper = np.abs(value - upper) <= 1e-9 * scale
    tol = TIE_OPTIMAL_TOL
    bad = ((at_lower & ~at_upper & (d < -tol)) | (at_upper & ~at_lower & (d > tol))
           | (~at_lower & ~at_upper & (np.abs(d) > tol)))
    return not bool(bad.any())


def optimise_on_face(h: Any, model: Model, primary: LpRun, time_limit_s: float,
                     cost: np.ndarray, maximise: bool,
                     primary_cost: np.ndarray | None = None) -> LpRun:
    """Optimise `cost` over the optimal face of the primary solve held by `h`.

    The face is fixed by complementary slackness with the first solve's duals: every column
    with a non-zero reduced cost stays at its bound and every row with a non-zero dual stays
    at its right-hand side, so each allocation left to choose from is exactly optimal. The
    primary objective (`primary_cost`, default the value) is kept as well
    (≥ optimum·(1-1e-9)) as a guard against dual tolerances. Warm-started from the optimal
    basis still held by `h`.
    """
    import highspy

    assert primary.col_value is not None
    lp = model.lp
    fix_cols, fix_rows = optimal_face(primary)
    if len(fix_cols):
        v = primary.col_value[fix_cols]
        h.changeColsBounds(len(fix_cols), fix_cols, v, v)
    if len(fix_rows):
        activity = np.asarray(h.getSolution().row_value)[fix_rows]
        h.changeRowsBounds(len(fix_rows), fix_rows, activity, activity)
    guard = lp.cost if primary_cost is None else np.asarray(primary_cost, dtype=float)
    value_cols = np.nonzero(guard)[0].astype(np.int32)
    optimum = float(primary.objective or 0.0)
    bound = optimum - TIE_OBJECTIVE_REL_TOL * max(abs(optimum), 1.0)
    h.addRow(bound, highspy.kHighsInf, len(value_cols), value_cols, guard[value_cols])
    h.changeColsCost(lp.n_cols, np.arange(lp.n_cols, dtype=np.int32),
                     np.asarray(cost, dtype=float))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise
                           else highspy.ObjSense.kMinimize)
    # time_limit counts the instance's accumulated run time (see run.WarmModel.run)
    h.setOptionValue("time_limit", h.getRunTime() + max(float(time_limit_s), MIN_TIME_S))
    start = time.perf_counter()
    h.run()
    return read_run(h, time.perf_counter() - start)


def settle_ties(h: Any, model: Model, primary: LpRun, time_left_s: float, *,
                primary_cost: np.ndarray | None = None,
                warm: WarmModel | None = None) -> LpRun | None:
    """After an optimal primary solve held by `h` (model non-empty): the run to report, with
    the primary's objective and duals and the tie-broken allocation. `primary` itself when its
    basis is already the tie-break's optimum (`already_tie_broken`, no run); None when the rule
    could not be applied (at most MIN_TIE_BREAK_S left, or the tie-break run ended without a
    point), for the caller to say so.

    With `warm` (the `WarmModel` whose instance is `h`) the model is put back afterwards, by a
    checkpoint of exactly what `tie_break` changes (the face's column and row bounds, the extra
    row, the objective and the primary's optimal basis), so the next re-solve starts from the
    primary's optimal basis. Without it, `h` is left on the face: the pipeline drops it after
    keeping the optimal basis for the explanations' own `WarmModel`.

    What stays with the callers, as they differ on purpose: the method of the tie-break run
    (the pipeline and `analysis.points` run primal simplex, as `solve`; `analysis.parallel`
    keeps its dual simplex for the draws), the time left, and what a skipped tie-break means
    to them (the pipeline adds a note, a point reports `tie_broken=False`, a draw keeps the
    primary allocation).
    """
    if already_tie_broken(h, model, primary):
        return primary  # the optimal basis is the tie-break's optimum already: nothing to change
    if time_left_s <= MIN_TIE_BREAK_S:
        return None
    checkpoint = warm.checkpoint(*optimal_face(primary)) if warm is not None else None
    second = tie_break(h, model, primary, time_left_s, primary_cost)
    if warm is not None and checkpoint is not None:
        warm.rollback(checkpoint)
    if second.status not in ("optimal", "time_limit") or second.col_value is None:
        return None
    return LpRun("optimal", primary.objective, second.col_value, primary.row_dual,
                 primary.col_dual, primary.seconds + second.seconds, primary.detail)
