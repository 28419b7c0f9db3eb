"""The diagnosis of an infeasible scenario: arithmetic facts, then single changes of a setting
that each make the scenario feasible, rounded so that they suffice, cheapest first. Every
change is applied here to the scenario and re-solved."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model import ORG, park, scenario
from test_properties import scenarios

from allocation.domain import Scenario
from allocation.explain import arithmetic_checks, diagnose
from allocation.model import params
from allocation.pipeline import solve
from allocation.result import Finding

# Explore new examples on a developer's machine; CI replays a fixed set (as
# test_workbook_properties.py does).
PROFILE = settings(max_examples=25, deadline=None, derandomize=bool(os.environ.get("CI")),
                   suppress_health_check=[HealthCheck.too_slow])


def apply(sc: Scenario, f: Finding) -> Scenario:
    """The scenario with the finding's single change made, as a user would make it."""
    assert f.new_value is not None
    oc = params(sc).oc
    cats = list(sc.categories)
    if f.rule == "budget":
        budget = tuple(b.model_copy(update={"budget_eur": f.new_value}) if b.year == f.year
                       else b for b in sc.budget)
        return sc.model_copy(update={"budget": budget})
    if f.rule == "floor":
        return sc.with_settings(strategic_floor_eur=f.new_value)
    if f.rule == "municipality_share":
        return sc.with_settings(max_municipality_share=f.new_value)
    if f.rule == "min_private_share":
        cats[oc] = cats[oc].model_copy(update={"min_private_share": f.new_value})
    else:
        assert f.rule == "category_cap"
        cats[oc] = cats[oc].model_copy(update={"max_per_park_year_eur": f.new_value})
    return sc.model_copy(update={"categories": tuple(cats)})


def assert_each_change_suffices(sc: Scenario) -> list[Finding]:
    d = diagnose(sc)
    singles = [f for f in d.relaxations if f.new_value is not None]
    for f in singles:
        assert solve(apply(sc, f)).status == "optimal", f.message_en
    return singles


def test_budget_short_for_floors():
    # three strategic parks × floor € 2.000 = € 6.000 > budget € 5.000 in 2026: raise 2026 by
    # € 1.000 (cost 1.000), or lower the floor to 5.000/3 = € 1.666 (rounded down; cost
    # 2 × 334 × 3 parks × 2 years = 4.008)
    parks = [park(f"S{i}", strategic=True) for i in range(3)]
    sc = scenario(parks, [5_000, 9_000], strategic_floor_eur=2_000)
    r = solve(sc)
    assert r.status == "infeasible"
    d = r.diagnosis
    assert d is not None
    assert [f.message_nl for f in d.arithmetic] == [
        "2026: de strategische bodems vragen € 6.000 (3 terreinen × € 2.000) maar het budget "
        "is € 5.000."]
    assert [f.message_nl for f in d.relaxations] == [
        "Verhoog het budget van 2026 met € 1.000 (naar € 6.000).",
        "Verlaag de strategische bodem van € 2.000 naar € 1.666 per jaar.",
    ]
    assert d.summary() == ("Kleinste enkele aanpassing: verhoog het budget van 2026 met "
                           "€ 1.000 (naar € 6.000).")
    assert "(3 bevindingen in de diagnose)" in r.message_nl  # the heading is not counted
    assert_each_change_suffices(sc)


def test_amount_rounded_up_suffices():
    # € 1.234.567 short: the advice is the full amount, not "€ 1,23 mln"
    parks = [park(f"S{i}", strategic=True) for i in range(2)]
    sc = scenario(parks, [1_000_000], strategic_floor_eur=1_117_283.5)
    d = diagnose(sc)
    assert d.relaxations[0].message_nl == (
        "Verhoog het budget van 2026 met € 1.234.567 (naar € 2.234.567).")
    assert_each_change_suffices(sc)


def test_floor_against_private_capacity_suggests_the_share():
    # floor € 10.000, organisation share 25% (r = 1/3) needs € 3.333 private, K = € 2.000.
    # Lower the minimum private share to r' = 0,2 -> 16,67%, rounded down 16,6% (cost
    # (1/3 - 0,166/0,834) × 10.000 = 1.343), or the floor to € 6.000 (cost 2 × 4.000).
    cat = ORG.model_copy(update={"min_private_share": 0.25})
    sc = scenario([park("X", k=2_000, strategic=True)], [1e6], categories=(cat,),
                  strategic_floor_eur=10_000)
    d = diagnose(sc)
    assert [f.message_nl for f in d.arithmetic] == [
        "Terrein X: een bodem van € 10.000 vraagt € 3.333 private cofinanciering per jaar, "
        "de capaciteit is € 2.000."]
    assert [f.message_nl for f in d.relaxations] == [
        "Verlaag het minimale private aandeel van Organisatie van 25% naar 16,6%.",
        "Verlaag de strategische bodem van € 10.000 naar € 6.000 per jaar.",
    ]
    assert_each_change_suffices(sc)


def test_municipality_share_as_the_percentage_a_user_sets():
    # two strategic parks in Noord with floor 3.000 over 2 years need 12.000 of 100.000:
    # the share must rise from 10% to 12%
    parks = [park("A", strategic=True, muni="Noord"), park("B", strategic=True, muni="Noord"),
             park("C", muni="Zuid")]
    sc = scenario(parks, [50_000, 50_000], strategic_floor_eur=3_000,
                  max_municipality_share=0.1)
    d = diagnose(sc)
    assert d.relaxations[0].message_nl == (
        "Verhoog het maximumaandeel per gemeente van 10% naar 12%.")
    assert d.relaxations[1].message_nl == (
        "Verlaag de strategische bodem van € 3.000 naar € 2.500 per jaar.")
    assert_each_change_suffices(sc)


def test_arithmetic_checks_absorption_cap_and_municipality():
    cat = ORG.model_copy(update={"max_per_park_year_eur": 4_000})
    parks = [park("A", a=3_000, strategic=True, muni="Noord"),
             park("B", strategic=True, muni="Noord"), park("C", muni="Zuid")]
    sc = scenario(parks, [100_000, 100_000], categories=(cat,), strategic_floor_eur=5_000,
                  max_municipality_share=0.04)
    # A: floor 5.000 > absorption 3.000; floor 5.000 > cap 4.000; Noord: 2 parks × 2 years ×
    # 5.000 = 20.000 > 4% of 200.000 = 8.000
    assert [f.rule for f in arithmetic_checks(sc)] == ["absorption", "category_cap",
                                                       "municipality_share"]
    # only the floor alone can fix all three: 8.000 / (2 parks × 2 years) = € 2.000
    d = diagnose(sc)
    assert [f.message_nl for f in d.relaxations] == [
        "Verlaag de strategische bodem van € 5.000 naar € 2.000 per jaar."]
    assert_each_change_suffices(sc)


@PROFILE
@given(scenarios(floors=st.sampled_from([3_000.0, 10_000.0, 40_000.0])))
def test_following_any_listed_change_makes_the_scenario_feasible(sc):
    if solve(sc).status != "infeasible":
        return
    d = diagnose(sc)
    assert d.findings
    assert_each_change_suffices(sc)
    assert d.summary()
