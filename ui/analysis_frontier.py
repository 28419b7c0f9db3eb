"""Analyse tab "Meer of minder budget": the budget frontier (allocation.analysis.frontier)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import frontier
from allocation.analysis.charts_budget import frontier_chart
from allocation.domain import Scenario
from ui import analysis_budget as ab
from ui import state
from ui.render import chart, plain_table
from ui.text import t

KIND = "frontier"


def compute(scenario: Scenario, points: int = frontier.DEFAULT_POINTS) -> frontier.Frontier:
    return ab.compute_cached(KIND, scenario, (points,), "an_frontier_progress",
                             lambda progress: frontier.compute(scenario, points, progress))


def display_table(fr: frontier.Frontier, lang: str) -> pd.DataFrame:
    tab = frontier.table(fr)
    marks = [" · ".join(m for m, on in ((t("an_frontier_mark_plan", lang), p),
                                        (t("an_frontier_mark_knee", lang), k)) if on)
             for p, k in zip(tab["is_plan"], tab["is_knee"], strict=True)]
    return pd.DataFrame({
        t("an_frontier_col_factor", lang): [fmt.pct(v, 0) for v in tab["budget_factor"]],
        t("an_frontier_col_budget", lang): [fmt.eur_short(v) for v in tab["budget_eur"]],
        t("an_frontier_col_points", lang): [fmt.points(v, 1) for v in tab["objective"]],
        t("an_frontier_col_private", lang): [fmt.eur_short(v) for v in tab["private_eur"]],
        t("an_frontier_col_funded", lang): [fmt.num(v) for v in tab["parks_funded"]],
        t("an_frontier_col_marginal", lang): [fmt.points(v, 1) for v in tab["marginal_per_mln"]],
        t("an_frontier_col_mark", lang): marks,
    })


def show(fr: frontier.Frontier, details: bool = True) -> None:
    """Sentences and chart (and, with details, the table)."""
    lang = state.lang()
    ab.lines(frontier.sentences(fr, lang))
    st.subheader(t("an_frontier_chart"))
    chart(frontier_chart(frontier.table(fr), lang), key=f"dk_an_frontier_chart_{details}")
    st.caption(t("an_frontier_caption"))
    if details:
        with st.expander(t("an_frontier_table")):
            plain_table(display_table(fr, lang))


def render() -> None:
    scenario = ab.active_scenario()
    if scenario is None:
        return
    st.caption(t("an_frontier_intro"))
    points = frontier.DEFAULT_POINTS
    key = (KIND, scenario.content_hash(), (points,))
    if not ab.is_cached(key) and not st.button(t("an_frontier_run"), key="dk_an_frontier_run",
                                               icon=":material/show_chart:", type="primary"):
        return
    fr = compute(scenario, points)
    if fr.status == "error":
        bad = next(p for p in fr.points if p.status not in ("optimal", "infeasible"))
        st.error(t("status_error", message=bad.status))
        return
    show(fr)
    ab.results_download(KIND, scenario, (points,), frontier.frames(fr), "an_frontier_download",
                        "draagkracht_budgetgrens.xlsx")


def presentation() -> None:
    """The frontier on the presentation page, behind a toggle (it takes several solves)."""
    if st.toggle(t("an_frontier_show"), key="dk_pres_frontier"):
        show(compute(state.scenario()), details=False)
