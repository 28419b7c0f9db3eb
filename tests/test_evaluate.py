"""The independent evaluator: every rule is checked, and the value is recomputed by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_model import ORG, park, scenario

from allocation.domain import ReturnSegment
from allocation.evaluation import evaluate


def frame(*rows: tuple[str, str, int, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["park_id", "category", "year", "public_eur"])


def rules(ev) -> list[int]:
    return [v.rule for v in ev.violations]


def test_feasible_allocation_and_value_by_hand():
    # v = 2 × 0,5 / 1000 per € (r = 1, π 0,5): 3.000 + 2.000 public -> 5 points
    sc = scenario([park("A", k=5_000)], [5_000, 5_000])
    ev = evaluate(sc, frame(("A", "organisation", 2026, 3_000), ("A", "organisation", 2027,
                                                                   2_000)))
    assert ev.feasible and ev.violations == []
    assert ev.objective == pytest.approx(5.0)
    assert ev.value_by_goal["energy"] == pytest.approx(5.0)


def test_greedy_segment_fill_with_discount():
    # A = 10.000, T = 2 -> H = 20.000; segments 0,25·H = 5.000 at μ 1, then 0,5 beyond.
    # discount 10%: 6.000 in 2026 + 5.500 in 2027 -> 6.000 + 5.000 = 11.000 discounted;
    # 5.000 × 1 + 6.000 × 0,5 = 8.000 weighted € × 0,001 = 8 points.
    returns = (ReturnSegment(up_to_share=0.25, multiplier=1.0),
               ReturnSegment(up_to_share=None, multiplier=0.5))
    sc = scenario([park("A", a=10_000)], [1e6, 1e6], returns=returns, discount_rate=0.1)
    ev = evaluate(sc, frame(("A", "organisation", 2026, 6_000),
                            ("A", "organisation", 2027, 5_500)))
    assert ev.feasible
    assert ev.objective == pytest.approx(8.0)


def test_each_rule_is_detected():
    cat = ORG.model_copy(update={"min_organisation_level": 1, "max_per_park_year_eur": 4_000})
    parks = [park("A", level=1, k=3_000, a=3_500, strategic=True, muni="Noord"),
             park("B", level=0, muni="Zuid")]
    sc = scenario(parks, [5_000, 5_000], categories=(cat,), strategic_floor_eur=1_000,
                  max_municipality_share=0.4)
    ev = evaluate(sc, frame(
        ("A", "organisation", 2026, 4_500),  # rule 2 (4.500 > 3.000), 3 (> 3.500), 4 (> 4.000)
        ("B", "organisation", 2026, 1_000),  # rule 1 (level 0 < 1)
        ("A", "organisation", 2027, 500),    # rule 7 (500 < floor 1.000)
    ))
    # 2026 spending 5.500 > 5.000 (rule 5); Noord 5.000 > 0,4 × 10.000 = 4.000 (rule 6)
    assert sorted(rules(ev)) == [1, 2, 3, 4, 5, 6, 7]
    by_rule = {v.rule: v for v in ev.violations}
    assert by_rule[2].amount_eur == pytest.approx(1_500)
    assert by_rule[2].park_id == "A" and by_rule[2].year == 2026
    assert by_rule[3].amount_eur == pytest.approx(1_000)
    assert by_rule[4].amount_eur == pytest.approx(500)
    assert by_rule[5].amount_eur == pytest.approx(500)
    assert by_rule[6].amount_eur == pytest.approx(1_000) and by_rule[6].municipality == "Noord"
    assert by_rule[7].amount_eur == pytest.approx(500)
    assert by_rule[2].message_nl.startswith("private cofinanciering: ")  # the rule by name
    assert str(by_rule[2]).startswith("private co-financing: ")
    assert not ev.feasible


def test_absorption_growth_and_carry_over():
    # γ = 0,5: 2027 may take 5.000 + 0,5 × 4.000 = 7.000
    sc = scenario([park("A", a=5_000)], [4_000, 7_000], capacity_growth=0.5)
    assert evaluate(sc, frame(("A", "organisation", 2026, 4_000),
                              ("A", "organisation", 2027, 7_000))).feasible
    assert rules(evaluate(sc, frame(("A", "organisation", 2026, 4_000),
                                    ("A", "organisation", 2027, 7_100)))) == [3, 5]
    # carry-over: 2.000 + 9.000 ≤ 4.000 + 7.000 as running totals, but 9.000 > 7.000 without
    sc_c = scenario([park("A")], [4_000, 7_000], carry_over=True)
    spend = frame(("A", "organisation", 2026, 2_000), ("A", "organisation", 2027, 9_000))
    assert evaluate(sc_c, spend).feasible
    assert rules(evaluate(scenario([park("A")], [4_000, 7_000]), spend)) == [5]


def test_tolerance_and_missing_floor_rows():
    sc = scenario([park("A", k=3_000)], [5_000])
    assert evaluate(sc, frame(("A", "organisation", 2026, 3_000.0005))).feasible
    assert not evaluate(sc, frame(("A", "organisation", 2026, 3_000.01))).feasible
    # an empty allocation misses every floor
    sc_f = scenario([park("A", strategic=True)], [5_000, 5_000], strategic_floor_eur=100)
    ev = evaluate(sc_f, frame())
    assert rules(ev) == [7, 7] and ev.objective == 0.0


def test_unknown_rows_and_negative_amounts():
    sc = scenario([park("A")], [5_000])
    ev = evaluate(sc, frame(("Z", "organisation", 2026, 10.0), ("A", "organisation", 2031, 5.0),
                            ("A", "organisation", 2026, -3.0)))
    assert rules(ev) == [0, 0, 0]


def test_evaluate_does_not_import_model_or_solve():
    code = ("import sys, allocation.evaluation; "
            "assert 'allocation.model' not in sys.modules; "
            "assert 'allocation.pipeline' not in sys.modules")
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
