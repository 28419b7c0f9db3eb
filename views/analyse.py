"""Analyse: the questions a committee asks next, one tab per analysis (thin: ui.analysis_*)."""

from __future__ import annotations

import importlib

import streamlit as st

from ui.text import t

# (title text key, ui module with render()) in menu order
TABS: list[tuple[str, str]] = [
    ("an_frontier_tab", "ui.analysis_frontier"),
    ("an_leverage_tab", "ui.analysis_leverage"),
    ("an_choice_tab", "ui.analysis_choice"),
    ("an_base_tab", "ui.analysis_baselines"),
    ("an_robust_tab", "ui.analysis_robustness"),
    ("an_weights_tab", "ui.analysis_weights"),
]

st.title(t("nav_analyse"))
st.caption(t("analyse_intro"))
if TABS:
    for tab, (_title, module) in zip(st.tabs([t(title) for title, _m in TABS]), TABS,
                                     strict=True):
        with tab:
            importlib.import_module(module).render()
