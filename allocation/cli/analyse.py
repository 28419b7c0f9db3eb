"""`python -m allocation analyse FILE NAME [options] [--json]` for every module in ANALYSES.

Exit codes as `solve`: 0 done, 2 input error, 3 infeasible (with the diagnosis), 4 the time
limit came before the plan (or the allocation with a choice) was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.analysis import ANALYSES, AnalysisOutcome


def register(sub: Any) -> None:
    """Add the `analyse` command and one sub-command per analysis to the CLI."""
    p = sub.add_parser("analyse", help="analyses: wat meer budget oplevert, hefboom, keuzes, ...")
    p.add_argument("file", help="het werkboek (.xlsx)")
    names = p.add_subparsers(dest="analysis", required=True, metavar="ANALYSE")
    for name in ANALYSES:
        module = importlib.import_module(f"allocation.analysis.{name}")
        ap = names.add_parser(name, help=module.HELP_NL.replace("%", "%%"))
        ap.add_argument("--json", action="store_true", help="één JSON-object op stdout")
        module.add_arguments(ap)
        ap.set_defaults(func=_run, analysis_module=module)


def _run(args: argparse.Namespace) -> int:
    from allocation.cli.common import (
        EXIT_INFEASIBLE,
        EXIT_INPUT,
        EXIT_NO_PLAN,
        EXIT_OK,
        EXIT_OTHER,
        NO_PLAN_EN,
        print_json,
        read_for_cli,
    )

    scenario = read_for_cli(Path(args.file), as_json=args.json)
    if isinstance(scenario, int):
        return scenario
    outcome: AnalysisOutcome = args.analysis_module.run_cli(scenario, args)
    if args.json:
        late = ({"status": "time_limit",
                 "reason": f"{NO_PLAN_EN} (the plan, or the allocation with the choice)"}
                if outcome.no_plan else {})
        print_json({"status": outcome.status, **{k: v for k, v in outcome.json.items()
                                                 if k != "status"}, **late})
    else:
        for line in outcome.lines_nl:
            print(line)
        if outcome.no_plan:
            print(f"Tijdslimiet bereikt: binnen {fmt.seconds(args.time_limit)} per berekening "
                  "is nog geen verdeling gevonden. Geef meer tijd (--time-limit) of verklein "
                  "het scenario.")
        if outcome.diagnosis is not None:
            for finding in outcome.diagnosis.findings:
                print(f"  - {finding.message_nl}")
    if outcome.no_plan:
        return EXIT_NO_PLAN
    return {"optimal": EXIT_OK, "time_limit": EXIT_OK,
            "infeasible": EXIT_INFEASIBLE, "input_error": EXIT_INPUT}.get(outcome.status, EXIT_OTHER)
