"""Domain types: the validated, frozen input of one allocation run.

Everything after the workbook reader trusts these types (docs/contracts/STYLE.md, example 1). Field names are the
canonical workbook names of docs/contracts/WORKBOOK.md; defaults are those of docs/contracts/MODEL.md.

A `Scenario` is immutable; `Scenario.with_changes` returns a re-validated copy, which is how the
app applies an assumption change.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

GOALS: tuple[str, ...] = ("energy", "circularity", "economy", "cooperation")
GOAL_LABELS_NL = {
    "energy": "Energie",
    "circularity": "Circulariteit",
    "economy": "Economie",
    "cooperation": "Samenwerking",
}
GOAL_LABELS_EN = {g: g.capitalize() for g in GOALS}

MAX_EUR = 1e10
MAX_PARKS = 10_000
MAX_YEARS = 30
ORGANISATION_LEVELS = (0, 1, 2, 3, 4)

Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Euro = Annotated[float, Field(ge=0.0, le=MAX_EUR, allow_inf_nan=False)]
NonNeg = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Level = Annotated[int, Field(ge=0, le=4)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Park(_Frozen):
    park_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    municipality: Annotated[str, Field(min_length=1)]
    region: str | None = None
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None
    area_ha: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)]
    companies: Annotated[int, Field(ge=0, le=100_000)]
    jobs: Annotated[int, Field(ge=0, le=1_000_000)]
    strategic: bool = False
    organisation_level: Level
    draagvlak: Share
    private_capacity_eur: Euro
    municipal_team: bool = False
    absorption_capacity_eur: Euro | None = None
    potential_energy: Share
    potential_circularity: Share
    potential_economy: Share
    potential_cooperation: Share

    def potential(self, goal: str) -> float:
        return float(getattr(self, f"potential_{goal}"))


class Category(_Frozen):
    category: Annotated[str, Field(min_length=1, max_length=64)]
    label: str = ""
    min_private_share: Annotated[float, Field(ge=0.0, le=0.95, allow_inf_nan=False)]
    min_organisation_level: Level = 0
    requires_municipal_team: bool = False
    min_draagvlak: Share = 0.0
    max_per_park_year_eur: Euro | None = None
    impact_energy: NonNeg = 0.0
    impact_circularity: NonNeg = 0.0
    impact_economy: NonNeg = 0.0
    impact_cooperation: NonNeg = 0.0

    @property
    def matching_ratio(self) -> float:
        """r_c: private euros required per public euro."""
        return self.min_private_share / (1.0 - self.min_private_share)

    def impact(self, goal: str) -> float:
        return float(getattr(self, f"impact_{goal}"))


class ReturnSegment(_Frozen):
    up_to_share: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None
    multiplier: NonNeg


class BudgetYear(_Frozen):
    year: Annotated[int, Field(ge=2000, le=2100)]
    budget_eur: Euro


class Settings(_Frozen):
    weight_energy: NonNeg = 0.30
    weight_circularity: NonNeg = 0.20
    weight_economy: NonNeg = 0.25
    weight_cooperation: NonNeg = 0.25
    discount_rate: Annotated[float, Field(ge=0.0, le=0.5, allow_inf_nan=False)] = 0.03
    draagvlak_effect: Share = 0.5
    capacity_growth: NonNeg = 0.5
    carry_over: bool = False
    organisation_category: str = "organisation"
    strategic_floor_eur: Euro = 0.0
    max_municipality_share: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)] = 1.0
    capacity_level_0: Euro = 25_000.0
    capacity_level_1: Euro = 50_000.0
    capacity_level_2: Euro = 100_000.0
    capacity_level_3: Euro = 200_000.0
    capacity_level_4: Euro = 400_000.0

    @model_validator(mode="after")
    def _weights_not_all_zero(self) -> Settings:
        if sum(self.weight(g) for g in GOALS) <= 0:
            raise ValueError("goal weights are all zero / de doelgewichten zijn allemaal nul")
        return self

    def weight(self, goal: str) -> float:
        return float(getattr(self, f"weight_{goal}"))

    def normalised_weights(self) -> dict[str, float]:
        total = sum(self.weight(g) for g in GOALS)
        return {g: self.weight(g) / total for g in GOALS}

    def capacity_level(self, level: int) -> float:
        return float(getattr(self, f"capacity_level_{level}"))


SETTING_KEYS: tuple[str, ...] = tuple(Settings.model_fields)

DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(
        category="organisation", label="Professionalisering parkmanagement",
        min_private_share=0.25, min_organisation_level=0, requires_municipal_team=False,
        min_draagvlak=0.0, max_per_park_year_eur=None,
        impact_energy=0.5, impact_circularity=0.5, impact_economy=1.0, impact_cooperation=3.0,
    ),
    Category(
        category="area_process", label="Gebiedsprocessen",
        min_private_share=0.25, min_organisation_level=1, requires_municipal_team=True,
        min_draagvlak=0.3, max_per_park_year_eur=None,
        impact_energy=1.0, impact_circularity=1.0, impact_economy=1.5, impact_cooperation=1.5,
    ),
    Category(
        category="collective", label="Collectieve projecten",
        min_private_share=0.50, min_organisation_level=2, requires_municipal_team=True,
        min_draagvlak=0.5, max_per_park_year_eur=500_000,
        impact_energy=3.0, impact_circularity=2.0, impact_economy=1.0, impact_cooperation=0.5,
    ),
)

DEFAULT_RETURNS: tuple[ReturnSegment, ...] = (
    ReturnSegment(up_to_share=0.2, multiplier=1.0),
    ReturnSegment(up_to_share=0.5, multiplier=0.6),
    ReturnSegment(up_to_share=None, multiplier=0.3),
)


class Scenario(_Frozen):
    """The whole validated input: parks, budget years, categories, returns and settings."""

    parks: Annotated[tuple[Park, ...], Field(min_length=1, max_length=MAX_PARKS)]
    budget: Annotated[tuple[BudgetYear, ...], Field(min_length=1, max_length=MAX_YEARS)]
    categories: Annotated[tuple[Category, ...], Field(min_length=1)] = DEFAULT_CATEGORIES
    returns: Annotated[tuple[ReturnSegment, ...], Field(min_length=1)] = DEFAULT_RETURNS
    settings: Settings = Settings()
    source: str = ""  # where the data came from (file name or "demo"); shown, not modelled

    @model_validator(mode="after")
    def _cross_checks(self) -> Scenario:
        problems: list[str] = []
        ids = [p.park_id for p in self.parks]
        dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
        if dupes:
            problems.append(f"duplicate park ids: {', '.join(dupes[:10])}")
        cats = [c.category for c in self.categories]
        if len(set(cats)) != len(cats):
            problems.append("duplicate category ids")
        years = [b.year for b in self.budget]
        if years != list(range(years[0], years[0] + len(years))):
            problems.append("budget years must be consecutive, without gaps or repeats")
        if self.settings.organisation_category not in cats:
            problems.append(
                f"organisation_category '{self.settings.organisation_category}' is not a category"
            )
        shares = [r.up_to_share for r in self.returns]
        if shares[-1] is not None:
            problems.append("the last returns row must have a blank up_to_share")
        inner = [s for s in shares[:-1] if s is not None]
        if len(inner) != len(shares) - 1:
            problems.append("only the last returns row may have a blank up_to_share")
        elif any(b <= a for a, b in zip(inner, inner[1:], strict=False)):
            problems.append("returns up_to_share must be strictly increasing")
        mults = [r.multiplier for r in self.returns]
        if any(b > a for a, b in zip(mults, mults[1:], strict=False)):
            problems.append("returns multipliers must never increase")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- convenient views -------------------------------------------------------------------
    @property
    def years(self) -> list[int]:
        return [b.year for b in self.budget]

    @property
    def budgets(self) -> dict[int, float]:
        return {b.year: b.budget_eur for b in self.budget}

    def category(self, category_id: str) -> Category:
        for c in self.categories:
            if c.category == category_id:
                return c
        raise KeyError(category_id)

    def absorption_capacity(self, park: Park) -> float:
        """A_p: the park's own figure where given, else the setting for its organisation level."""
        if park.absorption_capacity_eur is not None:
            return park.absorption_capacity_eur
        return self.settings.capacity_level(park.organisation_level)

    def with_changes(self, **changes: Any) -> Scenario:
        """A re-validated copy with top-level fields replaced (settings=..., budget=...)."""
        data = self.model_dump()
        for key, value in changes.items():
            data[key] = value.model_dump() if isinstance(value, BaseModel) else value
        return Scenario.model_validate(data)

    def with_settings(self, **changes: Any) -> Scenario:
        return self.with_changes(settings=self.settings.model_copy(update=changes).model_dump())

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        return cls.model_validate_json(text)

    def content_hash(self) -> str:
        """Hash of the modelled content (not of `source`): equal inputs give equal hashes."""
        data = _without_negative_zero(self.model_dump(exclude={"source"}))
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def _without_negative_zero(value: Any) -> Any:
    """-0.0 equals 0.0 but JSON spells it differently, and a workbook round trip loses the sign."""
    if isinstance(value, float):
        return value + 0.0  # -0.0 + 0.0 == +0.0
    if isinstance(value, dict):
        return {k: _without_negative_zero(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_negative_zero(v) for v in value]
    return value


# -- monitoring: what happened after the plan (kept OUT of Scenario) ------------------------
# A Scenario's content hash keys saved scenarios and caches; monitoring data describe the
# programme's progress and travel next to it (LoadedWorkbook.monitoring), never inside it.

INDICATORS: tuple[str, ...] = (
    "result_energy_mwh", "result_circularity_tonnes", "result_economy_jobs",
    "result_cooperation_projects",
)
INDICATOR_GOAL = dict(zip(INDICATORS, GOALS, strict=True))  # one indicator per goal
PARK_FIELDS_MONITORED: tuple[str, ...] = (
    "organisation_level", "draagvlak", "private_capacity_eur",
)  # the park data a monitoring round updates (the re-plan and roll forward use them)


class MonitoringRecord(_Frozen):
    """One park in one monitoring round: its state then, and its results so far (cumulative
    since the start of the programme). Every measurement is optional."""

    park_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
    round_date: _dt.date
    year_only: bool = False  # the round was given as a year (dated 31 December for ordering)
    organisation_level: Level | None = None
    draagvlak: Share | None = None
    private_capacity_eur: Euro | None = None
    participating_companies: Annotated[int, Field(ge=0, le=100_000)] | None = None
    result_energy_mwh: Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)] | None = None
    result_circularity_tonnes: Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)] | None = None
    result_economy_jobs: Annotated[float, Field(ge=0, le=1e7, allow_inf_nan=False)] | None = None
    result_cooperation_projects: Annotated[float, Field(ge=0, le=1e5, allow_inf_nan=False)] | None = None

    @property
    def round_label(self) -> str:
        """How the round is shown: "2026" for a year, "15-03-2026" for a date."""
        d = self.round_date
        return str(d.year) if self.year_only else f"{d.day:02d}-{d.month:02d}-{d.year}"


