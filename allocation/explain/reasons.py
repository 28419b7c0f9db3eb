"""Why each park gets what it gets: one code and its words per park.

    explain_parks(scenario, model, solution, warm, deadline, group) -> {park_id: ParkExplanation}

Per park one code of `result.EXPLANATION_CODES` (docs/contracts/MODEL.md, "Reported quantities"); every
reason is true for the step it quotes:
  not_eligible: rule 1 for every category (naming the sub-rule per category);
  private_capacity, absorption, category_cap, municipality_share, floor: moving that rule for
    this park alone changes the optimum (limits.py decides it). The gain in value points and
    the park's extra money are quoted. Of several limits with value, the one with the largest
    value per €1.000 is named. Co-financing names the categories the park's co-financed money
    goes to (or, when it has none, where the re-solve puts it); the municipality share says
    where extra room goes when it goes to other parks of the municipality;
  outcompeted: none of its rules has value and the budget binds (a positive budget price);
  saturated: none of its rules has value and the budget does not bind;
  unproven (NEUTRAL_CODE): no proven optimum (time limit), or the time limit came before the
    park's re-solves: no reason is claimed then.
Every explanation carries the marginal value of each of the park's limits (value points per
€1.000, the mean over the step; None where the limit does not apply or was not decided).

Part of the explain step (allocation.explain): imports limits.py, never diagnosis.py.
"""

from __future__ import annotations

import time

import numpy as np

from allocation import format as fmt
from allocation.domain import Scenario
from allocation.explain.limits import (
    LIMITS,
    NEUTRAL_CODE,
    TOL_EUR,
    LimitCheck,
    by_key,
    limit_checks,
)
from allocation.model import KEUR, Model, Params
from allocation.result import ParkExplanation
from allocation.run import WarmModel
from allocation.solution import Solution, budget_prices

# a park's best value per €1.000 within this share of the budget price is "equal" to it: a tie
# (the budget's price is then what money here adds), not "other parks give more"
EQUAL_VALUE_TOL = 1e-7

# -- per park: the words --------------------------------------------------------------------


class _Park:
    """What the texts of one park need: its data, its money and its checks."""

    def __init__(self, scenario: Scenario, model: Model, sol: Solution, p: int,
                 checks: list[LimitCheck], prices: np.ndarray | None,
                 mine: np.ndarray | None = None):
        par, idx = model.params, model.index
        self.scenario, self.par, self.p = scenario, par, p
        self.pid = par.park_ids[p]
        self.labels = [c.label or c.category for c in scenario.categories]
        if mine is None:  # the park's pairs (park, category), as numbers
            mine = np.flatnonzero(idx.pair_park == p)
        self.public_t = sol.x[mine].sum(axis=0) if len(mine) else np.zeros(par.n_years)
        # € over the period per category this park's money goes to now
        self.by_category = {int(c): float(v) for c, v in
                            zip(idx.pair_cat[mine], sol.x[mine].sum(axis=1), strict=True)
                            if v > TOL_EUR}
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


def _share(par: Params, c: int) -> float:
    """The minimum private share of category c (s = r / (1 + r))."""
    return float(par.ratio[c] / (1 + par.ratio[c]))


def _co_financed(k: _Park, ch: LimitCheck) -> tuple[list[int], bool]:
    """The categories that the park's co-financed money goes to, most money first, and
    whether that is its money now (True) or, when it has none there, the money that the
    check's moved point (more co-financing) puts there (False). Only categories that ask
    co-financing count: only those use the limit. Falls back to the eligible one with the
    lowest share, should neither name one."""
    par, p = k.par, k.p
    for money, now in ((k.by_category, True), (ch.extra_by_category, False)):
        cats = sorted((c for c, v in money.items() if v > 1.0 and par.ratio[c] > 0),
                      key=lambda c: -money[c])
        if cats:
            return cats, now
    elig = par.eligible[p] & (par.ratio > 0)
    return [int(np.argmin(np.where(elig, par.ratio, np.inf)))], False


