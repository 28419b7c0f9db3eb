"""Benchmark the analyses of issue 10 (baselines, robustness, weights) on generated scenarios.

    python benchmarks/bench_analysis_robust.py                      # 120×5 and 700×10
    python benchmarks/bench_analysis_robust.py --sizes 700x10 --draws 200 --workers 1 2

Per size it prints one cold solve (`run.solve_lp` on a freshly built model: what the target
is measured against; the median of three), then per analysis and worker count the wall time
and draws per second (robustness: re-solves with the tie-break; baselines: loket orders,
each simulated and checked with `evaluate`; weights: 8 interval searches plus the draws),
and for robustness the ratio wall time / cold solve. The target of issue 10: 200 robustness
draws at 700×10 in at most 40 cold solves on 2 cores.

Figures (development machine, 2 cores shared with up to 7 other developers at a load average
of 8-12 during the run, so they are noisy; ratios matter more than seconds), seed 0, 200
draws: see the report of the branch that added this file; the last run is summarised here:

  size    cold solve  robustness 1 / 2 workers         baselines (2)   weights (2)
  120×5   (filled in by the run below)
  700×10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _cold(sc) -> float:  # noqa: ANN001
    from allocation.model import build_model
    from allocation.run import solve_lp

    times = []
    for _ in range(3):
        start = time.perf_counter()
        solve_lp(build_model(sc).lp, 60.0)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from benchmarks.generate import generate_scenario

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", default=["120x5", "700x10"])
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--skip", nargs="*", default=[], choices=["baselines", "robustness",
                                                               "weights"])
    args = ap.parse_args()
    for size in args.sizes:
        n, t = (int(v) for v in size.split("x"))
        _bench(generate_scenario(n, t, seed=1), f"{n}×{t}", args)


def _bench(sc, label: str, args: argparse.Namespace) -> None:  # noqa: ANN001
    from allocation.analysis import baselines, robustness, weights

    cold = _cold(sc)
    print(f"{label}: one cold solve {cold:.3f} s (median of 3)", flush=True)
    runs = {
        "robustness": (lambda w: robustness.compute(sc, draws=args.draws, seed=0, workers=w),
                       lambda r, wall: f"{r.draws} draws = {r.draws / wall:.1f} draws/s; "
                       f"{wall / cold:.1f}× one cold solve (core {len(r.core)}, fragile "
                       f"{len(r.fragile)})"),
        "baselines": (lambda w: baselines.compute(sc, draws=args.draws, seed=0, workers=w),
                      lambda r, wall: f"{r.draws} loket orders = {r.draws / wall:.1f} "
                      f"orders/s (incl. the plan's solve, pro rata, tender; "
                      f"{len(r.violations)} violations)"),
        "weights": (lambda w: weights.compute(sc, draws=args.draws, seed=0, workers=w),
                    lambda r, wall: f"8 intervals + {r.draws} weightings = "
                    f"{r.draws / wall:.1f} weightings/s"),
    }
    for w in args.workers:
        for name, (run, describe) in runs.items():
            if name in args.skip:
                continue
            start = time.perf_counter()
            result = run(w)
            wall = time.perf_counter() - start
            print(f"  {name:<11} {w} worker(s) {wall:6.1f} s: {describe(result, wall)}",
                  flush=True)


if __name__ == "__main__":
    main()
