"""Why each park gets what it gets, and why an infeasible scenario has no answer.

    explain_parks(scenario, model, solution) -> {park_id: ParkExplanation}
    diagnose(scenario) -> Diagnosis

Per park one code of `result.EXPLANATION_CODES`, chosen in this order:
  not eligible for any category (rule 1, naming the sub-rule per category);
  funded only by the strategic floor (rule 7);
  funded and held by a park rule: private capacity (2), absorption (3), category cap (4) or the
    municipality share (6) - the rule that binds in most years, ties in that order;
  funded, no park rule binding: outcompeted (the budget is the limit: the next € 1.000 here is
    worth no more than the year's budget price) or saturated (the budget is not binding, so
    more money would add nothing here);
  not funded: no co-financing or absorption at all (2, 3), municipality share (6), no value
    (saturated), or outcompeted (best marginal value below the budget price in every year).
Each explanation quotes its numbers and says what would change it.

Infeasible scenarios (only strategic floors can cause that: x = 0 meets every other rule) are
diagnosed in two steps (STYLE.md, example 5): cheap arithmetic checks first, then an elastic
re-solve that relaxes every rule a floor can clash with, weighted by priority
(model.ELASTIC_WEIGHTS), and names the rules to relax and by how much.
"""

from __future__ import annotations

import math

import numpy as np

from allocation import format as fmt
from allocation.domain import Scenario
from allocation.model import (
    ELASTIC_WEIGHTS,
    KEUR,
    Model,
    Params,
    build_elastic_model,
    params,
)
from allocation.result import Diagnosis, Finding, ParkExplanation
from allocation.run import run_lp
from allocation.solution import Solution

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


# -- per park -------------------------------------------------------------------------------


class _ParkArrays:
    """Per park and year: money, usage of each rule and the duals, computed in bulk."""

    def __init__(self, model: Model, sol: Solution):
        par, idx = model.params, model.index
        P, T = par.n_parks, par.n_years
        pp, pc = idx.pair_park, idx.pair_cat
        x = sol.x
        self.public = np.zeros((P, T))
        self.private = np.zeros((P, T))
        self.oc = np.zeros((P, T))
        self.cap_hit = np.zeros((P, T), dtype=bool)
        r = par.ratio[pc]
        capped = np.isfinite(par.cap[pc])
        hit = capped[:, None] & (x >= par.cap[pc][:, None] - TOL_EUR)
        for t in range(T):
            self.public[:, t] = np.bincount(pp, weights=x[:, t], minlength=P)
            self.private[:, t] = np.bincount(pp, weights=r * x[:, t], minlength=P)
            self.oc[:, t] = np.bincount(pp, weights=np.where(pc == par.oc, x[:, t], 0.0),
                                        minlength=P)
            self.cap_hit[:, t] = np.bincount(pp, weights=hit[:, t], minlength=P) > 0
        earlier_oc = np.cumsum(self.oc, axis=1) - self.oc
        self.absorb_limit = par.absorption[:, None] + par.growth * earlier_oc
        funded = self.public > TOL_EUR
        k = par.private_capacity[:, None]
        self.private_tight = funded & (self.private >= k - TOL_EUR - 1e-7 * k)
        lim = self.absorb_limit
        self.absorb_tight = funded & (self.public >= lim - TOL_EUR - 1e-7 * lim)
        self.cap_hit &= funded
        # duals (value points per extra k€ of the rule's right-hand side); NaN when unknown
        self.private_dual = np.full((P, T), math.nan)
        self.absorb_dual = np.full((P, T), math.nan)
        for name, target in (("private_capacity", self.private_dual),
                             ("absorption", self.absorb_dual)):
            d = sol.row_duals(model, name)
            if d is not None:
                keys = model.blocks[name].keys
                target[:] = 0.0
                target[keys["park"], keys["year"]] = np.abs(d)
        self.muni_tight = np.zeros(len(par.municipalities), dtype=bool)
        if par.max_share < 1.0:
            limit = par.max_share * par.budget.sum()
            used = np.bincount(par.park_municipality, weights=self.public.sum(axis=1),
                               minlength=len(par.municipalities))
            self.muni_limit = limit
            self.muni_used = used
            self.muni_tight = used >= limit - TOL_EUR - 1e-7 * limit
        price = sol.row_duals(model, "budget")
        self.price = np.full(T, math.nan) if price is None else np.maximum(price, 0.0)
        # best marginal value per k€ of a first (unspent) euro per park and year
        first = par.multiplier[0] * par.value * KEUR  # [P, C]
        first = np.where(par.eligible, first, -np.inf)
        self.best_cat = np.argmax(first, axis=1)
        self.best_first = first.max(axis=1)[:, None] * par.delta[None, :]  # [P, T]


