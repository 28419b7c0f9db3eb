"""Ties: which of the optimal allocations the product shows (docs/contracts/MODEL.md, "Ties and equal treatment").

    settle_ties(highs, model, primary, time_left_s, ...) -> LpRun | None
                                     the one way to run the rule after the value's optimum,
                                     restoring a warm model afterwards
    already_tie_broken(highs, model, primary) -> bool     is the optimal basis the tie-break's?
    tie_break(highs, model, primary, time_limit_s) -> LpRun          the rule's first level
    spread(certificate, model, tie_optimum, time_limit_s) -> x       the rule's second level

Part of the run step: it re-runs HiGHS over the optimal face of the primary solve.

Equal treatment (docs/contracts/MODEL.md): the pipeline builds the model in `model.canonical_order` and gives
parks with identical data equal shares (`solution.symmetrise`); the rule texts say so.

Rule (TIE_BREAK_RULE_*), in two levels after the value:
1. `tie_break`: a warm-started solve over the optimal face (columns with a non-zero reduced
   cost and rows with a non-zero dual fixed where they are, plus value ≥ optimum·(1-1e-9) as a
   guard) picks the allocations that use the fewest public euros, spent as early as possible:
   minimise Σ (1 + 0.001·i(t)/T)·x_{p,c,t}. Run, it costs about 10% of the first solve (0.02 s
   at 700×10), mostly refactorising: on every generated family the optimal vertex of the
   primal simplex is already its optimum, 0 iterations. So `settle_ties` first asks
   `already_tie_broken`, the simplex optimality test done with HiGHS's factorisation (1-3 ms),
   and runs it only when it says no; a "yes" is exactly where the run would change nothing
   (tests/test_ties.py).
2. `spread`: that optimum is often not unique (money can move between parks of equal
   marginal value: docs/contracts/MODEL.md asks for a documented symmetric rule there, issue 26). Among the
   allocations optimal for both, the unique one with the least Σ x²/u, u the park's room
   (`room_eur`): money at equal value is shared in proportion to room. It depends on the data
   only, not on a basis or on the park order. It runs only when level 1's optimum may not be
   unique (`FaceCertificate.moving`: a non-basic column or row with a zero reduced cost in
   both levels; none is a proof of uniqueness), as a convex QP in HiGHS over the columns that
   can still move. HiGHS's active-set QP solver (the only QP solver in the highspy wheel)
   takes about 1-2 µs per unit of `spread_work` (free columns × tie directions), measured on
   benchmarks/families.py, seeds 1-2: 120×5 7-17 ms (tight_private 0,3-0,4 s), 300×6
   12-126 ms, 700×10 0,2-0,3 s at 145.000 units (tight_budget, shares_floors), 1 s at
   realistic's 1 million and over 60 s at tight_private's 8 million. So it runs up to
   SPREAD_MAX_WORK and is skipped above (said in the run's detail, `spread_skipped`, and by
   the pipeline to the user): level 1's vertex stands then. That is every 700×10 instance
   measured (4 families × seeds 1-2), where the rule then costs what it did (8-55 ms); at
   120×5 all but tight_private get the spread. A QP method that scales (an interior point
   method exploiting the parks' block structure) would lift the limit.
The shadow prices are those of the first (value-maximising) solve; by complementary slackness
they hold for the chosen allocation too, as both levels stay on the optimal face.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from allocation.model import Model
from allocation.run import MIN_TIME_S, LpRun, WarmModel, read_run

TIE_BREAK_RULE_NL = (
    "Bij gelijke totale waarde kiest het model eerst de verdeling die de minste provinciale "
    "euro's gebruikt, en bij gelijke inzet het liefst vroeg in de periode (dan werkt het geld "
    "het langst); zo blijft er geen geld liggen bij een terrein waar het geen extra waarde "
    "oplevert. Kan het geld daarna nog op meer manieren even goed, bijvoorbeeld tussen "
    "terreinen die per € 1.000 evenveel opleveren, dan deelt het model het naar verhouding van "
    "de ruimte van elk terrein: wat het per jaar zelf kan dragen (de kleinste van de "
    "opnamecapaciteit, de private cofinanciering gedeeld door de vereiste verhouding, en de "
    "categoriegrens). Twee terreinen met € 100.000 en € 200.000 ruimte die om hetzelfde budget "
    "concurreren krijgen er zo een derde en twee derde van (precies: de kleinste som van "
    "bedrag² gedeeld door ruimte). Bij zeer veel gelijkwaardige keuzes tegelijk zou die "
    "tweede stap te lang duren; dan blijft het bij de eerste, en de uitkomst meldt dat. Zo is "
    "de uitkomst bij dezelfde invoer altijd dezelfde. Gelijke behandeling: de volgorde van de "
    "rijen en de terrein-ids spelen geen rol (het model rekent in een volgorde die uit de "
    "gegevens volgt), en terreinen met dezelfde gegevens krijgen per categorie en jaar "
    "hetzelfde bedrag."
)
TIE_BREAK_RULE_EN = (
    "When several allocations reach the same total value, the model first picks the one that "
    "uses the fewest provincial euros, and among those spends as early in the period as "
    "possible (money then works longest); so no money sits with a park where it adds no "
    "value. If the money can then still go several equally good ways, for instance between "
    "parks that yield as much per € 1.000, the model shares it in proportion to each park's "
    "room: what it can carry a year by itself (the least of its absorption capacity, its "
    "private co-financing divided by the required ratio, and the category cap). Two parks "
    "with € 100.000 and € 200.000 of room competing for the same budget thus get one third "
    "and two thirds of it (exactly: the least sum of amount² divided by room). With very "
    "many equally good choices at once that second step would take too long; the first one "
    "then stands, and the outcome says so. The same input therefore always gives the same "
    "outcome. Equal treatment: the order of the rows and the park ids play no part (the "
    "model works in an order that follows from the data), and parks with the same data get "
    "the same amount per category and year."
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
    return _certificate_at_basis(h, model, primary, None) is not None


@dataclass
class FaceCertificate:
    """The tie-break's optimum over the optimal face, with what proves it: the LP as HiGHS
    holds it with the face's bounds (columns and rows the value fixes at their values), the
    point, an optimal basis of the tie-break (which columns and rows are basic) and its duals
    (`col_dual` the reduced costs of Σ (1 + ε·i(t)/T)·x). By complementary slackness, the
    allocations as good for both levels are exactly the points of the face where every column
    and row with a non-zero tie-break dual stays where it is: what `spread` chooses from."""

    x: np.ndarray
    activity: np.ndarray  # row values at x
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray  # the matrix (column-wise) of these rows and columns
    index: np.ndarray
    value: np.ndarray
    col_dual: np.ndarray
    row_dual: np.ndarray
    col_basic: np.ndarray  # bool
    row_basic: np.ndarray  # bool
    guards: list[tuple[np.ndarray, float, float]]  # extra rows lower ≤ coef·x ≤ upper

    def moving(self) -> tuple[np.ndarray, np.ndarray]:
        """(columns, rows) that are non-basic, not fixed by the face and have a zero
        tie-break dual: the directions in which the optimum of both levels may not be
        unique. None (both empty) proves it unique: every other optimal point would move
        a non-basic variable with a non-zero reduced cost, which costs tie-break value."""
        tol = FACE_DUAL_TOL
        cols = (~self.col_basic & (self.col_lower < self.col_upper)
                & (np.abs(self.col_dual) <= tol))
        rows = (~self.row_basic & (self.row_lower < self.row_upper)
                & (np.abs(self.row_dual) <= tol))
        return np.nonzero(cols)[0], np.nonzero(rows)[0]


def _guard_bound(optimum: float) -> float:
    """The primary objective the face must keep: optimum·(1-1e-9)."""
    return optimum - TIE_OBJECTIVE_REL_TOL * max(abs(optimum), 1.0)


def _basic_masks(h: Any, n_cols: int, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    _, basic = h.getBasicVariables()
    basic = np.asarray(basic, dtype=np.int64)
    col_basic = np.zeros(n_cols, dtype=bool)
    col_basic[basic[basic >= 0]] = True
    row_basic = np.zeros(n_rows, dtype=bool)
    row_basic[-1 - basic[basic < 0]] = True
    return col_basic, row_basic


def _certificate_at_basis(h: Any, model: Model, primary: LpRun,
                          primary_cost: np.ndarray | None) -> FaceCertificate | None:
    """`already_tie_broken`'s test; when it says yes, the certificate of the basis `h` holds
    (for `spread`), else None."""
    lp = model.lp
    if (primary.status != "optimal" or primary.col_value is None or primary.row_dual is None
            or primary.col_dual is None or not lp.n_cols):
        return None
    _, basic = h.getBasicVariables()
    basic = np.asarray(basic)
    if len(basic) != lp.n_rows or int(h.getNumRow()) != lp.n_rows:
        return None
    w = tie_cost(model)
    _, y = h.getBasisTransposeSolve(np.where(basic >= 0, w[np.maximum(basic, 0)], 0.0))
    y = np.asarray(y)
    col_of_nz = np.repeat(np.arange(lp.n_cols), np.diff(lp.start))
    d = w - np.bincount(col_of_nz, weights=lp.value * y[lp.index], minlength=lp.n_cols)
    current = h.getLp()  # the bounds as they are now (an analysis may have moved some)
    fix_cols, fix_rows = optimal_face(primary)
    col_basic, row_basic = _basic_masks(h, lp.n_cols, lp.n_rows)
    free_cols = ~col_basic
    free_cols[fix_cols] = False
    free_rows = ~row_basic
    free_rows[fix_rows] = False
    x = np.asarray(primary.col_value, dtype=float)
    activity = np.asarray(h.getSolution().row_value, dtype=float)
    col_lower, col_upper = np.array(current.col_lower_), np.array(current.col_upper_)
    row_lower, row_upper = np.array(current.row_lower_), np.array(current.row_upper_)
    if not (_sign_ok(d, x, col_lower, col_upper, free_cols)
            and _sign_ok(y, activity, row_lower, row_upper, free_rows)):
        return None
    col_lower[fix_cols] = col_upper[fix_cols] = x[fix_cols]  # the face, as `tie_break` fixes it
    row_lower[fix_rows] = row_upper[fix_rows] = activity[fix_rows]
    guard = lp.cost if primary_cost is None else np.asarray(primary_cost, dtype=float)
    return FaceCertificate(
        x, activity, col_lower, col_upper, row_lower, row_upper, lp.start, lp.index, lp.value,
        d, y, col_basic, row_basic,
        [(guard, _guard_bound(float(primary.objective or 0.0)), np.inf)])


def _certificate_after_run(h: Any) -> FaceCertificate:
    """The certificate `h` holds right after an optimal `tie_break` run (its LP is the face,
    with the guard row)."""
    current = h.getLp()
    matrix = current.a_matrix_
    assert matrix.format_ == highspy_colwise()
    sol = h.getSolution()
    n_cols, n_rows = int(current.num_col_), int(current.num_row_)
    col_basic, row_basic = _basic_masks(h, n_cols, n_rows)
    return FaceCertificate(
        np.array(sol.col_value), np.array(sol.row_value),
        np.array(current.col_lower_), np.array(current.col_upper_),
        np.array(current.row_lower_), np.array(current.row_upper_),
        np.array(matrix.start_), np.array(matrix.index_), np.array(matrix.value_),
        np.array(sol.col_dual), np.array(sol.row_dual), col_basic, row_basic, [])


def highspy_colwise() -> Any:
    import highspy

    return highspy.MatrixFormat.kColwise


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


MIN_ROOM_EUR = 1_000.0  # the room `spread` weighs a column by is at least this
SPREAD_OPTIONS: dict[str, Any] = {"output_flag": False, "random_seed": 0}
# `spread` runs when its QP is at most this large (`spread_work`): about 0,2-0,5 s, measured
# (the demo province, 120 parks × 5 years, is 278.883: 0,23 s on a loaded 2-core machine)
SPREAD_MAX_WORK = 400_000
SPREAD_SKIPPED = "spread skipped: too many ties"


def room_eur(model: Model) -> np.ndarray:
    """Per x column, the park's room (€ a year) that `spread` shares money in proportion to:
    what the park can carry in that category in a year by its own limits, i.e. the least of
    its absorption capacity A_p (rule 3, as given, without growth), its private capacity
    over the category's matching ratio K_p/r_c (rule 2, where r_c > 0) and the category cap
    M_c (rule 4); at least MIN_ROOM_EUR, so that every column has a finite weight."""
    par, idx = model.params, model.index
    p, c = idx.pair_park, idx.pair_cat
    r = par.ratio[c]
    with np.errstate(divide="ignore"):
        by_private = np.where(r > 0, par.private_capacity[p] / np.where(r > 0, r, 1.0), np.inf)
    room = np.minimum(np.minimum(par.absorption[p], by_private), par.cap[c])
    return np.repeat(np.maximum(room, MIN_ROOM_EUR), idx.n_years)


def _free_columns(cert: FaceCertificate) -> np.ndarray:
    """The columns `spread` may move: not fixed by the face, and basic or with a zero
    tie-break reduced cost (complementary slackness fixes the others)."""
    fixed = ((cert.col_lower >= cert.col_upper)
             | (~cert.col_basic & (np.abs(cert.col_dual) > FACE_DUAL_TOL)))
    return np.nonzero(~fixed)[0]


def spread_work(cert: FaceCertificate) -> int:
    """The size of the QP `spread` would solve: free columns × tie directions (`moving`),
    which HiGHS's active-set QP solver's time follows (about 1-2 µs per unit, measured on
    benchmarks/families.py, 120×5 to 700×10)."""
    cols, rows = cert.moving()
    return int(len(_free_columns(cert))) * (len(cols) + len(rows))


def spread(cert: FaceCertificate, model: Model, tie_optimum: float,
           time_limit_s: float) -> np.ndarray | None:
    """The third level of the rule: among the allocations optimal for the value and for the
    tie-break (`cert`), the one with the least Σ_j x_j²/u_j (u the park's room, `room_eur`),
    so that money at equal value is shared in proportion to room as far as the rules let it
    (two parks that compete only for one budget get it exactly in proportion to their room).
    Strictly convex in x, so the optimum is unique and depends on the data only, not on a
    basis: a permutation of the parks permutes it. None when HiGHS does not prove it within
    `time_limit_s`.

    Solved as a convex QP (HiGHS's active-set solver) on the columns that can still move
    (`_free_columns`); rows with a non-zero tie-break dual stay at their value too, the rest
    of the point is substituted into the rows, and rows left without a free column are
    dropped. Two guard rows keep the value at its optimum and the tie-break at its own
    (relative 1e-9) against dual tolerances."""
    import highspy

    x = cert.x
    n, m = len(x), len(cert.row_lower)
    free = _free_columns(cert)
    if not len(free):
        return x.copy()
    fixed = np.ones(n, dtype=bool)
    fixed[free] = False
    counts = np.diff(cert.start).astype(np.int64)
    col_of = np.repeat(np.arange(n), counts)
    shift = np.bincount(cert.index, weights=cert.value * np.where(fixed, x, 0.0)[col_of],
                        minlength=m)
    row_lower, row_upper = cert.row_lower - shift, cert.row_upper - shift
    tight = ~cert.row_basic & (np.abs(cert.row_dual) > FACE_DUAL_TOL)
    row_lower[tight] = row_upper[tight] = cert.activity[tight] - shift[tight]
    keep = ~fixed[col_of]
    used, rows = np.unique(cert.index[keep], return_inverse=True)
    n_x = model.index.n_x
    tie_cols = np.zeros(n)
    tie_cols[:n_x] = tie_cost(model)[:n_x]
    guards = [*cert.guards,
              (tie_cols, -np.inf,
               tie_optimum + TIE_OBJECTIVE_REL_TOL * max(abs(tie_optimum), 1.0))]
    g_coef = np.array([coef[free] for coef, _, _ in guards])
    g_fixed = np.array([float(coef[fixed] @ x[fixed]) for coef, _, _ in guards])
    g_lower = np.array([lo for _, lo, _ in guards]) - g_fixed
    g_upper = np.array([up for _, _, up in guards]) - g_fixed

    h_lp = highspy.HighsLp()
    h_lp.num_col_, h_lp.num_row_ = len(free), len(used)
    h_lp.col_cost_ = np.zeros(len(free))
    h_lp.col_lower_, h_lp.col_upper_ = cert.col_lower[free], cert.col_upper[free]
    h_lp.row_lower_, h_lp.row_upper_ = row_lower[used], row_upper[used]
    h_lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    h_lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(counts[free])]).astype(np.int32)
    h_lp.a_matrix_.index_ = rows.astype(np.int32)
    h_lp.a_matrix_.value_ = cert.value[keep]
    h_lp.sense_ = highspy.ObjSense.kMinimize
    # the Hessian: 2/u on the x columns, scaled so that the least entry is 2 (HiGHS adds a
    # regularisation of 1e-7 to the diagonal, negligible then: below € 0,01 on € 100.000)
    weight = np.zeros(len(free))
    on_x = free < n_x
    if on_x.any():
        u = room_eur(model)[free[on_x]]
        weight[on_x] = 2.0 * u.max() / u
    diag = np.nonzero(weight)[0]
    q_start = np.zeros(len(free) + 1, dtype=np.int32)
    q_start[1:] = np.cumsum(weight > 0)
    h = highspy.Highs()
    for key, value in {**SPREAD_OPTIONS,
                       "time_limit": max(float(time_limit_s), MIN_TIME_S)}.items():
        h.setOptionValue(key, value)
    h.passModel(h_lp)
    nz = g_coef != 0
    h.addRows(len(guards), g_lower, g_upper, int(nz.sum()),
              np.concatenate([[0], np.cumsum(nz.sum(axis=1))[:-1]]).astype(np.int32),
              np.nonzero(nz)[1].astype(np.int32), g_coef[nz])
    h.passHessian(len(free), len(diag), highspy.HessianFormat.kTriangular.value, q_start,
                  diag.astype(np.int32), weight[diag])
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    out = x.copy()
    out[free] = np.clip(np.asarray(h.getSolution().col_value), cert.col_lower[free],
                        cert.col_upper[free])
    return out


def spread_skipped(run: LpRun) -> bool:
    """Did `settle_ties` leave the third level out (too many ties, SPREAD_MAX_WORK)?"""
    return run.detail.endswith(f"({SPREAD_SKIPPED})")


def settle_ties(h: Any, model: Model, primary: LpRun, time_left_s: float, *,
                primary_cost: np.ndarray | None = None,
                warm: WarmModel | None = None) -> LpRun | None:
    """After an optimal primary solve held by `h` (model non-empty): the run to report, with
    the primary's objective and duals and the allocation the rule (TIE_BREAK_RULE_*) picks
    among the optimal ones: the tie-break (`tie_break`, no run when its optimum is the basis
    already: `already_tie_broken`), then, when that optimum is not unique, `spread`, unless it
    is larger than SPREAD_MAX_WORK (then the run's `detail` ends with SPREAD_SKIPPED,
    `spread_skipped`). None when the rule could not be applied (at most MIN_TIE_BREAK_S left,
    or a run ended without a point), for the caller to say so.

    With `warm` (the `WarmModel` whose instance is `h`) the model is put back afterwards, by a
    checkpoint of exactly what `tie_break` changes (the face's column and row bounds, the extra
    row, the objective and the primary's optimal basis), so the next re-solve starts from the
    primary's optimal basis; `spread` runs in its own HiGHS instance. Without it, `h` is left
    on the face: the pipeline drops it after keeping the optimal basis for the explanations'
    own `WarmModel`.

    What stays with the callers, as they differ on purpose: the method of the tie-break run
    (the pipeline and `analysis.points` run primal simplex, as `solve`; `analysis.parallel`
    keeps its dual simplex for the draws), the time left, and what a skipped tie-break means
    to them (the pipeline adds a note, a point reports `tie_broken=False`, a draw keeps the
    primary allocation).
    """
    start = time.perf_counter()
    cert = _certificate_at_basis(h, model, primary, primary_cost)
    second = primary  # the basis is the tie-break's optimum already: no run
    if cert is None:
        if time_left_s <= MIN_TIE_BREAK_S:
            return None
        checkpoint = warm.checkpoint(*optimal_face(primary)) if warm is not None else None
        second = tie_break(h, model, primary, time_left_s, primary_cost)
        if second.status == "optimal":
            cert = _certificate_after_run(h)
        if warm is not None and checkpoint is not None:
            warm.rollback(checkpoint)
        if second.status not in ("optimal", "time_limit") or second.col_value is None:
            return None
    x = second.col_value
    assert x is not None
    detail = primary.detail
    if cert is not None and any(len(moving) for moving in cert.moving()):
        if spread_work(cert) > SPREAD_MAX_WORK:
            detail = f"{detail} ({SPREAD_SKIPPED})"
        else:
            left = time_left_s - (time.perf_counter() - start)
            if left <= MIN_TIE_BREAK_S:
                return None
            x = spread(cert, model, float(tie_cost(model) @ x), left)
            if x is None:
                return None
    return LpRun("optimal", primary.objective, x, primary.row_dual, primary.col_dual,
                 primary.seconds + (time.perf_counter() - start), detail)
