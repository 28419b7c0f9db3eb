"""What every command group of the CLI shares: exit codes, the --time-limit type, reading a
workbook for the CLI, printing its problems, the result as JSON and the one JSON printer.

Imported by the command-group modules of this package; imports nothing of the CLI itself.

Every `--json` output goes through `print_json`: strict JSON (RFC 8259) that any parser reads.
JSON has no NaN or Infinity, so a value that is not a finite number becomes null, and the
top-level object says why in its list "null_reasons" (one entry per such field: its path, what
it was and why, in English for machine readers).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import errno
import json
import math
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.domain import InputIssue, Scenario, WorkbookError

# 4: the time limit came before any allocation was found (README, "Exit codes")
EXIT_OK, EXIT_OTHER, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN = 0, 1, 2, 3, 4
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


def no_plan(result: Any) -> bool:
    """Did the time limit come before any allocation was found (`AllocationResult`)?"""
    return bool(getattr(result, "ran_out_of_time", False))


def exit_code(result: Any) -> int:
    """The exit code for how a solve ended: 0 optimal or time limit with an allocation, 3
    infeasible, 4 no allocation within the time limit, 1 any other failure."""
    if no_plan(result):
        return EXIT_NO_PLAN
    return {"optimal": EXIT_OK, "time_limit": EXIT_OK,
            "infeasible": EXIT_INFEASIBLE}.get(result.status, EXIT_OTHER)


def result_reasons(result: Any) -> dict[str, str]:
    """Why fields of `result_json` can be null (the `reasons` of `print_json`)."""
    if result.status == "optimal":
        return {}
    if result.status == "time_limit":
        return {"budget_shadow_price": NO_SHADOW_PRICE_EN}
    return {"budget_shadow_price": NO_ALLOCATION_PRICE_EN}


def result_json(scenario: Scenario, result: Any) -> dict[str, Any]:
    """The result as the JSON object of `solve --json`. Without an allocation within the time
    limit: status "time_limit", "allocation" null and the reason in "null_reasons"."""
    by_year = result.by_year.set_index("year") if len(result.by_year) else None
    alloc = result.allocation
    late = no_plan(result)
    return {
        "status": "time_limit" if late else result.status,
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
        "allocation": None if late else [
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
        NULL_REASONS: ([{"field": f, "value": "none", "reason": NO_PLAN_EN}
                        for f in ("objective", "objective_bound", "allocation")]
                       if late else []),
    }


def input_error_json(err: WorkbookError) -> dict[str, Any]:
    """The JSON object for a workbook that cannot be read (exit 2)."""
    return {"status": "input_error", "problems": [i.as_dict("en") for i in err.issues],
            "warnings": [i.as_dict("en") for i in err.warnings]}


def read_for_cli(path: Path, *, as_json: bool) -> Scenario | int:
    """The workbook's scenario, or EXIT_INPUT after printing its problems (as JSON or text)."""
    from allocation.workbook import read_workbook

    try:
        return read_workbook(path).scenario
    except WorkbookError as err:
        if as_json:
            print_json(input_error_json(err))
        else:
            print_issues(f"{fmt.count(len(err.issues), 'probleem', 'problemen')} in {path}:", err.issues)
        return EXIT_INPUT


# -- the one JSON printer ------------------------------------------------------------------------

NULL_REASONS = "null_reasons"  # top-level key: why a field is null (print_json)
NOT_FINITE_EN = ("not a finite number (NaN or infinite) in the computation; JSON has no such "
                 "number, so the field is null")
MISSING_EN = "no value (missing in the data or not defined here)"
NO_SHADOW_PRICE_EN = ("no shadow price: the optimum is not proven (the computation stopped at "
                      "the time limit), so no budget price can be given")
NO_ALLOCATION_PRICE_EN = "no shadow price: there is no allocation to price"
NO_PLAN_EN = "the time limit came before any allocation was found"


def print_json(obj: Any, reasons: Mapping[str, str] | None = None, stream: Any = None) -> None:
    """Print `obj` as one line of strict JSON (see `to_json`) on stdout (or `stream`)."""
    print(to_json(obj, reasons), file=sys.stdout if stream is None else stream)


