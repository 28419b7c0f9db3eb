"""Price of a political choice: force parks in or out and see what it costs (docs/contracts/MODEL.md,
"Analyses").

    compute(scenario, choice, progress=None) -> ChoiceResult
    apply_choice(scenario, choice) -> AppliedChoice     (to save a scenario with the choice)

A choice forces parks
  - out: x_{p,·,·} = 0 (column bounds) and its strategic floor dropped;
  - in with an amount E: Σ_{c,t} x_{p,c,t} ≥ E (one added row);
  - in without an amount: the strategic floor F in every year (x_{p,oc,t} ≥ F, as rule 7 gives a
    strategic park) when a floor is set and the park can receive organisation money; otherwise
    the smallest amount that makes the park funded (€ 1 in total: a park counts as funded from
    € 0,50). Which of the two applied is reported per park (`ForcedIn.mode`).

The plan (before) and the choice (after) are two solves of ONE built model kept warm in HiGHS,
each tie-broken as `solve`: the value lost equals the difference of two `solve` runs, and the
parks that lose money are compared allocation to allocation. An infeasible choice gets the
diagnosis: `explain.diagnose` on the scenario with the choice applied when the choice can be
written as data (floors, parks out), and for forced amounts the most the park can receive
within the rules (a warm re-solve that maximises its money).
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import highspy
import numpy as np
import pandas as pd

from allocation import format as fmt
from allocation.analysis import AnalysisOutcome, OutcomeStatus, Progress
from allocation.analysis.points import park_money, solve_point
from allocation.domain import Bilingual, BilingualError, Scenario
from allocation.model import KEUR, Model, build_model
from allocation.result import FUNDED_EUR, Diagnosis, Finding
from allocation.run import WarmModel

HELP_NL = "prijs van een keuze: terreinen verplicht erin (--force-in) of eruit (--force-out)"
SMALLEST_EUR = 1.0  # "funded" starts at € 0,50 (result.FUNDED_EUR); € 1 is the least
MOVE_EUR = 1.0  # a park's money changes when it moves by at least €1
SHEET = "Prijs van keuze"
assert SMALLEST_EUR > FUNDED_EUR

Mode = Literal["amount", "floor", "smallest"]


class ChoiceError(BilingualError):
    """A choice that does not fit the scenario (unknown park, in and out at once, ...)."""


@dataclass(frozen=True)
class Choice:
    """Parks forced in (park id -> at least this many € in total, or None: the floor / the
    smallest amount) and parks forced out."""

    force_in: tuple[tuple[str, float | None], ...] = ()
    force_out: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.force_in and not self.force_out

    def describe(self, lang: str = "nl") -> str:
        en = lang == "en"
        parts = []
        for pid, amount in self.force_in:
            if amount is None:
                parts.append(f"{pid} in" if en else f"{pid} erin")
            else:
                parts.append(f"{pid} in with at least {fmt.eur(amount)}" if en
                             else f"{pid} erin met minstens {fmt.eur(amount)}")
        parts += [f"{pid} out" if en else f"{pid} eruit" for pid in self.force_out]
        return "; ".join(parts)


@dataclass(frozen=True)
class ForcedIn:
    park_id: str
    mode: Mode
    amount_eur: float  # E (mode amount/smallest) or the floor F per year (mode floor)

    def describe(self, years: int, lang: str = "nl") -> str:
        en = lang == "en"
        if self.mode == "floor":
            return (f"{self.park_id}: the strategic floor of {fmt.eur(self.amount_eur)} for "
                    f"organisation in every year ({years} years)" if en else
                    f"{self.park_id}: de strategische bodem van {fmt.eur(self.amount_eur)} voor "
                    f"organisatie in elk jaar ({years} jaar)")
        if self.mode == "smallest":
            return (f"{self.park_id}: no strategic floor applies, so the smallest amount that "
                    f"makes the park funded: {fmt.eur(self.amount_eur)} in total" if en else
                    f"{self.park_id}: er geldt geen strategische bodem, dus het kleinste bedrag "
                    f"waarmee het terrein geld krijgt: {fmt.eur(self.amount_eur)} in totaal")
        return (f"{self.park_id}: at least {fmt.eur(self.amount_eur)} in total over the period"
                if en else
                f"{self.park_id}: minstens {fmt.eur(self.amount_eur)} in totaal over de periode")


@dataclass
class ChoiceResult(Bilingual):
    status: OutcomeStatus
    choice: Choice
    forced_in: list[ForcedIn]
    objective_before: float | None
    objective_after: float | None
    park_ids: list[str]
    park_names: list[str]
    public_before: np.ndarray | None = None  # [P] €
    public_after: np.ndarray | None = None
    private_before: np.ndarray | None = None
    private_after: np.ndarray | None = None
    n_years: int = 0
    diagnosis: Diagnosis | None = None
    message_nl: str = ""
    message_en: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    ran_out_of_time: bool = False  # no allocation (before or with the choice) in time

    @property
    def value_lost(self) -> float | None:
        if self.objective_before is None or self.objective_after is None:
            return None
        return self.objective_before - self.objective_after

    @property
    def value_lost_share(self) -> float | None:
        lost = self.value_lost
        if lost is None or not self.objective_before:
            return None
        return lost / self.objective_before

    def changes(self) -> pd.DataFrame:
        """Every park whose public money changes (≥ €1): park_id, name, public before/after,
        public_eur_change, private_eur_change; losers first (largest loss first)."""
        cols = ["park_id", "name", "public_eur_before", "public_eur_after", "public_eur_change",
                "private_eur_change"]
        if self.public_before is None or self.public_after is None:
            return pd.DataFrame(columns=cols)
        assert self.private_before is not None and self.private_after is not None
        d = self.public_after - self.public_before
        moved = np.nonzero(np.abs(d) >= MOVE_EUR)[0]
        ids = np.array(self.park_ids, dtype=object)[moved].astype(str)
        order = moved[np.lexsort((ids, d[moved]))]
        return pd.DataFrame({
            "park_id": [self.park_ids[i] for i in order],
            "name": [self.park_names[i] for i in order],
            "public_eur_before": self.public_before[order],
            "public_eur_after": self.public_after[order],
            "public_eur_change": d[order],
            "private_eur_change": (self.private_after - self.private_before)[order],
        }, columns=cols)

    def losing(self) -> pd.DataFrame:
        ch = self.changes()
        return ch[ch["public_eur_change"] < 0].reset_index(drop=True)

    @property
    def budget_moved(self) -> float | None:
        """Public € taken from the parks that lose money (it goes to the forced parks, to
        other parks, or stays unallocated)."""
        if self.public_before is None or self.public_after is None:
            return None
        d = self.public_after - self.public_before
        return float(-d[d <= -MOVE_EUR].sum()) + 0.0  # never "-0"

    @property
    def unallocated_change(self) -> float | None:
        """Change in unallocated budget (positive: more budget left unspent after the choice)."""
        if self.public_before is None or self.public_after is None:
            return None
        return float(self.public_before.sum() - self.public_after.sum())


# -- the choice on the model -------------------------------------------------------------


def check_choice(scenario: Scenario, choice: Choice) -> None:
    """Raise ChoiceError when the choice does not fit the scenario."""
    ids = {p.park_id for p in scenario.parks}
    named = [pid for pid, _ in choice.force_in] + list(choice.force_out)
    unknown = sorted({pid for pid in named if pid not in ids})
    if unknown:
        raise ChoiceError(f"Onbekend terrein: {', '.join(unknown)}.",
                          f"Unknown park: {', '.join(unknown)}.")
    both = sorted({pid for pid, _ in choice.force_in} & set(choice.force_out))
    if both:
        raise ChoiceError(f"Een terrein kan niet tegelijk erin en eruit: {', '.join(both)}.",
                          f"A park cannot be forced in and out at once: {', '.join(both)}.")
    seen: set[str] = set()
    for pid in named:
        if pid in seen:
            raise ChoiceError(f"Terrein {pid} staat twee keer in de keuze.",
                              f"Park {pid} appears twice in the choice.")
        seen.add(pid)
    for pid, amount in choice.force_in:
        if amount is not None and (not math.isfinite(amount) or amount <= 0):
            raise ChoiceError(f"Het bedrag voor {pid} moet een positief getal zijn.",
                              f"The amount for {pid} must be a positive number.")
    if choice.empty:
        raise ChoiceError("Kies minstens één terrein om erin of eruit te zetten.",
                          "Choose at least one park to force in or out.")


def interpret(scenario: Scenario, model: Model, choice: Choice) -> list[ForcedIn]:
    """How each forced-in park is forced (module docstring)."""
    par = model.params
    pos = {pid: i for i, pid in enumerate(par.park_ids)}
    out = []
    for pid, amount in choice.force_in:
        p = pos[pid]
        if amount is not None:
            out.append(ForcedIn(pid, "amount", float(amount)))
        elif par.floor > 0 and par.eligible[p, par.oc]:
            out.append(ForcedIn(pid, "floor", float(par.floor)))
        else:
            out.append(ForcedIn(pid, "smallest", SMALLEST_EUR))
    return out


def _park_cols(model: Model, p: int) -> np.ndarray:
    """x columns of park p (all its eligible categories and years), flat."""
    idx = model.index
    cols: np.ndarray = idx.x_cols()[idx.pair_park == p].ravel()
    return cols


def _apply(warm: WarmModel, choice: Choice, forced: list[ForcedIn]) -> dict[str, int]:
    """Put the choice on the warm model; the row added per forced amount, by park id."""
    model = warm.model
    par, idx = model.params, model.index
    pos = {pid: i for i, pid in enumerate(par.park_ids)}
    for pid in choice.force_out:
        cols = _park_cols(model, pos[pid])
        warm.set_col_bounds(cols, np.zeros(len(cols)), np.zeros(len(cols)))
    rows: dict[str, int] = {}
    for f in forced:
        p = pos[f.park_id]
        if f.mode == "floor":
            e = np.nonzero((idx.pair_park == p) & (idx.pair_cat == par.oc))[0]
            cols = idx.x_cols()[e].ravel()
            upper = model.lp.col_upper[cols] * KEUR
            lower = np.maximum(model.lp.col_lower[cols] * KEUR, f.amount_eur)
            warm.set_col_bounds(cols, lower, upper)
        else:
            cols = _park_cols(model, p)
            rows[f.park_id] = warm.add_row(cols, np.ones(len(cols)), f.amount_eur / KEUR,
                                           highspy.kHighsInf)
    return rows


def compute(scenario: Scenario, choice: Choice, progress: Progress | None = None,
            time_limit_s: float = 60.0) -> ChoiceResult:
    """The value of the plan before and after the choice (module docstring). Raises
    ChoiceError for a choice that does not fit the scenario."""
    check_choice(scenario, choice)
    start = time.perf_counter()
    model = build_model(scenario)
    par = model.params
    forced = interpret(scenario, model, choice)
    res = ChoiceResult("optimal", choice, forced, None, None, list(par.park_ids),
                       [p.name for p in scenario.parks], n_years=par.n_years)
    warm = WarmModel(model)
    before = solve_point(warm, time_limit_s, first=True)
    if progress is not None:
        progress(1, 2)
    if before.status == "infeasible":
        from allocation.explain import diagnose

        res.status, res.diagnosis = "infeasible", diagnose(scenario, time_limit_s)
        res.message_nl = "Het plan zelf heeft al geen toelaatbare verdeling (zie de diagnose)."
        res.message_en = "The plan itself has no feasible allocation (see the diagnosis)."
        res.seconds = time.perf_counter() - start
        return res
    if before.x is None:
        res.status, res.ran_out_of_time = "error", before.status == "no_solution"
        res.message_nl = f"De berekening van het plan stopte zonder antwoord ({before.status})."
        res.message_en = f"Computing the plan stopped without an answer ({before.status})."
        return res
    res.objective_before = before.objective
    res.public_before, res.private_before = park_money(model, before.x)

    not_eligible = [f.park_id for f in forced
                    if not par.eligible[par.park_ids.index(f.park_id)].any()]
    rows = _apply(warm, choice, forced)
    after = solve_point(warm, time_limit_s, dual=True) if not not_eligible else None
    if progress is not None:
        progress(2, 2)
    if after is None or after.status == "infeasible":
        res.status = "infeasible"
        res.diagnosis = _diagnose(scenario, warm, choice, forced, rows, not_eligible,
                                  time_limit_s)
        res.message_nl = "Met deze keuze is er geen toelaatbare verdeling (zie de diagnose)."
        res.message_en = "With this choice there is no feasible allocation (see the diagnosis)."
    elif after.x is None:
        res.status, res.ran_out_of_time = "error", after.status == "no_solution"
        res.message_nl = f"De berekening met de keuze stopte zonder antwoord ({after.status})."
        res.message_en = f"Computing the choice stopped without an answer ({after.status})."
    else:
        res.objective_after = after.objective
        res.public_after, res.private_after = park_money(model, after.x)
        if "time_limit" in (before.status, after.status):
            res.status = "time_limit"
    res.seconds = time.perf_counter() - start
    return res


def _diagnose(scenario: Scenario, warm: WarmModel, choice: Choice, forced: list[ForcedIn],
              rows: dict[str, int], not_eligible: list[str], time_limit_s: float) -> Diagnosis:
    """Why the choice has no feasible allocation (module docstring)."""
    findings: list[Finding] = []
    for pid in not_eligible:
        findings.append(Finding(
            "eligibility",
            f"Terrein {pid} komt voor geen enkele categorie in aanmerking (organisatiegraad, "
            "draagvlak of gebiedsteam): het kan niet verplicht geld krijgen.",
            f"Park {pid} is eligible for no category (organisation level, support or municipal "
            "team): it cannot be forced to receive money."))
    if not_eligible:
        return Diagnosis(arithmetic=findings, relaxations=[])
    model = warm.model
    pos = {pid: i for i, pid in enumerate(model.params.park_ids)}
    amounts = [f for f in forced if f.mode != "floor"]
    for f in amounts:
        # the most this park can receive with every other part of the choice in place
        cp = warm.checkpoint(np.zeros(0), np.array([rows[f.park_id]]))
        warm.set_row_bounds(rows[f.park_id], 0.0, highspy.kHighsInf)
        cols = _park_cols(model, pos[f.park_id])
        cost = np.zeros(model.lp.n_cols)
        cost[cols] = 1.0
        warm.set_objective(cost, maximise=True)
        run = warm.run(time_limit_s)
        warm.rollback(cp)
        if run.status == "optimal" and run.objective is not None:
            most = math.floor(run.objective * KEUR)
            if most < f.amount_eur:
                findings.append(Finding(
                    "force_in",
                    f"Terrein {f.park_id} kan binnen de regels (cofinanciering, opnamecapaciteit, "
                    f"categoriegrens, budget, gemeenteaandeel en de bodems) hoogstens "
                    f"{fmt.eur(most)} ontvangen; gevraagd is {fmt.eur(f.amount_eur)}.",
                    f"Within the rules (co-financing, absorption, category cap, budget, "
                    f"municipality share and the floors) park {f.park_id} can receive at most "
                    f"{fmt.eur(most)}; the choice asks {fmt.eur(f.amount_eur)}.",
                    float(f.amount_eur - most)))
        elif run.status == "infeasible":
            findings.append(Finding(
                "force_in",
                f"Ook zonder het bedrag voor {f.park_id} past de rest van de keuze niet.",
                f"Even without the amount for {f.park_id} the rest of the choice does not fit.",
            ))
    if findings:
        return Diagnosis(arithmetic=findings, relaxations=[])
    if not amounts:
        from allocation.explain import diagnose

        applied = apply_choice(scenario, choice)
        return diagnose(applied.scenario, time_limit_s)
    return Diagnosis(arithmetic=[Finding(
        "force_in",
        "Elk gekozen bedrag past afzonderlijk, maar samen (met de bodems) niet binnen het "
        "budget: verlaag een van de bedragen.",
        "Each chosen amount fits on its own, but together (with the floors) they do not fit "
        "in the budget: lower one of the amounts.")], relaxations=[])


# -- saving a scenario with the choice applied -----------------------------------------------


@dataclass(frozen=True)
class AppliedChoice:
    """The scenario to save for a choice. `exact`: the saved data give exactly the model with
    the choice (parks out: absorption capacity 0 and not strategic, so x = 0 by rule 3 in
    every year; parks in at the floor: strategic). Otherwise (forced amounts) the data cannot
    say it: the scenario is the plan's, and the choice is written in the note."""

    scenario: Scenario
    exact: bool
    note_nl: str
    note_en: str


