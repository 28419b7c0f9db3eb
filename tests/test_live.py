"""Live rounds, the domain part: codes, validated inputs and the aggregates, checked by hand.

The scenario is built so that every figure can be worked out on paper: three parks that each
serve one goal only (potential 1 for that goal, 0 for the others), one category with impact 1
for every goal and no co-financing, one year, no discounting, one return segment, draagvlak
without effect, and a budget that funds exactly one park in full. A plan then gives the whole
€100.000 to the park of the goal with the highest weight, and is worth 100 × that weight.
"""

from __future__ import annotations

import math

import pytest

from allocation.domain import GOALS, BudgetYear, Category, Park, ReturnSegment, Scenario, Settings
from allocation.live import (
    CODE_ALPHABET,
    CODE_LENGTH,
    LiveError,
    MemberInput,
    aggregate,
    classify,
    clean_code,
    kept_share,
    median_weights,
    new_code,
    normalise_weights,
    normalise_years,
    shown_code,
)


def _park(pid: str, goal: str) -> Park:
    pots = {f"potential_{g}": (1.0 if g == goal else 0.0) for g in GOALS}
    return Park(park_id=pid, name=f"Park {pid}", municipality=f"Gemeente {pid}", area_ha=10,
                companies=10, jobs=10, organisation_level=2, draagvlak=0.5,
                private_capacity_eur=0, absorption_capacity_eur=100_000, **pots)


def hand_scenario() -> Scenario:
    category = Category(category="organisation", label="Alles", min_private_share=0.0,
                        **{f"impact_{g}": 1.0 for g in GOALS})
    return Scenario(
        parks=(_park("E", "energy"), _park("C", "circularity"), _park("X", "economy")),
        budget=(BudgetYear(year=2026, budget_eur=100_000),),
        categories=(category,), returns=(ReturnSegment(up_to_share=None, multiplier=1.0),),
        settings=Settings(weight_energy=0.25, weight_circularity=0.25, weight_economy=0.25,
                          weight_cooperation=0.25, discount_rate=0.0, draagvlak_effect=0.0,
                          capacity_growth=0.0),
    )


# A: energy first; B: circularity first; C: energy first (the weights as percentages, to show
# that they are normalised).
A = {"energy": 50, "circularity": 30, "economy": 20, "cooperation": 0}
B = {"energy": 20, "circularity": 60, "economy": 20, "cooperation": 0}
C = {"energy": 40, "circularity": 10, "economy": 30, "cooperation": 20}


def _inputs() -> list[MemberInput]:
    return [MemberInput(member=m, name=m, weights=normalise_weights(w))
            for m, w in (("A", A), ("B", B), ("C", C))]


def test_weights_are_normalised_and_bad_ones_refused():
    w = normalise_weights({"energy": 2, "circularity": 1, "economy": 1, "cooperation": 0})
    assert w == {"energy": 0.5, "circularity": 0.25, "economy": 0.25, "cooperation": 0.0}
    for bad in ({"energy": -1, "circularity": 1, "economy": 1, "cooperation": 1},
                {"energy": 0, "circularity": 0, "economy": 0, "cooperation": 0},
                {"energy": math.nan, "circularity": 1, "economy": 1, "cooperation": 1},
                {"energy": "veel", "circularity": 1, "economy": 1, "cooperation": 1},
                {"energy": 1, "circularity": 1, "economy": 1},
                {"energy": 1, "circularity": 1, "economy": 1, "cooperation": 1, "x": 1}):
        with pytest.raises(LiveError) as err:
            normalise_weights(bad)
        assert err.value.message("nl") and "Traceback" not in err.value.message("nl")


def test_year_split_normalised_and_checked():
    assert normalise_years({2026: 1, "2027": 3}, [2026, 2027]) == {2026: 0.25, 2027: 0.75}
    assert normalise_years(None, [2026]) is None
    with pytest.raises(LiveError):
        normalise_years({2030: 1}, [2026, 2027])
    with pytest.raises(LiveError):
        normalise_years({2026: 0, 2027: 0}, [2026, 2027])


def test_codes():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000  # 2^40 possible codes: a repeat here would be a broken generator
    assert len(CODE_ALPHABET) == 32 and len(set(CODE_ALPHABET)) == 32
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    code = next(iter(codes))
    assert clean_code(shown_code(code).lower()) == code
    assert clean_code(f" {code[:4]} {code[4:]} ") == code
    for bad in ("", "ABC", code + "A", "O" * CODE_LENGTH, "1" * CODE_LENGTH):
        with pytest.raises(LiveError):
            clean_code(bad)


