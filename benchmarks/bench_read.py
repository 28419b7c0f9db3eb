"""Upload time and peak memory of the workbook reader, new against old.

    .venv/bin/python benchmarks/bench_read.py [--runs N] [--old-hostile] [FILE.xlsx ...]

Each read runs in a fresh Python process, so the peak memory (VmHWM) is that read's own,
imports included; a child's baseline (interpreter and imports, no file read) is printed too.
Per workbook it prints wall time and CPU time (the CPU time is the fairer figure on a loaded
machine), peak memory, and the ratio old/new. "new" is `allocation.workbook.read_workbook`
(streams the needed sheets; python-calamine where exact), "new-expat" the same without
calamine, "old" the openpyxl reader it replaced (`allocation.workbook.reference`).

Workbooks (generated into a temporary folder; benchmarks/hostile.py, benchmarks/generate.py):
  demo           data/demo.xlsx
  parks-10000    10.000 parks x 10 years (write_scenario of generate_scenario)
  parks-1M       the parks sheet continued to 1.000.000 rows (refused: more than 10.000 parks)
  extra-990k     an extra sheet the app ignores: 990.000 rows, ~18 MB file, ~180 MB inflated
  extra-990k-f   the same with one formula cell
  strings-3M     a shared-strings table of 3.000.000 entries, the ones used last
The old reader is run on the extra-* and strings-* files only with --old-hostile: it needs
70-150 s and 2,5-5 GB each (issue 14), too much for a shared machine by default.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CHILD = """
import json, sys, time
reader, path = sys.argv[1], sys.argv[2]
from allocation.domain import WorkbookError
from allocation.workbook.read import read_bytes
from allocation.workbook.reference import read_workbook_reference
import openpyxl, python_calamine  # imports are part of the baseline, not of the read
if reader == "none":
    out = {}
else:
    data = open(path, "rb").read()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        if reader == "old":
            loaded = read_workbook_reference(data, "x")
        else:
            loaded = read_bytes(data, "x", fast=reader == "new")
        out = {"outcome": f"{len(loaded.scenario.parks)} parks"}
    except WorkbookError as err:
        out = {"outcome": f"refused: {err.issues[0].message_en[:60]}"}
    out["wall"] = time.perf_counter() - wall
    out["cpu"] = time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec (the forking parent's size)
out["peak_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status")
                      if line.startswith("VmHWM")) / 1024
print(json.dumps(out))
"""


def measure(reader: str, path: Path, runs: int) -> dict[str, object]:
    """Median wall/CPU time and the largest peak memory over `runs` fresh processes."""
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _CHILD, reader, str(path)], cwd=ROOT,
                              capture_output=True, text=True, check=True, timeout=900)
        results.append(json.loads(done.stdout))
    out: dict[str, object] = {"peak_mb": max(r["peak_mb"] for r in results)}
    if reader != "none":
        out["wall"] = statistics.median(r["wall"] for r in results)
        out["cpu"] = statistics.median(r["cpu"] for r in results)
        out["outcome"] = results[0]["outcome"]
    return out


def make_workbooks(folder: Path) -> dict[str, Path]:
    from allocation.workbook import write_scenario
    from benchmarks import hostile
    from benchmarks.generate import generate_scenario

    base = (ROOT / "data" / "demo.xlsx").read_bytes()
    files = {
        "demo": base,
        "parks-10000": write_scenario(generate_scenario(10_000, 10, seed=1)),
        "parks-1M": hostile.long_parks(base, 1_000_000, title="terreinen"),
        "extra-990k": hostile.extra_sheet(base, 990_000),
        "extra-990k-f": hostile.extra_sheet(base, 990_000, formula=True),
        "strings-3M": hostile.huge_shared_strings(base, 3_000_000),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(data)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="read these workbooks instead")
    parser.add_argument("--runs", type=int, default=3, help="runs per small workbook")
    parser.add_argument("--old-hostile", action="store_true",
                        help="also run the old reader on the extra-* and strings-* files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.files:
            paths = {Path(f).name: Path(f) for f in args.files}
        else:
            print("generating workbooks ...", flush=True)
            paths = make_workbooks(Path(tmp))
        baseline = measure("none", next(iter(paths.values())), 1)["peak_mb"]
        print(f"child baseline (interpreter + imports): {baseline:.0f} MB peak")
        print(f"{'workbook':14s} {'size':>7s} {'reader':9s} {'wall s':>7s} {'cpu s':>7s} "
              f"{'peak MB':>8s}  outcome")
        for name, path in paths.items():
            big = path.stat().st_size > 5_000_000 or name.startswith(("extra", "strings"))
            runs = 1 if big else args.runs
            readers = ["new", "new-expat"]
            if args.old_hostile or not name.startswith(("extra", "strings")):
                readers.append("old")
            rows = {r: measure(r, path, runs) for r in readers}
            for reader, row in rows.items():
                print(f"{name:14s} {path.stat().st_size / 1e6:6.1f}M {reader:9s} "
                      f"{row['wall']:7.2f} {row['cpu']:7.2f} {row['peak_mb']:8.0f}  "
                      f"{row['outcome']}", flush=True)
            if "old" in rows:
                new, old = rows["new"], rows["old"]
                print(f"{'':14s} {'':7s} {'old/new':9s} "
                      f"{float(old['wall']) / float(new['wall']):6.1f}x "  # type: ignore[arg-type]
                      f"{float(old['cpu']) / float(new['cpu']):6.1f}x "  # type: ignore[arg-type]
                      f"{float(old['peak_mb']) / float(new['peak_mb']):7.1f}x",  # type: ignore[arg-type]
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
