"""Leverage frontier (hefboom): how much more private co-financing the plan could mobilise if
the province accepts a small loss of value (docs/contracts/MODEL.md, "Analyses").

    compute(scenario, losses=(0, .01, .02, .05, .10, .20), progress=None) -> Leverage

First the plan: the value-maximising solve V* (as `solve`, tie-broken). Then, on the same built
model kept warm in HiGHS, the objective becomes the private money mobilised Σ_{p,c,t} r_c·x and
one row is added: value Σ μ·v·z ≥ (1 − ε)·V*. For each loss ε, in increasing order, only that
row's bound changes, so every point starts from the previous optimum (which stays feasible: the
region only grows). Rules 1–8 are untouched. Among the allocations with the most private money
the point takes the most valuable one (a second warm solve: maximise value over the optimal
face of the first, `ties.optimise_on_face`), so the value lost is the least the extra private
money needs; then
`solve`'s tie-break (fewest public euros, spent early), so the parks that gain or lose are a
function of the data. At ε = 0 the answer can already exceed the
plan's private money: among equally valuable allocations another may mobilise more.

Private money is non-decreasing in ε (a larger ε only widens the feasible region).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis import AnalysisOutcome, OutcomeStatus, Progress
from allocation.analysis.points import (
    MIN_TIE_BREAK_S,
    allocation_eur,
    park_money,
    private_cost,
    solve_point,
)
from allocation.domain import Scenario
from allocation.model import build_model
from allocation.result import Diagnosis
from allocation.run import WarmModel
from allocation.ties import optimise_on_face, tie_break

HELP_NL = "hefboom: hoeveel meer privaat geld bij 0–20% minder waarde"
LOSSES: tuple[float, ...] = (0.0, 0.01, 0.02, 0.05, 0.10, 0.20)
VALUE_REL_TOL = 1e-9  # the value row keeps (1-ε)·V* minus this relative slack (as ties.py)
MOVE_EUR = 1.0  # a park's public money changes when it moves by at least €1
SHEET = "Hefboom"


@dataclass
class LeveragePoint:
    value_loss: float  # ε as a fraction, 0.05 = 5%
    status: str
    objective: float | None  # the value of the allocation (value points)
    private_eur: float | None
    public_eur: float | None
    park_public_eur: np.ndarray | None = None  # [P]
    park_private_eur: np.ndarray | None = None  # [P]
    x: np.ndarray | None = None  # [E, T] € in the model's index (build_model(scenario))

    @property
    def leverage(self) -> float | None:
        if self.private_eur is None or not self.public_eur:
            return None
        return self.private_eur / self.public_eur


@dataclass
class Leverage:
    status: OutcomeStatus
    park_ids: list[str]
    park_names: list[str]
    plan: LeveragePoint  # the value-maximising plan (as `solve`)
    points: list[LeveragePoint] = field(default_factory=list)
    seconds: float = 0.0
    diagnosis: Diagnosis | None = None

    def changes(self, point: LeveragePoint) -> pd.DataFrame:
        """Parks whose public money differs from the plan's at this point (by at least €1):
        park_id, name, public_eur_plan, public_eur, public_eur_change, private_eur_change;
        largest changes first."""
        cols = ["park_id", "name", "public_eur_plan", "public_eur", "public_eur_change",
                "private_eur_change"]
        if point.park_public_eur is None or self.plan.park_public_eur is None:
            return pd.DataFrame(columns=cols)
        assert point.park_private_eur is not None and self.plan.park_private_eur is not None
        d_pub = point.park_public_eur - self.plan.park_public_eur
        d_priv = point.park_private_eur - self.plan.park_private_eur
        moved = np.nonzero(np.abs(d_pub) >= MOVE_EUR)[0]
        order = moved[np.lexsort((np.array(self.park_ids, dtype=object)[moved].astype(str),
                                  -np.abs(d_pub[moved])))]
        return pd.DataFrame({
            "park_id": [self.park_ids[i] for i in order],
            "name": [self.park_names[i] for i in order],
            "public_eur_plan": self.plan.park_public_eur[order],
            "public_eur": point.park_public_eur[order],
            "public_eur_change": d_pub[order],
            "private_eur_change": d_priv[order],
        }, columns=cols)


def compute(scenario: Scenario, losses: tuple[float, ...] = LOSSES,
            progress: Progress | None = None, time_limit_s: float = 60.0) -> Leverage:
    """The leverage frontier of `scenario` (module docstring)."""
    start = time.perf_counter()
    model = build_model(scenario)
    warm = WarmModel(model)
    ids = [p.park_id for p in scenario.parks]
    names = [p.name for p in scenario.parks]
    total = len(losses) + 1
    plan_pt = solve_point(warm, time_limit_s, first=True)
    if progress is not None:
        progress(1, total)
    if plan_pt.status != "optimal" or plan_pt.x is None:
        status: OutcomeStatus = ("infeasible" if plan_pt.status == "infeasible" else
                                 "time_limit" if plan_pt.status == "time_limit" else "error")
        diagnosis = None
        if status == "infeasible":
            from allocation.explain import diagnose

            diagnosis = diagnose(scenario, time_limit_s)
        empty = LeveragePoint(0.0, plan_pt.status, None, None, None)
        return Leverage(status, ids, names, empty, [], time.perf_counter() - start, diagnosis)
    plan = _point(model, 0.0, "optimal", plan_pt.x, plan_pt.value)
    v_star = float(plan_pt.objective or 0.0)
    lp = model.lp
    cost_priv = private_cost(model)
    value_cols = np.nonzero(lp.cost)[0]
    row = warm.add_row(value_cols, lp.cost[value_cols], _bound(v_star, 0.0), highspy.kHighsInf)
    warm.set_objective(cost_priv, maximise=True)
    points: list[LeveragePoint] = []
    for i, eps in enumerate(sorted(float(e) for e in losses)):
        warm.set_row_bounds(row, _bound(v_star, eps), highspy.kHighsInf)
        points.append(_most_private(warm, eps, cost_priv, time_limit_s))
        if progress is not None:
            progress(i + 2, total)
    statuses = {p.status for p in points}
    status = ("error" if statuses - {"optimal", "time_limit"} else
              "time_limit" if "time_limit" in statuses else "optimal")
    return Leverage(status, ids, names, plan, points, time.perf_counter() - start)


def _most_private(warm: WarmModel, eps: float, cost_priv: np.ndarray,
                  time_limit_s: float) -> LeveragePoint:
    """One point: the most private money; among those allocations the most valuable one
    (maximise value over the optimal face of the first solve); then `solve`'s tie-break over
    that face. Everything but the first solve is rolled back, so the next loss starts from the
    max-private basis."""
    model = warm.model
    t0 = time.perf_counter()
    warm.set_strategy(dual=False)
    most = warm.run(time_limit_s)
    if most.status != "optimal" or most.col_value is None:
        return LeveragePoint(eps, most.status, None, None, None)
    if not model.lp.n_cols:  # nobody is eligible: nothing to choose
        return _point(model, eps, "optimal", allocation_eur(model, most.col_value), 0.0)
    cp = warm.checkpoint()
    col = most.col_value
    left = time_limit_s - (time.perf_counter() - t0)
    best = optimise_on_face(warm.h, model, most, left, model.lp.cost, True, cost_priv)
    if best.status == "optimal" and best.col_value is not None:
        col = best.col_value
        left = time_limit_s - (time.perf_counter() - t0)
        if left > MIN_TIE_BREAK_S:
            tied = tie_break(warm.h, model, best, left, model.lp.cost)
            if tied.status in ("optimal", "time_limit") and tied.col_value is not None:
                col = tied.col_value
    warm.rollback(cp)
    status = "optimal" if best.status == "optimal" else "time_limit"
    return _point(model, eps, status, allocation_eur(model, col), float(model.lp.cost @ col))


def _bound(v_star: float, eps: float) -> float:
    """(1-ε)·V* with the tie-break's relative tolerance, in value points."""
    return (1.0 - eps) * v_star - VALUE_REL_TOL * max(abs(v_star), 1.0)


