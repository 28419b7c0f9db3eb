"""Solver strategy benchmark: each method alone and the chosen strategy, per instance family.

    python benchmarks/bench_strategy.py                       # 4 families × 120×5, 700×10, 3800×10
    python benchmarks/bench_strategy.py --sizes 700x10 --families tight_private --repeat 3
    python benchmarks/bench_strategy.py --markdown            # the table for benchmarks/README.md
    python benchmarks/bench_strategy.py --concurrent          # the race as well

For every family (benchmarks/families.py) and size it times `allocation.run.solve_lp` (the
first solve, to a proven optimum; wall clock, arrays handed to HiGHS included) on the LP as the
pipeline builds it (parks in `canonical_order`), with strategy "primal" (primal simplex alone),
"ipm" (interior point method with crossover alone) and "auto" (the default: one of the two,
chosen from the data), with --concurrent also "concurrent" (both at once, first proven answer
wins), each in a fresh subprocess so that no run warms another's caches or HiGHS's thread
scheduler. It prints the seconds, the method "auto" chose (and the race's winner), and the
strategies' times as a ratio to the best single method (target: ≤ 1,05×). "choice ×" is the
chosen method's own time alone over the best: "auto" runs exactly that method, so this is what
its choice costs, without the noise between two timings of the same work (±20% on this
machine even when quiet). With --repeat N each figure is the fastest of N runs (wall and cpu
separately).

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
STRATEGIES = ("primal", "ipm", "auto")
SINGLE = ("primal", "ipm")


def measure(family: str, n_parks: int, n_years: int, seed: int, strategy: str) -> dict:
    """One timed `solve_lp` in this process (the child side)."""
    from allocation.model import build_model
    from allocation.pipeline import in_canonical_order
    from allocation.run import solve_lp
    from benchmarks.families import family_scenario

    scenario = family_scenario(family, n_parks, n_years, seed)
    model = build_model(in_canonical_order(scenario)[0])  # as the pipeline builds the LP
    start, cpu = time.perf_counter(), time.thread_time()
    run, _h = solve_lp(model.lp, 3600.0, strategy, model.params)
    wall = time.perf_counter() - start
    # the critical path in CPU seconds: this thread's work (a single method and "auto" run
    # HiGHS here) plus, for the concurrent strategy, the winning solver thread's CPU time
    critical = time.thread_time() - cpu
    if strategy == "concurrent" and lp_raced(model.lp.n_cols):
        critical += run.cpu_seconds or 0.0
    return {"seconds": wall, "cpu": critical, "status": run.status,
            "objective": run.objective, "detail": run.detail, "cols": model.lp.n_cols,
            "rows": model.lp.n_rows}


def lp_raced(n_cols: int) -> bool:
    """Whether "concurrent" really races (the solver runs in threads) at this size."""
    from allocation.run import CONCURRENT_MIN_COLS

    return n_cols >= CONCURRENT_MIN_COLS


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
    return "primal"  # below CONCURRENT_MIN_COLS the race runs the primal simplex alone


def _choice_ratio(best: dict[str, dict], wall: dict[str, float]) -> float:
    """The chosen method's own time (alone) over the best single method's: what "auto"
    costs by its choice, free of the run-to-run noise between two timings of the same work
    (auto runs exactly that method, after a choice that takes about a millisecond)."""
    if "auto" not in best:
        return float("nan")
    method = _winner(best["auto"]["detail"])
    return wall[method] / min(wall[m] for m in SINGLE)


def bench(families: list[str], sizes: list[tuple[int, int]], seed: int, repeat: int,
          markdown: bool, strategies: tuple[str, ...] = STRATEGIES) -> int:
    """Print one row per family and size; returns 1 if a run failed or disagreed."""
    chosen = [s for s in strategies if s not in SINGLE]
    header = ("family", "size", *(f"{s} chose" for s in chosen),
              *(f"{s} s" for s in strategies), *(f"{s} ×" for s in chosen), "choice ×",
              *(f"{s} cpu" for s in strategies), *(f"{s} × (cpu)" for s in chosen))
    failures = 0
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print(" ".join(f"{h:>14s}" if i else f"{h:14s}" for i, h in enumerate(header)))
    for family in families:
        for n, t in sizes:
            best: dict[str, dict] = {}
            cpu: dict[str, float] = {}
            for _ in range(repeat):
                for strategy in strategies:
                    out = _spawn(family, n, t, seed, strategy)
                    if "error" in out:
                        print(f"ERROR {family} {n}×{t} {strategy}: {out['error']}")
                        failures += 1
                        continue
                    if strategy not in best or out["seconds"] < best[strategy]["seconds"]:
                        best[strategy] = out
                    cpu[strategy] = min(cpu.get(strategy, out["cpu"]), out["cpu"])
            if len(best) < len(strategies):
                continue
            objectives = [best[s]["objective"] for s in strategies]
            statuses = {best[s]["status"] for s in strategies}
            ref = objectives[0] or 0.0
            if statuses != {"optimal"} or any(
                    abs((o or 0.0) - ref) > 1e-7 * max(1.0, abs(ref)) for o in objectives):
                print(f"ERROR {family} {n}×{t}: statuses {statuses}, objectives {objectives}")
                failures += 1
            wall = {s: best[s]["seconds"] for s in strategies}
            cells = [family, f"{n}×{t}", *(_winner(best[s]["detail"]) for s in chosen),
                     *(f"{wall[s]:.3f}" for s in strategies),
                     *(f"{wall[s] / min(wall[m] for m in SINGLE):.2f}" for s in chosen),
                     f"{_choice_ratio(best, wall):.2f}",
                     *(f"{cpu[s]:.3f}" for s in strategies),
                     *(f"{cpu[s] / min(cpu[m] for m in SINGLE):.2f}" for s in chosen)]
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
    parser.add_argument("--concurrent", action="store_true",
                        help="time the race (strategy concurrent) as well")
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
    strategies = (*STRATEGIES, "concurrent") if args.concurrent else STRATEGIES
    return bench(families, sizes, args.seed, max(1, args.repeat), args.markdown, strategies)


if __name__ == "__main__":
    raise SystemExit(main())
