"""Page 5 – Presentatie: projector view for the steering committee (no tables)."""

from __future__ import annotations

import streamlit as st

from allocation import charts
from allocation.store import StoreError
from ui import cache, state, widgets
from ui.render import chart, kpi_tiles, page_start, solve_active, status_banner
from ui.text import t

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
    labels = {c.category: c.label or c.category for c in scenario.categories}
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("ch_years"))
        chart(charts.spending_by_year(result.allocation, result.by_year, labels, lang))
    with right:
        st.subheader(t("ch_goals"))
        chart(charts.value_by_goal(result.value_by_goal, lang))
    left, right = st.columns(2)
    with left:
        st.subheader(t("ch_top"))
        chart(charts.top_parks(result.by_park, 10, lang))
    with right:
        st.subheader(t("ch_map"))
        chart(charts.park_map(result.by_park, lang))
