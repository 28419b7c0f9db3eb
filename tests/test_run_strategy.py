"""The solver strategy (run.py): the primal simplex (the default) or the interior point method
alone, one of them chosen from the data ("auto"), or both at once ("concurrent").

Checked here: every strategy reaches the same proven optimum (docs/contracts/MODEL.md's worked example:
216.3022) and, after the tie-break, the same allocation on hand-checkable scenarios; "auto"
chooses from the data only (not the row order), gives the allocation of the method it chose and
the same one run after run; the Highs object handed on holds the optimal basis with the primal
simplex options, so a re-run costs no iterations; the loser of a race is interrupted (no solver
thread outlives the call); the time limit still gives a feasible, unproven answer
("time_limit", never "optimal"), also when "auto" chose the interior point method.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from allocation import run as run_mod
from allocation.evaluation import evaluate
from allocation.model import build_model, params
from allocation.pipeline import solve
from allocation.run import LpRun, choose_method, expected_funded_cells, run_concurrent, solve_lp
from allocation.ties import settle_ties, spread_skipped
from benchmarks.families import family_scenario
from tests.conftest import make_small_scenario, make_worked_example

STRATEGIES = ("primal", "ipm", "concurrent", "auto")


@pytest.fixture
def always_concurrent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Race even on tiny models (normally below CONCURRENT_MIN_COLS the primal runs alone)."""
    monkeypatch.setattr(run_mod, "CONCURRENT_MIN_COLS", 0)


@pytest.fixture
def auto_picks_ipm(monkeypatch: pytest.MonkeyPatch) -> None:
    """"auto" chooses the interior point method even for a tiny model."""
    monkeypatch.setattr(run_mod, "IPM_MIN_COLUMNS", 0)
    monkeypatch.setattr(run_mod, "IPM_MIN_FUNDED_CELLS", 0)
    monkeypatch.setattr(run_mod, "IPM_MIN_FUNDED_SHARE", 0.0)


def _final_x(model, strategy: str) -> tuple[LpRun, np.ndarray]:
    """The allocation the whole tie rule gives after `strategy`'s optimum (as `solve`)."""
    primary, h = solve_lp(model.lp, 60.0, strategy, model.params)
    assert primary.status == "optimal", primary.detail
    second = settle_ties(h, model, primary, 60.0)
    assert second is not None and second.col_value is not None
    assert not spread_skipped(second)
    return primary, second.col_value[: model.index.n_x] * 1000.0


@pytest.mark.usefixtures("always_concurrent")
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_strategy_finds_the_worked_example_optimum(strategy: str) -> None:
    model = build_model(make_worked_example())
    primary, x = _final_x(model, strategy)
    assert primary.objective == pytest.approx(216.3022, abs=1e-4)
    # B: €18.000 for organisation in each year (private capacity 6.000 × 3), by hand
    assert x[-2:] == pytest.approx([18_000.0, 18_000.0], abs=0.01)


@pytest.mark.usefixtures("always_concurrent")
def test_worked_example_same_allocation_whichever_method() -> None:
    model = build_model(make_worked_example())
    finals = {s: _final_x(model, s)[1] for s in STRATEGIES}
    for strategy in STRATEGIES[1:]:
        np.testing.assert_allclose(finals[strategy], finals["primal"], atol=0.01)


@pytest.mark.usefixtures("always_concurrent", "auto_picks_ipm")
def test_worked_example_auto_with_interior_point_same_allocation() -> None:
    """The worked example by hand: B gets €18.000 a year whichever method "auto" runs."""
    model = build_model(make_worked_example())
    primary, x = _final_x(model, "auto")
    assert primary.detail.endswith("(ipm)"), primary.detail
    np.testing.assert_allclose(x, _final_x(model, "primal")[1], atol=0.01)


@pytest.mark.usefixtures("always_concurrent")
def test_small_scenario_same_allocation_whichever_method() -> None:
    """Level 1 of the tie rule alone (fewest euros, then early) has no unique optimum here:
    up to €19.135 of P2's and P3's money moves between years and categories at equal value
    and equal euros per year, and the vertex it ends at depended on the method (primal: P3
    got its €9.000 in 2027, interior point: in 2026). Level 2 (`ties.spread`, strictly
    convex) has one optimum, whichever basis it starts from."""
    model = build_model(make_small_scenario())
    finals = {s: _final_x(model, s) for s in ("primal", "ipm")}
    assert finals["ipm"][0].objective == pytest.approx(finals["primal"][0].objective, rel=1e-9)
    np.testing.assert_allclose(finals["ipm"][1], finals["primal"][1], atol=0.01)


@pytest.mark.usefixtures("always_concurrent")
@pytest.mark.parametrize("make", [make_small_scenario, make_worked_example])
def test_handed_on_highs_is_warm_primal_simplex(make) -> None:
    model = build_model(make())
    for strategy in STRATEGIES:
        primary, h = solve_lp(model.lp, 60.0, strategy)
        assert h.getOptionValue("solver")[1] == "simplex"
        assert h.getOptionValue("simplex_strategy")[1] == 4
        assert h.getOptionValue("presolve")[1] == "off"
        h.run()  # from the winner's optimal basis: nothing left to do
        again = run_mod.read_run(h, 0.0)
        assert again.status == "optimal"
        assert again.objective == pytest.approx(primary.objective, rel=1e-12)
        assert h.getInfo().simplex_iteration_count == 0


