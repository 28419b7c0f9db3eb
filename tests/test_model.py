"""Hand-checkable tests of every constraint family of docs/contracts/MODEL.md (model.py, solved by allocation.solve).

Most tests use one category with min_private_share 0.5 (r = 1), only the energy goal
(ŵ_energy = 1), impact_energy 1, draagvlak effect 0 (eff = 1), discount 0 (δ = 1), growth 0
and one flat return segment, so that a park with potential π is worth
v = (1 + r)·π/1000 = 2π/1000 points per public euro, i.e. 2π points per €1.000.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from allocation import model as model_module
from allocation.domain import BudgetYear, Category, Park, ReturnSegment, Scenario, Settings
from allocation.evaluation import evaluate
from allocation.model import build_elastic_model, build_model, params
from allocation.pipeline import solve

SIMPLE = dict(weight_energy=1.0, weight_circularity=0.0, weight_economy=0.0,
              weight_cooperation=0.0, discount_rate=0.0, draagvlak_effect=0.0,
              capacity_growth=0.0)
ORG = Category(category="organisation", label="Organisatie", min_private_share=0.5,
               impact_energy=1.0)
FLAT = (ReturnSegment(up_to_share=None, multiplier=1.0),)
BIG = 1e9


def park(pid: str, *, potential: float = 0.5, k: float = BIG, a: float | None = BIG,
         level: int = 0, dv: float = 1.0, team: bool = True, strategic: bool = False,
         muni: str = "M", region: str | None = None) -> Park:
    return Park(park_id=pid, name=f"Terrein {pid}", municipality=muni, region=region,
                area_ha=10, companies=10, jobs=100, strategic=strategic,
                organisation_level=level, draagvlak=dv, private_capacity_eur=k,
                municipal_team=team, absorption_capacity_eur=a,
                potential_energy=potential, potential_circularity=0.0,
                potential_economy=0.0, potential_cooperation=0.0)


def scenario(parks: list[Park], budgets: list[float], *, categories=(ORG,), returns=FLAT,
             first_year: int = 2026, **settings: object) -> Scenario:
    st = Settings(**{**SIMPLE, **settings})  # type: ignore[arg-type]
    return Scenario(
        parks=tuple(parks),
        budget=tuple(BudgetYear(year=first_year + i, budget_eur=b) for i, b in enumerate(budgets)),
        categories=tuple(categories), returns=tuple(returns), settings=st)


def public(result, pid: str, year: int | None = None, category: str | None = None) -> float:
    df = result.allocation
    mask = df["park_id"] == pid
    if year is not None:
        mask &= df["year"] == year
    if category is not None:
        mask &= df["category"] == category
    return float(df.loc[mask, "public_eur"].sum())


def solved(sc: Scenario):
    result = solve(sc)
    assert result.status == "optimal", result.message_en
    ev = evaluate(sc, result.allocation)
    assert ev.feasible, [str(v) for v in ev.violations]
    assert ev.objective == pytest.approx(result.objective, rel=1e-6, abs=1e-9)
    return result


# -- the worked example ---------------------------------------------------------------------


def test_worked_example_objective(worked_example):
    # docs/contracts/MODEL.md: optimum 216.3022 value points; B gets 18.000 organisation a year (6.000·3),
    # A is held by private capacity (organisation/3 + collective = 60.000 each year).
    r = solved(worked_example)
    assert r.objective == pytest.approx(216.3022, abs=5e-5)
    assert public(r, "B", 2026, "organisation") == pytest.approx(18_000, abs=0.01)
    assert public(r, "B", 2027, "organisation") == pytest.approx(18_000, abs=0.01)
    assert public(r, "B", category="collective") == 0.0
    for year in (2026, 2027):
        org, coll = public(r, "A", year, "organisation"), public(r, "A", year, "collective")
        assert org / 3 + coll == pytest.approx(60_000, abs=0.01)
    assert r.budget_shadow_price == {2026: 0.0, 2027: 0.0}


# -- constraint (1): eligibility ------------------------------------------------------------


def test_eligibility_only_eligible_pairs_get_variables():
    cat = Category(category="organisation", min_private_share=0.5, impact_energy=1.0,
                   min_organisation_level=2, min_draagvlak=0.5, requires_municipal_team=True)
    parks = [park("ok", level=2, dv=0.5, team=True),
             park("low_level", level=1, dv=0.9, team=True),
             park("low_dv", level=3, dv=0.49, team=True),
             park("no_team", level=3, dv=0.9, team=False)]
    sc = scenario(parks, [1_000, 1_000], categories=(cat,))
    m = build_model(sc)
    # one eligible pair × 2 years = 2 x columns; with 1 segment, 1 z column
    assert m.index.n_pairs == 1 and m.index.n_x == 2 and m.lp.n_cols == 3
    r = solved(sc)
    # the budget of 1.000 a year all goes to "ok": 2 years × 1.000 × 2·0,5/1000 = 2 points
    assert public(r, "ok") == pytest.approx(2_000)
    assert r.objective == pytest.approx(2.0)
    codes = r.by_park.set_index("park_id")["code"]
    assert list(codes[["low_level", "low_dv", "no_team"]]) == ["not_eligible"] * 3
    assert "organisatiegraad 1 < 2" in r.explanations["low_level"].message_nl
    assert "draagvlak 0,49 < 0,50" in r.explanations["low_dv"].message_nl
    assert "gebiedsteam" in r.explanations["no_team"].message_nl


# -- constraint (2): private co-financing ---------------------------------------------------


def test_private_capacity_limits_public_money():
    # K = 10.000 a year and r = 1, so x ≤ 10.000 a year; 2 years × 10.000 × 2·0,5/1000 = 20
    r = solved(scenario([park("A", k=10_000)], [1e6, 1e6]))
    assert public(r, "A", 2026) == pytest.approx(10_000)
    assert public(r, "A", 2027) == pytest.approx(10_000)
    assert r.objective == pytest.approx(20.0)
    assert r.by_park.loc[0, "private_eur"] == pytest.approx(20_000)
    assert r.explanations["A"].code == "private_capacity"
    # the companies can co-finance € 10.000; € 10.000 more a year (re-solved) allows
    # € 10.000 more public money in each year: 20.000 × 1 point per € 1.000 = 20 points
    assert "€ 10.000" in r.explanations["A"].message_nl
    assert ("€ 10.000 meer cofinanciering per jaar verhoogt de totale waarde met 20,00 "
            "waardepunten (2,00 per € 1.000), en dit terrein krijgt dan € 20.000 meer"
            in r.explanations["A"].what_would_change_nl)
    assert r.explanations["A"].marginal_value["private_capacity"] == pytest.approx(2.0)


def test_private_capacity_shared_across_categories():
    # two categories with r = 1 (s 0,5) and r = 3 (s 0,75), K = 12.000:
    # x1 + 3·x2 ≤ 12.000. v1 = 2·0,5/1000 = 0,001/€, v2 = 4·0,5·2/1000 = 0,004/€ (impact 2):
    # per private euro: cat1 0,001, cat2 0,004/3 = 0,00133 -> all to cat2: x2 = 4.000,
    # value 4.000 × 0,004 = 16 per year; 1 year.
    cat2 = Category(category="collective", min_private_share=0.75, impact_energy=2.0)
    r = solved(scenario([park("A", k=12_000)], [1e6], categories=(ORG, cat2)))
    assert public(r, "A", category="collective") == pytest.approx(4_000)
    assert public(r, "A", category="organisation") == pytest.approx(0.0, abs=1e-6)
    assert r.objective == pytest.approx(16.0)


# -- constraint (3): absorption -------------------------------------------------------------


def test_absorption_limits_public_money():
    # A = 5.000 a year, no growth: 2 × 5.000 × 0,001 = 10 points
    r = solved(scenario([park("A", a=5_000)], [1e6, 1e6]))
    assert public(r, "A", 2026) == pytest.approx(5_000)
    assert r.objective == pytest.approx(10.0)
    assert r.explanations["A"].code == "absorption"


def test_absorption_grows_with_organisation_money():
    # γ = 0,5: x0 ≤ 5.000; x1 ≤ 5.000 + 0,5·5.000 = 7.500; x2 ≤ 5.000 + 0,5·12.500 = 11.250
    # total 23.750 × 0,001 = 23,75 points
    r = solved(scenario([park("A", a=5_000)], [1e6] * 3, capacity_growth=0.5))
    assert [public(r, "A", y) for y in (2026, 2027, 2028)] == pytest.approx(
        [5_000, 7_500, 11_250])
    assert r.objective == pytest.approx(23.75)


def test_absorption_level_default_is_used():
    # no own figure: level 1 -> capacity_level_1 = 8.000 (set below); 1 year -> 8 points
    r = solved(scenario([park("A", a=None, level=1)], [1e6], capacity_level_1=8_000))
    assert public(r, "A") == pytest.approx(8_000)


# -- constraint (4): category cap -----------------------------------------------------------


def test_category_cap():
    # M = 3.000 per park per year: 2 × 3.000 × 0,001 = 6 points
    cat = ORG.model_copy(update={"max_per_park_year_eur": 3_000})
    r = solved(scenario([park("A")], [1e6, 1e6], categories=(cat,)))
    assert public(r, "A", 2026) == pytest.approx(3_000)
    assert r.objective == pytest.approx(6.0)
    assert r.explanations["A"].code == "category_cap"
    assert "€ 3.000" in r.explanations["A"].message_nl


# -- constraint (5): budget, shadow price ---------------------------------------------------


def test_budget_and_shadow_price():
    # budget 4.000 a year; A (π 1: 2 points/€1.000) can absorb 3.000, B (π 0,5: 1 point) the
    # rest: A 3.000, B 1.000 a year -> 2 × (3 × 2 + 1 × 1) = 14 points. An extra €1.000 would
    # go to B: shadow price 1,0 point per €1.000 in both years.
    r = solved(scenario([park("A", potential=1.0, a=3_000), park("B", potential=0.5)],
                        [4_000, 4_000]))
    assert public(r, "A", 2026) == pytest.approx(3_000)
    assert public(r, "B", 2026) == pytest.approx(1_000)
    assert r.objective == pytest.approx(14.0)
    assert r.budget_shadow_price[2026] == pytest.approx(1.0)
    assert r.budget_shadow_price[2027] == pytest.approx(1.0)
    assert list(r.by_year["shadow_price"]) == pytest.approx([1.0, 1.0])
    assert list(r.by_year["unallocated_eur"]) == pytest.approx([0.0, 0.0])
    assert r.explanations["B"].code == "outcompeted"


def test_budget_without_and_with_carry_over():
    # budgets 10.000 then 0; A absorbs at most 6.000 a year; discount 10% (δ1 = 1/1,1).
    # Without carry-over: 6.000 in 2026 only -> 6 × 1 = 6 points.
    # With carry-over: 6.000 in 2026 and the 4.000 left over in 2027 -> 6 + 4/1,1 = 9,6364.
    parks = [park("A", a=6_000)]
    r = solved(scenario(parks, [10_000, 0], discount_rate=0.1))
    assert r.objective == pytest.approx(6.0)
    assert r.budget_shadow_price == {2026: 0.0, 2027: pytest.approx(1 / 1.1)}
    rc = solved(scenario(parks, [10_000, 0], discount_rate=0.1, carry_over=True))
    assert rc.objective == pytest.approx(6 + 4 / 1.1)
    assert public(rc, "A", 2027) == pytest.approx(4_000)
    assert list(rc.by_year["carry_over_eur"]) == pytest.approx([4_000, 0])
    # with carry-over an extra €1.000 in 2026 reaches 2027 too: the price of 2026 is the sum
    # of the running-total duals of 2026 (0, not binding) and 2027 (1/1,1)
    assert rc.budget_shadow_price[2026] == pytest.approx(1 / 1.1)
    assert rc.budget_shadow_price[2027] == pytest.approx(1 / 1.1)


# -- constraint (6): municipality share -----------------------------------------------------


def test_municipality_share():
    # total budget 2 × 10.000 = 20.000, φ = 0,5 -> at most 10.000 per municipality.
    # A (π 1, 2 points/€1.000) is capped at 10.000, B (1 point) gets the other 10.000:
    # 10 × 2 + 10 × 1 = 30 points (without φ: everything to A = 40 points).
    parks = [park("A", potential=1.0, muni="Noord"), park("B", potential=0.5, muni="Zuid")]
    assert solved(scenario(parks, [10_000, 10_000])).objective == pytest.approx(40.0)
    r = solved(scenario(parks, [10_000, 10_000], max_municipality_share=0.5))
    assert public(r, "A") == pytest.approx(10_000)
    assert public(r, "B") == pytest.approx(10_000)
    assert r.objective == pytest.approx(30.0)
    assert r.explanations["A"].code == "municipality_share"
    muni = r.by_municipality.set_index("municipality")
    assert muni.loc["Noord", "public_eur"] == pytest.approx(10_000)
    assert muni.loc["Zuid", "parks_funded"] == 1


# -- constraint (7): strategic floor --------------------------------------------------------


def test_strategic_floor():
    # budget 10.000 a year; strategic A is worth 0,2 points/€1.000 (π 0,1), B 2 (π 1).
    # Floor 3.000: A 3.000, B 7.000 a year -> 2 × (3 × 0,2 + 7 × 2) = 29,2 (without: 40).
    parks = [park("A", potential=0.1, strategic=True), park("B", potential=1.0)]
    assert solved(scenario(parks, [10_000, 10_000])).objective == pytest.approx(40.0)
    r = solved(scenario(parks, [10_000, 10_000], strategic_floor_eur=3_000))
    assert public(r, "A", 2026) == pytest.approx(3_000)
    assert public(r, "A", 2027) == pytest.approx(3_000)
    assert r.objective == pytest.approx(29.2)
    assert r.explanations["A"].code == "floor"


def test_floor_only_for_strategic_parks_eligible_for_oc():
    # A is strategic but level 0 < 1 (not eligible for oc): no floor, nothing for A.
    cat = ORG.model_copy(update={"min_organisation_level": 1})
    parks = [park("A", potential=0.1, strategic=True, level=0), park("B", level=1)]
    sc = scenario(parks, [10_000], categories=(cat,), strategic_floor_eur=3_000)
    assert not params(sc).floor_parks.any()
    r = solved(sc)
    assert public(r, "A") == 0.0
    assert public(r, "B") == pytest.approx(10_000)


# -- constraint (8): diminishing returns ----------------------------------------------------


def test_return_segments():
    # segments (0,5 × H, μ 1) and (rest, μ 0,2); A = 10.000, T = 2, H = 20.000, so the first
    # 10.000 of discounted spend counts fully and the next at 0,2. A spends 10.000 a year:
    # (10.000 + 0,2 × 10.000) × 0,001 = 12 points.
    returns = (ReturnSegment(up_to_share=0.5, multiplier=1.0),
               ReturnSegment(up_to_share=None, multiplier=0.2))
    r = solved(scenario([park("A", a=10_000)], [1e6, 1e6], returns=returns))
    assert public(r, "A") == pytest.approx(20_000)
    assert r.objective == pytest.approx(12.0)


def test_returns_spread_money_over_parks():
    # two equal parks (π 0,5, A = 10.000, H = 10.000 for 1 year), segments (0,5 × H, μ 1),
    # (rest, μ 0,1), budget 10.000: the first 5.000 of each park count fully, so the budget
    # is split 5.000 / 5.000 -> 10.000 × 0,001 = 10 points (one park would give 5 + 0,5).
    returns = (ReturnSegment(up_to_share=0.5, multiplier=1.0),
               ReturnSegment(up_to_share=None, multiplier=0.1))
    r = solved(scenario([park("A", a=10_000), park("B", a=10_000)], [10_000], returns=returns))
    assert public(r, "A") == pytest.approx(5_000)
    assert public(r, "B") == pytest.approx(5_000)
    assert r.objective == pytest.approx(10.0)


def test_zero_horizon_uses_only_last_segment():
    # A = 0 but γ = 0 and no money can flow at all; with growth the park still gets nothing,
    # because organisation money needs absorption capacity first. Widths are 0, no error.
    returns = (ReturnSegment(up_to_share=0.5, multiplier=1.0),
               ReturnSegment(up_to_share=None, multiplier=0.5))
    r = solved(scenario([park("A", a=0.0), park("B")], [1_000], returns=returns,
                        capacity_growth=1.0))
    assert public(r, "A") == 0.0
    m = build_model(scenario([park("A", a=0.0)], [1_000], returns=returns))
    assert m.lp.col_upper[m.index.z0] == 0.0 and np.isinf(m.lp.col_upper[m.index.z0 + 1])


# -- objective and goal split ---------------------------------------------------------------


def test_goal_split_and_draagvlak_effect():
    # weights energy 0,5 / cooperation 0,5, impacts 2 / 1, potentials 1 / 1, r = 1,
    # draagvlak effect 0,5 with d = 0,6 -> eff = 0,5 + 0,3 = 0,8.
    # v = 2 × 0,8 × (0,5×2 + 0,5×1) / 1000 = 0,0024 per €; x = 10.000 -> 24 points,
    # energy 2/3 = 16, cooperation 1/3 = 8.
    cat = Category(category="organisation", min_private_share=0.5, impact_energy=2.0,
                   impact_cooperation=1.0)
    p = park("A", k=BIG, a=BIG, dv=0.6).model_copy(update={"potential_cooperation": 1.0,
                                                             "potential_energy": 1.0})
    r = solved(scenario([p], [10_000], categories=(cat,), weight_energy=0.5,
                        weight_cooperation=0.5, draagvlak_effect=0.5))
    assert r.objective == pytest.approx(24.0)
    assert r.value_by_goal["energy"] == pytest.approx(16.0)
    assert r.value_by_goal["cooperation"] == pytest.approx(8.0)
    assert r.value_by_goal["economy"] == 0.0
    assert sum(r.value_by_goal.values()) == pytest.approx(r.objective)
    assert r.by_category.loc[0, "value_points"] == pytest.approx(24.0)


# -- structure ------------------------------------------------------------------------------


def test_model_reads_like_its_specification():
    doc = model_module.__doc__ or ""
    for n in range(1, 9):
        assert f"    {n}. " in doc
    families = {1: "eligible_pairs", 2: "private_capacity_rows", 3: "absorption_rows",
                4: "category_cap_bounds", 5: "budget_rows", 6: "municipality_rows",
                7: "floor_bounds", 8: "returns_rows"}
    for n, name in families.items():
        fn = getattr(model_module, name)
        assert inspect.getdoc(fn).startswith(f"Constraint ({n}): "), name
        assert "because" in inspect.getdoc(fn)


def test_elastic_model_is_always_feasible_in_shape():
    # floor 5.000 > cap 3.000: the elastic LP has slack columns for floor, cap and budget
    cat = ORG.model_copy(update={"max_per_park_year_eur": 3_000})
    sc = scenario([park("A", strategic=True)], [1_000], categories=(cat,),
                  strategic_floor_eur=5_000)
    m = build_elastic_model(sc)
    assert {"floor", "category_cap", "budget"} <= set(m.elastic_cols)
    assert not m.lp.maximise
