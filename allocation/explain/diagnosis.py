"""Why an infeasible scenario has no answer, and which changes would give it one.

    diagnose(scenario) -> Diagnosis
    arithmetic_checks(scenario) -> [Finding]        cheap checks of the floors against rules 2-6
    single_changes(scenario) -> [Finding]           each single change that suffices, re-solved
    elastic_findings(scenario) -> [Finding]         the smallest combined relaxation

Infeasible scenarios (only strategic floors can cause that: x = 0 meets every other rule) are
diagnosed in two steps (docs/contracts/STYLE.md, example 5): cheap arithmetic checks first, in exact euros
(cents where the figures have them, so that "3 terreinen × € 30.000,50" multiplies out), then
every single change that on its own makes the scenario feasible: one setting, found by one LP
each (the budget of year t, the municipality share in %, the floor, the floor category's
minimum private share or cap), or one park's own co-financing or absorption capacity by the
amount its arithmetic line names. Each is rounded so that it suffices, shown so that the new
value never reads as the current one (`fmt.eur_apart`), applied and re-solved before it is
listed, and ranked by one yardstick that its text states (RANKING, SETTING_WEIGHTS: the euros
it moves over the period, a lower floor counted double). Only when no single change suffices,
an elastic re-solve relaxes every rule a floor can clash with (model.ELASTIC_WEIGHTS) and
names the combination.

Part of the explain step (allocation.explain): imports the model and the run, never the
reasons per park (reasons.py, limits.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

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
from allocation.result import Diagnosis, Finding
from allocation.run import MIN_TIME_S, new_highs, run_lp

TOL_EUR = 0.01  # a rule counts as broken beyond a cent
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
        # exact euros (cents where the floor has them), so that the product reads true
        if par.carry_over:
            short, have_nl, have_en = cum_need - cum_budget, "het budget tot en met dat jaar", \
                "the budget up to that year"
            ask = cum_need
            have = cum_budget
            times_nl = f"{n_floor} terreinen × {t + 1} jaar × {fmt.eur_exact(f)}"
            times_en = f"{n_floor} parks × {t + 1} years × {fmt.eur_exact(f)}"
        else:
            short, have_nl, have_en = need - par.budget[t], "het budget", "the budget"
            ask, have = need, par.budget[t]
            times_nl = f"{n_floor} terreinen × {fmt.eur_exact(f)}"
            times_en = f"{n_floor} parks × {fmt.eur_exact(f)}"
        if short > TOL_EUR:
            ask_t, have_t = fmt.eur_exact(ask), fmt.eur_apart(have, ask)
            out.append(Finding(
                "budget",
                f"{yr}: de strategische bodems vragen {ask_t} ({times_nl}) maar {have_nl} is "
                f"{have_t}.",
                f"{yr}: the strategic floors need {ask_t} ({times_en}) but {have_en} is "
                f"{have_t}.",
                float(short),
            ))
    r = float(par.ratio[par.oc])
    priv, absorb = [], []
    for p in np.nonzero(fp)[0]:
        pid = par.park_ids[p]
        k = float(par.private_capacity[p])
        if f * r > k + TOL_EUR:
            ask_t, have_t = fmt.eur_apart(f * r, k), fmt.eur_apart(k, f * r)
            priv.append(Finding(
                "private_capacity",
                f"Terrein {pid}: een bodem van {fmt.eur_exact(f)} vraagt {ask_t} private "
                f"cofinanciering per jaar, de capaciteit is {have_t}.",
                f"Park {pid}: a floor of {fmt.eur_exact(f)} needs {ask_t} private "
                f"co-financing a year, the capacity is {have_t}.",
                float(f * r - k),
            ))
        cap = float(par.absorption[p])
        if f > cap + TOL_EUR:
            ask_t, have_t = fmt.eur_apart(f, cap), fmt.eur_apart(cap, f)
            absorb.append(Finding(
                "absorption",
                f"Terrein {pid}: de bodem van {ask_t} is hoger dan wat de organisatie in het "
                f"eerste jaar kan opnemen ({have_t}).",
                f"Park {pid}: the floor of {ask_t} is above what the organisation can absorb in "
                f"the first year ({have_t}).",
                float(f - cap),
            ))
    out += _summarise(priv, "private_capacity", "terreinen met te weinig cofinanciering",
                      "parks with too little co-financing")
    out += _summarise(absorb, "absorption", "terreinen met te weinig opnamecapaciteit",
                      "parks with too little absorption capacity")
    m_cap = float(par.cap[par.oc])
    if f > m_cap + TOL_EUR:
        ask_t, have_t = fmt.eur_apart(f, m_cap), fmt.eur_apart(m_cap, f)
        out.append(Finding(
            "category_cap",
            f"De bodem van {ask_t} is hoger dan de categoriegrens van {oc} ({have_t} per "
            "terrein per jaar).",
            f"The floor of {ask_t} is above the cap of {oc} ({have_t} per park a year).",
            float(f - m_cap),
        ))
    if par.max_share < 1.0:
        limit = par.max_share * float(par.budget.sum())
        per_muni = np.bincount(par.park_municipality[fp], minlength=len(par.municipalities))
        munis = []
        for m in np.nonzero(per_muni * f * par.n_years > limit + TOL_EUR)[0]:
            ask = float(per_muni[m] * f * par.n_years)
            ask_t, have_t = fmt.eur_apart(ask, limit), fmt.eur_apart(limit, ask)
            munis.append(Finding(
                "municipality_share",
                f"Gemeente {par.municipalities[m]}: de bodems vragen {ask_t} maar het "
                f"maximumaandeel ({fmt.pct(par.max_share)}) is {have_t}.",
                f"Municipality {par.municipalities[m]}: the floors need {ask_t} but the maximum "
                f"share ({fmt.pct(par.max_share)}) is {have_t}.",
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

# How single changes are compared (RANKING says it in words, each text states its size): by
# the euros the change moves over the whole period (extra budget, room per municipality, floor
# money, co-financing asked or committed, absorption capacity, cap room), times a weight: a
# lower strategic floor counts double, because the floor is the province's own strategic
# choice and it would rather change its budget or rules first (as in model.ELASTIC_WEIGHTS).
# One park's own figures count as their euros: the change the park's arithmetic line names
# is often far smaller than a province-wide one.
SETTING_WEIGHTS = {"budget": 1.0, "municipality_share": 1.0, "category_cap": 1.0,
                   "min_private_share": 1.0, "private_capacity": 1.0, "absorption": 1.0,
                   "floor": 2.0}
RANKING = (
    "gerangschikt naar omvang: de euro's die de aanpassing over de hele looptijd verandert "
    "(extra budget, ruimte per gemeente, bodemgeld, gevraagde of toegezegde cofinanciering, "
    "opnamecapaciteit of ruimte onder de categoriegrens); een lagere bodem telt dubbel, omdat de "
    "bodem een strategische keuze van de provincie is die zij pas na budget en regels aanpast",
    "ranked by size: the euros the change moves over the whole period (extra budget, room per "
    "municipality, floor money, co-financing asked or committed, absorption capacity or room "
    "under the category cap); a lower floor counts double, because the floor is the province's "
    "strategic choice, which it changes only after budget and rules",
)


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


def _time_left(time_limit_s: float) -> Callable[[], float]:
    """Seconds left of `time_limit_s` from now, each time it is called (at least HiGHS's least
    limit): the LPs of one diagnosis share one time limit."""
    deadline = time.perf_counter() + float(time_limit_s)
    return lambda: max(deadline - time.perf_counter(), MIN_TIME_S)


def _size_text(size: float, weight: float, detail_nl: str = "", detail_en: str = ""
               ) -> tuple[str, str]:
    """' Omvang: € 2.004 (3 terreinen × 2 jaar × € 334), dubbel geteld: € 4.008.' (RANKING)"""
    amount = _size_eur(size)
    nl, en = f" Omvang: {amount}", f" Size: {amount}"
    if detail_nl:
        nl, en = f"{nl} ({detail_nl})", f"{en} ({detail_en})"
    if weight != 1.0:
        counted = _size_eur(weight * size)
        times_nl, times_en = ("dubbel", "double") if weight == 2.0 else (
            f"{fmt.num(weight, 1)} keer", f"{fmt.num(weight, 1)} times")
        nl += f", {times_nl} geteld: {counted}"
        en += f", counted {times_en}: {counted}"
    return nl + ".", en + "."


def _size_eur(size: float) -> str:
    """A size in whole euros, with cents below € 100 (so that € 0,40 and € 0,80 stay apart
    from € 1 and each other, as the ranking sees them)."""
    return fmt.eur(size) if abs(size) >= 100 else fmt.eur_exact(round(size, 2))


def _per_park_years(n: int, T: int, step: float) -> tuple[str, str]:
    """'3 terreinen × 2 jaar × € 334' (or '2 jaar × € 334' for one park)."""
    each = fmt.eur_exact(step)
    if n == 1:
        return f"{T} jaar × {each}", f"{T} years × {each}"
    return f"{n} terreinen × {T} jaar × {each}", f"{n} parks × {T} years × {each}"


def _park_changes(scenario: Scenario, par: Params, arithmetic: list[Finding]
                  ) -> list[tuple[float, Finding, Scenario]]:
    """The change of one park's own figure (its committed private co-financing, or its
    absorption capacity) by the amount its arithmetic line names, rounded up so that the new
    figure is a whole euro. Offered only when that park and that figure are the only ones the
    arithmetic checks find short: each check is necessary for feasibility, so with a second
    one failing no change of one park's figure can suffice (and no re-solve is spent on it)."""
    if len(arithmetic) != 1 or arithmetic[0].rule not in ("private_capacity", "absorption"):
        return []
    f, T = par.floor, par.n_years
    rule = arithmetic[0].rule
    need = f * float(par.ratio[par.oc]) if rule == "private_capacity" else f
    have = par.private_capacity if rule == "private_capacity" else par.absorption
    short = np.nonzero(par.floor_parks & (need > have + TOL_EUR))[0]
    if len(short) != 1:
        return []
    p = int(short[0])
    pid, now = par.park_ids[p], float(have[p])
    new = float(math.ceil(need - 1e-6))
    step = new - now
    if rule == "private_capacity":
        what_nl, what_en = "de toegezegde private cofinanciering", "the committed private co-financing"
        field = "private_capacity_eur"
    else:
        what_nl, what_en = "de opnamecapaciteit", "the absorption capacity"
        field = "absorption_capacity_eur"
    size = step * T
    detail = _per_park_years(1, T, step)
    size_nl, size_en = _size_text(size, SETTING_WEIGHTS[rule], *detail)
    parks = tuple(q.model_copy(update={field: new}) if i == p else q
                  for i, q in enumerate(scenario.parks))
    return [(SETTING_WEIGHTS[rule] * size, Finding(
        rule,
        f"Terrein {pid}: verhoog {what_nl} met {fmt.eur_exact(step)} per jaar (van "
        f"{fmt.eur_exact(now)} naar {fmt.eur_apart(new, now)}).{size_nl}",
        f"Park {pid}: raise {what_en} by {fmt.eur_exact(step)} a year (from "
        f"{fmt.eur_exact(now)} to {fmt.eur_apart(new, now)}).{size_en}",
        float(step), new),
        scenario.model_copy(update={"parks": parks}))]


