"""Running a long analysis on the Analyse page: start button, progress bar with the time left,
stop button, results kept per scenario content, and the export.

Stopping: a click on the stop button makes Streamlit rerun the page; the running script is
interrupted at its next Streamlit call, which is the progress update after the next draw.
That exception passes through `allocation.analysis.parallel.map_draws`, whose `finally`
terminates the worker processes; the rerun then says that the computation was stopped.

Results are kept in one store shared by all sessions (st.cache_resource), keyed by a string:
the analysis, the scenario's content hash and the options. A stopped run stores nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import Progress
from allocation.domain import Scenario
from ui import cache, render, state
from ui.text import md_escape, t

MAX_RESULTS = 32


@st.cache_resource(show_spinner=False)
def _results() -> cache.LruCache:
    return cache.LruCache(MAX_RESULTS)


def result_key(name: str, scenario: Scenario, **options: object) -> str:
    opts = ",".join(f"{k}={options[k]!r}" for k in sorted(options))
    return f"{name}|{scenario.content_hash()}|{opts}"


def time_left(elapsed_s: float, done: int, total: int) -> str:
    """'nog ongeveer 12 s' from the pace so far (empty before the first draw is done)."""
    if done <= 0 or done >= total:
        return ""
    return t("an_progress_left", seconds=fmt.seconds(elapsed_s / done * (total - done)))


def run_or_show(name: str, key: str, compute: Callable[[Progress], Any],
                unit_key: str) -> Any:
    """The cached result for `key`; else a start button, and on click the computation with a
    progress bar and a stop button. Returns the result or None."""
    found = _results().get(key)
    if found is not None:
        return found
    start = st.button(t("an_progress_start"), key=f"an_{name}_start", type="primary",
                      icon=":material/play_arrow:")
    if not start:
        if st.session_state.get(f"an_{name}_stop"):
            st.info(t("an_progress_stopped"))
        return None
    stop_slot = st.empty()
    stop_slot.button(t("an_progress_stop"), key=f"an_{name}_stop", icon=":material/stop:")
    bar = st.progress(0.0, text=t("an_progress_begin"))
    began = time.perf_counter()
    unit = t(unit_key)

    def progress(done: int, total: int) -> None:
        left = time_left(time.perf_counter() - began, done, total)
        bar.progress(min(1.0, done / max(total, 1)),
                     text=t("an_progress_text", done=done, total=total, unit=unit, left=left))

    try:
        result = compute(progress)
    finally:
        stop_slot.empty()
    bar.progress(1.0, text=t("an_progress_done", seconds=fmt.seconds(time.perf_counter() - began)))
    _results().put(key, result)
    return result


def download(name: str, file_stem: str, scenario: Scenario,
             sheets: dict[str, pd.DataFrame]) -> None:
    """The results workbook with this analysis's sheets added (draagkracht_<file_stem>.xlsx)."""
    if not sheets:
        return
    from allocation.analysis.export import results_with_analyses

    plan = cache.solve_scenario(scenario)
    if not plan.has_allocation:
        return
    render.download("an_progress_download", lambda: results_with_analyses(scenario, plan, sheets),
                    f"draagkracht_{file_stem}.xlsx", f"an_{name}_download")


def failed(result: Any) -> bool:
    """Say why an analysis has no figures (infeasible plan, floors, error); True if so."""
    if result.status in ("optimal", "time_limit"):
        return False
    lang = state.lang()
    message = result.message_en if lang == "en" else result.message_nl
    st.error(md_escape(message) if message else t("an_progress_failed"))
    if result.diagnosis is not None:
        st.markdown("\n".join(f"- {md_escape(f.message(lang))}"
                              for f in result.diagnosis.findings))
    return True
