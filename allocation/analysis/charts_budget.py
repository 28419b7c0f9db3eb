"""Altair charts of the budget analyses (frontier, leverage, choice), in the style of
`allocation.charts`: a table in, a chart out, Dutch number notation through the Vega locale,
titles in Dutch or English. No streamlit; testable with `chart.to_dict()`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from allocation.charts import EUR, NUM1, NUM2, PCT, empty_chart, finish_chart

_T = {
    "budget": ("Totaal budget (€)", "Total budget (€)"),
    "factor": ("Budget (% van het plan)", "Budget (% of the plan)"),
    "points": ("Waardepunten", "Value points"),
    "private": ("Privaat gemobiliseerd (€)", "Private money mobilised (€)"),
    "public": ("Publiek toegekend (€)", "Public money allocated (€)"),
    "funded": ("Terreinen met geld", "Parks funded"),
    "marginal": ("Punten per extra € 1 mln", "Points per extra € 1 mln"),
    "plan": ("Huidig plan", "Current plan"),
    "knee": ("Knik", "Knee"),
    "loss": ("Waardeverlies", "Value loss"),
    "leverage": ("Hefboom (privaat per publieke €)", "Leverage (private per public €)"),
    "park": ("Terrein", "Park"),
    "change": ("Verschil publiek geld (€)", "Change in public money (€)"),
    "kind": ("Soort", "Kind"),
    "loses": ("verliest", "loses"),
    "gains": ("krijgt meer", "gains"),
    "nothing": ("Geen gegevens om te tonen", "No data to show"),
}


def _t(key: str, lang: str) -> str:
    nl, en = _T[key]
    return en if lang == "en" else nl


def _empty(lang: str) -> alt.TopLevelMixin:
    return empty_chart(_t("nothing", lang))


def frontier_chart(table: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Value points against the total budget: a line with a point per budget level, the current
    plan as a large dot and the knee labelled. `table` is `frontier.table(...)`."""
    data = table[table["objective"].notna()].copy()
    if data.empty:
        return _empty(lang)
    data["budget_pct"] = data["budget_factor"]
    x = alt.X("budget_eur:Q", title=_t("budget", lang), axis=alt.Axis(format=EUR))
    y = alt.Y("objective:Q", title=_t("points", lang), axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip("budget_pct:Q", title=_t("factor", lang), format=PCT),
        alt.Tooltip("budget_eur:Q", title=_t("budget", lang), format=EUR),
        alt.Tooltip("objective:Q", title=_t("points", lang), format=NUM1),
        alt.Tooltip("private_eur:Q", title=_t("private", lang), format=EUR),
        alt.Tooltip("parks_funded:Q", title=_t("funded", lang)),
        alt.Tooltip("marginal_per_mln:Q", title=_t("marginal", lang), format=NUM1),
    ]
    base = alt.Chart(data)
    line = base.mark_line(color="#1b7f5b", strokeWidth=3).encode(x=x, y=y)
    dots = base.mark_circle(color="#1b7f5b", size=45).encode(x=x, y=y, tooltip=tooltip)
    plan = data[data["is_plan"]].assign(label=_t("plan", lang))
    knee = data[data["is_knee"]].assign(label=_t("knee", lang))
    layers = [line, dots]
    if not plan.empty:
        layers += [
            alt.Chart(plan).mark_point(shape="diamond", size=260, filled=True, color="#c0392b")
            .encode(x=x, y=y, tooltip=tooltip),
            alt.Chart(plan).mark_text(align="left", dx=12, dy=14, fontSize=13, color="#c0392b",
                                      fontWeight="bold").encode(x=x, y=y, text="label:N"),
        ]
    if not knee.empty:
        layers += [
            alt.Chart(knee).mark_point(size=260, color="#e0a100", strokeWidth=3)
            .encode(x=x, y=y, tooltip=tooltip),
            alt.Chart(knee).mark_text(align="right", dx=-12, dy=-12, fontSize=13,
                                      color="#9a6b00", fontWeight="bold")
            .encode(x=x, y=y, text="label:N"),
        ]
    return finish_chart(alt.layer(*layers).properties(height=360))


def leverage_chart(table: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Private money mobilised against the value loss accepted (0–20%), with the leverage in
    the tooltip. `table` is `leverage.table(...)`."""
    data = table[table["private_eur"].notna()].copy()
    if data.empty:
        return _empty(lang)
    x = alt.X("value_loss:Q", title=_t("loss", lang), axis=alt.Axis(format=PCT))
    y = alt.Y("private_eur:Q", title=_t("private", lang), axis=alt.Axis(format=EUR),
              scale=alt.Scale(zero=False))
    tooltip = [
        alt.Tooltip("value_loss:Q", title=_t("loss", lang), format=".0%"),
        alt.Tooltip("objective:Q", title=_t("points", lang), format=NUM1),
        alt.Tooltip("private_eur:Q", title=_t("private", lang), format=EUR),
        alt.Tooltip("public_eur:Q", title=_t("public", lang), format=EUR),
        alt.Tooltip("leverage:Q", title=_t("leverage", lang), format=NUM2),
    ]
    base = alt.Chart(data)
    line = base.mark_line(color="#3b6fb6", strokeWidth=3, point=alt.OverlayMarkDef(size=80))
    return finish_chart(line.encode(x=x, y=y, tooltip=tooltip).properties(height=320))


def choice_chart(changes: pd.DataFrame, lang: str = "nl", n: int = 15) -> alt.TopLevelMixin:
    """Who pays for a choice: a bar per park whose public money changes (losers red, gainers
    green), largest changes first. `changes` is `ChoiceResult.changes()`."""
    if changes.empty:
        return _empty(lang)
    data = changes.reindex(changes["public_eur_change"].abs().sort_values(
        ascending=False).index).head(n).copy()
    data["kind"] = [_t("loses", lang) if v < 0 else _t("gains", lang)
                    for v in data["public_eur_change"]]
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("park_id:N", title=_t("park", lang), sort="x"),
        x=alt.X("public_eur_change:Q", title=_t("change", lang), axis=alt.Axis(format=EUR)),
        color=alt.Color("kind:N", title=_t("kind", lang),
                        scale=alt.Scale(domain=[_t("loses", lang), _t("gains", lang)],
                                        range=["#c0392b", "#1b7f5b"])),
        tooltip=[alt.Tooltip("park_id:N", title=_t("park", lang)),
                 alt.Tooltip("name:N", title=_t("park", lang)),
                 alt.Tooltip("public_eur_change:Q", title=_t("change", lang), format=EUR)],
    )
    return finish_chart(bars.properties(height=max(120, 26 * len(data))))
