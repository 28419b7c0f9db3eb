"""Cached wrappers around the domain (docs/contracts/STYLE.md, example 7: cache keys are bytes/str, never models).

- `solve_scenario(scenario)`: solve, cached on `scenario.content_hash()` (the model is passed as
  an underscore argument, which Streamlit leaves out of the key). A change that returns to an
  earlier state of the assumptions is therefore instant.
- workbook bytes (template, demo, results, current data) are cached the same way.
- `store()`: one ScenarioStore per database URL (`DRAAGKRACHT_DATABASE_URL`), shared by sessions.

Nothing here raises for a valid scenario: failures come back as an `AllocationResult` with
status "error" or as a `ReadOutcome` with issues, so pages can show a sentence.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from allocation.domain import InputIssue, LoadedWorkbook, Scenario, WorkbookError
from allocation.result import AllocationResult

ROOT = Path(__file__).resolve().parent.parent
DEMO_PATH = ROOT / "data" / "demo.xlsx"
DEMO_SOURCE = "demo"
TIME_LIMIT_S = 60.0


@dataclass
class ReadOutcome:
    loaded: LoadedWorkbook | None
    issues: list[InputIssue] = field(default_factory=list)
    warnings: list[InputIssue] = field(default_factory=list)


# One upload parsed at a time per process: a large workbook takes memory while it is read, and
# several at once could exhaust the server (issue 14). The others wait, with a message.
_UPLOAD_LOCK = threading.Lock()
UPLOAD_WAIT_S = 60.0


def read_upload(data: bytes, name: str) -> ReadOutcome:
    """Read an uploaded workbook; every outcome is a value (never an exception)."""
    from ui.text import TEXT, t

    if not _UPLOAD_LOCK.acquire(blocking=False):
        with st.spinner(t("upload_waiting")):
            acquired = _UPLOAD_LOCK.acquire(timeout=UPLOAD_WAIT_S)
        if not acquired:
            nl, en = TEXT["upload_busy"]
            seconds = int(UPLOAD_WAIT_S)
            return ReadOutcome(None, [InputIssue("", None, None, None, nl.format(
                seconds=seconds), en.format(seconds=seconds))], [])
    try:
        return _read_upload(data, name)
    finally:
        _UPLOAD_LOCK.release()


def _read_upload(data: bytes, name: str) -> ReadOutcome:
    from allocation.workbook import read_workbook

    try:
        return ReadOutcome(read_workbook(data, source_name=name), [], [])
    except WorkbookError as err:
        return ReadOutcome(None, list(err.issues), list(err.warnings))
    except Exception as err:  # noqa: BLE001 - an unreadable file is a message, not a traceback
        from ui.text import TEXT

        detail = f"{type(err).__name__}: {err}"[:300]
        return ReadOutcome(None, [InputIssue(
            sheet="", row=None, column=None, value=None,
            message_nl=TEXT["upload_crashed"][0].format(error=detail),
            message_en=TEXT["upload_crashed"][1].format(error=detail),
        )], [])


@st.cache_resource(show_spinner=False)
def demo_workbook() -> LoadedWorkbook:
    """The demo data: data/demo.xlsx when present and valid, else the generator's scenario.
    (The bounded reader reads it in a few hundredths of a second, so there is no cache of it.)"""
    if DEMO_PATH.exists():
        outcome = read_upload(DEMO_PATH.read_bytes(), DEMO_PATH.name)
        if outcome.loaded is not None:
            loaded = outcome.loaded
            return LoadedWorkbook(loaded.scenario.with_changes(source=DEMO_SOURCE),
                                  loaded.warnings, loaded.monitoring)
    from allocation.demo import make_demo_scenario

    return LoadedWorkbook(make_demo_scenario().with_changes(source=DEMO_SOURCE), [])


@st.cache_data(show_spinner=False)
def glossary(lang: str) -> str:
    """docs/glossary.{nl,en}.md without its title: one text for the app and the docs."""
    path = ROOT / "docs" / f"glossary.{'en' if lang == 'en' else 'nl'}.md"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    body = [line for line in lines if not line.startswith("# ")]
    return "\n".join(body).replace("## ", "#### ")


@st.cache_data(show_spinner=False)
def demo_bytes() -> bytes:
    if DEMO_PATH.exists():
        return DEMO_PATH.read_bytes()
    from allocation.workbook import write_scenario

    return write_scenario(demo_workbook().scenario)


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from allocation.workbook import write_template

    return write_template()


@st.cache_data(show_spinner=False, max_entries=16)
def _scenario_bytes(content_hash: str, _scenario: Scenario) -> bytes:
    from allocation.workbook import write_scenario

    return write_scenario(_scenario)


def scenario_bytes(scenario: Scenario) -> bytes:
    return _scenario_bytes(content_hash(scenario), scenario)


# -- a bounded cache of computed results (analyses) ----------------------------------------
class LruCache:
    """The app's one in-memory cache of results that st.cache_data cannot hold (they are
    computed under a progress bar, or keyed by more than the scenario): thread-safe, at most
    `max_entries`, the least recently used dropped first. Keys contain the scenario's content
    hash, so a changed scenario never meets an old result."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        """The value for `key`, or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for `key`, computed (outside the lock) when it is not there yet."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        self.put(key, value)
        return value


