"""One source for each figure (issue 19, finding 3): the analyses start from exactly the
allocation `solve` reports, to the euro per park, on the demo and on a generated scenario.

On the demo the two used to differ (De Kampen € 1.493.086 against € 1.474.366, private money
€ 9.952.607 against € 9.956.639) although both were optimal: the analyses build their model in
the workbook's order, `solve` in the canonical one, and the tie rule's vertex depended on it.
With the sharing step of the tie rule (ties.spread, a strictly convex level with a unique
optimum) the plan no longer depends on the order or the basis."""

from __future__ import annotations

import pytest

from allocation.analysis import frontier, leverage
from allocation.demo import make_demo_scenario
from allocation.pipeline import solve
from benchmarks.generate import generate_scenario


@pytest.fixture(scope="module", params=["demo", "generated"])
def scenario(request: pytest.FixtureRequest):
    return make_demo_scenario() if request.param == "demo" else generate_scenario(40, 3, 7)


def test_leverage_plan_is_solves_allocation(scenario) -> None:
    result = solve(scenario)
    assert result.status == "optimal"
    assert "niet naar verhouding" not in result.message_nl  # the sharing step ran
    public = result.allocation.groupby("park_id")["public_eur"].sum()
    private = result.allocation.groupby("park_id")["private_eur"].sum()
    lev = leverage.compute(scenario, losses=(0.0,))
    ids = [p.park_id for p in scenario.parks]
    for i, pid in enumerate(ids):
        assert lev.plan.park_public_eur[i] == pytest.approx(public.get(pid, 0.0), abs=1.0), pid
        assert lev.plan.park_private_eur[i] == pytest.approx(private.get(pid, 0.0), abs=1.0), pid
    assert lev.plan.private_eur == pytest.approx(float(private.sum()), abs=1.0)


def test_frontier_plan_is_solves_allocation(scenario) -> None:
    result = solve(scenario)
    fr = frontier.compute(scenario, points=3)
    assert fr.plan.budget_factor == 1.0
    assert fr.plan.public_eur == pytest.approx(float(result.allocation["public_eur"].sum()),
                                               abs=1.0)
    assert fr.plan.private_eur == pytest.approx(float(result.allocation["private_eur"].sum()),
                                                abs=1.0)
