"""Budget frontier: hand-checked values, shape (non-decreasing, concave), and every point equal
to `solve` on a scenario with that budget (property test on generated scenarios)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from allocation.analysis import frontier
from allocation.cli import main
from allocation.domain import DEFAULT_CATEGORIES, BudgetYear, Scenario, Settings
from allocation.pipeline import solve
from allocation.workbook import write_scenario
from tests.conftest import _park, make_small_scenario, make_worked_example
from tests.test_properties import PROFILE, scenarios


def one_park() -> Scenario:
    """One park, organisation only, one year, budget €10.000: checkable by hand.

    v = (1 + 1/3)·eff·Σ ŵ·e·π / 1000 with eff = 1 (draagvlak 1), π = 1 and the default weights
    and impacts: Σ ŵ·e = 0,3·0,5 + 0,2·0,5 + 0,25·1 + 0,25·3 = 1,25, so v = 1/600 per €.
    Absorption €15.000 (H = 15.000): segments €3.000 at μ 1, €4.500 at 0,6, the rest at 0,3.
    The park absorbs at most €15.000, so the value saturates from f = 1,5.
    """
    cats = tuple(c for c in DEFAULT_CATEGORIES if c.category == "organisation")
    park = _park("A", organisation_level=0, draagvlak=1.0, private_capacity_eur=1_000_000,
                 absorption_capacity_eur=15_000, potential_energy=1.0,
                 potential_circularity=1.0, potential_economy=1.0, potential_cooperation=1.0)
    return Scenario(parks=(park,), budget=(BudgetYear(year=2026, budget_eur=10_000),),
                    categories=cats, settings=Settings())


def by_hand(x: float) -> float:
    seg = min(x, 3_000) + 0.6 * min(max(x - 3_000, 0), 4_500) + 0.3 * max(x - 7_500, 0)
    return seg / 600


def test_hand_checked_points():
    fr = frontier.compute(one_park())
    assert len(fr.points) == 21
    pts = {round(p.budget_factor, 2): p for p in fr.points}
    assert pts[0.0].objective == pytest.approx(0.0, abs=1e-9)  # budget 0: value 0
    assert pts[0.0].parks_funded == 0
    assert pts[0.2].objective == pytest.approx(by_hand(2_000), rel=1e-9)  # 3,3333
    assert pts[1.0].objective == pytest.approx(by_hand(10_000), rel=1e-9)  # 10,75
    assert pts[1.0].private_eur == pytest.approx(10_000 / 3, rel=1e-9)
    saturated = by_hand(15_000)  # 13,25
    for f in (1.5, 1.6, 2.0):  # the park absorbs at most €15.000: value saturates
        assert pts[f].objective == pytest.approx(saturated, rel=1e-9)
        assert pts[f].public_eur == pytest.approx(15_000, rel=1e-9)
    assert fr.plan.budget_factor == 1.0 and fr.plan.budget_eur == 10_000
    # marginal value per €1 mln between 0,2 and 0,3 (x 2.000 -> 3.000, all in segment 1)
    seg = next(m for m in fr.marginal if m[0] == pytest.approx(2_000))
    assert seg[2] == pytest.approx(1e6 / 600, rel=1e-9)
    # "daarboven vrijwel niets": the last step that still adds value ends at €15.000
    text = " ".join(frontier.sentences(fr, "nl"))
    assert "daarboven vrijwel niets" in text and "€ 15.000" in text


def test_worked_example_saturates_at_its_optimum():
    fr = frontier.compute(make_worked_example())
    top = [p.objective for p in fr.points if p.budget_factor >= 0.8]
    assert all(v == pytest.approx(216.3022, abs=1e-4) for v in top)
    assert fr.points[0].objective == 0.0
    assert fr.knee_index is not None and 0 < fr.knee_index < len(fr.points) - 1


def _assert_shape(fr: frontier.Frontier) -> None:
    feas = [p for p in fr.points if p.feasible]
    for a, b in zip(feas, feas[1:], strict=False):  # non-decreasing
        assert b.objective >= a.objective - 1e-7 * max(1.0, abs(a.objective))
    # concave: slopes never increase (evenly spaced points)
    slopes = [m[2] for m in fr.marginal]
    scale = max([1.0, *(abs(s) for s in slopes)])
    for s1, s2 in zip(slopes, slopes[1:], strict=False):
        assert s2 <= s1 + 1e-6 * scale


def test_shape_on_small_scenario():
    _assert_shape(frontier.compute(make_small_scenario()))


@PROFILE
@given(scenarios())
def test_every_point_equals_solve(sc):
    fr = frontier.compute(sc, points=11)
    _assert_shape(fr)
    budget = sc.budget
    for p in fr.points:
        scaled = sc.with_changes(budget=[
            BudgetYear(year=b.year, budget_eur=b.budget_eur * p.budget_factor).model_dump()
            for b in budget])
        r = solve(scaled)
        if r.status == "infeasible":
            assert p.status == "infeasible" and p.objective is None
            continue
        assert r.status == "optimal", r.message_en
        assert p.objective == pytest.approx(r.objective, rel=1e-6, abs=1e-7)
        # the same tie-break as solve: the same money where the allocation is unique enough
        assert p.public_eur == pytest.approx(r.total_public, rel=1e-6, abs=1e-2)


def test_infeasible_low_budgets_have_no_value():
    sc = make_small_scenario().with_settings(strategic_floor_eur=30_000)  # P1: floor 30k/year
    fr = frontier.compute(sc)
    low = [p for p in fr.points if p.budget_eur < 90_000 - 1]
    assert low and all(p.status == "infeasible" and p.objective is None for p in low)
    assert fr.plan.feasible
    assert "strategische bodems" in " ".join(frontier.sentences(fr, "nl"))


def test_cli_json_shape(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    code = main(["analyse", str(path), "frontier", "--points", "5", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["status"] == "optimal"
    assert [p["budget_factor"] for p in data["frontier"]] == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert set(data["frontier"][0]) >= {"budget_factor", "budget_eur", "objective",
                                        "private_eur", "parks_funded"}
    plan = solve(make_small_scenario())
    assert data["frontier"][2]["objective"] == pytest.approx(plan.objective, rel=1e-9)
    assert data["frontier"][2]["private_eur"] == pytest.approx(plan.total_private, rel=1e-6)


def test_cli_bad_points_is_input_error(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    with pytest.raises(SystemExit) as err:
        main(["analyse", str(path), "frontier", "--points", "1"])
    assert err.value.code == 2


def test_cli_infeasible_plan_exits_3(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario().with_settings(strategic_floor_eur=5_000_000), path)
    code = main(["analyse", str(path), "frontier", "--points", "3"])
    out = capsys.readouterr().out
    assert code == 3
    assert "bodem" in out


def test_export_sheet():
    fr = frontier.compute(make_small_scenario())
    sheet = frontier.frames(fr)[frontier.SHEET]
    assert len(sheet) == 21
    assert (sheet["Huidig plan"] == "ja").sum() == 1
    assert (sheet["Knik"] == "ja").sum() == 1


def test_warm_model_time_limit_is_per_run():
    """HiGHS counts time_limit against the run time an instance has accumulated; a series of
    warm re-solves (a frontier) must not run out of it because earlier runs took time."""
    from allocation.model import build_model
    from allocation.run import WarmModel
    from benchmarks.generate import generate_scenario

    model = build_model(generate_scenario(400, 5, 2))
    warm = WarmModel(model)
    assert warm.run().status == "optimal"
    warm.set_strategy(dual=True)
    # re-solve until the instance has accumulated a clear amount of run time (how long a run
    # takes depends on the machine, so count runs instead of assuming a duration)
    f = 0.9
    while warm.h.getRunTime() < 0.05 and f > 0.3:
        warm.set_budget(model.params.budget * f)
        assert warm.run().status == "optimal"
        f -= 0.02
    spent = warm.h.getRunTime()
    assert spent >= 0.05
    # a limit well below what the instance has spent so far, ample for a small warm re-solve
    warm.set_budget(model.params.budget * (f - 0.005))
    assert warm.run(time_limit_s=spent * 0.6).status == "optimal"
