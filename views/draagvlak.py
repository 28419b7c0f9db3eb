"""Page 4 – Draagvlak & draagkracht: willing vs able, one park's explanation, budget prices."""

from __future__ import annotations

import streamlit as st

from allocation import charts
from allocation import format as fmt
from ui import state, tables
from ui.render import chart, page_start, solve_active, status_banner
from ui.text import md_escape, t

scenario = page_start("quad_title", "quad_intro")
if scenario is None:
    st.stop()
lang = state.lang()
result = solve_active()
if not result.has_allocation:
    status_banner(result)
    st.info(t("no_result"))
    st.stop()

axis = st.segmented_control(
    t("quad_axis"), ["capacity", "level"], default="capacity", key=f"dk_quad_axis_{lang}",
    format_func=lambda a: t("quad_axis_capacity") if a == "capacity" else t("quad_axis_level"),
) or "capacity"
frame = charts.quadrant_frame(result.by_park, axis=axis)
# the park picked below (its widget value is known before this run draws anything)
selected = st.session_state.get(state.wkey("quad_park"), st.session_state.get(state.SELECTED_PARK))
chart(charts.quadrant_chart(frame, lang, axis=axis, selected=selected))
if axis == "capacity":
    st.caption(t("quad_caption_capacity", cap=fmt.eur(frame.attrs["thresholds"]["able"])))
else:
    st.caption(t("quad_caption_level"))
for col, line in zip(st.columns(4), tables.quadrant_lines(frame, lang), strict=True):
    col.markdown(line)

# -- one park's explanation ----------------------------------------------------------------------
st.subheader(t("quad_why"))
parks = sorted(scenario.parks, key=lambda p: (p.name.casefold(), p.park_id))
ids = [p.park_id for p in parks]
names = {p.park_id: f"{p.name} – {p.municipality} ({p.park_id})" for p in parks}
default = st.session_state.get(state.SELECTED_PARK)
picked = st.selectbox(t("quad_pick"), ids, index=ids.index(default) if default in ids else 0,
                      format_func=lambda i: names[i], key=state.wkey("quad_park"))
st.session_state[state.SELECTED_PARK] = picked
park = next(p for p in parks if p.park_id == picked)
row = result.by_park[result.by_park["park_id"] == picked]
with st.container(border=True):
    st.text(names[picked])
    st.caption(t("quad_facts", level=park.organisation_level, draagvlak=fmt.pct(park.draagvlak, 0),
                 capacity=fmt.eur(park.private_capacity_eur),
                 team=t("yes") if park.municipal_team else t("no"),
                 strategic=t("yes") if park.strategic else t("no")))
    if len(row):
        st.markdown(t("quad_received", public=fmt.eur(row["public_eur"].iloc[0]),
                      private=fmt.eur(row["private_eur"].iloc[0])))
    expl = result.explanations.get(picked)
    if expl is None:
        st.text(t("quad_no_expl"))
    else:
        st.text(expl.message(lang))
        change = expl.what_would_change(lang)
        if change:
            st.markdown(f"**{t('quad_change')}** {md_escape(change)}")
        if expl.marginal_value_text(lang):
            st.caption(expl.marginal_value_text(lang))

# -- shadow prices -------------------------------------------------------------------------------
st.subheader(t("shadow_title"))
left, right = st.columns([2, 3])
with left:
    for line in tables.shadow_sentences(result, lang):
        st.markdown(f"- {line}")
with right:
    chart(charts.shadow_prices(result.by_year, lang))
    st.caption(t("shadow_caption"))
