"""ties.already_tie_broken: the simplex optimality test that lets `solve` and the analyses skip
a tie-break HiGHS would end after 0 iterations at the same allocation.

Checked against HiGHS itself: wherever the test says "already tie-broken", running the tie-break
changes nothing (0 iterations, the same columns); and the test can say "no": with other
costs than the tie-break's, it says no exactly where HiGHS has to pivot.
"""

from __future__ import annotations

import numpy as np
import pytest

from allocation import ties
from allocation.model import build_model
from allocation.run import WarmModel, solve_lp
from benchmarks.families import family_scenario
from tests.conftest import make_small_scenario, make_worked_example

FAMILIES = ("realistic", "tight_private", "tight_budget", "shares_floors")


def _tie_break_moves(warm: WarmModel, model, run) -> tuple[int, float]:
    cp = warm.checkpoint()
    warm.set_strategy(dual=False)
    second = ties.tie_break(warm.h, model, run, 60.0)
    iterations = int(warm.h.getInfo().simplex_iteration_count)
    warm.rollback(cp)
    assert second.col_value is not None
    return iterations, float(np.abs(second.col_value - run.col_value).max())


@pytest.mark.parametrize("family", FAMILIES)
def test_a_yes_is_a_tie_break_that_changes_nothing(family: str) -> None:
    model = build_model(family_scenario(family, 60, 4, seed=2))
    warm = WarmModel(model)
    said_yes = 0
    for factor in (1.0, 0.5, 1.5, 2.0):  # warm re-solves at other budgets, as the frontier
        warm.set_budget(factor * model.params.budget)
        warm.set_strategy(dual=factor != 1.0)
        run = warm.run()
        assert run.status == "optimal"
        if ties.already_tie_broken(warm.h, model, run):
            said_yes += 1
            iterations, moved = _tie_break_moves(warm, model, run)
            assert iterations == 0 and moved < 1e-9
    assert said_yes  # (the test above is not vacuous)


@pytest.mark.parametrize("make", [make_small_scenario, make_worked_example])
@pytest.mark.parametrize("strategy", ["primal", "ipm"])
def test_hand_scenarios_after_either_method(make, strategy: str) -> None:
    model = build_model(make())
    run, h = solve_lp(model.lp, 60.0, strategy=strategy)
    if ties.already_tie_broken(h, model, run):
        second = ties.tie_break(h, model, run, 60.0)
        assert h.getInfo().simplex_iteration_count == 0
        assert np.abs(second.col_value - run.col_value).max() < 1e-9


def test_it_says_no_where_hiGHS_must_pivot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other costs than the tie-break's (random, per column): the test's answer agrees with
    what HiGHS does over the same face."""
    rng = np.random.default_rng(0)
    base = ties.tie_cost
    answers = {True: 0, False: 0}
    for family in FAMILIES:
        model = build_model(family_scenario(family, 40, 3, seed=5))
        for _ in range(3):
            run, h = solve_lp(model.lp, 60.0)
            cost = base(model) * (1.0 + 0.5 * rng.standard_normal(model.lp.n_cols))
            monkeypatch.setattr(ties, "tie_cost", lambda m, c=cost: c)
            said = ties.already_tie_broken(h, model, run)
            answers[said] += 1
            second = ties.optimise_on_face(h, model, run, 60.0, cost, False)
            iterations = int(h.getInfo().simplex_iteration_count)
            moved = float(np.abs(second.col_value - run.col_value).max())
            if said:
                assert iterations == 0 and moved < 1e-9
            elif moved > 1e-6:
                assert iterations > 0
    assert answers[False] >= 6  # random costs: mostly not optimal at the value's vertex
