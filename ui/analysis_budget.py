"""Shared glue of the three budget analyses on the Analyse page (frontier, leverage, choice):
a cache on the scenario's content, a progress bar for every multi-solve computation, and the
download of the results workbook with the analysis's sheet.

The cache is process-wide (all sessions), keyed on `scenario.content_hash()` plus the
analysis's own parameters, like `ui.cache`'s cached solve. It is a small LRU of our own rather
than `st.cache_data` because a miss must drive a progress bar: Streamlit records the elements a
cached function touches and replays them on a hit, which a progress bar must not be.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from allocation.analysis import Progress
from allocation.domain import Scenario
from ui import cache, state
from ui.render import download
from ui.text import md_escape, t

MAX_ENTRIES = 32
_CACHE = cache.LruCache(MAX_ENTRIES)


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    """The value for `key` (it must contain the scenario's content hash), computed once."""
    return _CACHE.get_or_compute(key, compute)


def is_cached(key: Hashable) -> bool:
    return key in _CACHE


def with_progress(text_key: str, run: Callable[[Progress], Any]) -> Any:
    """Run `run(progress)` under a progress bar that says "point i of n"; removed afterwards."""
    bar = st.progress(0.0, text=t(text_key, done=0, total="…"))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=t(text_key, done=done, total=total))

    try:
        return run(progress)
    finally:
        bar.empty()


def compute_cached(kind: str, scenario: Scenario, params: tuple[Hashable, ...],
                   progress_key: str, run: Callable[[Progress], Any]) -> Any:
    """`run(progress)` cached on (kind, content hash, params), with a progress bar on a miss."""
    key = (kind, scenario.content_hash(), params)
    return cached(key, lambda: with_progress(progress_key, run))


def results_download(kind: str, scenario: Scenario, params: tuple[Hashable, ...],
                     sheets: Mapping[str, pd.DataFrame], label_key: str, file_name: str) -> None:
    """The results workbook of the active scenario plus this analysis's sheet."""
    from allocation.analysis.export import results_with_analyses

    result = cache.solve_scenario(scenario)
    if not result.has_allocation:
        return
    key = (kind + ":xlsx", scenario.content_hash(), params)
    # made when clicked, and kept per scenario and settings for a second click
    download(label_key, lambda: cached(key, lambda: results_with_analyses(scenario, result,
                                                                          sheets)),
             file_name, f"dk_an_dl_{kind}")


def lines(sentences: list[str]) -> None:
    """Sentences of an analysis as a list (they quote park ids: escaped)."""
    if sentences:
        st.markdown("\n".join(f"- {md_escape(s)}" for s in sentences))


def active_scenario() -> Scenario | None:
    """The active scenario, or None (with the usual notice) before any data is loaded."""
    if not state.is_initialised():
        st.warning(t("no_data_yet"))
        return None
    return state.scenario()