def test_interior_point_win_is_used_and_primal_interrupted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A primal simplex slowed down on purpose (refactorising every iteration) loses to the
    interior point method; its thread is interrupted and gone when the call returns."""
    model = build_model(family_scenario("tight_private", 300, 6, seed=3))
    alone, _ = solve_lp(model.lp, 120.0, "primal")
    monkeypatch.setitem(run_mod.METHODS, "primal",
                        {"simplex_update_limit": 1, "simplex_primal_edge_weight_strategy": 2})
    before = threading.active_count()
    run, h = run_concurrent(model.lp, 120.0)
    assert threading.active_count() == before
    assert run.detail.endswith("(ipm)"), run.detail
    assert run.status == "optimal"
    assert run.objective == pytest.approx(alone.objective, rel=1e-9)
    assert run.row_dual is not None and run.col_dual is not None
    h.run()
    assert h.getInfo().simplex_iteration_count == 0  # crossover left an optimal basis


def test_concurrent_time_limit_gives_a_feasible_unproven_answer() -> None:
    scenario = family_scenario("tight_private", 700, 10, seed=1)
    model = build_model(scenario)
    assert model.lp.n_cols >= run_mod.CONCURRENT_MIN_COLS  # the race really runs
    before = threading.active_count()
    run, _ = solve_lp(model.lp, 0.05, "concurrent")
    assert threading.active_count() == before
    assert run.status == "time_limit", run.detail  # primal's point, not "optimal"
    assert run.detail.endswith("(primal)")
    assert run.row_dual is None and run.col_value is not None

    # the default strategy, stopped after 300 simplex iterations the way the time limit stops
    # it: 0,05 s now covers the whole solve (build, hand-over to HiGHS, reasons), which on a
    # loaded machine leaves no iteration (then: no allocation, pipeline "ran_out_of_time")
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(run_mod.SOLVER_OPTIONS, "simplex_iteration_limit", 300)
        result = solve(scenario, time_limit_s=60)
    assert result.status == "time_limit", result.message_en
    ev = evaluate(scenario, result.allocation)
    assert ev.feasible, [v.message_en for v in ev.violations[:3]]
    assert ev.objective == pytest.approx(result.objective, rel=1e-6)


@pytest.mark.parametrize("method,status,decisive", [
    ("primal", "optimal", True), ("ipm", "optimal", True),
    ("primal", "infeasible", True), ("ipm", "infeasible", True),
    ("primal", "time_limit", True), ("primal", "no_solution", True),
    ("ipm", "time_limit", False), ("ipm", "no_solution", False),
    ("primal", "error", False), ("ipm", "error", False),
])
def test_what_settles_the_race(method: str, status: str, decisive: bool) -> None:
    run = LpRun(status, None, None, None, None, 0.0)
    assert run_mod._decisive(method, run) is decisive


def test_unknown_strategy_is_refused() -> None:
    model = build_model(make_worked_example())
    with pytest.raises(ValueError, match="unknown strategy"):
        solve_lp(model.lp, 1.0, "dual")


@pytest.mark.parametrize("family", ["tight_private", "shares_floors"])
def test_pipeline_races_and_its_allocation_is_feasible_and_optimal(
        family: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through `solve` with the race (it really runs: ≥ CONCURRENT_MIN_COLS columns): a proven
    optimum, checked by the independent evaluator, equal to the primal simplex alone."""
    scenario = family_scenario(family, 400, 8, seed=2)
    assert build_model(scenario).lp.n_cols >= run_mod.CONCURRENT_MIN_COLS
    monkeypatch.setattr(run_mod, "STRATEGY", "concurrent")
    raced = solve(scenario)
    assert raced.status == "optimal", raced.message_en
    ev = evaluate(scenario, raced.allocation)
    assert ev.feasible, [v.message_en for v in ev.violations[:3]]
    assert ev.objective == pytest.approx(raced.objective, rel=1e-6)
    monkeypatch.setattr(run_mod, "STRATEGY", "primal")
    alone = solve(scenario)
    assert alone.objective == pytest.approx(raced.objective, rel=1e-9)
    # the budget rows' duals agree between the methods here (1e-15), so the budget prices do
    # not depend on which method won; other duals can (shares_floors: private capacity rows
    # differ by up to 0,106 at this seed: a degenerate optimum, see benchmarks/README.md)
    for year, price in alone.budget_shadow_price.items():
        assert raced.budget_shadow_price[year] == pytest.approx(price, rel=1e-6, abs=1e-9)


