"""Reasons proven without a re-solve (issue 22) hold when re-solved, and the reasons are the
same whichever way they were proven.

- hand-checkable scenarios: each certified check (a linear step from the optimal basis, no
  re-solve) has the gain that the arithmetic gives, and the same gain when decided by a
  re-solve of the same step (`certify=False`);
- generated scenarios of every family of benchmarks/families.py (also after the interior
  point method): a sample of the checks proven by a certificate is re-solved from scratch (a
  new model, a cold HiGHS run, the limit moved by the quoted step) and holds;
- the explanations (codes and figures) are the same with certificates as with re-solves only,
  and with the re-solves in one thread or in two.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from test_claims import moved_optimum
from test_model import park, scenario

from allocation.domain import Scenario
from allocation.explain import limits, reasons
from allocation.explain.limits import LimitCheck, limit_checks
from allocation.model import build_model
from allocation.pipeline import RECHECK_OPTIONS, in_canonical_order, solve
from allocation.run import WarmModel, solve_lp
from allocation.solution import read_solution, symmetrise
from allocation.ties import settle_ties

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.families import FAMILIES, family_scenario


def checks_of(sc: Scenario, certify: bool = True) -> tuple[Scenario, list, dict[int, list]]:
    """The pipeline's path up to the checks: the scenario in canonical order, its park ids,
    and limit_checks per park (model index)."""
    canon, group = in_canonical_order(sc)
    model = build_model(canon)
    run, h = solve_lp(model.lp, 60, par=model.params)
    assert run.status == "optimal"
    basis = h.getBasis()
    final = settle_ties(h, model, run, 60) or run
    sol = symmetrise(model, read_solution(model, final.col_value, final.row_dual,
                                          final.col_dual), group)
    warm = WarmModel(model, RECHECK_OPTIONS)
    warm.set_basis(basis)
    out = limit_checks(model, sol, warm, time.perf_counter() + 60, group, certify)
    return canon, list(model.params.park_ids), out


def _all(out: dict[int, list[LimitCheck]]) -> list[tuple[int, LimitCheck]]:
    return [(p, ch) for p, chs in sorted(out.items()) for ch in chs]


def _holds(canon: Scenario, pid: str, ch: LimitCheck) -> None:
    """Re-solve from scratch with the limit moved by the quoted step: the quoted gain."""
    v = float(solve(canon, explain_parks=False).objective or 0.0)
    tol = 1e-6 * max(1.0, abs(v))
    gains = [o - v for o in moved_optimum(canon, pid, ch.rule, ch.step_eur)]
    assert any(g == pytest.approx(ch.gain, rel=1e-6, abs=tol) for g in gains), (pid, ch, gains)


# -- hand-checkable -------------------------------------------------------------------------


def test_certified_step_where_the_budget_runs_out():
    # A: 2 points per €1.000 and absorbs 1.000; B: 1 point, absorbs everything; C: 0,5 point;
    # budget 3.000 (test_explain.test_outcompeted_quotes_value_and_price). A's absorption
    # + 2.000 moves B's 2.000 to A: 2·2 - 2·1 = 2 points; the basis changes there.
    sc = scenario([park("A", potential=1.0, a=1_000), park("B", potential=0.5, a=2_000_000),
                   park("C", potential=0.25)], [3_000])
    for certify, how in ((True, "certificate"), (False, "re-solve")):
        canon, ids, out = checks_of(sc, certify)
        a = next(ch for p, ch in _all(out) if ids[p] == "A" and ch.rule == "absorption")
        assert a.proven_by == how
        assert a.step_eur == pytest.approx(2_000)
        assert a.gain == pytest.approx(2.0, rel=1e-9)
        assert a.extra_public_eur == pytest.approx(2_000, abs=0.01)
        _holds(canon, "A", a)


def test_certified_full_step():
    # A absorbs 8.000 a year and the budget is ample: € 10.000 more gives 10 points (1 point
    # per €1.000), certified over the whole step, and a re-solve says the same.
    sc = scenario([park("A", a=None, level=1)], [1e6], capacity_level_1=8_000,
                  capacity_level_2=20_000)
    found = {}
    for certify in (True, False):
        canon, ids, out = checks_of(sc, certify)
        a = next(ch for _, ch in _all(out) if ch.rule == "absorption")
        assert a.step_eur == pytest.approx(10_000)
        assert a.gain == pytest.approx(10.0, rel=1e-9)
        found[a.proven_by] = a
        _holds(canon, "A", a)
    assert set(found) == {"certificate", "re-solve"}


# -- generated scenarios of every family ----------------------------------------------------

SAMPLE = 6  # certified checks re-solved from scratch per scenario


def _sample_holds(sc: Scenario) -> int:
    canon, ids, out = checks_of(sc)
    certified = [(p, ch) for p, ch in _all(out) if ch.proven_by == "certificate"]
    picked = certified[:: max(1, len(certified) // SAMPLE)][:SAMPLE]
    for p, ch in picked:
        _holds(canon, ids[p], ch)
    # zero-dual and re-solved checks are decided too
    assert all(ch.proven_by for _, ch in _all(out))
    return len(picked)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_certified_reasons_hold_on_every_family(family):
    picked = sum(_sample_holds(family_scenario(family, 40, 4, seed)) for seed in (1, 2))
    if family != "tight_budget":  # there the budget holds almost every park: few checks
        assert picked > 0


def test_certified_reasons_hold_after_the_interior_point_method(monkeypatch):
    from allocation import run as run_mod

    for name, value in (("IPM_MIN_COLUMNS", 0), ("IPM_MIN_FUNDED_CELLS", 0),
                        ("IPM_MIN_FUNDED_SHARE", 0.0)):
        monkeypatch.setattr(run_mod, name, value)
    monkeypatch.setattr(run_mod, "STRATEGY", "auto")
    picked = 0
    for family in ("tight_private", "shares_floors"):
        sc = family_scenario(family, 40, 4, 1)
        model = build_model(sc)
        assert run_mod.choose_method(model.lp, model.params) == "ipm"
        picked += _sample_holds(sc)
    assert picked > 0


# -- the same reasons whichever way they were proven ----------------------------------------


def _explanations(sc: Scenario) -> dict[str, tuple]:
    r = solve(sc)
    assert r.status == "optimal"
    return {pid: (e.code, e.message_nl, e.what_would_change_nl,
                  {k: round(v, 6) for k, v in e.numbers.items()},
                  {k: None if v is None else round(v, 6) for k, v in e.marginal_value.items()})
            for pid, e in r.explanations.items()}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_same_reasons_whichever_way(family, monkeypatch):
    sc = family_scenario(family, 40, 4, 2)
    fast = _explanations(sc)
    monkeypatch.setattr(reasons, "limit_checks",
                        functools.partial(limit_checks, certify=False))
    sceptical = _explanations(sc)
    assert sceptical == fast


def test_same_reasons_in_one_thread_or_two(monkeypatch):
    sc = family_scenario("shares_floors", 60, 4, 1)
    monkeypatch.setattr(limits, "MIN_PARALLEL_RESOLVES", 1)
    for certify in (True, False):  # certificates and re-solves; re-solves only
        results = []
        for workers in (1, 2):
            monkeypatch.setattr(limits, "RESOLVE_WORKERS", workers)
            _, _, out = checks_of(sc, certify)
            results.append([(p, ch.rule, ch.category, ch.decided, ch.adds_value, ch.step_eur,
                             ch.proven_by, round(float(ch.gain or 0.0), 6),
                             round(ch.extra_public_eur, 4)) for p, ch in _all(out)])
        assert results[0] == results[1]
        assert any(row[7] > 0 for row in results[0])
        assert np.isfinite([row[7] for row in results[0]]).all()
