"""Command line: `python -m allocation validate|template|demo|solve|analyse|scenarios ...`.

Exit codes: 0 done, 2 input error (problems listed), 3 infeasible (with the diagnosis),
1 anything else. Bad input never shows a traceback.
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


def _print_issues(title: str, issues: list[InputIssue], stream: Any = None) -> None:
    if not issues:
        return
    stream = sys.stdout if stream is None else stream  # looked up now, so capture works
    print(title, file=stream)
    for issue in issues:
        print(f"  - {issue.render('nl')}", file=stream)


def _summary_line(scenario: Scenario) -> str:
    years = scenario.years
    total = sum(scenario.budgets.values())
    return (
        f"Geldig: {len(scenario.parks)} terreinen, {len(scenario.categories)} categorieën, "
        f"{years[0]}–{years[-1]} ({len(years)} jaar), budget {fmt.eur(total)}"
    )


def cmd_validate(args: argparse.Namespace) -> int:
    from allocation.workbook import read_workbook

    try:
        loaded = read_workbook(Path(args.file))
    except WorkbookError as err:
        _print_issues(f"{len(err.issues)} probleem/problemen in {args.file}:", err.issues)
        _print_issues("Waarschuwingen:", err.warnings)
        return EXIT_INPUT
    print(_summary_line(loaded.scenario))
    _print_issues("Waarschuwingen:", loaded.warnings)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from allocation.workbook import write_template

    write_template(Path(args.out))
    print(f"Sjabloon geschreven: {args.out}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from allocation.demo import write_demo

    write_demo(Path(args.out))
    print(f"Demowerkboek (fictieve provincie) geschreven: {args.out}")
    return EXIT_OK


def _explanations_json(scenario: Scenario, result: Any) -> list[dict[str, Any]]:
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


def _result_json(scenario: Scenario, result: Any) -> dict[str, Any]:
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
        "explanations": _explanations_json(scenario, result),
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
            _print_issues(f"{len(err.issues)} probleem/problemen in {path}:", err.issues)
        return EXIT_INPUT


def cmd_solve(args: argparse.Namespace) -> int:
    from allocation.pipeline import solve
    from allocation.safe_write import OutputError, check_output, write_atomically
    from allocation.workbook import write_results

    if args.output:  # before reading and solving: a bad path should not cost a 60 s solve
        try:
            check_output(args.output, (".xlsx",))
        except OutputError as err:
            print(err.message_nl, file=sys.stderr)
            return EXIT_INPUT
    scenario = read_for_cli(Path(args.file), as_json=args.json)
    if isinstance(scenario, int):
        return scenario
    result = solve(scenario, time_limit_s=args.time_limit)
    if args.output and result.has_allocation:
        try:
            write_atomically(Path(args.output), write_results(scenario, result))
        except OSError as err:
            print(f"Resultatenwerkboek niet geschreven ({args.output}): "
                  f"{err.strerror or err}; er is geen (half) bestand achtergebleven.",
                  file=sys.stderr)
            return EXIT_OTHER
    if args.json:
        print(json.dumps(_result_json(scenario, result)))
    else:
        print(_summary_line(scenario))
        print(result.message_nl)
        if result.has_allocation:
            print(f"Toegekend: {fmt.eur(result.total_public)}; privaat gemobiliseerd: "
                  f"{fmt.eur(result.total_private)}; waardepunten: {fmt.num(result.objective, 4)}")
            for row in result.by_year.itertuples(index=False):
                print(f"  {row.year}: {fmt.eur(row.public_eur)} van "
                      f"{fmt.eur(row.budget_eur)}, schaduwprijs {fmt.num(row.shadow_price, 4)} "
                      f"punten per € 1.000")
        if result.diagnosis:
            for finding in result.diagnosis.findings:
                print(f"  - {finding.message_nl}")
        if args.output and result.has_allocation:
            print(f"Resultaten geschreven: {args.output}")
    if result.status == "infeasible":
        return EXIT_INFEASIBLE
    if result.status == "error":
        return EXIT_OTHER
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m allocation",
        description="Draagkracht: verdeel een provinciaal transitiebudget over bedrijventerreinen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="controleer een werkboek")
    p.add_argument("file")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("template", help="schrijf een leeg sjabloonwerkboek")
    p.add_argument("out")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("demo", help="schrijf het demowerkboek (fictieve provincie)")
    p.add_argument("out")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("solve", help="verdeel het budget voor een werkboek")
    p.add_argument("file")
    p.add_argument("--output", help="schrijf het resultatenwerkboek (.xlsx)")
    p.add_argument("--json", action="store_true", help="één JSON-object op stdout")
    p.add_argument("--time-limit", type=time_limit, default=60.0,
                   help="seconden (standaard 60; minimaal 0,1)")
    p.set_defaults(func=cmd_solve)

    from allocation import scenarios_cli
    from allocation.analysis import cli as analysis_cli

    scenarios_cli.register(sub)
    analysis_cli.register(sub)
    __import__("allocation.monitoring.cli", fromlist=["register"]).register(sub)
    __import__("allocation.request.cli", fromlist=["register"]).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except FileNotFoundError as err:
        print(f"Bestand niet gevonden: {err.filename}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return EXIT_OTHER
    except Exception as err:  # noqa: BLE001 - the user gets a sentence, not a traceback
        print(f"Onverwachte fout: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_OTHER