def apply_choice(scenario: Scenario, choice: Choice) -> AppliedChoice:
    check_choice(scenario, choice)
    model = build_model(scenario)
    forced = interpret(scenario, model, choice)
    exact = all(f.mode == "floor" for f in forced)
    years = len(scenario.years)
    lines_nl = [f.describe(years, "nl") for f in forced]
    lines_en = [f.describe(years, "en") for f in forced]
    lines_nl += [f"{pid}: verplicht eruit (geen geld, geen bodem)" for pid in choice.force_out]
    lines_en += [f"{pid}: forced out (no money, no floor)" for pid in choice.force_out]
    if not exact:
        note_nl = ("Politieke keuze (niet in de gegevens uit te drukken; de gegevens zijn die "
                   "van het plan): " + "; ".join(lines_nl) + ".")
        note_en = ("Political choice (cannot be written as data; the data are the plan's): "
                   + "; ".join(lines_en) + ".")
        return AppliedChoice(scenario, False, note_nl, note_en)
    out_ids = set(choice.force_out)
    in_ids = {f.park_id for f in forced}
    parks = []
    for p in scenario.parks:
        if p.park_id in out_ids:
            parks.append(p.model_copy(update={"absorption_capacity_eur": 0.0,
                                              "strategic": False}).model_dump())
        elif p.park_id in in_ids:
            parks.append(p.model_copy(update={"strategic": True}).model_dump())
        else:
            parks.append(p.model_dump())
    note_nl = ("Politieke keuze toegepast in de gegevens: " + "; ".join(lines_nl)
               + (" (eruit = opnamecapaciteit € 0 en niet strategisch)" if out_ids else "")
               + (" (erin = strategisch terrein)" if in_ids else "") + ".")
    note_en = ("Political choice applied in the data: " + "; ".join(lines_en)
               + (" (out = absorption capacity € 0 and not strategic)" if out_ids else "")
               + (" (in = strategic park)" if in_ids else "") + ".")
    return AppliedChoice(scenario.with_changes(parks=parks), True, note_nl, note_en)


