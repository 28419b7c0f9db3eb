"""Time from an assumption change to the re-rendered allocation page, next to the pure solve.

    .venv/bin/python benchmarks/bench_app.py [--repeats 5]

Runs the real app through Streamlit's AppTest on the demo data (no browser, so the figures
exclude network and drawing in the browser). For each repeat it changes the draagvlak effect on
the Aannames page (a value not seen before, so the solve cache misses), then renders the
Verdeling page, and reports:
  - solve      : allocation.solve() alone on the same scenarios
  - change     : the Aannames run that applies the change (callback + page)
  - render     : the Verdeling run right after the change (solve + KPIs + charts + table)
  - cached     : the Verdeling run again with unchanged assumptions (solve from cache)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    import os

    from streamlit.testing.v1 import AppTest

    from allocation.pipeline import solve
    from ui import state

    os.environ.setdefault("DRAAGKRACHT_DATABASE_URL",
                          f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    values = [round(0.11 + 0.13 * i, 2) for i in range(args.repeats)]
    timings: dict[str, list[float]] = {"solve": [], "change": [], "render": [], "cached": []}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("views/verdeling.py")
    at.run()  # warm-up: imports, demo, first solve
    base = at.session_state[state.SCENARIO]
    print(f"demo: {len(base.parks)} parks, {len(base.years)} years, "
          f"{len(base.categories)} categories")
    for value in values:
        start = time.perf_counter()
        solve(base.with_settings(draagvlak_effect=value))
        timings["solve"].append(time.perf_counter() - start)

        at.switch_page("views/aannames.py")
        at.run()
        slider = next(s for s in at.slider if s.label == "Effect van draagvlak")
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

    print(f"{'step':<8} {'median s':>9} {'max s':>7}   (n={args.repeats})")
    for name, values_s in timings.items():
        print(f"{name:<8} {statistics.median(values_s):>9.3f} {max(values_s):>7.3f}")
    total = statistics.median(timings["change"]) + statistics.median(timings["render"])
    print(f"change -> re-rendered allocation (median): {total:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
