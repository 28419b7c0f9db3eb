"""Altair chart of the attribution of a comparison (issue 23), in the style of
`allocation.charts`: a table in (`attribution_text.chart_data`), a chart out, Dutch number
notation through the Vega locale, titles in Dutch or English. No streamlit.

Per group of changes two bars side by side: its share of the difference (the Shapley value:
the shares add up to the difference) and its effect applied alone to the reference (where the
two differ, the changes interact). Of the total value in value points, or of one park's public
money in euros.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from allocation.charts import EUR, NL_NUMBER_LOCALE, NUM1, empty_chart

_T = {
    "cause": ("Oorzaak", "Cause"),
    "share": ("aandeel in het verschil", "share of the difference"),
    "alone": ("alleen toegepast op de referentie", "applied alone to the reference"),
    "kind": ("Effect", "Effect"),
    "points": ("Waardepunten", "Value points"),
    "eur": ("Publiek geld (€)", "Public money (€)"),
    "nothing": ("Geen verschillen om te verklaren", "No differences to explain"),
}


def _t(key: str, lang: str) -> str:
    nl, en = _T[key]
    return en if lang == "en" else nl


def attribution_chart(data: pd.DataFrame, unit: str = "eur", lang: str = "nl"
                      ) -> alt.TopLevelMixin:
    """Bars per group (rows of `data`: cause_nl, cause_en, share, alone); `unit` "eur" or
    "points" sets the axis and the number format."""
    if data.empty:
        return empty_chart(_t("nothing", lang))
    cause = "cause_en" if lang == "en" else "cause_nl"
    share, alone = _t("share", lang), _t("alone", lang)
    long = pd.concat([
        pd.DataFrame({"cause": data[cause], "kind": share, "amount": data["share"]}),
        pd.DataFrame({"cause": data[cause], "kind": alone, "amount": data["alone"]}),
    ], ignore_index=True)
    number = EUR if unit == "eur" else NUM1
    order = list(data[cause])
    bars = alt.Chart(long).mark_bar().encode(
        y=alt.Y("cause:N", title=None, sort=order,  # the causes say what they are
                axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("kind:N", sort=[share, alone]),
        x=alt.X("amount:Q", title=_t("eur" if unit == "eur" else "points", lang),
                axis=alt.Axis(format=number)),
        color=alt.Color("kind:N", title=_t("kind", lang),
                        scale=alt.Scale(domain=[share, alone], range=["#1f5f8b", "#a9c4d9"]),
                        legend=alt.Legend(orient="bottom", labelLimit=0)),
        tooltip=[alt.Tooltip("cause:N", title=_t("cause", lang)),
                 alt.Tooltip("kind:N", title=_t("kind", lang)),
                 alt.Tooltip("amount:Q", title=_t("eur" if unit == "eur" else "points", lang),
                             format=number)],
    )
    # one band per cause, two bars in it (the step of the offset band: 18 px a bar)
    chart = bars.properties(height=alt.Step(18))
    configured: alt.TopLevelMixin = chart.configure(locale=alt.Locale(number=NL_NUMBER_LOCALE))
    return configured
