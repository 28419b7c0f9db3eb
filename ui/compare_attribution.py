"""Compare page, "Waardoor verschuift het geld?": the attribution of the differences between the
reference and one other scenario to the changes of assumptions (allocation.analysis.attribution).

Started with a button, with the analyses' progress bar and stop button (ui.analysis_progress),
and kept per pair of scenario contents. Shows the sentence for the total and a chart of its
attribution; for a chosen park (default: the largest loser) its sentence and chart; the largest
losers and gainers with their causes. Every chart has its text alternative: the sentence above
it and its numbers as a table below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from allocation import format as fmt
from allocation.analysis import attribution as at
from allocation.analysis import attribution_text as tx
from allocation.analysis.charts_attribution import attribution_chart
from allocation.domain import Scenario
from ui import analysis_progress, state
from ui.render import chart, plain_table
from ui.text import md_escape, t

NAME = "attribution"
TOP = 5


def _pair(labels: Sequence[str], entries: Sequence[tuple[str, Scenario, Any]]
          ) -> tuple[str, Scenario, str, Scenario]:
    j = 1
    if len(entries) > 2:
        j = st.selectbox(t("attr_pick_other"), list(range(1, len(entries))),
                         format_func=lambda i: labels[i], key="dk_attr_other")
    return labels[0], entries[0][1], labels[j], entries[j][1]


def _park_label(att: at.Attribution, j: int) -> str:
    return (f"{att.park_names[j]} ({att.park_ids[j]}) · "
            f"{fmt.eur(att.park_difference[j], signed=True)}")


def render(labels: Sequence[str], entries: Sequence[tuple[str, Scenario, Any]]
           ) -> at.Attribution | None:
    """The section; returns the attribution when it is there (for the export)."""
    lang = state.lang()
    st.subheader(t("attr_title"))
    st.caption(t("attr_intro"))
    label_a, a, label_b, b = _pair(labels, entries)
    try:
        groups = at.changes(a, b)
    except at.AttributionError as err:
        st.info(md_escape(err.message(lang)))
        return None
    if not groups:
        st.info(t("attr_no_changes"))
        return None
    names = ", ".join(g.name_en if lang == "en" else g.name_nl for g in groups)
    st.caption(t("attr_groups", n=len(groups), names=md_escape(names)))
    many = "merge"
    if len(groups) > at.MAX_EXACT:
        choice = st.radio(t("attr_many"), ["merge", "sample"], horizontal=True,
                          key="dk_attr_many",
                          format_func=lambda v: t("attr_many_merge") if v == "merge"
                          else t("attr_many_sample", n=at.DEFAULT_SAMPLES))
        many = str(choice)
    key = (f"{NAME}|{a.content_hash()}|{b.content_hash()}|many={many}|"
           f"samples={at.DEFAULT_SAMPLES}")
    att = analysis_progress.run_or_show(
        NAME, key, lambda progress: at.compute(a, b, many=many, progress=progress),
        "attr_unit")
    if att is None:
        return None
    if not att.ok:
        st.error(md_escape(att.message(lang)))
        return None
    if att.message(lang):
        st.warning(md_escape(att.message(lang)))
    _total(att, lang)
    _park(att, label_b, lang)
    _losers_gainers(att, label_b, lang)
    return att


def _total(att: at.Attribution, lang: str) -> None:
    st.markdown(f"**{t('attr_total')}**")
    st.markdown(md_escape(tx.total_sentence(att, lang)))
    for note in tx.notes(att, lang):
        st.caption(md_escape(note))
    chart(attribution_chart(tx.chart_data(att, None), "points", lang), key="dk_attr_chart_total")
    plain_table(tx.group_frame(att, lang))


def _park(att: at.Attribution, label_b: str, lang: str) -> None:
    st.markdown(f"**{t('attr_park')}**")
    losers, gainers = tx.largest(att, len(att.park_ids))
    moved = losers + gainers[::-1]
    others = [j for j in range(len(att.park_ids)) if j not in set(moved)]
    options = moved + others
    if not options:
        return
    j = st.selectbox(t("attr_pick_park"), options, format_func=lambda i: _park_label(att, i),
                     key="dk_attr_park")
    if j is None:
        return
    st.markdown(md_escape(tx.park_sentence(att, j, label_b, lang)))
    chart(attribution_chart(tx.chart_data(att, j), "eur", lang), key="dk_attr_chart_park")
    plain_table(tx.park_frame(att, j, lang))


def _losers_gainers(att: at.Attribution, label_b: str, lang: str) -> None:
    losers, gainers = tx.largest(att, TOP)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('attr_losers', n=len(losers))}**")
        if losers:
            st.markdown("\n".join(f"- {md_escape(tx.park_sentence(att, j, label_b, lang))}"
                                  for j in losers))
        else:
            st.caption(t("attr_none"))
    with right:
        st.markdown(f"**{t('attr_gainers', n=len(gainers))}**")
        if gainers:
            st.markdown("\n".join(f"- {md_escape(tx.park_sentence(att, j, label_b, lang))}"
                                  for j in gainers))
        else:
            st.caption(t("attr_none"))
