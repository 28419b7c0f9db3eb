"""Altair chart builders: DataFrame in, chart out (no streamlit, testable with `to_dict()`).

Every builder takes the tables of `AllocationResult` (columns as in `allocation/result.py`),
does its own small aggregation, and returns a chart whose numbers are formatted the Dutch way:
the spec carries a d3 number locale (Vega `config.locale`; vega-embed's `formatLocale` option is
not passed on by Streamlit, the config is), so ",.0f" renders as 1.234.567 and "$,.0f" as € 1.234.567, in axes and tooltips alike.

Titles and axis labels come in Dutch or English (`lang`). Data values that users typed (park
names, municipalities) are only ever placed in data fields, never in markup.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL, GOALS

NL_NUMBER_LOCALE = alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["€ ", ""])
EUR = "$,.0f"
NUM1 = ",.1f"
NUM2 = ",.2f"
PCT = ".0%"

QUADRANTS = ("willing_able", "willing_not_able", "able_not_willing", "neither")
QUADRANT_LABELS = {
    "nl": {
        "willing_able": "Wil en kan",
        "willing_not_able": "Wil, kan nog niet",
        "able_not_willing": "Kan, wil nog niet",
        "neither": "Wil en kan (nog) niet",
    },
    "en": {
        "willing_able": "Willing and able",
        "willing_not_able": "Willing, not yet able",
        "able_not_willing": "Able, not yet willing",
        "neither": "Neither (yet)",
    },
}
QUADRANT_COLOURS = ("#1b7f5b", "#e0a100", "#3b6fb6", "#9a9a9a")

_T = {
    "year": ("Jaar", "Year"),
    "category": ("Categorie", "Category"),
    "public": ("Publiek (€)", "Public (€)"),
    "private": ("Privaat (€)", "Private (€)"),
    "budget": ("Budget (€)", "Budget (€)"),
    "park": ("Terrein", "Park"),
    "municipality": ("Gemeente", "Municipality"),
    "goal": ("Doel", "Goal"),
    "points": ("Waardepunten", "Value points"),
    "share": ("Aandeel", "Share"),
    "draagvlak": ("Draagvlak (wil)", "Draagvlak (support: willing)"),
    "capacity": ("Draagkracht: privaat vermogen (€/jaar)", "Draagkracht: private capacity (€/yr)"),
    "level": ("Organisatiegraad (0–4)", "Organisation level (0–4)"),
    "quadrant": ("Kwadrant", "Quadrant"),
    "funded": ("Toegekend", "Funded"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "shadow": ("Punten per extra € 1.000", "Points per extra € 1.000"),
    "difference": ("Verschil publiek (€)", "Difference public (€)"),
    "scenario": ("Scenario", "Scenario"),
    "strategic": ("Strategisch", "Strategic"),
    "no_data": ("Geen gegevens om te tonen", "No data to show"),
    "no_coords": (
        "Geen coördinaten (breedtegraad/lengtegraad) in de gegevens",
        "No coordinates (latitude/longitude) in the data",
    ),
}


def _t(key: str, lang: str) -> str:
    nl, en = _T[key]
    return en if lang == "en" else nl


BIG_FONT = 16  # px: the smallest text on a projector (presentation page)


def finish_chart(chart: alt.TopLevelMixin, big: bool = False) -> alt.TopLevelMixin:
    """Attach the Dutch number locale (Vega `config.locale`; Streamlit keeps it in its theme);
    `big`: every axis and legend text at least BIG_FONT px, for the projector."""
    chart = chart.configure(locale=alt.Locale(number=NL_NUMBER_LOCALE))
    if big:
        chart = chart.configure_axis(labelFontSize=BIG_FONT, titleFontSize=BIG_FONT).configure_legend(
            labelFontSize=BIG_FONT, titleFontSize=BIG_FONT, symbolSize=180
        ).configure_text(fontSize=BIG_FONT)
    return chart


def _only(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns a chart draws: the spec carries its data, and the park table's long
    explanation texts would multiply its size (and the browser's work) for nothing."""
    return frame[[c for c in columns if c in frame.columns]]