def _not_eligible(par: Params, p: int, pid: str) -> ParkExplanation:
    reasons_nl, reasons_en = [], []
    best, best_fails = 0, 99
    for c, cid in enumerate(par.category_ids):
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
        reasons_nl.append(f"{cid}: {', '.join(nl)}")
        reasons_en.append(f"{cid}: {', '.join(en)}")
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
    cat = par.category_ids[best]
    return ParkExplanation(
        pid, "not_eligible",
        "Komt voor geen categorie in aanmerking (regel 1): " + "; ".join(reasons_nl) + ".",
        "Not eligible for any category (rule 1): " + "; ".join(reasons_en) + ".",
        {"organisation_level": float(par.level[p]), "draagvlak": float(par.draagvlak[p])},
        f"Met {' en '.join(need_nl)} komt het terrein in aanmerking voor {cat}.",
        f"With {' and '.join(need_en)} the park becomes eligible for {cat}.",
    )


def _private(par: Params, a: _ParkArrays, p: int, pid: str, years: list[int],
             funded: bool) -> ParkExplanation:
    k = float(par.private_capacity[p])
    r_ok = np.where(par.eligible[p] & (par.ratio > 0), par.ratio, np.inf)
    c = int(np.argmin(r_ok))
    r = float(r_ok[c])
    step = max(1000.0, round(0.1 * k, -3))
    extra = step / r if math.isfinite(r) and r > 0 else 0.0
    dual = float(np.nansum(a.private_dual[p])) if np.isfinite(a.private_dual[p]).any() else None
    share = r / (1 + r)
    if funded:
        nl = (f"Gehouden door de private cofinanciering (regel 2): de bedrijven kunnen "
              f"{fmt.eur_short(k)} per jaar meefinancieren, en dat is volledig benut in "
              f"{_years_text(years)}.")
        en = (f"Held by private co-financing (rule 2): the companies can co-finance "
              f"{fmt.eur_short(k)} a year, fully used in {_years_text(years)}.")
    else:
        nl = (f"Krijgt niets: er is geen private cofinanciering ({fmt.eur_short(k)} per jaar), "
              "en elke categorie vraagt een eigen bijdrage (regel 2).")
        en = (f"Gets nothing: there is no private co-financing ({fmt.eur_short(k)} a year), and "
              "every category requires a private contribution (rule 2).")
    change_nl = (f"{fmt.eur_short(step)} meer private cofinanciering per jaar zou tot "
                 f"{fmt.eur_short(extra)} "
                 f"extra provinciaal geld per jaar mogelijk maken ({par.category_ids[c]} vraagt "
                 f"{fmt.pct(share)} privaat).")
    change_en = (f"{fmt.eur_short(step)} more private co-financing a year would allow up to "
                 f"{fmt.eur_short(extra)} more provincial money a year ({par.category_ids[c]} "
                 f"requires {fmt.pct(share)} private).")
    numbers = {"private_capacity_eur": k, "step_eur": step, "extra_public_eur": extra}
    if dual is not None and dual > 0:
        change_nl += (f" Elke € 1.000 extra cofinanciering in alle jaren levert "
                      f"{fmt.points(dual, 2)} waardepunten op.")
        change_en += (f" Every € 1.000 more co-financing in all years adds "
                      f"{fmt.points(dual, 2)} value points.")
        numbers["value_per_keur"] = dual
    return ParkExplanation(pid, "private_capacity", nl, en, numbers, change_nl, change_en)