def to_json(obj: Any, reasons: Mapping[str, str] | None = None) -> str:
    """`obj` as strict JSON: numpy and pandas scalars and arrays as plain numbers and lists,
    dates as ISO 8601 text, and every float that is not finite (and pandas' missing values) as
    null, each with an entry {"field", "value", "reason"} in "null_reasons" of the top-level
    object (of the list element that holds it when the top level is a list). `reasons` maps a
    field path (`budget_shadow_price`, `kpis[].value_1`; list positions written `[]`) to the
    reason for the nulls at or below it, None values there included; the most specific path
    wins, else a general reason. `json.dumps(allow_nan=False)` makes any value left behind an
    error, not bad output."""
    notes: list[tuple[str, dict[str, str]]] = []
    clean = _plain(obj, "", notes, reasons or {})
    if notes:
        if isinstance(clean, dict):
            clean[NULL_REASONS] = list(clean.get(NULL_REASONS) or []) + [n for _, n in notes]
        elif isinstance(clean, list):
            for path, note in notes:
                at = re.match(r"\[(\d+)\]\.?", path)
                element = clean[int(at.group(1))] if at else None
                if not isinstance(element, dict):
                    raise TypeError(f"no object to hold the reason for null at {path}")
                element.setdefault(NULL_REASONS, []).append(
                    {**note, "field": path[at.end():] if at else path})
        else:
            raise TypeError("a non-finite number outside any object")
    return json.dumps(clean, allow_nan=False)


def _plain(value: Any, path: str, notes: list[tuple[str, dict[str, str]]],
           reasons: Mapping[str, str]) -> Any:
    if value is None:
        said = _reason(path, reasons, "")
        if said:  # a null where the caller said what nulls mean
            notes.append((path, {"field": path, "value": "none", "reason": said}))
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)  # also bool-free int subclasses
    kind = type(value).__name__
    if kind in ("NAType", "NaTType"):  # pandas' missing values
        notes.append((path, {"field": path, "value": "missing",
                             "reason": _reason(path, reasons, MISSING_EN)}))
        return None
    if isinstance(value, float) or kind.startswith(("float", "int", "bool", "uint")):
        if kind.startswith("bool"):
            return bool(value)
        if kind.startswith(("int", "uint")):
            return int(value)
        number = float(value)
        if math.isfinite(number):
            return number
        shown = "NaN" if number != number else ("Infinity" if number > 0 else "-Infinity")
        notes.append((path, {"field": path, "value": shown,
                             "reason": _reason(path, reasons, NOT_FINITE_EN)}))
        return None
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{path}.{k}" if path else str(k), notes, reasons)
                for k, v in value.items()}
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays, pandas
        value = value.tolist()
        if not isinstance(value, list):
            return _plain(value, path, notes, reasons)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_plain(v, f"{path}[{i}]", notes, reasons) for i, v in enumerate(items)]
    return str(value)


def _reason(path: str, reasons: Mapping[str, str], default: str) -> str:
    """The reason for a null at `path`: of the most specific entry of `reasons` at or above it
    (list positions generalised to `[]`), else `default`."""
    key = re.sub(r"\[\d+\]", "[]", path)
    while key:
        if key in reasons:
            return reasons[key]
        cut = max(key.rfind("."), key.rfind("["))
        key = key[:cut] if cut > 0 else ""
    return default


# a path the user gave that cannot be written: a mistake in the command (exit 2)
PATH_ERRORS = {errno.ENAMETOOLONG, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EISDIR,
                errno.EROFS, errno.ENOENT}
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def os_error_message(err: OSError) -> str:
    """A file system error in the user's words (the writers leave no partial file behind:
    allocation.safe_write), with the file it concerns."""
    where = f" ({err.filename})" if err.filename else ""
    if err.errno == errno.ENAMETOOLONG:
        return f"De bestandsnaam is te lang{where}; kies een kortere naam."
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Geen toestemming om hier te schrijven{where}; kies een andere map."
    if err.errno in (errno.ENOTDIR, errno.EISDIR, errno.ENOENT):
        return f"Deze plek bestaat niet of is geen bestand{where}; kies een andere."
    if err.errno in _FULL:
        return ("Het bestand kon niet worden geschreven: de schijf is vol of het bestand is "
                f"groter dan is toegestaan{where}. Er is geen half bestand achtergebleven; "
                "maak ruimte en probeer het opnieuw.")
    return (f"Het bestand kon niet worden gelezen of geschreven{where}: {err.strerror or err}. "
            "Er is geen half bestand achtergebleven.")