# -- words, tables and the CLI -------------------------------------------------------------


def sentences(res: ChoiceResult, lang: str = "nl") -> list[str]:
    en = lang == "en"
    if res.value_lost is None:
        return [res.message_en if en else res.message_nl] if res.message_nl else []
    out = [
        (f"Value before {fmt.points(res.objective_before, 2)}, after "
         f"{fmt.points(res.objective_after, 2)}: the choice costs "
         f"{fmt.points(res.value_lost, 2)} value points ({fmt.pct(res.value_lost_share)})."
         if en else
         f"Waarde voor {fmt.points(res.objective_before, 2)}, na "
         f"{fmt.points(res.objective_after, 2)}: de keuze kost "
         f"{fmt.points(res.value_lost, 2)} waardepunten ({fmt.pct(res.value_lost_share)})."),
    ]
    losing = res.losing()
    if len(losing):
        out.append(
            f"{fmt.count(len(losing), 'park loses', 'parks lose')} {fmt.eur(res.budget_moved)} of public money in total."
            if en else
            f"{fmt.count(len(losing), 'terrein verliest', 'terreinen verliezen')} samen {fmt.eur(res.budget_moved)} publiek "
            "geld.")
    else:
        out.append("No park loses money." if en else "Geen enkel terrein verliest geld.")
    unalloc = res.unallocated_change
    if unalloc is not None and abs(unalloc) >= MOVE_EUR:
        out.append(
            (f"Unallocated budget {'grows' if unalloc > 0 else 'shrinks'} by "
             f"{fmt.eur(abs(unalloc))}.") if en else
            (f"Het niet toegekende budget {'groeit' if unalloc > 0 else 'krimpt'} met "
             f"{fmt.eur(abs(unalloc))}."))
    return out