def _absorption(scenario: Scenario, par: Params, a: _ParkArrays, p: int, pid: str,
                years: list[int], funded: bool) -> ParkExplanation:
    cap = float(par.absorption[p])
    lvl = int(par.level[p])
    own = scenario.parks[p].absorption_capacity_eur is not None
    basis_nl = "eigen opgave" if own else f"organisatiegraad {lvl}"
    basis_en = "own figure" if own else f"organisation level {lvl}"
    if funded:
        nl = (f"Gehouden door de opnamecapaciteit (regel 3): de organisatie kan "
              f"{fmt.eur_short(cap)} per jaar opnemen ({basis_nl}), plus de groei door "
              f"professionalisering; volledig benut in {_years_text(years)}.")
        en = (f"Held by absorption capacity (rule 3): the organisation can absorb "
              f"{fmt.eur_short(cap)} a year ({basis_en}), plus growth from organisation-building;"
              f" fully used in {_years_text(years)}.")
    else:
        nl = (f"Krijgt niets: de organisatie kan geen provinciaal geld opnemen "
              f"({fmt.eur_short(cap)} per jaar, {basis_nl}; regel 3).")
        en = (f"Gets nothing: the organisation cannot absorb provincial money "
              f"({fmt.eur_short(cap)} a year, {basis_en}; rule 3).")
    if not own and lvl < 4:
        nxt = scenario.settings.capacity_level(lvl + 1)
        change_nl = (f"Een organisatiegraad hoger (niveau {lvl + 1}) geeft een "
                     f"opnamecapaciteit van {fmt.eur_short(nxt)} per jaar.")
        change_en = (f"One organisation level up (level {lvl + 1}) gives an absorption "
                     f"capacity of {fmt.eur_short(nxt)} a year.")
    else:
        change_nl = "Meer opnamecapaciteit (professioneler parkmanagement) zou meer geld toelaten."
        change_en = "More absorption capacity (more professional park management) would allow more."
    if par.growth > 0:
        change_nl += (f" Elke euro voor professionalisering verhoogt de capaciteit in latere "
                      f"jaren met {fmt.eur(par.growth * 100)} per € 100.")
        change_en += (f" Every euro for organisation-building raises later capacity by "
                      f"{fmt.eur(par.growth * 100)} per € 100.")
    numbers = {"absorption_capacity_eur": cap}
    dual = a.absorb_dual[p]
    if np.isfinite(dual).any() and np.nansum(dual) > 0:
        numbers["value_per_keur"] = float(np.nansum(dual))
    return ParkExplanation(pid, "absorption", nl, en, numbers, change_nl, change_en)


def _category_cap(par: Params, p: int, pid: str, years: list[int],
                  x_park: dict[int, np.ndarray]) -> ParkExplanation:
    hit = [c for c, xs in x_park.items()
           if math.isfinite(par.cap[c]) and (xs >= par.cap[c] - TOL_EUR).any()]
    c = hit[0] if hit else int(np.argmin(par.cap))
    m = float(par.cap[c])
    cid = par.category_ids[c]
    return ParkExplanation(
        pid, "category_cap",
        f"Gehouden door de categoriegrens (regel 4): {cid} geeft hoogstens {fmt.eur_short(m)} per "
        f"terrein per jaar, bereikt in {_years_text(years)}.",
        f"Held by the category cap (rule 4): {cid} gives at most {fmt.eur_short(m)} per park a "
        f"year, reached in {_years_text(years)}.",
        {"cap_eur": m},
        f"Een hogere grens voor {cid} dan {fmt.eur_short(m)} zou dit terrein meer geven.",
        f"A higher cap for {cid} than {fmt.eur_short(m)} would give this park more.",
    )


