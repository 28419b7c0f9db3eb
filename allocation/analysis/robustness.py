"""Robustness to partner shortfall: what if parks bring in less private money than promised?

In each of N draws (default 200) every park's private co-financing capacity K_p (rule 2) is
multiplied by a factor f_p, and the model is re-solved as `solve` solves it (value, then the
tie-break), warm from the plan's optimal basis, in worker processes on every core.

The factor (`SHORTFALL_DOC_*`): f_p ~ Beta(κ·m, κ·(1−m)) independently per park, with m the
share of the promise that partners deliver on average (the user sets it, default 80%) and
κ = 10, so f_p lies in [0, 1] (partners never bring more than promised) with standard
deviation √(m(1−m)/(κ+1)) (12 percentage points at m = 80%). With `fixed`, every park delivers
exactly m in every draw (a fixed shortfall; one draw then says everything). m = 100% is no
shortfall and reproduces the plan exactly. Draw i uses the generator (seed, i): the same seed
gives the same report, with any number of workers.

Reported: per park the share of draws in which it is funded (more than €0,50 in total) and the
10th–90th percentile of its allocation; the robust core (funded in at least 90% of draws), the
fragile parks (funded by the plan, but in fewer than 90% of draws); the distribution of the
total value; and for the plan kept fixed, the money that could not be spent: year by year each
park's co-financed categories are scaled down to what its partners deliver (rule 2), then its
spending to what it can absorb given the organisation money it actually spent before (rule 3).
Draws in which the strategic floors cannot be met (rule 7) are counted and left out of the
figures.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis import AnalysisOutcome, OutcomeStatus, Progress
from allocation.analysis.parallel import (
    PlanSolver,
    count_arg,
    draw_rng,
    draws_arg,
    map_draws,
    seed_arg,
    share_arg,
)
from allocation.domain import Scenario
from allocation.result import FUNDED_EUR, Diagnosis

HELP_NL = "robuustheid: wat als partners minder cofinanciering inbrengen dan beloofd"
DEFAULT_DRAWS = 200
DEFAULT_MEAN = 0.8
CONCENTRATION = 10.0  # κ of the Beta distribution
CORE_SHARE = 0.9  # funded in at least this share of draws: the robust core

SHORTFALL_DOC_NL = (
    "Per trekking krijgt elk terrein een factor op zijn private cofinancieringscapaciteit, "
    "onafhankelijk getrokken uit een bètaverdeling met gemiddelde m (de instelling) en "
    "concentratie 10: de factor ligt tussen 0 en 1 (partners brengen nooit meer dan beloofd), "
    "met een standaardafwijking van ongeveer {sd} procentpunt. Bij 'vast tekort' levert elk "
    "terrein precies m. Daarna wordt de verdeling opnieuw berekend.")
SHORTFALL_DOC_EN = (
    "In each draw every park's private co-financing capacity is multiplied by a factor drawn "
    "independently from a beta distribution with mean m (the setting) and concentration 10: "
    "the factor lies between 0 and 1 (partners never bring more than promised), with a "
    "standard deviation of about {sd} percentage points. With 'fixed shortfall' every park "
    "delivers exactly m. The allocation is then computed again.")


@dataclass(frozen=True)
class Shortfall:
    """What partners deliver: share `mean` of the promise, random (Beta) or `fixed`."""

    mean: float = DEFAULT_MEAN
    fixed: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.mean <= 1.0:
            raise ValueError("mean must lie in [0, 1]")

    @property
    def sd(self) -> float:
        if self.fixed:
            return 0.0
        return float(np.sqrt(self.mean * (1.0 - self.mean) / (CONCENTRATION + 1.0)))

    def factors(self, seed: int, i: int, n_parks: int) -> np.ndarray:
        """f_p of draw i."""
        if self.fixed or self.mean >= 1.0 or self.mean <= 0.0:
            return np.full(n_parks, self.mean)
        rng = draw_rng(seed, i)
        return rng.beta(CONCENTRATION * self.mean, CONCENTRATION * (1.0 - self.mean), n_parks)

    def doc(self, lang: str = "nl") -> str:
        text = SHORTFALL_DOC_EN if lang == "en" else SHORTFALL_DOC_NL
        return text.format(sd=fmt.num(100 * np.sqrt(
            self.mean * (1 - self.mean) / (CONCENTRATION + 1)), 0))


@dataclass
class RobustnessResult:
    status: OutcomeStatus
    shortfall: Shortfall
    seed: int
    draws: int  # draws solved
    plan_objective: float | None
    plan_public_eur: float
    objectives: np.ndarray  # [draws] nan where the draw was infeasible
    unspent_eur: np.ndarray  # [draws] money of the fixed plan that partners cannot match
    parks: pd.DataFrame  # park_id, name, plan_public_eur, p_funded, public_eur_p10/p50/p90, group
    n_infeasible: int = 0  # draws in which the floors cannot be met (left out of the figures)
    seconds: float = 0.0
    diagnosis: Diagnosis | None = None
    message_nl: str = ""
    message_en: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def objective_quantile(self, q: float) -> float | None:
        ok = self.objectives[np.isfinite(self.objectives)]
        return float(np.quantile(ok, q)) if len(ok) else None

    @property
    def core(self) -> list[str]:
        return list(self.parks.loc[self.parks["group"] == "core", "park_id"])

    @property
    def fragile(self) -> list[str]:
        return list(self.parks.loc[self.parks["group"] == "fragile", "park_id"])


# -- the kept plan ------------------------------------------------------------------------------
def unspent_of_plan(solver: PlanSolver, x_plan: np.ndarray, factors: np.ndarray) -> float:
    """€ of the plan `x_plan` [P, C, T] that cannot be spent when partners deliver `factors`
    [P] of their capacity: year by year, co-financed categories scaled down to the private
    money there is (rule 2), then everything to what the park can absorb given the
    organisation money actually spent in earlier years (rule 3)."""
    par = solver.model.params
    kept = x_plan.copy()
    capacity = par.private_capacity * factors
    needs_private = par.ratio > 0
    for t in range(par.n_years):
        need = kept[:, :, t] @ par.ratio
        scale = np.ones(par.n_parks)
        short = need > capacity + 1e-9
        scale[short] = capacity[short] / need[short]
        kept[:, needs_private, t] *= scale[:, None]
        limit = par.absorption + par.growth * kept[:, par.oc, :t].sum(axis=1)
        total = kept[:, :, t].sum(axis=1)
        over = total > limit + 1e-9
        kept[over, :, t] *= (limit[over] / total[over])[:, None]
    return float(x_plan.sum() - kept.sum())


# -- the draws (run in workers) -------------------------------------------------------------------
@dataclass
class _State:
    solver: PlanSolver
    shortfall: Shortfall
    seed: int


def _setup(scenario: Scenario, context: tuple[Shortfall, int]) -> _State:
    return _State(PlanSolver(scenario), context[0], context[1])


def _draw(state: _State, i: int) -> tuple[str, float, np.ndarray]:
    solver = state.solver
    par = solver.model.params
    f = state.shortfall.factors(state.seed, i, par.n_parks)
    solver.set_private_capacity(par.private_capacity * f)
    run = solver.solve()
    if run.status not in ("optimal", "time_limit") or run.col_value is None:
        return run.status, float("nan"), np.full(par.n_parks, np.nan)
    return run.status, float(run.objective or 0.0), solver.public_by_park(run.col_value)


def compute(scenario: Scenario, *, draws: int = DEFAULT_DRAWS, seed: int = 0,
            shortfall: Shortfall | None = None, workers: int | None = None,
            progress: Progress | None = None) -> RobustnessResult:
    """Re-solve the scenario under `draws` random shortfalls (module docstring)."""
    start = time.perf_counter()
    shortfall = shortfall or Shortfall()
    if draws < 1:
        raise ValueError("draws must be at least 1")
    n = 1 if (shortfall.fixed or shortfall.mean >= 1.0) else int(draws)
    state = _setup(scenario, (shortfall, seed))
    solver = state.solver
    par = solver.model.params
    if solver.plan.status == "infeasible":
        from allocation.explain import diagnose

        return RobustnessResult(
            "infeasible", shortfall, seed, 0, None, 0.0, np.zeros(0), np.zeros(0),
            pd.DataFrame(), diagnosis=diagnose(scenario),
            message_nl="Het plan zelf is onhaalbaar: eerst de regels passend maken.",
            message_en="The plan itself is infeasible: make the rules fit first.")
    if solver.plan.col_value is None:
        return RobustnessResult("error", shortfall, seed, 0, None, 0.0, np.zeros(0),
                                np.zeros(0), pd.DataFrame(),
                                message_nl=f"Het plan is niet berekend ({solver.plan.detail}).",
                                message_en=f"The plan was not computed ({solver.plan.detail}).")
    x_plan = solver.x_eur(solver.plan.col_value)
    plan_public = x_plan.sum(axis=(1, 2))
    results = map_draws(_setup, _draw, scenario, (shortfall, seed), n, workers=workers,
                        progress=progress, state=state)
    objectives = np.array([r[1] for r in results], dtype=float)
    public = np.vstack([r[2] for r in results]) if n else np.zeros((0, par.n_parks))
    ok = np.isfinite(objectives)
    unspent = np.array([unspent_of_plan(solver, x_plan, shortfall.factors(seed, i, par.n_parks))
                        for i in range(n)])
    parks = _park_table(scenario, plan_public, public[ok])
    statuses = [r[0] for r in results]
    n_bad = statuses.count("infeasible")
    n_failed = int((~ok).sum()) - n_bad  # stopped without an answer (time limit, error)
    status: OutcomeStatus = "optimal" if ok.any() else ("infeasible" if n_bad else "error")
    return RobustnessResult(
        status, shortfall, seed, n, float(solver.plan.objective or 0.0),
        float(plan_public.sum()), objectives, unspent, parks, n_infeasible=n_bad,
        seconds=time.perf_counter() - start,
        message_nl=" ".join(filter(None, [
            f"In {n_bad} van {n} trekkingen zijn de strategische bodems niet te halen."
            if n_bad else "",
            f"{n_failed} van {n} trekkingen gaven geen uitkomst (tijdslimiet of solverfout)."
            if n_failed else ""])),
        message_en=" ".join(filter(None, [
            f"In {n_bad} of {n} draws the strategic floors cannot be met." if n_bad else "",
            f"{n_failed} of {n} draws gave no result (time limit or solver error)."
            if n_failed else ""])))


def _park_table(scenario: Scenario, plan_public: np.ndarray, public: np.ndarray) -> pd.DataFrame:
    funded = public > FUNDED_EUR
    has = len(public) > 0
    p_funded = funded.mean(axis=0) if has else np.zeros(len(plan_public))

    def q(level: float) -> np.ndarray:
        return np.quantile(public, level, axis=0) if has else np.zeros(len(plan_public))

    in_plan = plan_public > FUNDED_EUR
    group = np.where(p_funded >= CORE_SHARE, "core",
                     np.where(in_plan, "fragile", np.where(p_funded > 0, "occasional", "never")))
    return pd.DataFrame({
        "park_id": [p.park_id for p in scenario.parks],
        "name": [p.name for p in scenario.parks],
        "plan_public_eur": plan_public,
        "p_funded": p_funded,
        "public_eur_p10": q(0.1),
        "public_eur_p50": q(0.5),
        "public_eur_p90": q(0.9),
        "public_eur_mean": public.mean(axis=0) if has else np.zeros(len(plan_public)),
        "group": group,
    })


GROUP_LABELS = {
    "core": ("robuuste kern", "robust core"),
    "fragile": ("kwetsbaar", "fragile"),
    "occasional": ("soms", "occasionally"),
    "never": ("nooit", "never"),
}


# -- export and CLI -------------------------------------------------------------------------------
def frames(result: RobustnessResult) -> dict[str, pd.DataFrame]:
    """Sheets for the results workbook (Dutch headers)."""
    if result.status not in ("optimal", "time_limit"):
        return {}
    parks = result.parks
    per_park = pd.DataFrame({
        "terrein": parks["park_id"],
        "naam": parks["name"],
        "plan publiek (€)": parks["plan_public_eur"].round(2),
        "kans gefinancierd": parks["p_funded"].round(4),
        "publiek p10 (€)": parks["public_eur_p10"].round(2),
        "publiek p50 (€)": parks["public_eur_p50"].round(2),
        "publiek p90 (€)": parks["public_eur_p90"].round(2),
        "groep": [GROUP_LABELS[g][0] for g in parks["group"]],
    })
    per_draw = pd.DataFrame({
        "trekking": np.arange(1, result.draws + 1),
        "waardepunten": result.objectives,
        "niet te besteden in vast plan (€)": result.unspent_eur.round(2),
    })
    sf = result.shortfall
    about = pd.DataFrame({
        "grootheid": ["trekkingen", "seed", "gemiddeld geleverd aandeel", "vast tekort",
                      "onhaalbare trekkingen", "waarde plan", "waarde p10", "waarde p50",
                      "waarde p90", "niet te besteden gemiddeld (€)", "verdeling"],
        "waarde": [result.draws, result.seed, sf.mean, "ja" if sf.fixed else "nee",
                   result.n_infeasible, result.plan_objective,
                   result.objective_quantile(0.1), result.objective_quantile(0.5),
                   result.objective_quantile(0.9), float(result.unspent_eur.mean()),
                   sf.doc("nl")],
    })
    return {"Robuustheid": per_park, "Robuustheid trekkingen": per_draw,
            "Robuustheid opzet": about}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--draws", type=draws_arg, default=DEFAULT_DRAWS,
                        help=f"aantal trekkingen (standaard {DEFAULT_DRAWS})")
    parser.add_argument("--seed", type=seed_arg, default=0, help="startwaarde van het toeval")
    parser.add_argument("--mean", type=share_arg, default=DEFAULT_MEAN,
                        help="gemiddeld geleverd aandeel van de beloofde cofinanciering, 0-1 "
                             "(standaard 0,8)")
    parser.add_argument("--fixed", action="store_true",
                        help="vast tekort: elk terrein levert precies --mean")
    parser.add_argument("--workers", type=count_arg, default=None,
                        help="aantal processen (standaard: alle kernen)")


def as_json(result: RobustnessResult) -> dict[str, Any]:
    parks = result.parks
    return {
        "status": result.status,
        "draws": result.draws,
        "parks": [
            {"park_id": str(r.park_id), "p_funded": float(r.p_funded),
             "public_eur_p10": float(r.public_eur_p10), "public_eur_p90": float(r.public_eur_p90)}
            for r in parks.itertuples(index=False)
        ] if len(parks) else [],
        "objective_p10": result.objective_quantile(0.1),
        "objective_p50": result.objective_quantile(0.5),
        "objective_p90": result.objective_quantile(0.9),
    }


def run_cli(scenario: Scenario, args: argparse.Namespace) -> AnalysisOutcome:
    if args.draws < 1 or not 0.0 <= args.mean <= 1.0:
        return AnalysisOutcome("error", {"message": "draws must be >= 1 and mean in [0, 1]"},
                               ["--draws moet minstens 1 zijn en --mean tussen 0 en 1."])
    result = compute(scenario, draws=args.draws, seed=args.seed,
                     shortfall=Shortfall(args.mean, args.fixed), workers=args.workers)
    lines = [result.message_nl] if result.message_nl else []
    if result.status in ("optimal", "time_limit"):
        lines = [
            f"Robuustheid bij tekort aan cofinanciering ({result.draws} trekkingen, "
            f"gemiddeld {fmt.pct(result.shortfall.mean)} geleverd"
            f"{', vast' if result.shortfall.fixed else ''}; seed {result.seed}):",
            f"  waarde plan {fmt.num(result.plan_objective, 1)}; bij tekort p10 "
            f"{fmt.num(result.objective_quantile(0.1), 1)}, p50 "
            f"{fmt.num(result.objective_quantile(0.5), 1)}, p90 "
            f"{fmt.num(result.objective_quantile(0.9), 1)}",
            f"  robuuste kern (≥ 90% van de trekkingen): {len(result.core)} terreinen; "
            f"kwetsbaar: {len(result.fragile)}"
            + (f" ({', '.join(result.fragile[:10])}{' …' if len(result.fragile) > 10 else ''})"
               if result.fragile else ""),
            f"  vast plan: gemiddeld {fmt.eur(float(result.unspent_eur.mean()))} van "
            f"{fmt.eur(result.plan_public_eur)} niet te besteden",
            *lines,
        ]
    return AnalysisOutcome(result.status, as_json(result), lines, result.diagnosis)
