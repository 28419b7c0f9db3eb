"""Live ronde (member page): a committee member enters the code from the room screen, sets their
own goal weights (and, when the round allows it, a split of the budget over the years), sends
them and sees what they sent. Built for a phone (390 px wide) as much as for a laptop."""

from __future__ import annotations

import streamlit as st

from allocation.domain import GOALS, BilingualError
from allocation.live import clean_code, shown_code
from ui import auth, state
from ui import live as live_ui
from ui.text import md_escape, t

st.title(t("live_title"))
st.caption(t("live_intro"))
lang = state.lang()
who = auth.current()
key = live_ui.member_key()
store = live_ui.live_store()

code = st.session_state.get(live_ui.MEMBER_CODE)
if not code and st.query_params.get("code"):
    try:
        code = store.join(st.query_params["code"], key).code
        st.session_state[live_ui.MEMBER_CODE] = code
    except BilingualError as err:
        st.error(live_ui.error_text(err))
        code = None

if not code:
    with st.form("dk_live_join"):
        typed = st.text_input(t("live_code_label"), help=t("live_code_help"), max_chars=12,
                              key="dk_live_code_typed")
        go = st.form_submit_button(t("live_join"), type="primary")
    if go:
        try:
            session = store.join(typed, key)
        except BilingualError as err:
            st.error(live_ui.error_text(err))
        else:
            st.session_state[live_ui.MEMBER_CODE] = session.code
            st.query_params["code"] = session.code
            st.rerun()
    st.stop()

try:
    session = store.session(clean_code(code))
    mine = store.my_input(session.code, key)
except BilingualError as err:
    st.error(live_ui.error_text(err))
    st.stop()

st.markdown(t("live_round_on", code=shown_code(session.code),
              scenario=md_escape(session.scenario_name)))
st.caption(t("live_round_anonymous" if session.anonymous else "live_round_named"))

if not session.accepts():
    from allocation.store.live import closed_error, expired_error

    st.error(live_ui.error_text(closed_error() if not session.is_open else expired_error()))
else:
    scenario = live_ui.round_scenario(session.scenario_id)
    start = mine.weights if mine else scenario.settings.normalised_weights()
    labels = live_ui.goal_labels()
    with st.form("dk_live_input"):
        name = ""
        if not session.anonymous:
            name = st.text_input(t("live_name"), value=(mine.name if mine else "") or (
                who.name if not who.local else ""), max_chars=80)
        st.markdown(f"**{t('live_weights_head')}**")
        st.caption(t("live_weights_help"))
        raw = {g: st.slider(labels[g], 0, 100, int(round(start[g] * 100)), step=5,
                            key=f"dk_live_w_{g}") for g in GOALS}
        years = None
        if session.allow_years:
            st.markdown(f"**{t('live_years_head')}**")
            budgets = scenario.budgets
            total = sum(budgets.values()) or 1.0
            have = mine.years if mine and mine.years else {y: b / total
                                                           for y, b in budgets.items()}
            years = {y: st.slider(str(y), 0, 100, int(round(have.get(y, 0.0) * 100)),
                                  key=f"dk_live_y_{y}") for y in scenario.years}
        sent = st.form_submit_button(t("live_submit"), type="primary", width="stretch")
    if sent:
        if not session.anonymous and not name.strip():
            st.error(t("live_name_needed"))
        else:
            try:
                mine = store.submit(session.code, key, raw, years=years, name=name)
            except BilingualError as err:
                st.error(live_ui.error_text(err))
            else:
                st.success(t("live_sent", version=mine.version))

st.subheader(t("live_mine"))
if mine is None:
    st.caption(t("live_mine_none"))
else:
    live_ui.mine_table(mine.weights, mine.years)

if st.button(t("live_leave"), icon=":material/logout:"):
    st.session_state.pop(live_ui.MEMBER_CODE, None)
    st.query_params.pop("code", None)
    st.rerun()