def _municipality(par: Params, a: _ParkArrays, p: int, pid: str,
                  funded: bool) -> ParkExplanation:
    m = par.municipalities[par.park_municipality[p]]
    limit = float(a.muni_limit)
    verb_nl = "Gehouden door" if funded else "Krijgt niets door"
    verb_en = "Held by" if funded else "Gets nothing because of"
    return ParkExplanation(
        pid, "municipality_share",
        f"{verb_nl} het maximumaandeel per gemeente (regel 6): {m} krijgt al "
        f"{fmt.pct(par.max_share)} van het totale budget ({fmt.eur_short(limit)}).",
        f"{verb_en} the municipality share (rule 6): {m} already gets "
        f"{fmt.pct(par.max_share)} of the total budget ({fmt.eur_short(limit)}).",
        {"max_share": par.max_share, "limit_eur": limit},
        f"Een hoger maximumaandeel per gemeente dan {fmt.pct(par.max_share)} zou ruimte "
        "geven.",
        f"A higher maximum share per municipality than "
        f"{fmt.pct(par.max_share)} would make room.",
    )


def _floor(par: Params, a: _ParkArrays, p: int, pid: str) -> ParkExplanation:
    f = par.floor
    oc = par.category_ids[par.oc]
    best = a.best_first[p]
    with np.errstate(invalid="ignore"):
        gap = np.nanmax(a.price - best) if np.isfinite(a.price).any() else math.nan
    nl = (f"Krijgt alleen de strategische vloer (regel 7): {fmt.eur_short(f)} per jaar voor {oc}, "
          f"omdat het een strategisch terrein is.")
    en = (f"Gets only the strategic floor (rule 7): {fmt.eur_short(f)} a year for {oc}, "
          "because it is a strategic park.")
    if math.isfinite(gap) and gap > 0:
        change_nl = (f"Zonder vloer kreeg het niets: de waarde per € 1.000 "
                     f"({fmt.points(float(best[0]), 2)} punten) ligt onder de budgetprijs.")
        change_en = (f"Without the floor it would get nothing: its value per € 1.000 "
                     f"({fmt.points(float(best[0]), 2)} points) is below the budget price.")
    else:
        change_nl = "Meer draagkracht (cofinanciering, opnamecapaciteit) zou meer geld geven."
        change_en = "More capacity (co-financing, absorption) would give more money."
    return ParkExplanation(pid, "floor", nl, en, {"floor_eur": f}, change_nl, change_en)


