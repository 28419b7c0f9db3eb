"""Analyse tab: robustness of the plan when partners bring in less co-financing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import robustness
from allocation.analysis.charts_robust import objective_histogram, shortfall_fan
from ui import state
from ui.analysis_progress import download, failed, result_key, run_or_show
from ui.render import chart, plain_table
from ui.text import md_escape, t


def render() -> None:
    scenario = state.scenario()
    lang = state.lang()
    st.caption(t("an_robust_intro"))
    c1, c2, c3, c4 = st.columns([2, 2, 3, 2])
    draws = int(c1.number_input(t("an_robust_draws"), min_value=1, max_value=5000,
                                value=robustness.DEFAULT_DRAWS, step=50, key="an_robust_draws"))
    seed = int(c2.number_input(t("an_robust_seed"), min_value=0, max_value=10**9, value=0,
                               key="an_robust_seed"))
    mean_pct = int(c3.slider(t("an_robust_mean"), min_value=0, max_value=100,
                             value=int(robustness.DEFAULT_MEAN * 100), step=5, format="%d%%",
                             key="an_robust_mean"))
    fixed = bool(c4.toggle(t("an_robust_fixed"), value=False, key="an_robust_fixed"))
    shortfall = robustness.Shortfall(mean_pct / 100.0, fixed)
    st.caption(md_escape(shortfall.doc(lang)) if not fixed
               else t("an_robust_fixed_doc", pct=fmt.pct(shortfall.mean, 0)))
    result = run_or_show(
        "robustness",
        result_key("robustness", scenario, draws=draws, seed=seed, mean=mean_pct, fixed=fixed),
        lambda progress: robustness.compute(scenario, draws=draws, seed=seed,
                                            shortfall=shortfall, progress=progress),
        "an_robust_unit")
    if result is None or failed(result):
        return
    if result.message_nl:
        st.warning(md_escape(result.message_en if lang == "en" else result.message_nl))
    cols = st.columns(4)
    cols[0].metric(t("an_robust_plan_value"), fmt.num(result.plan_objective, 1), border=True)
    cols[1].metric(t("an_robust_value_median"), fmt.num(result.objective_quantile(0.5), 1),
                   help=t("an_robust_value_help",
                          p10=fmt.num(result.objective_quantile(0.1), 1),
                          p90=fmt.num(result.objective_quantile(0.9), 1)), border=True)
    cols[2].metric(t("an_robust_core"), fmt.num(len(result.core), 0),
                   help=t("an_robust_core_help"), border=True)
    cols[3].metric(t("an_robust_fragile"), fmt.num(len(result.fragile), 0),
                   help=t("an_robust_fragile_help"), border=True)
    unspent = float(result.unspent_eur.mean()) if len(result.unspent_eur) else 0.0
    share = unspent / result.plan_public_eur if result.plan_public_eur > 0 else 0.0
    st.markdown(t("an_robust_unspent", eur=fmt.eur(unspent), share=fmt.pct(share, 0),
                  p90=fmt.eur(float(np.quantile(result.unspent_eur, 0.9)))
                  if len(result.unspent_eur) else fmt.eur(0)))
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("an_robust_fan"))
        chart(shortfall_fan(result.parks, lang))
        st.caption(t("an_robust_fan_caption"))
    with right:
        st.subheader(t("an_robust_hist"))
        chart(objective_histogram(result.objectives, result.plan_objective, lang))
    st.subheader(t("an_robust_table"))
    p = result.parks
    shown = p[(p["plan_public_eur"] > 0.5) | (p["p_funded"] > 0)].sort_values(
        ["p_funded", "plan_public_eur"], ascending=[True, False])
    labels = robustness.GROUP_LABELS
    plain_table(pd.DataFrame({
        t("an_robust_col_park"): shown["name"],
        t("an_robust_col_group"): [labels[g][1 if lang == "en" else 0] for g in shown["group"]],
        t("an_robust_col_p"): [fmt.pct(v, 0) for v in shown["p_funded"]],
        t("an_robust_col_plan"): [fmt.eur(v) for v in shown["plan_public_eur"]],
        t("an_robust_col_range"): [f"{fmt.eur(a)} – {fmt.eur(b)}" for a, b in
                                   zip(shown["public_eur_p10"], shown["public_eur_p90"],
                                       strict=True)],
    }), max_height=460)
    st.caption(t("an_robust_seeded", n=result.draws, seed=result.seed,
                 seconds=fmt.seconds(result.seconds)))
    download("robustness", "robuustheid", scenario, robustness.frames(result))
