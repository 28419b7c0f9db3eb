"""The demo scenario: realistic ranges (docs/contracts/DOMAIN.md), deterministic, and the committed workbook."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from allocation.demo import (
    BUDGETS,
    CAPACITY_RANGES,
    DEMO_SOURCE,
    LAT_RANGE,
    LON_RANGE,
    make_demo_scenario,
    write_demo,
)
from allocation.domain import Scenario
from allocation.workbook import read_workbook

DEMO_XLSX = Path(__file__).resolve().parent.parent / "data" / "demo.xlsx"


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return make_demo_scenario()


def test_deterministic_for_a_seed(demo: Scenario) -> None:
    assert make_demo_scenario().content_hash() == demo.content_hash()
    assert make_demo_scenario(seed=7).content_hash() != demo.content_hash()


def test_sizes_are_skewed_like_real_parks(demo: Scenario) -> None:
    areas = [p.area_ha for p in demo.parks]
    assert 100 <= len(areas) <= 140
    assert 20 <= statistics.mean(areas) <= 30
    assert 9 <= statistics.median(areas) <= 15
    assert 2 <= sum(a > 100 for a in areas) <= 10


def test_companies_jobs_and_levels(demo: Scenario) -> None:
    for p in demo.parks:
        net = p.area_ha * 0.75
        assert 2.5 <= p.companies / net <= 5.8 or p.companies == 1
        assert 24 <= p.jobs / p.area_ha <= 41
    counts = Counter(p.organisation_level for p in demo.parks)
    n = len(demo.parks)
    for level, share in enumerate((0.35, 0.25, 0.22, 0.12, 0.06)):
        assert abs(counts[level] / n - share) < 0.02, (level, counts)


def test_private_capacity_follows_the_level_ranges(demo: Scenario) -> None:
    for p in demo.parks:
        lo, hi = CAPACITY_RANGES[p.organisation_level]
        assert lo <= p.private_capacity_eur <= hi, p


def test_strategic_teams_draagvlak_and_map(demo: Scenario) -> None:
    n = len(demo.parks)
    assert 0.12 <= sum(p.strategic for p in demo.parks) / n <= 0.28
    assert 0.2 <= sum(p.municipal_team for p in demo.parks) / n <= 0.6
    draagvlak = [p.draagvlak for p in demo.parks]
    assert min(draagvlak) < 0.2 and max(draagvlak) > 0.7
    for p in demo.parks:
        assert LAT_RANGE[0] <= p.latitude <= LAT_RANGE[1]
        assert LON_RANGE[0] <= p.longitude <= LON_RANGE[1]
    assert len({p.municipality for p in demo.parks}) >= 12
    assert len({p.region for p in demo.parks}) >= 3
    assert len({p.name for p in demo.parks}) == n


def test_budget_and_label(demo: Scenario) -> None:
    assert demo.years == [2026, 2027, 2028, 2029, 2030]
    assert all(3e6 <= b <= 6e6 for b in demo.budgets.values())
    assert tuple(demo.budgets.values()) == BUDGETS
    assert "fictieve provincie" in demo.source


def test_write_demo_is_labelled_fictitious(tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    write_demo(path)
    wb = openpyxl.load_workbook(path)
    notes = " ".join(str(c.value) for row in wb["toelichting"].iter_rows() for c in row
                     if c.value)
    assert "FICTIEVE" in notes and "Middenwaard" in notes
    loaded = read_workbook(path)
    assert loaded.warnings == []
    assert loaded.scenario.content_hash() == make_demo_scenario().content_hash()


def test_committed_demo_workbook_is_current() -> None:
    """data/demo.xlsx must equal what data/make_demo.py writes now (regenerate if not)."""
    loaded = read_workbook(DEMO_XLSX)
    assert loaded.warnings == []
    assert loaded.scenario.content_hash() == make_demo_scenario().content_hash(), (
        "data/demo.xlsx is out of date: run .venv/bin/python data/make_demo.py")
    assert DEMO_SOURCE.startswith("demo")


def test_default_model_feasible_with_budget_partly_binding(demo: Scenario) -> None:
    solve = pytest.importorskip("allocation.pipeline").solve
    result = solve(demo)
    assert result.status == "optimal", result.message_en
    prices = result.budget_shadow_price
    binding = [y for y, p in prices.items() if p > 1e-6]
    assert 1 <= len(binding) < len(prices), prices  # some years bind, some do not
    by_year = result.by_year.set_index("year")
    for year in demo.years:
        unallocated = by_year.loc[year, "unallocated_eur"]
        assert (unallocated > 1_000) == (year not in binding), (year, unallocated, prices)
