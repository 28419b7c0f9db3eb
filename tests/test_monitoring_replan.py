"""The rolling re-plan: a hand-checkable three-park case, and equal to `solve` with nothing
realised.

The hand case: one category (private share 0.25, so r = 1/3 and a park's private capacity K
allows 3K public euros a year), one return segment with multiplier 1, no discounting, no
draagvlak effect, no growth and only the energy goal (impact 3). Then the value of a public
euro is (1 + 1/3) · 3 · π_p / 1000 = 0.004 · π_p, linear in the money: the LP fills the parks
in order of π until the year's budget is spent.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as hst

from allocation.domain import (
    BudgetYear,
    Category,
    Monitoring,
    MonitoringRecord,
    Park,
    RealisationRecord,
    ReturnSegment,
    Scenario,
    Settings,
)
from allocation.evaluation import evaluate
from allocation.model import build_model
from allocation.monitoring.replan import replan, replan_model, updated_scenario
from allocation.pipeline import solve
from tests.conftest import make_small_scenario, make_worked_example
from tests.test_properties import PROFILE, scenarios

ROUND = dt.date(2026, 12, 31)


def _park(pid: str, potential: float, capacity: float) -> Park:
    return Park(park_id=pid, name=f"Terrein {pid}", municipality="Stad", region="Noord",
                area_ha=10, companies=10, jobs=100, organisation_level=1, draagvlak=0.5,
                private_capacity_eur=capacity, absorption_capacity_eur=1_000_000,
                potential_energy=potential, potential_circularity=0.5,
                potential_economy=0.5, potential_cooperation=0.5)


def hand_scenario(carry_over: bool = False) -> Scenario:
    cat = Category(category="organisation", min_private_share=0.25, min_draagvlak=0.2,
                   impact_energy=3.0)
    return Scenario(
        parks=(_park("A", 0.9, 10_000), _park("B", 0.6, 30_000), _park("C", 0.3, 60_000)),
        budget=(BudgetYear(year=2026, budget_eur=100_000),
                BudgetYear(year=2027, budget_eur=100_000)),
        categories=(cat,),
        returns=(ReturnSegment(up_to_share=None, multiplier=1.0),),
        settings=Settings(weight_energy=1, weight_circularity=0, weight_economy=0,
                          weight_cooperation=0, discount_rate=0, draagvlak_effect=0,
                          capacity_growth=0, carry_over=carry_over),
    )


def spent(a: float, b: float, c: float) -> tuple[RealisationRecord, ...]:
    return tuple(RealisationRecord(park_id=p, category="organisation", year=2026, public_eur=v)
                 for p, v in (("A", a), ("B", b), ("C", c)) if v)


def money(result, year: int) -> dict[str, float]:  # an AllocationResult
    rows = result.allocation[result.allocation["year"] == year]
    return {str(r.park_id): round(float(r.public_eur), 2) for r in rows.itertuples()}


# B's companies can now co-finance only €10.000 a year (latest round): 3 · 10.000 = €30.000
B_DOWN = MonitoringRecord(park_id="B", round_date=ROUND, year_only=True,
                          private_capacity_eur=10_000)


def test_plan_by_hand() -> None:
    result = solve(hand_scenario())
    # per year: A up to 3·10.000, B the rest of €100.000; value 0.004·(0.9·30k + 0.6·70k)
    assert money(result, 2026) == money(result, 2027) == {"A": 30_000, "B": 70_000}
    assert result.objective == pytest.approx(2 * 276.0)


def test_replan_fixes_the_first_year_and_reoptimises_the_rest_by_hand() -> None:
    mon = Monitoring(rounds=(B_DOWN,), realisation=spent(20_000, 50_000, 10_000))
    rp = replan(hand_scenario(), mon)
    assert rp.status == "optimal" and rp.fixed_years == [2026]
    # 2026 is what was spent; 2027: A 30k, B 30k (its new capacity), C the remaining 40k
    assert money(rp.result, 2026) == {"A": 20_000, "B": 50_000, "C": 10_000}
    assert money(rp.result, 2027) == {"A": 30_000, "B": 30_000, "C": 40_000}
    # value: 2026 0.004·(0.9·20k + 0.6·50k + 0.3·10k) = 204; 2027 0.004·57k = 228
    assert rp.result.objective == pytest.approx(204.0 + 228.0)
    # the independent evaluator agrees, and finds no broken rule in the re-planned year;
    # B's 2026 spending is above its new capacity: a fact of the realised year, listed as such
    assert rp.evaluation is not None
    assert rp.evaluation.violations == []
    assert rp.evaluation.objective == pytest.approx(rp.result.objective)
    assert [(v.rule, v.park_id, v.year) for v in rp.realised_facts] == [(2, "B", 2026)]
    # what moved against the plan, and why
    moves = rp.moves.set_index("park_id")
    assert moves.loc["B", "planned_rest_eur"] == pytest.approx(70_000)
    assert moves.loc["B", "replanned_rest_eur"] == pytest.approx(30_000)
    assert moves.loc["C", "change_eur"] == pytest.approx(40_000)
    assert "draagkracht € 30.000 → € 10.000 (ronde 2026)" in moves.loc["B", "why_nl"]
    assert "71%" in moves.loc["B", "why_nl"]  # spent 50k of the planned 70k
    assert moves.index[0] == "B"  # the largest move first


def test_carry_over_moves_unspent_money_on_by_hand() -> None:
    mon = Monitoring(rounds=(B_DOWN,), realisation=spent(20_000, 50_000, 10_000))
    rp = replan(hand_scenario(carry_over=True), mon)
    # €20.000 not spent in 2026 is added to 2027: €120.000, so C gets 60k
    assert money(rp.result, 2027) == {"A": 30_000, "B": 30_000, "C": 60_000}
    assert rp.result.objective == pytest.approx(204.0 + 0.004 * 63_000)
    assert rp.evaluation is not None and rp.evaluation.violations == []


def test_overspending_with_carry_over_is_taken_from_later_years() -> None:
    mon = Monitoring(realisation=spent(30_000, 90_000, 10_000))  # 130k of 100k
    rp = replan(hand_scenario(carry_over=True), mon)
    assert money(rp.result, 2027) == {"A": 30_000, "B": 40_000}  # 200k - 130k = 70k left
    assert [(v.rule, v.year) for v in rp.realised_facts] == [(5, 2026)]


def test_spending_beyond_the_whole_budget_is_a_finding_not_a_crash() -> None:
    mon = Monitoring(realisation=spent(100_000, 100_000, 10_000))  # 210k of 200k
    rp = replan(hand_scenario(carry_over=True), mon)
    assert rp.status == "infeasible"
    assert rp.result.diagnosis is not None
    finding = rp.result.diagnosis.findings[0]
    assert finding.rule == "budget" and finding.amount_eur == pytest.approx(10_000)
    assert "€ 10.000" in finding.message_nl
    # following the advice makes it feasible
    sc = hand_scenario(carry_over=True)
    raised = sc.with_changes(budget=[{"year": 2026, "budget_eur": 100_000},
                                     {"year": 2027, "budget_eur": 110_000}])
    assert replan(raised, mon).status == "optimal"


def test_a_park_no_longer_eligible_keeps_its_realised_money_only() -> None:
    c_down = MonitoringRecord(park_id="C", round_date=ROUND, year_only=True, draagvlak=0.1)
    mon = Monitoring(rounds=(B_DOWN, c_down), realisation=spent(20_000, 50_000, 10_000))
    rp = replan(hand_scenario(), mon)
    assert money(rp.result, 2026) == {"A": 20_000, "B": 50_000, "C": 10_000}
    assert money(rp.result, 2027) == {"A": 30_000, "B": 30_000}  # C below min draagvlak 0.2
    why = rp.moves.set_index("park_id").loc["C"]  # draagvlak as a percentage, as the tables
    assert "draagvlak 50% → 10% (ronde 2026)" in why["why_nl"]
    assert "support 50% → 10% (round 2026)" in why["why_en"]
    assert rp.result.objective == pytest.approx(204.0 + 0.004 * 45_000)
    assert (1, "C", 2026) in [(v.rule, v.park_id, v.year) for v in rp.realised_facts]
    assert rp.evaluation is not None and rp.evaluation.violations == []


def test_updated_scenario_takes_each_measurement_from_its_latest_round() -> None:
    sc = make_small_scenario()
    mon = Monitoring(rounds=(
        MonitoringRecord(park_id="P2", round_date=dt.date(2026, 6, 1), organisation_level=2,
                         draagvlak=0.6),
        MonitoringRecord(park_id="P2", round_date=dt.date(2027, 6, 1), draagvlak=0.4),
        MonitoringRecord(park_id="P3", round_date=dt.date(2027, 6, 1), private_capacity_eur=3_000),
    ))
    updated, changes = updated_scenario(sc, mon)
    p2 = next(p for p in updated.parks if p.park_id == "P2")
    assert (p2.organisation_level, p2.draagvlak) == (2, 0.4)
    assert [(c.park_id, c.field) for c in changes] == [("P2", "organisation_level"),
                                                        ("P2", "draagvlak")]  # P3 unchanged
    assert updated.parks[0] == sc.parks[0]


@pytest.mark.parametrize("make", [make_small_scenario, make_worked_example,
                                  lambda: make_small_scenario().with_settings(carry_over=True)])
def test_equal_to_solve_when_nothing_was_realised(make) -> None:
    sc = make()
    plain = solve(sc)
    rp = replan(sc, Monitoring(), plan=plain)
    assert rp.fixed_years == [] and rp.changes == []
    assert rp.result.objective == pytest.approx(plain.objective, rel=1e-9)
    assert rp.result.allocation.equals(plain.allocation)
    assert rp.result.by_park["code"].tolist() == plain.by_park["code"].tolist()
    # the same LP, array for array
    a, b = replan_model(sc, {}).lp, build_model(sc).lp
    assert (a.cost == b.cost).all() and (a.index == b.index).all()


def test_replan_of_the_small_scenario_is_feasible_and_valued_like_the_evaluator() -> None:
    sc = make_small_scenario()
    mon = Monitoring(realisation=(
        RealisationRecord(park_id="P1", category="collective", year=2026, public_eur=60_000),
        RealisationRecord(park_id="P2", category="organisation", year=2026, public_eur=25_000),
        RealisationRecord(park_id="P2", category="organisation", year=2027, public_eur=5_000),
    ))
    rp = replan(sc, mon)
    assert rp.status == "optimal" and rp.fixed_years == [2026, 2027]
    ev = evaluate(rp.updated, rp.result.allocation)
    assert ev.objective == pytest.approx(rp.result.objective, rel=1e-6)
    assert [v for v in ev.violations if v.year == 2028] == []
    # the realised years hold exactly what was spent
    done = rp.result.allocation[rp.result.allocation["year"] < 2028]
    assert sorted(done["public_eur"].round(2).tolist()) == [5_000, 25_000, 60_000]


# -- generated scenarios (the strategies of tests/test_properties.py) -------------------------

def _realised_as(result, year: int, factor: float) -> tuple[RealisationRecord, ...]:
    rows = result.allocation[result.allocation["year"] == year]
    return tuple(RealisationRecord(park_id=str(r.park_id), category=str(r.category), year=year,
                                   public_eur=float(r.public_eur) * factor)
                 for r in rows.itertuples())


@PROFILE
@given(scenarios(), hst.sampled_from([1.0, 0.7, 0.0]))
def test_replan_on_generated_scenarios(sc: Scenario, factor: float) -> None:
    """Realise the plan's first year (all of it, 70%, or nothing spent): the re-plan keeps every
    rule in the remaining years, the evaluator values it like the solver, and when the plan's
    first year is realised exactly the optimum is the plan's (the plan's rest is still best)."""
    plan = solve(sc)
    if not plan.has_allocation or len(sc.years) < 2:
        return
    first = sc.years[0]
    realised = _realised_as(plan, first, factor) or (
        RealisationRecord(park_id=sc.parks[0].park_id, category=sc.categories[0].category,
                          year=first, public_eur=0.0),)
    rp = replan(sc, Monitoring(realisation=realised), plan=plan)
    if rp.status == "infeasible":  # floors that the rest cannot meet any more: said, not hidden
        assert rp.result.diagnosis is not None and rp.result.diagnosis.findings
        assert factor != 1.0  # less organisation money now can leave later floors unmet
        return
    assert rp.status == "optimal", rp.message_en
    assert rp.evaluation is not None and rp.evaluation.violations == []
    assert rp.evaluation.objective == pytest.approx(rp.result.objective, rel=1e-6, abs=1e-6)
    done = rp.result.allocation[rp.result.allocation["year"] == first]
    assert done["public_eur"].sum() == pytest.approx(sum(r.public_eur for r in realised),
                                                     abs=0.01)
    if factor == 1.0:
        assert rp.result.objective == pytest.approx(plan.objective, rel=1e-6, abs=1e-6)
