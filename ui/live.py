"""The live round in the app: the member page's parts and the room screen of the presentation
page (issue 25). Every state lives in the shared store (allocation.store.live): this module
keeps only which round a browser session looks at, and in local mode the member's random key
(also in the address, so that a reload keeps it).

Rights: any user with access may take part; opening, closing and recording need "decide",
saving the group's weights as a scenario needs "save" (ui.auth roles).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL, GOALS, BilingualError, Scenario
from ui import auth, cache, state
from ui.render import chart, store_error
from ui.text import md_escape, t

ROOM_CODE = "dk_live_room_code"  # the round the room screen shows
MEMBER_CODE = "dk_live_member_code"  # the round this member takes part in
MEMBER_KEY = "dk_live_member_key"
REFRESH_S = 3
MEMBER_PAGE = "live"  # url_path of views/live.py in app.py


def goal_labels() -> dict[str, str]:
    return GOAL_LABELS_EN if state.lang() == "en" else GOAL_LABELS_NL


def live_store() -> Any:
    return cache.store().live


def member_key() -> str:
    """Who this member is to the store: their login, or in local mode a random key kept in the
    address (?lid=...) so that closing and reopening the page finds their input again."""
    who = auth.current()
    if not who.local and who.id:
        return who.id
    key = st.session_state.get(MEMBER_KEY) or st.query_params.get("lid")
    if not key or len(str(key)) > 64:
        key = secrets.token_urlsafe(12)
    st.session_state[MEMBER_KEY] = str(key)
    if st.query_params.get("lid") != key:
        st.query_params["lid"] = str(key)
    return str(key)


def error_text(err: BilingualError) -> str:
    return md_escape(err.message(state.lang()))


@st.cache_data(show_spinner=False, max_entries=16)
def _scenario_json(scenario_id: int, url: str) -> str:
    return str(cache.store().get(scenario_id).scenario.to_json())


def round_scenario(scenario_id: int) -> Scenario:
    """The saved scenario of a round (read once per server process and id: saved versions
    never change)."""
    return Scenario.from_json(_scenario_json(int(scenario_id), cache.store().url))


def member_link(code: str) -> str:
    """The address members open: this app's member page with the code filled in."""
    try:
        parts = urlsplit(str(st.context.url or ""))
    except Exception:  # noqa: BLE001 - no request context: a relative address
        return f"/{MEMBER_PAGE}?code={code}"
    base = parts.path.rsplit("/", 1)[0] if parts.path.count("/") > 1 else ""
    return urlunsplit((parts.scheme, parts.netloc, f"{base}/{MEMBER_PAGE}", f"code={code}", ""))


# -- the room screen -------------------------------------------------------------------------


def room_section(saved: list[Any]) -> bool:
    """The live-round switch on the presentation page (editors only); True when the room
    screen is shown (then the page shows nothing else)."""
    who = auth.current()
    if not who.can("decide"):
        return False
    if not st.toggle(t("live_room_toggle"), key="dk_live_room_on",
                     value=bool(st.session_state.get(ROOM_CODE))):
        return False
    code = st.session_state.get(ROOM_CODE)
    if not code:
        _open_form(saved, who)
        return True
    room(code)
    _controls(code, who)
    return True


def _open_form(saved: list[Any], who: auth.Identity) -> None:
    from allocation.live import shown_code

    store = live_store()
    if not saved:
        st.info(t("live_room_need_saved"))
        return
    ids = [m.id for m in saved]
    labels = {m.id: m.label for m in saved}
    src = state.source()
    default = ids.index(src.store_id) if src.kind == "store" and src.store_id in ids else 0
    st.subheader(t("live_room_open_head"))
    with st.form("dk_live_open", border=False):
        c1, c2, c3, c4 = st.columns([3, 2, 2, 1], vertical_alignment="bottom")
        sid = c1.selectbox(t("live_room_scenario"), ids, index=default,
                           format_func=lambda i: labels.get(i, str(i)))
        anonymous = c2.checkbox(t("live_room_anonymous"), value=True)
        years = c3.checkbox(t("live_room_years"), value=False)
        go = c4.form_submit_button(t("live_room_open"), type="primary")
    if go:
        try:
            session = store.open(int(sid), who.id or who.name, anonymous=anonymous,
                                 allow_years=years)
        except BilingualError as err:
            store_error(err)
            return
        st.session_state[ROOM_CODE] = session.code
        st.rerun()
    try:
        open_rounds = [s for s in store.sessions(include_closed=False) if not s.expired()]
    except BilingualError:
        open_rounds = []
    if open_rounds:
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        pick = c1.selectbox(t("live_room_resume"), [s.code for s in open_rounds],
                            format_func=lambda c: next(
                                f"{shown_code(s.code)} · {s.scenario_name} (v{s.scenario_version})"
                                for s in open_rounds if s.code == c))
        if c2.button(t("live_room_resume_button")):
            st.session_state[ROOM_CODE] = pick
            st.rerun()