def frames(res: ChoiceResult) -> dict[str, pd.DataFrame]:
    """The export sheet: a summary block and one row per park whose money changes."""
    from allocation.result import status_label

    head = [
        ("Keuze", res.choice.describe("nl")),
        *[("Uitleg", f.describe(res.n_years, "nl")) for f in res.forced_in],
        ("Status", status_label(res.status, "nl")),
        ("Waardepunten voor", res.objective_before),
        ("Waardepunten na", res.objective_after),
        ("Waardeverlies (punten)", res.value_lost),
        ("Waardeverlies (%)", None if res.value_lost_share is None
         else 100 * res.value_lost_share),
        ("Verschoven budget (€)", res.budget_moved),
    ]
    if res.diagnosis is not None:
        head += [("Diagnose", f.message_nl) for f in res.diagnosis.findings]
    rows = [{"Onderdeel": k, "Waarde": v, "Terrein": None, "Naam": None,
             "Publiek voor (€)": None, "Publiek na (€)": None, "Verschil publiek (€)": None,
             "Verschil privaat (€)": None} for k, v in head]
    for r in res.changes().itertuples(index=False):
        rows.append({"Onderdeel": "Terrein", "Waarde": None, "Terrein": r.park_id,
                     "Naam": r.name, "Publiek voor (€)": r.public_eur_before,
                     "Publiek na (€)": r.public_eur_after,
                     "Verschil publiek (€)": r.public_eur_change,
                     "Verschil privaat (€)": r.private_eur_change})
    return {SHEET: pd.DataFrame(rows)}


