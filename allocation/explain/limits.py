"""Which of a park's own limits has value: checked by a certified linear step or a re-solve.

    limit_checks(model, solution, warm, deadline, group) -> {park: [LimitCheck]}

docs/contracts/MODEL.md, "Reported quantities": a park rule (private capacity 2, absorption 3, category cap
4, municipality share 6, strategic floor 7) is named only when moving that rule for that park
alone changes the optimum. Decided per limit: a zero dual proves it adds nothing; a positive
dual is decided by a certified linear step from the optimal basis (the ranging of that basis
for the move: exact when the moved point is feasible and reaches the duals' bound; the step it
holds for, at most €10.000 and at least €100, is quoted) or else by a warm re-solve (HiGHS,
`run.WarmModel`; two threads, each on its own copy of the model, read only the objective and,
for a limit with value, the moved point).

Measured (issue 22, benchmarks/README.md "Reasons"): at 700×10 almost every failed linear
step failed on the €1.000 minimum it had before (the basis changes after €100-€1.000, not at
once); with €100 the re-solves that remain are mostly the strategic floors, whose claim is
about dropping the whole floor.

Part of the explain step (allocation.explain): imports the model, the run and the solution,
never the texts (reasons.py) or the diagnosis (diagnosis.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from allocation.model import KEUR, LinearProgram, Model
from allocation.result import PARK_LIMITS
from allocation.run import WarmModel
from allocation.solution import Solution

TOL_EUR = 0.01  # a rule counts as binding within a cent

# -- per park: which of its own limits has value (checked by re-solving) -----------------------

STEP_EUR = 10_000.0  # how far a park's limit is moved to check that it has value
DUAL_TOL = 1e-7  # points per k€: a dual sum at most this is zero
GAIN_TOL_REL = 1e-7  # a re-solve gain counts when above this share of the optimum (or 1e-6)

LIMITS = tuple(PARK_LIMITS)  # the park rules that can limit a park, in order on equal values
NEUTRAL_CODE = "unproven"  # no reason is given when the optimum is not proven


@dataclass
class LimitCheck:
    """Does moving one limit of one park change the optimum? (docs/contracts/MODEL.md, "Reported quantities")

    A zero dual sum proves that raising the limit adds nothing (for a maximum the value
    function is concave in the right-hand side, and its right derivative is the minimum over
    the optimal duals, so it is at most this dual's 0). A positive dual does not prove the
    opposite when the LP is degenerate, so those limits are decided by a warm re-solve with
    the limit moved by `step_eur` (the floor: dropped), whose gain is quoted."""

    rule: str
    dual: float  # Σ of the duals in the direction of the move (points per k€)
    step_eur: float  # how far the limit was moved (per year for 2, 3, 4, 7; in total for 6)
    gain: float | None = None  # objective gain of the re-solve (points); None: not re-solved
    extra_public_eur: float = 0.0  # the park's public money in the re-solve minus now
    category: int | None = None  # category_cap: which category's cap
    decided: bool = True  # False when the time limit came before the re-solve
    adds_value: bool = False
    # where the moved point puts the money (€ over the period, changes of more than a cent):
    # per category of this park, and for the municipality share per park of the municipality
    # (shared out equally over identical parks, as the allocation is)
    extra_by_category: dict[int, float] = field(default_factory=dict)
    extra_by_park: dict[int, float] = field(default_factory=dict)
    # for the municipality share, per park of the municipality its `extra_by_category`: the
    # move is the municipality's row, the same for each of its parks, so it is decided once
    by_park_category: dict[int, dict[int, float]] = field(default_factory=dict, repr=False)
    # how it was decided: "dual" (a zero dual), "certificate" (a certified linear step) or
    # "re-solve"; "" while undecided
    proven_by: str = ""

    @property
    def marginal_value(self) -> float | None:
        """Value points per €1.000 of the limit (the mean over the step, which by concavity
        is at most the marginal value at the start); None when not decided."""
        if not self.decided:
            return None
        if self.gain is None:
            return 0.0
        return max(self.gain, 0.0) / (self.step_eur / KEUR)


@dataclass
class Move:
    """One park's limit moved: row right-hand sides and column bounds, as built and as moved
    (k€, model index)."""

    rows: np.ndarray  # global row numbers
    row_upper: np.ndarray  # their new upper bounds
    cols: np.ndarray  # column numbers
    col_lower: np.ndarray  # their new bounds
    col_upper: np.ndarray


class LimitChecker:
    """Decides `LimitCheck`s for one model held at its optimal basis in `warm`.

    First, for every move, a certified linear step: the basic variables follow the moved
    bounds (one solve with the basis factors, `getBasisSolve`), and the new point is accepted
    only if it is feasible for the moved model and its value reaches the bound that the same
    optimal duals give for the moved model (weak duality), so it is optimal there: the gain is
    exact without a re-solve. Moves that fail the check (a basic variable would cross a bound
    within €100: the basis changes) are re-solved warm with dual simplex, within the deadline.

    `certify=False` is the sceptical way, for tests: the same step is chosen (the ratio test
    runs as before) but every move is decided by a re-solve, so that the reasons can be
    compared whichever way they were proven."""

    def __init__(self, model: Model, warm: WarmModel, deadline: float, certify: bool = True):
        self.model, self.warm, self.deadline = model, warm, deadline
        self.certify = certify
        lp = model.lp
        self.base = warm.run(max(deadline - time.perf_counter(), MIN_RUN_S))
        self.ok = (self.base.status == "optimal" and self.base.objective is not None
                   and self.base.col_value is not None)
        v = float(self.base.objective or 0.0)
        self.tol = max(1e-6, GAIN_TOL_REL * abs(v))
        if not self.ok:
            return
        h = warm.h
        self.x = np.asarray(self.base.col_value, dtype=float)
        sol = h.getSolution()
        self.r = np.asarray(sol.row_value, dtype=float)
        self.y = np.abs(np.asarray(sol.row_dual, dtype=float))
        self.d = np.abs(np.asarray(sol.col_dual, dtype=float))
        self.basis = h.getBasis()  # for the copies that re-solve in other threads
        _, bv = h.getBasicVariables()  # column j, or row i as -1 - i
        self.basic_vars = np.asarray(bv, dtype=np.int64)
        self.col_basic = np.zeros(lp.n_cols, dtype=bool)
        self.col_basic[self.basic_vars[self.basic_vars >= 0]] = True
        self.row_basic = np.zeros(lp.n_rows, dtype=bool)
        self.row_basic[-1 - self.basic_vars[self.basic_vars < 0]] = True
        basic = self.basic_vars >= 0  # basis positions that hold a column, and those columns
        self.basic_pos = np.flatnonzero(basic)
        self.basic_cols = self.basic_vars[basic]
        self.start = lp.start.astype(np.int64)
        self.index, self.value = lp.index, lp.value
        self.pending: list[tuple[int, LimitCheck, Move]] = []

    def _column_times(self, cols: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A·delta for delta = `vals` at columns `cols` (zero elsewhere), over their entries:
        (the rows those columns touch, sorted, and A·delta there)."""
        counts = self.start[cols + 1] - self.start[cols]
        total = int(counts.sum())
        # positions of the entries of those columns: start[c] + 0 .. count-1, concatenated
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        entries = np.repeat(self.start[cols], counts) + offsets
        rows, at = np.unique(self.index[entries], return_inverse=True)
        return rows, np.bincount(at, weights=self.value[entries] * np.repeat(vals, counts),
                                 minlength=len(rows)).astype(float, copy=False)

    def linear_step(self, p: int, check: LimitCheck, move: Move, x_cols: np.ndarray,
                    warm: WarmModel | None = None) -> bool:
        """Try the certified linear step (class docstring); True when `check` is decided.

        Works on the few columns and rows that move (the moved limit's, and the basic ones
        the basis solve changes), not on whole-model arrays."""
        if not self.ok:
            return False
        lp = self.model.lp
        dual_gain = 0.0
        # dual_gain: how much the bound from the same optimal duals rises for the moved model
        # (every move loosens; |dual| only over-states that bound, which keeps it valid)
        rows0 = move.rows
        old_up = lp.row_upper[rows0]
        dual_gain += float((self.y[rows0] * _moved_all(move.row_upper, old_up)).sum())
        forced = ~self.row_basic[rows0]  # nonbasic: at its (upper) bound, it follows the bound
        moved_cols, moved_vals = [], []
        for j, lo, up in zip(move.cols.tolist(), move.col_lower.tolist(),
                             move.col_upper.tolist(), strict=True):
            if self.col_basic[j]:
                dual_gain += self.d[j] * (_moved(up, lp.col_upper[j])
                                          + _moved(lo, lp.col_lower[j]))
                continue
            # a nonbasic column sits at a bound and follows it when that bound moves (a fixed
            # column, e.g. under a cap of 0, sits at both)
            lo0, up0, xj = lp.col_lower[j], lp.col_upper[j], self.x[j]
            dj = 0.0
            if up != up0 and abs(xj - up0) <= 1e-9 * max(1.0, abs(up0)):
                dj = up - up0
            elif lo != lo0 and abs(xj - lo0) <= 1e-9 * max(1.0, abs(lo0)):
                dj = lo - lo0
            dual_gain += self.d[j] * abs(dj)  # its dual belongs to the bound it sits at
            if dj != 0.0:
                moved_cols.append(j)
                moved_vals.append(dj)
        n_cols = np.array(moved_cols, dtype=np.int64)
        n_vals = np.array(moved_vals, dtype=float)
        # rows at a bound keep their activity (plus the forced change); basic ones are free
        rhs = np.zeros(lp.n_rows)
        touched, a_delta = self._column_times(n_cols, n_vals)
        rhs[touched] = -a_delta
        rhs[rows0[forced]] += move.row_upper[forced] - old_up[forced]
        touched = np.concatenate([touched, rows0])
        rhs[touched[self.row_basic[touched]]] = 0.0
        _, step = (warm or self.warm).h.getBasisSolve(rhs)  # any copy: the same basis
        step = np.asarray(step, dtype=float)[self.basic_pos]
        nz = np.flatnonzero(step)
        cols = np.concatenate([n_cols, self.basic_cols[nz]])
        vals = np.concatenate([n_vals, step[nz]])
        gain = float((lp.cost[cols] * vals).sum())
        if abs(gain - dual_gain) > self.tol:
            return False  # not provably optimal: leave it to a re-solve
        # the share θ of the move for which the point stays feasible (ratio test over the
        # moved bounds: a moved limit and the point both scale with θ)
        c = np.union1d(cols, move.cols)
        where = np.searchsorted(c, cols)
        dc = np.zeros(len(c))
        dc[where] = vals
        lower, upper = lp.col_lower[c].copy(), lp.col_upper[c].copy()
        mc = np.searchsorted(c, move.cols)
        lower[mc], upper[mc] = move.col_lower, move.col_upper
        touched, a_delta = self._column_times(cols, vals)
        r = np.union1d(touched, rows0)
        d_r = np.zeros(len(r))
        d_r[np.searchsorted(r, touched)] = a_delta
        row_upper = lp.row_upper[r].copy()
        row_upper[np.searchsorted(r, rows0)] = move.row_upper
        theta = min(_ratio(self.x[c], dc, lp.col_lower[c], lp.col_upper[c], lower, upper),
                    _ratio(self.r[r], d_r, lp.row_lower[r], lp.row_upper[r],
                           lp.row_lower[r], row_upper))
        step = math.floor(theta * check.step_eur / LINEAR_ROUND_EUR) * LINEAR_ROUND_EUR
        if check.rule == "floor" and theta < 1.0:
            return False  # the claim is about dropping the whole floor
        if step < MIN_LINEAR_STEP_EUR:
            return False  # the basis changes (almost) at once: a re-solve decides
        share = step / check.step_eur
        check.step_eur = float(step)
        if not self.certify:  # the sceptical way: the same step, decided by a re-solve
            _scale(move, share, lp)
            return False
        check.gain = gain * share
        check.extra_public_eur = float(vals[np.isin(cols, x_cols)].sum() * KEUR * share)
        check.adds_value = check.gain > self.tol
        check.proven_by = "certificate"
        n_x = self.model.index.n_x
        dx = np.zeros(n_x)
        in_x = cols < n_x
        dx[cols[in_x]] = vals[in_x] * share
        self._record(p, check, dx)
        return True

    def _record(self, p: int, check: LimitCheck, dx: np.ndarray) -> None:
        """Fill `extra_by_category` (and for the municipality share `extra_by_park`) from the
        change `dx` of every x column (k€) in the moved point."""
        idx, par = self.model.index, self.model.params
        per_pair = dx.reshape(idx.n_pairs, idx.n_years).sum(axis=1) * KEUR
        mine = np.nonzero((idx.pair_park == p) & (np.abs(per_pair) > TOL_EUR))[0]
        check.extra_by_category = {int(idx.pair_cat[e]): float(per_pair[e]) for e in mine}
        if check.rule == "municipality_share":
            per_park = np.bincount(idx.pair_park, weights=per_pair, minlength=par.n_parks)
            same = par.park_municipality == par.park_municipality[p]
            check.extra_by_park = {int(q): float(per_park[q]) for q in
                                   np.nonzero(same & (np.abs(per_park) > TOL_EUR))[0]}
            check.by_park_category = {}
            for e in np.nonzero(same[idx.pair_park] & (np.abs(per_pair) > TOL_EUR))[0]:
                check.by_park_category.setdefault(int(idx.pair_park[e]), {})[
                    int(idx.pair_cat[e])] = float(per_pair[e])

    def resolve(self, p: int, check: LimitCheck, move: Move, x_cols: np.ndarray,
                warm: WarmModel | None = None) -> None:
        """Re-solve with `move` applied (warm, dual simplex, in `warm`: by default the
        checker's own model), then put the bounds back. Only the objective is read, and the
        moved point only when the limit has value (the texts quote where its money goes)."""
        left = self.deadline - time.perf_counter()
        if not self.ok or left <= MIN_RUN_S:
            check.decided = False
            return
        import highspy

        h, lp = (warm or self.warm).h, self.model.lp
        rows = move.rows.astype(np.int32)
        cols = move.cols.astype(np.int32)
        h.changeRowsBounds(len(rows), rows, lp.row_lower[rows], move.row_upper)
        h.changeColsBounds(len(cols), cols, move.col_lower, move.col_upper)
        # HiGHS counts time_limit over the instance's accumulated run time (WarmModel.run)
        h.setOptionValue("time_limit", h.getRunTime() + max(left, MIN_RUN_S))
        h.run()
        optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        gain = float(h.getInfo().objective_function_value) - float(self.base.objective or 0.0)
        x = None
        if optimal and gain > self.tol:
            x = np.asarray(h.getSolution().col_value, dtype=float)
        h.changeRowsBounds(len(rows), rows, lp.row_lower[rows], lp.row_upper[rows])
        h.changeColsBounds(len(cols), cols, lp.col_lower[cols], lp.col_upper[cols])
        if not optimal:
            check.decided = False
            return
        check.gain = gain
        check.adds_value = x is not None
        check.proven_by = "re-solve"
        if x is not None:  # the texts quote where the money goes only for a limit with value
            check.extra_public_eur = float((x[x_cols] - self.x[x_cols]).sum() * KEUR)
            n_x = self.model.index.n_x
            self._record(p, check, x[:n_x] - self.x[:n_x])

    def _models(self, workers: int) -> list[WarmModel]:
        """The checker's model and `workers - 1` copies of it at the same optimal basis (made
        once, each run once from that basis so that its factors are there)."""
        if not hasattr(self, "_copies"):
            self._copies: list[WarmModel] = []
        options = {key: self.warm.h.getOptionValue(key)[1] for key in WARM_OPTION_KEYS}
        while len(self._copies) < workers - 1:
            copy = WarmModel(self.model, options)
            copy.set_basis(self.basis)
            copy.run(max(self.deadline - time.perf_counter(), MIN_RUN_S))
            self._copies.append(copy)
        return [self.warm, *self._copies[: workers - 1]]

    def _in_parts(self, todo: list[Any], work: Callable[[WarmModel, list[Any]], None]) -> None:
        """`work(model, part)` over `todo` in RESOLVE_WORKERS threads when it has at least
        MIN_PARALLEL_RESOLVES items (HiGHS releases the GIL while it solves), each on its own
        copy of the model at the same optimal basis, the items split in fixed contiguous parts
        (so the answers do not depend on the machine or its load)."""
        workers = RESOLVE_WORKERS if len(todo) >= MIN_PARALLEL_RESOLVES and self.ok else 1
        if workers == 1:
            work(self.warm, todo)
            return
        import threading

        models = self._models(workers)
        size = -(-len(todo) // workers)
        parts = [todo[k * size:(k + 1) * size] for k in range(workers)]
        threads = [threading.Thread(target=work, args=(warm, part), daemon=True)
                   for warm, part in zip(models[1:], parts[1:], strict=True)]
        for thread in threads:
            thread.start()
        work(models[0], parts[0])
        for thread in threads:
            thread.join()

    def linear_all(self, todo: list[tuple[int, LimitCheck, Move, np.ndarray]]
                   ) -> list[tuple[int, LimitCheck, Move, np.ndarray]]:
        """`linear_step` every item (in parts, `_in_parts`); the items it did not decide."""
        decided = [False] * len(todo)
        position = {id(item): k for k, item in enumerate(todo)}

        def work(warm: WarmModel, part: list[tuple[int, LimitCheck, Move, np.ndarray]]) -> None:
            for item in part:
                decided[position[id(item)]] = self.linear_step(*item, warm=warm)

        self._in_parts(todo, work)
        return [item for item, done in zip(todo, decided, strict=True) if not done]

    def resolve_all(self, todo: list[tuple[int, LimitCheck, Move, np.ndarray]]) -> None:
        """`resolve` every item (in parts, `_in_parts`)."""
        def work(warm: WarmModel, part: list[tuple[int, LimitCheck, Move, np.ndarray]]) -> None:
            for item in part:
                self.resolve(*item, warm=warm)

        self._in_parts(todo, work)


MIN_RUN_S = 0.01
LINEAR_ROUND_EUR = 100.0  # a certified step is quoted rounded down to this
MIN_LINEAR_STEP_EUR = LINEAR_ROUND_EUR  # a certified linear step shorter than this: re-solve
RESOLVE_WORKERS = 2  # threads for the re-solves (fixed: the same answers on every machine)
MIN_PARALLEL_RESOLVES = 8  # fewer re-solves than this run in one thread
WARM_OPTION_KEYS = ("simplex_strategy", "simplex_scale_strategy", "presolve", "random_seed")


def _scale(move: Move, share: float, lp: LinearProgram) -> None:
    """Shorten `move` in place to `share` of its length (every bound moves linearly; an
    unmoved bound, also an infinite one, stays)."""
    def part(new: np.ndarray, old: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.where(new == old, old, old + share * (new - old))

    move.row_upper = part(move.row_upper, lp.row_upper[move.rows])
    move.col_lower = part(move.col_lower, lp.col_lower[move.cols])
    move.col_upper = part(move.col_upper, lp.col_upper[move.cols])


def _moved(new: float, old: float) -> float:
    """How far a bound moved (0 for an unchanged bound, also an infinite one)."""
    return 0.0 if new == old else abs(new - old)


def _moved_all(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """`_moved` per element."""
    with np.errstate(invalid="ignore"):
        return np.where(new == old, 0.0, np.abs(new - old))


def _ratio(value: np.ndarray, delta: np.ndarray, lower0: np.ndarray, upper0: np.ndarray,
           lower1: np.ndarray, upper1: np.ndarray, slack: float = 1e-7) -> float:
    """Largest θ ≤ 1 with lower(θ) ≤ value + θ·delta ≤ upper(θ), where the bounds move
    linearly from (lower0, upper0) to (lower1, upper1)."""
    theta = 1.0
    for lo0, lo1, up0, up1 in ((lower0, lower1, upper0, upper1),):
        # value + θ·delta ≤ up0 + θ·(up1 - up0)  <=>  θ·(delta - (up1 - up0)) ≤ up0 - value
        with np.errstate(invalid="ignore"):
            du = delta - np.where(np.isfinite(up0), up1 - up0, 0.0)
            room = up0 - value + slack
            hit = (du > 1e-12) & np.isfinite(up0)
            if hit.any():
                theta = min(theta, float((room[hit] / du[hit]).min()))
            dl = np.where(np.isfinite(lo0), lo1 - lo0, 0.0) - delta
            room = value - lo0 + slack
            hit = (dl > 1e-12) & np.isfinite(lo0)
            if hit.any():
                theta = min(theta, float((room[hit] / dl[hit]).min()))
    return max(theta, 0.0)


def _move(model: Model, p: int, ch: LimitCheck, pairs: np.ndarray,
          park_rows: dict[str, np.ndarray | None]) -> Move | None:
    """The bounds that moving `ch.rule` of park p changes (module docstring), or None."""
    par, idx, lp = model.params, model.index, model.lp
    none_i, none_f = np.zeros(0, dtype=np.int64), np.zeros(0)
    step = ch.step_eur / KEUR
    xc = idx.x_cols()
    if ch.rule in ("private_capacity", "absorption"):
        local = park_rows.get(ch.rule)
        if local is None:
            return None
        rows = model.row_offset[ch.rule] + local
        # rule 2 or rule 3 alone (docs/contracts/MODEL.md: "moving that rule for that park alone"). Rule 3's
        # A_p also sets the widths of the return segments (H_p = A_p·T), but a park whose
        # absorption row does not bind is held by diminishing returns against the budget
        # price, not by its absorption: the segments do not move with the rule.
        return Move(rows, lp.row_upper[rows] + step, none_i, none_f, none_f)
    if ch.rule == "municipality_share":
        keys = model.blocks["municipality_share"].keys["municipality"]
        rows = model.rows("municipality_share").start + np.nonzero(
            keys == par.park_municipality[p])[0]
        return Move(rows, lp.row_upper[rows] + step, none_i, none_f, none_f)
    cat = par.oc if ch.rule == "floor" else ch.category
    e = pairs[idx.pair_cat[pairs] == cat]
    if not len(e):
        return None
    cols = xc[int(e[0])][model.n_fixed_years:]  # realised years stay as they were
    if ch.rule == "floor":
        return Move(none_i, none_f, cols, np.zeros(len(cols)), lp.col_upper[cols])
    return Move(none_i, none_f, cols, lp.col_lower[cols], lp.col_upper[cols] + step)


def limit_checks(model: Model, sol: Solution, warm: WarmModel | None,
                 deadline: float, group: np.ndarray | None = None,
                 certify: bool = True) -> dict[int, list[LimitCheck]]:
    """Per park (model index) one `LimitCheck` per limit that applies to it.

    Only limits with a positive dual are checked (LimitChecker), once per group of identical
    parks (the others in the group get the same answer: swapping them maps the LP onto
    itself), and the municipality share once per municipality (its parks share the row)."""
    par, idx = model.params, model.index
    P, T = par.n_parks, par.n_years
    assert sol.row_dual is not None and sol.col_dual is not None
    pairs_of = by_key(idx.pair_park, P)
    park_rows: dict[str, list[np.ndarray]] = {}
    row_sum: dict[str, np.ndarray] = {}
    for name in ("private_capacity", "absorption"):
        keys = model.blocks[name].keys["park"]
        d = np.abs(sol.row_dual[model.rows(name)])
        row_sum[name] = np.bincount(keys, weights=d, minlength=P)
        park_rows[name] = by_key(keys, P)
    muni_dual = np.zeros(len(par.municipalities))
    if par.max_share < 1.0:
        keys = model.blocks["municipality_share"].keys["municipality"]
        muni_dual[keys] = np.abs(sol.row_dual[model.rows("municipality_share")])
    x_dual = np.abs(sol.col_dual[: idx.n_x].reshape(idx.n_pairs, T))
    floor_parks = par.floor_parks
    xc = idx.x_cols()
    todo: list[tuple[int, LimitCheck, Move | None, np.ndarray]] = []
    copies: list[tuple[int, LimitCheck, LimitCheck]] = []
    first_of: dict[tuple[Any, ...], LimitCheck] = {}
    out: dict[int, list[LimitCheck]] = {}
    for p in range(P):
        pairs = pairs_of[p]
        if not len(pairs):
            continue
        es = pairs.tolist()
        cats = idx.pair_cat[pairs]
        checks: list[LimitCheck] = []
        if (par.ratio[cats] > 0).any():
            checks.append(LimitCheck("private_capacity", float(row_sum["private_capacity"][p]),
                                     STEP_EUR))
        checks.append(LimitCheck("absorption", float(row_sum["absorption"][p]), STEP_EUR))
        for e, c in zip(es, cats.tolist(), strict=True):
            if math.isfinite(par.cap[c]):
                at_cap = sol.x[e] >= par.cap[c] - TOL_EUR
                checks.append(LimitCheck("category_cap", float(x_dual[e][at_cap].sum()),
                                         STEP_EUR, category=int(c)))
        if par.max_share < 1.0:
            checks.append(LimitCheck("municipality_share",
                                     float(muni_dual[par.park_municipality[p]]), STEP_EUR))
        if floor_parks[p]:
            e = es[int(np.nonzero(cats == par.oc)[0][0])]
            at_floor = sol.x[e] <= par.floor + TOL_EUR
            checks.append(LimitCheck("floor", float(x_dual[e][at_floor].sum()), par.floor))
        g = int(group[p]) if group is not None else p
        rows_p = {name: r if len(r := park_rows[name][p]) else None for name in park_rows}
        for ch in checks:
            if ch.dual <= DUAL_TOL:
                ch.proven_by = "dual"
                continue  # proven: moving it adds nothing
            key: tuple[Any, ...] = (g, ch.rule, ch.category)
            if ch.rule == "municipality_share":  # one row for all parks of the municipality
                key = (ch.rule, int(par.park_municipality[p]))
            if key in first_of:
                copies.append((p, ch, first_of[key]))
                continue
            first_of[key] = ch
            todo.append((p, ch, _move(model, p, ch, pairs, rows_p), xc[pairs].ravel()))
        out[p] = checks
    # the checker (a run from the optimal basis, its point and duals) only when there is work
    checker = (LimitChecker(model, warm, deadline, certify) if warm is not None and todo
               else None)
    if checker is None:
        for _, ch, _, _ in todo:
            ch.decided = False
    else:
        # first every certified linear step (they need the optimal basis), then re-solves
        rest = checker.linear_all([item for item in todo if item[2] is not None])  # type: ignore[misc]
        checker.resolve_all(rest)
    for p, ch, first in copies:
        ch.gain, ch.extra_public_eur = first.gain, first.extra_public_eur
        ch.decided, ch.adds_value = first.decided, first.adds_value
        ch.step_eur, ch.proven_by = first.step_eur, first.proven_by
        ch.extra_by_category, ch.extra_by_park = first.extra_by_category, first.extra_by_park
        if ch.rule == "municipality_share":  # the same move: this park's part of its point
            ch.by_park_category = first.by_park_category
            ch.extra_by_category = dict(first.by_park_category.get(p, {}))
            ch.extra_public_eur = first.extra_by_park.get(p, 0.0)
    _share_out_twins(out, group)
    return out


def by_key(keys: np.ndarray, n: int) -> list[np.ndarray]:
    """Per key 0 .. n-1 the positions where it occurs in `keys`, in order (one stable sort,
    not a scan of `keys` per key)."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(n + 1))
    return [order[bounds[k]:bounds[k + 1]] for k in range(n)]


def _share_out_twins(out: dict[int, list[LimitCheck]], group: np.ndarray | None) -> None:
    """A moved municipality row is the same row for identical parks of that municipality, so
    its optimum can give their extra money to either: share each group's total out equally
    (as `solution.symmetrise` does for the allocation) and quote the park's own share."""
    if group is None:
        return
    size = np.bincount(group)
    for p, checks in out.items():
        for ch in checks:
            if ch.rule != "municipality_share" or not ch.extra_by_park:
                continue
            total: dict[int, float] = {}
            for q, v in ch.extra_by_park.items():
                total[int(group[q])] = total.get(int(group[q]), 0.0) + v
            shared = {}
            for q in np.nonzero(np.isin(group, list(total)))[0].tolist():
                v = total[int(group[q])] / size[group[q]]
                if abs(v) > TOL_EUR:
                    shared[q] = v
            ch.extra_by_park = shared
            ch.extra_public_eur = shared.get(p, 0.0)