def size_legend_values(values: pd.Series) -> list[float]:
    """Three round amounts for a size legend (instead of Vega's seven): top/4, top/2, top."""
    top = float(values.max()) if len(values) else 0.0
    if top < 1:
        return [0.0]
    magnitude = 10 ** (len(str(int(top))) - 1)
    nice = (top // magnitude) * magnitude  # one significant digit, never above the data
    return sorted({float(nice / 4), float(nice / 2), float(nice)})


def empty_chart(message: str, height: int = 120) -> alt.TopLevelMixin:
    """A chart that says there is nothing to show (instead of an empty frame)."""
    frame = pd.DataFrame({"message": [message]})
    chart = (
        alt.Chart(frame)
        .mark_text(fontSize=15, color="#666")
        .encode(text="message:N")
        .properties(height=height)
    )
    return finish_chart(chart)


def _category_labels(categories: Mapping[str, str] | None, ids: pd.Series) -> pd.Series:
    mapping = dict(categories or {})
    return ids.map(lambda c: mapping.get(c) or c)


# -- Verdeling --------------------------------------------------------------------------------
def spending_by_year(
    allocation: pd.DataFrame,
    by_year: pd.DataFrame | None = None,
    categories: Mapping[str, str] | None = None,
    lang: str = "nl",
    big: bool = False,
    height: int = 320,
) -> alt.TopLevelMixin:
    """Public money per year stacked by category, with the year's budget as a black tick."""
    if allocation is None or allocation.empty:
        if by_year is None or by_year.empty:
            return empty_chart(_t("no_data", lang))
        agg = pd.DataFrame(columns=["year", "category", "public_eur"])
    else:
        agg = allocation.groupby(["year", "category"], as_index=False)["public_eur"].sum()
    agg = agg.assign(
        year=agg["year"].astype(int).astype(str),
        label=_category_labels(categories, agg["category"]),
    )
    order = list(categories) if categories else sorted(agg["category"].unique())
    label_order = [dict(categories or {}).get(c) or c for c in order]
    bars = (
        alt.Chart(agg)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=_t("year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(public_eur):Q", title=_t("public", lang), axis=alt.Axis(format=EUR)),
            color=alt.Color(
                "label:N",
                title=_t("category", lang),
                sort=label_order,
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=400 if big else 260),
            ),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip("year:O", title=_t("year", lang)),
                alt.Tooltip("label:N", title=_t("category", lang)),
                alt.Tooltip("public_eur:Q", title=_t("public", lang), format=EUR),
            ],
        )
    )
    chart: alt.TopLevelMixin = bars
    if by_year is not None and not by_year.empty:
        budget = by_year[["year", "budget_eur"]].assign(
            year=by_year["year"].astype(int).astype(str)
        )
        ticks = (
            alt.Chart(budget)
            .mark_tick(color="#222", thickness=3, size=46)
            .encode(
                x="year:O",
                y="budget_eur:Q",
                tooltip=[
                    alt.Tooltip("year:O", title=_t("year", lang)),
                    alt.Tooltip("budget_eur:Q", title=_t("budget", lang), format=EUR),
                ],
            )
        )
        chart = alt.layer(bars, ticks)
    return finish_chart(chart.properties(height=height), big)


def top_parks(by_park: pd.DataFrame, n: int = 15, lang: str = "nl",
              big: bool = False) -> alt.TopLevelMixin:
    """The n parks with the largest public allocation (ties by park id, so the order is stable)."""
    if by_park is None or by_park.empty or not (by_park["public_eur"] > 0.5).any():
        return empty_chart(_t("no_data", lang))
    frame = _only(by_park, ["park_id", "name", "municipality", "strategic", "public_eur",
                            "private_eur", "value_points"])
    frame = frame[frame["public_eur"] > 0.5].sort_values(
        ["public_eur", "park_id"], ascending=[False, True]
    ).head(n)
    frame = frame.assign(
        label=frame["name"].astype(str),
        strategic_label=frame["strategic"].map(
            lambda s: _t("yes", lang) if bool(s) else _t("no", lang)
        ),
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360 if big else 300)),
            # few ticks, and the last label kept inside the chart (not clipped at the edge)
            x=alt.X("public_eur:Q", title=_t("public", lang),
                    axis=alt.Axis(format=EUR, tickCount=4, labelFlush=True)),
            color=alt.Color(
                "strategic_label:N",
                title=_t("strategic", lang),
                scale=alt.Scale(domain=[_t("yes", lang), _t("no", lang)],
                                range=["#b3531d", "#2f6f9f"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_t("park", lang)),
                alt.Tooltip("municipality:N", title=_t("municipality", lang)),
                alt.Tooltip("public_eur:Q", title=_t("public", lang), format=EUR),
                alt.Tooltip("private_eur:Q", title=_t("private", lang), format=EUR),
                alt.Tooltip("value_points:Q", title=_t("points", lang), format=NUM1),
            ],
        )
        .properties(height=alt.Step(28 if big else 26), padding={"right": 40})
    )
    return finish_chart(chart, big)


