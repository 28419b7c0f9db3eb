"""The diagnosis of an infeasible scenario: arithmetic facts, then single changes of a setting
that each make the scenario feasible, rounded so that they suffice, cheapest first. Every
change is applied here to the scenario and re-solved."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model import ORG, park, scenario
from test_properties import scenarios

from allocation import format as fmt
from allocation.domain import Scenario
from allocation.explain import SINGLE_HEADING, arithmetic_checks, diagnose
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
    if f.rule in ("private_capacity", "absorption"):  # one park's own figure, named in the text
        pid = f.message_en.removeprefix("Park ").split(":")[0]
        field = ("private_capacity_eur" if f.rule == "private_capacity"
                 else "absorption_capacity_eur")
        assert pid in {q.park_id for q in sc.parks}, f.message_en
        parks = tuple(q.model_copy(update={field: f.new_value}) if q.park_id == pid else q
                      for q in sc.parks)
        return sc.model_copy(update={"parks": parks})
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
        "Verhoog het budget van 2026 met € 1.000 (naar € 6.000). Omvang: € 1.000.",
        "Verlaag de strategische bodem van € 2.000 naar € 1.666 per jaar. Omvang: € 2.004 "
        "(3 terreinen × 2 jaar × € 334), dubbel geteld: € 4.008.",
    ]
    assert d.summary() == ("Kleinste enkele aanpassing: verhoog het budget van 2026 met "
                           "€ 1.000 (naar € 6.000). Omvang: € 1.000.")
    assert "(3 bevindingen in de diagnose)" in r.message_nl  # the heading is not counted
    assert_each_change_suffices(sc)


def test_amount_rounded_up_suffices():
    # € 1.234.567 short: the advice is the full amount, not "€ 1,23 mln"
    parks = [park(f"S{i}", strategic=True) for i in range(2)]
    sc = scenario(parks, [1_000_000], strategic_floor_eur=1_117_283.5)
    d = diagnose(sc)
    assert d.relaxations[0].message_nl == (
        "Verhoog het budget van 2026 met € 1.234.567 (naar € 2.234.567). Omvang: € 1.234.567.")
    assert_each_change_suffices(sc)


def test_floor_against_private_capacity_suggests_the_share():
    # floor € 10.000, organisation share 25% (r = 1/3) needs € 3.333,33 private, K = € 2.000.
    # Raise X's co-financing to € 3.334 (size 1.334 over the one year), lower the minimum
    # private share to r' = 0,2 -> 16,67%, rounded down 16,6% (size (1/3 - 0,166/0,834) ×
    # 10.000 = 1.343), or the floor to € 6.000 (size 4.000, counted double).
    cat = ORG.model_copy(update={"min_private_share": 0.25})
    sc = scenario([park("X", k=2_000, strategic=True)], [1e6], categories=(cat,),
                  strategic_floor_eur=10_000)
    d = diagnose(sc)
    assert [f.message_nl for f in d.arithmetic] == [
        "Terrein X: een bodem van € 10.000 vraagt € 3.333 private cofinanciering per jaar, "
        "de capaciteit is € 2.000."]
    assert [f.message_nl for f in d.relaxations] == [
        "Terrein X: verhoog de toegezegde private cofinanciering met € 1.334 per jaar (van "
        "€ 2.000 naar € 3.334). Omvang: € 1.334 (1 jaar × € 1.334).",
        "Verlaag het minimale private aandeel van Organisatie van 25% naar 16,6% (voor alle "
        "terreinen in die categorie). Omvang: € 1.343 (minder gevraagde cofinanciering voor de "
        "bodems).",
        "Verlaag de strategische bodem van € 10.000 naar € 6.000 per jaar. Omvang: € 4.000 "
        "(1 jaar × € 4.000), dubbel geteld: € 8.000.",
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
        "Verhoog het maximumaandeel per gemeente van 10% naar 12%. Omvang: € 2.000 (meer "
        "ruimte per gemeente).")
    assert d.relaxations[1].message_nl == (
        "Verlaag de strategische bodem van € 3.000 naar € 2.500 per jaar. Omvang: € 2.000 "
        "(2 terreinen × 2 jaar × € 500), dubbel geteld: € 4.000.")
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
        "Verlaag de strategische bodem van € 5.000 naar € 2.000 per jaar. Omvang: € 12.000 "
        "(2 terreinen × 2 jaar × € 3.000), dubbel geteld: € 24.000."]
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


# -- issue 26: advice that reads true at the edges --------------------------------------------

_MONEY = r"(-?€ \d{1,3}(?:\.\d{3})*(?:,\d+)?)"


def _sizes(d) -> list[float]:
    """The size each single change states, as counted for the ranking."""
    out = []
    for f in d.relaxations:
        counted = re.search(r"geteld: " + _MONEY, f.message_nl)
        size = counted or re.search(r"Omvang: " + _MONEY, f.message_nl)
        assert size is not None, f.message_nl
        out.append(fmt.parse_amount(size.group(1)))
    return out


def assert_reads_true(sc: Scenario, d) -> None:
    """Every "from A to B" names two different figures, B reads back as the advised value and
    A as the current one; every "n terreinen × € F" multiplies out to the amount it explains;
    the changes come in the order of the sizes they state."""
    par = params(sc)
    for f in d.relaxations:
        if f.new_value is None:
            continue
        if f.rule == "budget":  # "met € A (naar € B)": B is the figure to type in
            m = re.search(r"\(naar " + _MONEY + r"\)", f.message_nl)
            assert m is not None, f.message_nl
            assert fmt.parse_amount(m.group(1)) == pytest.approx(f.new_value, abs=0.005)
            continue
        figure = _MONEY + r"|(\d+(?:,\d+)?%)"
        m = re.search(f"van (?:{figure}) naar (?:{figure})", f.message_nl)
        assert m is not None, f.message_nl
        old, new = m.group(1) or m.group(2), m.group(3) or m.group(4)
        assert old != new, f.message_nl
        if new.endswith("%"):
            assert fmt.parse_amount(new[:-1]) / 100 == pytest.approx(f.new_value, abs=5e-6)
            continue
        assert fmt.parse_amount(new) == pytest.approx(f.new_value, abs=0.005), f.message_nl
        if f.rule == "floor":  # the user's own figure, to the cent
            assert fmt.parse_amount(old) == pytest.approx(par.floor, abs=0.005), f.message_nl
    for f in d.arithmetic:
        m = re.search(_MONEY + r" \((\d+) terreinen × (?:(\d+) jaar × )?" + _MONEY + r"\)",
                      f.message_nl)
        if m is not None:
            total, n, years, each = m.groups()
            product = int(n) * int(years or 1) * fmt.parse_amount(each)
            assert fmt.parse_amount(total) == pytest.approx(product, abs=0.005), f.message_nl
    sizes = _sizes(d) if d.heading_nl == SINGLE_HEADING[0] else []
    assert sizes == sorted(sizes), [f.message_nl for f in d.relaxations]


def test_floor_with_cents_never_reads_as_its_own_value():
    # Issue 26, item 2: a floor of € 30.000,50 for 3 parks against € 90.000 a year read
    # "verlaag de strategische bodem van € 30.000 naar € 30.000" and "€ 90.002 (3 terreinen ×
    # € 30.000)". Both years are short, so only the floor can do it alone: € 30.000.
    sc = scenario([park(f"S{i}", strategic=True) for i in range(3)], [90_000, 90_000],
                  strategic_floor_eur=30_000.50)
    r = solve(sc)
    assert r.status == "infeasible"
    d = r.diagnosis
    assert d is not None
    assert [f.message_nl for f in d.arithmetic] == [
        f"{y}: de strategische bodems vragen € 90.001,50 (3 terreinen × € 30.000,50) maar het "
        "budget is € 90.000." for y in (2026, 2027)]
    assert [f.message_nl for f in d.relaxations] == [
        "Verlaag de strategische bodem van € 30.000,50 naar € 30.000 per jaar. Omvang: € 3 "
        "(3 terreinen × 2 jaar × € 0,50), dubbel geteld: € 6."]
    assert d.relaxations[0].message_en == (
        "Lower the strategic floor from € 30.000,50 to € 30.000 a year. Size: € 3 (3 parks × "
        "2 years × € 0,50), counted double: € 6.")
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)
    # the whole euro above the advice is not enough: the advice is the tightest whole euro
    assert solve(sc.with_settings(strategic_floor_eur=30_001)).status == "infeasible"


def test_raised_budget_with_cents_reads_as_the_figure_to_type_in():
    # 3 × € 30.000 against € 89.999,50 in 2026: € 0,50 short, raised by the whole euro
    sc = scenario([park(f"S{i}", strategic=True) for i in range(3)], [89_999.5, 1e6],
                  strategic_floor_eur=30_000)
    d = diagnose(sc)
    assert [f.message_nl for f in d.arithmetic] == [
        "2026: de strategische bodems vragen € 90.000 (3 terreinen × € 30.000) maar het budget "
        "is € 89.999,50."]
    assert d.relaxations[0].message_nl == (
        "Verhoog het budget van 2026 met € 1 (naar € 90.000,50). Omvang: € 1.")
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)


def test_carry_over_arithmetic_counts_the_years():
    # with carry-over the running need of 2027 is 2 years of floors: the line says so
    sc = scenario([park(f"S{i}", strategic=True) for i in range(3)], [90_000, 90_000],
                  strategic_floor_eur=30_000.50, carry_over=True)
    d = diagnose(sc)
    assert [f.message_nl for f in d.arithmetic] == [
        "2026: de strategische bodems vragen € 90.001,50 (3 terreinen × 1 jaar × € 30.000,50) "
        "maar het budget tot en met dat jaar is € 90.000.",
        "2027: de strategische bodems vragen € 180.003 (3 terreinen × 2 jaar × € 30.000,50) "
        "maar het budget tot en met dat jaar is € 180.000."]
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)


def test_raised_cap_and_share_never_read_as_the_current_value():
    # the cap € 30.000 below a floor of € 30.000,40 is raised to the next whole euro; the
    # municipality share 10,06% must rise to a value that does not also read "10,1%"
    cat = ORG.model_copy(update={"max_per_park_year_eur": 30_000})
    sc = scenario([park("A", strategic=True)], [1e6], categories=(cat,),
                  strategic_floor_eur=30_000.40)
    d = diagnose(sc)
    assert [f.message_nl for f in d.arithmetic] == [
        "De bodem van € 30.000,40 is hoger dan de categoriegrens van Organisatie (€ 30.000 per "
        "terrein per jaar)."]
    assert [f.message_nl for f in d.relaxations] == [
        "Verlaag de strategische bodem van € 30.000,40 naar € 30.000 per jaar. Omvang: € 0,40 "
        "(1 jaar × € 0,40), dubbel geteld: € 0,80.",
        "Verhoog de categoriegrens van Organisatie van € 30.000 naar € 30.001 per terrein per "
        "jaar. Omvang: € 1 (1 jaar × € 1)."]
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)
    parks = [park("A", strategic=True, muni="Noord"), park("B", muni="Zuid")]
    sc = scenario(parks, [100_000], strategic_floor_eur=10_096, max_municipality_share=0.1006)
    d = diagnose(sc)
    share = next(f for f in d.relaxations if f.rule == "municipality_share")
    assert share.message_nl.startswith(
        "Verhoog het maximumaandeel per gemeente van 10,06% naar 10,1%.")
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)


def test_one_parks_co_financing_is_offered_and_ranked_by_its_stated_size():
    # Issue 26, item 3: X's arithmetic line says the floor of € 30.000 asks € 10.000 private a
    # year (25% share, r = 1/3) and X commits € 6.000. Raising X's co-financing by € 4.000
    # suffices; before, only the province-wide cut of the minimum private share was offered
    # and called smallest, with no yardstick in sight. Sizes over 2 years: X 2 × 4.000 =
    # 8.000; the share to 16,6%: (1/3 - 0,166/0,834) × 30.000 × 3 parks × 2 years = 24.173;
    # the floor to € 18.000: 12.000 × 3 × 2 = 72.000, counted double.
    cat = ORG.model_copy(update={"min_private_share": 0.25})
    parks = [park("X", k=6_000, strategic=True), park("Y", strategic=True),
             park("Z", strategic=True)]
    sc = scenario(parks, [1e6, 1e6], categories=(cat,), strategic_floor_eur=30_000)
    r = solve(sc)
    assert r.status == "infeasible"
    d = r.diagnosis
    assert d is not None
    assert [f.message_nl for f in d.arithmetic] == [
        "Terrein X: een bodem van € 30.000 vraagt € 10.000 private cofinanciering per jaar, de "
        "capaciteit is € 6.000."]
    assert [f.message_nl for f in d.relaxations] == [
        "Terrein X: verhoog de toegezegde private cofinanciering met € 4.000 per jaar (van "
        "€ 6.000 naar € 10.000). Omvang: € 8.000 (2 jaar × € 4.000).",
        "Verlaag het minimale private aandeel van Organisatie van 25% naar 16,6% (voor alle "
        "terreinen in die categorie). Omvang: € 24.173 (minder gevraagde cofinanciering voor de "
        "bodems).",
        "Verlaag de strategische bodem van € 30.000 naar € 18.000 per jaar. Omvang: € 72.000 "
        "(3 terreinen × 2 jaar × € 12.000), dubbel geteld: € 144.000.",
    ]
    assert d.summary() == (
        "Kleinste enkele aanpassing: terrein X: verhoog de toegezegde private cofinanciering met "
        "€ 4.000 per jaar (van € 6.000 naar € 10.000). Omvang: € 8.000 (2 jaar × € 4.000).")
    # the yardstick in words, in both languages
    assert "gerangschikt naar omvang" in d.heading_nl and "telt dubbel" in d.heading_nl
    assert "ranked by size" in d.heading_en and "counts double" in d.heading_en
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)
    # the € 4.000 is what it takes: one euro less leaves X short
    x = sc.parks[0].model_copy(update={"private_capacity_eur": 9_999})
    assert solve(sc.model_copy(update={"parks": (x, *sc.parks[1:])})).status == "infeasible"


def test_one_parks_absorption_is_offered():
    # A absorbs € 3.000 a year, the floor is € 5.000: raise A's absorption by € 2.000
    parks = [park("A", a=3_000, strategic=True), park("B", strategic=True)]
    sc = scenario(parks, [1e6, 1e6], strategic_floor_eur=5_000)
    d = diagnose(sc)
    assert d.relaxations[0].message_nl == (
        "Terrein A: verhoog de opnamecapaciteit met € 2.000 per jaar (van € 3.000 naar "
        "€ 5.000). Omvang: € 4.000 (2 jaar × € 2.000).")
    assert d.relaxations[0].message_en == (
        "Park A: raise the absorption capacity by € 2.000 a year (from € 3.000 to € 5.000). "
        "Size: € 4.000 (2 years × € 2.000).")
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)


def test_no_single_park_change_when_two_parks_are_short():
    # X and Y each commit € 1.000 against € 2.500 asked (r = 1/3 of € 7.500): raising one of
    # them alone cannot suffice, so none is offered, and re-solving confirms it
    cat = ORG.model_copy(update={"min_private_share": 0.25})
    parks = [park("X", k=1_000, strategic=True), park("Y", k=1_000, strategic=True)]
    sc = scenario(parks, [1e6], categories=(cat,), strategic_floor_eur=7_500)
    d = diagnose(sc)
    assert not any(f.message_nl.startswith("Terrein") for f in d.relaxations)
    assert_each_change_suffices(sc)
    x = sc.parks[0].model_copy(update={"private_capacity_eur": 2_500})
    assert solve(sc.model_copy(update={"parks": (x, sc.parks[1])})).status == "infeasible"


@PROFILE
@given(scenarios(floors=st.sampled_from([2_999.5, 10_000.25, 30_000.5, 40_000.0])))
def test_advice_reads_true_with_floors_in_cents(sc):
    if solve(sc).status != "infeasible":
        return
    d = diagnose(sc)
    assert_reads_true(sc, d)
    assert_each_change_suffices(sc)
