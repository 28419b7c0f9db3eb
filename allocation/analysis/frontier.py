"""Budget frontier: what more (or less) budget buys (docs/contracts/MODEL.md, "Analyses").

    compute(scenario, points=21, progress=None) -> Frontier

The optimum as a function of a factor f that scales every year's budget B_t -> f·B_t, for f
from 0 to 2 (0% to 200% of the current plan; 1.0 is always one of the points). The
municipality rows scale with it (φ·Σ f·B_t) because `WarmModel.set_budget` goes through
`model.budget_rhs`, the one place where a budget becomes row bounds. So every point is the
model `solve` builds for a scenario with that budget; only the budget rows change between
points, and each point is warm-started from the previous one's basis and tie-broken as `solve`
(analysis.points), so private money and parks funded match what `solve` would show.

Order of the points: the plan first (a cold solve), then two sweeps from the plan's optimal
basis at the same time, each on its own HiGHS instance in its own thread: down to 0 and up to
2 (a two-core machine runs them side by side; each sweep is the same sequence of warm starts
as when run alone, so the points do not depend on the threads). The value is non-decreasing
in f, so once a point going down is infeasible (floors above the budget), every smaller f is
too: those points are marked infeasible without a solve.

The marginal value between two neighbouring points is ΔV / Δbudget in value points per extra
€1 mln. The knee is the point farthest above the straight line from the first to the last
feasible point, with both axes scaled to [0, 1] ("Kneedle"): where more budget stops paying
off as it did.
"""

from __future__ import annotations

import argparse
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis import AnalysisOutcome, OutcomeStatus, Progress
from allocation.analysis.points import park_money, solve_point
from allocation.domain import Scenario
from allocation.model import build_model
from allocation.result import FUNDED_EUR, Diagnosis
from allocation.run import WarmModel

HELP_NL = "budgetgrens: wat levert meer of minder budget op (0% tot 200% van het plan)"
DEFAULT_POINTS = 21
MAX_FACTOR = 2.0
MIN_POINTS = 3
MAX_POINTS = 201
# below this share of the steepest marginal value, extra budget buys "vrijwel niets"
NEGLIGIBLE_SHARE = 0.01
MLN = 1e6


@dataclass
class FrontierPoint:
    budget_factor: float  # 1.0 = the current plan
    budget_eur: float  # total over the years
    status: str  # "optimal", "infeasible", "time_limit", "error", ...
    objective: float | None  # None where the model has no feasible allocation
    public_eur: float | None
    private_eur: float | None
    parks_funded: int | None

    @property
    def feasible(self) -> bool:
        return self.objective is not None


@dataclass
class Frontier:
    status: OutcomeStatus  # of the current plan (factor 1.0), or "time_limit"/"error" if any
    points: list[FrontierPoint]
    plan_index: int
    knee_index: int | None
    # per pair of neighbouring feasible points: value points per extra €1 mln
    marginal: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float = 0.0
    diagnosis: Diagnosis | None = None

    @property
    def plan(self) -> FrontierPoint:
        return self.points[self.plan_index]


def factors(points: int = DEFAULT_POINTS) -> np.ndarray:
    """`points` factors evenly from 0 to 2, plus 1.0 (the plan) when it is not among them."""
    base = np.linspace(0.0, MAX_FACTOR, max(int(points), MIN_POINTS))
    if not np.isclose(base, 1.0).any():
        base = np.sort(np.append(base, 1.0))
    return np.where(np.isclose(base, 1.0), 1.0, np.round(base, 10))


