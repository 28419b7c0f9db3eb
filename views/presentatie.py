"""Page 5 – Presentatie: projector view for the steering committee (no tables)."""

from __future__ import annotations

import streamlit as st

from allocation import charts
from allocation.store import StoreError
from ui import cache, state, widgets
from ui.render import (
    kpi_tiles,
    page_start,
    solve_active,
    spending_and_goals,
    status_banner,
    titled_chart,
)

scenario = page_start("pres_title")
if scenario is None:
    st.stop()
lang = state.lang()

try:
    saved = cache.store().list()
except StoreError:
    saved = []  # the presentation works without the store; the Scenario's page explains errors

c1, c2 = st.columns([3, 2])
with c1:
    widgets.total_budget_slider()
with c2:
    if saved:
        widgets.saved_picker(saved)
widgets.preset_control()

scenario = state.scenario()
result = solve_active()
status_banner(result)
if result.has_allocation:
    kpi_tiles(result, columns=3, big=True, skip=(2,))  # "unallocated" is on Verdeling
    spending_and_goals(result, scenario, captions=False)
    left, right = st.columns(2)
    with left:
        titled_chart("ch_top", charts.top_parks(result.by_park, 10, lang))
    with right:
        titled_chart("ch_map", charts.park_map(result.by_park, lang))
    from ui import analysis_frontier  # the budget frontier, on request (issue 9)

    analysis_frontier.presentation()
