"""Baselines (loket, pro rata, tender): hand-checked cases, the oracle on generated scenarios,
the CLI's JSON shape and the export sheets."""

from __future__ import annotations

import json
from itertools import permutations

import numpy as np
import pytest
from hypothesis import given

from allocation.analysis import baselines as bl
from allocation.analysis.export import results_with_analyses
from allocation.cli import main
from allocation.domain import BudgetYear, Category, ReturnSegment, Scenario, Settings
from allocation.evaluation import evaluate
from allocation.pipeline import solve
from allocation.workbook import write_scenario
from tests.conftest import _park, make_small_scenario
from tests.test_properties import PROFILE, scenarios

ONLY_COOPERATION = Settings(weight_energy=0, weight_circularity=0, weight_economy=0,
                            weight_cooperation=1, draagvlak_effect=0.0, capacity_growth=0.0)
LINEAR = (ReturnSegment(up_to_share=None, multiplier=1.0),)
NO_PRIVATE = Category(category="organisation", min_private_share=0.0, impact_cooperation=1.0)


def three_parks() -> Scenario:
    """One year, €100.000; asks (absorption) A 60k, B 50k, C 40k; value per €1.000: A 1,
    B 0,5, C 0,2 (cooperation potential, linear returns, no draagvlak effect)."""
    parks = tuple(
        _park(pid, organisation_level=1, draagvlak=0.5, private_capacity_eur=0,
              absorption_capacity_eur=ask, potential_energy=0, potential_circularity=0,
              potential_economy=0, potential_cooperation=pot)
        for pid, ask, pot in (("A", 60_000, 1.0), ("B", 50_000, 0.5), ("C", 40_000, 0.2)))
    return Scenario(parks=parks, budget=(BudgetYear(year=2026, budget_eur=100_000),),
                    categories=(NO_PRIVATE,), returns=LINEAR, settings=ONLY_COOPERATION)


def test_loket_order_decides_and_mean_is_exact():
    sc = three_parks()
    r = bl.compute(sc, draws=200, workers=1)
    assert r.status == "optimal" and r.exact and r.draws == 6
    # by hand, per order (k€ × value per k€): ABC 60+20, ACB 60+8, BAC 25+50, BCA 25+8+10,
    # CAB 8+60, CBA 8+25+10
    by_hand = {"ABC": 80, "ACB": 68, "BAC": 75, "BCA": 43, "CAB": 68, "CBA": 43}
    assert r.fcfs_stat("objective", "mean") == pytest.approx(377 / 6, rel=1e-9)
    seen = {}
    for i, v in enumerate(r.fcfs):
        order = "".join("ABC"[j] for j in bl.orders_of_draw(3, 1, 0, i, True)[0])
        seen[order] = v.objective
    assert seen == pytest.approx(by_hand, rel=1e-9)
    assert r.optimal["objective"] == pytest.approx(80.0, rel=1e-9)
    assert r.tender is not None and r.tender.objective == pytest.approx(80.0, rel=1e-9)
    # pro rata: share 100/150 of every ask -> 40k, 33,3k, 26,7k
    assert r.pro_rata is not None
    assert r.pro_rata.by_park == pytest.approx([40_000, 100_000 / 3, 80_000 / 3])
    assert r.pro_rata.objective == pytest.approx(40 + 50 / 3 * 1 + 16 / 3, rel=1e-9)
    s = r.summary().set_index("method")
    assert s.loc["fcfs", "left_on_table"] == pytest.approx(1 - 377 / 6 / 80)
    assert r.violations == []
    # the loket funds C in some orders, the plan never; the plan funds B, the loket in 4 of 6
    assert r.parks.set_index("park_id").loc["C", "fcfs_p_funded"] == pytest.approx(4 / 6)
    assert r.only_fcfs() == ["C"] and r.only_plan() == []


def test_pro_rata_by_hand_with_absorption_growth():
    """Two parks, two years of €30.000, organisation needs 25% private (r = 1/3), growth 0,5.
    2026 asks: P1 min(45k, 25k) = 25k, P2 min(15k, 25k) = 15k -> share 0,75.
    2027 asks: P1 min(45k, 25k + 0,5·18,75k) = 34,375k, P2 15k -> share 30/49,375."""
    parks = (
        _park("P1", organisation_level=0, draagvlak=0.5, private_capacity_eur=15_000,
              potential_energy=0.5, potential_circularity=0.5, potential_economy=0.5,
              potential_cooperation=0.5),
        _park("P2", organisation_level=0, draagvlak=0.5, private_capacity_eur=5_000,
              potential_energy=0.5, potential_circularity=0.5, potential_economy=0.5,
              potential_cooperation=0.5),
    )
    org = Category(category="organisation", min_private_share=0.25, impact_cooperation=1.0)
    sc = Scenario(parks=parks, categories=(org,),
                  budget=(BudgetYear(year=2026, budget_eur=30_000),
                          BudgetYear(year=2027, budget_eur=30_000)),
                  settings=Settings(capacity_growth=0.5))
    x = bl.pro_rata(bl.Rules.of(sc))
    s2 = 30_000 / 49_375
    assert x[:, 0, 0] == pytest.approx([18_750, 11_250])
    assert x[:, 0, 1] == pytest.approx([34_375 * s2, 15_000 * s2])
    assert evaluate(sc, bl.as_frame(sc, x)).feasible


