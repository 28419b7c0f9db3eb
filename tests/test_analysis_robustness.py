"""Robustness to partner shortfall: no shortfall is the plan, a fixed shortfall checked by hand
and by a fresh solve, a park without private capacity never funded, seeded draws."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given

from allocation.analysis import robustness as rb
from allocation.cli import main
from allocation.domain import Scenario
from allocation.pipeline import solve
from allocation.workbook import write_scenario
from tests.conftest import make_small_scenario, make_worked_example
from tests.test_properties import PROFILE, scenarios


def _plan_by_park(sc: Scenario) -> np.ndarray:
    r = solve(sc)
    return (r.by_park.set_index("park_id")["public_eur"]
            .reindex([p.park_id for p in sc.parks]).fillna(0.0).to_numpy())


@pytest.mark.parametrize("make", [make_worked_example, make_small_scenario])
def test_no_shortfall_reproduces_the_plan_exactly(make):
    sc = make()
    r = rb.compute(sc, draws=5, shortfall=rb.Shortfall(mean=1.0), workers=1)
    plan = _plan_by_park(sc)
    assert r.status == "optimal" and r.draws == 1
    assert r.objectives[0] == pytest.approx(solve(sc).objective, rel=1e-9)
    assert r.parks["public_eur_p10"].to_numpy() == pytest.approx(plan, abs=1e-6)
    assert r.parks["public_eur_p90"].to_numpy() == pytest.approx(plan, abs=1e-6)
    assert list(r.parks["p_funded"]) == [1.0 if v > 0.5 else 0.0 for v in plan]
    assert r.unspent_eur.tolist() == [0.0]


def test_fixed_shortfall_by_hand_and_by_a_fresh_solve():
    """Worked example: every euro of the plan needs private money and absorption does not
    bind, so at 50% delivered half of the plan's money cannot be spent."""
    sc = make_worked_example()
    r = rb.compute(sc, shortfall=rb.Shortfall(mean=0.5, fixed=True), workers=1)
    plan_total = solve(sc).total_public
    assert r.draws == 1
    assert r.unspent_eur[0] == pytest.approx(plan_total / 2, rel=1e-9)
    halved = sc.with_changes(parks=tuple(
        p.model_copy(update={"private_capacity_eur": p.private_capacity_eur / 2})
        for p in sc.parks))
    assert r.objectives[0] == pytest.approx(solve(halved).objective, rel=1e-9)
    assert r.parks["public_eur_p10"].to_numpy() == pytest.approx(_plan_by_park(halved),
                                                                 abs=1e-3)


def test_park_without_private_capacity_is_never_funded():
    sc = make_small_scenario()
    parks = list(sc.parks)
    parks[1] = parks[1].model_copy(update={"private_capacity_eur": 0.0})
    sc = sc.with_changes(parks=tuple(parks))
    r = rb.compute(sc, draws=40, seed=2, workers=1)
    p2 = r.parks.set_index("park_id").loc["P2"]
    assert p2["p_funded"] == 0.0 and p2["public_eur_p90"] == 0.0
    assert p2["group"] == "never"


def test_seeded_identical_and_the_same_with_more_workers():
    sc = make_small_scenario()
    a = rb.compute(sc, draws=24, seed=7, workers=1)
    b = rb.compute(sc, draws=24, seed=7, workers=1)
    c = rb.compute(sc, draws=24, seed=7, workers=2)
    assert np.array_equal(a.objectives, b.objectives) and a.parks.equals(b.parks)
    assert np.array_equal(a.objectives, c.objectives) and a.parks.equals(c.parks)
    assert np.array_equal(a.unspent_eur, c.unspent_eur)
    d = rb.compute(sc, draws=24, seed=8, workers=1)
    assert not np.array_equal(a.objectives, d.objectives)


