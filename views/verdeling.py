"""Verdeling: status, KPIs, charts, the allocation table and the results download."""

from __future__ import annotations

import streamlit as st

from allocation import charts
from ui import cache, state, tables
from ui.render import (
    download,
    kpi_tiles,
    page_start,
    plain_table,
    solve_active,
    spending_and_goals,
    status_banner,
    titled_chart,
)
from ui.text import md_escape, t

scenario = page_start("alloc_title", "alloc_intro")
if scenario is None:
    st.stop()
lang = state.lang()
# the numbers first (one solve, no reasons): the status, the tiles and the charts appear as
# soon as the allocation is known; the reasons per park fill in after (issue 22)
result = solve_active(reasons=False)
status_banner(result)
if not result.has_allocation:
    st.info(t("no_result"))
    st.stop()

kpi_tiles(result, columns=4)
spending_and_goals(result, scenario, captions=True)
left, right = st.columns(2)
with left:
    titled_chart("ch_top", charts.top_parks(result.by_park, 15, lang))
with right:
    titled_chart("ch_muni", charts.by_municipality(result.by_municipality, lang))
titled_chart("ch_map", charts.park_map(result.by_park, lang), "ch_map_caption")

# -- the table ---------------------------------------------------------------------------------
st.subheader(t("table_title"))
if not cache.has_reasons(scenario):
    coming = st.empty()
    coming.caption(t("reasons_coming"))
    result = solve_active()  # the same allocation, now with its reasons
    coming.empty()
else:
    result = solve_active()
c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
query = c1.text_input(t("table_search"), key="dk_table_query")
sort_key = c2.selectbox(t("table_sort"), tables.SORT_KEYS, key=f"dk_table_sort_{lang}",
                        format_func=lambda k: tables.sort_label(k, lang))
descending = c3.toggle(t("table_desc"), value=True, key="dk_table_desc")
only_funded = c4.toggle(t("table_only_funded"), value=False, key="dk_table_funded")
table, total = tables.allocation_table(result, scenario, query, sort_key, descending,
                                       only_funded, lang)
st.caption(t("table_rows", n=len(table), total=total))
plain_table(table, max_height=420)
# Both files are made when clicked (deferred): writing the results workbook of 700 parks takes
# seconds, which an assumption change must not wait for.
frame = table.frame
download("dl_table_csv", lambda: tables.safe_csv(frame), "draagkracht_verdeling.csv",
         "dl_table_csv", "text/csv")
provenance = state.provenance().matching(scenario)
download("dl_results", lambda: cache.results_bytes(scenario, result, provenance),
         "draagkracht_resultaten.xlsx", "dl_results")

rule = result.tie_break_rule_en if lang == "en" else result.tie_break_rule_nl
st.caption(f"**{t('tie_break')}:** {md_escape(rule or t('tie_break_default'))}")
