"""Benchmark the attribution of a comparison (issue 23: at most 10 s at 700×10 with 5 groups).

    python benchmarks/bench_attribution.py                       # realistic 700×10, 5 groups
    python benchmarks/bench_attribution.py --family tight_private --sizes 700x10,120x5
    python benchmarks/bench_attribution.py --workers 1           # one core

B differs from A in five groups: the budget for the second year (-20%), the budget for the
last year (+10%), the private share of collective projects (0,50 -> 0,60), the goal weights
(energy 0,30 -> 0,45) and the park data (co-financing of every tenth park -20%). Exact Shapley
needs all 2^5 = 32 points; each is a full solve as `allocation.solve` does it (without the
reasons per park). Printed per size: one cold solve, the attribution's wall time, its number of
solves, the time per solve, and whether the parts add up (park euros to the cent, the value to
1e-6 points).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import numpy as np  # noqa: E402
from families import family_scenario  # noqa: E402

from allocation.analysis import attribution as at  # noqa: E402
from allocation.domain import Scenario  # noqa: E402
from allocation.pipeline import solve  # noqa: E402

TARGET_S = 10.0


def five_changes(a: Scenario) -> Scenario:
    years = a.years
    budget = [{"year": y.year, "budget_eur": y.budget_eur * (0.8 if y.year == years[1] else
                                                            1.1 if y.year == years[-1] else 1.0)}
              for y in a.budget]
    cats = [c.model_dump() for c in a.categories]
    for c in cats:
        if c["category"] == "collective":
            c["min_private_share"] = 0.6
    parks = [p.model_dump() for p in a.parks]
    for i in range(0, len(parks), 10):
        parks[i]["private_capacity_eur"] = round(parks[i]["private_capacity_eur"] * 0.8)
    settings = {**a.settings.model_dump(), "weight_energy": 0.45}
    return a.with_changes(budget=budget, categories=cats, parks=parks, settings=settings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="700x10")
    ap.add_argument("--family", default="realistic")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None,
                    help="worker processes (default: decided by measurement, every core)")
    args = ap.parse_args()
    try:
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        load = "?"
    print(f"family {args.family}, seed {args.seed}, {os.cpu_count()} cores, load {load}")
    print("size      cold solve  attribution  solves  per solve  groups  adds up  target")
    for size in args.sizes.split(","):
        n, t = (int(v) for v in size.lower().split("x"))
        a = family_scenario(args.family, n, t, args.seed)
        b = five_changes(a)
        t0 = time.perf_counter()
        solve(a, explain_parks=False)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        att = at.compute(a, b, workers=args.workers)
        wall = time.perf_counter() - t0
        adds = (att.ok and abs(att.value_by_group.sum() - att.total_value_difference) <= 1e-6
                and bool(np.abs(att.park_by_group.sum(axis=0) - att.park_difference).max()
                         <= 0.01))
        ok = "ok" if wall <= TARGET_S else "MISSED"
        print(f"{size:<9} {cold:>8.2f} s  {wall:>9.2f} s  {att.solves:>6}  {wall / att.solves:>7.3f} s"
              f"  {len(att.groups):>6}  {'yes' if adds else 'NO':>7}  {ok} (≤ {TARGET_S:g} s)")


if __name__ == "__main__":
    main()