def _outcompeted(par: Params, a: _ParkArrays, p: int, pid: str,
                 funded_years: list[int]) -> ParkExplanation:
    best = a.best_first[p]
    cat = par.category_ids[int(a.best_cat[p])]
    if funded_years:
        price = float(np.nanmax(a.price))
        return ParkExplanation(
            pid, "outcompeted",
            f"Het budget is de grens: dit terrein krijgt geld in {_years_text(funded_years)}, "
            f"maar de volgende € 1.000 levert hier niet meer op dan elders (budgetprijs tot "
            f"{fmt.points(price, 2)} punten per € 1.000).",
            f"The budget is the limit: this park gets money in {_years_text(funded_years)}, "
            f"but the next € 1.000 adds no more here than elsewhere (budget price up to "
            f"{fmt.points(price, 2)} points per € 1.000).",
            {"budget_price": price},
            "Meer budget, of meer waarde per euro hier (draagvlak, potentieel), geeft dit "
            "terrein meer.",
            "A larger budget, or more value per euro here (draagvlak, potential), gives this "
            "park more.",
        )
    if not np.isfinite(a.price).any():
        return ParkExplanation(
            pid, "outcompeted",
            "Krijgt niets: andere terreinen leveren meer waarde per euro op (schaduwprijzen "
            "zijn niet beschikbaar omdat de berekening niet optimaal is afgerond).",
            "Gets nothing: other parks give more value per euro (shadow prices are not "
            "available because the computation did not finish optimally).",
            {}, "Meer budget zou kunnen helpen.", "A larger budget might help.",
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.where(best > 0, a.price / best - 1.0, np.inf)
    t = int(np.argmin(need))
    yr = par.years[t]
    rise = float(need[t])
    return ParkExplanation(
        pid, "outcompeted",
        f"Krijgt niets: andere terreinen leveren meer op. De beste besteding hier ({cat}) "
        f"levert {fmt.points(float(best[t]), 2)} waardepunten per € 1.000 in {yr}; "
        f"de budgetprijs is {fmt.points(float(a.price[t]), 2)}.",
        f"Gets nothing: other parks give more. The best use here ({cat}) yields "
        f"{fmt.points(float(best[t]), 2)} value points per € 1.000 in {yr}; the budget price is "
        f"{fmt.points(float(a.price[t]), 2)}.",
        {"value_per_keur": float(best[t]), "budget_price": float(a.price[t]),
         "needed_rise": rise},
        f"Het terrein komt aan bod als zijn waarde per euro met {fmt.pct(rise)} stijgt "
        f"(bijvoorbeeld door meer draagvlak of een hoger potentieel), of als het budget "
        f"ruimer wordt.",
        f"The park gets money if its value per euro rises by {fmt.pct(rise)} "
        f"(for example more draagvlak or a higher potential), or if the budget grows.",
    )


def _saturated(par: Params, p: int, pid: str, funded: bool) -> ParkExplanation:
    if funded:
        nl = ("Verzadigd: het budget is niet de grens, maar meer geld voegt hier geen waarde "
              "meer toe (afnemende meeropbrengst, rendementsfactor "
              f"{fmt.num(par.multiplier[-1], 2)} in het laatste segment).")
        en = ("Saturated: the budget is not the limit, but more money adds no value here "
              "(diminishing returns, multiplier "
              f"{fmt.num(par.multiplier[-1], 2)} in the last segment).")
    else:
        nl = ("Krijgt niets: geld hier levert geen waardepunten op (potentieel, impact of "
              "doelgewichten zijn nul voor de categorieën waarvoor het in aanmerking komt).")
        en = ("Gets nothing: money here yields no value points (potential, impact or goal "
              "weights are zero for the categories it is eligible for).")
    return ParkExplanation(
        pid, "saturated", nl, en, {"last_multiplier": float(par.multiplier[-1])},
        "Een hoger potentieel of een hogere rendementsfactor zou meer geld zinvol maken.",
        "A higher potential or return multiplier would make more money worthwhile.",
    )


def explain_parks(scenario: Scenario, model: Model, sol: Solution) -> dict[str, ParkExplanation]:
    """One explanation per park (every park, funded or not), see the module docstring."""
    par, idx = model.params, model.index
    a = _ParkArrays(model, sol)
    years = np.array(par.years)
    pairs_of: dict[int, list[int]] = {}
    for e, p in enumerate(idx.pair_park.tolist()):
        pairs_of.setdefault(p, []).append(e)
    floor_parks = par.floor_parks
    out: dict[str, ParkExplanation] = {}
    for p, pid in enumerate(par.park_ids):
        if not par.eligible[p].any():
            out[pid] = _not_eligible(par, p, pid)
            continue
        pub = a.public[p]
        funded_t = pub > TOL_EUR
        if funded_t.any():
            x_park = {int(idx.pair_cat[e]): sol.x[e] for e in pairs_of.get(p, [])}
            if floor_parks[p]:
                other = sum(float(xs.sum()) for c, xs in x_park.items() if c != par.oc)
                oc_x = x_park.get(par.oc)
                if other <= TOL_EUR and oc_x is not None and (oc_x <= par.floor + TOL_EUR).all():
                    out[pid] = _floor(par, a, p, pid)
                    continue
            muni = bool(a.muni_tight[par.park_municipality[p]])
            counts = {
                "private_capacity": int(a.private_tight[p].sum()),
                "absorption": int(a.absorb_tight[p].sum()),
                "category_cap": int(a.cap_hit[p].sum()),
                "municipality_share": par.n_years if muni else 0,
            }
            code = max(counts, key=lambda k: counts[k])  # first of the order on ties
            if counts[code] > 0:
                if code == "private_capacity":
                    out[pid] = _private(par, a, p, pid,
                                        years[a.private_tight[p]].tolist(), True)
                elif code == "absorption":
                    out[pid] = _absorption(scenario, par, a, p, pid,
                                           years[a.absorb_tight[p]].tolist(), True)
                elif code == "category_cap":
                    out[pid] = _category_cap(par, p, pid, years[a.cap_hit[p]].tolist(), x_park)
                else:
                    out[pid] = _municipality(par, a, p, pid, True)
                continue
            priced = np.nan_to_num(a.price[funded_t], nan=1.0)
            if (priced > 1e-9).any():
                out[pid] = _outcompeted(par, a, p, pid, years[funded_t].tolist())
            else:
                out[pid] = _saturated(par, p, pid, True)
            continue
        # not funded
        elig = par.eligible[p]
        if par.private_capacity[p] <= 0 and (par.ratio[elig] > 0).all():
            out[pid] = _private(par, a, p, pid, [], False)
        elif par.absorption[p] <= 0:
            out[pid] = _absorption(scenario, par, a, p, pid, [], False)
        elif a.muni_tight[par.park_municipality[p]]:
            out[pid] = _municipality(par, a, p, pid, False)
        elif not (a.best_first[p] > 0).any():
            out[pid] = _saturated(par, p, pid, False)
        else:
            out[pid] = _outcompeted(par, a, p, pid, [])
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
    oc = par.category_ids[par.oc]
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
                f"{yr}: de strategische vloeren vragen {fmt.eur_short(ask)} "
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
                f"Terrein {pid}: een vloer van {fmt.eur_short(f)} vraagt "
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
                f"Terrein {pid}: de vloer van {fmt.eur_short(f)} is hoger dan wat de "
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
            f"De vloer van {fmt.eur_short(f)} is hoger dan de categoriegrens van {oc} "
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
                f"Gemeente {par.municipalities[m]}: de vloeren vragen {fmt.eur_short(ask)} "
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
    "floor": ("Terrein {who}: verlaag de strategische vloer met {amount} ({years}).",
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
                amount = fmt.eur_short(amt)
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
                    rule, nl.format(who=par.park_ids[p], amount=fmt.eur_short(amt), years=yrs),
                    en.format(who=par.park_ids[p], amount=fmt.eur_short(amt), years=yrs),
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


def diagnose(scenario: Scenario, time_limit_s: float = 60.0) -> Diagnosis:
    """Why `scenario` has no feasible allocation: arithmetic checks, then the elastic re-solve.
    Always returns at least one finding."""
    par = params(scenario)
    arithmetic = arithmetic_checks(scenario, par)
    relaxations = elastic_findings(scenario, time_limit_s, par)
    intro_weights = ", ".join(f"{k} {v:g}" for k, v in ELASTIC_WEIGHTS.items())
    if relaxations and relaxations[0].rule != "elastic":
        relaxations.insert(0, Finding(
            "elastic",
            "Kleinste aanpassing die het scenario oplosbaar maakt (de provincie past liever "
            "budget, gemeenteaandeel of categoriegrens aan dan de vloer, en die liever dan wat "
            "terreinen zelf kunnen dragen):",
            "Smallest change that makes the scenario feasible (the province would rather change "
            "budget, municipality share or category cap than the floor, and that rather than "
            f"what parks can carry; weights {intro_weights}):",
        ))
    return Diagnosis(arithmetic=arithmetic, relaxations=relaxations)
