"""The run step: a `WarmModel` re-solve with a changed budget is the model `solve` builds for
that budget (with the municipality rows moving along, rule 6)."""

from __future__ import annotations

import numpy as np
import pytest

from allocation.domain import BudgetYear
from allocation.model import build_model
from allocation.pipeline import solve
from allocation.run import WarmModel
from tests.conftest import make_small_scenario


def _with_budget(sc, budget):
    years = tuple(BudgetYear(year=b.year, budget_eur=float(v))
                  for b, v in zip(sc.budget, budget, strict=True))
    return sc.model_copy(update={"budget": years})


@pytest.mark.parametrize("share", [1.0, 0.4])
def test_warm_budget_change_equals_a_fresh_solve(share: float) -> None:
    base = make_small_scenario()
    base = base.model_copy(update={"settings": base.settings.model_copy(
        update={"max_municipality_share": share})})
    warm = WarmModel(build_model(base))
    budget = np.array([b.budget_eur for b in base.budget])
    for factor in (0.0, 0.3, 1.0, 1.7, 0.5):
        warm.set_budget(budget * factor)
        run = warm.run()
        fresh = solve(_with_budget(base, budget * factor))
        assert run.status == fresh.status == "optimal"
        assert run.objective == pytest.approx(fresh.objective, rel=1e-9, abs=1e-9)
    warm.reset()
    assert warm.run().objective == pytest.approx(solve(base).objective, rel=1e-9)
