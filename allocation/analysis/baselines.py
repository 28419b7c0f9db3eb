"""Baselines: how today's practice would spend the same budget under the same rules.

    first come, first served (loket)  applications in random order, a new order every year;
                                      each park asks the most its own rules allow in its best
                                      category; granted in order until the year's money is gone.
                                      Repeated over `draws` orders (default 200): mean, p10, p90.
                                      When there are no more distinct orders than draws
                                      ((P!)^T ≤ draws) every order is taken once: the mean is
                                      then exact.
    pro rata                          every park gets the same share of what it asks, the share
                                      as large as the year's money allows.
    tender ranking                    parks ranked by value per public euro of their best
                                      category (as SDE++ ranks by cost-effectiveness), each
                                      funded as far as its rules allow in that order until the
                                      year's money is gone; parks with equal value share pro rata.

What a park asks in year t ("the most its own rules allow", rules 1-4): its best category c is
the eligible one (rule 1) with the highest value per public euro v_{p,c}; it asks
min(private capacity left / r_c (rule 2), absorption left A_p + γ·(organisation money of
earlier years) − money this year (rule 3), the category cap (rule 4)).

The province's own rules bind the baselines as they bind the plan. Strategic floors (rule 7)
are paid first every year (organisation money F for each strategic park), before the loket
opens; the money the loket hands out is what is left after the floors of this and (with
carry-over) later years (rule 5), and a municipality's parks get no more than its share φ·ΣB
minus its later floors (rule 6). When the floors alone break a rule, no baseline exists and the
result says so. Each baseline allocation is checked with `allocation.evaluation.evaluate` (the
independent oracle) and valued with the same objective (rule 8 and the returns).
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis import AnalysisOutcome, OutcomeStatus, Progress
from allocation.analysis.parallel import count_arg, draw_rng, draws_arg, map_draws, seed_arg
from allocation.domain import Scenario
from allocation.evaluation import evaluate
from allocation.model import Params, params
from allocation.result import FUNDED_EUR, AllocationResult, Diagnosis

HELP_NL = "vergelijk het plan met de huidige praktijk: loket (wie het eerst komt), pro rata, tender"
DEFAULT_DRAWS = 200
TOL_EUR = 1e-6
METHODS = ("fcfs", "pro_rata", "tender")
METHOD_LABELS = {
    "optimal": ("Optimaal plan", "Optimal plan"),
    "fcfs": ("Loket (wie het eerst komt)", "First come, first served"),
    "pro_rata": ("Pro rata", "Pro rata"),
    "tender": ("Tender (rangorde)", "Tender ranking"),
}


class FloorsImpossible(Exception):
    """The strategic floors alone break a rule: no baseline can pay them."""

    def __init__(self, message_nl: str, message_en: str):
        super().__init__(message_en)
        self.message_nl, self.message_en = message_nl, message_en


# -- the rules a baseline works within --------------------------------------------------------------
@dataclass
class Rules:
    """What the baselines need of the scenario (from `model.params`: the same data)."""

    par: Params
    best: np.ndarray  # [P] best eligible category, -1 when none

    @classmethod
    def of(cls, scenario: Scenario) -> Rules:
        par = params(scenario)
        value = np.where(par.eligible, par.value, -np.inf)
        best = np.argmax(value, axis=1)  # first category on ties
        best[~par.eligible.any(axis=1)] = -1
        return cls(par, best)

    @property
    def best_value(self) -> np.ndarray:
        """[P] value per public euro of the best category (0 for parks without one)."""
        par = self.par
        out = np.zeros(par.n_parks)
        ok = self.best >= 0
        out[ok] = par.value[np.nonzero(ok)[0], self.best[ok]]
        return out


def _asks(rules: Rules, x: np.ndarray, t: int) -> np.ndarray:
    """[P] what each park asks in year t in its best category, given money already in x."""
    par = rules.par
    has = rules.best >= 0
    c = np.where(has, rules.best, 0)
    rows = np.arange(par.n_parks)
    now = x[:, :, t]
    r = par.ratio[c]
    private_left = par.private_capacity - now @ par.ratio
    with np.errstate(divide="ignore", invalid="ignore"):
        by_private = np.where(r > 0, private_left / np.where(r > 0, r, 1.0), np.inf)
    absorb_left = par.absorption + par.growth * x[:, par.oc, :t].sum(axis=1) - now.sum(axis=1)
    cap_left = par.cap[c] - now[rows, c]
    ask = np.minimum(np.minimum(by_private, absorb_left), cap_left)
    ask = np.where(has & np.isfinite(ask), ask, 0.0)
    return np.maximum(ask, 0.0)


@dataclass
class _Year:
    """Money the baseline may still hand out in year t (after the floors)."""

    avail: float
    muni_room: np.ndarray  # [M]


def _pay_floors(rules: Rules, x: np.ndarray, t: int, spent_muni: np.ndarray) -> _Year:
    """Rule 7 first: F for organisation to every strategic park, then what is left (rules 5,
    6, with the floors of later years kept back). Raises FloorsImpossible."""
    par = rules.par
    T = par.n_years
    fp = par.floor_parks
    year = par.years[t]
    if fp.any():
        F = par.floor
        for p in np.nonzero(fp)[0]:
            limit_abs = par.absorption[p] + par.growth * x[p, par.oc, :t].sum()
            needs = [
                (par.ratio[par.oc] * F > par.private_capacity[p] + TOL_EUR,
                 "private cofinanciering", "private co-financing"),
                (F > limit_abs + TOL_EUR, "opnamecapaciteit", "absorption"),
                (F > par.cap[par.oc] + TOL_EUR, "categoriegrens", "category cap"),
            ]
            for broken, nl, en in needs:
                if broken:
                    pid = par.park_ids[p]
                    raise FloorsImpossible(
                        f"De strategische bodem van {fmt.eur(F)} voor {pid} in {year} past niet "
                        f"binnen de {nl} van het terrein: geen basisverdeling mogelijk.",
                        f"The strategic floor of {fmt.eur(F)} for {pid} in {year} does not fit "
                        f"the park's {en}: no baseline is possible.")
        x[fp, par.oc, t] += F
    floor_year = par.floor * fp.sum()
    spent_before = float(x[:, :, :t].sum())
    if par.carry_over:
        cum = np.cumsum(par.budget)
        s = np.arange(t, T)
        avail = float(np.min(cum[s] - spent_before - (s - t + 1) * floor_year))
    else:
        avail = float(par.budget[t] - floor_year)
    if avail < -TOL_EUR:
        raise FloorsImpossible(
            f"De strategische bodems vragen in {year} meer dan het budget: geen "
            "basisverdeling mogelijk.",
            f"The strategic floors need more than the budget in {year}: no baseline is "
            "possible.")
    M = len(par.municipalities)
    muni_room = np.full(M, np.inf)
    if par.max_share < 1.0:
        floors_m = np.bincount(par.park_municipality[fp], minlength=M) * par.floor
        spent_muni += np.bincount(par.park_municipality, weights=x[:, :, t].sum(axis=1),
                                  minlength=M)
        muni_room = par.max_share * par.budget.sum() - spent_muni - (T - 1 - t) * floors_m
        if (muni_room < -TOL_EUR).any():
            m = int(np.argmin(muni_room))
            raise FloorsImpossible(
                f"De strategische bodems in gemeente {par.municipalities[m]} vragen meer dan "
                "haar maximale aandeel: geen basisverdeling mogelijk.",
                f"The strategic floors in municipality {par.municipalities[m]} need more than "
                "its maximum share: no baseline is possible.")
    return _Year(max(avail, 0.0), np.maximum(muni_room, 0.0))


def _grant(rules: Rules, x: np.ndarray, t: int, grant: np.ndarray, year: _Year,
           spent_muni: np.ndarray) -> None:
    par = rules.par
    ok = grant > 0
    x[np.nonzero(ok)[0], rules.best[ok], t] += grant[ok]
    year.avail -= float(grant.sum())
    if par.max_share < 1.0:
        by_muni = np.bincount(par.park_municipality, weights=grant,
                              minlength=len(par.municipalities))
        year.muni_room -= by_muni
        spent_muni += by_muni


def _in_order(ask: np.ndarray, order: np.ndarray, muni: np.ndarray, year: _Year) -> np.ndarray:
    """First come, first served: park order[0] first, each gets min(ask, money left, its
    municipality's room left). As prefix sums: a park gets min(ask, money − asks before it),
    which equals the one-by-one rule because everyone before the park where the money runs out
    got its full ask (the tests check it against the loop)."""
    a = ask[order]
    if np.isfinite(year.muni_room).any():
        # the same prefix rule within each municipality: its parks in order take its room
        m = muni[order]
        ordinal = np.argsort(m, kind="stable")
        sm, sa = m[ordinal], a[ordinal]
        csum = np.cumsum(sa)
        starts = np.searchsorted(sm, sm, side="left")
        prior = csum - sa - np.where(starts > 0, csum[np.maximum(starts - 1, 0)], 0.0)
        capped = np.empty(len(a))
        capped[ordinal] = np.clip(year.muni_room[sm] - prior, 0.0, sa)
        a = capped
    taken = np.cumsum(a) - a
    g = np.clip(year.avail - taken, 0.0, a)
    out = np.zeros(len(ask))
    out[order] = g
    return out


def _share(ask: np.ndarray, muni: np.ndarray, year: _Year) -> np.ndarray:
    """Pro rata: every park the same share s of its ask (s ≤ 1), as large as the money
    allows; in a municipality whose room binds, its parks share that room pro rata."""
    total = float(ask.sum())
    if total <= 0 or year.avail <= 0:
        return np.zeros(len(ask))
    M = len(year.muni_room)
    demand = np.bincount(muni, weights=ask, minlength=M)
    with np.errstate(divide="ignore", invalid="ignore"):
        cap_share = np.where(demand > 0, year.muni_room / np.where(demand > 0, demand, 1.0),
                             np.inf)
    cap_share = np.minimum(cap_share, 1.0)

    def spend(s: float) -> float:
        return float((np.minimum(s, cap_share) * demand).sum())

    if spend(1.0) <= year.avail:
        s = 1.0
    else:  # spend(s) is piecewise linear and increasing: exact between sorted kinks
        kinks = np.unique(np.concatenate([[0.0], cap_share[np.isfinite(cap_share)], [1.0]]))
        kinks = kinks[(kinks >= 0) & (kinks <= 1)]
        values = np.array([spend(k) for k in kinks])
        j = int(np.searchsorted(values, year.avail, side="right"))
        lo, hi = kinks[j - 1], kinks[min(j, len(kinks) - 1)]
        vlo, vhi = values[j - 1], values[min(j, len(kinks) - 1)]
        s = lo if vhi <= vlo else lo + (year.avail - vlo) / (vhi - vlo) * (hi - lo)
    grant = np.minimum(s, cap_share[muni]) * ask
    capped: np.ndarray = np.minimum(grant, ask)
    return capped


# -- the three baselines --------------------------------------------------------------------------
def _simulate(rules: Rules, choose: Any) -> np.ndarray:
    """x [P, C, T] of a baseline: year by year, floors first, then `choose(ask, t, year)`."""
    par = rules.par
    x = np.zeros((par.n_parks, par.n_categories, par.n_years))
    spent_muni = np.zeros(len(par.municipalities))
    for t in range(par.n_years):
        year = _pay_floors(rules, x, t, spent_muni)
        ask = _asks(rules, x, t)
        grant = choose(ask, t, year)
        _grant(rules, x, t, grant, year, spent_muni)
    return x


def first_come(rules: Rules, orders: list[np.ndarray]) -> np.ndarray:
    """The loket with one order of the parks per year."""
    muni = rules.par.park_municipality
    return _simulate(rules, lambda ask, t, year: _in_order(ask, orders[t], muni, year))


def pro_rata(rules: Rules) -> np.ndarray:
    muni = rules.par.park_municipality
    return _simulate(rules, lambda ask, t, year: _share(ask, muni, year))


def tender(rules: Rules) -> np.ndarray:
    """Ranked by value per public euro of the best category; equal values share pro rata."""
    par = rules.par
    muni = par.park_municipality
    v = rules.best_value
    levels = np.unique(np.round(v[rules.best >= 0], 12))[::-1]

    def choose(ask: np.ndarray, t: int, year: _Year) -> np.ndarray:
        out = np.zeros(len(ask))
        for level in levels:
            group = (rules.best >= 0) & (np.round(v, 12) == level)
            g = _share(np.where(group, ask, 0.0), muni, year)
            out += g
            year.avail -= float(g.sum())
            year.muni_room -= np.bincount(muni, weights=g, minlength=len(year.muni_room))
            if year.avail <= TOL_EUR:
                break
        year.avail += float(out.sum())  # _grant books the whole year's grant
        year.muni_room += np.bincount(muni, weights=out, minlength=len(year.muni_room))
        return out

    return _simulate(rules, choose)


def orders_of_draw(n_parks: int, n_years: int, seed: int, i: int, exact: bool) -> list[np.ndarray]:
    """The loket's order per year in draw i: with `exact`, the i-th of all (P!)^T
    combinations; else random from (seed, i)."""
    if exact:
        perms = _permutations(n_parks)
        out = []
        for _ in range(n_years):
            i, j = divmod(i, len(perms))
            out.append(perms[j])
        return out
    rng = draw_rng(seed, i)
    return [rng.permutation(n_parks) for _ in range(n_years)]


def _permutations(n: int) -> list[np.ndarray]:
    from itertools import permutations

    return [np.array(p) for p in permutations(range(n))]


def n_orders(n_parks: int, n_years: int, limit: int) -> int | None:
    """(P!)^T when it is at most `limit`, else None."""
    if n_parks > 12:
        return None
    total = math.factorial(n_parks) ** n_years
    return total if total <= limit else None


# -- valuing and checking -------------------------------------------------------------------------
@dataclass
class Valued:
    objective: float
    private_eur: float
    public_eur: float
    by_park: np.ndarray  # [P] public €
    violations: list[str]

    @property
    def parks_funded(self) -> int:
        return int((self.by_park > FUNDED_EUR).sum())


def as_frame(scenario: Scenario, x: np.ndarray) -> pd.DataFrame:
    """The long allocation table (rows with money) that `evaluate` reads."""
    p, c, t = np.nonzero(x > 0)
    parks = [q.park_id for q in scenario.parks]
    cats = [q.category for q in scenario.categories]
    years = scenario.years
    return pd.DataFrame({
        "park_id": [parks[i] for i in p],
        "category": [cats[i] for i in c],
        "year": [years[i] for i in t],
        "public_eur": x[p, c, t],
    })


def value(scenario: Scenario, rules: Rules, x: np.ndarray) -> Valued:
    """Check with the independent evaluator and value with the same objective."""
    ev = evaluate(scenario, as_frame(scenario, x))
    return Valued(ev.objective, float(np.einsum("pct,c->", x, rules.par.ratio)),
                  float(x.sum()), x.sum(axis=(1, 2)), [v.message_en for v in ev.violations])


@dataclass
class _LoketState:
    scenario: Scenario
    rules: Rules
    seed: int
    exact: bool


def _loket_setup(scenario: Scenario, context: tuple[int, bool]) -> _LoketState:
    return _LoketState(scenario, Rules.of(scenario), context[0], context[1])


def _loket_draw(state: _LoketState, i: int) -> Valued:
    par = state.rules.par
    orders = orders_of_draw(par.n_parks, par.n_years, state.seed, i, state.exact)
    return value(state.scenario, state.rules, first_come(state.rules, orders))


# -- the analysis ---------------------------------------------------------------------------------
@dataclass
class BaselinesResult:
    status: OutcomeStatus
    draws: int
    seed: int
    exact: bool  # every loket order taken once (the mean is exact)
    optimal: dict[str, float]  # objective, private_eur, public_eur, parks_funded
    fcfs: list[Valued]
    pro_rata: Valued | None
    tender: Valued | None
    parks: pd.DataFrame  # per park: plan, loket mean and share funded, pro rata, tender
    seconds: float = 0.0
    message_nl: str = ""
    message_en: str = ""
    diagnosis: Diagnosis | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fcfs_objectives(self) -> np.ndarray:
        return np.array([v.objective for v in self.fcfs])

    def fcfs_stat(self, what: str, stat: str) -> float:
        a = np.array([getattr(v, what) for v in self.fcfs], dtype=float)
        if not len(a):
            return math.nan
        if stat == "mean":
            return float(a.mean())
        return float(np.quantile(a, {"p10": 0.1, "p90": 0.9}[stat]))

    def summary(self) -> pd.DataFrame:
        """One row per method: value, private money, public money, parks funded, value
        left on the table (share of the optimum), with p10/p90 for the loket."""
        if not self.optimal:
            return pd.DataFrame()
        opt = self.optimal["objective"]
        rows = [{"method": "optimal", "objective": opt, "objective_p10": opt,
                 "objective_p90": opt, "private_eur": self.optimal["private_eur"],
                 "public_eur": self.optimal["public_eur"],
                 "parks_funded": self.optimal["parks_funded"]}]
        if self.fcfs:
            rows.append({"method": "fcfs", "objective": self.fcfs_stat("objective", "mean"),
                         "objective_p10": self.fcfs_stat("objective", "p10"),
                         "objective_p90": self.fcfs_stat("objective", "p90"),
                         "private_eur": self.fcfs_stat("private_eur", "mean"),
                         "public_eur": self.fcfs_stat("public_eur", "mean"),
                         "parks_funded": self.fcfs_stat("parks_funded", "mean")})
        for name, v in (("pro_rata", self.pro_rata), ("tender", self.tender)):
            if v is not None:
                rows.append({"method": name, "objective": v.objective,
                             "objective_p10": v.objective, "objective_p90": v.objective,
                             "private_eur": v.private_eur, "public_eur": v.public_eur,
                             "parks_funded": v.parks_funded})
        df = pd.DataFrame(rows)
        df["left_on_table"] = (1.0 - df["objective"] / opt) if opt > 0 else 0.0
        return df

    @property
    def violations(self) -> list[str]:
        out = []
        for v in [*self.fcfs, self.pro_rata, self.tender]:
            if v is not None:
                out += v.violations
        return out

    def only_fcfs(self) -> list[str]:
        """Parks the loket funds (in most orders) that the plan does not."""
        p = self.parks
        return list(p.loc[(p["fcfs_p_funded"] >= 0.5) & (p["plan_public_eur"] <= FUNDED_EUR),
                          "park_id"])

    def only_plan(self) -> list[str]:
        """Parks the plan funds that the loket does not (in most orders)."""
        p = self.parks
        return list(p.loc[(p["fcfs_p_funded"] < 0.5) & (p["plan_public_eur"] > FUNDED_EUR),
                          "park_id"])


def compute(scenario: Scenario, *, draws: int = DEFAULT_DRAWS, seed: int = 0,
            plan: AllocationResult | None = None, workers: int | None = None,
            progress: Progress | None = None) -> BaselinesResult:
    """The three baselines next to the optimal plan (module docstring)."""
    start = time.perf_counter()
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if plan is None:
        from allocation.pipeline import solve

        plan = solve(scenario)
    empty = pd.DataFrame()
    if not plan.has_allocation or plan.objective is None:
        return BaselinesResult(
            "infeasible" if plan.status == "infeasible" else "error", 0, seed, False, {}, [],
            None, None, empty, message_nl=plan.message_nl, message_en=plan.message_en,
            diagnosis=plan.diagnosis)
    kpi = plan.kpis()
    optimal = {"objective": float(plan.objective), "private_eur": plan.total_private,
               "public_eur": plan.total_public, "parks_funded": kpi["parks_funded"]}
    rules = Rules.of(scenario)
    par = rules.par
    exact_n = n_orders(par.n_parks, par.n_years, draws)
    n = exact_n if exact_n is not None else int(draws)
    try:
        pr = value(scenario, rules, pro_rata(rules))
        td = value(scenario, rules, tender(rules))
        fc = map_draws(_loket_setup, _loket_draw, scenario, (seed, exact_n is not None), n,
                       workers=workers, progress=progress,
                       state=_LoketState(scenario, rules, seed, exact_n is not None))
    except FloorsImpossible as err:
        return BaselinesResult("infeasible", 0, seed, False, optimal, [], None, None, empty,
                               message_nl=err.message_nl, message_en=err.message_en)
    plan_park = (plan.by_park.set_index("park_id")["public_eur"]
                 .reindex(par.park_ids).fillna(0.0).to_numpy())
    fc_park = np.vstack([v.by_park for v in fc])
    parks = pd.DataFrame({
        "park_id": par.park_ids,
        "name": [p.name for p in scenario.parks],
        "plan_public_eur": plan_park,
        "fcfs_mean_public_eur": fc_park.mean(axis=0),
        "fcfs_p_funded": (fc_park > FUNDED_EUR).mean(axis=0),
        "pro_rata_public_eur": pr.by_park,
        "tender_public_eur": td.by_park,
    })
    return BaselinesResult("optimal", n, seed, exact_n is not None, optimal, fc, pr, td, parks,
                           seconds=time.perf_counter() - start)


# -- export and CLI -------------------------------------------------------------------------------
def frames(result: BaselinesResult) -> dict[str, pd.DataFrame]:
    if result.status != "optimal":
        return {}
    s = result.summary()
    summary = pd.DataFrame({
        "methode": [METHOD_LABELS[m][0] for m in s["method"]],
        "waardepunten": s["objective"].round(4),
        "waardepunten p10": s["objective_p10"].round(4),
        "waardepunten p90": s["objective_p90"].round(4),
        "privaat (€)": s["private_eur"].round(2),
        "publiek (€)": s["public_eur"].round(2),
        "terreinen gefinancierd": s["parks_funded"],
        "waarde blijft liggen (aandeel)": s["left_on_table"].round(4),
    })
    p = result.parks
    per_park = pd.DataFrame({
        "terrein": p["park_id"], "naam": p["name"],
        "plan (€)": p["plan_public_eur"].round(2),
        "loket gemiddeld (€)": p["fcfs_mean_public_eur"].round(2),
        "loket kans gefinancierd": p["fcfs_p_funded"].round(4),
        "pro rata (€)": p["pro_rata_public_eur"].round(2),
        "tender (€)": p["tender_public_eur"].round(2),
    })
    return {"Basislijnen": summary, "Basislijnen per terrein": per_park}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--draws", type=draws_arg, default=DEFAULT_DRAWS,
                        help=f"aantal volgordes voor het loket (standaard {DEFAULT_DRAWS})")
    parser.add_argument("--seed", type=seed_arg, default=0, help="startwaarde van het toeval")
    parser.add_argument("--workers", type=count_arg, default=None,
                        help="aantal processen (standaard: alle kernen)")


def as_json(result: BaselinesResult) -> dict[str, Any]:
    if result.status != "optimal":
        return {"status": result.status, "message": result.message_en}
    s = result.summary().set_index("method")
    return {
        "status": result.status,
        "optimal": {"objective": result.optimal["objective"],
                    "private_eur": result.optimal["private_eur"],
                    "parks_funded": int(result.optimal["parks_funded"])},
        "first_come_first_served": {
            "objective_mean": result.fcfs_stat("objective", "mean"),
            "objective_p10": result.fcfs_stat("objective", "p10"),
            "objective_p90": result.fcfs_stat("objective", "p90"),
            "private_eur_mean": result.fcfs_stat("private_eur", "mean"),
            "draws": result.draws,
        },
        "pro_rata": {"objective": float(s.loc["pro_rata", "objective"]),
                     "private_eur": float(s.loc["pro_rata", "private_eur"])},
        "tender": {"objective": float(s.loc["tender", "objective"]),
                   "private_eur": float(s.loc["tender", "private_eur"])},
    }


def lines_nl(result: BaselinesResult) -> list[str]:
    if result.status != "optimal":
        return [result.message_nl]
    s = result.summary().set_index("method")
    how = "alle volgordes" if result.exact else f"{result.draws} willekeurige volgordes"
    out = [f"Optimaal plan tegen de huidige praktijk ({how} voor het loket, seed {result.seed}):"]
    for m in ("optimal", *METHODS):
        r = s.loc[m]
        extra = (f" (p10 {fmt.num(r['objective_p10'], 1)}, p90 {fmt.num(r['objective_p90'], 1)})"
                 if m == "fcfs" else "")
        out.append(f"  {METHOD_LABELS[m][0]}: {fmt.num(r['objective'], 1)} waardepunten{extra}, "
                   f"privaat {fmt.eur(r['private_eur'])}, {fmt.num(r['parks_funded'], 0)} "
                   "terreinen")
    out.append(f"  Het loket laat {fmt.pct(s.loc['fcfs', 'left_on_table'], 0)} van de waarde "
               "liggen.")
    return out


def run_cli(scenario: Scenario, args: argparse.Namespace) -> AnalysisOutcome:
    if args.draws < 1:
        return AnalysisOutcome("error", {"message": "--draws must be at least 1"},
                               ["--draws moet minstens 1 zijn."])
    result = compute(scenario, draws=args.draws, seed=args.seed, workers=args.workers)
    return AnalysisOutcome(result.status, as_json(result), lines_nl(result), result.diagnosis)