def test_draw_is_a_fresh_solve_with_those_capacities():
    """The sceptical check of one random draw: solve the scenario with the drawn capacities."""
    sc = make_small_scenario()
    r = rb.compute(sc, draws=3, seed=11, workers=1)
    f = rb.Shortfall().factors(11, 2, len(sc.parks))
    assert ((f > 0) & (f < 1)).all()
    drawn = sc.with_changes(parks=tuple(
        p.model_copy(update={"private_capacity_eur": p.private_capacity_eur * fp})
        for p, fp in zip(sc.parks, f, strict=True)))
    assert r.objectives[2] == pytest.approx(solve(drawn).objective, rel=1e-7)


def test_beta_has_the_documented_mean():
    f = np.concatenate([rb.Shortfall(0.8).factors(0, i, 500) for i in range(20)])
    assert f.mean() == pytest.approx(0.8, abs=0.01)
    assert f.std() == pytest.approx(rb.Shortfall(0.8).sd, abs=0.01)


@PROFILE
@given(scenarios())
def test_shortfall_never_adds_value(sc):
    r = rb.compute(sc, draws=4, seed=3, workers=1)
    if r.status != "optimal":
        return
    ok = np.isfinite(r.objectives)
    assert (r.objectives[ok] <= r.plan_objective + 1e-6 * max(1.0, r.plan_objective)).all()
    assert (r.unspent_eur >= -1e-6).all() and (r.unspent_eur <= r.plan_public_eur + 1e-6).all()


def test_cli_json_shape(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    assert main(["analyse", str(path), "robustness", "--draws", "6", "--json",
                 "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["status", "draws", "parks", "objective_p10", "objective_p50",
                         "objective_p90"]
    assert out["draws"] == 6
    assert set(out["parks"][0]) == {"park_id", "p_funded", "public_eur_p10", "public_eur_p90"}
    assert main(["analyse", str(path), "robustness", "--draws", "6"]) == 0
    assert "robuuste kern" in capsys.readouterr().out
    assert set(rb.frames(rb.compute(make_small_scenario(), draws=3, workers=1))) == {
        "Robuustheid", "Robuustheid trekkingen", "Robuustheid opzet"}


def test_plan_solver_puts_the_model_back_after_each_tie_break():
    from allocation.analysis.parallel import PlanSolver

    sc = make_small_scenario()
    ps = PlanSolver(sc)
    K = ps.model.params.private_capacity
    for f in (0.7, 0.9, 1.0):
        ps.set_private_capacity(K * f)
        run = ps.solve()
        assert run.status == "optimal"
        lp, held = ps.model.lp, ps.warm.h.getLp()
        assert held.num_row_ == lp.n_rows
        assert np.array_equal(np.asarray(held.col_cost_), lp.cost)
        assert np.array_equal(np.asarray(held.col_lower_), lp.col_lower)
        assert np.array_equal(np.asarray(held.col_upper_), lp.col_upper)
        assert np.array_equal(np.asarray(held.row_lower_), lp.row_lower)
        assert np.allclose(np.asarray(held.row_upper_), ps.row_upper)
    assert run.objective == pytest.approx(solve(sc).objective, rel=1e-9)


def test_a_series_of_warm_re_solves_each_gets_its_own_time_limit():
    """HiGHS counts a Highs object's run time over all its runs; WarmModel.run gives every
    re-solve its own limit, so a long series never ends in 'time limit' runs."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from allocation.model import build_model
    from allocation.run import WarmModel
    from benchmarks.generate import generate_scenario

    model = build_model(generate_scenario(700, 10, seed=1))
    warm = WarmModel(model)
    first = warm.run(60.0)
    assert first.status == "optimal"
    spent = warm.h.getRunTime()
    warm.set_strategy(dual=True)  # as the analyses re-solve: a few iterations, far below `spent`
    for factor in (0.999, 0.998):
        warm.set_budget(model.params.budget * factor)
        # a limit below the time already spent: before the fix this stopped at once
        assert warm.run(spent * 0.9).status == "optimal"
