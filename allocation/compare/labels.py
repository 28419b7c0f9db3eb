"""The words of a comparison: status of a park against the reference, KPI rows, the names
users know each assumption and field by, and the headers of the tables for people.

Imports nothing of the compare package (every other module of it may import this one).
"""

from __future__ import annotations

LOCAL_PREFIX = "lokaal:"  # the identity of the single-user local mode: "lokaal:<account>"


def person_label(who: str | None, lang: str = "nl") -> str:
    """Who did something, as a person reads it: the signed-in e-mail address as it is, the
    local mode's "lokaal:<account>" as "lokale gebruiker (<account>)", nothing as "–"."""
    if not who:
        return "–"
    if who.startswith(LOCAL_PREFIX):
        account = who[len(LOCAL_PREFIX):]
        word = "local user" if lang == "en" else "lokale gebruiker"
        return f"{word} ({account})" if account else word
    return who


STATUS_LABELS = {
    "entering": ("nieuw gefinancierd", "entering"),
    "leaving": ("valt af", "leaving"),
    "up": ("meer", "up"),
    "down": ("minder", "down"),
    "unchanged": ("gelijk", "unchanged"),
    "no_result": ("geen uitkomst", "no result"),
}

# key, Dutch label, English label, kind (for formatting)
KPI_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("status", "Uitkomst", "Outcome", "text"),
    ("objective", "Waardepunten", "Value points", "points"),
    ("budget_eur", "Budget", "Budget", "eur"),
    ("allocated_public_eur", "Toegekend (publiek)", "Allocated (public)", "eur"),
    ("unallocated_eur", "Niet toegekend", "Unallocated", "eur"),
    ("private_eur", "Privaat gemobiliseerd", "Private co-financing", "eur"),
    ("leverage", "Hefboom (privaat per publieke euro)", "Leverage (private per public euro)",
     "ratio"),
    ("parks_funded", "Terreinen met geld", "Parks funded", "int"),
    ("parks_eligible", "Terreinen die in aanmerking komen", "Parks eligible", "int"),
    ("parks_total", "Terreinen", "Parks", "int"),
)

# Every assumption by the name a user knows it by (never a field name or a category id).
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "weight_energy": ("gewicht energie", "weight energy"),
    "weight_circularity": ("gewicht circulariteit", "weight circularity"),
    "weight_economy": ("gewicht economie", "weight economy"),
    "weight_cooperation": ("gewicht samenwerking", "weight cooperation"),
    "discount_rate": ("discontovoet per jaar", "discount rate per year"),
    "draagvlak_effect": ("effect van draagvlak", "effect of draagvlak"),
    "capacity_growth": ("groei absorptiecapaciteit door organisatiekracht",
                        "capacity growth from organisation building"),
    "carry_over": ("niet-besteed budget meenemen", "carry unspent budget over"),
    "organisation_category": ("categorie voor organisatiekracht",
                              "organisation-building category"),
    "strategic_floor_eur": ("strategische bodem per terrein per jaar (€)",
                            "strategic floor per park per year (€)"),
    "max_municipality_share": ("maximaal aandeel per gemeente",
                               "maximum share per municipality"),
    **{f"capacity_level_{i}": (f"absorptiecapaciteit organisatiegraad {i} (€ per jaar)",
                               f"absorption capacity organisation level {i} (€ per year)")
       for i in range(5)},
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    # Park
    "name": ("naam", "name"), "municipality": ("gemeente", "municipality"),
    "region": ("regio", "region"), "latitude": ("breedtegraad", "latitude"),
    "longitude": ("lengtegraad", "longitude"), "area_ha": ("oppervlakte (ha)", "area (ha)"),
    "companies": ("bedrijven", "companies"), "jobs": ("banen", "jobs"),
    "strategic": ("strategisch", "strategic"),
    "organisation_level": ("organisatiegraad", "organisation level"),
    "draagvlak": ("draagvlak", "draagvlak"),
    "private_capacity_eur": ("cofinanciering € per jaar", "co-financing € per year"),
    "municipal_team": ("gebiedsteam", "municipal team"),
    "absorption_capacity_eur": ("absorptiecapaciteit € per jaar", "absorption capacity € per year"),
    "potential_energy": ("potentieel energie", "potential energy"),
    "potential_circularity": ("potentieel circulariteit", "potential circularity"),
    "potential_economy": ("potentieel economie", "potential economy"),
    "potential_cooperation": ("potentieel samenwerking", "potential cooperation"),
    # Category
    "label": ("omschrijving", "label"),
    "min_private_share": ("minimaal privaat aandeel", "minimum private share"),
    "min_organisation_level": ("minimale organisatiegraad", "minimum organisation level"),
    "requires_municipal_team": ("vereist gebiedsteam", "requires municipal team"),
    "min_draagvlak": ("minimaal draagvlak", "minimum draagvlak"),
    "max_per_park_year_eur": ("maximum per terrein per jaar (€)", "maximum per park per year (€)"),
    "impact_energy": ("impact energie", "impact energy"),
    "impact_circularity": ("impact circulariteit", "impact circularity"),
    "impact_economy": ("impact economie", "impact economy"),
    "impact_cooperation": ("impact samenwerking", "impact cooperation"),
}


def field_label(name: str) -> tuple[str, str]:
    return FIELD_LABELS.get(name, (name.replace("_", " "), name.replace("_", " ")))


WORDS = {
    "nl": {"reference": "referentie", "difference": "verschil", "budget": "budget",
           "public": "toegekend", "shadow_price": "schaduwprijs", "value_points": "waardepunten",
           "status": "status", "explanation": "toelichting", "change": "verschil",
           "year": "Jaar", "category": "Categorie", "label": "Omschrijving", "goal": "Doel",
           "park_id": "Terrein-id", "name": "Naam", "municipality": "Gemeente",
           "max_abs_change": "Grootste verschil", "scenario": "Scenario",
           "reference_eur": "€ referentie", "eur": "€ scenario", "section": "Onderdeel",
           "assumption": "Aanname", "note": "Toelichting", "kpi": "Kerncijfer",
           "index": "Nr.", "outcome": "Uitkomst", "message": "Melding", "source": "Bron",
           "parks": "Terreinen", "first_year": "Eerste jaar", "last_year": "Laatste jaar",
           "content_hash": "Vingerafdruk invoer"},
    "en": {"reference": "reference", "difference": "difference", "budget": "budget",
           "public": "allocated", "shadow_price": "shadow price", "value_points": "value points",
           "status": "status", "explanation": "explanation", "change": "change",
           "year": "Year", "category": "Category", "label": "Label", "goal": "Goal",
           "park_id": "Park id", "name": "Name", "municipality": "Municipality",
           "max_abs_change": "Largest change", "scenario": "Scenario",
           "reference_eur": "€ reference", "eur": "€ scenario", "section": "Section",
           "assumption": "Assumption", "note": "Note", "kpi": "KPI",
           "index": "No.", "outcome": "Outcome", "message": "Message", "source": "Source",
           "parks": "Parks", "first_year": "First year", "last_year": "Last year",
           "content_hash": "Input fingerprint"},
}

SECTION_LABELS = {
    "settings": ("instellingen", "settings"), "budget": ("budget", "budget"),
    "categories": ("categorieën", "categories"), "returns": ("meeropbrengst", "returns"),
    "parks": ("terreinen", "parks"),
}
