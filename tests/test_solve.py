"""solve(): typed statuses, every result field filled, determinism, time limit, tie-break."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from allocation import format as fmt
from allocation import pipeline as solve_module
from allocation import solution
from allocation.domain import GOALS
from allocation.evaluation import evaluate
from allocation.pipeline import solve
from allocation.result import ALLOCATION_COLUMNS, EXPLANATION_CODES
from allocation.ties import TIE_BREAK_RULE_EN, TIE_BREAK_RULE_NL

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_model import ORG, park, scenario

from benchmarks.generate import generate_scenario

BY_PARK_COLUMNS = ["park_id", "name", "municipality", "region", "strategic",
                   "organisation_level", "draagvlak", "private_capacity_eur", "latitude",
                   "longitude", "public_eur", "private_eur", "value_points", "eligible", "code",
                   "explanation_nl", "explanation_en"]


def test_every_field_is_filled(small_scenario):
    r = solve(small_scenario, read_s=0.25)
    assert r.status == "optimal" and r.has_allocation
    assert "optimal" in r.message_en.lower() and "optima" in r.message_nl.lower()
    assert list(r.allocation.columns) == ALLOCATION_COLUMNS
    assert (r.allocation["public_eur"] > 0).all()
    assert r.allocation["private_eur"].sum() == pytest.approx(r.total_private)
    assert list(r.by_year.columns[:6]) == ["year", "budget_eur", "public_eur", "private_eur",
                                           "unallocated_eur", "carry_over_eur"]
    assert "shadow_price" in r.by_year.columns
    assert list(r.by_year["year"]) == [2026, 2027, 2028]
    assert list(r.by_category.columns) == ["category", "label", "public_eur", "private_eur",
                                           "value_points"]
    assert r.by_category["value_points"].sum() == pytest.approx(r.objective)
    assert list(r.by_municipality.columns) == ["municipality", "public_eur", "private_eur",
                                               "parks_funded"]
    assert set(r.by_region["region"]) == {"Noord", "Zuid"}
    assert list(r.by_park.columns) == BY_PARK_COLUMNS
    assert list(r.by_park["park_id"]) == ["P1", "P2", "P3"]
    assert r.by_park["value_points"].sum() == pytest.approx(r.objective)
    assert r.by_park["public_eur"].sum() == pytest.approx(r.total_public)
    assert set(r.by_park["code"]) <= set(EXPLANATION_CODES)
    assert (r.by_park["explanation_nl"].str.len() > 20).all()
    assert (r.by_park["explanation_en"].str.len() > 20).all()
    assert set(r.explanations) == {"P1", "P2", "P3"}
    assert set(r.value_by_goal) == set(GOALS)
    assert sum(r.value_by_goal.values()) == pytest.approx(r.objective)
    assert set(r.budget_shadow_price) == {2026, 2027, 2028}
    assert r.diagnosis is None
    assert r.timings["read"] == 0.25
    for key in ("build", "solve", "extract", "explain"):
        assert r.timings[key] > 0
    assert r.tie_break_rule_nl == TIE_BREAK_RULE_NL and r.tie_break_rule_en == TIE_BREAK_RULE_EN
    assert r.time_limit_s == 60.0
    kpis = r.kpis()
    assert kpis["parks_total"] == 3 and kpis["status"] == "optimal"


def test_unfunded_and_ineligible_parks_are_listed():
    cat = ORG.model_copy(update={"min_organisation_level": 2})
    sc = scenario([park("A", level=2), park("B", level=0)], [1_000], categories=(cat,))
    r = solve(sc)
    rows = r.by_park.set_index("park_id")
    assert rows.loc["B", "public_eur"] == 0.0
    assert not rows.loc["B", "eligible"] and rows.loc["A", "eligible"]
    assert rows.loc["B", "code"] == "not_eligible"
    assert rows.loc["B", "region"] == solution.NO_REGION


def test_nobody_eligible_is_optimal_with_zero_value():
    cat = ORG.model_copy(update={"min_organisation_level": 4})
    r = solve(scenario([park("A", level=1)], [5_000], categories=(cat,)))
    assert r.status == "optimal"
    assert r.objective == 0.0
    assert len(r.allocation) == 0
    assert r.by_year["unallocated_eur"].tolist() == [5_000]


def test_infeasible_gets_a_diagnosis():
    # floor 5.000 > category cap 3.000: rule 7 cannot be met
    cat = ORG.model_copy(update={"max_per_park_year_eur": 3_000})
    sc = scenario([park("A", strategic=True)], [10_000], categories=(cat,),
                  strategic_floor_eur=5_000)
    r = solve(sc)
    assert r.status == "infeasible" and not r.has_allocation
    assert r.objective is None
    assert r.diagnosis is not None and r.diagnosis.findings
    assert "optima" not in r.message_nl.lower()
    assert len(r.by_park) == 1 and r.by_park.loc[0, "public_eur"] == 0.0


def test_time_limit_returns_best_found_never_optimal(monkeypatch):
    # HiGHS stops after 500 simplex iterations the way it stops at the time limit (read_run:
    # "time_limit" with the point reached), whatever the machine's speed: 0,1 s, which now
    # covers the whole solve (build, hand-over, reasons), leaves a loaded machine no iteration
    from allocation import run as run_module

    monkeypatch.setitem(run_module.SOLVER_OPTIONS, "simplex_iteration_limit", 500)
    sc = generate_scenario(2000, 10, seed=5)
    r = solve(sc, time_limit_s=60)
    monkeypatch.delitem(run_module.SOLVER_OPTIONS, "simplex_iteration_limit")
    assert r.status == "time_limit", r.message_en
    assert "beste gevonden oplossing na" in r.message_nl
    assert "optimal" not in r.message_en.lower().replace("not proven", "")
    assert "optimale verdeling" not in r.message_nl.lower()
    ev = evaluate(sc, r.allocation)
    assert ev.feasible
    assert ev.objective == pytest.approx(r.objective, rel=1e-6)
    assert all(math.isnan(v) for v in r.budget_shadow_price.values())
    # how far off it may be: a valid bound, shown with it; no reason that needs an optimum
    assert r.objective_bound is not None and r.objective_bound >= r.objective
    assert r.optimality_gap is not None and r.optimality_gap > 0
    assert f"hoogstens {fmt.pct(r.optimality_gap)} onder het best mogelijke" in r.message_nl
    assert {e.code for e in r.explanations.values()} <= {"unproven", "not_eligible"}
    assert all(v is None for e in r.explanations.values() for v in e.marginal_value.values())
    from allocation.model import build_model
    from allocation.run import solve_lp

    full, _ = solve_lp(build_model(sc).lp, 120)
    assert full.status == "optimal" and full.objective is not None
    assert r.objective <= full.objective <= r.objective_bound * (1 + 1e-9)


def test_least_time_limit_ends_with_an_allocation_or_says_there_is_none():
    """A real clock: 0,1 s for 2.000 parks gives a feasible allocation with its bound, or (on
    a slow or loaded machine) none, which is then said: never an empty "allocation" that is
    "at most 100% below the optimum"."""
    sc = generate_scenario(2000, 10, seed=5)
    r = solve(sc, time_limit_s=0.1)
    assert r.status in ("time_limit", "error"), r.message_en
    if r.status == "error":
        assert r.ran_out_of_time and not r.has_allocation
        assert "nog geen verdeling gevonden" in r.message_nl
    else:
        assert not r.ran_out_of_time and r.total_public > 0
        assert evaluate(sc, r.allocation).feasible


def test_deterministic_allocation():
    sc = generate_scenario(150, 6, seed=11, strategic_floor_eur=1_000)
    first, second = solve(sc), solve(sc)
    assert first.status == "optimal"
    pd.testing.assert_frame_equal(first.allocation, second.allocation)
    assert first.objective == second.objective


def test_tie_break_spends_fewest_euros_then_early():
    # A alone, value flat in time (no discount) and budget ample: any split of 10.000 over two
    # years with x ≤ 6.000 a year (private capacity, r = 1) ... is not a tie: the LP spends
    # 12.000. Here instead the value is capped by a zero multiplier beyond H/2: only the first
    # 0,5·H = 0,5 × 2 × 8.000 = 8.000 count. Any allocation with total 8.000 (or more) is
    # optimal; the rule picks exactly 8.000, as early as possible: 6.000 in 2026, 2.000 in 2027.
    from allocation.domain import ReturnSegment

    returns = (ReturnSegment(up_to_share=0.5, multiplier=1.0),
               ReturnSegment(up_to_share=None, multiplier=0.0))
    sc = scenario([park("A", k=6_000, a=8_000)], [1e6, 1e6], returns=returns)
    r = solve(sc)
    alloc = r.allocation.set_index("year")["public_eur"]
    assert alloc[2026] == pytest.approx(6_000)
    assert alloc[2027] == pytest.approx(2_000)
    assert r.objective == pytest.approx(8_000 * 2 * 0.5 / 1000)
    # neither rule 2 nor rule 3 alone adds value (the zero multiplier does), and the budget
    # does not bind: saturated
    assert r.explanations["A"].code == "saturated"


def test_solve_never_raises(monkeypatch, small_scenario):
    def boom(*_a, **_k):
        raise RuntimeError("kapot")

    monkeypatch.setattr(solve_module, "build_model", boom)
    r = solve(small_scenario)
    assert r.status == "error"
    assert "kapot" in r.message_nl and "kapot" in r.message_en
    assert not r.has_allocation


def test_highs_banner_does_not_reach_stdout():
    # HiGHS prints a licence banner once per process; a fresh process must print nothing, or
    # `python -m allocation solve --json` would not be valid JSON.
    import subprocess

    code = ("import sys; sys.path.insert(0, 'tests'); from conftest import make_small_scenario;"
            "from allocation.pipeline import solve; assert solve(make_small_scenario()).status"
            " == 'optimal'")
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""


def test_totals_without_reasons_are_the_same_numbers():
    """solve(explain_parks=False), for the Start page's tiles: the same allocation and totals,
    no reasons (and none invented)."""
    sc = generate_scenario(60, 4, seed=3, strategic_floor_eur=1_000)
    full, totals = solve(sc), solve(sc, explain_parks=False)
    assert totals.status == full.status == "optimal"
    assert totals.objective == full.objective
    assert totals.budget_shadow_price == full.budget_shadow_price
    pd.testing.assert_frame_equal(totals.allocation, full.allocation)
    assert totals.explanations == {} and full.explanations
    assert set(totals.by_park["code"]) == {""} and set(totals.by_park["explanation_nl"]) == {""}
    cols = [c for c in full.by_park.columns if c not in ("code", "explanation_nl", "explanation_en")]
    pd.testing.assert_frame_equal(totals.by_park[cols], full.by_park[cols])
