"""Time to read and validate data/demo.xlsx (target: well under a second).

    .venv/bin/python benchmarks/bench_read.py [FILE.xlsx] [--runs N]

Prints the median, min and max of N runs (default 7) of `read_workbook`, plus the time to
write the same scenario back with `write_scenario`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from allocation.workbook import read_workbook, write_scenario  # noqa: E402


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "data" / "demo.xlsx"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    data = Path(args.file).read_bytes()
    loaded = read_workbook(data)  # warm-up: imports openpyxl
    scenario = loaded.scenario
    reads = _times(lambda: read_workbook(data), args.runs)
    writes = _times(lambda: write_scenario(scenario), args.runs)
    print(f"{args.file}: {len(data) / 1024:.0f} kB, {len(scenario.parks)} parks, "
          f"{len(scenario.years)} years")
    for label, ts in (("read_workbook", reads), ("write_scenario", writes)):
        print(f"{label:15s} median {statistics.median(ts) * 1000:7.1f} ms   "
              f"min {min(ts) * 1000:7.1f} ms   max {max(ts) * 1000:7.1f} ms   ({args.runs} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
