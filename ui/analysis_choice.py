"""Analyse tab "Prijs van een keuze": force parks in or out (allocation.analysis.choice), see
what it costs, and save a scenario with the choice applied."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.analysis import choice as ch
from allocation.analysis.charts_budget import choice_chart
from allocation.domain import Scenario
from allocation.store import StoreError, result_summary
from ui import analysis_budget as ab
from ui import auth, cache, state
from ui.render import chart, plain_table, store_error
from ui.text import md_escape, t

KIND = "choice"


def compute(scenario: Scenario, choice: ch.Choice) -> ch.ChoiceResult:
    params = (choice.force_in, choice.force_out)
    return ab.compute_cached(KIND, scenario, params, "an_choice_progress",
                             lambda progress: ch.compute(scenario, choice, progress))


def changes_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("an_choice_col_park", lang): frame["park_id"],
        t("an_choice_col_name", lang): frame["name"],
        t("an_choice_col_before", lang): [fmt.eur(v) for v in frame["public_eur_before"]],
        t("an_choice_col_after", lang): [fmt.eur(v) for v in frame["public_eur_after"]],
        t("an_choice_col_change", lang): [fmt.eur(v, signed=True)
                                          for v in frame["public_eur_change"]],
        t("an_choice_col_pchange", lang): [fmt.eur(v, signed=True)
                                           for v in frame["private_eur_change"]],
    })


def _choice_inputs(scenario: Scenario) -> ch.Choice:
    names = {p.park_id: p.name for p in scenario.parks}
    ids = list(names)
    label = lambda pid: f"{pid} – {names[pid]}"  # noqa: E731
    c1, c2 = st.columns(2)
    with c1:
        force_in = st.multiselect(t("an_choice_in"), ids, format_func=label,
                                  placeholder=t("an_choice_placeholder"),
                                  key=state.wkey("dk_an_choice_in"))
    with c2:
        force_out = st.multiselect(t("an_choice_out"), [i for i in ids if i not in force_in],
                                   format_func=label, placeholder=t("an_choice_placeholder"),
                                   key=state.wkey("dk_an_choice_out"))
    amounts: list[tuple[str, float | None]] = []
    for pid in force_in:
        value = st.number_input(t("an_choice_amount", park=pid), min_value=0.0,
                                max_value=1e10, value=0.0, step=10_000.0, format="%.0f",
                                key=state.wkey(f"dk_an_choice_amount_{pid}"))
        amounts.append((pid, float(value) if value and value > 0 else None))
    return ch.Choice(tuple(amounts), tuple(force_out))


def _save_form(scenario: Scenario, res: ch.ChoiceResult) -> None:
    applied = ch.apply_choice(scenario, res.choice)
    lang = state.lang()
    st.subheader(t("an_choice_save"))
    st.caption(t("an_choice_save_exact") if applied.exact else t("an_choice_save_note"))
    if auth.refuse("save"):
        return
    me = auth.current()
    with st.form("dk_an_choice_save", clear_on_submit=False):
        name = st.text_input(t("sc_name"), max_chars=200, key="dk_an_choice_name")
        st.caption(t("sc_saving_as", who=md_escape(me.id)))
        note = st.text_area(t("sc_note"), value=applied.note_en if lang == "en"
                            else applied.note_nl, height=100, key=state.wkey("dk_an_choice_note"))
        submitted = st.form_submit_button(t("sc_save_button"), icon=":material/save:")
    if not submitted:
        return
    result = cache.solve_scenario(applied.scenario)
    try:
        saved = cache.store().save(applied.scenario, result_summary(result), name, me.id, note)
    except StoreError as err:
        store_error(err)
        return
    st.success(t("an_choice_saved", label=md_escape(saved.label)))


def render() -> None:
    scenario = ab.active_scenario()
    if scenario is None:
        return
    lang = state.lang()
    st.caption(t("an_choice_intro"))
    choice = _choice_inputs(scenario)
    params = (choice.force_in, choice.force_out)
    key = (KIND, scenario.content_hash(), params)
    clicked = st.button(t("an_choice_run"), key="dk_an_choice_run", icon=":material/balance:",
                        type="primary")
    if not (clicked or ab.is_cached(key)):
        return
    if choice.empty:
        st.info(t("an_choice_pick_first"))
        return
    try:
        res = compute(scenario, choice)
    except ch.ChoiceError as err:
        st.error(md_escape(err.message(lang)))
        return
    for f in res.forced_in:
        st.caption(md_escape(f.describe(res.n_years, lang)))
    if res.status == "infeasible":
        st.error(md_escape(res.message(lang)) if res.objective_before is None
                 else t("an_choice_infeasible"))
        findings = res.diagnosis.findings if res.diagnosis else []
        st.markdown("\n".join(f"- {md_escape(f.message(lang))}" for f in findings))
        return
    if res.value_lost is None:
        st.error(t("status_error", message=md_escape(res.message_en if lang == "en"
                                                     else res.message_nl)))
        return
    cols = st.columns(4)
    cols[0].metric(t("an_choice_before"), fmt.points(res.objective_before, 1), border=True)
    cols[1].metric(t("an_choice_after"), fmt.points(res.objective_after, 1), border=True)
    cols[2].metric(t("an_choice_lost"), fmt.points(res.value_lost, 1),
                   delta=f"-{fmt.pct(res.value_lost_share)}" if res.value_lost > 1e-9 else None,
                   border=True)
    cols[3].metric(t("an_choice_moved"), fmt.eur_short(res.budget_moved),
                   help=t("an_choice_moved_help"), border=True)
    ab.lines(ch.sentences(res, lang))
    changes = res.changes()
    if not changes.empty:
        st.subheader(t("an_choice_chart"))
        chart(choice_chart(changes, lang), key="dk_an_choice_chart")
        plain_table(changes_table(changes, lang), max_height=420)
    ab.results_download(KIND, scenario, params, ch.frames(res), "an_choice_download",
                        "draagkracht_prijs_keuze.xlsx")
    _save_form(scenario, res)
