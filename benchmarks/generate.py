"""Generate plausible scenarios of any size, for benchmarks and property tests.

The figures follow docs/contracts/DOMAIN.md: the organisation-level mix of a typical province
(35% none, 25% informal, 22% association, 12% park management, 6% BIZ/cooperative), yearly
private co-financing capacity per level, a provincial budget of roughly €3-6 mln a year for
about 700 parks (scaled with the number of parks), about eight parks per municipality.

    generate_scenario(700, 10, seed=1)             -> Scenario
    python benchmarks/generate.py 700 10 --seed 1  -> prints a one-line summary
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make `allocation` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from allocation import format as fmt
from allocation.domain import BudgetYear, Park, Scenario, Settings

LEVEL_MIX = (0.35, 0.25, 0.22, 0.12, 0.06)
# yearly private co-financing capacity per organisation level (€, docs/contracts/DOMAIN.md estimates)
PRIVATE_RANGE = ((0, 5_000), (5_000, 20_000), (15_000, 50_000), (40_000, 150_000),
                 (75_000, 400_000))
REGIONS = ("Noord", "Oost", "Zuid", "West", "Midden")


def generate_scenario(
    n_parks: int,
    n_years: int,
    seed: int = 0,
    *,
    first_year: int = 2026,
    budget_per_park_eur: float | None = None,
    strategic_floor_eur: float = 0.0,
    carry_over: bool = False,
    max_municipality_share: float = 1.0,
    absorption_share: float = 0.1,
) -> Scenario:
    """A random but plausible scenario; equal arguments give an equal scenario.

    `budget_per_park_eur` sets the yearly budget per park (default: about €4,5 mln for 700
    parks, varying ±30% per year). `absorption_share` is the share of parks with their own
    absorption capacity figure instead of the level default.
    """
    rng = np.random.default_rng(seed)
    levels = rng.choice(5, size=n_parks, p=LEVEL_MIX)
    n_munis = max(1, n_parks // 8)
    munis = rng.integers(0, n_munis, size=n_parks)
    parks = []
    for i in range(n_parks):
        lvl = int(levels[i])
        lo, hi = PRIVATE_RANGE[lvl]
        area = float(np.round(rng.lognormal(3.0, 0.8), 1)) + 0.5
        companies = int(max(1, area * rng.uniform(2, 5)))
        own_absorption = (
            float(np.round(rng.uniform(10_000, 300_000), -3))
            if rng.random() < absorption_share else None
        )
        parks.append(Park(
            park_id=f"BT{i + 1:05d}",
            name=f"Bedrijventerrein {i + 1}",
            municipality=f"Gemeente {int(munis[i]) + 1:03d}",
            region=REGIONS[int(munis[i]) % len(REGIONS)],
            latitude=float(np.round(rng.uniform(51.3, 52.9), 5)),
            longitude=float(np.round(rng.uniform(4.5, 6.8), 5)),
            area_ha=min(area, 10_000.0),
            companies=companies,
            jobs=int(companies * rng.uniform(5, 40)),
            strategic=bool(rng.random() < 0.1),
            organisation_level=lvl,
            draagvlak=float(np.round(np.clip(rng.beta(2 + lvl, 3), 0, 1), 2)),
            private_capacity_eur=float(np.round(rng.uniform(lo, hi), -2)),
            municipal_team=bool(rng.random() < 0.3 + 0.1 * lvl),
            absorption_capacity_eur=own_absorption,
            potential_energy=float(np.round(rng.uniform(0.1, 1.0), 2)),
            potential_circularity=float(np.round(rng.uniform(0.1, 1.0), 2)),
            potential_economy=float(np.round(rng.uniform(0.1, 1.0), 2)),
            potential_cooperation=float(np.round(rng.uniform(0.1, 1.0), 2)),
        ))
    per_park = budget_per_park_eur if budget_per_park_eur is not None else 4_500_000 / 700
    budget = tuple(
        BudgetYear(year=first_year + t,
                   budget_eur=float(np.round(per_park * n_parks * rng.uniform(0.7, 1.3), -3)))
        for t in range(n_years)
    )
    settings = Settings(
        strategic_floor_eur=strategic_floor_eur,
        carry_over=carry_over,
        max_municipality_share=max_municipality_share,
    )
    return Scenario(parks=tuple(parks), budget=budget, settings=settings,
                    source=f"generated({n_parks}x{n_years}, seed={seed})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("parks", type=int)
    parser.add_argument("years", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the scenario as JSON to this file")
    args = parser.parse_args(argv)
    scenario = generate_scenario(args.parks, args.years, args.seed)
    if args.json:
        Path(args.json).write_text(scenario.to_json(), encoding="utf-8")
    total = sum(scenario.budgets.values())
    print(f"{len(scenario.parks)} parks, {len(scenario.years)} years, budget {fmt.eur(total)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