def test_auto_chooses_from_the_data() -> None:
    """Few funded cells or a province-sized model: the primal simplex; a national-sized model
    with many funded cells, in number and share: the interior point method (benchmarks/README.md:
    the faster there, also with the reasons per park)."""
    few = build_model(family_scenario("realistic", 700, 10, seed=1))
    province = build_model(family_scenario("tight_private", 700, 10, seed=1))
    many = build_model(family_scenario("tight_private", 1500, 10, seed=1))
    assert choose_method(few.lp, few.params) == "primal"
    assert expected_funded_cells(province.params) >= run_mod.IPM_MIN_FUNDED_CELLS
    assert choose_method(province.lp, province.params) == "primal"  # below IPM_MIN_COLUMNS
    assert many.lp.n_cols >= run_mod.IPM_MIN_COLUMNS
    assert choose_method(many.lp, many.params) == "ipm"
    assert choose_method(many.lp, None) == "primal"  # nothing to measure: the safe default
    # the estimate is of the right size: tight_private 1500×10 funds 6.337 cells (counted)
    assert 6_337 <= expected_funded_cells(many.params) <= 2 * 6_337


def test_auto_choice_does_not_depend_on_row_order() -> None:
    scenario = family_scenario("shares_floors", 400, 8, seed=2)
    order = np.random.default_rng(7).permutation(len(scenario.parks))
    shuffled = scenario.model_copy(update={"parks": tuple(scenario.parks[i] for i in order)})
    assert expected_funded_cells(params(shuffled)) == expected_funded_cells(params(scenario))


@pytest.mark.usefixtures("auto_picks_ipm")
def test_auto_same_allocation_run_after_run_and_as_its_method_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """tight_private 700×10 with "auto" made to pick the interior point method (the thresholds
    at 0): twice the same money per park, category and year, and the same as that method alone
    through the whole pipeline."""
    scenario = family_scenario("tight_private", 700, 10, seed=1)
    model = build_model(scenario)
    assert choose_method(model.lp, model.params) == "ipm"
    monkeypatch.setattr(run_mod, "STRATEGY", "auto")
    first, second = solve(scenario, explain_parks=False), solve(scenario, explain_parks=False)
    monkeypatch.setattr(run_mod, "STRATEGY", "ipm")
    alone = solve(scenario, explain_parks=False)
    for other in (second, alone):
        assert other.status == first.status == "optimal"
        assert other.allocation["public_eur"].to_numpy() == pytest.approx(
            first.allocation["public_eur"].to_numpy(), abs=1e-6)


@pytest.mark.usefixtures("auto_picks_ipm")
def test_auto_with_interior_point_time_limit_gives_a_feasible_unproven_answer() -> None:
    """When the chosen interior point method has no proven answer in time, the primal simplex
    runs in the reserve and hands back its feasible point."""
    scenario = family_scenario("tight_private", 700, 10, seed=1)
    model = build_model(scenario)
    assert choose_method(model.lp, model.params) == "ipm"
    run, _ = solve_lp(model.lp, 0.05, "auto", model.params)
    assert run.status == "time_limit", run.detail
    assert run.detail.endswith("(primal)")
    assert run.col_value is not None and run.row_dual is None


def test_expected_funded_cells_by_hand() -> None:
    """make_small_scenario by hand. Discounted budget 120.000 + 100.000/1,03 + 100.000/1,03² =
    311.347. Best value per €1.000: P1 1,751, P2 0,817, P3 0,763. Pieces by value: P1's first
    segment (0,2 × 3 × 200.000 = 120.000 at 1,751), P1's second (180.000 at 1,051), P2's first
    (0,2 × 3 × 50.000 = 30.000 at 0,817) starting at 300.000 < 311.347: touched; P3's first
    starts at 330.000: not. So P1 and P2, 3 years each: 6 (the optimum funds 8 cells).
    With no value anywhere (every return multiplier 0) none, also with municipality shares."""
    scenario = make_small_scenario()
    assert expected_funded_cells(params(scenario)) == 6
    worthless = scenario.model_copy(update={
        "returns": tuple(r.model_copy(update={"multiplier": 0.0}) for r in scenario.returns),
        "settings": scenario.settings.model_copy(update={"max_municipality_share": 0.6})})
    assert expected_funded_cells(params(worthless)) == 0


@pytest.mark.usefixtures("auto_picks_ipm")
def test_analyses_start_from_the_allocation_solve_reports() -> None:
    """make_small_scenario, where the two methods ended at different allocations before the
    tie rule had its second level (test above): with "auto" running the interior point
    method, the analyses' plan
    (`WarmModel.run_first`, here through PlanSolver) is still `solve`'s allocation."""
    from allocation.analysis.parallel import PlanSolver

    scenario = make_small_scenario()
    result = solve(scenario)
    plan = PlanSolver(scenario)
    assert plan.plan.status == "optimal"
    x = plan.x_eur(plan.plan.col_value)
    par = plan.model.params
    reported = np.zeros_like(x)
    for row in result.allocation.itertuples():
        reported[par.park_ids.index(row.park_id), par.category_ids.index(row.category),
                 par.years.index(row.year)] = row.public_eur
    np.testing.assert_allclose(x, reported, atol=0.01)