def single_changes(scenario: Scenario, time_limit_s: float = 60.0,
                   par: Params | None = None,
                   arithmetic: list[Finding] | None = None) -> list[Finding]:
    """Every single change that on its own makes `scenario` feasible, smallest first by
    RANKING (SETTING_WEIGHTS × the euros it changes over the period, stated in each text):
    a province setting (budget of one year, municipality share, floor, the floor category's
    minimum private share or cap) or one park's own figure (`_park_changes`). Amounts are
    rounded so that they suffice (raised figures up, lowered ones down) and are shown so that
    a new value never reads as the current one (`fmt.eur_apart`); each change is applied and
    re-solved before it is listed. All its LPs together get `time_limit_s`."""
    left = _time_left(time_limit_s)
    par = par if par is not None else params(scenario)
    arithmetic = arithmetic if arithmetic is not None else arithmetic_checks(scenario, par)
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
        need = _extreme(model, "budget", t, left())
        if need is None:
            continue
        amount = float(math.ceil(need * KEUR - 1e-6))
        new = float(par.budget[t]) + amount  # shown to the cent: the figure to type in
        size_nl, size_en = _size_text(amount, SETTING_WEIGHTS["budget"])
        options.append((SETTING_WEIGHTS["budget"] * amount, Finding(
            "budget",
            f"Verhoog het budget van {yr} met {fmt.eur(amount)} (naar {fmt.eur_exact(new)})."
            f"{size_nl}",
            f"Raise the budget of {yr} by {fmt.eur(amount)} (to {fmt.eur_exact(new)}).{size_en}",
            amount, new, yr),
            budget_with(t, amount)))
    share = _extreme(model, "share", 0, left())
    if share is not None:
        new_share = min(1.0, math.ceil(share * 1000 - 1e-9) / 1000)
        extra = (new_share - par.max_share) * float(par.budget.sum())
        size_nl, size_en = _size_text(extra, SETTING_WEIGHTS["municipality_share"],
                                      "meer ruimte per gemeente", "more room per municipality")
        old_t, new_t = (fmt.pct_apart(par.max_share, new_share),
                        fmt.pct_apart(new_share, par.max_share))
        options.append((SETTING_WEIGHTS["municipality_share"] * extra, Finding(
            "municipality_share",
            f"Verhoog het maximumaandeel per gemeente van {old_t} naar {new_t}.{size_nl}",
            f"Raise the maximum share per municipality from {old_t} to {new_t}.{size_en}",
            extra, new_share),
            scenario.with_settings(max_municipality_share=new_share)))
    floor = _extreme(model, "floor", 0, left())
    if floor is not None:
        new_floor = float(math.floor(floor * KEUR + 1e-6))
        step = par.floor - new_floor
        less = step * n_floor * T
        size_nl, size_en = _size_text(less, SETTING_WEIGHTS["floor"],
                                      *_per_park_years(n_floor, T, step))
        old_t, new_t = fmt.eur_exact(par.floor), fmt.eur_apart(new_floor, par.floor)
        options.append((SETTING_WEIGHTS["floor"] * less, Finding(
            "floor",
            f"Verlaag de strategische bodem van {old_t} naar {new_t} per jaar.{size_nl}",
            f"Lower the strategic floor from {old_t} to {new_t} a year.{size_en}",
            step, new_floor),
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
            size_nl, size_en = _size_text(
                float(less), SETTING_WEIGHTS["min_private_share"],
                "minder gevraagde cofinanciering voor de bodems",
                "less co-financing asked for the floors")
            old_t, new_t = (fmt.pct_apart(cat.min_private_share, s_new),
                            fmt.pct_apart(s_new, cat.min_private_share))
            options.append((SETTING_WEIGHTS["min_private_share"] * less, Finding(
                "min_private_share",
                f"Verlaag het minimale private aandeel van {labels[oc]} van {old_t} naar "
                f"{new_t} (voor alle terreinen in die categorie).{size_nl}",
                f"Lower the minimum private share of {labels[oc]} from {old_t} to {new_t} "
                f"(for every park in that category).{size_en}", float(less), s_new),
                scenario.model_copy(update={"categories": tuple(cats)})))
    if n_floor and math.isfinite(par.cap[oc]) and par.cap[oc] < par.floor:
        cap = float(par.cap[oc])
        new_cap = float(math.ceil(par.floor - 1e-6))
        more = (new_cap - cap) * n_floor * T
        cats = list(scenario.categories)
        cats[oc] = cat.model_copy(update={"max_per_park_year_eur": new_cap})
        size_nl, size_en = _size_text(more, SETTING_WEIGHTS["category_cap"],
                                      *_per_park_years(n_floor, T, new_cap - cap))
        old_t, new_t = fmt.eur_exact(cap), fmt.eur_apart(new_cap, cap)
        options.append((SETTING_WEIGHTS["category_cap"] * more, Finding(
            "category_cap",
            f"Verhoog de categoriegrens van {labels[oc]} van {old_t} naar {new_t} per terrein "
            f"per jaar.{size_nl}",
            f"Raise the cap of {labels[oc]} from {old_t} to {new_t} per park a year.{size_en}",
            float(more), new_cap),
            scenario.model_copy(update={"categories": tuple(cats)})))
    options += _park_changes(scenario, par, arithmetic)
    options.sort(key=lambda o: o[0])
    return [f for _, f, changed in options if _is_feasible(changed, left())]


def diagnose(scenario: Scenario, time_limit_s: float = 60.0) -> Diagnosis:
    """Why `scenario` has no feasible allocation: arithmetic checks, then every single change
    of a setting that on its own makes it feasible (cheapest first, each re-solved); when no
    single change suffices, the elastic re-solve's combined relaxation. Always returns at
    least one finding; the heading is not a finding. All its LPs together get `time_limit_s`;
    when that ran out first, the last finding (rule "time_limit") says the list may be
    incomplete."""
    deadline = time.perf_counter() + float(time_limit_s)
    par = params(scenario)
    arithmetic = arithmetic_checks(scenario, par)
    single = single_changes(scenario, time_limit_s, par, arithmetic)
    late = [TIME_LIMIT_FINDING] if time.perf_counter() >= deadline else []
    if single:
        return Diagnosis(arithmetic=arithmetic, relaxations=single + late,
                         heading_nl=SINGLE_HEADING[0], heading_en=SINGLE_HEADING[1],
                         single=True)
    relaxations = elastic_findings(scenario, max(deadline - time.perf_counter(), MIN_TIME_S),
                                   par)
    late = [TIME_LIMIT_FINDING] if time.perf_counter() >= deadline else []
    if relaxations and relaxations[0].rule != "elastic":
        return Diagnosis(arithmetic=arithmetic, relaxations=relaxations + late,
                         heading_nl=ELASTIC_HEADING[0], heading_en=ELASTIC_HEADING[1])
    return Diagnosis(arithmetic=arithmetic, relaxations=relaxations + late)


TIME_LIMIT_FINDING = Finding(
    "time_limit",
    "De tijdslimiet kwam voordat elke aanpassing was nagerekend: deze diagnose is mogelijk "
    "onvolledig. Geef meer tijd voor de volledige diagnose.",
    "The time limit came before every change was re-solved: this diagnosis may be incomplete. "
    "Allow more time for the full diagnosis.",
)


SINGLE_HEADING = (
    "Elk van deze aanpassingen maakt het scenario op zichzelf oplosbaar (nagerekend), "
    f"{RANKING[0]}; de kleinste eerst:",
    f"Each of these changes on its own makes the scenario feasible (re-solved), {RANKING[1]}; "
    "smallest first:",
)
ELASTIC_HEADING = (
    "Geen enkele instelling alleen volstaat. Kleinste combinatie van aanpassingen (de provincie "
    "past liever budget, gemeenteaandeel of categoriegrens aan dan de bodem, en die liever dan "
    "wat terreinen zelf kunnen dragen):",
    "No single setting suffices. Smallest combination of changes (the province would rather "
    "change budget, municipality share or category cap than the floor, and that rather than "
    "what parks can carry):",
)
