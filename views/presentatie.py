"""Page 5 – Presentatie: projector view for the steering committee (no tables).

One 1920×1080 screen without scrolling: the controls in one row, a badge that says whether the
figures are a saved scenario as saved or changed from it, the headline tiles (with "Niet
toegekend"), and three charts with projector-sized text. An infeasible scenario gets one sentence
with the change that makes it solvable.
"""

from __future__ import annotations

import streamlit as st

from allocation import charts
from allocation.store import StoreError
from ui import cache, state, tables, widgets
from ui import live as live_ui
from ui.render import chart, kpi_tiles, presentation_mode, solve_active, status_line
from ui.text import md_escape, t

presentation_mode()
if not state.is_initialised():
    st.warning(t("no_data_yet"))
    st.stop()
lang = state.lang()

try:
    saved = cache.store().list()
except StoreError:
    saved = []  # the presentation works without the store; the Scenario's page explains errors

head, badge = st.columns([3, 2], vertical_alignment="center")
with head:
    st.title(t("pres_title"))
with badge:
    src = state.source()
    text, colour = tables.source_badge(src.kind, md_escape(src.name), state.is_modified(), lang)
    st.badge(text, color=colour,
             icon=":material/edit:" if colour == "orange" else ":material/check:")
if live_ui.room_section(saved):  # the room screen of a live round (issue 25), editors only
    st.stop()
c1, c2, c3 = st.columns([2, 2, 5], vertical_alignment="bottom")
with c1:
    widgets.total_budget_slider(caption=False)
with c2:
    if saved:
        widgets.saved_picker(saved)
with c3:
    widgets.preset_control()

result = solve_active()
status_line(result)
if result.has_allocation:
    kpi_tiles(result, columns=7, big=True)
    scenario = state.scenario()
    labels = {c.category: c.label or c.category for c in scenario.categories}
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('ch_years')}**")
        chart(charts.spending_by_year(result.allocation, result.by_year, labels, lang, big=True,
                                      height=345), title=t("ch_years"))
        st.markdown(f"**{t('ch_goals')}**")
        chart(charts.value_by_goal(result.value_by_goal, lang, big=True, height=235),
              title=t("ch_goals"))
    with right:
        st.markdown(f"**{t('ch_top')}**")
        chart(charts.top_parks(result.by_park, 10, lang, big=True), title=t("ch_top"))
        st.markdown(f"**{t('ch_map')}** · {t('ch_map_grey')}")
        chart(charts.park_map(result.by_park, lang, big=True, height=225), title=t("ch_map"))
    from ui import analysis_frontier  # the budget frontier, on request (issue 9)

    analysis_frontier.presentation()