def _join(items: list[str], word: str) -> str:
    """['A', 'B', 'C'] -> 'A, B en C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


MAX_NAMED = 3  # parks named one by one where extra room goes; the rest are counted


def _room_goes_to(k: _Park, ch: LimitCheck, nl: str, en: str) -> tuple[str, str]:
    """After the re-solve's sentence: which other parks of the municipality the extra room
    goes to in the re-solve (most first), and that it does not go to this park when it
    gets none of it."""
    others = sorted(((q, v) for q, v in ch.extra_by_park.items() if q != k.p and v >= 1.0),
                    key=lambda qv: -qv[1])
    if not others:
        return nl, en
    ids = k.par.park_ids
    named = [f"{ids[q]} ({fmt.eur(v)})" for q, v in others[:MAX_NAMED]]
    rest = len(others) - len(named)
    names_nl = _join([*named, *([f"{rest} andere"] if rest else [])], "en")
    names_en = _join([*named, *([f"{rest} others"] if rest else [])], "and")
    nl = nl.removesuffix(".")
    en = en.removesuffix(".")
    park_nl, park_en = ("terrein", "park") if len(others) == 1 else ("terreinen", "parks")
    if ch.extra_public_eur >= 1.0:
        return (f"{nl}; de rest gaat naar {park_nl} {names_nl}.",
                f"{en}; the rest goes to {park_en} {names_en}.")
    return (f"{nl}; dat geld gaat naar {park_nl} {names_nl}, niet naar dit terrein.",
            f"{en}; that money goes to {park_en} {names_en}, not to this park.")


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
        cats, now = _co_financed(k, ch)
        where_nl = _join([f"{k.labels[c]} (minstens {fmt.pct(_share(par, c))} privaat)"
                          for c in cats], "en")
        where_en = _join([f"{k.labels[c]} (at least {fmt.pct(_share(par, c))} private)"
                          for c in cats], "and")
        if now:
            goes_nl, goes_en = "het geld gaat naar", "the money goes to"
        else:
            goes_nl, goes_en = ("met meer cofinanciering gaat het geld naar",
                                "with more co-financing the money goes to")
        nl = (f"{gets_nl}Begrensd door de private cofinanciering: de bedrijven kunnen "
              f"{fmt.eur(kk)} per jaar meefinancieren, en {goes_nl} {where_nl}.")
        en = (f"{gets_en}Limited by private co-financing: the companies can co-finance "
              f"{fmt.eur(kk)} a year, and {goes_en} {where_en}.")
        ch_nl, ch_en = _resolved_text(ch, f"{step} meer cofinanciering per jaar",
                                      f"{step} more co-financing a year")
        numbers["private_capacity_eur"] = kk
        numbers["min_private_share"] = float(_share(par, cats[0]))
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
              f"{fmt.pct(par.max_share)} van het totale budget krijgen ({fmt.eur(limit)})")
        en = (f"{gets_en}Limited by the maximum share per municipality: {muni} may get at most "
              f"{fmt.pct(par.max_share)} of the total budget ({fmt.eur(limit)})")
        if not k.funded and limit >= 1.0:  # the row binds (it has value): all to the others
            nl += f", en die ruimte gaat naar andere terreinen in {muni}"
            en += f", and that room goes to other parks in {muni}"
        nl, en = nl + ".", en + "."
        ch_nl, ch_en = _resolved_text(ch, f"{step} meer ruimte voor {muni}",
                                      f"{step} more room for {muni}")
        ch_nl, ch_en = _room_goes_to(k, ch, ch_nl, ch_en)
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
            if value >= price - EQUAL_VALUE_TOL * max(1.0, abs(price)):
                # as much as the budget's price: a tie, which the tie rule settles (ties.py)
                nl = (f"Krijgt niets, al levert geld hier evenveel op als elders: de beste "
                      f"besteding hier ({k.labels[c]}) levert {fmt.points(value, 2)} "
                      f"waardepunten per € 1.000 in {yr}, precies de budgetprijs. Bij gelijke "
                      "waarde beslist de regel voor gelijkwaardige verdelingen wie het geld "
                      f"krijgt, en die geeft het hier aan andere terreinen; {own_nl}.")
                en = (f"Gets nothing, although money here adds as much as elsewhere: the best "
                      f"use here ({k.labels[c]}) yields {fmt.points(value, 2)} value points per "
                      f"€ 1.000 in {yr}, exactly the budget price. At equal value the rule for "
                      "equally good allocations decides who gets the money, and here it gives "
                      f"it to other parks; {own_en}.")
            else:
                nl = (f"Krijgt niets: andere terreinen leveren meer op. De beste besteding hier "
                      f"({k.labels[c]}) levert {fmt.points(value, 2)} waardepunten per € 1.000 "
                      f"in {yr}; de budgetprijs is {fmt.points(price, 2)}; {own_nl}.")
                en = (f"Gets nothing: other parks give more. The best use here ({k.labels[c]}) "
                      f"yields {fmt.points(value, 2)} value points per € 1.000 in {yr}; the "
                      f"budget price is {fmt.points(price, 2)}; {own_en}.")
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
    pairs_of = by_key(model.index.pair_park, par.n_parks)  # every park's pairs at once
    out: dict[str, ParkExplanation] = {}
    for p, pid in enumerate(par.park_ids):
        if not par.eligible[p].any():
            out[pid] = _not_eligible(par, labels, p, pid)
            continue
        k = _Park(scenario, model, sol, p, checks.get(p, []), prices, pairs_of[p])
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
