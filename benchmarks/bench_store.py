"""Benchmark what store integrity costs: the integrity check before each write, the check
sums on every listed row and on every opened scenario, and a backup.

    python benchmarks/bench_store.py [--rows 200] [--url URL]

Builds a store of --rows saved versions of the demo scenario (120 parks) in a temporary SQLite
file (or --url, e.g. the PostgreSQL of .ci/postgres.sh, whose tables it creates), then prints,
in milliseconds: a save with and without the SQLite `PRAGMA quick_check` first, `list()` of all
versions with and without the record-hash checks, `get()` with its fingerprint recomputation,
and the backup. Report ratios: the machine is shared.

Measured on the shared development machine (2 cores, load average about 12 from other work, so
single figures varied 2-3x between runs), 200 versions of the demo scenario, SQLite 9.6 MB:
save with the check 1.4-2.6x the save without (+8 to +25 ms); list of 213 versions with the
record-hash checks 1.6-2.1x without (20-50 ms); get 4-40 ms; backup 0.2-1.2 s for 13.5 MB.
On PostgreSQL there is no quick_check (the save ratio there is noise).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from allocation import store as store_mod
from allocation.demo import make_demo_scenario
from allocation.store import api as store_api


def _ms(work, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.url or f"sqlite:///{folder}/bench.sqlite"
    scenario = make_demo_scenario()
    summary = {"status": "optimal", "objective": 1.0}
    s = store_mod.open_store(url)
    for i in range(args.rows):
        s.save(scenario, summary, f"naam {i % 20}", author="bench")
    if url.startswith("sqlite"):
        size = os.path.getsize(url.removeprefix("sqlite:///")) / 1e6
        print(f"store: {args.rows} versions, SQLite file {size:.1f} MB")
    _ms(lambda: s.save(scenario, summary, "warm-up"), 3)
    checked = _ms(lambda: s.save(scenario, summary, "x"), 10)
    original = store_mod.ScenarioStore.integrity_problem
    store_mod.ScenarioStore.integrity_problem = lambda self, conn=None: None  # type: ignore
    unchecked = _ms(lambda: s.save(scenario, summary, "y"), 10)
    store_mod.ScenarioStore.integrity_problem = original  # type: ignore
    print(f"save: {checked:.0f} ms with the integrity check, {unchecked:.0f} ms without "
          f"(ratio {checked / unchecked:.2f})")
    listed = _ms(lambda: s.list(all_versions=True, include_deleted=True), 5)
    row_check = store_api.row_problem
    store_api.row_problem = lambda row, opening=False: None  # type: ignore
    plain = _ms(lambda: s.list(all_versions=True, include_deleted=True), 5)
    store_api.row_problem = row_check
    print(f"list of every version: {listed:.1f} ms with the record-hash checks, {plain:.1f} ms "
          f"without (ratio {listed / plain:.2f})")
    newest = s.list()[0].id
    print(f"get (parse + fingerprint recomputed): {_ms(lambda: s.get(newest), 10):.1f} ms")
    target = Path(folder) / "backup.json"
    print(f"backup: {_ms(lambda: s.backup(target), 1):.0f} ms, "
          f"{target.stat().st_size / 1e6:.1f} MB")
    s.close()


if __name__ == "__main__":
    main()
