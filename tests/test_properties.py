"""Property tests on generated small scenarios (hypothesis).

- the evaluator finds no violation and the same objective (1e-6 relative);
- the optimum equals that of an independent per-element PuLP formulation of docs/contracts/MODEL.md;
- more budget never lowers the objective; lowering the floor never lowers it;
- an infeasible scenario always gets a non-empty diagnosis;
- solving twice gives the identical allocation frame.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocation.domain import (
    DEFAULT_CATEGORIES,
    BudgetYear,
    Park,
    ReturnSegment,
    Scenario,
    Settings,
)
from allocation.evaluation import evaluate
from allocation.pipeline import solve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_solve import solve_with_pulp

PROFILE = settings(max_examples=30, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])

shares = st.sampled_from([0.0, 0.2, 0.35, 0.5, 0.8, 1.0])
money = st.sampled_from([0.0, 1_000.0, 4_000.0, 12_500.0, 40_000.0, 150_000.0])


@st.composite
def parks(draw, i: int) -> Park:
    return Park(
        park_id=f"P{i}", name=f"Terrein {i}",
        municipality=draw(st.sampled_from(["Noord", "Zuid", "Oost"])),
        region=draw(st.sampled_from([None, "R1", "R2"])),
        area_ha=10, companies=20, jobs=100,
        strategic=draw(st.booleans()),
        organisation_level=draw(st.integers(0, 4)),
        draagvlak=draw(shares),
        private_capacity_eur=draw(money),
        municipal_team=draw(st.booleans()),
        absorption_capacity_eur=draw(st.one_of(st.none(), money)),
        potential_energy=draw(shares), potential_circularity=draw(shares),
        potential_economy=draw(shares), potential_cooperation=draw(shares),
    )


@st.composite
def returns(draw) -> tuple[ReturnSegment, ...]:
    k = draw(st.integers(1, 3))
    cuts = sorted(draw(st.lists(st.sampled_from([0.1, 0.2, 0.5, 0.8, 1.5]), min_size=k - 1,
                                max_size=k - 1, unique=True)))
    mults = sorted(draw(st.lists(st.sampled_from([0.0, 0.3, 0.6, 1.0]), min_size=k,
                                 max_size=k)), reverse=True)
    return tuple(ReturnSegment(up_to_share=(cuts[j] if j < k - 1 else None),
                               multiplier=mults[j]) for j in range(k))


DEFAULT_FLOORS = st.sampled_from([0.0, 0.0, 500.0, 3_000.0])


@st.composite
def scenarios(draw, floors=DEFAULT_FLOORS) -> Scenario:
    n_parks = draw(st.integers(1, 5))
    n_years = draw(st.integers(1, 4))
    cats = list(DEFAULT_CATEGORIES)
    if draw(st.booleans()):  # a tighter cap on collective projects
        cats[2] = cats[2].model_copy(update={"max_per_park_year_eur": draw(money)})
    s = Settings(
        discount_rate=draw(st.sampled_from([0.0, 0.03, 0.1])),
        draagvlak_effect=draw(shares),
        capacity_growth=draw(st.sampled_from([0.0, 0.5, 1.0])),
        carry_over=draw(st.booleans()),
        strategic_floor_eur=draw(floors),
        max_municipality_share=draw(st.sampled_from([1.0, 1.0, 0.6, 0.3])),
    )
    budget = tuple(BudgetYear(year=2026 + t, budget_eur=draw(money)) for t in range(n_years))
    return Scenario(parks=tuple(draw(parks(i)) for i in range(n_parks)), budget=budget,
                    categories=tuple(cats), returns=draw(returns()), settings=s)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@PROFILE
@given(scenarios())
def test_evaluator_agrees_and_infeasible_is_diagnosed(sc):
    r = solve(sc)
    assert r.status in ("optimal", "infeasible"), r.message_en
    if r.status == "optimal":
        ev = evaluate(sc, r.allocation)
        assert ev.feasible, [str(v) for v in ev.violations]
        assert _close(ev.objective, r.objective)
        assert _close(sum(r.value_by_goal.values()), r.objective)
        assert len(r.by_park) == len(sc.parks)
        assert all(p >= -1e-9 for p in r.budget_shadow_price.values())
    else:
        assert r.diagnosis is not None and r.diagnosis.findings
        assert all(f.message_nl and f.message_en for f in r.diagnosis.findings)


@PROFILE
@given(scenarios())
def test_optimum_equals_independent_pulp_model(sc):
    r = solve(sc)
    ref = solve_with_pulp(sc, time_limit=60)
    if r.status == "optimal":
        assert ref["status"] == "Optimal"
        assert _close(r.objective, ref["objective"])
    else:
        assert ref["status"] == "Infeasible"


@PROFILE
@given(scenarios(), st.sampled_from([1.1, 1.5, 3.0]), st.sampled_from([0.0, 5_000.0]))
def test_more_budget_never_lowers_the_objective(sc, factor, extra):
    base = solve(sc)
    if base.status != "optimal":
        return
    more = sc.with_changes(budget=tuple(
        BudgetYear(year=b.year, budget_eur=b.budget_eur * factor + extra) for b in sc.budget))
    r = solve(more)
    assert r.status == "optimal"
    assert r.objective >= base.objective - 1e-6 * max(1.0, base.objective)


@PROFILE
@given(scenarios(floors=st.sampled_from([500.0, 3_000.0, 10_000.0])),
       st.sampled_from([0.0, 0.5, 0.9]))
def test_lowering_the_floor_never_lowers_the_objective(sc, share):
    base = solve(sc)
    if base.status != "optimal":
        return
    lower = sc.with_settings(strategic_floor_eur=sc.settings.strategic_floor_eur * share)
    r = solve(lower)
    assert r.status == "optimal"
    assert r.objective >= base.objective - 1e-6 * max(1.0, base.objective)


@PROFILE
@given(scenarios(floors=st.sampled_from([5_000.0, 20_000.0, 100_000.0])))
def test_infeasible_always_has_a_named_cause(sc):
    r = solve(sc)
    if r.status != "infeasible":
        return
    d = r.diagnosis
    assert d is not None and d.findings
    # the elastic re-solve names at least one rule and an amount
    named = [f for f in d.relaxations if f.rule != "elastic"]
    assert named and all(f.amount_eur and f.amount_eur > 0 for f in named)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(scenarios())
def test_deterministic(sc):
    a, b = solve(sc), solve(sc)
    assert a.status == b.status
    if a.has_allocation:
        pd.testing.assert_frame_equal(a.allocation, b.allocation)
        assert a.objective == b.objective


@pytest.mark.slow
def test_generated_700_by_10_passes_the_evaluator():
    from benchmarks.generate import generate_scenario

    # every rule active: floors, carry-over, a 5% municipality share
    sc = generate_scenario(700, 10, seed=3, strategic_floor_eur=300, carry_over=True,
                           max_municipality_share=0.05)
    r = solve(sc)
    assert r.status == "optimal"
    ev = evaluate(sc, r.allocation)
    assert ev.feasible and _close(ev.objective, r.objective)
    assert {"floor", "municipality_share", "private_capacity"} <= set(r.by_park["code"])
    # a higher floor makes it infeasible: the diagnosis names causes
    r = solve(sc.with_settings(strategic_floor_eur=1_000))
    assert r.status == "infeasible" and r.diagnosis is not None and r.diagnosis.findings
