"""The room screen's charts (Altair, no Streamlit): every member's weight per goal with the
median, the group plan against the current one per park, the parks by funded share, and each
member's kept share. Big text (`finish_chart(big=True)`): they are read from the back of a room.

Each builder also has a `*_sentence` that says the chart's message in one sentence (its text
alternative); the numbers behind it are the frames the builders take.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from allocation import format as fmt
from allocation.charts import EUR, finish_chart
from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL, GOALS
from allocation.live.aggregate import CLASSES

GOAL_COLOURS = ["#e0a100", "#1b7f5b", "#2f6f9f", "#b3531d"]
CLASS_COLOURS = ["#1b7f5b", "#7fbf7b", "#e0a100", "#9a9a9a"]
_T = {
    "goal": ("Doel", "Goal"),
    "weight": ("Gewicht", "Weight"),
    "member": ("Lid", "Member"),
    "median": ("Mediaan", "Median"),
    "park": ("Terrein", "Park"),
    "plan": ("Plan", "Plan"),
    "public": ("Publiek (€)", "Public (€)"),
    "group": ("Groep (mediaan)", "Group (median)"),
    "current": ("Huidig", "Current"),
    "parks": ("Aantal terreinen", "Number of parks"),
    "class": ("Met geld volgens", "Funded according to"),
    "kept": ("Behouden eigen waarde", "Own value kept"),
    "all": ("iedereen", "everyone"),
    "most": ("de meesten", "most"),
    "few": ("enkelen", "a few"),
    "none": ("niemand", "nobody"),
}


def _t(key: str, lang: str) -> str:
    nl, en = _T[key]
    return en if lang == "en" else nl


def member_label(no: int, name: str, lang: str) -> str:
    """How the screen names a member: their name in a named round, else "Lid 3"."""
    return name or f"{_t('member', lang)} {no}"


def class_label(cls: str, lang: str) -> str:
    return _t(cls, lang)


def _goal_labels(lang: str) -> dict[str, str]:
    return GOAL_LABELS_EN if lang == "en" else GOAL_LABELS_NL


def weights_frame(weights: pd.DataFrame, medians: dict[str, float], lang: str) -> pd.DataFrame:
    """One row per member and goal, plus one "median" row per goal (for the chart and table)."""
    labels = _goal_labels(lang)
    rows = [{"goal": labels[r.goal], "who": member_label(int(r.member_no), str(r.name), lang),
             "weight": float(r.weight), "kind": "member"} for r in weights.itertuples()]
    rows += [{"goal": labels[g], "who": _t("median", lang), "weight": float(medians[g]),
              "kind": "median"} for g in GOALS]
    return pd.DataFrame(rows)


def weights_strip(weights: pd.DataFrame, medians: dict[str, float], lang: str = "nl",
                  height: int = 260) -> alt.TopLevelMixin:
    """Per goal a strip: every member a dot at their weight, the median a bar across it."""
    labels = _goal_labels(lang)
    order = [labels[g] for g in GOALS]
    frame = weights_frame(weights, medians, lang)
    y = alt.Y("goal:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    x = alt.X("weight:Q", title=_t("weight", lang), scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format=".0%"))
    tooltip = [alt.Tooltip("who:N", title=_t("member", lang)),
               alt.Tooltip("goal:N", title=_t("goal", lang)),
               alt.Tooltip("weight:Q", title=_t("weight", lang), format=".0%")]
    colour = alt.Color("goal:N", legend=None, scale=alt.Scale(domain=order, range=GOAL_COLOURS))
    dots = (alt.Chart(frame[frame["kind"] == "member"])
            .mark_circle(size=260, opacity=0.7, stroke="white", strokeWidth=1)
            .encode(x=x, y=y, color=colour, tooltip=tooltip))
    median = (alt.Chart(frame[frame["kind"] == "median"])
              .mark_tick(thickness=5, size=44, color="#222222")
              .encode(x=x, y=y, tooltip=tooltip))
    return finish_chart(alt.layer(dots, median).properties(height=height), big=True)


def weights_sentence(medians: dict[str, float], count: int, lang: str) -> str:
    labels = _goal_labels(lang)
    parts = ", ".join(f"{labels[g]} {fmt.pct(medians[g])}" for g in GOALS)
    if lang == "en":
        return (f"The weights of {count} members per goal, each member a dot; the medians "
                f"(black bars): {parts}.")
    return (f"De gewichten van {count} leden per doel, elk lid een stip; de medianen (zwarte "
            f"strepen): {parts}.")


def plans_frame(parks: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """The `top` parks where the two plans differ most (then: with the most money), first
    the largest difference."""
    frame = parks.assign(most=parks[["group_eur", "current_eur"]].max(axis=1),
                         diff=(parks["group_eur"] - parks["current_eur"]).abs().round(0))
    frame = frame[frame["most"] > 0.5].sort_values(["diff", "most", "park_id"],
                                                   ascending=[False, False, True])
    return frame.head(top)[["park_id", "name", "group_eur", "current_eur"]]


def plans_chart(parks: pd.DataFrame, lang: str = "nl", top: int = 12,
                height: int = 330) -> alt.TopLevelMixin:
    """Per park the public money in the group plan (wide bar) with the current plan over it
    (narrow grey bar): where the two differ most."""
    frame = plans_frame(parks, top)
    group, current = _t("group", lang), _t("current", lang)
    order = list(frame["name"])
    colour = alt.Color("plan:N", title=None, legend=alt.Legend(orient="top"),
                       scale=alt.Scale(domain=[group, current], range=["#2f6f9f", "#6b6b6b"]))
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=280, labelOverlap=False))
    x = alt.X("eur:Q", title=_t("public", lang), axis=alt.Axis(format=EUR))
    tooltip = [alt.Tooltip("name:N", title=_t("park", lang)),
               alt.Tooltip("plan:N", title=_t("plan", lang)),
               alt.Tooltip("eur:Q", title=_t("public", lang), format=EUR)]
    step = max(12, int((height - 110) / max(1, len(frame))))  # the height includes the axes
    wide = (alt.Chart(frame.assign(plan=group, eur=frame["group_eur"]))
            .mark_bar(size=max(8, int(step * 0.7)))
            .encode(y=y, x=x, color=colour, tooltip=tooltip))
    narrow = (alt.Chart(frame.assign(plan=current, eur=frame["current_eur"]))
              .mark_bar(size=max(3, int(step * 0.25)))
              .encode(y=y, x=x, color=colour, tooltip=tooltip))
    return finish_chart(alt.layer(wide, narrow).properties(height=height), big=True)


def plans_sentence(parks: pd.DataFrame, lang: str) -> str:
    moved = float((parks["group_eur"] - parks["current_eur"]).abs().sum()) / 2
    changed = int(((parks["group_eur"] - parks["current_eur"]).abs() > 0.5).sum())
    if lang == "en":
        return (f"Under the group's median weights {fmt.eur(moved)} goes elsewhere than in the "
                f"current plan, at {changed} parks; the chart shows the largest differences.")
    return (f"Met de mediane gewichten van de groep gaat {fmt.eur(moved)} anders dan in het "
            f"huidige plan, bij {changed} terreinen; de grafiek toont de grootste verschillen.")


def classes_frame(parks: pd.DataFrame, lang: str) -> pd.DataFrame:
    counts = parks["class"].value_counts()
    return pd.DataFrame({"class": [class_label(c, lang) for c in CLASSES],
                         "parks": [int(counts.get(c, 0)) for c in CLASSES]})


def classes_chart(parks: pd.DataFrame, lang: str = "nl", height: int = 200
                  ) -> alt.TopLevelMixin:
    """How many parks are funded under every member's own weights, most, a few, nobody's."""
    frame = classes_frame(parks, lang)
    order = list(frame["class"])
    chart = (alt.Chart(frame).mark_bar()
             .encode(y=alt.Y("class:N", sort=order, title=None,
                             axis=alt.Axis(labelOverlap=False)),
                     x=alt.X("parks:Q", title=_t("parks", lang), axis=alt.Axis(tickMinStep=1)),
                     color=alt.Color("class:N", sort=order, legend=None,
                                     scale=alt.Scale(domain=order, range=CLASS_COLOURS)),
                     tooltip=[alt.Tooltip("class:N", title=_t("class", lang)),
                              alt.Tooltip("parks:Q", title=_t("parks", lang))])
             .properties(height=height))
    text = chart.mark_text(align="left", dx=6, fontSize=18).encode(text="parks:Q")
    return finish_chart(alt.layer(chart, text), big=True)


def classes_sentence(parks: pd.DataFrame, lang: str) -> str:
    counts = parks["class"].value_counts()
    n = {c: int(counts.get(c, 0)) for c in CLASSES}
    if lang == "en":
        return (f"{n['all']} parks get money under every member's own weights, {n['most']} "
                f"under most, {n['few']} under a few and {n['none']} under nobody's.")
    return (f"{n['all']} terreinen krijgen geld volgens de eigen gewichten van iedereen, "
            f"{n['most']} volgens de meesten, {n['few']} volgens enkelen en {n['none']} "
            "volgens niemand.")


def kept_frame(members: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        "who": [member_label(int(r.member_no), str(r.name), lang) for r in members.itertuples()],
        "kept": members["kept_share"].astype(float).to_numpy(),
    })


def kept_chart(members: pd.DataFrame, lang: str = "nl", height: int = 330
               ) -> alt.TopLevelMixin:
    """Per member the share of their own value that the group plan keeps."""
    frame = kept_frame(members, lang)
    chart = (alt.Chart(frame).mark_bar(color="#2f6f9f")
             .encode(y=alt.Y("who:N", sort=list(frame["who"]), title=None,
                             axis=alt.Axis(labelOverlap=len(frame) > 8)),
                     x=alt.X("kept:Q", title=_t("kept", lang), scale=alt.Scale(domain=[0, 1]),
                             axis=alt.Axis(format=".0%")),
                     tooltip=[alt.Tooltip("who:N", title=_t("member", lang)),
                              alt.Tooltip("kept:Q", title=_t("kept", lang), format=".1%")])
             .properties(height=height))
    if len(frame) > 8:  # the table has every number; the bars alone stay readable
        return finish_chart(chart, big=True)
    text = chart.mark_text(align="left", dx=6, fontSize=15).encode(
        text=alt.Text("kept:Q", format=".1%"))
    return finish_chart(alt.layer(chart, text), big=True)


def kept_sentence(members: pd.DataFrame, lang: str) -> str:
    kept = members["kept_share"].astype(float)
    low, high = fmt.pct(float(kept.min())), fmt.pct(float(kept.max()))
    if lang == "en":
        return (f"The group plan keeps between {low} and {high} of each member's own value "
                "(100% = as good as the member's own plan).")
    return (f"Het groepsplan behoudt per lid tussen {low} en {high} van de eigen waarde "
            "(100% = even goed als het eigen plan van dat lid).")
