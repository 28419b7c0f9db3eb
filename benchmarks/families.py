"""Instance families for the solver benchmark: four shapes a province's data can have.

The solver settings were once chosen on one generator (`generate.generate_scenario`); these
families cover shapes where a different method wins (issue 12):

    realistic       the project's generator: docs/contracts/DOMAIN.md's ranges, as in the demo
    tight_private   private co-financing €200-2.500 per company per year (binding for most
                    parks), absorption capacity from the organisation level for 80% of parks,
                    about €40.000 of budget per park per year (±30%), 20% strategic parks, one
                    municipality per eight parks
    tight_budget    generous private and absorption capacity, a budget of €1.500 per park per
                    year: almost every park is held by the budget, not by its own limits
    shares_floors   a municipality cap of 1,5× the average municipality's share (many binding
                    municipality rows) and a strategic floor of €3.000 a year for 20% strategic
                    parks (every floor can be met: see `_shares_floors`)

    family_scenario("tight_private", 700, 10, seed=1) -> Scenario
    python benchmarks/families.py tight_private 700 10 --seed 1   -> a one-line summary

Equal arguments give an equal scenario.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make `allocation` and `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from allocation import format as fmt
from allocation.domain import Scenario
from benchmarks.generate import generate_scenario

PARKS_PER_MUNICIPALITY = 8  # as in generate_scenario


def _realistic(n_parks: int, n_years: int, seed: int) -> Scenario:
    return generate_scenario(n_parks, n_years, seed)


def _tight_private(n_parks: int, n_years: int, seed: int) -> Scenario:
    base = generate_scenario(n_parks, n_years, seed, budget_per_park_eur=40_000,
                             absorption_share=0.2)
    rng = np.random.default_rng([seed, 12, 1])
    per_company = rng.uniform(200, 2_500, size=n_parks)
    strategic = rng.random(n_parks) < 0.2
    parks = tuple(
        p.model_copy(update={
            "private_capacity_eur": float(np.round(p.companies * per_company[i], -2)),
            "strategic": bool(strategic[i]),
        })
        for i, p in enumerate(base.parks)
    )
    return base.model_copy(update={"parks": parks,
                                   "source": f"tight_private({n_parks}x{n_years}, seed={seed})"})


def _tight_budget(n_parks: int, n_years: int, seed: int) -> Scenario:
    base = generate_scenario(n_parks, n_years, seed, budget_per_park_eur=1_500,
                             absorption_share=0.5)
    rng = np.random.default_rng([seed, 12, 2])
    parks = tuple(
        p.model_copy(update={
            "private_capacity_eur": float(np.round(p.private_capacity_eur * 3 + 50_000, -2)),
            "absorption_capacity_eur": (None if p.absorption_capacity_eur is None else
                                        float(np.round(rng.uniform(200_000, 600_000), -3))),
        })
        for p in base.parks
    )
    return base.model_copy(update={"parks": parks,
                                   "source": f"tight_budget({n_parks}x{n_years}, seed={seed})"})


FLOOR_EUR = 3_000.0


def _shares_floors(n_parks: int, n_years: int, seed: int) -> Scenario:
    """Municipality cap φ = 1,5 / number of municipalities, floor €3.000 for strategic parks.

    Feasible by construction: a strategic park gets private capacity ≥ the floor (organisation
    needs a third of it) and the level-0 absorption default (€25.000) covers the floor; the
    budget (≈ €6.400 a park a year) covers 20% of parks at €3.000; a municipality's
    strategic parks need at most 8 · 3.000 · T, below φ · Σ B ≈ 1,5 · 8 · 6.400 · T.
    """
    n_munis = max(1, n_parks // PARKS_PER_MUNICIPALITY)
    share = min(1.0, 1.5 / n_munis)
    base = generate_scenario(n_parks, n_years, seed, strategic_floor_eur=FLOOR_EUR,
                             max_municipality_share=share)
    rng = np.random.default_rng([seed, 12, 3])
    strategic = rng.random(n_parks) < 0.2
    parks = tuple(
        p.model_copy(update={
            "strategic": bool(strategic[i]),
            "private_capacity_eur": (max(p.private_capacity_eur, FLOOR_EUR) if strategic[i]
                                     else p.private_capacity_eur),
        })
        for i, p in enumerate(base.parks)
    )
    return base.model_copy(update={"parks": parks,
                                   "source": f"shares_floors({n_parks}x{n_years}, seed={seed})"})


FAMILIES: dict[str, Callable[[int, int, int], Scenario]] = {
    "realistic": _realistic,
    "tight_private": _tight_private,
    "tight_budget": _tight_budget,
    "shares_floors": _shares_floors,
}


def family_scenario(family: str, n_parks: int, n_years: int, seed: int = 1) -> Scenario:
    """A scenario of the named family (FAMILIES); equal arguments give an equal scenario."""
    try:
        make = FAMILIES[family]
    except KeyError:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}") from None
    return make(n_parks, n_years, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("family", choices=sorted(FAMILIES))
    parser.add_argument("parks", type=int)
    parser.add_argument("years", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the scenario as JSON to this file")
    args = parser.parse_args(argv)
    scenario = family_scenario(args.family, args.parks, args.years, args.seed)
    if args.json:
        Path(args.json).write_text(scenario.to_json(), encoding="utf-8")
    total = sum(scenario.budgets.values())
    print(f"{args.family}: {len(scenario.parks)} parks, {len(scenario.years)} years, "
          f"budget {fmt.eur(total)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
