"""Chart builders of the issue-10 analyses: specs carry the figures and the Dutch locale."""

from __future__ import annotations

import json

import numpy as np

from allocation.analysis import baselines, robustness, weights
from allocation.analysis import charts_robust as ch
from tests.conftest import make_small_scenario


def _spec(chart) -> str:
    return json.dumps(chart.to_dict())


def test_charts_carry_their_figures():
    sc = make_small_scenario()
    b = baselines.compute(sc, draws=6, workers=1)
    spec = _spec(ch.baseline_bars(b.summary(), "nl"))
    assert "Optimaal plan" in spec and "Loket (wie het eerst komt)" in spec
    assert ch.baseline_bars(b.summary()).to_dict()["config"]["locale"]["number"]["decimal"] == ","
    r = robustness.compute(sc, draws=6, workers=1)
    assert "public_eur_p10" in _spec(ch.shortfall_fan(r.parks, "en"))
    assert "objective" in _spec(ch.objective_histogram(r.objectives, r.plan_objective, "nl"))
    w = weights.compute(sc, draws=4, workers=1)
    spec = _spec(ch.weight_intervals(w.goals, "nl"))
    assert "Energie" in spec and "lower_share" in spec


def test_empty_inputs_say_so():
    import pandas as pd

    for chart in (ch.baseline_bars(pd.DataFrame(), "nl"), ch.shortfall_fan(pd.DataFrame()),
                  ch.objective_histogram(np.array([np.nan]), None),
                  ch.weight_intervals(pd.DataFrame())):
        assert "Geen gegevens" in _spec(chart)
