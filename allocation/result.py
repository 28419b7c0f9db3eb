"""The typed outcome of one allocation run (what every consumer of `solve` reads).

`allocation.solve(scenario)` (pipeline.py) fills an `AllocationResult`; the app, the CLI, the results workbook and
the scenario store only read it. All tables are plain pandas DataFrames with the columns listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from allocation.domain import Bilingual

# A park counts as funded from half a euro of public money on: below that a solver value is
# rounding, not a grant (tables, tiles, comparisons and analyses all count this way).
FUNDED_EUR = 0.5

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

# Why a park gets what it gets (docs/contracts/MODEL.md, "Reported quantities"). One code per park.
EXPLANATION_CODES = (
    "not_eligible",  # rule 1 for every category (details say which sub-rule)
    "private_capacity",  # rule 2 binding
    "absorption",  # rule 3 binding
    "category_cap",  # rule 4 binding
    "municipality_share",  # rule 6 binding
    "floor",  # rule 7: only the strategic floor gives it money
    "outcompeted",  # its own rules have no value and the budget binds
    "saturated",  # its own rules have no value and the budget does not bind
    "unproven",  # no proven optimum (time limit): no reason is claimed
)

# The codes as a person reads them (nl, en): the results workbook's column "reden".
CODE_LABELS: dict[str, tuple[str, str]] = {
    "not_eligible": ("komt niet in aanmerking", "not eligible"),
    "private_capacity": ("begrensd door de private cofinanciering",
                         "limited by private co-financing"),
    "absorption": ("begrensd door de opnamecapaciteit", "limited by absorption capacity"),
    "category_cap": ("begrensd door de categoriegrens", "limited by the category cap"),
    "municipality_share": ("begrensd door het maximumaandeel per gemeente",
                           "limited by the maximum share per municipality"),
    "floor": ("alleen de strategische bodem", "the strategic floor only"),
    "outcompeted": ("budget gaat naar terreinen die meer opleveren",
                    "budget goes to parks that yield more"),
    "saturated": ("krijgt wat het kan gebruiken", "gets what it can use"),
    "unproven": ("niet bewezen (tijdslimiet)", "not proven (time limit)"),
}


def code_label(code: str, lang: str = "nl") -> str:
    """A reason code in words ('begrensd door de opnamecapaciteit'); an unknown code as is."""
    pair = CODE_LABELS.get(code)
    return code if pair is None else pair[1 if lang == "en" else 0]


ALLOCATION_COLUMNS = ["park_id", "category", "year", "public_eur", "private_eur"]

# The park rules that can limit a park (docs/contracts/MODEL.md rules 2, 3, 4, 6, 7), with their names as the
# user knows them (nl, en). Each explanation carries a marginal value per limit.
PARK_LIMITS: dict[str, tuple[str, str]] = {
    "private_capacity": ("private cofinanciering", "private co-financing"),
    "absorption": ("opnamecapaciteit", "absorption capacity"),
    "category_cap": ("categoriegrens", "category cap"),
    "municipality_share": ("maximumaandeel per gemeente", "maximum share per municipality"),
    "floor": ("strategische bodem", "strategic floor"),
}


@dataclass(frozen=True)
class ParkExplanation(Bilingual):
    park_id: str
    code: str  # one of EXPLANATION_CODES
    message_nl: str
    message_en: str
    numbers: dict[str, float] = field(default_factory=dict)  # the figures quoted in the message
    what_would_change_nl: str = ""
    what_would_change_en: str = ""
    # value points per extra €1.000 of each of the park's limits (explain.LIMITS); None where
    # the limit does not apply or was not checked
    marginal_value: dict[str, float | None] = field(default_factory=dict)

    def what_would_change(self, lang: str = "nl") -> str:
        return self.what_would_change_en if lang == "en" else self.what_would_change_nl

    def marginal_value_text(self, lang: str = "nl") -> str:
        """'Waarde per € 1.000 extra: private cofinanciering 2,00; opnamecapaciteit 0,00.'
        (the floor: per € 1.000 less); empty when no limit was checked."""
        from allocation import format as fmt

        parts = [f"{PARK_LIMITS[k][1 if lang == 'en' else 0]} {fmt.num(v, 2)}"
                 for k, v in self.marginal_value.items() if v is not None]
        if not parts:
            return ""
        head = ("Value points per € 1.000 more of each limit (the floor: less)" if lang == "en"
                else "Waardepunten per € 1.000 ruimer voor elke grens (de bodem: lager)")
        return f"{head}: {'; '.join(parts)}."


EXPLANATION_TABLE_COLUMNS = ["park_id", "code", "message", "what_would_change",
                             *(f"marginal_value_{k}" for k in PARK_LIMITS)]
# the same columns in the results workbook (sheet toelichting_terreinen)
EXPLANATION_TABLE_NL = {
    "park_id": "terrein_id", "code": "reden", "message": "toelichting",
    "what_would_change": "wat_zou_helpen",
    "marginal_value_private_capacity": "waarde_per_1000_cofinanciering",
    "marginal_value_absorption": "waarde_per_1000_opnamecapaciteit",
    "marginal_value_category_cap": "waarde_per_1000_categoriegrens",
    "marginal_value_municipality_share": "waarde_per_1000_gemeenteaandeel",
    "marginal_value_floor": "waarde_per_1000_lagere_bodem",
}


def explanation_table(explanations: dict[str, ParkExplanation], park_ids: list[str],
                      lang: str = "nl") -> pd.DataFrame:
    """One row per park (in `park_ids` order): code, message, what would change it and the
    marginal value of each limit (value points per € 1.000; NaN where it does not apply).
    The one source of the `solve --json` explanations, the results workbook's sheet
    toelichting_terreinen and the app's explanation panel."""
    rows = []
    for pid in park_ids:
        ex = explanations.get(pid)
        if ex is None:
            continue
        mv = [ex.marginal_value.get(k) for k in PARK_LIMITS]
        rows.append([pid, ex.code, ex.message(lang), ex.what_would_change(lang),
                     *(float("nan") if v is None else float(v) for v in mv)])
    return pd.DataFrame(rows, columns=EXPLANATION_TABLE_COLUMNS)


