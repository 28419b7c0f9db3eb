"""Shared fixtures: docs/contracts/MODEL.md's worked example and a small three-park scenario.

Other test modules (engine, store, UI) use these too; keep them exactly as documented.
"""

from __future__ import annotations

import os

import pytest

from allocation.domain import (
    DEFAULT_CATEGORIES,
    BudgetYear,
    Park,
    Scenario,
    Settings,
)


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker gets its own PostgreSQL database (the store tests drop
    and create tables), made on the throwaway cluster of .ci/postgres.sh before any test
    module reads DRAAGKRACHT_TEST_PG_URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    base = os.environ.get("DRAAGKRACHT_TEST_PG_URL", "").strip()
    if not worker or not base or "/postgres" not in base.rsplit("@", 1)[-1]:
        return
    import sqlalchemy as sa

    name = f"draagkracht_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    head, _, _ = base.rpartition("/")
    os.environ["DRAAGKRACHT_TEST_PG_URL"] = f"{head}/{name}"


def _park(park_id: str, **kw: object) -> Park:
    base: dict[str, object] = {
        "park_id": park_id,
        "name": f"Terrein {park_id}",
        "municipality": "Voorbeeldstad",
        "area_ha": 20.0,
        "companies": 80,
        "jobs": 600,
    }
    base.update(kw)
    return Park(**base)  # type: ignore[arg-type]


def make_worked_example() -> Scenario:
    """docs/contracts/MODEL.md's worked example: optimum 216.3022 value points, budget not binding."""
    categories = tuple(c for c in DEFAULT_CATEGORIES if c.category in ("organisation", "collective"))
    parks = (
        _park("A", organisation_level=2, draagvlak=0.8, private_capacity_eur=60_000,
              municipal_team=True, strategic=True, potential_energy=0.8,
              potential_circularity=0.4, potential_economy=0.5, potential_cooperation=0.6),
        _park("B", organisation_level=0, draagvlak=0.4, private_capacity_eur=6_000,
              municipal_team=False, strategic=False, potential_energy=0.5,
              potential_circularity=0.5, potential_economy=0.5, potential_cooperation=0.9),
    )
    budget = (BudgetYear(year=2026, budget_eur=150_000), BudgetYear(year=2027, budget_eur=150_000))
    return Scenario(parks=parks, budget=budget, categories=categories, settings=Settings(),
                    source="worked example (docs/contracts/MODEL.md)")


def make_small_scenario() -> Scenario:
    """Three parks, two municipalities, three years, default categories: checkable by hand."""
    parks = (
        _park("P1", name="Bedrijvenpark De Kolk", municipality="Lindenhoven", region="Noord",
              latitude=52.1, longitude=5.9, area_ha=35.0, companies=140, jobs=1100,
              organisation_level=3, draagvlak=0.7, private_capacity_eur=90_000,
              municipal_team=True, strategic=True, potential_energy=0.7,
              potential_circularity=0.5, potential_economy=0.6, potential_cooperation=0.4),
        _park("P2", name="Industrieterrein Hoge Weide", municipality="Lindenhoven",
              region="Noord", area_ha=12.0, companies=45, jobs=380, organisation_level=1,
              draagvlak=0.45, private_capacity_eur=12_000, municipal_team=True,
              potential_energy=0.4, potential_circularity=0.6, potential_economy=0.5,
              potential_cooperation=0.8),
        _park("P3", name="Werklandschap Ravensloo", municipality="Veldrecht", region="Zuid",
              area_ha=6.5, companies=20, jobs=150, organisation_level=0, draagvlak=0.3,
              private_capacity_eur=3_000, absorption_capacity_eur=15_000,
              potential_energy=0.5, potential_circularity=0.3, potential_economy=0.4,
              potential_cooperation=0.9),
    )
    budget = tuple(BudgetYear(year=y, budget_eur=b)
                   for y, b in ((2026, 120_000), (2027, 100_000), (2028, 100_000)))
    return Scenario(parks=parks, budget=budget, source="small test scenario")


@pytest.fixture
def worked_example() -> Scenario:
    return make_worked_example()


@pytest.fixture
def small_scenario() -> Scenario:
    return make_small_scenario()


def wait_text(pg, text: str, timeout_s: float = 30.0) -> None:
    """Wait until the page's body shows `text` (a Streamlit rerun may start a moment after the
    click that triggers it; on a loaded machine later than `settle`'s first look)."""
    pg.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                         timeout=timeout_s * 1000)