def _force_in(text: str) -> tuple[str, float | None]:
    pid, sep, amount = text.partition("=")
    if not sep:
        return pid.strip(), None
    try:
        value = float(amount.replace("€", "").replace(" ", "").replace("_", ""))
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"'{text}': na '=' volgt een bedrag in euro's, bijvoorbeeld P1=250000") from err
    return pid.strip(), value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force-in", action="append", type=_force_in, default=[],
                        metavar="ID[=EUR]",
                        help="terrein verplicht erin: minstens EUR in totaal, of zonder bedrag "
                             "de strategische bodem in elk jaar (of, zonder bodem, het kleinste "
                             "bedrag waarmee het geld krijgt)")
    parser.add_argument("--force-out", action="append", default=[], metavar="ID",
                        help="terrein verplicht eruit: geen geld, geen bodem")
    from allocation.cli.common import time_limit  # 0,1 s up to a day, as for `solve`

    parser.add_argument("--time-limit", type=time_limit, default=60.0,
                        help="seconden per berekening (standaard 60; minimaal 0,1)")


def run_cli(scenario: Scenario, args: argparse.Namespace) -> AnalysisOutcome:
    choice = Choice(tuple(args.force_in), tuple(args.force_out))
    try:
        res = compute(scenario, choice, time_limit_s=float(args.time_limit))
    except ChoiceError as err:
        return AnalysisOutcome("input_error", {"message": err.message_en}, [err.message_nl])
    losing = res.losing()
    data: dict[str, Any] = {
        "status": res.status,
        "objective_before": res.objective_before,
        "objective_after": res.objective_after,
        "value_lost": res.value_lost,
        "parks_losing": [{"park_id": r.park_id, "public_eur_change": float(r.public_eur_change)}
                         for r in losing.itertuples(index=False)],
        "value_lost_share": res.value_lost_share,
        "budget_moved_eur": res.budget_moved,
        "forced_in": [{"park_id": f.park_id, "mode": f.mode, "amount_eur": f.amount_eur,
                       "meaning": f.describe(res.n_years, "en")} for f in res.forced_in],
        "forced_out": list(choice.force_out),
        "diagnosis": (None if res.diagnosis is None
                      else [f.message_en for f in res.diagnosis.findings]),
    }
    lines = [f"Prijs van een keuze: {choice.describe('nl')} ({fmt.seconds(res.seconds)})."]
    lines += [f"  {f.describe(res.n_years, 'nl')}" for f in res.forced_in]
    lines += sentences(res, "nl")
    for r in losing.itertuples(index=False):
        lines.append(f"  {r.park_id}: {fmt.eur(r.public_eur_change, signed=True)}")
    return AnalysisOutcome(res.status, data, lines, res.diagnosis, no_plan=res.ran_out_of_time)