def test_median_weights_by_hand():
    med = median_weights(_inputs())
    # energy: median(.5, .2, .4) = .4; circularity: median(.3, .6, .1) = .3;
    # economy: median(.2, .2, .3) = .2; cooperation: median(0, 0, .2) = 0
    assert med == pytest.approx({"energy": 0.4, "circularity": 0.3, "economy": 0.2,
                                 "cooperation": 0.0})


def test_classify_and_kept_share_rules():
    assert [classify(s) for s in (1.0, 2 / 3, 0.5, 1 / 3, 0.0)] == \
        ["all", "most", "most", "few", "none"]
    assert kept_share(20, 60) == pytest.approx(1 / 3)
    assert kept_share(0, 0) == 1.0


def test_aggregate_by_hand():
    agg = aggregate(hand_scenario(), _inputs())
    assert agg is not None and agg.count == 3
    # group weights: the medians .4/.3/.2/0 scaled by 1/.9 -> energy highest -> park E
    assert agg.group_weights["energy"] == pytest.approx(0.4 / 0.9)
    parks = agg.parks.set_index("park_id")
    assert parks.loc["E", "group_eur"] == pytest.approx(100_000, abs=1)
    assert parks.loc["C", "group_eur"] == pytest.approx(0, abs=1)
    # current plan: equal weights, a tie between E, C and X; all of it goes somewhere
    assert parks["current_eur"].sum() == pytest.approx(100_000, abs=1)
    # own plans: A -> E, B -> C, C -> E. Funded share: E 2/3 (most), C 1/3 (few), X 0 (none)
    assert parks.loc["E", "members_funding"] == 2
    assert parks.loc["E", "share"] == pytest.approx(2 / 3)
    assert list(parks["class"]) == ["most", "few", "none"]
    # own value = 100 x the member's top weight: A 50, B 60, C 40; the group plan (all to E)
    # is worth 100 x the member's energy weight: A 50, B 20, C 40 -> kept 1, 1/3, 1
    members = agg.members.set_index("name")
    assert members["own_value"].to_dict() == pytest.approx({"A": 50, "B": 60, "C": 40})
    assert members["group_value"].to_dict() == pytest.approx({"A": 50, "B": 20, "C": 40})
    assert members["kept_share"].to_dict() == pytest.approx({"A": 1.0, "B": 1 / 3, "C": 1.0})
    # the strip chart's data: every member a row per goal
    assert len(agg.weights) == 12
    assert agg.weights.query("goal == 'circularity'")["weight"].tolist() == \
        pytest.approx([0.3, 0.6, 0.1])


def test_aggregate_moves_when_a_member_changes():
    inputs = _inputs()
    # B and C now put circularity first: the median of circularity becomes .6 > energy .4
    inputs[2] = MemberInput(member="C", name="C", weights=normalise_weights(
        {"energy": 20, "circularity": 70, "economy": 10, "cooperation": 0}))
    agg = aggregate(hand_scenario(), inputs)
    assert agg is not None
    parks = agg.parks.set_index("park_id")
    assert parks.loc["C", "group_eur"] == pytest.approx(100_000, abs=1)
    members = agg.members.set_index("name")
    assert members["kept_share"].to_dict() == pytest.approx({"A": 0.3 / 0.5, "B": 1.0, "C": 1.0})


def test_no_inputs_no_aggregate():
    assert aggregate(hand_scenario(), []) is None


def test_year_split_enters_the_group_plan():
    base = hand_scenario()
    two_years = base.with_changes(budget=[BudgetYear(year=2026, budget_eur=50_000),
                                          BudgetYear(year=2027, budget_eur=50_000)])
    inputs = [MemberInput(member=m, weights=normalise_weights(A),
                          years=normalise_years(split, [2026, 2027]))
              for m, split in (("A", {2026: 1, 2027: 0}), ("B", {2026: 3, 2027: 1}),
                               ("C", {2026: 1, 2027: 1}))]
    agg = aggregate(two_years, inputs)
    assert agg is not None
    # medians 2026: median(1, .75, .5) = .75; 2027: median(0, .25, .5) = .25
    assert agg.year_split == pytest.approx({2026: 0.75, 2027: 0.25})
    assert agg.group_scenario.budgets == pytest.approx({2026: 75_000, 2027: 25_000})
