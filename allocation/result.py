"""The typed outcome of one allocation run (what every consumer of `solve` reads).

`solve.solve(scenario)` fills an `AllocationResult`; the app, the CLI, the results workbook and
the scenario store only read it. All tables are plain pandas DataFrames with the columns listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from allocation.domain import Bilingual

Status = Literal["optimal", "infeasible", "time_limit", "error"]

# How each status reads for a user (Dutch, English).
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "optimal": ("optimaal", "optimal"),
    "infeasible": ("onhaalbaar", "infeasible"),
    "time_limit": ("tijdslimiet (niet bewezen optimaal)", "time limit (not proven optimal)"),
    "error": ("fout", "error"),
}


def status_label(status: str, lang: str = "nl") -> str:
    nl, en = STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else nl

# Why a park gets what it gets (MODEL.md, "Reported quantities"). One code per park.
EXPLANATION_CODES = (
    "not_eligible",  # rule 1 for every category (details say which sub-rule)
    "private_capacity",  # rule 2 binding
    "absorption",  # rule 3 binding
    "category_cap",  # rule 4 binding
    "municipality_share",  # rule 6 binding
    "floor",  # rule 7: only the strategic floor gives it money
    "outcompeted",  # marginal value below the year's budget price
    "saturated",  # diminishing returns: more money adds too little (budget not binding)
)

ALLOCATION_COLUMNS = ["park_id", "category", "year", "public_eur", "private_eur"]


@dataclass(frozen=True)
class ParkExplanation(Bilingual):
    park_id: str
    code: str  # one of EXPLANATION_CODES
    message_nl: str
    message_en: str
    numbers: dict[str, float] = field(default_factory=dict)  # the figures quoted in the message
    what_would_change_nl: str = ""
    what_would_change_en: str = ""

    def what_would_change(self, lang: str = "nl") -> str:
        return self.what_would_change_en if lang == "en" else self.what_would_change_nl


@dataclass(frozen=True)
class Finding(Bilingual):
    """One line of an infeasibility diagnosis, in the province's words."""

    rule: str  # e.g. "budget", "private_capacity", "absorption", "municipality_share", "floor"
    message_nl: str
    message_en: str
    amount_eur: float | None = None  # how much to relax, where known


@dataclass(frozen=True)
class Diagnosis:
    """Why a scenario is infeasible: cheap arithmetic checks, then an elastic re-solve."""

    arithmetic: list[Finding]
    relaxations: list[Finding]

    @property
    def findings(self) -> list[Finding]:
        return [*self.arithmetic, *self.relaxations]

    def summary(self, lang: str = "nl") -> str:
        """One sentence with the change that makes the scenario solvable (for the projector).

        Minimal version (the UI branch): when the elastic re-solve relaxes only strategic floors,
        lowering the floor for every park by the largest relaxation meets them all; otherwise the
        first relaxation with an amount, else the first arithmetic finding."""
        from allocation import format as fmt

        amounts = [f for f in self.relaxations if f.amount_eur is not None]
        if amounts and all(f.rule == "floor" for f in amounts):
            most = fmt.eur(amounts[0].amount_eur)  # listed largest first, then a total of the rest
            return (f"Lower the strategic floor by {most} per park per year to make the "
                    "allocation possible." if lang == "en" else
                    f"Verlaag de strategische bodem met {most} per terrein per jaar om een "
                    "verdeling mogelijk te maken.")
        first = amounts[0] if amounts else (self.arithmetic[0] if self.arithmetic else None)
        if first is None:
            return ("No allocation is possible with these assumptions." if lang == "en" else
                    "Met deze aannames is geen verdeling mogelijk.")
        return " ".join(first.message(lang).split())


@dataclass
class SolutionTables:
    """A solution turned into the tables users see (solve.extract fills it)."""

    objective: float | None
    # long table: park_id, category, year, public_eur, private_eur (rows with a positive amount)
    allocation: pd.DataFrame
    # year, budget_eur, public_eur, private_eur, unallocated_eur, shadow_price (points per €1.000)
    by_year: pd.DataFrame
    # category, label, public_eur, private_eur, value_points
    by_category: pd.DataFrame
    # municipality, public_eur, private_eur, parks_funded
    by_municipality: pd.DataFrame
    # region, public_eur, private_eur, parks_funded
    by_region: pd.DataFrame
    # park_id, name, municipality, region, strategic, organisation_level, draagvlak,
    # private_capacity_eur, latitude, longitude, public_eur, private_eur, value_points,
    # eligible (bool), code, explanation_nl, explanation_en
    by_park: pd.DataFrame
    value_by_goal: dict[str, float]
    budget_shadow_price: dict[int, float]  # value points per extra €1.000 in that year


@dataclass
class AllocationResult(SolutionTables, Bilingual):
    """The tables of `SolutionTables` plus how the run ended, the explanations and timings."""

    status: Status
    message_nl: str
    message_en: str
    explanations: dict[str, ParkExplanation]
    diagnosis: Diagnosis | None
    timings: dict[str, float]  # seconds: read, build, solve, extract, explain
    time_limit_s: float
    tie_break_rule_nl: str = ""
    tie_break_rule_en: str = ""

    @property
    def has_allocation(self) -> bool:
        return self.status in ("optimal", "time_limit")

    @property
    def total_public(self) -> float:
        return float(self.allocation["public_eur"].sum()) if len(self.allocation) else 0.0

    @property
    def total_private(self) -> float:
        return float(self.allocation["private_eur"].sum()) if len(self.allocation) else 0.0

    @property
    def leverage(self) -> float:
        """Private euros mobilised per public euro (Σy / Σx)."""
        return self.total_private / self.total_public if self.total_public > 0 else 0.0

    def kpis(self) -> dict[str, Any]:
        """Headline figures for tiles, the store and comparisons (plain JSON-able values)."""
        budget = float(self.by_year["budget_eur"].sum()) if len(self.by_year) else 0.0
        funded = int((self.by_park["public_eur"] > 0.5).sum()) if len(self.by_park) else 0
        eligible = int(self.by_park["eligible"].sum()) if len(self.by_park) else 0
        return {
            "status": self.status,
            "objective": self.objective,
            "budget_eur": budget,
            "allocated_public_eur": self.total_public,
            "unallocated_eur": budget - self.total_public,
            "private_eur": self.total_private,
            "leverage": self.leverage,
            "parks_funded": funded,
            "parks_eligible": eligible,
            "parks_total": int(len(self.by_park)),
            "solve_seconds": self.timings.get("solve", 0.0),
        }