def _point(model: Any, eps: float, status: str, x: np.ndarray,
           value: float | None) -> LeveragePoint:
    public, private = park_money(model, x)
    return LeveragePoint(eps, status, value, float(private.sum()), float(public.sum()),
                         public, private, x)


# -- words, tables and the CLI ------------------------------------------------------------


def sentences(lev: Leverage, lang: str = "nl") -> list[str]:
    en = lang == "en"
    plan = lev.plan
    plan_private = plan.private_eur
    if not lev.points or plan_private is None:
        return []
    out = []
    base = next((p for p in lev.points if p.value_loss == 0.0 and p.private_eur is not None),
                None)
    if base is not None and base.private_eur is not None:
        extra = base.private_eur - plan_private
        if extra >= MOVE_EUR:
            out.append(
                f"Without any loss of value another allocation mobilises {fmt.eur_short(extra)} "
                "more private money than the plan." if en else
                f"Zonder verlies van waarde mobiliseert een andere verdeling "
                f"{fmt.eur_short(extra)} meer privaat geld dan het plan.")
    for p in lev.points:
        if p.value_loss <= 0 or p.private_eur is None:
            continue
        extra = p.private_eur - plan_private
        lev_txt = fmt.ratio(p.leverage)
        actual = None if p.objective is None or not plan.objective else (
            1.0 - p.objective / plan.objective)
        used = ("" if actual is None or actual >= p.value_loss - 5e-4 else
                f" (actually {fmt.pct(max(actual, 0.0))})" if en else
                f" (werkelijk {fmt.pct(max(actual, 0.0))})")
        out.append(
            f"Accepting at most {fmt.pct(p.value_loss)} less value{used}: "
            f"{fmt.eur_short(extra)} more private money (leverage {lev_txt})." if en else
            f"Bij hoogstens {fmt.pct(p.value_loss)} minder waarde{used}: "
            f"{fmt.eur_short(extra)} meer privaat geld (hefboom {lev_txt}).")
    return out


