"""The sheet specification: limits, the column table (`SHEETS`, `SETTING_SPECS`) and name matching.

One table drives reading, validation and every writer, so names, types and explanations live in
one place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from allocation.domain import (
    GOAL_LABELS_NL,
    GOALS,
    MAX_EUR,
    SETTING_KEYS,
)

# -- limits ---------------------------------------------------------------------------------
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_INFLATED_BYTES = 200 * 1024 * 1024
# Deflate cannot do better than ~1030:1; real spreadsheets stay far below 100:1.
MAX_RATIO = 500
RATIO_MIN_BYTES = 1024 * 1024  # only large parts are judged by their ratio
MAX_ZIP_ENTRIES = 10_000  # parts of one file; a workbook has tens (one or two per sheet)
MAX_TEXT = 32_767
MAX_ROWS = 10_000  # data rows of any sheet but parks (parks: domain.MAX_PARKS)
MAX_WORKSHEET_ROWS = 1_000_000  # all sheets together; only the reference reader (openpyxl) needs it
TEMPLATE_YEARS = tuple(range(2026, 2031))

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"}
)
# Text a spreadsheet may treat as a formula (OWASP "CSV injection" list).
RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# -- the column table (one idea, one place) -------------------------------------------------
@dataclass(frozen=True)
class Col:
    """One column of an input sheet.

    kind: id | text | number | int | bool | share | date (a date cell, a date as text, or a
    year; only in sheet monitoring).  `required`: the column must be present and
    every row needs a value; otherwise an empty cell leaves the domain default.
    """

    name: str
    nl: str
    kind: str
    required: bool
    help_nl: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # lower bound excluded (> instead of >=)
    max_len: int = MAX_TEXT
    fmt: str = "General"
    width: int = 14


@dataclass(frozen=True)
class SheetSpec:
    name: str
    nl: str
    required: bool
    columns: tuple[Col, ...]
    help_nl: str

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


EUR_FMT = '"€ "#,##0'
SHARE_FMT = "0.00"

_GOAL_NL_COL = {
    "energy": "energie",
    "circularity": "circulariteit",
    "economy": "economie",
    "cooperation": "samenwerking",
}

PARKS = SheetSpec(
    "parks", "terreinen", True,
    (
        Col("park_id", "terrein_id", "id", True,
            "Unieke code van het terrein: letters, cijfers, '-', '_' of '.', hoogstens 64 tekens.",
            max_len=64, width=14),
        Col("name", "naam", "text", True, "Naam van het bedrijventerrein (hoogstens 200 tekens).",
            max_len=200, width=34),
        Col("municipality", "gemeente", "text", True, "Gemeente waarin het terrein ligt.",
            width=20),
        Col("region", "regio", "text", False, "Regio (optioneel), voor overzichten per regio.",
            width=20),
        Col("latitude", "breedtegraad", "number", False,
            "Breedtegraad in WGS84 (optioneel), voor de kaart, bijv. 52.0912.",
            lo=-90, hi=90, fmt="0.0000", width=13),
        Col("longitude", "lengtegraad", "number", False,
            "Lengtegraad in WGS84 (optioneel), voor de kaart, bijv. 5.9190.",
            lo=-180, hi=180, fmt="0.0000", width=13),
        Col("area_ha", "oppervlakte_ha", "number", True,
            "Bruto oppervlakte in hectare (groter dan 0, hoogstens 10.000).",
            lo=0, hi=10_000, lo_open=True, fmt="0.0", width=15),
        Col("companies", "bedrijven", "int", True, "Aantal gevestigde bedrijven (geheel getal).",
            lo=0, hi=100_000, fmt="0", width=11),
        Col("jobs", "banen", "int", True, "Aantal banen (werkzame personen, geheel getal).",
            lo=0, hi=1_000_000, fmt="0", width=10),
        Col("strategic", "strategisch", "bool", False,
            "ja/nee: strategisch terrein voor de provincie (leeg = nee).", width=12),
        Col("organisation_level", "organisatiegraad", "int", True,
            "Organisatiegraad 0-4: 0 geen, 1 informeel netwerk, 2 ondernemersvereniging, "
            "3 parkmanagement met parkmanager, 4 BIZ en/of coöperatie.",
            lo=0, hi=4, fmt="0", width=16),
        Col("draagvlak", "draagvlak", "share", True,
            "Draagvlak (willen) als aandeel 0-1: hoeveel ondernemers de aanpak steunen.",
            fmt=SHARE_FMT, width=11),
        Col("private_capacity_eur", "draagkracht_eur", "number", True,
            "Draagkracht (kunnen) in euro per jaar: wat de bedrijven samen per jaar kunnen "
            "meefinancieren.", lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
        Col("municipal_team", "gebiedsteam", "bool", False,
            "ja/nee: de gemeente heeft een vast gebiedsgericht ambtelijk team voor dit terrein "
            "(leeg = nee).", width=12),
        Col("absorption_capacity_eur", "absorptiecapaciteit_eur", "number", False,
            "Optioneel: publiek geld in euro per jaar dat de parkorganisatie kan besteden. Leeg = "
            "de instelling capacity_level_<organisatiegraad>.",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=22),
        *(
            Col(f"potential_{g}", f"potentieel_{_GOAL_NL_COL[g]}", "share", True,
                f"Potentieel voor {GOAL_LABELS_NL[g].lower()} als aandeel 0-1.",
                fmt=SHARE_FMT, width=14)
            for g in GOALS
        ),
    ),
    "Eén rij per bedrijventerrein.",
)

BUDGET = SheetSpec(
    "budget", "budget", True,
    (
        Col("year", "jaar", "int", True,
            "Begrotingsjaar; opeenvolgende jaren zonder gaten of herhalingen, hoogstens 30.",
            lo=2000, hi=2100, fmt="0", width=8),
        Col("budget_eur", "budget_eur", "number", True,
            "Provinciaal transitiebudget in euro voor dat jaar.",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
    ),
    "Eén rij per jaar.",
)

CATEGORIES = SheetSpec(
    "categories", "categorieen", False,
    (
        Col("category", "categorie", "text", True, "Code van de bestedingscategorie.",
            max_len=64, width=16),
        Col("label", "omschrijving", "text", False, "Omschrijving voor schermen en rapporten.",
            width=34),
        Col("min_private_share", "min_privaat_aandeel", "share", True,
            "Minimaal privaat aandeel van de totale projectkosten (0-0,95); 0,5 betekent: "
            "elke publieke euro vraagt een private euro.", hi=0.95, fmt=SHARE_FMT, width=18),
        Col("min_organisation_level", "min_organisatiegraad", "int", False,
            "Minimale organisatiegraad (0-4) van het terrein.", lo=0, hi=4, fmt="0", width=19),
        Col("requires_municipal_team", "vereist_gebiedsteam", "bool", False,
            "ja/nee: alleen voor terreinen met een gebiedsteam van de gemeente.", width=18),
        Col("min_draagvlak", "min_draagvlak", "share", False,
            "Minimaal draagvlak (0-1) van het terrein.", fmt=SHARE_FMT, width=14),
        Col("max_per_park_year_eur", "max_per_terrein_jaar_eur", "number", False,
            "Optioneel plafond in euro publiek geld per terrein per jaar (leeg = geen plafond).",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=22),
        *(
            Col(f"impact_{g}", f"impact_{_GOAL_NL_COL[g]}", "number", False,
                f"Effect op {GOAL_LABELS_NL[g].lower()}: waardepunten per € 1.000 totale "
                "projectkosten bij volledig potentieel (0 of meer).",
                lo=0, hi=1e6, fmt="0.00", width=14)
            for g in GOALS
        ),
    ),
    "Eén rij per bestedingscategorie. Ontbreekt het blad, dan gelden de standaardcategorieën.",
)

RETURNS = SheetSpec(
    "returns", "rendement", False,
    (
        Col("up_to_share", "tot_aandeel", "number", False,
            "Afnemende meeropbrengst: segment loopt tot dit aandeel van de capaciteit van het "
            "terrein over de hele looptijd; strikt oplopend, leeg in de laatste rij.",
            lo=0, hi=1000, lo_open=True, fmt=SHARE_FMT, width=12),
        Col("multiplier", "factor", "number", True,
            "Factor op de waarde in dit segment (0 of meer, nooit hoger dan de rij erboven).",
            lo=0, hi=1e6, fmt=SHARE_FMT, width=10),
    ),
    "Afnemende meeropbrengst: één rij per segment.",
)

SETTINGS = SheetSpec(
    "settings", "instellingen", False,
    (
        Col("key", "sleutel", "text", True, "Naam van de instelling (zie hieronder).", width=26),
        Col("value", "waarde", "any", False, "Waarde van de instelling.", width=16),
    ),
    "Twee kolommen: sleutel en waarde. Een onbekende sleutel is een fout.",
)

# -- monitoring sheets (optional): what happened after the plan -----------------------------
# Read into `domain.Monitoring` (allocation/workbook/monitoring.py), never into the Scenario.
DATE_FMT = "dd-mm-yyyy"
MONITORING = SheetSpec(
    "monitoring", "monitoring", False,
    (
        Col("park_id", "terrein_id", "id", True,
            "Code van het terrein, zoals in blad terreinen.", max_len=64, width=14),
        Col("round", "ronde", "date", True,
            "Datum of jaar van de monitoringsronde (bijv. 15-03-2027 of 2027). Een jaar telt "
            "als 31 december van dat jaar. Per terrein één rij per ronde.", width=12),
        Col("organisation_level", "organisatiegraad", "int", False,
            "Organisatiegraad 0-4 bij deze ronde (leeg = niet gemeten).",
            lo=0, hi=4, fmt="0", width=16),
        Col("draagvlak", "draagvlak", "share", False,
            "Draagvlak (willen) als aandeel 0-1 bij deze ronde (leeg = niet gemeten).",
            fmt=SHARE_FMT, width=11),
        Col("private_capacity_eur", "draagkracht_eur", "number", False,
            "Draagkracht (kunnen): wat de bedrijven nu per jaar kunnen meefinancieren, in euro "
            "(leeg = niet gemeten).", lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
        Col("participating_companies", "deelnemende_bedrijven", "int", False,
            "Aantal bedrijven dat meedoet aan de aanpak (leeg = niet geteld).",
            lo=0, hi=100_000, fmt="0", width=12),
        Col("result_energy_mwh", "resultaat_energie_mwh", "number", False,
            "Energie: MWh bespaard of duurzaam opgewekt sinds de start van het programma "
            "(cumulatief; leeg = niet gemeten).", lo=0, hi=1e9, fmt="#,##0", width=14),
        Col("result_circularity_tonnes", "resultaat_circulariteit_ton", "number", False,
            "Circulariteit: ton materiaal hergebruikt sinds de start (cumulatief).",
            lo=0, hi=1e9, fmt="#,##0", width=14),
        Col("result_economy_jobs", "resultaat_economie_banen", "number", False,
            "Economie: banen behouden of erbij sinds de start (cumulatief).",
            lo=0, hi=1e7, fmt="#,##0", width=14),
        Col("result_cooperation_projects", "resultaat_samenwerking_projecten", "number", False,
            "Samenwerking: gezamenlijke projecten gestart sinds de start (cumulatief).",
            lo=0, hi=1e5, fmt="0", width=14),
    ),
    "Optioneel. Eén rij per terrein per monitoringsronde: organisatiegraad, draagvlak, "
    "draagkracht, deelnemende bedrijven en één resultaat per doel; elke meting is optioneel.",
)

REALISATION = SheetSpec(
    "realisation", "realisatie", False,
    (
        Col("park_id", "terrein_id", "id", True,
            "Code van het terrein, zoals in blad terreinen.", max_len=64, width=14),
        Col("category", "categorie", "text", True,
            "Code van de bestedingscategorie, zoals in blad categorieen.", max_len=64, width=16),
        Col("year", "jaar", "int", True,
            "Begrotingsjaar van de uitgave: een jaar uit blad budget; de gerealiseerde jaren "
            "zijn de eerste jaren van de looptijd.", lo=2000, hi=2100, fmt="0", width=8),
        Col("public_eur", "publiek_eur", "number", True,
            "Werkelijk besteed provinciaal geld in euro (0 of meer).",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
        Col("private_eur", "privaat_eur", "number", False,
            "Werkelijk besteed privaat geld in euro (0 of meer; leeg = 0).",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
    ),
    "Optioneel. Eén rij per terrein, categorie en jaar: wat werkelijk is besteed. Die jaren "
    "liggen vast bij het herplannen.",
)

SHEETS: tuple[SheetSpec, ...] = (PARKS, BUDGET, CATEGORIES, RETURNS, SETTINGS, MONITORING,
                                 REALISATION)
MONITORING_SHEETS: tuple[SheetSpec, ...] = (MONITORING, REALISATION)

# Settings keys: (kind, lo, hi, lo_open, number format, Dutch explanation).
_W = "Gewicht van het doel {g} (0 of meer); de gewichten worden genormaliseerd."
SETTING_SPECS: dict[str, tuple[str, float | None, float | None, bool, str, str]] = {
    **{
        f"weight_{g}": ("number", 0, 1e6, False, "0.00", _W.format(g=GOAL_LABELS_NL[g].lower()))
        for g in GOALS
    },
    "discount_rate": ("share", 0, 0.5, False, "0.000",
                      "Discontovoet per jaar (0-0,5): later geld telt iets minder."),
    "draagvlak_effect": ("share", 0, 1, False, SHARE_FMT,
                         "Effect van draagvlak op de effectiviteit (0-1)."),
    "capacity_growth": ("number", 0, 1000, False, SHARE_FMT,
                        "Fasering: extra absorptiecapaciteit per euro die eerder aan de "
                        "organisatiecategorie is besteed (0 of meer)."),
    "carry_over": ("bool", None, None, False, "General",
                   "ja/nee: niet besteed budget schuift door naar volgende jaren."),
    "organisation_category": ("text", None, None, False, "General",
                              "Code van de categorie die de organisatiekracht versterkt."),
    "strategic_floor_eur": ("number", 0, MAX_EUR, False, EUR_FMT,
                            "Minimumbedrag per jaar voor strategische terreinen in de "
                            "organisatiecategorie (0 = geen bodem)."),
    "max_municipality_share": ("share", 0, 1, True, SHARE_FMT,
                               "Maximaal aandeel van het totale budget per gemeente (>0 en "
                               "hoogstens 1)."),
    **{
        f"capacity_level_{k}": ("number", 0, MAX_EUR, False, EUR_FMT,
                                f"Absorptiecapaciteit in euro per jaar bij organisatiegraad {k}.")
        for k in range(5)
    },
}
assert set(SETTING_SPECS) == set(SETTING_KEYS), "settings table out of date with Settings"

# Sheets the project writes that carry no input (silently skipped when reading).
INFO_SHEETS = frozenset({"toelichting", "explanation"})
RESULT_SHEETS = (
    "samenvatting", "verdeling", "per_terrein", "per_gemeente", "per_categorie", "per_jaar",
    "toelichting_terreinen",
)


# -- small helpers --------------------------------------------------------------------------
def norm_name(name: Any) -> str:
    """Match names without regard to case, accents, NBSP and surrounding/inner white space."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", "_", text.replace("\xa0", " ").strip()).casefold()


def shown_value(value: Any, limit: int = 60) -> str:
    """The value as the user typed it, shortened for a message."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def fmt_num(x: float) -> str:
    """A number as a formula or cell reads it (data validation bounds): 0.25, 10000000000."""
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


SHEET_LOOKUP: dict[str, SheetSpec] = {}
for _spec in SHEETS:
    SHEET_LOOKUP[norm_name(_spec.name)] = _spec
    SHEET_LOOKUP[norm_name(_spec.nl)] = _spec
COL_LOOKUP: dict[str, dict[str, Col]] = {
    s.name: {**{norm_name(c.name): c for c in s.columns}, **{norm_name(c.nl): c for c in s.columns}}
    for s in SHEETS
}
