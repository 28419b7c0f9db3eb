"""Analyse tab: the optimal plan against today's practice (loket, pro rata, tender)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import baselines
from allocation.analysis.charts_robust import baseline_bars
from ui import cache, state
from ui.analysis_progress import download, failed, result_key, run_or_show
from ui.render import chart, plain_table
from ui.text import md_escape, t


def render() -> None:
    scenario = state.scenario()
    lang = state.lang()
    st.caption(t("an_base_intro"))
    c1, c2 = st.columns(2)
    draws = int(c1.number_input(t("an_base_draws"), min_value=1, max_value=5000,
                                value=baselines.DEFAULT_DRAWS, step=50, key="an_base_draws"))
    seed = int(c2.number_input(t("an_base_seed"), min_value=0, max_value=10**9, value=0,
                               key="an_base_seed"))
    plan = cache.solve_scenario(scenario)
    result = run_or_show(
        "baselines", result_key("baselines", scenario, draws=draws, seed=seed),
        lambda progress: baselines.compute(scenario, draws=draws, seed=seed, plan=plan,
                                           progress=progress),
        "an_base_unit")
    if result is None or failed(result):
        return
    summary = result.summary()
    s = summary.set_index("method")
    st.markdown(t("an_base_headline", share=fmt.pct(s.loc["fcfs", "left_on_table"], 0),
                  tender=fmt.pct(s.loc["tender", "left_on_table"], 0),
                  pro_rata=fmt.pct(s.loc["pro_rata", "left_on_table"], 0)))
    st.subheader(t("an_base_chart"))
    chart(baseline_bars(summary, lang))
    st.caption(t("an_base_chart_caption"))
    plain_table(pd.DataFrame({
        t("an_base_col_method"): [baselines.METHOD_LABELS[m][1 if lang == "en" else 0]
                                  for m in summary["method"]],
        t("an_base_col_value"): [fmt.num(v, 1) for v in summary["objective"]],
        t("an_base_col_range"): [
            f"{fmt.num(a, 1)} – {fmt.num(b, 1)}" if m == "fcfs" else ""
            for m, a, b in zip(summary["method"], summary["objective_p10"],
                               summary["objective_p90"], strict=True)],
        t("an_base_col_private"): [fmt.eur(v) for v in summary["private_eur"]],
        t("an_base_col_public"): [fmt.eur(v) for v in summary["public_eur"]],
        t("an_base_col_parks"): [fmt.num(v, 0 if float(v).is_integer() else 1)
                                 for v in summary["parks_funded"]],
        t("an_base_col_left"): [fmt.pct(v, 1) for v in summary["left_on_table"]],
    }))
    how = (t("an_base_exact", n=result.draws) if result.exact
           else t("an_base_random", n=result.draws, seed=result.seed))
    checked = len(result.fcfs) + 2
    st.caption(f"{how} " + (t("an_base_checked", n=checked) if not result.violations
                            else t("an_base_violations", n=len(result.violations))))
    only_loket, only_plan = result.only_fcfs(), result.only_plan()
    names = dict(zip(result.parks["park_id"], result.parks["name"], strict=True))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('an_base_only_loket', n=len(only_loket))}**")
        if only_loket:
            st.markdown(", ".join(md_escape(names[p]) for p in only_loket[:40])
                        + (" …" if len(only_loket) > 40 else ""))
    with right:
        st.markdown(f"**{t('an_base_only_plan', n=len(only_plan))}**")
        if only_plan:
            st.markdown(", ".join(md_escape(names[p]) for p in only_plan[:40])
                        + (" …" if len(only_plan) > 40 else ""))
    with st.expander(t("an_base_per_park")):
        p = result.parks
        plain_table(pd.DataFrame({
            t("an_base_col_park"): p["name"],
            t("an_base_col_plan"): [fmt.eur(v) for v in p["plan_public_eur"]],
            t("an_base_col_loket"): [fmt.eur(v) for v in p["fcfs_mean_public_eur"]],
            t("an_base_col_loket_p"): [fmt.pct(v, 0) for v in p["fcfs_p_funded"]],
            t("an_base_col_pro_rata"): [fmt.eur(v) for v in p["pro_rata_public_eur"]],
            t("an_base_col_tender"): [fmt.eur(v) for v in p["tender_public_eur"]],
        }), max_height=420)
    st.caption(t("an_base_rules"))
    download("baselines", "basislijnen", scenario, baselines.frames(result))
