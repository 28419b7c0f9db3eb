"""Roll forward: next year's input workbook from the latest monitoring round.

    roll_forward(scenario, monitoring) -> (Scenario, Monitoring, [RollNote])
    write_rolled_forward(scenario, monitoring, path=None) -> bytes

The new workbook keeps what is still to be decided:
- parks: the plan's parks with organisation level, draagvlak and private capacity from the
  latest round that measured them (as the re-plan uses them);
- budget: the years after the realised years, each with its budget; with carry-over the money
  not spent in the realised years (Σ budget − Σ realised, or the overspending as a negative)
  is added to the first remaining year, never below 0;
- categories, returns and settings unchanged; the monitoring rounds are kept (the trends go on),
  the realised spending is not (its years are no longer in the budget).
It is an ordinary input workbook: `load_workbook` reads it without changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from allocation import format as fmt
from allocation.domain import Bilingual, BilingualError, BudgetYear, Monitoring, Scenario
from allocation.monitoring.replan import (
    fixed_years,
    realised_amounts,
    updated_scenario,
    years_span,
)


@dataclass(frozen=True)
class RollNote(Bilingual):
    """One line saying what rolling forward carried (Dutch and English)."""

    message_nl: str
    message_en: str


def roll_forward(scenario: Scenario, monitoring: Monitoring | None
                 ) -> tuple[Scenario, Monitoring, list[RollNote]]:
    """The next plan's scenario and monitoring, and notes saying what was carried."""
    updated, changes = updated_scenario(scenario, monitoring)
    realised = realised_amounts(updated, monitoring)
    done = fixed_years(updated, realised)
    rest = [b for b in updated.budget if b.year not in done]
    if not rest:
        raise BilingualError(
            f"Alle jaren ({done[0]}–{done[-1]}) zijn gerealiseerd: er is geen volgend jaar om "
            "te plannen. Voeg jaren toe aan blad budget.",
            f"Every year ({done[0]}–{done[-1]}) is realised: there is no next year to plan. "
            "Add years to sheet budget.")
    notes = [RollNote(
        f"Doorgerold uit '{scenario.source or 'werkboek'}' met de terreingegevens van de "
        f"laatste monitoringsronde ({fmt.count(len(changes), 'wijziging', 'wijzigingen')}).",
        f"Rolled forward from '{scenario.source or 'workbook'}' with the park data of the "
        f"latest monitoring round ({fmt.count(len(changes), 'change', 'changes')}).")]
    if done:
        spent = sum(realised.values())
        budget_done = sum(b.budget_eur for b in updated.budget if b.year in done)
        notes.append(RollNote(
            f"Gerealiseerd {years_span(done)}: {fmt.eur(spent)} van {fmt.eur(budget_done)} "
            "budget.",
            f"Realised {years_span(done)}: {fmt.eur(spent)} of {fmt.eur(budget_done)} budget."))
        if updated.settings.carry_over:
            left = budget_done - spent
            first = rest[0]
            rest[0] = BudgetYear(year=first.year, budget_eur=max(0.0, first.budget_eur + left))
            notes.append(RollNote(
                f"Doorschuiven staat aan: {fmt.eur(left, signed=True)} naar {first.year}.",
                f"Carry-over is on: {fmt.eur(left, signed=True)} to {first.year}."))
    new = updated.with_changes(budget=[b.model_dump() for b in rest],
                               source=f"doorgerold: {scenario.source}"[:200])
    kept = Monitoring(rounds=monitoring.rounds if monitoring is not None else ())
    return new, kept, notes


def write_rolled_forward(scenario: Scenario, monitoring: Monitoring | None,
                         path: Path | str | None = None) -> bytes:
    """The rolled-forward input workbook (Dutch names and notes, with the monitoring rounds)."""
    from allocation.workbook import write_scenario

    new, kept, notes = roll_forward(scenario, monitoring)
    return write_scenario(new, path, notes=[n.message_nl for n in notes], monitoring=kept)
