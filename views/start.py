"""Page 0 – Start: what the tool is for, the active data at a glance, and where to go next."""

from __future__ import annotations

import streamlit as st

from ui import cache, state
from ui.render import kpi_tiles, page_start, solve_active, status_banner
from ui.text import t

STEPS = (
    ("views/gegevens.py", "step_data", ":material/table_view:"),
    ("views/aannames.py", "step_assumptions", ":material/tune:"),
    ("views/verdeling.py", "step_allocation", ":material/pie_chart:"),
    ("views/draagvlak.py", "step_quadrant", ":material/handshake:"),
    ("views/presentatie.py", "step_presentation", ":material/slideshow:"),
    ("views/analyse.py", "step_analyse", ":material/insights:"),
    ("views/monitoring.py", "step_monitoring", ":material/monitoring:"),
    ("views/regio.py", "step_regio", ":material/groups:"),
    ("views/scenarios.py", "step_scenarios", ":material/save:"),
    ("views/vergelijken.py", "step_compare", ":material/compare_arrows:"),
)  # in the order of the menu

scenario = page_start("start_title", "start_intro")
st.markdown(t("start_principle"))

st.subheader(t("start_steps"))
for path, key, icon in STEPS:
    st.page_link(path, label=t(key), icon=icon)
with st.expander(t("glossary_title"), icon=":material/menu_book:"):
    st.markdown(cache.glossary(state.lang()))

if scenario is not None:
    st.divider()
    result = solve_active(reasons=False)  # totals only: the first page must load quickly
    status_banner(result)
    if result.has_allocation:
        kpi_tiles(result, columns=4)