class RealisationRecord(_Frozen):
    """Euros actually spent on one park, category and year."""

    park_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
    category: Annotated[str, Field(min_length=1, max_length=64)]
    year: Annotated[int, Field(ge=2000, le=2100)]
    public_eur: Euro
    private_eur: Euro = 0.0


class Monitoring(_Frozen):
    """The monitoring rounds and the realised spending of one workbook."""

    rounds: tuple[MonitoringRecord, ...] = ()
    realisation: tuple[RealisationRecord, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.rounds and not self.realisation

    def round_keys(self) -> list[tuple[_dt.date, bool]]:
        """The distinct rounds, oldest first."""
        return sorted({(r.round_date, r.year_only) for r in self.rounds})

    def realised_years(self) -> list[int]:
        return sorted({r.year for r in self.realisation})

    def latest(self, park_id: str, field_name: str) -> tuple[Any, MonitoringRecord] | None:
        """The most recent value of one measurement for one park, with its round."""
        found = [r for r in self.rounds
                 if r.park_id == park_id and getattr(r, field_name) is not None]
        if not found:
            return None
        rec = max(found, key=lambda r: (r.round_date, r.year_only))
        return getattr(rec, field_name), rec


# -- texts in the user's two languages ------------------------------------------------------


class Bilingual:
    """Anything that carries a message for the user in Dutch and English (issues, findings,
    explanations, results, errors); `message(lang)` picks the language."""

    message_nl: str
    message_en: str

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl


class BilingualError(Bilingual, Exception):
    """An error told in the user's words (Dutch and English); never a traceback."""

    def __init__(self, message_nl: str, message_en: str):
        self.message_nl = message_nl
        self.message_en = message_en
        super().__init__(message_en)


def validation_problems(err: Any, lang: str = "nl") -> list[tuple[tuple[Any, ...], str]]:
    """A pydantic ValidationError as (location, text) per problem, the text in the user's
    language (the one translation of pydantic's kinds: the workbook reader's messages and the
    editors' both use it); limits in that language's notation. A model rule's own message
    ("Value error, ...") is kept as the rule wrote it."""
    from allocation.format import num_in

    def n(value: object) -> str:
        return num_in(float(value), lang) if isinstance(value, int | float) else str(value)

    out: list[tuple[tuple[Any, ...], str]] = []
    for e in err.errors(include_url=False):
        ctx = e.get("ctx") or {}
        ge, gt, le, lt = (n(ctx.get(k)) for k in ("ge", "gt", "le", "lt"))
        longest = ctx.get("max_length")
        texts = {
            "greater_than_equal": (f"moet minstens {ge} zijn", f"must be at least {ge}"),
            "greater_than": (f"moet groter zijn dan {gt}", f"must be greater than {gt}"),
            "less_than_equal": (f"mag hoogstens {le} zijn", f"must be at most {le}"),
            "less_than": (f"moet kleiner zijn dan {lt}", f"must be less than {lt}"),
            "string_too_short": ("mag niet leeg zijn", "must not be empty"),
            "string_too_long": (f"is te lang (hoogstens {longest} tekens)",
                                f"is too long (at most {longest} characters)"),
            "string_pattern_mismatch": ("alleen letters, cijfers, '-', '_' en '.' toegestaan",
                                        "only letters, digits, '-', '_' and '.' allowed"),
            "missing": ("ontbreekt", "is missing"),
            "finite_number": ("moet een eindig getal zijn", "must be a finite number"),
            "float_parsing": ("moet een getal zijn", "must be a number"),
            "float_type": ("moet een getal zijn", "must be a number"),
            "int_parsing": ("moet een geheel getal zijn", "must be a whole number"),
            "int_type": ("moet een geheel getal zijn", "must be a whole number"),
            "int_from_float": ("moet een geheel getal zijn", "must be a whole number"),
            "bool_parsing": ("moet ja of nee zijn", "must be yes or no"),
            "bool_type": ("moet ja of nee zijn", "must be yes or no"),
            "too_short": ("mag niet leeg zijn", "must not be empty"),
            "literal_error": ("is geen van de toegestane waarden",
                              "is not one of the allowed values"),
        }.get(str(e.get("type", "")))
        if texts is not None:
            text = texts[1 if lang == "en" else 0]
        else:
            text = str(e.get("msg", "")).removeprefix("Value error, ")
        out.append((tuple(e.get("loc", ())), text))
    return out


# -- problems found in the input ------------------------------------------------------------


@dataclass(frozen=True)
class InputIssue(Bilingual):
    """One problem (or warning) in the user's input, located as the user sees it."""

    sheet: str
    row: int | None
    column: str | None
    value: str | None
    message_nl: str
    message_en: str
    severity: Literal["error", "warning"] = "error"

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
            "severity": self.severity,
        }

    def render(self, lang: str = "nl") -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(f"{'row' if lang == 'en' else 'rij'} {self.row}")
        if self.column:
            where.append(f"{'column' if lang == 'en' else 'kolom'} {self.column}")
        loc = ", ".join(where)
        val = f" ({'value' if lang == 'en' else 'waarde'}: {self.value!r})" if self.value is not None else ""
        return f"{loc}{val}: {self.message(lang)}" if loc else f"{self.message(lang)}{val}"


class WorkbookError(Exception):
    """The input could not be used; carries every problem found (and the warnings)."""

    def __init__(self, issues: list[InputIssue], warnings: list[InputIssue] | None = None):
        self.issues = list(issues)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(i.render("en") for i in self.issues[:20]))


@dataclass
class LoadedWorkbook:
    """A valid scenario plus the warnings found while reading it."""

    scenario: Scenario
    warnings: list[InputIssue] = field(default_factory=list)
    monitoring: Monitoring | None = None  # sheets monitoring/realisatie, when present
