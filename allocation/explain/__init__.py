"""The explain step: why each park gets what it gets, and why an infeasible scenario has none.

    explain_parks(scenario, model, solution, warm, deadline, group) -> {park_id: ParkExplanation}
    diagnose(scenario) -> Diagnosis
    (explanation_table(result) -> DataFrame lives in result.py: one table for JSON, workbook, app)

What it holds:
    limits.py     LimitCheck, LimitChecker, limit_checks: which of a park's own limits has
                  value, by a certified linear step or a warm re-solve
    reasons.py    explain_parks and the texts per park (codes of result.EXPLANATION_CODES)
    diagnosis.py  arithmetic_checks, single_changes, elastic_findings, diagnose

Imports go one way: reasons -> limits -> (model, run, solution, result); diagnosis -> (model,
run, result). No submodule imports this `__init__`, which only re-exports their public names
so that `from allocation.explain import ...` keeps working.
"""

from allocation.explain.diagnosis import (
    ELASTIC_HEADING,
    RANKING,
    SETTING_WEIGHTS,
    SINGLE_HEADING,
    arithmetic_checks,
    diagnose,
    elastic_findings,
    single_changes,
)
from allocation.explain.limits import (
    DUAL_TOL,
    LIMITS,
    NEUTRAL_CODE,
    STEP_EUR,
    TOL_EUR,
    LimitCheck,
    LimitChecker,
    Move,
    limit_checks,
)
from allocation.explain.reasons import explain_parks

__all__ = [
    "DUAL_TOL", "ELASTIC_HEADING", "LIMITS", "NEUTRAL_CODE", "RANKING", "SETTING_WEIGHTS",
    "SINGLE_HEADING", "STEP_EUR", "TOL_EUR", "LimitCheck", "LimitChecker", "Move",
    "arithmetic_checks", "diagnose", "elastic_findings", "explain_parks", "limit_checks",
    "single_changes",
]