def by_municipality(frame: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Public and private money per municipality, largest first."""
    if frame is None or frame.empty or not (frame["public_eur"] > 0.5).any():
        return empty_chart(_t("no_data", lang))
    data = frame.sort_values(["public_eur", "municipality"], ascending=[False, True])
    long = data.melt(
        id_vars=["municipality", "parks_funded"],
        value_vars=["public_eur", "private_eur"],
        var_name="kind",
        value_name="eur",
    )
    long = long.assign(
        kind_order=long["kind"].map({"public_eur": 0, "private_eur": 1}),
        kind=long["kind"].map({"public_eur": _t("public", lang), "private_eur": _t("private", lang)}),
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                "municipality:N",
                sort=list(data["municipality"]),
                title=None,
                axis=alt.Axis(labelLimit=220),
            ),
            x=alt.X("eur:Q", title="€", axis=alt.Axis(format=EUR, tickCount=4), stack=True),
            order=alt.Order("kind_order:Q"),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=[_t("public", lang), _t("private", lang)],
                                range=["#2f6f9f", "#9cc3e0"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("municipality:N", title=_t("municipality", lang)),
                alt.Tooltip("kind:N", title=""),
                alt.Tooltip("eur:Q", title="€", format=EUR),
                alt.Tooltip("parks_funded:Q", title=_t("funded", lang)),
            ],
        )
        .properties(height=alt.Step(26))
    )
    return finish_chart(chart)


def value_by_goal(values: Mapping[str, float], lang: str = "nl", big: bool = False,
                  height: int = 300) -> alt.TopLevelMixin:
    """Value points per goal (energy, circularity, economy, cooperation)."""
    labels = GOAL_LABELS_EN if lang == "en" else GOAL_LABELS_NL
    frame = pd.DataFrame(
        {"goal": [labels[g] for g in GOALS], "points": [float(values.get(g, 0.0)) for g in GOALS]}
    )
    if frame["points"].abs().sum() <= 0:
        return empty_chart(_t("no_data", lang))
    total = frame["points"].sum()
    frame = frame.assign(share=frame["points"] / total if total else 0.0)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("goal:N", sort=[labels[g] for g in GOALS], title=None,
                    axis=alt.Axis(labelAngle=0, labelLimit=0)),
            y=alt.Y("points:Q", title=_t("points", lang), axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "goal:N",
                legend=None,
                scale=alt.Scale(
                    domain=[labels[g] for g in GOALS],
                    range=["#e0a100", "#1b7f5b", "#2f6f9f", "#b3531d"],
                ),
            ),
            tooltip=[
                alt.Tooltip("goal:N", title=_t("goal", lang)),
                alt.Tooltip("points:Q", title=_t("points", lang), format=NUM1),
                alt.Tooltip("share:Q", title=_t("share", lang), format=".1%"),
            ],
        )
        .properties(height=height)
    )
    return finish_chart(chart, big)


def park_map(by_park: pd.DataFrame, lang: str = "nl", big: bool = False,
             height: int = 420) -> alt.TopLevelMixin:
    """Parks on a lon/lat plane (Mercator, no tile server), sized by public allocation, over a
    light graticule (a map without a network connection); name and amount on hover."""
    if by_park is None or by_park.empty:
        return empty_chart(_t("no_data", lang))
    frame = _only(by_park, ["park_id", "name", "municipality", "latitude", "longitude",
                            "public_eur", "draagvlak"]).dropna(subset=["latitude", "longitude"])
    if frame.empty:
        return empty_chart(_t("no_coords", lang))
    frame = frame.assign(
        funded=(frame["public_eur"] > 0.5).map(
            lambda f: _t("yes", lang) if f else _t("no", lang)
        ),
    ).sort_values("public_eur", ascending=False)  # small circles drawn last, on top
    chart = (
        alt.Chart(frame)
        .mark_circle(opacity=0.75, stroke="#333", strokeWidth=0.5)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            size=alt.Size(
                "public_eur:Q",
                title=_t("public", lang),
                scale=alt.Scale(range=[25, 900]),
                legend=alt.Legend(
                    format=EUR, orient="right", values=size_legend_values(frame["public_eur"])
                ),
            ),
            color=alt.Color(
                "funded:N",
                title=_t("funded", lang),
                scale=alt.Scale(domain=[_t("yes", lang), _t("no", lang)],
                                range=["#1b7f5b", "#b8b8b8"]),
                # the projector's map is short: its heading says what grey means instead
                legend=None if big else alt.Legend(orient="right"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_t("park", lang)),
                alt.Tooltip("municipality:N", title=_t("municipality", lang)),
                alt.Tooltip("public_eur:Q", title=_t("public", lang), format=EUR),
                alt.Tooltip("draagvlak:Q", title="Draagvlak", format=".0%"),
            ],
        )
    )
    # Invisible corner points pad the fitted area, so one park (or a few close together) is
    # drawn in the middle of a sensible frame instead of in a corner.
    lat, lon = frame["latitude"].astype(float), frame["longitude"].astype(float)
    pad_lat = max(0.1, 0.1 * (lat.max() - lat.min()))
    pad_lon = max(0.1, 0.1 * (lon.max() - lon.min()))
    bounds = pd.DataFrame({"latitude": [lat.min() - pad_lat, lat.max() + pad_lat],
                           "longitude": [lon.min() - pad_lon, lon.max() + pad_lon]})
    frame_layer = alt.Chart(bounds).mark_point(opacity=0).encode(
        longitude="longitude:Q", latitude="latitude:Q"
    )
    lon0, lon1 = float(bounds["longitude"].min()), float(bounds["longitude"].max())
    lat0, lat1 = float(bounds["latitude"].min()), float(bounds["latitude"].max())
    step = max(0.05, round(max(lon1 - lon0, lat1 - lat0) / 6, 2))
    grid = alt.Chart(alt.graticule(extent=[[lon0, lat0], [lon1, lat1]], step=[step, step])
                     ).mark_geoshape(stroke="#d9e2ea", strokeWidth=1, fill=None)
    layered = alt.layer(frame_layer, grid, chart).project(type="mercator").properties(
        height=height)
    return finish_chart(layered.configure_view(fill="#f6f8fa"), big)


def shadow_prices(by_year: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Shadow price of each year's budget row: value points per extra € 1.000 (the unit in
    which the price is exact, as in the sentences beside it)."""
    if by_year is None or by_year.empty:
        return empty_chart(_t("no_data", lang))
    frame = pd.DataFrame({"year": by_year["year"].astype(int).astype(str),
                          "shadow_price": by_year["shadow_price"].astype(float)})
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#6b4fa0")
        .encode(
            x=alt.X("year:O", title=_t("year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("shadow_price:Q", title=_t("shadow", lang), axis=alt.Axis(format=",.2f")),
            tooltip=[
                alt.Tooltip("year:O", title=_t("year", lang)),
                alt.Tooltip("shadow_price:Q", title=_t("shadow", lang), format=",.3f"),
            ],
        )
        .properties(height=220)
    )
    return finish_chart(chart)


# -- Draagvlak & draagkracht --------------------------------------------------------------------
def quadrant_frame(
    by_park: pd.DataFrame,
    draagvlak_threshold: float = 0.5,
    capacity_threshold: float | None = None,
    axis: str = "capacity",
) -> pd.DataFrame:
    """Add `willing`, `able` and `quadrant` columns.

    Willing: draagvlak >= threshold (default 0.5). Able: with axis="capacity", private capacity
    >= threshold (default: the median over the parks, so the split is relative to this province);
    with axis="level", organisation level >= 2 (an entrepreneurs' association or more).
    """
    frame = by_park.copy()
    willing = frame["draagvlak"] >= draagvlak_threshold
    if axis == "level":
        threshold = 2 if capacity_threshold is None else capacity_threshold
        able = frame["organisation_level"] >= threshold
    else:
        if capacity_threshold is None:
            capacity_threshold = (
                float(frame["private_capacity_eur"].median()) if len(frame) else 0.0
            )
        able = frame["private_capacity_eur"] >= capacity_threshold
    frame["willing"] = willing
    frame["able"] = able
    frame["quadrant"] = [
        "willing_able" if w and a else "willing_not_able" if w else
        "able_not_willing" if a else "neither"
        for w, a in zip(willing, able, strict=True)
    ]
    frame.attrs["thresholds"] = {
        "draagvlak": draagvlak_threshold,
        "able": capacity_threshold if axis == "capacity" else threshold,
        "axis": axis,
    }
    return frame


def _symlog_ticks(top: float) -> list[float]:
    """Round amounts for a symmetric-log axis (0, 1.000, 10.000, 100.000, …) up to `top`:
    one gridline per tick instead of Vega's crowded default on a compressed axis."""
    ticks, v = [0.0], 1_000.0
    while v <= max(top, 1_000.0) * 1.0001:
        ticks.append(v)
        v *= 10
    return ticks


def _jitter(ids: pd.Series, spread: float = 0.6) -> pd.Series:
    """A fixed offset per park (from its id, not random): parks on the same level stay apart."""
    import zlib

    return ids.astype(str).map(lambda i: (zlib.crc32(i.encode()) % 1000 / 999 - 0.5) * spread)


def quadrant_chart(
    frame: pd.DataFrame, lang: str = "nl", axis: str = "capacity", selected: str | None = None
) -> alt.TopLevelMixin:
    """Draagvlak (willing) against draagkracht (able); size = public allocation; the `selected`
    park ringed and named."""
    if frame is None or frame.empty:
        return empty_chart(_t("no_data", lang))
    labels = QUADRANT_LABELS["en" if lang == "en" else "nl"]
    thresholds = frame.attrs.get("thresholds", {"draagvlak": 0.5, "able": 0.0})
    data = _only(frame, ["park_id", "name", "municipality", "draagvlak", "private_capacity_eur",
                         "organisation_level", "public_eur", "quadrant"])
    data = data.assign(quadrant_label=data["quadrant"].map(labels))
    if axis == "level":  # five levels: spread each level's parks over a band, labels on levels
        data = data.assign(y=data["organisation_level"].astype(float)
                           + _jitter(data["park_id"]))
        y_axis = alt.Axis(values=[0, 1, 2, 3, 4], format="d")
        y_scale = alt.Scale(domain=[-0.5, 4.5])
        y_title = _t("level", lang)
    else:
        data = data.assign(y=data["private_capacity_eur"].astype(float))
        top = float(data["y"].max()) if len(data) else 0.0
        # Co-financing capacity is very skewed (€ 0 to € 400.000): a symmetric-log scale keeps
        # the many small parks apart without hiding the zeros that a log scale cannot show.
        y_axis = alt.Axis(format=EUR, values=_symlog_ticks(top))
        y_scale = alt.Scale(type="symlog", constant=1000)
        y_title = _t("capacity", lang)
    y_field = "y"
    domain = [labels[q] for q in QUADRANTS]
    points = (
        alt.Chart(data)
        .mark_circle(opacity=0.8, stroke="#333", strokeWidth=0.5)
        .encode(
            x=alt.X("draagvlak:Q", title=_t("draagvlak", lang),
                    scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
            y=alt.Y(f"{y_field}:Q", title=y_title, axis=y_axis, scale=y_scale),
            size=alt.Size("public_eur:Q", title=_t("public", lang),
                          scale=alt.Scale(range=[30, 800]),
                          legend=alt.Legend(format=EUR,
                                            values=size_legend_values(data["public_eur"]))),
            color=alt.Color("quadrant_label:N", title=_t("quadrant", lang),
                            scale=alt.Scale(domain=domain, range=list(QUADRANT_COLOURS))),
            tooltip=[
                alt.Tooltip("name:N", title=_t("park", lang)),
                alt.Tooltip("municipality:N", title=_t("municipality", lang)),
                alt.Tooltip("draagvlak:Q", title="Draagvlak", format=".0%"),
                alt.Tooltip("private_capacity_eur:Q", title=_t("capacity", lang), format=EUR),
                alt.Tooltip("organisation_level:Q", title=_t("level", lang)),
                alt.Tooltip("public_eur:Q", title=_t("public", lang), format=EUR),
                alt.Tooltip("quadrant_label:N", title=_t("quadrant", lang)),
            ],
        )
    )
    chosen = data[data["park_id"].astype(str) == str(selected)] if selected else data.iloc[:0]
    ring = alt.Chart(chosen).mark_point(shape="circle", size=900, filled=False, strokeWidth=3,
                                        color="#c0392b").encode(x="draagvlak:Q", y="y:Q")
    name = alt.Chart(chosen).mark_text(align="left", dx=20, fontSize=14, fontWeight="bold",
                                       color="#c0392b").encode(x="draagvlak:Q", y="y:Q",
                                                               text="name:N")
    rules_x = alt.Chart(pd.DataFrame({"x": [thresholds["draagvlak"]]})).mark_rule(
        strokeDash=[6, 4], color="#555"
    ).encode(x="x:Q")
    # levels are whole numbers: draw the line between "not able" and "able" levels
    able_line = thresholds["able"] - 0.5 if axis == "level" else thresholds["able"]
    rules_y = alt.Chart(pd.DataFrame({"y": [able_line]})).mark_rule(
        strokeDash=[6, 4], color="#555"
    ).encode(y="y:Q")
    y_top = float(data[y_field].max()) if len(data) else 1.0
    y_top = 4.5 if axis == "level" else (y_top if y_top > 0 else 1.0)
    y_bottom = -0.5 if axis == "level" else 0.0
    corners = pd.DataFrame(
        {
            "x": [0.99, 0.01, 0.99, 0.01],
            "y": [y_top, y_top, y_bottom, y_bottom],
            "text": [labels[q] for q in ("willing_able", "able_not_willing",
                                         "willing_not_able", "neither")],
            "align": ["right", "left", "right", "left"],
            "baseline": ["top", "top", "bottom", "bottom"],
        }
    )
    texts = [
        alt.Chart(corners.iloc[[i]])
        .mark_text(fontSize=13, fontWeight="bold", color="#444", opacity=0.7,
                   align=row.align, baseline=row.baseline)
        .encode(x="x:Q", y="y:Q", text="text:N")
        for i, row in enumerate(corners.itertuples(index=False))
    ]
    chart = alt.layer(points, rules_x, rules_y, *texts, ring, name).properties(height=460)
    return finish_chart(chart)


# -- Vergelijken ----------------------------------------------------------------------------------
def largest_shifts(
    frame: pd.DataFrame,
    label_col: str,
    delta_col: str,
    n: int = 15,
    lang: str = "nl",
) -> alt.TopLevelMixin:
    """Diverging bars of the n largest changes (by absolute size) of `delta_col`."""
    if frame is None or frame.empty or not (frame[delta_col].abs() > 0.5).any():
        return empty_chart(_t("no_data", lang))
    data = frame[frame[delta_col].abs() > 0.5].copy()
    data["_abs"] = data[delta_col].abs()
    data = data.sort_values(["_abs", label_col], ascending=[False, True]).head(n)
    data["direction"] = data[delta_col].map(lambda v: "+" if v > 0 else "-")
    data = data.rename(columns={label_col: "label", delta_col: "delta"})[
        ["label", "delta", "direction"]
    ]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=alt.EncodingSortField("delta", order="descending"),
                    title=None, axis=alt.Axis(labelLimit=280)),
            x=alt.X("delta:Q", title=_t("difference", lang), axis=alt.Axis(format=EUR)),
            color=alt.Color("direction:N", legend=None,
                            scale=alt.Scale(domain=["+", "-"], range=["#1b7f5b", "#b3531d"])),
            tooltip=[
                alt.Tooltip("label:N", title=_t("park", lang)),
                alt.Tooltip("delta:Q", title=_t("difference", lang), format=EUR),
            ],
        )
        .properties(height=alt.Step(26))
    )
    return finish_chart(chart)


def scenario_totals(frame: pd.DataFrame, lang: str = "nl") -> alt.TopLevelMixin:
    """Grouped bars: public money per year for each scenario (`scenario`, `year`, `public_eur`)."""
    if frame is None or frame.empty:
        return empty_chart(_t("no_data", lang))
    data = frame.assign(year=frame["year"].astype(int).astype(str))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=_t("year", lang), axis=alt.Axis(labelAngle=0)),
            xOffset="scenario:N",
            y=alt.Y("public_eur:Q", title=_t("public", lang), axis=alt.Axis(format=EUR)),
            color=alt.Color("scenario:N", title=_t("scenario", lang),
                            legend=alt.Legend(orient="bottom", labelLimit=260)),
            tooltip=[
                alt.Tooltip("scenario:N", title=_t("scenario", lang)),
                alt.Tooltip("year:O", title=_t("year", lang)),
                alt.Tooltip("public_eur:Q", title=_t("public", lang), format=EUR),
            ],
        )
        .properties(height=300)
    )
    return finish_chart(chart)
