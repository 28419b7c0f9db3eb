"""Altair charts of the monitoring views (DataFrame in, chart out; no streamlit).

Numbers use the Dutch locale of `allocation.charts`; user texts only ever sit in data fields.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from allocation.charts import EUR, empty_chart, finish_chart

_T = {
    "round": ("Ronde", "Round"),
    "level": ("Organisatiegraad (0–4)", "Organisation level (0–4)"),
    "draagvlak": ("Draagvlak (%)", "Support (%)"),
    "planned": ("Gepland", "Planned"),
    "spent": ("Besteed", "Spent"),
    "money": ("Publiek geld (€)", "Public money (€)"),
    "what": ("", ""),
    "empty": ("Nog geen monitoringsrondes voor dit terrein.",
              "No monitoring rounds for this park yet."),
    "no_spend": ("Nog geen realisatie.", "No realisation yet."),
}


def _t(key: str, lang: str) -> str:
    nl, en = _T[key]
    return en if lang == "en" else nl


def park_trend(trend: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """One park's organisation level and draagvlak over the rounds (plan first)."""
    rows = trend.dropna(subset=["organisation_level", "draagvlak"], how="all")
    if len(rows) < 2:
        return empty_chart(_t("empty", lang))
    order = rows["round"].tolist()
    base = alt.Chart(rows).encode(x=alt.X("round:N", sort=order, title=_t("round", lang),
                                          axis=alt.Axis(labelAngle=0)))
    level = base.mark_line(point=True, color="#1F3B57").encode(
        y=alt.Y("organisation_level:Q", title=_t("level", lang),
                scale=alt.Scale(domain=[0, 4]), axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("round:N", title=_t("round", lang)),
                 alt.Tooltip("organisation_level:Q", title=_t("level", lang))])
    dv = base.mark_line(point=True, color="#e0a100", strokeDash=[5, 3]).encode(
        y=alt.Y("draagvlak:Q", title=_t("draagvlak", lang), scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%")),  # a share 0..1 shown as 0%..100%, as the tables
        tooltip=[alt.Tooltip("round:N", title=_t("round", lang)),
                 alt.Tooltip("draagvlak:Q", title=_t("draagvlak", lang), format=".0%")])
    chart = alt.layer(level, dv).resolve_scale(y="independent").properties(height=260)
    return finish_chart(chart)


def planned_vs_spent(frame: pd.DataFrame, key: str, lang: str = "nl") -> alt.TopLevelMixin:
    """Grouped bars: planned and spent public money per `key` (year, category or region)."""
    if not len(frame) or frame["spent_eur"].sum() <= 0:
        return empty_chart(_t("no_spend", lang))
    long = pd.concat([
        pd.DataFrame({key: frame[key].astype(str), "what": _t("planned", lang),
                      "eur": frame["planned_eur"]}),
        pd.DataFrame({key: frame[key].astype(str), "what": _t("spent", lang),
                      "eur": frame["spent_eur"]}),
    ])
    order = [_t("planned", lang), _t("spent", lang)]
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X(f"{key}:N", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("what:N", sort=order),
        y=alt.Y("eur:Q", title=_t("money", lang), axis=alt.Axis(format=EUR)),
        color=alt.Color("what:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=["#9ab3cc", "#1F3B57"])),
        tooltip=[alt.Tooltip(f"{key}:N", title=" "), alt.Tooltip("what:N", title=" "),
                 alt.Tooltip("eur:Q", format=EUR, title="€")],
    ).properties(height=260)
    return finish_chart(chart)
