"""The demo scenario: a fictitious but realistic province ("Provincie Middenwaard").

Figures follow DOMAIN.md: ~120 parks with skewed sizes (median ~12 ha, mean 20-30 ha, a few
over 100 ha), 3-5 companies per net hectare, 25-40 jobs per hectare, organisation levels in
the proportions 35/25/22/12/6 %, private capacity per level from the DOMAIN.md ranges, about
one park in five strategic, coordinates inside Gelderland's bounding box, and a yearly budget
of €3-6 mln for 2026-2030. Park and municipality names are invented.

Everything is drawn from `random.Random(seed)`, so a seed always gives the same scenario.
"""

from __future__ import annotations

import random
from pathlib import Path

from allocation.domain import BudgetYear, Park, Scenario

PROVINCE = "Middenwaard"
DEMO_SOURCE = f"demo: fictieve provincie {PROVINCE}"
DEMO_NOTES = (
    f"LET OP: dit is een demowerkboek met FICTIEVE gegevens (fictieve provincie {PROVINCE}). "
    "Terreinen, gemeenten en cijfers zijn verzonnen, maar de ordes van grootte volgen "
    "openbare bronnen (IBIS, LISA, provinciale regelingen).",
)
YEARS = (2026, 2027, 2028, 2029, 2030)
# €3-6 mln a year. In 2026 the parks cannot absorb €6 mln yet (their organisations still have
# to grow: "fasering"), so part stays unallocated and the shadow price is 0; from 2027 on the
# budget binds and the shadow prices show what an extra €1.000 would bring.
BUDGETS = (6_000_000, 3_500_000, 3_500_000, 4_500_000, 5_500_000)
N_PARKS = 120

# Gelderland's bounding box, roughly (WGS84).
LAT_RANGE = (51.75, 52.50)
LON_RANGE = (5.20, 6.80)

REGIONS = ("Veluwerand", "Rivierenzoom", "Achterwaard", "IJsselkant")
MUNICIPALITIES = (
    ("Lindenhoven", "Veluwerand"), ("Heerdenbroek", "Veluwerand"), ("Ravensloo", "Veluwerand"),
    ("Wijkerveld", "Veluwerand"), ("Oldenmaten", "Veluwerand"),
    ("Veldrecht", "Rivierenzoom"), ("Maaswaarden", "Rivierenzoom"), ("Tielerhof", "Rivierenzoom"),
    ("Zandwijk aan de Waal", "Rivierenzoom"), ("Brakelweerd", "Rivierenzoom"),
    ("Achterbeek", "Achterwaard"), ("Hengeloo-Oost", "Achterwaard"), ("Groenlo-Veen", "Achterwaard"),
    ("Winterhorst", "Achterwaard"), ("Eibergveld", "Achterwaard"),
    ("Deventerbroek", "IJsselkant"), ("Zutfenhaar", "IJsselkant"), ("Brummerwolde", "IJsselkant"),
    ("Voorsterkamp", "IJsselkant"), ("Hattemerveen", "IJsselkant"),
)
PREFIXES = ("Bedrijventerrein", "Bedrijvenpark", "Industrieterrein", "Businesspark",
            "Werklandschap", "Bedrijvenpark")
SUFFIXES = (
    "De Kolk", "Hoge Weide", "Het Broek", "De Kampen", "Noord", "Zuid", "Oost", "West",
    "De Veste", "Molenzicht", "Kanaalzone", "Spoorzone", "De Hoven", "Het Riet", "De Els",
    "Veldzicht", "De Pas", "Havenkwartier", "De Mars", "Het Gors", "De Wetering", "Eikenhof",
    "Koppelweg", "De Laak", "Den Ham", "Rijksweg", "De Vlasakker", "Het Hoge Veld",
    "De Schans", "Brugzicht",
)
ABSORPTION_STATED = 0.75  # share of organised parks (level >= 2) that state their capacity
LEVEL_ABSORPTION = (25_000, 50_000, 100_000, 200_000, 400_000)  # MODEL.md defaults
LEVEL_SHARES = (0.35, 0.25, 0.22, 0.12, 0.06)
# Yearly private co-financing capacity per organisation level (DOMAIN.md, est.).
CAPACITY_RANGES = (
    (0, 5_000), (5_000, 20_000), (15_000, 50_000), (40_000, 150_000), (75_000, 400_000),
)


def _level_counts(n: int) -> list[int]:
    counts = [int(round(share * n)) for share in LEVEL_SHARES]
    counts[0] += n - sum(counts)
    return counts


