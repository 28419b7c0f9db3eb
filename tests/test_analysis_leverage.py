"""Leverage frontier: hand-checked trade-off, private money non-decreasing in the loss, every
point keeps the promised value, and the CLI's JSON shape."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given

from allocation.analysis import leverage
from allocation.cli import main
from allocation.domain import DEFAULT_CATEGORIES, BudgetYear, ReturnSegment, Scenario, Settings
from allocation.evaluation import evaluate
from allocation.model import build_model
from allocation.pipeline import solve
from allocation.workbook import write_scenario
from tests.conftest import _park, make_small_scenario, make_worked_example
from tests.test_properties import PROFILE, scenarios

V_X = 1 / 600  # organisation at X: (1 + 1/3)·1·1,25/1000
V_Y = 2 * 1.675 * 0.4 / 1000  # collective at Y: (1 + 1)·1·(0,9+0,4+0,25+0,125)·0,4/1000
B = 10_000.0


def two_parks() -> Scenario:
    """X can only do organisation (r = 1/3) and is worth most per euro; Y can do collective
    projects (r = 1) at a lower value. One year, budget €10.000, linear returns: the plan
    gives everything to X. Moving t euros from X to Y loses t·(v_X − v_Y) value and gains
    t·(1 − 1/3) private money, so with a loss ε: t = min(B, ε·B·v_X / (v_X − v_Y))."""
    cats = tuple(c for c in DEFAULT_CATEGORIES if c.category in ("organisation", "collective"))
    x = _park("X", organisation_level=0, draagvlak=1.0, private_capacity_eur=1e6,
              absorption_capacity_eur=1e6, potential_energy=1.0, potential_circularity=1.0,
              potential_economy=1.0, potential_cooperation=1.0)
    y = _park("Y", organisation_level=2, draagvlak=1.0, private_capacity_eur=1e6,
              municipal_team=True, absorption_capacity_eur=1e6, potential_energy=0.4,
              potential_circularity=0.4, potential_economy=0.4, potential_cooperation=0.4)
    return Scenario(parks=(x, y), budget=(BudgetYear(year=2026, budget_eur=B),),
                    categories=cats, returns=(ReturnSegment(up_to_share=None, multiplier=1.0),),
                    settings=Settings())


def test_hand_checked_trade_off():
    lev = leverage.compute(two_parks())
    assert lev.status == "optimal"
    assert lev.plan.objective == pytest.approx(B * V_X, rel=1e-9)
    assert lev.plan.private_eur == pytest.approx(B / 3, rel=1e-9)
    for p in lev.points:
        t = min(B, p.value_loss * B * V_X / (V_X - V_Y))
        assert p.private_eur == pytest.approx(B / 3 + 2 * t / 3, rel=1e-7), p.value_loss
        assert p.objective == pytest.approx(B * V_X - t * (V_X - V_Y), rel=1e-7)
        assert p.public_eur == pytest.approx(B, rel=1e-7)  # the guards keep 1e-9 slack
    last = lev.points[-1]  # 20%: everything moves to Y (a loss of 19,6% suffices)
    ch = lev.changes(last)
    assert list(ch["park_id"]) == ["X", "Y"] or list(ch["park_id"]) == ["Y", "X"]
    assert ch.set_index("park_id").loc["Y", "public_eur_change"] == pytest.approx(B)
    assert "meer privaat geld" in " ".join(leverage.sentences(lev, "nl"))


def test_saturated_private_keeps_the_plan():
    """In the worked example both parks are held by their private capacity: no loss of value
    can buy more private money, and the point keeps the plan's full value."""
    lev = leverage.compute(make_worked_example())
    for p in lev.points:
        assert p.private_eur == pytest.approx(lev.plan.private_eur, rel=1e-7)
        assert p.objective == pytest.approx(216.3022, abs=1e-4)


@PROFILE
@given(scenarios())
def test_private_non_decreasing_and_value_kept(sc):
    lev = leverage.compute(sc)
    plan = solve(sc)
    if plan.status == "infeasible":
        assert lev.status == "infeasible" and lev.diagnosis is not None
        return
    assert lev.status == "optimal"
    assert lev.plan.objective == pytest.approx(plan.objective, rel=1e-6, abs=1e-7)
    prev = lev.plan.private_eur - 1e-6 * max(1.0, lev.plan.private_eur)
    v_star = plan.objective
    for p in lev.points:
        assert p.private_eur >= prev - 1e-6 * max(1.0, prev)
        assert p.objective >= (1 - p.value_loss) * v_star - 1e-6 * max(1.0, v_star)
        prev = p.private_eur


def allocation_frame(sc: Scenario, x) -> pd.DataFrame:
    model = build_model(sc)
    par, idx = model.params, model.index
    rows = [{"park_id": par.park_ids[idx.pair_park[e]], "category": par.category_ids[
                idx.pair_cat[e]], "year": par.years[t], "public_eur": float(x[e, t]),
             "private_eur": float(x[e, t] * par.ratio[idx.pair_cat[e]])}
            for e in range(idx.n_pairs) for t in range(idx.n_years) if x[e, t] > 0]
    return pd.DataFrame(rows, columns=["park_id", "category", "year", "public_eur",
                                       "private_eur"])


@PROFILE
@given(scenarios())
def test_points_are_feasible_allocations_by_the_independent_evaluator(sc):
    """Every leverage point is an allocation under rules 1–8 with the value it claims."""
    lev = leverage.compute(sc, losses=(0.0, 0.05, 0.2))
    if lev.status != "optimal":
        return
    for p in lev.points:
        ev = evaluate(sc, allocation_frame(sc, p.x))
        assert ev.feasible, [str(v) for v in ev.violations]
        assert ev.objective == pytest.approx(p.objective, rel=1e-6, abs=1e-6)


def test_cli_json_shape(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    code = main(["analyse", str(path), "leverage", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["status"] == "optimal"
    assert [p["value_loss"] for p in data["leverage"]] == [0.0, 0.01, 0.02, 0.05, 0.1, 0.2]
    assert set(data["leverage"][0]) >= {"value_loss", "objective", "private_eur", "public_eur"}


def test_export_sheet():
    lev = leverage.compute(two_parks())
    sheet = leverage.frames(lev)[leverage.SHEET]
    assert len(sheet) == 7  # the plan and six losses
    assert sheet.iloc[-1]["Terreinen die meer krijgen"].startswith("Y")