def table(lev: Leverage) -> pd.DataFrame:
    rows = []
    for p in lev.points:
        changes = lev.changes(p)
        rows.append({
            "value_loss": p.value_loss, "status": p.status, "objective": p.objective,
            "private_eur": p.private_eur, "public_eur": p.public_eur, "leverage": p.leverage,
            "private_gain_eur": (None if p.private_eur is None or lev.plan.private_eur is None
                                 else p.private_eur - lev.plan.private_eur),
            "parks_gaining": int((changes["public_eur_change"] > 0).sum()),
            "parks_losing": int((changes["public_eur_change"] < 0).sum()),
        })
    return pd.DataFrame(rows)


def _park_list(frame: pd.DataFrame, positive: bool, n: int = 5) -> str:
    part = frame[frame["public_eur_change"] > 0] if positive else frame[
        frame["public_eur_change"] < 0]
    items = [f"{r.park_id} ({fmt.eur(r.public_eur_change, signed=True)})"
             for r in part.head(n).itertuples(index=False)]
    more = len(part) - n
    return ", ".join(items) + (f" en {more} meer" if more > 0 else "")


def frames(lev: Leverage) -> dict[str, pd.DataFrame]:
    """The export sheet: one row for the plan and one per loss, Dutch headers."""
    from allocation.result import status_label

    plan = lev.plan
    rows = [{
        "Waardeverlies": "plan", "Waardepunten": plan.objective,
        "Privaat gemobiliseerd (€)": plan.private_eur, "Publiek toegekend (€)": plan.public_eur,
        "Hefboom (privaat per publieke €)": plan.leverage, "Meer privaat dan plan (€)": 0.0,
        "Terreinen die meer krijgen": "", "Terreinen die minder krijgen": "",
        "Status": status_label(lev.status if not lev.points else "optimal", "nl"),
    }]
    for p in lev.points:
        ch = lev.changes(p)
        rows.append({
            "Waardeverlies": fmt.pct(p.value_loss), "Waardepunten": p.objective,
            "Privaat gemobiliseerd (€)": p.private_eur, "Publiek toegekend (€)": p.public_eur,
            "Hefboom (privaat per publieke €)": p.leverage,
            "Meer privaat dan plan (€)": (None if p.private_eur is None or plan.private_eur
                                          is None else p.private_eur - plan.private_eur),
            "Terreinen die meer krijgen": _park_list(ch, True),
            "Terreinen die minder krijgen": _park_list(ch, False),
            "Status": status_label(p.status, "nl"),
        })
    return {SHEET: pd.DataFrame(rows)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from allocation.cli.common import time_limit  # 0,1 s up to a day, as for `solve`

    parser.add_argument("--time-limit", type=time_limit, default=60.0,
                        help="seconden per berekening (standaard 60; minimaal 0,1)")


def run_cli(scenario: Scenario, args: argparse.Namespace) -> AnalysisOutcome:
    lev = compute(scenario, time_limit_s=float(args.time_limit))
    data: dict[str, Any] = {
        "status": lev.status,
        "leverage": [{"value_loss": p.value_loss, "objective": p.objective,
                      "private_eur": p.private_eur, "public_eur": p.public_eur}
                     for p in lev.points],
        "plan": {"objective": lev.plan.objective, "private_eur": lev.plan.private_eur,
                 "public_eur": lev.plan.public_eur},
    }
    lines = [f"Hefboom: privaat geld bij een klein waardeverlies ({fmt.seconds(lev.seconds)})."]
    if lev.plan.private_eur is not None:
        lines.append(f"  plan    {fmt.points(lev.plan.objective, 2):>12} punten  privaat "
                     f"{fmt.eur(lev.plan.private_eur)}  publiek {fmt.eur(lev.plan.public_eur)}  "
                     f"hefboom {fmt.ratio(lev.plan.leverage)}")
    for p in lev.points:
        lines.append(f"  {fmt.pct(p.value_loss):>6}  {fmt.points(p.objective, 2):>12} punten  "
                     f"privaat {fmt.eur(p.private_eur)}  publiek {fmt.eur(p.public_eur)}  "
                     f"hefboom {fmt.ratio(p.leverage)}")
        ch = lev.changes(p)
        if len(ch):
            lines.append(f"          meer: {_park_list(ch, True) or '–'}; "
                         f"minder: {_park_list(ch, False) or '–'}")
    lines += sentences(lev, "nl")
    return AnalysisOutcome(lev.status, data, lines, lev.diagnosis,
                           no_plan=lev.plan.status == "no_solution")