# -- solving -----------------------------------------------------------------------------------
def error_result(scenario: Scenario, message_nl: str, message_en: str) -> AllocationResult:
    """A result that says the calculation failed (used when the solver itself raised): the
    pipeline's one result without an allocation, so every page shows the same empty tables."""
    from allocation.pipeline import without_allocation

    return without_allocation(scenario, "error", message_nl, message_en, {}, TIME_LIMIT_S)


@st.cache_data(show_spinner=False, max_entries=64)
def _solve_cached(content_hash: str, time_limit_s: float, _scenario: Scenario) -> AllocationResult:
    from allocation.pipeline import solve

    return solve(_scenario, time_limit_s=time_limit_s)


@st.cache_data(show_spinner=False, max_entries=8)
def _totals_cached(content_hash: str, time_limit_s: float, _scenario: Scenario) -> AllocationResult:
    from allocation.pipeline import solve

    return solve(_scenario, time_limit_s=time_limit_s, explain_parks=False)


_FULLY_SOLVED: set[str] = set()  # content hashes `solve_scenario` has computed in this process
_HASHES: dict[int, tuple[Scenario, str]] = {}  # id -> (the scenario itself, its hash)


def content_hash(scenario: Scenario) -> str:
    """`scenario.content_hash()`, remembered for the few scenarios in use (a frozen model never
    changes; the entry keeps the object alive, so its id cannot be reused meanwhile). A run asks
    several times (sidebar, reset button, cache keys): 0,1 s each at 700 parks."""
    hit = _HASHES.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    value = scenario.content_hash()
    if len(_HASHES) >= 32:
        _HASHES.pop(next(iter(_HASHES)))
    _HASHES[id(scenario)] = (scenario, value)
    return value


def solve_scenario(scenario: Scenario, time_limit_s: float = TIME_LIMIT_S) -> AllocationResult:
    try:
        key = content_hash(scenario)
        result = _solve_cached(key, float(time_limit_s), scenario)
        _FULLY_SOLVED.add(key)
        return result
    except Exception as err:  # noqa: BLE001 - never a traceback for the user
        return _crashed(scenario, err)


def has_reasons(scenario: Scenario) -> bool:
    """Has `solve_scenario` (with the reasons per park) already run for this scenario here?"""
    return content_hash(scenario) in _FULLY_SOLVED


def solve_totals(scenario: Scenario, time_limit_s: float = TIME_LIMIT_S) -> AllocationResult:
    """The allocation and its totals, with the reasons per park left out unless they are
    already at hand: for a page that shows only totals (Start), whose first load must be
    quick. The numbers are those of `solve_scenario`; a page showing reasons calls that."""
    try:
        key = content_hash(scenario)
        if key in _FULLY_SOLVED:
            return solve_scenario(scenario, time_limit_s)
        return _totals_cached(key, float(time_limit_s), scenario)
    except Exception as err:  # noqa: BLE001 - never a traceback for the user
        return _crashed(scenario, err)


def _crashed(scenario: Scenario, err: Exception) -> AllocationResult:
    from ui.text import TEXT

    detail = f"{type(err).__name__}: {err}"[:300]
    return error_result(scenario, TEXT["solve_crashed"][0].format(error=detail),
                        TEXT["solve_crashed"][1].format(error=detail))


@st.cache_data(show_spinner=False, max_entries=16)
def _results_bytes(content_hash: str, provenance_key: str, _scenario: Scenario,
                   _result: AllocationResult, _provenance: Any = None) -> bytes:
    from allocation.request.provenance import HEADERS_NL
    from allocation.workbook import write_results

    rows = _provenance.rows() if _provenance is not None and len(_provenance) else None
    return write_results(_scenario, _result,
                         provenance=(HEADERS_NL, rows) if rows else None)


def results_bytes(scenario: Scenario, result: AllocationResult, provenance: Any = None) -> bytes:
    """The results workbook; with sheet `herkomst` when values came from a request round
    (`provenance`: allocation.request.provenance.Provenance of the active data)."""
    import hashlib
    import json

    key = "" if provenance is None or not len(provenance) else hashlib.sha256(json.dumps(
        provenance.to_dict(), sort_keys=True, default=str).encode()).hexdigest()
    return _results_bytes(content_hash(scenario), key, scenario, result, provenance)


# -- the scenario store ------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _store_for(url: str):
    from allocation.store import open_store

    return open_store(url or None)


def store():
    """The scenario store for this process's database URL; raises StoreError."""
    from allocation.store import ENV_URL

    return _store_for(os.environ.get(ENV_URL, "").strip())
