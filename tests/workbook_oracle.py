"""Every workbook read three ways must give the same outcome.

The app's reader (`read.read_workbook`: python-calamine where exact, else expat), its expat path
alone (`fast=False`), and the openpyxl reference reader it replaced
(`reference.read_workbook_reference`) must give an equal scenario and equal warnings, or equal
problems. Known, intended differences are normalised here and nowhere else:

- the app's reader names external links and macros in a warning (the reference said nothing);
- a sheet with too many rows: the app's reader stops one row past the limit ("more than N"),
  the reference counted them all ("N+k"), and reported cell problems in rows past the limit;
- merged ranges: openpyxl keeps them in a set, so the reference reports them in any order.
"""

from __future__ import annotations

from typing import Any

from allocation.domain import InputIssue, LoadedWorkbook, WorkbookError
from allocation.workbook.read import read_bytes
from allocation.workbook.reference import read_workbook_reference

PACKAGE_WARNINGS = ("The workbook links to another workbook", "The workbook contains macros")


def _outcome(read: Any) -> tuple[str, Any, list[InputIssue]]:
    try:
        loaded: LoadedWorkbook = read()
    except WorkbookError as err:
        return "error", list(err.issues), list(err.warnings)
    return "ok", loaded.scenario, list(loaded.warnings)


def _normal(outcome: tuple[str, Any, list[InputIssue]]) -> tuple[str, Any, list[InputIssue]]:
    kind, value, warnings = outcome
    warnings = [w for w in warnings if not w.message_en.startswith(PACKAGE_WARNINGS)]
    if kind == "error" and any("Merged cells" in i.message_en for i in value):
        value = sorted(value, key=lambda i: (i.sheet, i.row or 0, i.message_en))
    return kind, value, warnings


def _too_many_rows(outcome: tuple[str, Any, list[InputIssue]]) -> bool:
    return outcome[0] == "error" and any(
        "at most" in i.message_en and i.column is None and i.row is None and
        (" parks; " in i.message_en or " rows; " in i.message_en) for i in outcome[1])


def read_three_ways(data: bytes, source_name: str = "") -> LoadedWorkbook:
    """The app's reader, after checking it against its expat path and the reference reader."""
    app = _outcome(lambda: read_bytes(data, source_name))
    slow = _outcome(lambda: read_bytes(data, source_name, fast=False))
    assert _normal(app) == _normal(slow), (app, slow)
    if not _too_many_rows(app):
        ref = _outcome(lambda: read_workbook_reference(data, source_name))
        assert _normal(app) == _normal(ref), (app, ref)
    return read_bytes(data, source_name)
