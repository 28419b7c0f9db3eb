"""Time from an assumption change to the re-rendered allocation page, next to the pure solve.

    .venv/bin/python benchmarks/bench_app.py [--repeats 5] [--parks 700 --years 10]
    .venv/bin/python benchmarks/bench_app.py --cold [--cold-runs 3]

Runs the real app through Streamlit's AppTest (no browser, so the figures exclude network and
drawing in the browser). Without --parks it works on the demo data; with --parks N a generated
scenario of N parks (benchmarks/generate.py) is made the active data, as an upload would. For
each repeat it changes the draagvlak effect on the Aannames page (a value not seen before, so
the solve cache misses), then renders the Verdeling page, and reports:
  - solve      : allocation.solve() alone on the same scenarios
  - change     : the Aannames run that applies the change (callback + page; the page solves to
                 warn at once when the assumptions allow no allocation)
  - render     : the Verdeling run right after the change (KPIs + charts + table; the solve is
                 cached by then)
  - cached     : the Verdeling run again with unchanged assumptions
and then one run of every other page on the same data. The target (issue 12): change + render
at most solve + 0,5 s.

--cold: start `streamlit run app.py` on a free port and time the first page, as a browser
would see it: from the first HTTP request to the start page's headline tiles in headless
Chromium (a fresh server each run). The sources are compiled first, as `make run` does.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("views/start.py", "views/gegevens.py", "views/aannames.py", "views/verdeling.py",
         "views/draagvlak.py", "views/presentatie.py", "views/scenarios.py",
         "views/vergelijken.py", "views/analyse.py", "views/monitoring.py", "views/regio.py")


def _warm(parks: int, years: int, repeats: int) -> int:
    from streamlit.testing.v1 import AppTest

    from allocation.pipeline import solve
    from ui import state

    os.environ.setdefault("DRAAGKRACHT_DATABASE_URL",
                          f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    # values on the slider's 0,05 grid, none of them the workbook's own (a cache miss each time)
    values = [round(0.15 + 0.1 * (i % 8), 2) for i in range(repeats)]
    timings: dict[str, list[float]] = {"solve": [], "change": [], "render": [], "cached": []}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    if parks:  # uploaded on the Gegevens page, as a user would
        from allocation.workbook import write_scenario
        from benchmarks.generate import generate_scenario

        data = write_scenario(generate_scenario(parks, years, seed=7))
        at.switch_page("views/gegevens.py")
        at.run()
        start = time.perf_counter()
        at.file_uploader[0].upload(f"generated_{parks}.xlsx", data, "application/vnd."
                                   "openxmlformats-officedocument.spreadsheetml.sheet").run()
        print(f"upload of {len(data) / 1e6:.1f} MB read and checked in "
              f"{time.perf_counter() - start:.2f} s")
        assert state.source(at.session_state).kind == "upload", "the upload was refused"
    at.switch_page("views/verdeling.py")
    at.run()  # warm-up: imports, data, first solve
    base = at.session_state[state.SCENARIO]
    print(f"data: {len(base.parks)} parks, {len(base.years)} years, "
          f"{len(base.categories)} categories")
    for value in values:
        start = time.perf_counter()
        solve(base.with_settings(draagvlak_effect=value))
        timings["solve"].append(time.perf_counter() - start)

        at.switch_page("views/aannames.py")
        at.run()
        slider = next(s for s in at.select_slider if s.label == "Effect van draagvlak")
        start = time.perf_counter()
        slider.set_value(value).run()
        timings["change"].append(time.perf_counter() - start)
        assert at.session_state[state.SCENARIO].settings.draagvlak_effect == value

        at.switch_page("views/verdeling.py")
        start = time.perf_counter()
        at.run()
        timings["render"].append(time.perf_counter() - start)
        assert not at.exception and at.metric, "the allocation page did not render"

        start = time.perf_counter()
        at.run()
        timings["cached"].append(time.perf_counter() - start)

    print(f"{'step':<8} {'median s':>9} {'max s':>7}   (n={repeats})")
    for name, values_s in timings.items():
        print(f"{name:<8} {statistics.median(values_s):>9.3f} {max(values_s):>7.3f}")
    solve_s = statistics.median(timings["solve"])
    total = statistics.median(timings["change"]) + statistics.median(timings["render"])
    print(f"change -> re-rendered allocation (median): {total:.3f} s = solve {solve_s:.3f} s "
          f"+ {total - solve_s:.3f} s (target: + 0,5 s at most)")
    print("\nevery page once on this data (solve cached):")
    for page in PAGES:
        at.switch_page(page)
        start = time.perf_counter()
        at.run()
        took = time.perf_counter() - start
        assert not at.exception, [e.value for e in at.exception]
        print(f"  {page:<24} {took:>6.3f} s")
    return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cold(runs: int) -> int:
    from playwright.sync_api import sync_playwright

    subprocess.run([sys.executable, "-m", "compileall", "-q", "allocation", "ui", "views",
                    "app.py"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    figures = []
    for _ in range(runs):
        port = _free_port()
        env = {**os.environ,
               "DRAAGKRACHT_DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/cold.sqlite"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"])
                page = browser.new_page(locale="nl-NL")
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("[data-testid=stMetricValue]", timeout=120_000)
                figures.append(time.perf_counter() - start)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        print(f"cold first page (request -> headline tiles): {figures[-1]:.2f} s")
    print(f"median over {runs} fresh servers: {statistics.median(figures):.2f} s "
          "(target: under 3 s)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--parks", type=int, default=0, help="generated scenario (0 = demo)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--cold", action="store_true", help="time the first page load")
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    if args.cold:
        return _cold(args.cold_runs)
    return _warm(args.parks, args.years, args.repeats)


if __name__ == "__main__":
    raise SystemExit(main())