def compute(scenario: Scenario, points: int = DEFAULT_POINTS, progress: Progress | None = None,
            time_limit_s: float = 60.0) -> Frontier:
    """The budget frontier of `scenario` (module docstring)."""
    start = time.perf_counter()
    fs = factors(points)
    model = build_model(scenario)
    budget = model.params.budget
    total = float(budget.sum())
    plan_i = int(np.nonzero(fs == 1.0)[0][0])
    out: list[FrontierPoint | None] = [None] * len(fs)

    def run_at(warm: WarmModel, i: int, dual: bool, plan: bool = False) -> FrontierPoint:
        warm.set_budget(fs[i] * budget)
        pt = solve_point(warm, time_limit_s, dual=dual, first=plan)
        if pt.x is None:
            return FrontierPoint(float(fs[i]), float(fs[i] * total), pt.status, None, None,
                                 None, None)
        public, private = park_money(model, pt.x)
        return FrontierPoint(float(fs[i]), float(fs[i] * total), pt.status, pt.objective,
                             float(public.sum()), float(private.sum()),
                             int((public > FUNDED_EUR).sum()))

    def down(warm: WarmModel, report: Callable[[int, FrontierPoint], None]) -> None:
        infeasible_below = not out[plan_i].feasible  # type: ignore[union-attr]
        for i in range(plan_i - 1, -1, -1):
            if infeasible_below:  # a smaller budget cannot be feasible either
                report(i, FrontierPoint(float(fs[i]), float(fs[i] * total), "infeasible", None,
                                        None, None, None))
                continue
            pt = run_at(warm, i, dual=True)
            report(i, pt)
            infeasible_below = pt.status == "infeasible"

    def up(warm: WarmModel, report: Callable[[int, FrontierPoint], None]) -> None:
        for i in range(plan_i + 1, len(fs)):
            report(i, run_at(warm, i, dual=True))

    first = WarmModel(model)
    out[plan_i] = run_at(first, plan_i, dual=False, plan=True)  # the plan: as `solve`
    if progress is not None:
        progress(1, len(fs))
    second = WarmModel(model)  # the same model, from the plan's optimal basis
    if out[plan_i].status == "optimal" and model.lp.n_cols:  # type: ignore[union-attr]
        second.set_basis(first.h.getBasis())
    run_sweeps(out, [(down, first), (up, second)], len(fs), progress)
    pts = [p for p in out if p is not None]
    status = _status(pts, plan_i)
    diagnosis = None
    if status == "infeasible":
        from allocation.explain import diagnose

        diagnosis = diagnose(scenario, time_limit_s)
    return Frontier(status, pts, plan_i, knee(pts), marginal_values(pts),
                    time.perf_counter() - start, diagnosis)


Sweep = Callable[[WarmModel, Callable[[int, "FrontierPoint"], None]], None]


def run_sweeps(out: list[Any], sweeps: list[tuple[Sweep, WarmModel]], total: int,
               progress: Progress | None) -> None:
    """Run the sweeps at the same time, each in its own thread on its own HiGHS instance
    (HiGHS releases the GIL while it solves, so two sweeps use two cores), filling `out[i]`.
    Each sweep is the same sequence of warm starts as when run alone, so the points do not
    depend on the threads. `progress` is called from this (the caller's) thread only, as a
    Streamlit page requires; if it raises (the stop button), the sweeps stop after their
    current point and the exception goes on."""
    done = queue.Queue()  # type: queue.Queue[tuple[str, Any, Any]]
    stop = threading.Event()

    def worker(sweep: Sweep, warm: WarmModel) -> None:
        def report(i: int, pt: FrontierPoint) -> None:
            if stop.is_set():
                raise _Stopped
            done.put(("point", i, pt))

        try:
            sweep(warm, report)
            done.put(("end", None, None))
        except _Stopped:
            done.put(("end", None, None))
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            done.put(("error", None, err))

    threads = [threading.Thread(target=worker, args=sw, daemon=True, name="frontier-sweep")
               for sw in sweeps]
    for th in threads:
        th.start()
    running, count = len(threads), sum(p is not None for p in out)
    try:
        while running:
            kind, i, item = done.get()
            if kind == "point":
                out[i] = item
                count += 1
                if progress is not None:
                    progress(count, total)
            elif kind == "end":
                running -= 1
            else:
                raise item
    finally:
        stop.set()
        for th in threads:
            th.join()


class _Stopped(Exception):
    """A sweep told to stop (the caller's progress callback raised)."""


def _status(pts: list[FrontierPoint], plan_i: int) -> OutcomeStatus:
    if any(p.status in ("error", "no_solution") for p in pts):
        return "error"
    if pts[plan_i].status == "infeasible":
        return "infeasible"
    if any(p.status == "time_limit" for p in pts):
        return "time_limit"
    return "optimal"


def marginal_values(pts: list[FrontierPoint]) -> list[tuple[float, float, float]]:
    """(from €, to €, value points per extra €1 mln) between neighbouring feasible points."""
    feas = [p for p in pts if p.feasible]
    out = []
    for a, b in zip(feas, feas[1:], strict=False):
        width = b.budget_eur - a.budget_eur
        if width > 0:
            gain = float(b.objective) - float(a.objective)  # type: ignore[arg-type]
            out.append((a.budget_eur, b.budget_eur, gain / width * MLN))
    return out


def knee(pts: list[FrontierPoint]) -> int | None:
    """Index (in `pts`) of the knee: the feasible point farthest above the chord from the
    first to the last feasible point, both axes scaled to [0, 1]; None for a straight line."""
    feas = [i for i, p in enumerate(pts) if p.feasible]
    if len(feas) < 3:
        return None
    x = np.array([pts[i].budget_eur for i in feas], dtype=float)
    y = np.array([pts[i].objective for i in feas], dtype=float)
    if x[-1] <= x[0] or y.max() - y.min() <= 1e-9 * max(1.0, abs(y.max())):
        return None
    xn = (x - x[0]) / (x[-1] - x[0])
    yn = (y - y.min()) / (y.max() - y.min())
    gap = yn - xn
    best = int(np.argmax(gap))
    if gap[best] <= 1e-6:
        return None
    return feas[best]


