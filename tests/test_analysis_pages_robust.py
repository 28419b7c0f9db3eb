"""AppTest: each analysis tab runs, shows a finished progress bar, figures, charts and the
export; results are kept for the same scenario content; a stopped computation leaves no
worker processes."""

from __future__ import annotations

import multiprocessing as mp
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from allocation.analysis import robustness
from tests.conftest import make_small_scenario
from ui import state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 'scenarios.sqlite'}")


def analyse_page(seed_offset: int = 0) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    sc = make_small_scenario()
    # a scenario no other test has analysed, so the shared result store starts empty for it
    budget = tuple(b.model_copy(update={"budget_eur": b.budget_eur + seed_offset})
                   for b in sc.budget)
    at.session_state[state.SCENARIO] = sc.with_changes(budget=budget)
    at.switch_page("views/analyse.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize("name, draws_key, expect", [
    ("baselines", "an_base_draws", "Het loket laat"),
    ("robustness", "an_robust_draws", "Blijft het plan ongewijzigd"),
    ("weights", "an_weights_draws", "Bereik per doelgewicht"),
])
def test_each_analysis_runs_with_progress_and_export(name, draws_key, expect):
    at = analyse_page(seed_offset={"baselines": 1, "robustness": 2, "weights": 3}[name])
    assert [b.label for b in at.button if b.key == f"an_{name}_start"] == ["Bereken"]
    assert expect not in _text(at)
    at.number_input(key=draws_key).set_value(12).run()
    at.button(key=f"an_{name}_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    bars = at.get("progress")
    assert bars and bars[-1].value == 100  # the bar ends full, with the time it took
    assert expect in _text(at)
    assert at.get("vega_lite_chart")
    assert any(b.key == f"an_{name}_download" for b in at.get("download_button"))
    # kept for this scenario content: the next run shows it without a start button
    at.run()
    assert expect in _text(at)
    assert not [b for b in at.button if b.key == f"an_{name}_start"]


def test_english_texts():
    at = analyse_page(seed_offset=4)
    at.session_state[state.LANG] = "en"
    at.run()
    at.number_input(key="an_robust_draws").set_value(5).run()
    at.button(key="an_robustness_start").click().run()
    assert not at.exception
    assert "cannot be spent" in _text(at) and "Robust core" in _text(at)


class Stop(BaseException):
    """Stands in for Streamlit's rerun exception (also a BaseException)."""


def test_a_stopped_computation_leaves_no_workers():
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 3:
            raise Stop

    with pytest.raises(Stop):
        robustness.compute(make_small_scenario(), draws=50, workers=2, progress=progress)
    assert calls[-1] == 3
    assert mp.active_children() == []
    assert "allocation.analysis.parallel" in sys.modules


def test_infeasible_scenario_is_explained_not_crashed():
    at = analyse_page(seed_offset=5)
    sc = at.session_state[state.SCENARIO]
    at.session_state[state.SCENARIO] = sc.with_settings(strategic_floor_eur=50_000_000)
    at.run()
    for name, key in (("baselines", "an_base_draws"), ("robustness", "an_robust_draws"),
                      ("weights", "an_weights_draws")):
        at.number_input(key=key).set_value(3).run()
        at.button(key=f"an_{name}_start").click().run()
        assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(str(e.value) for e in at.error)
    assert "onhaalbaar" in errors or "geen toelaatbare" in errors.lower()
    assert not [b for b in at.get("download_button") if b.key and b.key.startswith("an_")]
