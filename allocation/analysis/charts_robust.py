"""Altair charts of the baselines, shortfall and weight analyses (no streamlit; test with
`to_dict()`). Number locale, empty charts and formats come from `allocation.charts`."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from allocation.analysis.baselines import METHOD_LABELS
from allocation.analysis.weights import goal_label
from allocation.charts import EUR, NUM1, PCT, empty_chart, finish_chart

_T = {
    "method": ("Verdeelmethode", "Method"),
    "points": ("Waardepunten", "Value points"),
    "p10": ("p10", "p10"),
    "p90": ("p90", "p90"),
    "left": ("Waarde blijft liggen", "Value left on the table"),
    "park": ("Terrein", "Park"),
    "public": ("Publiek (€)", "Public (€)"),
    "plan": ("Plan (€)", "Plan (€)"),
    "p50": ("Mediaan (€)", "Median (€)"),
    "p_funded": ("Kans gefinancierd", "Probability funded"),
    "draws": ("Aantal trekkingen", "Number of draws"),
    "goal": ("Doel", "Goal"),
    "share": ("Aandeel in de weging", "Share of the weighting"),
    "now": ("Nu", "Now"),
    "lower": ("Ondergrens", "Lower limit"),
    "upper": ("Bovengrens", "Upper limit"),
    "no_data": ("Geen gegevens om te tonen", "No data to show"),
}


def _t(key: str, lang: str) -> str:
    nl, en = _T[key]
    return en if lang == "en" else nl


def baseline_bars(summary: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Value per method (plan first), with the loket's p10–p90 as a range."""
    if summary is None or summary.empty:
        return empty_chart(_t("no_data", lang))
    frame = summary.assign(
        label=[METHOD_LABELS[m][1 if lang == "en" else 0] for m in summary["method"]],
        is_plan=summary["method"] == "optimal")
    order = list(frame["label"])
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar().encode(
        x=alt.X("objective:Q", title=_t("points", lang), axis=alt.Axis(format=",.0f")),
        color=alt.condition("datum.is_plan", alt.value("#1b7f5b"), alt.value("#8aa6c1")),
        tooltip=[alt.Tooltip("label:N", title=_t("method", lang)),
                 alt.Tooltip("objective:Q", title=_t("points", lang), format=NUM1),
                 alt.Tooltip("objective_p10:Q", title=_t("p10", lang), format=NUM1),
                 alt.Tooltip("objective_p90:Q", title=_t("p90", lang), format=NUM1),
                 alt.Tooltip("left_on_table:Q", title=_t("left", lang), format=PCT)])
    spread = base.transform_filter("datum.objective_p90 > datum.objective_p10").mark_rule(
        color="#222", strokeWidth=2).encode(x="objective_p10:Q", x2="objective_p90:Q")
    text = base.mark_text(align="left", dx=6, color="#333").encode(
        x="objective_p90:Q", text=alt.Text("left_on_table:Q", format=".0%"))
    return finish_chart((bars + spread + text.transform_filter("!datum.is_plan"))
                   .properties(height=alt.Step(38)))


def shortfall_fan(parks: pd.DataFrame, lang: str = "nl", top: int = 25) -> alt.TopLevelMixin:
    """Per park (the `top` largest in the plan) the 10th–90th percentile of its allocation under
    shortfall (bar), the median (tick) and the plan (point)."""
    if parks is None or parks.empty or not (parks["plan_public_eur"] > 0.5).any():
        return empty_chart(_t("no_data", lang))
    frame = parks.sort_values(["plan_public_eur", "park_id"], ascending=[False, True]).head(top)
    frame = frame.assign(label=frame["name"].astype(str))
    order = list(frame["label"])
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=[alt.Tooltip("name:N", title=_t("park", lang)),
                 alt.Tooltip("plan_public_eur:Q", title=_t("plan", lang), format=EUR),
                 alt.Tooltip("public_eur_p10:Q", title="p10", format=EUR),
                 alt.Tooltip("public_eur_p50:Q", title=_t("p50", lang), format=EUR),
                 alt.Tooltip("public_eur_p90:Q", title="p90", format=EUR),
                 alt.Tooltip("p_funded:Q", title=_t("p_funded", lang), format=PCT)])
    band = base.mark_bar(color="#8aa6c1", height=12).encode(
        x=alt.X("public_eur_p10:Q", title=_t("public", lang), axis=alt.Axis(format=EUR)),
        x2="public_eur_p90:Q")
    median = base.mark_tick(color="#1f3b57", thickness=2, size=14).encode(x="public_eur_p50:Q")
    plan = base.mark_point(color="#1b7f5b", filled=True, size=60, shape="diamond").encode(
        x="plan_public_eur:Q")
    return finish_chart((band + median + plan).properties(height=alt.Step(24)))


def objective_histogram(objectives: np.ndarray, plan_objective: float | None,
                        lang: str = "nl") -> alt.TopLevelMixin:
    """The distribution of the total value over the draws, with the plan as a rule."""
    ok = np.asarray(objectives, dtype=float)
    ok = ok[np.isfinite(ok)]
    if not len(ok):
        return empty_chart(_t("no_data", lang))
    frame = pd.DataFrame({"objective": ok})
    hist = alt.Chart(frame).mark_bar(color="#8aa6c1").encode(
        x=alt.X("objective:Q", bin=alt.Bin(maxbins=30), title=_t("points", lang),
                axis=alt.Axis(format=",.0f")),
        y=alt.Y("count():Q", title=_t("draws", lang)))
    layers = hist
    if plan_objective is not None:
        rule = alt.Chart(pd.DataFrame({"plan": [plan_objective]})).mark_rule(
            color="#1b7f5b", strokeWidth=2).encode(
            x="plan:Q", tooltip=[alt.Tooltip("plan:Q", title=_t("plan", lang)[:-4],
                                             format=NUM1)])
        layers = hist + rule
    return finish_chart(layers.properties(height=220))


def weight_intervals(goals: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Per goal the interval of its share within which the same parks are funded (bar), and
    the current share (tick)."""
    if goals is None or goals.empty:
        return empty_chart(_t("no_data", lang))
    frame = goals.assign(label=[goal_label(g, lang) for g in goals["goal"]])
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None),
        tooltip=[alt.Tooltip("label:N", title=_t("goal", lang)),
                 alt.Tooltip("share:Q", title=_t("now", lang), format=".1%"),
                 alt.Tooltip("lower_share:Q", title=_t("lower", lang), format=".1%"),
                 alt.Tooltip("upper_share:Q", title=_t("upper", lang), format=".1%")])
    band = base.mark_bar(color="#8aa6c1", height=16).encode(
        x=alt.X("lower_share:Q", title=_t("share", lang), axis=alt.Axis(format=PCT),
                scale=alt.Scale(domain=[0, 1])),
        x2="upper_share:Q")
    now = base.mark_tick(color="#b3531d", thickness=3, size=22).encode(x="share:Q")
    return finish_chart((band + now).properties(height=alt.Step(36)))
