"""Analyse tab: which parks stay funded whatever the emphasis on the goals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import weights
from allocation.analysis.charts_robust import weight_intervals
from ui import state
from ui.analysis_progress import download, failed, result_key, run_or_show
from ui.render import chart, plain_table
from ui.text import md_escape, t


def render() -> None:
    scenario = state.scenario()
    lang = state.lang()
    st.caption(t("an_weights_intro"))
    c1, c2, c3 = st.columns([2, 2, 3])
    draws = int(c1.number_input(t("an_weights_draws"), min_value=1, max_value=5000,
                                value=weights.DEFAULT_DRAWS, step=50, key="an_weights_draws"))
    seed = int(c2.number_input(t("an_weights_seed"), min_value=0, max_value=10**9, value=0,
                               key="an_weights_seed"))
    radius_pct = int(c3.slider(t("an_weights_radius"), min_value=5, max_value=95,
                               value=int(weights.DEFAULT_RADIUS * 100), step=5, format="±%d%%",
                               key="an_weights_radius"))
    result = run_or_show(
        "weights", result_key("weights", scenario, draws=draws, seed=seed, radius=radius_pct),
        lambda progress: weights.compute(scenario, draws=draws, seed=seed,
                                         radius=radius_pct / 100.0, progress=progress),
        "an_weights_unit")
    if result is None or failed(result):
        return
    cols = st.columns(3)
    for col, name in zip(cols, ("core", "borderline", "exterior"), strict=True):
        col.metric(t(f"an_weights_{name}"), fmt.num(len(result.in_class(name)), 0),
                   help=t(f"an_weights_{name}_help"), border=True)
    st.subheader(t("an_weights_intervals"))
    chart(weight_intervals(result.goals, lang))
    names = dict(zip(result.parks["park_id"], result.parks["name"], strict=True))

    def who(ids: list[str]) -> str:
        return ", ".join(names[i] for i in ids[:8]) + (" …" if len(ids) > 8 else "")

    g = result.goals
    plain_table(pd.DataFrame({
        t("an_weights_col_goal"): [weights.goal_label(x, lang) for x in g["goal"]],
        t("an_weights_col_now"): [fmt.pct(v, 1) for v in g["share"]],
        t("an_weights_col_range"): [f"{fmt.pct(a, 1)} – {fmt.pct(b, 1)}"
                                    for a, b in zip(g["lower_share"], g["upper_share"],
                                                    strict=True)],
        t("an_weights_col_below"): [_change(who(i), who(o)) for i, o in
                                    zip(g["below_in"], g["below_out"], strict=True)],
        t("an_weights_col_above"): [_change(who(i), who(o)) for i, o in
                                    zip(g["above_in"], g["above_out"], strict=True)],
    }))
    st.caption(t("an_weights_intervals_caption"))
    st.subheader(t("an_weights_table"))
    p = result.parks
    shown = p[p["class"] != "exterior"].sort_values(["share_funded", "park_id"])
    plain_table(pd.DataFrame({
        t("an_weights_col_park"): shown["name"],
        t("an_weights_col_class"): [weights.CLASS_LABELS[c][1 if lang == "en" else 0]
                                    for c in shown["class"]],
        t("an_weights_col_share"): [fmt.pct(v, 0) for v in shown["share_funded"]],
        t("an_weights_col_plan"): [t("yes") if v else t("no") for v in shown["plan_funded"]],
    }), max_height=460)
    st.caption(md_escape(result.doc(lang)) + " " + t("an_weights_seeded", n=result.draws,
                                                     seed=result.seed))
    download("weights", "gewichten", scenario, weights.frames(result))


def _change(came_in: str, went_out: str) -> str:
    parts = []
    if came_in:
        parts.append(f"+ {came_in}")
    if went_out:
        parts.append(f"− {went_out}")
    return "; ".join(parts) or "—"