# -- words --------------------------------------------------------------------------------


def _mln(eur: float) -> str:
    """€ 23 mln / € 2,3 mln / € 350.000 (for sentences about budget levels)."""
    return fmt.eur_short(eur)


def sentences(fr: Frontier, lang: str = "nl") -> list[str]:
    """What more budget buys, in words: around the plan, where it stops paying, the knee."""
    en = lang == "en"
    out: list[str] = []
    plan = fr.plan
    if plan.budget_eur <= 0:
        return ["The plan has no budget: every point of the frontier is the same."
                if en else "Het plan heeft geen budget: elk punt van de grens is hetzelfde."]
    marg = fr.marginal
    steepest = max((m[2] for m in marg), default=0.0)

    def per_mln(v: float) -> str:
        if v < NEGLIGIBLE_SHARE * steepest or v <= 0:
            return "almost nothing" if en else "vrijwel niets"
        return f"{fmt.points(v)} value points" if en else f"{fmt.points(v)} waardepunten"

    if plan.feasible and marg:
        up = next((m for m in marg if math.isclose(m[0], plan.budget_eur)), None)
        down = next((m for m in marg if math.isclose(m[1], plan.budget_eur)), None)
        if up is not None:
            out.append(
                f"Above the current plan ({_mln(plan.budget_eur)}) each extra € 1 mln adds "
                f"{per_mln(up[2])} on average (up to {_mln(up[1])})." if en else
                f"Boven het huidige plan ({_mln(plan.budget_eur)}) levert elke extra € 1 mln "
                f"gemiddeld {per_mln(up[2])} op (tot {_mln(up[1])}).")
        if down is not None:
            out.append(
                f"Each € 1 mln less than the plan costs {per_mln(down[2])} on average "
                f"(down to {_mln(down[0])})." if en else
                f"Elke € 1 mln minder dan het plan kost gemiddeld {per_mln(down[2])} "
                f"(tot {_mln(down[0])}).")
    if steepest > 0:
        last_useful = max(i for i, m in enumerate(marg) if m[2] >= NEGLIGIBLE_SHARE * steepest)
        a, b, per = marg[last_useful]
        gain = per * (b - a) / MLN
        if last_useful < len(marg) - 1:
            out.append(
                f"From {_mln(a)} to {_mln(b)} the budget still adds {fmt.points(gain)} value "
                f"points; above that almost nothing (less than 1% of the steepest step)."
                if en else
                f"Van {_mln(a)} naar {_mln(b)} levert nog {fmt.points(gain)} waardepunten "
                f"op; daarboven vrijwel niets (minder dan 1% van de steilste stap).")
        else:
            out.append(
                f"Even at 200% of the plan more budget still pays: from {_mln(a)} to "
                f"{_mln(b)} each € 1 mln adds {fmt.points(per)} value points." if en else
                f"Ook bij 200% van het plan loont meer budget nog: van {_mln(a)} naar "
                f"{_mln(b)} levert elke € 1 mln {fmt.points(per)} waardepunten op.")
    elif marg:
        out.append("More budget adds no value anywhere on this frontier." if en else
                   "Meer budget levert nergens op deze grens extra waarde op.")
    if fr.knee_index is not None:
        k = fr.points[fr.knee_index]
        out.append(
            f"The knee lies at {_mln(k.budget_eur)} ({fmt.pct(k.budget_factor, 0)} of the "
            f"plan): beyond it each extra million buys clearly less." if en else
            f"De knik ligt bij {_mln(k.budget_eur)} ({fmt.pct(k.budget_factor, 0)} van het "
            f"plan): daarboven levert elk extra miljoen duidelijk minder op.")
    infeasible = [p for p in fr.points if p.status == "infeasible"]
    if infeasible:
        top = max(p.budget_eur for p in infeasible)
        out.append(
            f"Up to {_mln(top)} the strategic floors do not fit in the budget: no feasible "
            "allocation there." if en else
            f"Tot en met {_mln(top)} passen de strategische bodems niet in het budget: daar "
            "is geen toelaatbare verdeling.")
    return out


