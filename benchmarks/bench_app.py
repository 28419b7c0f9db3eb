"""Time from an assumption change to the re-rendered allocation page, next to the pure solve.

    .venv/bin/python benchmarks/bench_app.py [--repeats 5]

Runs the real app through Streamlit's AppTest on the demo data (no browser, so the figures
exclude network and drawing in the browser). For each repeat it changes the draagvlak effect on
the Aannames page (a value not seen before, so the solve cache misses), then renders the
Verdeling page, and reports:
  - solve      : allocation.solve.solve() alone on the same scenarios
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
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pin_navigation_v2():  # noqa: ANN202 - a mock patcher
    """AppTest resets Streamlit's old-style `pages/` detection before every run; pin it to the
    state a running server is in (see tests/test_pages.py, pin_navigation_v2)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    return mock.patch.object(PagesManager, "__init__", init)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    import os

    from streamlit.testing.v1 import AppTest

    from allocation.solve import solve
    from ui import state

    os.environ.setdefault("DRAAGKRACHT_DATABASE_URL",
                          f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    values = [round(0.11 + 0.13 * i, 2) for i in range(args.repeats)]
    timings: dict[str, list[float]] = {"solve": [], "change": [], "render": [], "cached": []}
    with _pin_navigation_v2():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        at.switch_page("pages/verdeling.py")
        at.run()  # warm-up: imports, demo, first solve
        base = at.session_state[state.SCENARIO]
        print(f"demo: {len(base.parks)} parks, {len(base.years)} years, "
              f"{len(base.categories)} categories")
        for value in values:
            start = time.perf_counter()
            solve(base.with_settings(draagvlak_effect=value))
            timings["solve"].append(time.perf_counter() - start)

            at.switch_page("pages/aannames.py")
            at.run()
            slider = next(s for s in at.slider if s.label == "Effect van draagvlak")
            start = time.perf_counter()
            slider.set_value(value).run()
            timings["change"].append(time.perf_counter() - start)
            assert at.session_state[state.SCENARIO].settings.draagvlak_effect == value

            at.switch_page("pages/verdeling.py")
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