@st.fragment(run_every=REFRESH_S)
def room(code: str) -> None:
    """The room screen of one round, read afresh from the store every few seconds."""
    from allocation.live import aggregate, shown_code

    lang = state.lang()
    store = live_store()
    try:
        session = store.session(code)
        got = store.inputs(code)
    except BilingualError as err:
        store_error(err)
        return
    state_key = ("live_room_state_open" if session.accepts() else
                 "live_room_state_closed" if not session.is_open else "live_room_state_expired")
    link = member_link(code)
    c1, c2, c3 = st.columns([5, 1.3, 1.3], vertical_alignment="center")
    with c1:
        st.html(
            '<div style="font-size:24px;line-height:1.3">'
            f'{md_escape(t("live_room_go"))} <b style="font-size:28px">{_html(link)}</b><br>'
            f'{md_escape(t("live_room_code"))}: <span data-testid="live-code" style="font-size:'
            'clamp(32px,3.2vw,56px);font-weight:700;letter-spacing:4px;white-space:nowrap">'
            f'{_html(shown_code(code))}</span></div>')
    c2.metric(t("live_room_count"), len(got.inputs))
    c3.metric(t("live_room_state"), t(state_key))
    if got.skipped:
        st.warning(t("live_room_skipped", n=len(got.skipped)))
    if not got.inputs:
        st.info(t("live_room_waiting"))
        return
    scenario = round_scenario(session.scenario_id)
    agg = aggregate(scenario, got.inputs)
    assert agg is not None
    labels = goal_labels()
    st.caption(t("live_room_group_weights", weights=", ".join(
        f"{labels[g]} {fmt.pct(agg.group_weights[g])}" for g in GOALS)))
    if agg.year_split:
        st.caption(t("live_room_group_years", years=", ".join(
            f"{y} {fmt.pct(v)}" for y, v in agg.year_split.items())))
    if not agg.group.has_allocation:
        st.warning(t("live_room_no_plan", message=md_escape(agg.group.message(lang))))
    _room_charts(agg, lang)


def _html(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _numbers(sentence: str, frame: pd.DataFrame, key: str) -> None:
    """A chart's text alternative (one sentence) and its numbers as a table."""
    st.caption(sentence)
    with st.expander(t("live_numbers"), icon=":material/table:"):
        st.dataframe(frame, hide_index=True, width="stretch", key=key)


def _room_charts(agg: Any, lang: str) -> None:
    from allocation.live import charts as lc

    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('live_ch_weights')}**")
        chart(lc.weights_strip(agg.weights, agg.medians, lang, height=230), inline=True)
        wf = lc.weights_frame(agg.weights, agg.medians, lang)
        _numbers(lc.weights_sentence(agg.medians, agg.count, lang), pd.DataFrame({
            t("live_col_member"): wf["who"], t("live_col_goal"): wf["goal"],
            t("live_col_weight"): [fmt.pct(w) for w in wf["weight"]]}), "dk_live_t_weights")
        st.markdown(f"**{t('live_ch_classes')}**")
        chart(lc.classes_chart(agg.parks, lang, height=170), inline=True)
        parks = agg.parks.sort_values(["share", "park_id"], ascending=[False, True])
        _numbers(lc.classes_sentence(agg.parks, lang), pd.DataFrame({
            t("live_col_park"): parks["name"],
            t("live_col_funding"): [f"{int(n)} / {agg.count}" for n in parks["members_funding"]],
            t("live_col_class"): [lc.class_label(c, lang) for c in parks["class"]],
        }), "dk_live_t_classes")
    with right:
        st.markdown(f"**{t('live_ch_plans')}**")
        chart(lc.plans_chart(agg.parks, lang, top=7, height=290), inline=True)
        pf = lc.plans_frame(agg.parks, top=len(agg.parks))
        _numbers(lc.plans_sentence(agg.parks, lang), pd.DataFrame({
            t("live_col_park"): pf["name"],
            t("live_col_group"): [fmt.eur(v) for v in pf["group_eur"]],
            t("live_col_current"): [fmt.eur(v) for v in pf["current_eur"]]}), "dk_live_t_plans")
        st.markdown(f"**{t('live_ch_kept')}**")
        height = min(210, 40 + 26 * agg.count)  # the whole chart, axes included
        chart(lc.kept_chart(agg.members, lang, height=height), inline=True)
        kf = lc.kept_frame(agg.members, lang)
        _numbers(lc.kept_sentence(agg.members, lang), pd.DataFrame({
            t("live_col_member"): kf["who"],
            t("live_col_own"): [fmt.points(v) for v in agg.members["own_value"]],
            t("live_col_groupvalue"): [fmt.points(v) for v in agg.members["group_value"]],
            t("live_col_kept"): [fmt.pct(v) for v in kf["kept"]]}), "dk_live_t_kept")


