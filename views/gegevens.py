"""Page 1 – Gegevens: upload, validation problems, downloads, and editing the data."""

from __future__ import annotations

import streamlit as st

from ui import auth, request, state, widgets
from ui.render import edit_message, issues_table, page_start, uploader_texts
from ui.text import md_escape, t

scenario = page_start("data_title", "data_intro")

# -- upload ----------------------------------------------------------------------------------
uploader_texts()
upload = st.file_uploader(t("upload_label"), type=["xlsx", "xlsm"], help=t("upload_help"),
                          key="dk_upload", disabled=not auth.current().can("upload"))
if upload is not None:
    widgets.process_upload(upload)
    scenario = state.scenario() if state.is_initialised() else None
widgets.demo_button()

bad = state.rejected()
if bad is not None:
    n = len(bad.issues)
    problems = t("problems_1") if n == 1 else t("problems_n", n=n)
    st.error(t("upload_rejected", name=md_escape(bad.name), problems=problems))
    issues_table(bad.issues)
    if bad.warnings:
        st.caption(t("rejected_warnings"))
        issues_table(bad.warnings)

if scenario is None:
    st.stop()

if state.source().kind == "demo":
    st.info(t("demo_notice"))
warns = state.warnings()
if warns:
    with st.expander(t("warnings_title", n=len(warns))):
        issues_table(warns)

# -- downloads -------------------------------------------------------------------------------
st.subheader(t("downloads"))
widgets.download_row()

# -- browse and edit -------------------------------------------------------------------------
edit_message()
st.caption(t("edit_hint"))
tab_parks, tab_budget, tab_cats, tab_returns = st.tabs(
    [t("tab_parks"), t("tab_budget"), t("tab_categories"), t("tab_returns")]
)
with tab_parks:
    widgets.parks_editor(scenario)
with tab_budget:
    widgets.budget_editor(scenario)
with tab_cats:
    widgets.categories_editor(scenario)
with tab_returns:
    widgets.returns_editor(scenario)

# -- the data round with municipalities and park organisations ------------------------------
st.divider()
request.section(scenario)
