"""Why each park gets what it gets, and why an infeasible scenario has no answer.

    explain_parks(scenario, model, solution, warm, deadline, group) -> {park_id: ParkExplanation}
    explanation_table(result) -> DataFrame   (in result.py: one table for JSON, workbook, app)
    diagnose(scenario) -> Diagnosis

Per park one code of `result.EXPLANATION_CODES` (MODEL.md, "Reported quantities"); every
reason is true for the step it quotes:
  not_eligible: rule 1 for every category (naming the sub-rule per category);
  private_capacity, absorption, category_cap, municipality_share, floor: moving that rule for
    this park alone changes the optimum (raising 2, 3, 4, 6 by €10.000, or dropping the floor
    7, adds value). Decided per limit by `limit_checks`: a zero dual proves it adds nothing; a
    positive dual is decided by a certified linear step from the optimal basis (exact when
    the moved point is feasible and reaches the duals' bound; the step it holds for, at most
    €10.000, is quoted) or else by a warm re-solve (HiGHS, `run.WarmModel`). The gain in
    value points and the park's extra money are quoted. Of several limits with value, the one
    with the largest value per €1.000 is named;
  outcompeted: none of its rules has value and the budget binds (a positive budget price);
  saturated: none of its rules has value and the budget does not bind;
  unproven (NEUTRAL_CODE): no proven optimum (time limit), or the time limit came before the
    park's re-solves: no reason is claimed then.
Every explanation carries the marginal value of each of the park's limits (value points per
€1.000, the mean over the step; None where the limit does not apply or was not decided).

Infeasible scenarios (only strategic floors can cause that: x = 0 meets every other rule) are
diagnosed in two steps (STYLE.md, example 5): cheap arithmetic checks first, then every single
change of one setting that on its own makes the scenario feasible, found by one LP each (the
budget of year t, the municipality share in %, the floor, the floor category's minimum private
share or cap), rounded so that it suffices, applied and re-solved before it is listed, cheapest
first (SETTING_WEIGHTS). Only when no single change suffices, an elastic re-solve relaxes every
rule a floor can clash with (model.ELASTIC_WEIGHTS) and names the combination.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from allocation import format as fmt
from allocation.domain import Scenario
from allocation.model import (
    KEUR,
    Model,
    Params,
    build_elastic_model,
    build_model,
    params,
    to_highs_lp,
)
from allocation.result import PARK_LIMITS, Diagnosis, Finding, ParkExplanation
from allocation.run import WarmModel, new_highs, run_lp
from allocation.solution import Solution, budget_prices

__all__ = ["diagnose", "explain_parks"]

TOL_EUR = 0.01  # a rule counts as binding within a cent
MAX_LISTED = 10  # findings of one kind listed one by one; the rest are summarised


def _years_text(years: list[int]) -> str:
    """[2026, 2027, 2028, 2030] -> "2026–2028, 2030"."""
    if not years:
        return ""
    parts, start, prev = [], years[0], years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


# -- per park: which of its own limits has value (checked by re-solving) -----------------------

STEP_EUR = 10_000.0  # how far a park's limit is moved to check that it has value
DUAL_TOL = 1e-7  # points per k€: a dual sum at most this is zero
GAIN_TOL_REL = 1e-7  # a re-solve gain counts when above this share of the optimum (or 1e-6)

LIMITS = tuple(PARK_LIMITS)  # the park rules that can limit a park, in order on equal values
NEUTRAL_CODE = "unproven"  # no reason is given when the optimum is not proven


@dataclass
class LimitCheck:
    """Does moving one limit of one park change the optimum? (MODEL.md, "Reported quantities")

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
    exact without a re-solve. Moves that fail the check (a basic variable would cross a bound:
    the basis changes) are re-solved warm with dual simplex, within the deadline."""

    def __init__(self, model: Model, warm: WarmModel, deadline: float):
        self.model, self.warm, self.deadline = model, warm, deadline
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
        basis = h.getBasis()
        import highspy

        basic = highspy.HighsBasisStatus.kBasic
        self.col_basic = np.array([s == basic for s in basis.col_status], dtype=bool)
        self.row_basic = np.array([s == basic for s in basis.row_status], dtype=bool)
        _, bv = h.getBasicVariables()
        self.basic_vars = np.asarray(bv, dtype=np.int64)
        self.start = lp.start.astype(np.int64)
        self.index, self.value = lp.index, lp.value
        self.pending: list[tuple[int, LimitCheck, Move]] = []

    def _column_times(self, delta: np.ndarray) -> np.ndarray:
        """A·delta, over the entries of the columns where delta is not zero."""
        cols = np.nonzero(delta)[0]
        counts = self.start[cols + 1] - self.start[cols]
        total = int(counts.sum())
        # positions of the entries of those columns: start[c] + 0 .. count-1, concatenated
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        entries = np.repeat(self.start[cols], counts) + offsets
        return np.bincount(self.index[entries],
                           weights=self.value[entries] * np.repeat(delta[cols], counts),
                           minlength=self.model.lp.n_rows)

    def linear_step(self, p: int, check: LimitCheck, move: Move, x_cols: np.ndarray) -> bool:
        """Try the certified linear step (class docstring); True when `check` is decided."""
        if not self.ok:
            return False
        lp = self.model.lp
        n = lp.n_cols
        delta = np.zeros(n)
        dual_gain = 0.0
        forced_r = np.zeros(lp.n_rows)
        # dual_gain: how much the bound from the same optimal duals rises for the moved model
        # (every move loosens; |dual| only over-states that bound, which keeps it valid)
        for i, up in zip(move.rows.tolist(), move.row_upper.tolist(), strict=True):
            dual_gain += self.y[i] * _moved(up, lp.row_upper[i])
            if not self.row_basic[i]:  # nonbasic: at its (upper) bound, it follows the bound
                forced_r[i] = up - lp.row_upper[i]
        for j, lo, up in zip(move.cols.tolist(), move.col_lower.tolist(),
                             move.col_upper.tolist(), strict=True):
            if self.col_basic[j]:
                dual_gain += self.d[j] * (_moved(up, lp.col_upper[j])
                                          + _moved(lo, lp.col_lower[j]))
                continue
            # a nonbasic column sits at a bound and follows it when that bound moves (a fixed
            # column, e.g. under a cap of 0, sits at both)
            lo0, up0, xj = lp.col_lower[j], lp.col_upper[j], self.x[j]
            if up != up0 and abs(xj - up0) <= 1e-9 * max(1.0, abs(up0)):
                delta[j] = up - up0
            elif lo != lo0 and abs(xj - lo0) <= 1e-9 * max(1.0, abs(lo0)):
                delta[j] = lo - lo0
            dual_gain += self.d[j] * abs(delta[j])  # its dual belongs to the bound it sits at
        # rows at a bound keep their activity (plus the forced change); basic ones are free
        rhs = forced_r - self._column_times(delta)
        rhs[self.row_basic] = 0.0
        _, step = self.warm.h.getBasisSolve(rhs)
        step = np.asarray(step, dtype=float)
        cols = self.basic_vars >= 0
        delta[self.basic_vars[cols]] = step[cols]
        gain = float((lp.cost * delta).sum())  # not `@`: BLAS threads stall on a busy machine
        if abs(gain - dual_gain) > self.tol:
            return False  # not provably optimal: leave it to a re-solve
        # the share θ of the move for which the point stays feasible (ratio test over the
        # moved bounds: a moved limit and the point both scale with θ)
        lower, upper = lp.col_lower.copy(), lp.col_upper.copy()
        lower[move.cols], upper[move.cols] = move.col_lower, move.col_upper
        row_upper = lp.row_upper.copy()
        row_upper[move.rows] = move.row_upper
        d_r = self._column_times(delta)
        c = np.nonzero((delta != 0) | (lower != lp.col_lower) | (upper != lp.col_upper))[0]
        r = np.nonzero((d_r != 0) | (row_upper != lp.row_upper))[0]
        theta = min(_ratio(self.x[c], delta[c], lp.col_lower[c], lp.col_upper[c], lower[c],
                           upper[c]),
                    _ratio(self.r[r], d_r[r], lp.row_lower[r], lp.row_upper[r], lp.row_lower[r],
                           row_upper[r]))
        step = math.floor(theta * check.step_eur / LINEAR_ROUND_EUR) * LINEAR_ROUND_EUR
        if check.rule == "floor" and theta < 1.0:
            return False  # the claim is about dropping the whole floor
        if step < MIN_LINEAR_STEP_EUR:
            return False  # the basis changes (almost) at once: a re-solve decides
        share = step / check.step_eur
        check.step_eur = float(step)
        check.gain = gain * share
        check.extra_public_eur = float(delta[x_cols].sum() * KEUR * share)
        check.adds_value = check.gain > self.tol
        return True

    def resolve(self, p: int, check: LimitCheck, move: Move, x_cols: np.ndarray) -> None:
        """Re-solve with `move` applied (warm, dual simplex), then put the bounds back."""
        left = self.deadline - time.perf_counter()
        if not self.ok or left <= MIN_RUN_S:
            check.decided = False
            return
        h, lp = self.warm.h, self.model.lp
        public_now = float(self.x[x_cols].sum() * KEUR)
        rows = move.rows.astype(np.int32)
        cols = move.cols.astype(np.int32)
        h.changeRowsBounds(len(rows), rows, lp.row_lower[rows], move.row_upper)
        h.changeColsBounds(len(cols), cols, move.col_lower, move.col_upper)
        run = self.warm.run(left)
        h.changeRowsBounds(len(rows), rows, lp.row_lower[rows], lp.row_upper[rows])
        h.changeColsBounds(len(cols), cols, lp.col_lower[cols], lp.col_upper[cols])
        if run.status != "optimal" or run.objective is None or run.col_value is None:
            check.decided = False
            return
        check.gain = float(run.objective - (self.base.objective or 0.0))
        check.extra_public_eur = float(run.col_value[x_cols].sum() * KEUR - public_now)
        check.adds_value = check.gain > self.tol


MIN_RUN_S = 0.01
MIN_LINEAR_STEP_EUR = 1_000.0  # a certified linear step shorter than this goes to a re-solve
LINEAR_ROUND_EUR = 100.0  # a certified step is quoted rounded down to this


def _moved(new: float, old: float) -> float:
    """How far a bound moved (0 for an unchanged bound, also an infinite one)."""
    return 0.0 if new == old else abs(new - old)


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
        # rule 2 or rule 3 alone (MODEL.md: "moving that rule for that park alone"). Rule 3's
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
                 deadline: float, group: np.ndarray | None = None) -> dict[int, list[LimitCheck]]:
    """Per park (model index) one `LimitCheck` per limit that applies to it.

    Only limits with a positive dual are checked (LimitChecker), once per group of identical
    parks (the others in the group get the same answer: swapping them maps the LP onto
    itself)."""
    par, idx = model.params, model.index
    P, T = par.n_parks, par.n_years
    assert sol.row_dual is not None and sol.col_dual is not None
    checker = LimitChecker(model, warm, deadline) if warm is not None else None
    pairs_of: dict[int, list[int]] = {}
    for e, p in enumerate(idx.pair_park.tolist()):
        pairs_of.setdefault(p, []).append(e)
    park_rows: dict[str, dict[int, np.ndarray]] = {}
    row_sum: dict[str, np.ndarray] = {}
    for name in ("private_capacity", "absorption"):
        keys = model.blocks[name].keys["park"]
        d = np.abs(sol.row_dual[model.rows(name)])
        row_sum[name] = np.bincount(keys, weights=d, minlength=P)
        rows: dict[int, list[int]] = {}
        for i, p in enumerate(keys.tolist()):
            rows.setdefault(p, []).append(i)
        park_rows[name] = {p: np.array(r, dtype=np.int64) for p, r in rows.items()}
    muni_dual = np.zeros(len(par.municipalities))
    if par.max_share < 1.0:
        keys = model.blocks["municipality_share"].keys["municipality"]
        muni_dual[keys] = np.abs(sol.row_dual[model.rows("municipality_share")])
    x_dual = np.abs(sol.col_dual[: idx.n_x].reshape(idx.n_pairs, T))
    floor_parks = par.floor_parks
    xc = idx.x_cols()
    todo: list[tuple[int, LimitCheck, Move | None, np.ndarray]] = []
    copies: list[tuple[LimitCheck, LimitCheck]] = []
    first_of: dict[tuple[int, str, int | None], LimitCheck] = {}
    out: dict[int, list[LimitCheck]] = {}
    for p in range(P):
        es = pairs_of.get(p)
        if not es:
            continue
        pairs = np.array(es, dtype=np.int64)
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
        rows_p = {name: park_rows[name].get(p) for name in park_rows}
        for ch in checks:
            if ch.dual <= DUAL_TOL:
                continue  # proven: moving it adds nothing
            key = (g, ch.rule, ch.category)
            if key in first_of:
                copies.append((ch, first_of[key]))
                continue
            first_of[key] = ch
            todo.append((p, ch, _move(model, p, ch, pairs, rows_p), xc[pairs].ravel()))
        out[p] = checks
    if checker is None:
        for _, ch, _, _ in todo:
            ch.decided = False
    else:
        # first every certified linear step (they need the optimal basis), then re-solves
        rest = [(p, ch, mv, cols) for p, ch, mv, cols in todo
                if mv is not None and not checker.linear_step(p, ch, mv, cols)]
        for p, ch, mv, cols in rest:
            assert mv is not None
            checker.resolve(p, ch, mv, cols)
    for ch, first in copies:
        ch.gain, ch.extra_public_eur = first.gain, first.extra_public_eur
        ch.decided, ch.adds_value = first.decided, first.adds_value
        ch.step_eur = first.step_eur
    return out


# -- per park: the words --------------------------------------------------------------------


class _Park:
    """What the texts of one park need: its data, its money and its checks."""

    def __init__(self, scenario: Scenario, model: Model, sol: Solution, p: int,
                 checks: list[LimitCheck], prices: np.ndarray | None):
        par, idx = model.params, model.index
        self.scenario, self.par, self.p = scenario, par, p
        self.pid = par.park_ids[p]
        self.labels = [c.label or c.category for c in scenario.categories]
        mine = idx.pair_park == p
        self.public_t = sol.x[mine].sum(axis=0) if mine.any() else np.zeros(par.n_years)
        self.public = float(self.public_t.sum())
        self.funded = self.public > TOL_EUR
        self.checks = checks
        self.prices = prices
        self.mv: dict[str, float | None] = {rule: None for rule in LIMITS}
        for ch in checks:
            m = ch.marginal_value
            if m is None:
                continue
            old = self.mv[ch.rule]
            self.mv[ch.rule] = m if old is None else max(old, m)

    def best_first(self) -> tuple[int, float] | None:
        """(category, value points per €1.000, year) of the park's best first euro, among the
        categories it can actually receive (eligible, a cap above 0, co-financing where asked,
        absorption above 0); None if there is none."""
        par, p = self.par, self.p
        usable = (par.eligible[p] & (par.cap > 0) & ((par.ratio == 0)
                                                     | (par.private_capacity[p] > 0)))
        if par.absorption[p] <= 0 or not usable.any():
            return None
        first = np.where(usable, par.multiplier[0] * par.value[p] * KEUR, -np.inf)
        c = int(np.argmax(first))
        return c, float(first[c])


def _money_text(extra: float, nl: bool) -> str:
    if extra < 1.0:
        return ""
    return (f", en dit terrein krijgt dan {fmt.eur(extra)} meer provinciaal geld" if nl
            else f", and this park then gets {fmt.eur(extra)} more provincial money")


def _resolved_text(ch: LimitCheck, what_nl: str, what_en: str) -> tuple[str, str]:
    """'Herberekend: <what> verhoogt de totale waarde met X waardepunten (Y per € 1.000)...'"""
    gain = float(ch.gain or 0.0)
    mv = float(ch.marginal_value or 0.0)
    nl = (f"Herberekend: {what_nl} verhoogt de totale waarde met {fmt.points(gain, 2)} "
          f"waardepunten ({fmt.points(mv, 2)} per € 1.000){_money_text(ch.extra_public_eur, True)}.")
    en = (f"Re-solved: {what_en} raises the total value by {fmt.points(gain, 2)} value points "
          f"({fmt.points(mv, 2)} per € 1.000){_money_text(ch.extra_public_eur, False)}.")
    return nl, en


def _not_eligible(par: Params, labels: list[str], p: int, pid: str) -> ParkExplanation:
    reasons_nl, reasons_en = [], []
    best, best_fails = 0, 99
    for c in range(par.n_categories):
        nl, en = [], []
        if par.fail_level[p, c]:
            nl.append(f"organisatiegraad {par.level[p]} < {par.min_level[c]}")
            en.append(f"organisation level {par.level[p]} < {par.min_level[c]}")
        if par.fail_draagvlak[p, c]:
            same = f"draagvlak {fmt.num(par.draagvlak[p], 2)} < {fmt.num(par.min_draagvlak[c], 2)}"
            nl.append(same)  # the same words in English: draagvlak is the term of art
            en.append(same)
        if par.fail_team[p, c]:
            nl.append("geen gemeentelijk gebiedsteam")
            en.append("no municipal team")
        reasons_nl.append(f"{labels[c]}: {', '.join(nl)}")
        reasons_en.append(f"{labels[c]}: {', '.join(en)}")
        if len(nl) < best_fails:
            best, best_fails = c, len(nl)
    need_nl, need_en = [], []
    if par.fail_level[p, best]:
        need_nl.append(f"organisatiegraad {par.min_level[best]} (nu {par.level[p]})")
        need_en.append(f"organisation level {par.min_level[best]} (now {par.level[p]})")
    if par.fail_draagvlak[p, best]:
        need_nl.append(f"draagvlak van minstens {fmt.num(par.min_draagvlak[best], 2)} "
                       f"(nu {fmt.num(par.draagvlak[p], 2)})")
        need_en.append(f"draagvlak of at least {fmt.num(par.min_draagvlak[best], 2)}"
                       f" (now {fmt.num(par.draagvlak[p], 2)})")
    if par.fail_team[p, best]:
        need_nl.append("een gemeentelijk gebiedsteam")
        need_en.append("a municipal team")
    return ParkExplanation(
        pid, "not_eligible",
        "Komt voor geen categorie in aanmerking: " + "; ".join(reasons_nl) + ".",
        "Not eligible for any category: " + "; ".join(reasons_en) + ".",
        {"organisation_level": float(par.level[p]), "draagvlak": float(par.draagvlak[p])},
        f"Met {' en '.join(need_nl)} komt het terrein in aanmerking voor {labels[best]}.",
        f"With {' and '.join(need_en)} the park becomes eligible for {labels[best]}.",
    )


def _named(k: _Park, ch: LimitCheck) -> ParkExplanation:
    """A park limited by one of its own rules (the re-solve showed that moving it adds value)."""
    par, p = k.par, k.p
    gets_nl = "" if k.funded else "Krijgt nu niets. "
    gets_en = "" if k.funded else "Gets nothing now. "
    step = fmt.eur(ch.step_eur)
    numbers: dict[str, float] = {"gain_points": float(ch.gain or 0.0),
                                 "step_eur": ch.step_eur,
                                 "extra_public_eur": ch.extra_public_eur,
                                 "value_per_keur": float(ch.marginal_value or 0.0)}
    if ch.rule == "private_capacity":
        kk = float(par.private_capacity[p])
        elig = par.eligible[p] & (par.ratio > 0)
        c = int(np.argmin(np.where(elig, par.ratio, np.inf)))
        share = par.ratio[c] / (1 + par.ratio[c])
        nl = (f"{gets_nl}Begrensd door de private cofinanciering: de bedrijven kunnen "
              f"{fmt.eur(kk)} per jaar meefinancieren, en {k.labels[c]} vraagt minstens "
              f"{fmt.pct(share)} privaat.")
        en = (f"{gets_en}Limited by private co-financing: the companies can co-finance "
              f"{fmt.eur(kk)} a year, and {k.labels[c]} requires at least {fmt.pct(share)} "
              "private.")
        ch_nl, ch_en = _resolved_text(ch, f"{step} meer cofinanciering per jaar",
                                      f"{step} more co-financing a year")
        numbers["private_capacity_eur"] = kk
    elif ch.rule == "absorption":
        a = float(par.absorption[p])
        lvl = int(par.level[p])
        own = k.scenario.parks[p].absorption_capacity_eur is not None
        basis_nl = "eigen opgave" if own else f"organisatiegraad {lvl}"
        basis_en = "own figure" if own else f"organisation level {lvl}"
        grow_nl = ", plus de groei door professionalisering" if par.growth > 0 else ""
        grow_en = ", plus growth from organisation-building" if par.growth > 0 else ""
        nl = (f"{gets_nl}Begrensd door de opnamecapaciteit: de organisatie kan {fmt.eur(a)} "
              f"per jaar opnemen ({basis_nl}){grow_nl}, en die grens is bereikt.")
        en = (f"{gets_en}Limited by absorption capacity: the organisation can absorb "
              f"{fmt.eur(a)} a year ({basis_en}){grow_en}, and that limit is reached.")
        ch_nl, ch_en = _resolved_text(ch, f"{step} meer opnamecapaciteit per jaar",
                                      f"{step} more absorption capacity a year")
        if not own and lvl < 4:
            nxt = k.scenario.settings.capacity_level(lvl + 1)
            ch_nl += (f" Een organisatiegraad hoger (niveau {lvl + 1}) geeft een "
                      f"opnamecapaciteit van {fmt.eur(nxt)} per jaar.")
            ch_en += (f" One organisation level up (level {lvl + 1}) gives an absorption "
                      f"capacity of {fmt.eur(nxt)} a year.")
        numbers["absorption_capacity_eur"] = a
    elif ch.rule == "category_cap":
        c = int(ch.category or 0)
        m = float(par.cap[c])
        nl = (f"{gets_nl}Begrensd door de categoriegrens: {k.labels[c]} geeft hoogstens "
              f"{fmt.eur(m)} per terrein per jaar.")
        en = (f"{gets_en}Limited by the category cap: {k.labels[c]} gives at most {fmt.eur(m)} "
              "per park a year.")
        ch_nl, ch_en = _resolved_text(
            ch, f"een grens voor {k.labels[c]} die voor dit terrein {step} per jaar hoger ligt",
            f"a cap for {k.labels[c]} that is {step} a year higher for this park")
        numbers["cap_eur"] = m
    elif ch.rule == "municipality_share":
        muni = par.municipalities[par.park_municipality[p]]
        limit = float(par.max_share * par.budget.sum())
        nl = (f"{gets_nl}Begrensd door het maximumaandeel per gemeente: {muni} mag hoogstens "
              f"{fmt.pct(par.max_share)} van het totale budget krijgen ({fmt.eur(limit)}).")
        en = (f"{gets_en}Limited by the maximum share per municipality: {muni} may get at most "
              f"{fmt.pct(par.max_share)} of the total budget ({fmt.eur(limit)}).")
        ch_nl, ch_en = _resolved_text(ch, f"{step} meer ruimte voor {muni}",
                                      f"{step} more room for {muni}")
        numbers.update(max_share=par.max_share, limit_eur=limit)
    else:  # floor
        oc = k.labels[par.oc]
        nl = (f"De strategische bodem bepaalt het bedrag: als strategisch terrein krijgt het "
              f"minstens {fmt.eur(par.floor)} per jaar voor {oc}, meer dan het zonder bodem "
              "zou krijgen.")
        en = (f"The strategic floor sets the amount: as a strategic park it gets at least "
              f"{fmt.eur(par.floor)} a year for {oc}, more than it would get without the floor.")
        gain = float(ch.gain or 0.0)
        less = -ch.extra_public_eur
        ch_nl = (f"Herberekend: zonder bodem voor dit terrein stijgt de totale waarde met "
                 f"{fmt.points(gain, 2)} waardepunten"
                 + (f" en gaat {fmt.eur(less)} naar andere terreinen" if less >= 1 else "") + ".")
        ch_en = (f"Re-solved: without a floor for this park the total value rises by "
                 f"{fmt.points(gain, 2)} value points"
                 + (f" and {fmt.eur(less)} goes to other parks" if less >= 1 else "") + ".")
        numbers["floor_eur"] = par.floor
    return ParkExplanation(k.pid, ch.rule, nl, en, numbers, ch_nl, ch_en, dict(k.mv))


def _outcompeted(k: _Park) -> ParkExplanation:
    par = k.par
    assert k.prices is not None
    t = int(np.argmax(k.prices))
    price, yr = float(k.prices[t]), par.years[t]
    own_nl = "ruimere eigen grenzen (cofinanciering, opnamecapaciteit) voegen niets toe"
    own_en = "looser own limits (co-financing, absorption) add nothing"
    numbers = {"budget_price": price}
    if k.funded:
        nl = (f"Het budget is de grens: dit terrein krijgt {fmt.eur(k.public)}, maar de volgende "
              f"€ 1.000 levert hier niet meer op dan elders (budgetprijs tot {fmt.points(price, 2)} "
              f"waardepunten per € 1.000 in {yr}); {own_nl}.")
        en = (f"The budget is the limit: this park gets {fmt.eur(k.public)}, but the next "
              f"€ 1.000 adds no more here than elsewhere (budget price up to {fmt.points(price, 2)} value "
              f"points per € 1.000 in {yr}); {own_en}.")
    else:
        best = k.best_first()
        value_t = None if best is None else best[1] * par.delta
        if value_t is not None and (value_t <= k.prices + 1e-9).all():
            c = best[0] if best is not None else 0
            t = int(np.argmax(value_t - k.prices))
            value, price, yr = float(value_t[t]), float(k.prices[t]), par.years[t]
            numbers.update(value_per_keur=value, budget_price=price)
            nl = (f"Krijgt niets: andere terreinen leveren meer op. De beste besteding hier "
                  f"({k.labels[c]}) levert {fmt.points(value, 2)} waardepunten per € 1.000 in "
                  f"{yr}; de budgetprijs is {fmt.points(price, 2)}; {own_nl}.")
            en = (f"Gets nothing: other parks give more. The best use here ({k.labels[c]}) "
                  f"yields {fmt.points(value, 2)} value points per € 1.000 in {yr}; the budget "
                  f"price is {fmt.points(price, 2)}; {own_en}.")
        else:
            nl = f"Krijgt niets: het budget levert elders meer op, en {own_nl}."
            en = f"Gets nothing: the budget adds more elsewhere, and {own_en}."
    return ParkExplanation(
        k.pid, "outcompeted", nl, en, numbers,
        "Meer budget, of meer waarde per euro hier (draagvlak, potentieel), kan dit terrein "
        "meer geven.",
        "A larger budget, or more value per euro here (draagvlak, potential), can give this "
        "park more.", dict(k.mv))


def _saturated(k: _Park) -> ParkExplanation:
    best = k.best_first()
    if k.funded:
        nl = (f"Verzadigd: dit terrein krijgt {fmt.eur(k.public)}; het budget is niet de grens "
              "(meer budget levert niets op) en ruimere eigen grenzen voegen niets toe, dus meer "
              "geld levert hier niets meer op (afnemende meeropbrengst).")
        en = (f"Saturated: this park gets {fmt.eur(k.public)}; the budget is not the limit "
              "(more budget adds nothing) and looser own limits add nothing, so more money adds "
              "nothing here (diminishing returns).")
    elif best is None or best[1] <= 0:
        nl = ("Krijgt niets: geld hier levert geen waardepunten op (potentieel, impact of "
              "doelgewichten zijn nul voor de categorieën waarvoor het in aanmerking komt).")
        en = ("Gets nothing: money here yields no value points (potential, impact or goal "
              "weights are zero for the categories it is eligible for).")
    else:
        nl = ("Krijgt niets: het budget is niet de grens, en ruimere eigen grenzen voegen "
              "niets toe.")
        en = "Gets nothing: the budget is not the limit, and looser own limits add nothing."
    return ParkExplanation(
        k.pid, "saturated", nl, en, {"last_multiplier": float(k.par.multiplier[-1])},
        "Een hoger potentieel of een hogere rendementsfactor zou meer geld zinvol maken.",
        "A higher potential or return multiplier would make more money worthwhile.", dict(k.mv))


def _unproven(k: _Park, why_nl: str, why_en: str) -> ParkExplanation:
    return ParkExplanation(
        k.pid, NEUTRAL_CODE,
        f"Geen reden beschikbaar: {why_nl}. In deze verdeling krijgt het terrein "
        f"{fmt.eur(k.public)}.",
        f"No reason available: {why_en}. In this allocation the park gets {fmt.eur(k.public)}.",
        {}, "Geef de berekening meer tijd voor een bewezen optimum met redenen.",
        "Allow the computation more time for a proven optimum with reasons.",
        {rule: None for rule in LIMITS})


UNPROVEN_NL = "de berekening stopte bij de tijdslimiet, dus het optimum is niet bewezen"
UNPROVEN_EN = "the computation stopped at the time limit, so the optimum is not proven"
UNCHECKED_NL = "de tijdslimiet kwam voordat de grenzen van dit terrein waren nagerekend"
UNCHECKED_EN = "the time limit came before this park's limits were re-checked"


def explain_parks(scenario: Scenario, model: Model, sol: Solution,
                  warm: WarmModel | None = None, deadline: float | None = None,
                  group: np.ndarray | None = None) -> dict[str, ParkExplanation]:
    """One explanation per park (module docstring). `scenario` is the one `model` was built
    from; `warm` holds that model at its optimal basis for the re-solves (without it, and
    without proven duals, only data-based reasons are given); `group` marks identical parks."""
    par = model.params
    proven = sol.row_dual is not None and sol.col_dual is not None
    prices = budget_prices(model, sol) if proven else None
    if proven:
        end = deadline if deadline is not None else time.perf_counter() + 60.0
        checks = limit_checks(model, sol, warm, end, group)
    else:
        checks = {}
    labels = [c.label or c.category for c in scenario.categories]
    out: dict[str, ParkExplanation] = {}
    for p, pid in enumerate(par.park_ids):
        if not par.eligible[p].any():
            out[pid] = _not_eligible(par, labels, p, pid)
            continue
        k = _Park(scenario, model, sol, p, checks.get(p, []), prices)
        if not proven:
            out[pid] = _unproven(k, UNPROVEN_NL, UNPROVEN_EN)
            continue
        if any(not ch.decided for ch in k.checks):
            out[pid] = _unproven(k, UNCHECKED_NL, UNCHECKED_EN)
            continue
        named = [ch for ch in k.checks if ch.adds_value]
        if named:
            out[pid] = _named(k, max(named, key=lambda ch: float(ch.marginal_value or 0.0)))
        elif prices is not None and (prices > 1e-9).any():
            out[pid] = _outcompeted(k)
        else:
            out[pid] = _saturated(k)
    return out


# -- infeasibility --------------------------------------------------------------------------


def _summarise(findings: list[Finding], rule: str, what_nl: str, what_en: str) -> list[Finding]:
    """At most MAX_LISTED findings one by one, largest amounts first, then one summary."""
    if len(findings) <= MAX_LISTED:
        return findings
    findings = sorted(findings, key=lambda f: -(f.amount_eur or 0.0))
    rest = findings[MAX_LISTED:]
    total = sum(f.amount_eur or 0.0 for f in rest)
    return [*findings[:MAX_LISTED], Finding(
        rule, f"... en nog {len(rest)} {what_nl} (samen {fmt.eur_short(total)}).",
        f"... and {len(rest)} more {what_en} (together {fmt.eur_short(total)}).", total,
    )]


def arithmetic_checks(scenario: Scenario, par: Params | None = None) -> list[Finding]:
    """Cheap checks of the floors (rule 7) against rules 2-6, in the province's words."""
    par = par if par is not None else params(scenario)
    f = par.floor
    fp = par.floor_parks
    out: list[Finding] = []
    if f <= 0 or not fp.any():
        return out
    n_floor = int(fp.sum())
    need = f * n_floor
    oc = scenario.categories[par.oc].label or par.category_ids[par.oc]
    # rule 5: the floors against each year's (or the running) budget
    cum_need = cum_budget = 0.0
    for t, yr in enumerate(par.years):
        cum_need += need
        cum_budget += par.budget[t]
        if par.carry_over:
            short, have_nl, have_en = cum_need - cum_budget, "het budget tot en met dat jaar", \
                "the budget up to that year"
            ask = cum_need
            have = cum_budget
        else:
            short, have_nl, have_en = need - par.budget[t], "het budget", "the budget"
            ask, have = need, par.budget[t]
        if short > TOL_EUR:
            out.append(Finding(
                "budget",
                f"{yr}: de strategische bodems vragen {fmt.eur_short(ask)} "
                f"({n_floor} terreinen × {fmt.eur_short(f)}) maar {have_nl} is "
                f"{fmt.eur_short(have)}.",
                f"{yr}: the strategic floors need {fmt.eur_short(ask)} ({n_floor} parks × "
                f"{fmt.eur_short(f)}) but {have_en} is {fmt.eur_short(have)}.",
                float(short),
            ))
    r = float(par.ratio[par.oc])
    priv, absorb = [], []
    for p in np.nonzero(fp)[0]:
        pid = par.park_ids[p]
        k = float(par.private_capacity[p])
        if f * r > k + TOL_EUR:
            priv.append(Finding(
                "private_capacity",
                f"Terrein {pid}: een bodem van {fmt.eur_short(f)} vraagt "
                f"{fmt.eur_short(f * r)} private cofinanciering per jaar, de capaciteit is "
                f"{fmt.eur_short(k)}.",
                f"Park {pid}: a floor of {fmt.eur_short(f)} needs {fmt.eur_short(f * r)} private "
                f"co-financing a year, the capacity is {fmt.eur_short(k)}.",
                float(f * r - k),
            ))
        cap = float(par.absorption[p])
        if f > cap + TOL_EUR:
            absorb.append(Finding(
                "absorption",
                f"Terrein {pid}: de bodem van {fmt.eur_short(f)} is hoger dan wat de "
                f"organisatie in het eerste jaar kan opnemen ({fmt.eur_short(cap)}).",
                f"Park {pid}: the floor of {fmt.eur_short(f)} is above what the organisation can "
                f"absorb in the first year ({fmt.eur_short(cap)}).",
                float(f - cap),
            ))
    out += _summarise(priv, "private_capacity", "terreinen met te weinig cofinanciering",
                      "parks with too little co-financing")
    out += _summarise(absorb, "absorption", "terreinen met te weinig opnamecapaciteit",
                      "parks with too little absorption capacity")
    m_cap = float(par.cap[par.oc])
    if f > m_cap + TOL_EUR:
        out.append(Finding(
            "category_cap",
            f"De bodem van {fmt.eur_short(f)} is hoger dan de categoriegrens van {oc} "
            f"({fmt.eur_short(m_cap)} per terrein per jaar).",
            f"The floor of {fmt.eur_short(f)} is above the cap of {oc} ({fmt.eur_short(m_cap)} per "
            "park a year).",
            float(f - m_cap),
        ))
    if par.max_share < 1.0:
        limit = par.max_share * float(par.budget.sum())
        per_muni = np.bincount(par.park_municipality[fp], minlength=len(par.municipalities))
        munis = []
        for m in np.nonzero(per_muni * f * par.n_years > limit + TOL_EUR)[0]:
            ask = float(per_muni[m] * f * par.n_years)
            munis.append(Finding(
                "municipality_share",
                f"Gemeente {par.municipalities[m]}: de bodems vragen {fmt.eur_short(ask)} "
                f"maar het maximumaandeel ({fmt.pct(par.max_share)}) is {fmt.eur_short(limit)}.",
                f"Municipality {par.municipalities[m]}: the floors need {fmt.eur_short(ask)} but "
                f"the maximum share ({fmt.pct(par.max_share)}) is "
                f"{fmt.eur_short(limit)}.",
                ask - limit,
            ))
        out += _summarise(munis, "municipality_share", "gemeenten", "municipalities")
    return out


