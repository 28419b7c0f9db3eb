"""Benchmark the allocation engine on generated scenarios, each size in a fresh subprocess.

    python benchmarks/bench_solve.py                 # 120×5, 700×10, 4000×10 (+ PuLP)
    python benchmarks/bench_solve.py --sizes 700x10 --no-pulp
    python benchmarks/bench_solve.py --algorithms    # compare HiGHS settings on the arrays
    python benchmarks/bench_solve.py --family tight_private --sizes 3800x10 --no-pulp
                                                     # another instance family (families.py)
    python benchmarks/bench_solve.py --strategy auto # another solver strategy (run.STRATEGIES)
    python benchmarks/bench_solve.py --reasons       # solve, reasons and their ratio per family
    python benchmarks/bench_solve.py --reasons --families tight_private --sizes 3800x10
                                                     # and size (issue 22), as a markdown table

Per size it prints: read (the input workbook, written by allocation.workbook.write_scenario
beforehand, read back with read_workbook), build, solve (HiGHS, first solve plus the
tie-break solve), tie_break, extract and explain times, peak memory (ru_maxrss of the fresh
subprocess: tracemalloc would miss HiGHS's C++ memory), and the ratio
(build + extract) / solve. Then the same instance as an ordinary per-element PuLP model
(LpVariable per element, constraints added with += in loops, solved by PuLP's HiGHS
interface), with its build and solve times and the ratio ours / PuLP. PuLP runs under a
time limit (--pulp-limit, default 300 s on HiGHS; its Python build time is not capped).

Figures measured on the development machine (2 shared cores, Python 3.11, HiGHS 1.16),
seed 1, seconds:

  size     read   build  solve (tie-break)  extract  explain  (b+e)/solve  peak RSS
  120×5    0.07   0.003  0.03  (0.002)      0.08*    0.01     (249%)*      141 MB
  700×10   0.43   0.014  0.22  (0.02)       0.014    0.05     13%          167 MB
  4000×10  2.1    0.07   5.4   (0.27)       0.05     0.45     2%           290 MB
  * the first DataFrame with text columns in a fresh process loads pandas' string machinery
    (~0.06 s, once per process); it dominates only the tiny instance.

  PuLP per element (same LP, HiGHS through PuLP, same objective to 1e-9):
  120×5    build 0.05  solve 0.04   ours/PuLP (build+solve+extract) 126%
  700×10   build 1.1   solve 0.85   ours/PuLP 12%   (build alone: 1.2%)
  4000×10  build 6.1   solve 9.7    ours/PuLP 35%   (build alone: 1.2%; 386 MB)
  (PuLP's solve time at 4,000×10 varied from 9.7 to 28 s between runs on the shared machine.)

  4,000×10 variants: carry-over 5.9 s in all; seed 7 4.3 s; floors + 2% municipality share
  (infeasible): 2.4 s solve + 6.9 s diagnosis with the elastic re-solve.

Explanations and equal treatment (issue 8), as a share of the solve (first solve plus
tie-break), measured under load on the shared machine (seed 1; absolute times vary 2-5×
with the load, the ratios less):

  size     solve   explain  explain/solve  equal treatment  (share of the solve)
  120×5    0.17    0.06     37%            0.002            0.9%
  700×10   0.29    0.66     227%           0.018            6.3%
  4000×10  11.4    14.3     125%           0.33             2.9%

  explain = one check per park limit with a positive dual: a certified linear step from the
  optimal basis (at 700×10: 75 of 83) or a warm dual-simplex re-solve (8 of 83); before the
  linear step, re-solves alone cost 6-7× the solve. Equal treatment = the canonical park order
  plus equal shares for identical parks.

HiGHS settings (--algorithms, first solve only, 700×10 / 4,000×10): dual simplex + presolve
0.20-0.44 / 6.2-7.0; dual, no presolve 0.12-0.35 / 8.9-12.7; primal simplex + presolve
0.17-0.50 / 3.5-4.9; primal, no presolve 0.16-0.24 / 3.5-3.9; interior point + presolve
1.3-1.9 / 11.4-18.9; IPM without presolve 6.1 / 19; PDLP 0.9 / - (only approximately
optimal). Chosen: primal simplex without presolve: the fastest at both sizes, serial
(deterministic), and when the time limit strikes it still holds a feasible allocation, which
presolved runs do not hand back.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = ((120, 5), (700, 10), (4000, 10))


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_ours(n_parks: int, n_years: int, seed: int, family: str = "realistic",
             strategy: str | None = None) -> dict[str, float]:
    """One size through the real path: workbook -> read_workbook -> solve, with the wall
    time of read + solve ("read_solve") and the method that solved ("method")."""
    from benchmarks.families import family_scenario

    scenario = family_scenario(family, n_parks, n_years, seed)
    read_s = 0.0
    try:
        from allocation.workbook import read_workbook, write_scenario

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scenario.xlsx"
            write_scenario(scenario, path)
            t0 = time.perf_counter()
            scenario = read_workbook(path).scenario
            read_s = time.perf_counter() - t0
    except ImportError:  # the workbook module is not there: time JSON validation instead
        t0 = time.perf_counter()
        scenario = type(scenario).from_json(scenario.to_json())
        read_s = time.perf_counter() - t0
    from allocation import pipeline
    from allocation import run as run_mod

    run_mod.STRATEGY = strategy or run_mod.STRATEGY
    cpu = _count_cpu(pipeline)
    t0 = time.perf_counter()
    result = pipeline.solve(scenario, time_limit_s=600, read_s=read_s)
    out: dict = dict(result.timings)
    out["read_solve"] = read_s + time.perf_counter() - t0
    out.update(cpu)
    from allocation.model import build_model
    from allocation.pipeline import in_canonical_order
    from allocation.run import choose_method

    model = build_model(in_canonical_order(scenario)[0])  # the LP as the pipeline built it
    out["method"] = (choose_method(model.lp, model.params) if run_mod.STRATEGY == "auto"
                     else run_mod.STRATEGY)
    out["objective"] = float(result.objective or 0.0)
    out["status_optimal"] = float(result.status == "optimal")
    out["maxrss_mb"] = _maxrss_mb()
    return out


def _count_cpu(pipeline) -> dict[str, float]:
    """Count the process CPU time (all threads) of the solve (first solve + tie-break) and of
    the reasons (the model copy they re-solve in, explain_parks) into the dict returned, as "solve_cpu" and "explain_cpu": on
    a shared machine the wall times vary with the load, the CPU times much less."""
    cpu = {"solve_cpu": 0.0, "explain_cpu": 0.0}

    def counted(fn, key):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                cpu[key] += time.process_time() - start
        return wrapper

    pipeline.solve_lp = counted(pipeline.solve_lp, "solve_cpu")
    pipeline.settle_ties = counted(pipeline.settle_ties, "solve_cpu")
    pipeline.explain.explain_parks = counted(pipeline.explain.explain_parks, "explain_cpu")
    pipeline.WarmModel = counted(pipeline.WarmModel, "explain_cpu")  # the copy for the reasons
    return cpu


def solve_with_pulp(sc, time_limit: float = 300.0) -> dict:  # sc: a Scenario
    """docs/contracts/MODEL.md written the ordinary way in PuLP, one element at a time, solved by HiGHS.

    Independent of allocation.model (the property tests compare the two optima)."""
    import pulp

    from allocation.domain import GOALS

    st = sc.settings
    t0 = time.perf_counter()
    years = sc.years
    w = st.normalised_weights()
    delta = {y: (1 + st.discount_rate) ** -i for i, y in enumerate(years)}
    shares = [r.up_to_share for r in sc.returns]
    edges = [0.0, *shares[:-1]]
    prob = pulp.LpProblem("allocation", pulp.LpMaximize)
    x, z = {}, {}
    objective = []
    oc = st.organisation_category
    for p in sc.parks:
        a_p = sc.absorption_capacity(p)
        eff = (1 - st.draagvlak_effect) + st.draagvlak_effect * p.draagvlak
        for c in sc.categories:
            if not (p.organisation_level >= c.min_organisation_level
                    and p.draagvlak >= c.min_draagvlak
                    and (p.municipal_team or not c.requires_municipal_team)):
                continue
            r = c.matching_ratio
            v = (1 + r) * eff * sum(w[g] * c.impact(g) * p.potential(g) for g in GOALS) / 1000
            for y in years:
                low = st.strategic_floor_eur if (p.strategic and c.category == oc) else 0
                x[p.park_id, c.category, y] = pulp.LpVariable(
                    f"x_{p.park_id}_{c.category}_{y}", lowBound=low,
                    upBound=c.max_per_park_year_eur)
            for k, seg in enumerate(sc.returns):
                ub = ((edges[k + 1] - edges[k]) * a_p * len(years)
                      if k < len(sc.returns) - 1 else None)
                z[p.park_id, c.category, k] = var = pulp.LpVariable(
                    f"z_{p.park_id}_{c.category}_{k}", lowBound=0, upBound=ub)
                objective.append(seg.multiplier * v * var)
            prob += (pulp.lpSum(z[p.park_id, c.category, k] for k in range(len(sc.returns)))
                     == pulp.lpSum(delta[y] * x[p.park_id, c.category, y] for y in years))
    prob += pulp.lpSum(objective)
    for p in sc.parks:
        cats = [c for c in sc.categories if (p.park_id, c.category, years[0]) in x]
        if not cats:
            continue
        for i, y in enumerate(years):
            prob += pulp.lpSum(c.matching_ratio * x[p.park_id, c.category, y]
                               for c in cats) <= p.private_capacity_eur
            grow = [x[p.park_id, oc, yy] for yy in years[:i]] if any(
                c.category == oc for c in cats) else []
            prob += (pulp.lpSum(x[p.park_id, c.category, y] for c in cats)
                     - st.capacity_growth * pulp.lpSum(grow) <= sc.absorption_capacity(p))
    for i, y in enumerate(years):
        if st.carry_over:
            prob += pulp.lpSum(v for key, v in x.items() if key[2] <= y) <= sum(
                b.budget_eur for b in sc.budget[: i + 1])
        else:
            prob += pulp.lpSum(v for key, v in x.items() if key[2] == y) <= sc.budget[i].budget_eur
    if st.max_municipality_share < 1:
        total = sum(b.budget_eur for b in sc.budget)
        for m in sorted({p.municipality for p in sc.parks}):
            ids = {p.park_id for p in sc.parks if p.municipality == m}
            prob += (pulp.lpSum(v for key, v in x.items() if key[0] in ids)
                     <= st.max_municipality_share * total)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    prob.solve(pulp.HiGHS(msg=False, timeLimit=time_limit))
    solve_s = time.perf_counter() - t1
    return {"build": build, "solve": solve_s, "objective": float(pulp.value(prob.objective) or 0),
            "status": pulp.LpStatus[prob.status], "maxrss_mb": _maxrss_mb()}


def run_pulp(n_parks: int, n_years: int, seed: int, time_limit: float) -> dict:
    from benchmarks.generate import generate_scenario

    return solve_with_pulp(generate_scenario(n_parks, n_years, seed), time_limit)


def compare_algorithms(sizes: list[tuple[int, int]], seed: int) -> None:
    """HiGHS run time per setting on our arrays (first solve only)."""
    from allocation.model import build_model
    from allocation.run import run_lp
    from benchmarks.generate import generate_scenario

    settings: dict[str, dict[str, object]] = {
        "dual simplex, presolve": {"simplex_strategy": 1, "presolve": "on"},
        "dual simplex, no presolve": {"simplex_strategy": 1, "presolve": "off"},
        "primal simplex, presolve": {"simplex_strategy": 4, "presolve": "on"},
        "primal simplex, no presolve": {"simplex_strategy": 4, "presolve": "off"},
        "interior point, presolve": {"solver": "ipm", "presolve": "on"},
    }
    for n, t in sizes:
        model = build_model(generate_scenario(n, t, seed))
        print(f"{n}×{t}: {model.lp.n_cols} columns, {model.lp.n_rows} rows, "
              f"{model.lp.n_nonzeros} nonzeros")
        for name, opts in settings.items():
            run, _ = run_lp(model.lp, 600, opts)
            print(f"  {name:30s} {run.seconds:7.3f} s  objective {run.objective:.6f}")


def _child(args: argparse.Namespace) -> None:
    n, t = args.child
    if args.which == "ours":
        out = run_ours(n, t, args.seed, args.family, args.strategy)
    else:
        out = run_pulp(n, t, args.seed, args.pulp_limit)
    print(json.dumps(out))


def _spawn(which: str, n: int, t: int, args: argparse.Namespace) -> dict | None:
    cmd = [sys.executable, __file__, "--child", str(n), str(t), "--which", which,
           "--seed", str(args.seed), "--pulp-limit", str(args.pulp_limit),
           "--family", args.family, *(["--strategy", args.strategy] if args.strategy else [])]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        print(f"  {which} failed: {proc.stderr.strip()[-500:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


REASON_SIZES = "120x5,700x10,3800x10"
REASONS_TARGET = 1.5  # issue 22: allocation with every reason proven ≤ 1,5× the plain solve


def reasons_table(args: argparse.Namespace) -> None:
    """Per family and size, in a fresh subprocess each: the solve (first solve + tie-break),
    the reasons per park (explain: every limit with a positive dual proven by a certified
    linear step or a re-solve) and their ratio, wall seconds, as a markdown table."""
    import os

    sizes = args.sizes if args.sizes != ",".join(f"{n}x{t}" for n, t in SIZES) else REASON_SIZES
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} at the start, seed {args.seed}, "
          f"strategy {args.strategy or 'default'}, wall seconds")
    print()
    print("| family | size | method | solve | reasons | (solve + reasons) / solve | "
          "solve cpu | reasons cpu | (solve + reasons) / solve, cpu | read + solve + reasons |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for family in args.families.split(","):
        args.family = family
        for spec in sizes.split(","):
            n, t = (int(v) for v in spec.split("x"))
            out = _spawn("ours", n, t, args)
            if out is None:
                print(f"| {family} | {n}×{t} | failed | | | | | | | |")
                continue
            wall = 1 + out["explain"] / max(out["solve"], 1e-9)
            cpu = 1 + out["explain_cpu"] / max(out["solve_cpu"], 1e-9)
            print(f"| {family} | {n}×{t} | {out['method']} | {out['solve']:.2f} | "
                  f"{out['explain']:.2f} | {wall:.2f}{_over(wall)} | {out['solve_cpu']:.2f} | "
                  f"{out['explain_cpu']:.2f} | {cpu:.2f}{_over(cpu)} | "
                  f"{out['read_solve']:.2f} |", flush=True)


def _over(ratio: float) -> str:
    return "" if ratio <= REASONS_TARGET else " (over)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(f"{n}x{t}" for n, t in SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", default="realistic",
                        help="instance family (benchmarks/families.py); realistic = generate.py")
    parser.add_argument("--strategy", help="solver strategy (allocation.run.STRATEGIES); "
                        "default: allocation.run.STRATEGY")
    parser.add_argument("--no-pulp", action="store_true")
    parser.add_argument("--pulp-limit", type=float, default=300.0)
    parser.add_argument("--algorithms", action="store_true")
    parser.add_argument("--reasons", action="store_true",
                        help="solve, reasons and their ratio per family and size (issue 22)")
    parser.add_argument("--families", default="realistic,tight_private,tight_budget,shares_floors",
                        help="with --reasons: the instance families")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--which", default="ours", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return 0
    if args.reasons:
        reasons_table(args)
        return 0
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    if args.algorithms:
        compare_algorithms(sizes, args.seed)  # type: ignore[arg-type]
        return 0
    for n, t in sizes:
        ours = _spawn("ours", n, t, args)
        if ours is None:
            continue
        ratio = (ours["build"] + ours["extract"]) / max(ours["solve"], 1e-9)
        print(f"{n}×{t}: read {ours['read']:.3f} s, build {ours['build']:.3f} s, solve "
              f"{ours['solve']:.3f} s (of which tie-break {ours['tie_break']:.3f} s), extract "
              f"{ours['extract']:.3f} s, explain {ours['explain']:.3f} s, peak memory "
              f"{ours['maxrss_mb']:.0f} MB, objective {ours['objective']:.4f}")
        print(f"    read + solve (wall, with explanations) {ours['read_solve']:.2f} s; "
              f"first solve: {ours['method']}")
        print(f"    (build + extract) / solve = {ratio:.0%}")
        solve_s = max(ours["solve"], 1e-9)
        print(f"    explanations (a certified linear step or a re-solve per limit with a positive "
              f"dual) / solve = "
              f"{ours['explain'] / solve_s:.0%}; equal treatment (canonical order + equal "
              f"shares) {ours.get('equal_treatment', 0.0):.3f} s = "
              f"{ours.get('equal_treatment', 0.0) / solve_s:.1%} of the solve")
        if args.no_pulp:
            print("    PuLP: skipped (--no-pulp)")
            continue
        pl = _spawn("pulp", n, t, args)
        if pl is None:
            continue
        ours_total = ours["build"] + ours["solve"] + ours["extract"]
        pulp_total = pl["build"] + pl["solve"]
        print(f"    PuLP per element: build {pl['build']:.3f} s, solve {pl['solve']:.3f} s "
              f"({pl['status']}), objective {pl['objective']:.4f}, peak memory "
              f"{pl['maxrss_mb']:.0f} MB")
        print(f"    ours / PuLP: build {ours['build'] / max(pl['build'], 1e-9):.1%}, "
              f"build+solve+extract {ours_total / max(pulp_total, 1e-9):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