def _controls(code: str, who: auth.Identity) -> None:
    """Close and record, save the group's weights, start anew (outside the refreshing part)."""
    from allocation.live import aggregate, shown_code
    from allocation.store import result_summary

    store = live_store()
    try:
        session = store.session(code)
    except BilingualError as err:
        store_error(err)
        return
    with st.expander(t("live_close_head"), icon=":material/gavel:",
                     expanded=not session.is_open and session.decision_id is None):
        if session.decision_id is not None:
            st.success(t("live_recorded", id=session.decision_id))
        else:
            choices = {"group": t("live_choice_group"), "current": t("live_choice_current")}
            with st.form("dk_live_close", border=False):
                chosen = st.radio(t("live_choose"), list(choices), format_func=choices.get,
                                  horizontal=True)
                rationale = st.text_input(t("live_rationale"), placeholder=t(
                    "live_rationale_default", code=shown_code(code), n="…", choice="…"))
                label = "live_close_button" if session.is_open else "live_record_button"
                go = st.form_submit_button(t(label), type="primary")
            if go:
                _close_and_record(code, who, chosen, rationale, choices)
        c1, c2 = st.columns(2)
        if who.can("save") and c1.button(t("live_adopt"), icon=":material/save:"):
            got = store.inputs(code).inputs
            agg = aggregate(round_scenario(session.scenario_id), got) if got else None
            if agg is not None:
                name = t("live_adopt_name", scenario=session.scenario_name,
                         code=shown_code(code))
                try:
                    saved = cache.store().save(
                        agg.group_scenario, result_summary(agg.group), name, author=who.id,
                        note=t("live_adopt_note", code=shown_code(code), n=agg.count))
                except BilingualError as err:
                    store_error(err)
                else:
                    st.success(t("live_adopted", name=md_escape(saved.label)))
        if c2.button(t("live_new_round"), icon=":material/add:"):
            st.session_state.pop(ROOM_CODE, None)
            st.rerun()


def _close_and_record(code: str, who: auth.Identity, chosen: str, rationale: str,
                      choices: dict[str, str]) -> None:
    from allocation.live import aggregate, shown_code
    from allocation.store import result_summary
    from allocation.store.live import anonymised

    store = live_store()
    actor = who.id or who.name
    try:
        session = store.close(code, actor)
        got = store.inputs(code).inputs  # closed: these are the final inputs
        agg = aggregate(round_scenario(session.scenario_id), got) if got else None
        detail: dict[str, Any] = {
            "code": code, "anonymous": session.anonymous, "allow_years": session.allow_years,
            "count": len(got), "inputs": anonymised(got, session.anonymous), "chosen": chosen}
        summary: dict[str, Any] = {"status": "no_inputs"}
        if agg is not None:
            plan = agg.group if chosen == "group" else agg.current
            summary = result_summary(plan)
            detail.update(
                medians=agg.medians, group_weights=agg.group_weights,
                year_split={str(y): v for y, v in (agg.year_split or {}).items()} or None,
                group=agg.group.kpis(), current=agg.current.kpis(),
                chosen_weights=(agg.group_weights if chosen == "group" else
                                round_scenario(session.scenario_id).settings
                                .normalised_weights()),
                allocation=plan.allocation[["park_id", "category", "year", "public_eur"]]
                .to_dict(orient="records"),
                parks=agg.parks[["park_id", "members_funding", "share", "class"]]
                .to_dict(orient="records"),
                kept=agg.members[["member_no", "kept_share"]].to_dict(orient="records"))
        text = rationale.strip() or t("live_rationale_default", code=shown_code(code),
                                      n=len(got), choice=choices[chosen])
        decision = store.record(code, actor, text, summary, detail)
    except BilingualError as err:
        store_error(err)
        return
    st.success(t("live_closed_done", id=decision.id))


# -- the member page -------------------------------------------------------------------------


def mine_table(weights: dict[str, float], years: dict[int, float] | None) -> None:
    """What the member sent, as a small plain table (readable on a phone)."""
    labels = goal_labels()
    st.table(pd.DataFrame({t("live_col_goal"): [labels[g] for g in GOALS],
                           t("live_col_weight"): [fmt.pct(weights[g]) for g in GOALS]}),
             hide_index=True)
    if years:
        st.table(pd.DataFrame({t("live_col_year"): [str(y) for y in years],
                               t("live_col_share"): [fmt.pct(v) for v in years.values()]}),
                 hide_index=True)