_RELAX_TEXT = {
    # rule: (nl, en) with {who} and {amount}, {years}
    "budget": ("Verhoog het budget voor {who} met {amount}.",
               "Raise the budget for {who} by {amount}."),
    "private_capacity": ("Terrein {who}: de private cofinanciering zou {amount} per jaar hoger "
                         "moeten zijn ({years}).",
                         "Park {who}: private co-financing would need to be {amount} a year "
                         "higher ({years})."),
    "absorption": ("Terrein {who}: de opnamecapaciteit zou {amount} per jaar hoger moeten zijn "
                   "({years}).",
                   "Park {who}: absorption capacity would need to be {amount} a year higher "
                   "({years})."),
    "municipality_share": ("Gemeente {who}: het maximumaandeel zou {amount} ruimer moeten zijn.",
                           "Municipality {who}: the maximum share would need {amount} more "
                           "room."),
    "floor": ("Terrein {who}: verlaag de strategische bodem met {amount} ({years}).",
              "Park {who}: lower the strategic floor by {amount} ({years})."),
    "category_cap": ("Terrein {who}: de categoriegrens zou {amount} hoger moeten zijn "
                     "({years}).",
                     "Park {who}: the category cap would need to be {amount} higher "
                     "({years})."),
}
_RELAX_ORDER = ("budget", "municipality_share", "category_cap", "floor", "absorption",
                "private_capacity")


