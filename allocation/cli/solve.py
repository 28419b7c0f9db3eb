"""`validate`, `template`, `demo` and `solve`: the commands on one workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_OTHER,
    exit_code,
    print_issues,
    print_json,
    read_for_cli,
    result_json,
    result_reasons,
    summary_line,
    time_limit,
)
from allocation.domain import WorkbookError


def cmd_validate(args: argparse.Namespace) -> int:
    from allocation.workbook import read_workbook

    try:
        loaded = read_workbook(Path(args.file))
    except WorkbookError as err:
        print_issues(f"{fmt.count(len(err.issues), 'probleem', 'problemen')} in {args.file}:", err.issues)
        print_issues("Waarschuwingen:", err.warnings)
        return EXIT_INPUT
    print(summary_line(loaded.scenario))
    print_issues("Waarschuwingen:", loaded.warnings)
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
            from allocation.cli.common import PATH_ERRORS, os_error_message

            print(f"Resultatenwerkboek {args.output}: {os_error_message(err)}", file=sys.stderr)
            return EXIT_INPUT if err.errno in PATH_ERRORS else EXIT_OTHER
    if args.json:
        print_json(result_json(scenario, result), result_reasons(result))
    else:
        print(summary_line(scenario))
        print(result.message_nl)
        if result.has_allocation:
            print(f"Toegekend: {fmt.eur(result.total_public)}; privaat gemobiliseerd: "
                  f"{fmt.eur(result.total_private)}; waardepunten: {fmt.num(result.objective, 4)}")
            for row in result.by_year.itertuples(index=False):
                print(f"  {row.year}: {fmt.eur(row.public_eur)} van "
                      f"{fmt.eur(row.budget_eur)}, schaduwprijs {fmt.num(row.shadow_price, 4)} "
                      f"punten per € 1.000")
        if result.diagnosis:
            diagnosis = result.diagnosis
            for finding in diagnosis.arithmetic:
                print(f"  - {finding.message_nl}")
            if diagnosis.heading_nl and diagnosis.relaxations:
                print(diagnosis.heading_nl)  # what the changes are and how they are ranked
            for finding in diagnosis.relaxations:
                print(f"  - {finding.message_nl}")
        if args.output and result.has_allocation:
            print(f"Resultaten geschreven: {args.output}")
        elif args.output:
            print(f"Geen resultatenwerkboek geschreven ({args.output}): er is geen verdeling.",
                  file=sys.stderr)
    return exit_code(result)


def register(sub: Any) -> None:
    """Add the commands on one workbook to the top-level parser's subcommands."""
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