def test_prefix_rule_equals_one_by_one():
    rng = np.random.default_rng(5)
    for _ in range(50):
        n = int(rng.integers(1, 12))
        ask = rng.uniform(0, 10, n) * (rng.random(n) > 0.2)
        muni = rng.integers(0, 3, n)
        room = rng.uniform(0, 15, 3)
        avail = float(rng.uniform(0, 40))
        order = rng.permutation(n)
        got = bl._in_order(ask, order, muni, bl._Year(avail, room.copy()))
        left, rooms, want = avail, room.copy(), np.zeros(n)
        for p in order:
            want[p] = max(0.0, min(ask[p], left, rooms[muni[p]]))
            left -= want[p]
            rooms[muni[p]] -= want[p]
        assert got == pytest.approx(want, abs=1e-9)


def test_floors_are_paid_first_and_impossible_floors_are_said():
    sc = make_small_scenario().with_settings(strategic_floor_eur=10_000)
    r = bl.compute(sc, draws=20, workers=1)
    assert r.status == "optimal" and r.violations == []
    x = bl.first_come(bl.Rules.of(sc), [np.array([2, 1, 0])] * 3)
    assert (x[0, 0, :] >= 10_000 - 1e-6).all()  # P1 is strategic, organisation is category 0
    too_much = sc.with_settings(strategic_floor_eur=200_000)
    r = bl.compute(too_much, draws=5, workers=1)
    assert r.status == "infeasible" and r.message_nl


def test_seeded_and_the_same_with_more_workers():
    sc = make_small_scenario()
    a = bl.compute(sc, draws=30, seed=4, workers=1)
    b = bl.compute(sc, draws=30, seed=4, workers=2)
    assert np.array_equal(a.fcfs_objectives, b.fcfs_objectives)
    c = bl.compute(sc, draws=30, seed=5, workers=1)
    assert not np.array_equal(a.fcfs_objectives, c.fcfs_objectives)


@PROFILE
@given(scenarios())
def test_every_baseline_is_feasible_and_never_beats_the_plan(sc):
    plan = solve(sc)
    r = bl.compute(sc, draws=8, seed=1, plan=plan, workers=1)
    if plan.status != "optimal":
        assert r.status != "optimal"
        return
    if r.status == "infeasible":  # floors the greedy rule cannot pay: said, not hidden
        assert r.message_nl
        return
    assert r.violations == []
    opt = plan.objective
    for v in [*r.fcfs, r.pro_rata, r.tender]:
        assert v is not None
        assert v.objective <= opt + 1e-6 * max(1.0, abs(opt))
        assert v.violations == []  # evaluate found nothing


def test_cli_json_shape_and_export(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    assert main(["analyse", str(path), "baselines", "--draws", "10", "--json",
                 "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["status", "optimal", "first_come_first_served", "pro_rata", "tender"]
    assert set(out["optimal"]) == {"objective", "private_eur", "parks_funded"}
    assert set(out["first_come_first_served"]) == {"objective_mean", "objective_p10",
                                                   "objective_p90", "private_eur_mean", "draws"}
    assert set(out["pro_rata"]) == set(out["tender"]) == {"objective", "private_eur"}
    assert out["first_come_first_served"]["draws"] == 10
    assert main(["analyse", str(path), "baselines", "--draws", "10"]) == 0
    assert "laat" in capsys.readouterr().out
    sc = make_small_scenario()
    r = bl.compute(sc, draws=5, workers=1)
    data = results_with_analyses(sc, solve(sc), bl.frames(r))
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert {"Basislijnen", "Basislijnen per terrein"} <= set(wb.sheetnames)


def test_cli_infeasible_exit_code(tmp_path):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario().with_settings(strategic_floor_eur=50_000_000), path)
    assert main(["analyse", str(path), "baselines", "--draws", "5"]) == 3


def test_all_orders_count():
    assert bl.n_orders(3, 1, 200) == 6 and bl.n_orders(3, 3, 200) is None
    assert sorted("".join(map(str, o)) for o in bl._permutations(3)) == sorted(
        "".join(map(str, p)) for p in permutations(range(3)))


def test_cli_bad_options_are_input_errors(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    for argv in (["baselines", "--draws", "0"], ["robustness", "--mean", "1,5"],
                 ["weights", "--draws", "veel"]):
        with pytest.raises(SystemExit) as stop:
            main(["analyse", str(path), *argv])
        assert stop.value.code == 2
    assert "moet tussen 0 en 1" in capsys.readouterr().err
