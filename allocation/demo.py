"""The demo scenario: a fictitious but realistic province ("Provincie Middenwaard").

Figures follow docs/contracts/DOMAIN.md: ~120 parks with skewed sizes (median ~12 ha, mean 20-30 ha, a few
over 100 ha), 3-5 companies per net hectare, 25-40 jobs per hectare, organisation levels in
the proportions 35/25/22/12/6 %, private capacity per level from the docs/contracts/DOMAIN.md ranges, about
one park in five strategic, coordinates inside Gelderland's bounding box, and a yearly budget
of €3-6 mln for 2026-2030. Park and municipality names are invented.

Everything is drawn from `random.Random(seed)`, so a seed always gives the same scenario.

The demo also has two monitoring rounds (30-06-2026 and 15-01-2027) and the realised spending
of 2026 (`make_demo_monitoring`), consistent with the plan that `solve` makes for the scenario:
most parks spend 60-100% of their 2026 money, a few much less; some parks climb a level on the
organisation ladder (mostly those that received organisation money), a few lose support.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import TYPE_CHECKING

from allocation.domain import (
    BudgetYear,
    Monitoring,
    MonitoringRecord,
    Park,
    RealisationRecord,
    Scenario,
)

if TYPE_CHECKING:
    import pandas as pd

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
LEVEL_ABSORPTION = (25_000, 50_000, 100_000, 200_000, 400_000)  # docs/contracts/MODEL.md defaults
LEVEL_SHARES = (0.35, 0.25, 0.22, 0.12, 0.06)
# Yearly private co-financing capacity per organisation level (docs/contracts/DOMAIN.md, est.).
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


ROUND_DATES = (dt.date(2026, 6, 30), dt.date(2027, 1, 15))
REALISED_YEAR = 2026
SPEND_SHARE = (0.6, 1.0)  # most parks spend this share of their planned money
LOW_SPEND = (0.15, 0.55)  # ... and a few (LOW_SPEND_P) far less
LOW_SPEND_P = 0.12
CLIMB_P = 0.2  # chance that a park with organisation money climbs a level by round 2
FALL_P = 0.08  # chance that a park loses support by round 2


def make_demo_monitoring(scenario: Scenario, plan: pd.DataFrame, seed: int = 2026) -> Monitoring:
    """Two monitoring rounds and the realised spending of 2026 for `scenario`, consistent with
    `plan` (the plan's allocation table: park_id, category, year, public_eur, private_eur)."""
    rng = random.Random(seed + 1)
    first = plan[plan["year"] == REALISED_YEAR]
    spent_park: dict[str, float] = {}
    org_money: dict[str, float] = {}
    realisation: list[RealisationRecord] = []
    for park in scenario.parks:
        rows = first[first["park_id"] == park.park_id]
        if not len(rows):
            continue
        low = rng.random() < LOW_SPEND_P
        share = rng.uniform(*(LOW_SPEND if low else SPEND_SHARE))
        for row in rows.itertuples(index=False):
            public = round(float(row.public_eur) * share / 100) * 100
            private = round(float(row.private_eur) * share * rng.uniform(0.9, 1.3) / 100) * 100
            realisation.append(RealisationRecord(
                park_id=park.park_id, category=str(row.category), year=REALISED_YEAR,
                public_eur=float(public), private_eur=float(private)))
            spent_park[park.park_id] = spent_park.get(park.park_id, 0.0) + public
            if row.category == scenario.settings.organisation_category:
                org_money[park.park_id] = org_money.get(park.park_id, 0.0) + public
    rounds: list[MonitoringRecord] = []
    for park in scenario.parks:
        spent = spent_park.get(park.park_id, 0.0)
        climbs = park.organisation_level < 4 and rng.random() < (
            CLIMB_P if org_money.get(park.park_id, 0.0) > 0 else 0.04)
        falls = rng.random() < FALL_P
        level2 = park.organisation_level + (1 if climbs else 0)
        if falls and not climbs and park.organisation_level > 0 and rng.random() < 0.5:
            level2 -= 1  # the association lost its board: back one step on the ladder
        dv1 = min(0.95, max(0.05, park.draagvlak + rng.gauss(0.0, 0.03)))
        if falls:
            dv2 = max(0.05, dv1 - rng.uniform(0.15, 0.3))
        else:
            dv2 = min(0.95, dv1 + abs(rng.gauss(0.02 if spent > 0 else 0.0, 0.02)))
        cap = park.private_capacity_eur
        if level2 > park.organisation_level:
            lo, hi = CAPACITY_RANGES[level2]
            cap = max(cap * 1.3, lo + 0.3 * (hi - lo) * rng.random())
        cap2 = round(cap * (0.6 if falls else 1.0) / 500) * 500
        part1 = round(park.companies * (0.2 + 0.5 * park.draagvlak) * rng.uniform(0.8, 1.1))
        part2 = min(park.companies, round(part1 * (0.7 if falls else rng.uniform(1.0, 1.3))))
        # results so far (cumulative): roughly in line with the money spent, zero without it
        k = spent / 100_000.0
        mwh = round(k * rng.uniform(20, 80) * park.potential_energy, 1)
        tonnes = round(k * rng.uniform(5, 40) * park.potential_circularity, 1)
        jobs = round(k * rng.uniform(2.0, 8.0) * park.potential_economy)
        projects = round(k * rng.uniform(0.5, 2.0) * park.potential_cooperation)
        rounds.append(MonitoringRecord(
            park_id=park.park_id, round_date=ROUND_DATES[0],
            organisation_level=park.organisation_level, draagvlak=round(dv1, 2),
            private_capacity_eur=park.private_capacity_eur,
            participating_companies=min(park.companies, part1),
            result_energy_mwh=round(mwh * 0.4, 1), result_circularity_tonnes=round(tonnes * 0.4, 1),
            result_economy_jobs=float(round(jobs * 0.4)),
            result_cooperation_projects=float(round(projects * 0.5))))
        rounds.append(MonitoringRecord(
            park_id=park.park_id, round_date=ROUND_DATES[1], organisation_level=level2,
            draagvlak=round(dv2, 2), private_capacity_eur=float(cap2),
            participating_companies=part2, result_energy_mwh=mwh,
            result_circularity_tonnes=tonnes, result_economy_jobs=float(jobs),
            result_cooperation_projects=float(projects)))
    return Monitoring(rounds=tuple(rounds), realisation=tuple(realisation))


def write_demo(path: Path | str) -> None:
    """Write the demo workbook (the input sheets, Dutch names, marked as fictitious), with two
    monitoring rounds and the realised spending of 2026 (consistent with the plan)."""
    from allocation.pipeline import solve
    from allocation.workbook import write_scenario

    scenario = make_demo_scenario()
    plan = solve(scenario)
    monitoring = make_demo_monitoring(scenario, plan.allocation) if plan.has_allocation else None
    write_scenario(scenario, Path(path), notes=DEMO_NOTES, monitoring=monitoring)