def segment_text(a: float, b: float, per_mln: float, lang: str = "nl") -> str:
    if lang == "en":
        return (f"from {_mln(a)} to {_mln(b)}: {fmt.points(per_mln)} value points per extra "
                "€ 1 mln")
    return f"van {_mln(a)} naar {_mln(b)}: {fmt.points(per_mln)} waardepunten per extra € 1 mln"


# -- tables and the CLI -------------------------------------------------------------------


def table(fr: Frontier) -> pd.DataFrame:
    """One row per point (machine column names), with the marginal value to the next point."""
    rows = []
    feas = [p for p in fr.points if p.feasible]
    nxt = {id(a): b for a, b in zip(feas, feas[1:], strict=False)}
    for i, p in enumerate(fr.points):
        b = nxt.get(id(p))
        per = None
        if b is not None and b.budget_eur > p.budget_eur:
            per = (float(b.objective) - float(p.objective)) / (b.budget_eur - p.budget_eur) * MLN  # type: ignore[arg-type]
        rows.append({
            "budget_factor": p.budget_factor, "budget_eur": p.budget_eur, "status": p.status,
            "objective": p.objective, "public_eur": p.public_eur, "private_eur": p.private_eur,
            "parks_funded": p.parks_funded, "marginal_per_mln": per,
            "is_plan": i == fr.plan_index, "is_knee": i == fr.knee_index,
        })
    return pd.DataFrame(rows)


SHEET = "Budgetgrens"


def frames(fr: Frontier) -> dict[str, pd.DataFrame]:
    """The export sheet, Dutch headers."""
    t = table(fr)
    t["status"] = [fmt_status(s) for s in t["status"]]
    sheet = pd.DataFrame({
        "Budgetfactor (1 = plan)": t["budget_factor"],
        "Budget totaal (€)": t["budget_eur"],
        "Waardepunten": t["objective"],
        "Publiek toegekend (€)": t["public_eur"],
        "Privaat gemobiliseerd (€)": t["private_eur"],
        "Terreinen met geld": t["parks_funded"],
        "Waardepunten per extra € 1 mln (tot volgend punt)": t["marginal_per_mln"],
        "Huidig plan": ["ja" if v else "" for v in t["is_plan"]],
        "Knik": ["ja" if v else "" for v in t["is_knee"]],
        "Status": t["status"],
    })
    return {SHEET: sheet}


def fmt_status(status: str) -> str:
    from allocation.result import status_label

    return status_label(status, "nl")


def _points(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not MIN_POINTS <= n <= MAX_POINTS:
        raise argparse.ArgumentTypeError(
            f"een geheel getal van {MIN_POINTS} tot en met {MAX_POINTS}, niet {text!r}")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--points", type=_points, default=DEFAULT_POINTS,
                        help=f"aantal punten van 0%% tot 200%% (standaard {DEFAULT_POINTS}, "
                             f"{MIN_POINTS}–{MAX_POINTS})")
    from allocation.cli.common import time_limit  # 0,1 s up to a day, as for `solve`

    parser.add_argument("--time-limit", type=time_limit, default=60.0,
                        help="seconden per punt (standaard 60; minimaal 0,1)")


def run_cli(scenario: Scenario, args: argparse.Namespace) -> AnalysisOutcome:
    fr = compute(scenario, int(args.points), time_limit_s=float(args.time_limit))
    data: dict[str, Any] = {
        "status": fr.status,
        "frontier": [{"budget_factor": p.budget_factor, "budget_eur": p.budget_eur,
                      "objective": p.objective, "private_eur": p.private_eur,
                      "parks_funded": p.parks_funded} for p in fr.points],
        "knee_budget_factor": (None if fr.knee_index is None
                               else fr.points[fr.knee_index].budget_factor),
        "marginal_per_mln": [{"from_eur": a, "to_eur": b, "value_points": v}
                             for a, b, v in fr.marginal],
    }
    lines = [f"Budgetgrens: {len(fr.points)} punten van 0% tot 200% van het plan "
             f"({fmt.seconds(fr.seconds)})."]
    for i, p in enumerate(fr.points):
        mark = " ← huidig plan" if i == fr.plan_index else ""
        mark += " ← knik" if i == fr.knee_index else ""
        value = fmt.points(p.objective, 2) if p.feasible else fmt_status(p.status)
        lines.append(f"  {fmt.pct(p.budget_factor, 0):>5}  {fmt.eur(p.budget_eur):>16}  "
                     f"{value:>12} punten  privaat {fmt.eur(p.private_eur)}  "
                     f"terreinen {p.parks_funded if p.parks_funded is not None else '–'}{mark}")
    lines += sentences(fr, "nl")
    return AnalysisOutcome(fr.status, data, lines, fr.diagnosis,
                           no_plan=fr.points[fr.plan_index].status == "no_solution")
