"""Equal treatment (docs/contracts/MODEL.md, "Ties and equal treatment"): the allocation is a function of the
data, not of the order of the rows or of the park ids. Parks with identical data get identical
amounts per category and year (within € 1); a shuffled scenario gives every park the same money.
"""

from __future__ import annotations

import os
import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model import park, scenario
from test_properties import scenarios

from allocation.domain import Scenario
from allocation.pipeline import solve

# Explore new examples on a developer's machine; CI replays a fixed set (as
# test_workbook_properties.py does).
PROFILE = settings(max_examples=30, deadline=None, derandomize=bool(os.environ.get("CI")),
                   suppress_health_check=[HealthCheck.too_slow])


def money(result) -> pd.Series:
    """Public € per (park, category, year)."""
    df = result.allocation
    return df.set_index(["park_id", "category", "year"])["public_eur"].sort_index()


def per_park(result, pid: str) -> dict[tuple[str, int], float]:
    df = result.allocation
    df = df[df["park_id"] == pid]
    return {(c, int(y)): float(v) for c, y, v in zip(df["category"], df["year"],
                                                      df["public_eur"], strict=True)}


def assert_same_money(a: dict, b: dict) -> None:
    for key in set(a) | set(b):
        assert a.get(key, 0.0) == pytest.approx(b.get(key, 0.0), abs=1.0), key


def test_identical_parks_share_equally_whatever_their_order():
    # A and B identical, the budget (100.000) too small for both: each gets 50.000, and
    # swapping rows or renaming changes nothing (docs/contracts/MODEL.md's issue: 80.000 / 20.000 before).
    parks = [park("A", a=80_000), park("B", a=80_000), park("C", potential=0.1)]
    for order in (parks, parks[::-1], [parks[1], parks[2], parks[0]]):
        r = solve(scenario(list(order), [100_000]))
        assert per_park(r, "A") == {("organisation", 2026): pytest.approx(50_000)}
        assert per_park(r, "B") == {("organisation", 2026): pytest.approx(50_000)}
        # raising one twin's absorption adds nothing: the other twin is worth as much
        assert r.explanations["A"].code == r.explanations["B"].code == "outcompeted"
        assert r.explanations["A"].message_nl == r.explanations["B"].message_nl


def test_identical_parks_in_one_municipality_with_a_share():
    parks = [park("A", muni="Noord"), park("B", muni="Noord"), park("C", muni="Zuid",
                                                                    potential=0.2)]
    r = solve(scenario(parks, [10_000, 10_000], max_municipality_share=0.4))
    assert_same_money({k: v for k, v in per_park(r, "A").items()},
                      {k: v for k, v in per_park(r, "B").items()})
    assert sum(per_park(r, "A").values()) == pytest.approx(4_000)


def _shuffled_with_twins(sc: Scenario, seed: int, twins: list[int]) -> tuple[Scenario, dict]:
    """sc with a renamed copy of each park in `twins` added, and all rows shuffled."""
    parks = list(sc.parks)
    pairs = {}
    for i in twins:
        twin = parks[i].model_copy(update={"park_id": f"T{i}-{parks[i].park_id}",
                                           "name": f"Tweeling {i}"})
        pairs[parks[i].park_id] = twin.park_id
        parks.append(twin)
    random.Random(seed).shuffle(parks)
    return sc.model_copy(update={"parks": tuple(parks)}), pairs


@PROFILE
@given(scenarios(), st.integers(0, 1000), st.lists(st.integers(0, 4), max_size=3, unique=True))
def test_shuffled_rows_and_duplicated_parks_get_identical_money(sc, seed, twins):
    twins = [i for i in twins if i < len(sc.parks)]
    with_twins, pairs = _shuffled_with_twins(sc, 0, twins)
    r = solve(with_twins)
    if r.status != "optimal":
        return
    for pid, twin in pairs.items():
        assert_same_money(per_park(r, pid), per_park(r, twin))
    shuffled, _ = _shuffled_with_twins(with_twins, seed, [])
    r2 = solve(shuffled)
    assert r2.status == "optimal"
    for p in with_twins.parks:
        assert_same_money(per_park(r, p.park_id), per_park(r2, p.park_id))
        assert r.explanations[p.park_id].code == r2.explanations[p.park_id].code


def test_shuffled_generated_province_gives_every_park_the_same_money():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import generate_scenario

    sc = generate_scenario(60, 3, seed=4, max_municipality_share=0.05)
    twins, pairs = _shuffled_with_twins(sc, 1, [0, 5, 9])
    r = solve(twins)
    r2 = solve(_shuffled_with_twins(twins, 7, [])[0])
    assert r.status == r2.status == "optimal"
    for p in twins.parks:
        assert_same_money(per_park(r, p.park_id), per_park(r2, p.park_id))
    for pid, twin in pairs.items():
        assert_same_money(per_park(r, pid), per_park(r, twin))
