"""Benchmark the budget analyses against one cold solve, on generated scenarios.

    python benchmarks/bench_analysis_budget.py                  # 700×10 and 4000×10
    python benchmarks/bench_analysis_budget.py --sizes 700x10 --seed 3

Per size it prints, for one cold `solve` (the whole pipeline: build, HiGHS, tie-break, tables,
explanations), the LP alone (build + first HiGHS run), the budget frontier (21 points), the
leverage frontier (6 losses plus the plan) and the price of one choice (the best-funded park
out, the next one in with €50.000 more than it gets): wall seconds (what a user waits) and CPU
seconds of the process over all its threads, each as a ratio to the cold `solve` (median of
--repeat runs). Targets (issue 9): frontier ≤ 5× at 700×10 and ≤ 10× at 4000×10, leverage ≤
4×, a choice ≤ 1,5×.

The frontier runs its two sweeps (plan down to 0, plan up to 2) side by side on two HiGHS
instances, so its wall time is about half its CPU time on two free cores. HiGHS also runs
worker threads of its own (5 threads in the process during the leverage frontier), whose time
counts as CPU: even the one-sweep analyses show more CPU than wall time. Quiet machine (2 cores, load < 1), seed 1, 2026-11-30:

  size      cold solve  frontier (21)             leverage (6)             choice
            wall        wall         CPU          wall         CPU         wall
  700×10    0.34 s      1.09 (3.25×)  2.01 (5.98×) 0.86 (2.55×)  1.53 (4.55×) 0.25 (0.75×)
  4000×10   7.48 s      16.2 (2.16×)  23.3 (3.11×) 12.6 (1.69×)  13.5 (1.81×) 4.09 (0.55×)

(4000×10 with --repeat 1.) Each frontier point is a warm dual-simplex re-solve from its
neighbour (50-200 iterations at 700×10, 0.03-0.15 s) plus `solve`'s tie-break, which
`ties.already_tie_broken` shows to be a no-op on these data (1-3 ms instead of a run).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from allocation.analysis import choice, frontier, leverage  # noqa: E402
from allocation.model import build_model  # noqa: E402
from allocation.pipeline import solve  # noqa: E402
from allocation.run import solve_lp  # noqa: E402
from benchmarks.generate import generate_scenario  # noqa: E402


def _time(fn):
    """(wall seconds, CPU seconds of this process over all its threads, result of `fn`)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def _median_time(fn, n: int = 3):
    """The run with the median wall time of `n`."""
    runs = sorted((_time(fn) for _ in range(n)), key=lambda r: r[0])
    return runs[n // 2]


def bench(n_parks: int, n_years: int, seed: int, repeat: int) -> None:
    sc = generate_scenario(n_parks, n_years, seed)
    solve(generate_scenario(20, 3, seed))  # one-time imports and warm-up stay out of the ratios
    cold, cold_cpu, result = _median_time(lambda: solve(sc), max(3, repeat))
    lp_only, _, _ = _median_time(lambda: solve_lp(build_model(sc).lp, 600.0), max(3, repeat))
    print(f"\n{n_parks}×{n_years} (seed {seed}), median of {repeat}: cold solve {cold:.2f} s "
          f"wall, {cold_cpu:.2f} s CPU (LP alone {lp_only:.2f} s), status {result.status}")

    def line(label: str, wall: float, cpu: float, status: str) -> None:
        print(f"  {label:<22}{wall:6.2f} s wall {wall / cold:5.2f}× solve   "
              f"{cpu:6.2f} s CPU {cpu / cold_cpu:5.2f}× solve CPU   ({wall / lp_only:.2f}× LP)"
              f"   status {status}")

    t_f, c_f, fr = _median_time(lambda: frontier.compute(sc), repeat)
    line(f"frontier, {len(fr.points)} points", t_f, c_f, fr.status)
    t_l, c_l, lev = _median_time(lambda: leverage.compute(sc), repeat)
    line(f"leverage, {len(lev.points)} losses", t_l, c_l, lev.status)
    by_park = result.by_park.sort_values("public_eur", ascending=False)
    out_id, in_id = str(by_park.iloc[0]["park_id"]), str(by_park.iloc[1]["park_id"])
    amount = float(by_park.iloc[1]["public_eur"]) + 50_000
    ch = choice.Choice(force_in=((in_id, amount),), force_out=(out_id,))
    t_c, c_c, res = _median_time(lambda: choice.compute(sc, ch), repeat)
    line("choice (1 out, 1 in)", t_c, c_c,
         f"{res.status}, value lost {(res.value_lost_share or 0) * 100:.2f}%")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="700x10,4000x10")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (the median)")
    args = ap.parse_args(argv)
    for size in args.sizes.split(","):
        n, t = (int(v) for v in size.lower().split("x"))
        bench(n, t, args.seed, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