def make_demo_scenario(seed: int = 2026) -> Scenario:
    """The fictitious province's parks, budget and default assumptions (deterministic)."""
    rng = random.Random(seed)
    # Municipality centres, spread over the bounding box.
    centres = {
        name: (rng.uniform(LAT_RANGE[0] + 0.05, LAT_RANGE[1] - 0.05),
               rng.uniform(LON_RANGE[0] + 0.08, LON_RANGE[1] - 0.08))
        for name, _region in MUNICIPALITIES
    }
    region_of = dict(MUNICIPALITIES)
    # Sizes: lognormal with median 12 ha and mean ~24 ha (sigma = sqrt(2 ln 2)).
    sizes = [min(round(rng.lognormvariate(2.4849, 1.1774), 1), 600.0) for _ in range(N_PARKS)]
    sizes = [max(s, 1.5) for s in sizes]
    # Larger parks tend to be better organised: rank by size with noise, then hand out levels.
    order = sorted(range(N_PARKS), key=lambda i: sizes[i] * rng.lognormvariate(0, 0.8))
    levels = [0] * N_PARKS
    pos = 0
    for level, count in enumerate(_level_counts(N_PARKS)):
        for i in order[pos:pos + count]:
            levels[i] = level
        pos += count
    # Municipalities: a few big ones with many parks.
    weights = [rng.uniform(0.5, 3.0) for _ in MUNICIPALITIES]
    names_used: set[str] = set()
    parks: list[Park] = []
    for i in range(N_PARKS):
        municipality = rng.choices([m for m, _r in MUNICIPALITIES], weights=weights)[0]
        lat0, lon0 = centres[municipality]
        while True:
            name = f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)}"
            if name in names_used:  # same name elsewhere: add the municipality, as people do
                name = f"{name} ({municipality})"
            if name not in names_used:
                names_used.add(name)
                break
        area = sizes[i]
        level = levels[i]
        net = area * rng.uniform(0.7, 0.8)
        companies = max(1, round(net * rng.uniform(3.0, 5.0)))
        jobs = round(area * rng.uniform(25.0, 40.0))
        lo, hi = CAPACITY_RANGES[level]
        size_factor = min(1.0, area / 60.0)
        if level <= 1:  # dues of a handful of companies: spread over the whole range
            capacity = lo + (hi - lo) * rng.betavariate(2.0, 3.0)
        else:  # most organised parks sit in the lower part of the range, big ones higher up
            capacity = lo + (hi - lo) * (0.2 * rng.random() + 0.5 * size_factor) \
                * rng.random() ** 2
        capacity = round(capacity / 500) * 500
        strategic = rng.random() < (0.12 + 0.25 * min(1.0, area / 50.0))
        team_p = 0.15 + 0.12 * level + (0.25 if strategic else 0.0)
        municipal_team = rng.random() < team_p
        draagvlak = min(0.95, max(0.05, rng.gauss(0.25 + 0.12 * level, 0.15)))
        absorption = None
        if level >= 2 and rng.random() < ABSORPTION_STATED:
            # the park organisation states what it can absorb; often less than the default
            absorption = float(round(rng.uniform(0.3, 0.9) * LEVEL_ABSORPTION[level], -4))
        parks.append(Park(
            park_id=f"MW{i + 1:03d}",
            name=name,
            municipality=municipality,
            region=region_of[municipality],
            latitude=round(min(LAT_RANGE[1], max(LAT_RANGE[0], lat0 + rng.gauss(0, 0.03))), 4),
            longitude=round(min(LON_RANGE[1], max(LON_RANGE[0], lon0 + rng.gauss(0, 0.045))), 4),
            area_ha=area,
            companies=companies,
            jobs=jobs,
            strategic=strategic,
            organisation_level=level,
            draagvlak=round(draagvlak, 2),
            private_capacity_eur=float(capacity),
            municipal_team=municipal_team,
            absorption_capacity_eur=absorption,
            potential_energy=round(rng.uniform(0.2, 0.95), 2),
            potential_circularity=round(rng.uniform(0.1, 0.9), 2),
            potential_economy=round(rng.uniform(0.2, 0.9), 2),
            potential_cooperation=round(rng.uniform(0.3, 1.0), 2),
        ))
    budget = tuple(BudgetYear(year=y, budget_eur=b) for y, b in zip(YEARS, BUDGETS, strict=True))
    return Scenario(parks=tuple(parks), budget=budget, source=DEMO_SOURCE)


def write_demo(path: Path | str) -> None:
    """Write the demo workbook (the input sheets, Dutch names, marked as fictitious)."""
    from allocation.workbook import write_scenario

    write_scenario(make_demo_scenario(), Path(path), notes=DEMO_NOTES)
