"""Solver strategy benchmark: each method alone and the chosen strategy, per instance family.

    python benchmarks/bench_strategy.py                       # 4 families × 120×5, 700×10, 3800×10
    python benchmarks/bench_strategy.py --sizes 700x10 --families tight_private --repeat 3
    python benchmarks/bench_strategy.py --markdown            # the table for benchmarks/README.md

For every family (benchmarks/families.py) and size it times `allocation.run.solve_lp` (the
first solve, to a proven optimum; wall clock, arrays handed to HiGHS included) with strategy
"primal" (primal simplex alone), "ipm" (interior point method with crossover alone) and
"concurrent" (both at once, first proven answer wins: the default), each in a fresh
subprocess so that no run warms another's caches or HiGHS's thread scheduler. It prints the
seconds, which method won the race, and every time as a ratio to the best single method
(target: concurrent ≤ 1,05×). With --repeat N each figure is the fastest of N runs (wall and
cpu separately; "won" is from the fastest concurrent run).

Every run must end "optimal" with the same objective (relative 1e-7); a mismatch is printed as
an error and makes the exit status 1.

The machine the figures are measured on matters: the concurrent strategy needs two free
cores. On a machine shared with other work, report ratios and say so.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = ((120, 5), (700, 10), (3800, 10))
STRATEGIES = ("primal", "ipm", "concurrent")
SINGLE = ("primal", "ipm")


def measure(family: str, n_parks: int, n_years: int, seed: int, strategy: str) -> dict:
    """One timed `solve_lp` in this process (the child side)."""
    from allocation.model import build_model
    from allocation.run import solve_lp
    from benchmarks.families import family_scenario

    model = build_model(family_scenario(family, n_parks, n_years, seed))
    start, cpu = time.perf_counter(), time.thread_time()
    run, _h = solve_lp(model.lp, 3600.0, strategy)
    wall = time.perf_counter() - start
    # the critical path in CPU seconds: this thread's work (a single method runs HiGHS here)
    # plus, for the concurrent strategy, the winning solver thread's CPU time
    critical = time.thread_time() - cpu
    if strategy == "concurrent" and run.detail.endswith(")"):
        critical += run.cpu_seconds or 0.0
    return {"seconds": wall, "cpu": critical, "status": run.status,
            "objective": run.objective, "detail": run.detail, "cols": model.lp.n_cols,
            "rows": model.lp.n_rows}


def _spawn(family: str, n: int, t: int, seed: int, strategy: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", family, str(n), str(t),
           strategy, "--seed", str(seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-400:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _winner(detail: str) -> str:
    for method in SINGLE:
        if detail.endswith(f"({method})"):
            return method
    return "primal"  # below CONCURRENT_MIN_COLS the strategy is the primal simplex alone


HEADER = ("family", "size", "won", "primal s", "ipm s", "concurrent s", "concurrent ×",
          "primal cpu", "ipm cpu", "concurrent cpu", "concurrent × (cpu)")


def bench(families: list[str], sizes: list[tuple[int, int]], seed: int, repeat: int,
          markdown: bool) -> int:
    """Print one row per family and size; returns 1 if a run failed or disagreed."""
    failures = 0
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
    else:
        print(" ".join(f"{h:>14s}" if i else f"{h:14s}" for i, h in enumerate(HEADER)))
    for family in families:
        for n, t in sizes:
            best: dict[str, dict] = {}
            cpu: dict[str, float] = {}
            for _ in range(repeat):
                for strategy in STRATEGIES:
                    out = _spawn(family, n, t, seed, strategy)
                    if "error" in out:
                        print(f"ERROR {family} {n}×{t} {strategy}: {out['error']}")
                        failures += 1
                        continue
                    if strategy not in best or out["seconds"] < best[strategy]["seconds"]:
                        best[strategy] = out
                    cpu[strategy] = min(cpu.get(strategy, out["cpu"]), out["cpu"])
            if len(best) < len(STRATEGIES):
                continue
            objectives = [best[s]["objective"] for s in STRATEGIES]
            statuses = {best[s]["status"] for s in STRATEGIES}
            ref = objectives[0] or 0.0
            if statuses != {"optimal"} or any(
                    abs((o or 0.0) - ref) > 1e-7 * max(1.0, abs(ref)) for o in objectives):
                print(f"ERROR {family} {n}×{t}: statuses {statuses}, objectives {objectives}")
                failures += 1
            wall = {s: best[s]["seconds"] for s in STRATEGIES}
            cells = [family, f"{n}×{t}", _winner(best["concurrent"]["detail"]),
                     *(f"{wall[s]:.3f}" for s in STRATEGIES),
                     f"{wall['concurrent'] / min(wall[s] for s in SINGLE):.2f}",
                     *(f"{cpu[s]:.3f}" for s in STRATEGIES),
                     f"{cpu['concurrent'] / min(cpu[s] for s in SINGLE):.2f}"]
            if markdown:
                print("| " + " | ".join(cells) + " |", flush=True)
            else:
                print(" ".join(f"{c:>14s}" if i else f"{c:14s}" for i, c in enumerate(cells)),
                      flush=True)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    from benchmarks.families import FAMILIES

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--sizes", default=",".join(f"{n}x{t}" for n, t in SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="fastest of N runs per figure")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        family, n, t, strategy = args.child
        print(json.dumps(measure(family, int(n), int(t), args.seed, strategy)))
        return 0
    sizes = [(int(a), int(b)) for a, b in (s.split("x") for s in args.sizes.split(","))]
    families = args.families.split(",")
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown families {unknown}; choose from {', '.join(FAMILIES)}")
    print(f"{os.cpu_count()} cores, load average {', '.join(f'{v:.1f}' for v in os.getloadavg())}"
          f", seed {args.seed}, fastest of {args.repeat}")
    return bench(families, sizes, args.seed, max(1, args.repeat), args.markdown)


if __name__ == "__main__":
    raise SystemExit(main())
