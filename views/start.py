"""Start: what the tool is for, the active data at a glance, and where to go next."""

from __future__ import annotations

import streamlit as st

from ui import cache, state
from ui.pages import PAGES
from ui.render import kpi_tiles, page_start, solve_active, status_banner
from ui.text import t

scenario = page_start("start_title", "start_intro")
st.markdown(t("start_principle"))

st.subheader(t("start_steps"))
for page in PAGES:  # in the order of the menu
    if page.step_key is not None:
        st.page_link(page.path, label=t(page.step_key), icon=page.icon)
with st.expander(t("glossary_title"), icon=":material/menu_book:"):
    st.markdown(cache.glossary(state.lang()))

if scenario is not None:
    st.divider()
    result = solve_active(reasons=False)  # totals only: the first page must load quickly
    status_banner(result)
    if result.has_allocation:
        kpi_tiles(result, columns=4)
