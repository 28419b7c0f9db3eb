"""Command line: `python -m allocation validate|template|demo|solve|analyse|scenarios|replan|
factsheets|rollforward|request ...`.

Exit codes (allocation.cli.common, the one definition): 0 done, 2 input error (problems
listed), 3 infeasible (with the diagnosis), 4 the time limit came before any allocation was
found, 1 anything else. Bad input never shows a traceback; every `--json` output is strict JSON
(common.print_json).

The package holds one module of shared plumbing (`common`: exit codes, reading a workbook for
the CLI, printing problems, result JSON) and one module per command group (`solve`, `analyse`,
`monitoring`, `scenarios`; `allocation.request.cli` for the data round). Imports go one way:
this `__init__` builds the parser from the groups, the groups import `common`, and `common`
imports no part of the CLI.
"""

from __future__ import annotations

import argparse
import sys

from allocation.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_NO_PLAN,
    EXIT_OK,
    EXIT_OTHER,
    MAX_TIME_LIMIT_S,
    MIN_TIME_LIMIT_S,
    PATH_ERRORS,
    os_error_message,
    time_limit,
)

__all__ = ["EXIT_INFEASIBLE", "EXIT_INPUT", "EXIT_NO_PLAN", "EXIT_OK", "EXIT_OTHER",
           "MAX_TIME_LIMIT_S", "MIN_TIME_LIMIT_S", "build_parser", "main", "time_limit"]


def build_parser() -> argparse.ArgumentParser:
    from allocation.cli import analyse, monitoring, scenarios, solve
    from allocation.request import cli as request_cli

    parser = argparse.ArgumentParser(
        prog="python -m allocation",
        description="Draagkracht: verdeel een provinciaal transitiebudget over bedrijventerreinen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    solve.register(sub)
    scenarios.register(sub)
    analyse.register(sub)
    monitoring.register(sub)
    request_cli.register(sub)
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
        print("Afgebroken (Ctrl-C); een uitvoerbestand is heel of niet geschreven.", file=sys.stderr)
        return EXIT_OTHER
    except OSError as err:
        print(os_error_message(err), file=sys.stderr)
        return EXIT_INPUT if err.errno in PATH_ERRORS else EXIT_OTHER
    except Exception as err:  # noqa: BLE001 - the user gets a sentence, not a traceback
        print(f"Onverwachte fout: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_OTHER
