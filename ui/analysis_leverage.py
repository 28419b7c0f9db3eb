"""Analyse tab "Hefboom": the leverage frontier (allocation.analysis.leverage)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import leverage
from allocation.analysis.charts_budget import leverage_chart
from allocation.domain import Scenario
from ui import analysis_budget as ab
from ui import state
from ui.render import chart, plain_table
from ui.text import t

KIND = "leverage"


def compute(scenario: Scenario) -> leverage.Leverage:
    return ab.compute_cached(KIND, scenario, leverage.LOSSES, "an_leverage_progress",
                             lambda progress: leverage.compute(scenario, progress=progress))


def summary_table(lev: leverage.Leverage, lang: str) -> pd.DataFrame:
    plan = lev.plan
    rows: list[tuple[str, float | None, float | None, float | None, float | None,
                     float | None]] = [(t("an_frontier_mark_plan", lang), plan.objective, plan.private_eur,
             plan.public_eur, plan.leverage, 0.0)]
    rows += [(fmt.pct(p.value_loss), p.objective, p.private_eur, p.public_eur, p.leverage,
              None if p.private_eur is None or plan.private_eur is None
              else p.private_eur - plan.private_eur) for p in lev.points]
    return pd.DataFrame({
        t("an_leverage_col_loss", lang): [r[0] for r in rows],
        t("an_leverage_col_points", lang): [fmt.points(r[1], 1) for r in rows],
        t("an_leverage_col_private", lang): [fmt.eur_short(r[2]) for r in rows],
        t("an_leverage_col_public", lang): [fmt.eur_short(r[3]) for r in rows],
        t("an_leverage_col_leverage", lang): [fmt.ratio(r[4]) for r in rows],
        t("an_leverage_col_gain", lang): [fmt.eur(r[5], signed=True) for r in rows],
    })


def changes_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("an_leverage_col_park", lang): frame["park_id"],
        t("an_leverage_col_name", lang): frame["name"],
        t("an_leverage_col_plan", lang): [fmt.eur(v) for v in frame["public_eur_plan"]],
        t("an_leverage_col_change", lang): [fmt.eur(v, signed=True)
                                            for v in frame["public_eur_change"]],
        t("an_leverage_col_pchange", lang): [fmt.eur(v, signed=True)
                                             for v in frame["private_eur_change"]],
    })


def render() -> None:
    scenario = ab.active_scenario()
    if scenario is None:
        return
    lang = state.lang()
    st.caption(t("an_leverage_intro"))
    key = (KIND, scenario.content_hash(), leverage.LOSSES)
    if not ab.is_cached(key) and not st.button(t("an_leverage_run"), key="dk_an_leverage_run",
                                               icon=":material/trending_up:", type="primary"):
        return
    lev = compute(scenario)
    if lev.status == "infeasible":
        st.warning(t("an_plan_not_solved"))
        return
    if lev.status == "error" or not lev.points:
        st.error(t("status_error", message=lev.status))
        return
    ab.lines(leverage.sentences(lev, lang))
    st.subheader(t("an_leverage_chart"))
    chart(leverage_chart(leverage.table(lev), lang), key="dk_an_leverage_chart")
    plain_table(summary_table(lev, lang))
    losses = [p.value_loss for p in lev.points]
    pick = st.select_slider(t("an_leverage_pick"), options=losses, value=losses[-1],
                            format_func=lambda v: fmt.pct(v), key=state.wkey("dk_an_lev_pick"))
    point = next(p for p in lev.points if p.value_loss == pick)
    frame = lev.changes(point)
    if frame.empty:
        st.info(t("an_leverage_none"))
    else:
        plain_table(changes_table(frame, lang), max_height=420)
    ab.results_download(KIND, scenario, leverage.LOSSES, leverage.frames(lev),
                        "an_leverage_download", "draagkracht_hefboom.xlsx")
