"""What every command group of the CLI shares: exit codes, the --time-limit type, reading a
workbook for the CLI, printing its problems, and the result as JSON.

Imported by the command-group modules of this package; imports nothing of the CLI itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.domain import InputIssue, Scenario, WorkbookError

EXIT_OK, EXIT_OTHER, EXIT_INPUT, EXIT_INFEASIBLE = 0, 1, 2, 3
# A solve needs a moment to set up; below this a "time limit" only produces an empty result.
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 0.1, 24 * 3600.0


def time_limit(text: str) -> float:
    """argparse type for --time-limit: seconds, at least 0.1 and at most a day (else exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"geen getal: {text!r} (geef de tijdslimiet in seconden, bijvoorbeeld 60)") from None
    if not MIN_TIME_LIMIT_S <= value <= MAX_TIME_LIMIT_S:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"de tijdslimiet moet tussen {fmt.num(MIN_TIME_LIMIT_S, 1)} en "
            f"{fmt.num(MAX_TIME_LIMIT_S, 0)} seconden liggen, niet {text}")
    return value


def print_issues(title: str, issues: list[InputIssue], stream: Any = None) -> None:
    if not issues:
        return
    stream = sys.stdout if stream is None else stream  # looked up now, so capture works
    print(title, file=stream)
    for issue in issues:
        print(f"  - {issue.render('nl')}", file=stream)


def summary_line(scenario: Scenario) -> str:
    years = scenario.years
    total = sum(scenario.budgets.values())
    return (
        f"Geldig: {len(scenario.parks)} terreinen, {len(scenario.categories)} categorieën, "
        f"{years[0]}–{years[-1]} ({len(years)} jaar), budget {fmt.eur(total)}"
    )


def explanations_json(scenario: Scenario, result: Any) -> list[dict[str, Any]]:
    """One object per park: park_id, code, message (Dutch), what_would_change and the marginal
    value of each limit (value points per € 1.000; null where it does not apply), from the
    same table as the results workbook and the app (result.explanation_table)."""
    from allocation.result import PARK_LIMITS, explanation_table

    table = explanation_table(result.explanations, [p.park_id for p in scenario.parks], "nl")
    out = []
    for row in table.to_dict("records"):
        mv = {k: row[f"marginal_value_{k}"] for k in PARK_LIMITS}
        out.append({
            "park_id": str(row["park_id"]), "code": row["code"], "message": row["message"],
            "what_would_change": row["what_would_change"],
            "marginal_value": {k: None if v != v else float(v) for k, v in mv.items()},
        })
    return out


def result_json(scenario: Scenario, result: Any) -> dict[str, Any]:
    by_year = result.by_year.set_index("year") if len(result.by_year) else None
    alloc = result.allocation
    return {
        "status": result.status,
        "message": result.message_en,
        "objective": result.objective,
        "objective_bound": result.objective_bound,
        "years": scenario.years,
        "budget_eur": {str(y): float(b) for y, b in scenario.budgets.items()},
        "allocated_public_eur": {
            str(y): float(by_year.loc[y, "public_eur"]) if by_year is not None else 0.0
            for y in scenario.years
        },
        "unallocated_eur": {
            str(y): float(by_year.loc[y, "unallocated_eur"]) if by_year is not None else 0.0
            for y in scenario.years
        },
        "private_eur": result.total_private,
        "leverage": result.leverage,
        "value_by_goal": result.value_by_goal,
        "budget_shadow_price": {str(y): v for y, v in result.budget_shadow_price.items()},
        "timings": result.timings,
        "diagnosis": (
            [f.message_en for f in result.diagnosis.findings] if result.diagnosis else None
        ),
        "explanations": explanations_json(scenario, result),
        "allocation": [
            {
                "park_id": str(r.park_id),
                "category": str(r.category),
                "year": int(r.year),
                "public_eur": float(r.public_eur),
                "private_eur": float(r.private_eur),
            }
            for r in alloc.itertuples(index=False)
            if r.public_eur > 0
        ],
    }


def read_for_cli(path: Path, *, as_json: bool) -> Scenario | int:
    """The workbook's scenario, or EXIT_INPUT after printing its problems (as JSON or text)."""
    from allocation.workbook import read_workbook

    try:
        return read_workbook(path).scenario
    except WorkbookError as err:
        if as_json:
            print(json.dumps({
                "status": "input_error",
                "problems": [i.as_dict("en") for i in err.issues],
                "warnings": [i.as_dict("en") for i in err.warnings],
            }))
        else:
            print_issues(f"{len(err.issues)} probleem/problemen in {path}:", err.issues)
        return EXIT_INPUT