def elastic_findings(scenario: Scenario, time_limit_s: float = 60.0,
                     par: Params | None = None) -> list[Finding]:
    """Re-solve with a weighted slack on every relaxable rule and name the smallest
    relaxation (by ELASTIC_WEIGHTS) that makes the scenario feasible."""
    model = build_elastic_model(scenario, par=par)
    run, _ = run_lp(model.lp, time_limit_s)
    if run.status != "optimal" or run.col_value is None:
        return [Finding(
            "elastic",
            f"De herberekening met versoepelde regels gaf geen antwoord ({run.detail}).",
            f"The re-solve with relaxed rules gave no answer ({run.detail}).",
        )]
    par = model.params
    out: list[Finding] = []
    for rule in _RELAX_ORDER:
        if rule not in model.elastic_cols:
            continue
        lo, hi = model.elastic_cols[rule]
        slack = run.col_value[lo:hi] * KEUR
        keys = model.blocks[rule].keys
        hits = np.nonzero(slack > TOL_EUR)[0]
        if not len(hits):
            continue
        found: list[Finding] = []
        if rule in ("budget", "municipality_share"):  # one row per year / municipality
            key, names = (("year", par.years) if rule == "budget"
                          else ("municipality", par.municipalities))
            nl, en = _RELAX_TEXT[rule]
            for j in hits:
                who, amt = names[int(keys[key][j])], math.ceil(slack[j])
                amount = fmt.eur(amt)
                found.append(Finding(rule, nl.format(who=who, amount=amount),
                                     en.format(who=who, amount=amount), float(amt)))
        else:
            by_park: dict[int, list[tuple[int, float]]] = {}
            for j in hits:
                by_park.setdefault(int(keys["park"][j]), []).append(
                    (par.years[int(keys["year"][j])], float(slack[j])))
            for p, items in by_park.items():
                amt = math.ceil(max(a for _, a in items))
                yrs = _years_text(sorted(y for y, _ in items))
                nl, en = _RELAX_TEXT[rule]
                found.append(Finding(
                    rule, nl.format(who=par.park_ids[p], amount=fmt.eur(amt), years=yrs),
                    en.format(who=par.park_ids[p], amount=fmt.eur(amt), years=yrs),
                    float(amt)))
        out += _summarise(found, rule, "aanpassingen van deze regel", "changes to this rule")
    if not out:
        out.append(Finding(
            "elastic",
            "De herberekening vond geen tegenstrijdige regels; waarschijnlijk een numeriek "
            "probleem met zeer grote of zeer kleine bedragen.",
            "The re-solve found no conflicting rules; probably a numerical problem with very "
            "large or very small amounts.",
        ))
    return out