@dataclass(frozen=True)
class Finding(Bilingual):
    """One line of an infeasibility diagnosis, in the province's words."""

    rule: str  # e.g. "budget", "private_capacity", "absorption", "municipality_share", "floor"
    message_nl: str
    message_en: str
    amount_eur: float | None = None  # how much to relax, where known
    # a single change of a setting: the setting's new value (budget of `year` in €, the floor
    # in €, the municipality share or minimum private share as a fraction, a cap in €)
    new_value: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class Diagnosis:
    """Why a scenario is infeasible: cheap arithmetic checks, then an elastic re-solve."""

    arithmetic: list[Finding]
    relaxations: list[Finding]  # single changes that each suffice, cheapest first (or the
    # elastic re-solve's combined relaxation when no single change does)
    heading_nl: str = ""  # what the relaxations are (not a finding)
    heading_en: str = ""
    single: bool = False  # the relaxations are single changes that each suffice on their own

    @property
    def findings(self) -> list[Finding]:
        return [*self.arithmetic, *self.relaxations]

    def heading(self, lang: str = "nl") -> str:
        return self.heading_en if lang == "en" else self.heading_nl

    def summary(self, lang: str = "nl") -> str:
        """One sentence with the single cheapest change (the presentation page shows it)."""
        first = next((f for f in self.relaxations if f.rule not in ("elastic", "time_limit")),
                     None)
        if first is None:
            return ("No single change was found; see the diagnosis." if lang == "en" else
                    "Er is geen enkele aanpassing gevonden; zie de diagnose.")
        single = self.single
        if lang == "en":
            head = ("Smallest single change" if single
                    else "No single setting suffices; the combined fix starts with")
        else:
            head = ("Kleinste enkele aanpassing" if single
                    else "Geen instelling alleen volstaat; de combinatie begint met")
        text = first.message(lang)
        return f"{head}: {text[:1].lower()}{text[1:]}"


@dataclass
class SolutionTables:
    """A solution turned into the tables users see (`solution.extract` fills it)."""

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
    # a proven upper bound on the optimum: the objective itself when optimal, a weak-duality
    # bound (solution.upper_bound) when the time limit struck, None without an allocation
    objective_bound: float | None = None
    # the time limit came before any allocation was found (status "error", no allocation):
    # the CLI exits 4 and a caller can offer more time rather than report a failure
    ran_out_of_time: bool = False

    @property
    def optimality_gap(self) -> float | None:
        """How far below the optimum the answer may be, as a share of the bound (0 when
        proven optimal); None when unknown."""
        if self.objective is None or self.objective_bound is None:
            return None
        if self.objective_bound <= 0:
            return 0.0
        return max(0.0, (self.objective_bound - self.objective) / self.objective_bound)

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
        funded = int((self.by_park["public_eur"] > FUNDED_EUR).sum()) if len(self.by_park) else 0
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