# -- infeasibility: single changes of a setting that make the scenario feasible --------------

# Weights per € of each single change when ranking them (cheapest first): the province's own
# knobs (budget, municipality share, a category's rules) before the strategic floor, as in
# model.ELASTIC_WEIGHTS.
SETTING_WEIGHTS = {"budget": 1.0, "municipality_share": 1.0, "category_cap": 1.0,
                   "min_private_share": 1.0, "floor": 2.0}


def _is_feasible(scenario: Scenario, time_limit_s: float) -> bool:
    run, _ = run_lp(build_model(scenario).lp, time_limit_s)
    return run.status == "optimal"


def _extreme(model: Model, kind: str, t: int = 0, time_limit_s: float = 60.0) -> float | None:
    """The least change of one setting that makes the model feasible, from one LP:
    "budget" (extra k€ in year t, the municipality rows moving with it), "share" (the least
    φ' ≥ φ), "floor" (the largest F' ≤ F, in k€). None when that setting alone cannot do it."""
    import highspy

    lp, par = model.lp, model.params
    h = new_highs()
    h.passModel(to_highs_lp(lp))
    n = lp.n_cols
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    inf = highspy.kHighsInf
    muni = model.rows("municipality_share")
    muni_rows = np.arange(muni.start, muni.stop, dtype=np.int32)
    if kind == "budget":
        rows = np.concatenate([[model.row_offset["budget"] + t], muni_rows]).astype(np.int32)
        vals = np.concatenate([[-1.0], np.full(len(muni_rows), -par.max_share)])
        h.addCol(1.0, 0.0, inf, len(rows), rows, vals)
        sense = highspy.ObjSense.kMinimize
    elif kind == "share":
        if not len(muni_rows):
            return None
        total = float(par.budget.sum() / KEUR)
        h.changeRowsBounds(len(muni_rows), muni_rows, np.full(len(muni_rows), -inf),
                           np.zeros(len(muni_rows)))
        h.addCol(1.0, par.max_share, 1.0, len(muni_rows), muni_rows,
                 np.full(len(muni_rows), -total))
        sense = highspy.ObjSense.kMinimize
    else:  # floor: x ≥ f on every floor column, maximise f
        cols = np.nonzero(lp.col_lower[: model.index.n_x] > 0)[0].astype(np.int32)
        if not len(cols):
            return None
        h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), lp.col_upper[cols])
        h.addCol(1.0, 0.0, par.floor / KEUR, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
        m = len(cols)
        starts = np.arange(0, 2 * m, 2, dtype=np.int32)
        index = np.empty(2 * m, dtype=np.int32)
        index[0::2], index[1::2] = cols, n
        vals = np.tile([1.0, -1.0], m)
        h.addRows(m, np.zeros(m), np.full(m, inf), 2 * m, starts, index, vals)
        sense = highspy.ObjSense.kMaximize
    h.changeObjectiveSense(sense)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return float(h.getSolution().col_value[n])


def single_changes(scenario: Scenario, time_limit_s: float = 60.0,
                   par: Params | None = None) -> list[Finding]:
    """Every single change of one setting that on its own makes `scenario` feasible, cheapest
    first (SETTING_WEIGHTS × the euros it moves). Amounts are rounded so that they suffice
    (budget and share up, floor and minimum private share down), and each change is applied
    and re-solved before it is listed."""
    par = par if par is not None else params(scenario)
    model = build_model(scenario, par=par)
    labels = [c.label or c.category for c in scenario.categories]
    n_floor = int(par.floor_parks.sum())
    T = par.n_years
    options: list[tuple[float, Finding, Scenario]] = []

    def budget_with(t: int, amount: float) -> Scenario:
        budget = list(scenario.budget)
        budget[t] = budget[t].model_copy(update={"budget_eur": budget[t].budget_eur + amount})
        return scenario.model_copy(update={"budget": tuple(budget)})

    for t, yr in enumerate(par.years):
        need = _extreme(model, "budget", t, time_limit_s)
        if need is None:
            continue
        amount = float(math.ceil(need * KEUR - 1e-6))
        new = float(par.budget[t] + amount)
        options.append((SETTING_WEIGHTS["budget"] * amount, Finding(
            "budget",
            f"Verhoog het budget van {yr} met {fmt.eur(amount)} (naar {fmt.eur(new)}).",
            f"Raise the budget of {yr} by {fmt.eur(amount)} (to {fmt.eur(new)}).", amount,
            new, yr),
            budget_with(t, amount)))
    share = _extreme(model, "share", 0, time_limit_s)
    if share is not None:
        new_share = min(1.0, math.ceil(share * 1000 - 1e-9) / 1000)
        extra = (new_share - par.max_share) * float(par.budget.sum())
        options.append((SETTING_WEIGHTS["municipality_share"] * extra, Finding(
            "municipality_share",
            f"Verhoog het maximumaandeel per gemeente van {fmt.pct(par.max_share)} naar "
            f"{fmt.pct(new_share)}.",
            f"Raise the maximum share per municipality from {fmt.pct(par.max_share)} to "
            f"{fmt.pct(new_share)}.", extra, new_share),
            scenario.with_settings(max_municipality_share=new_share)))
    floor = _extreme(model, "floor", 0, time_limit_s)
    if floor is not None:
        new_floor = float(math.floor(floor * KEUR + 1e-6))
        less = (par.floor - new_floor) * n_floor * T
        options.append((SETTING_WEIGHTS["floor"] * less, Finding(
            "floor",
            f"Verlaag de strategische bodem van {fmt.eur(par.floor)} naar {fmt.eur(new_floor)} "
            "per jaar.",
            f"Lower the strategic floor from {fmt.eur(par.floor)} to {fmt.eur(new_floor)} a "
            "year.", par.floor - new_floor, new_floor),
            scenario.with_settings(strategic_floor_eur=new_floor)))
    oc = par.oc
    cat = scenario.categories[oc]
    if n_floor and par.ratio[oc] > 0:
        # the floors need r·F of private money in every year: r' = min K_p / F
        r_new = float(par.private_capacity[par.floor_parks].min() / par.floor)
        s_new = math.floor(r_new / (1 + r_new) * 1000 + 1e-9) / 1000
        if s_new < cat.min_private_share:
            less = (par.ratio[oc] - s_new / (1 - s_new)) * par.floor * n_floor * T
            cats = list(scenario.categories)
            cats[oc] = cat.model_copy(update={"min_private_share": s_new})
            options.append((SETTING_WEIGHTS["min_private_share"] * less, Finding(
                "min_private_share",
                f"Verlaag het minimale private aandeel van {labels[oc]} van "
                f"{fmt.pct(cat.min_private_share)} naar {fmt.pct(s_new)}.",
                f"Lower the minimum private share of {labels[oc]} from "
                f"{fmt.pct(cat.min_private_share)} to {fmt.pct(s_new)}.", float(less), s_new),
                scenario.model_copy(update={"categories": tuple(cats)})))
    if n_floor and math.isfinite(par.cap[oc]) and par.cap[oc] < par.floor:
        more = (par.floor - par.cap[oc]) * n_floor * T
        cats = list(scenario.categories)
        cats[oc] = cat.model_copy(update={"max_per_park_year_eur": par.floor})
        options.append((SETTING_WEIGHTS["category_cap"] * more, Finding(
            "category_cap",
            f"Verhoog de categoriegrens van {labels[oc]} van {fmt.eur(par.cap[oc])} naar "
            f"{fmt.eur(par.floor)} per terrein per jaar.",
            f"Raise the cap of {labels[oc]} from {fmt.eur(par.cap[oc])} to "
            f"{fmt.eur(par.floor)} per park a year.", float(more), par.floor),
            scenario.model_copy(update={"categories": tuple(cats)})))
    options.sort(key=lambda o: o[0])
    return [f for _, f, changed in options if _is_feasible(changed, time_limit_s)]


def diagnose(scenario: Scenario, time_limit_s: float = 60.0) -> Diagnosis:
    """Why `scenario` has no feasible allocation: arithmetic checks, then every single change
    of a setting that on its own makes it feasible (cheapest first, each re-solved); when no
    single change suffices, the elastic re-solve's combined relaxation. Always returns at
    least one finding; the heading is not a finding."""
    par = params(scenario)
    arithmetic = arithmetic_checks(scenario, par)
    single = single_changes(scenario, time_limit_s, par)
    if single:
        return Diagnosis(arithmetic=arithmetic, relaxations=single,
                         heading_nl=SINGLE_HEADING[0], heading_en=SINGLE_HEADING[1])
    relaxations = elastic_findings(scenario, time_limit_s, par)
    if relaxations and relaxations[0].rule != "elastic":
        return Diagnosis(arithmetic=arithmetic, relaxations=relaxations,
                         heading_nl=ELASTIC_HEADING[0], heading_en=ELASTIC_HEADING[1])
    return Diagnosis(arithmetic=arithmetic, relaxations=relaxations)


SINGLE_HEADING = (
    "Elk van deze aanpassingen maakt het scenario op zichzelf oplosbaar (nagerekend; de "
    "kleinste eerst):",
    "Each of these changes on its own makes the scenario feasible (re-solved; smallest first):",
)
ELASTIC_HEADING = (
    "Geen enkele instelling alleen volstaat. Kleinste combinatie van aanpassingen (de provincie "
    "past liever budget, gemeenteaandeel of categoriegrens aan dan de bodem, en die liever dan "
    "wat terreinen zelf kunnen dragen):",
    "No single setting suffices. Smallest combination of changes (the province would rather "
    "change budget, municipality share or category cap than the floor, and that rather than "
    "what parks can carry):",
)
