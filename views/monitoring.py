"""Monitoring: progress of the programme, the rolling re-plan and rolling forward."""

from __future__ import annotations

import streamlit as st

from allocation import format as fmt
from allocation.domain import BilingualError
from allocation.monitoring import charts as mcharts
from allocation.monitoring import progress
from allocation.monitoring.replan import replan_workbook, years_span
from allocation.monitoring.rollforward import roll_forward, write_rolled_forward
from ui import monitoring as mon_ui
from ui import state
from ui.render import chart, download, page_start, plain_table, status_banner
from ui.text import md_escape, t

scenario = page_start("mon_title", "mon_intro")
if scenario is None:
    st.stop()
if not mon_ui.has_monitoring():
    st.info(t("mon_none"))
    st.stop()
lang = state.lang()
prog = mon_ui.programme()
rp = prog.replan
monitoring = prog.monitoring
if not rp.plan.has_allocation:
    status_banner(rp.plan)
    st.stop()

tab_progress, tab_replan, tab_forward = st.tabs(
    [t("mon_tab_progress"), t("mon_tab_replan"), t("mon_tab_forward")])

with tab_progress:
    pvs_park = progress.planned_vs_spent(scenario, rp.plan, monitoring, "park")
    ladder = progress.ladder_movement(scenario, monitoring)
    total = ladder[ladder["region"] == "totaal"].iloc[0]
    planned, spent = float(pvs_park["planned_eur"].sum()), float(pvs_park["spent_eur"].sum())
    cols = st.columns(4)
    cols[0].metric(t("mon_kpi_rounds"), str(len(progress.rounds(monitoring)) - 1), border=True)
    cols[1].metric(t("mon_kpi_spent"), fmt.pct(spent / planned, 0) if planned > 0 else "–",
                   help=t("mon_kpi_spent_help", spent=fmt.eur(spent), planned=fmt.eur(planned)),
                   border=True)
    cols[2].metric(t("mon_kpi_under"), str(int(pvs_park["under"].sum())), border=True)
    cols[3].metric(t("mon_kpi_ladder"), f"↑{total['up']} ={total['same']} ↓{total['down']}",
                   border=True)

    st.subheader(t("mon_ladder_title"))
    labels = progress.rounds(monitoring)
    shown = [t("mon_plan_round") if r == progress.PLAN_ROUND else r for r in labels]
    c1, c2 = st.columns(2)
    a = c1.selectbox(t("mon_from"), range(len(labels)), index=max(len(labels) - 2, 0),
                     format_func=lambda i: shown[i], key=state.wkey("mon_from"))
    b = c2.selectbox(t("mon_to"), range(len(labels)), index=len(labels) - 1,
                     format_func=lambda i: shown[i], key=state.wkey("mon_to"))
    plain_table(mon_ui.ladder_table(
        progress.ladder_movement(scenario, monitoring, labels[a], labels[b])))

    st.subheader(t("mon_spent_title"))
    st.caption(t("mon_spent_caption", share=fmt.pct(progress.UNDERSPEND_SHARE, 0)))
    by = st.segmented_control(t("mon_by"), ["year", "category", "region", "park"],
                              default="region", format_func=lambda k: t(f"mon_by_{k}"),
                              key=state.wkey("mon_by")) or "region"
    frame = progress.planned_vs_spent(scenario, rp.plan, monitoring, by)
    if by != "park":
        chart(mcharts.planned_vs_spent(frame, {"year": "year", "category": "category",
                                               "region": "region"}[by], lang))
    plain_table(mon_ui.spent_table(frame, by), max_height=420)

    st.subheader(t("mon_results_title"))
    st.caption(t("mon_results_caption"))
    plain_table(mon_ui.results_table(progress.results_per_euro(scenario, monitoring)))

    st.subheader(t("mon_falling_title"))
    falling = progress.falling_support(scenario, rp.plan, monitoring)
    if len(falling):
        st.warning(t("mon_falling_warning", n=len(falling)))
        plain_table(mon_ui.falling_table(falling), max_height=360)
    else:
        st.caption(t("mon_falling_none"))

    st.subheader(t("mon_trend_title"))
    parks = sorted(scenario.parks, key=lambda p: (p.name.casefold(), p.park_id))
    ids = [p.park_id for p in parks]
    names = {p.park_id: f"{p.name} – {p.municipality} ({p.park_id})" for p in parks}
    default = st.session_state.get(state.SELECTED_PARK)
    picked = st.selectbox(t("mon_pick_park"), ids,
                          index=ids.index(default) if default in ids else 0,
                          format_func=lambda i: names[i], key=state.wkey("mon_park"))
    trend = progress.trends(scenario, monitoring)
    trend = trend[trend["park_id"] == picked]
    chart(mcharts.park_trend(trend, lang))
    plain_table(mon_ui.trend_table(trend))  # below the chart: all five columns in view

with tab_replan:
    st.caption(t("mon_replan_intro"))
    status_banner(rp.result)
    if rp.result.has_allocation:
        done = years_span(rp.fixed_years) if rp.fixed_years else t("mon_none_realised")
        cols = st.columns(4)
        cols[0].metric(t("mon_kpi_fixed"), done, border=True)
        cols[1].metric(t("mon_kpi_changes"), str(len(rp.changes)), border=True)
        cols[2].metric(t("mon_kpi_value_plan"), fmt.num(rp.plan.objective, 1), border=True)
        cols[3].metric(t("mon_kpi_value_replan"), fmt.num(rp.result.objective, 1),
                       delta=fmt.num((rp.result.objective or 0) - (rp.plan.objective or 0), 1),
                       border=True)
        if rp.evaluation is not None:
            if rp.evaluation.violations:
                st.error(t("mon_eval_bad", n=len(rp.evaluation.violations)))
            else:
                st.caption(t("mon_eval_ok", value=fmt.num(rp.evaluation.objective, 1)))
        if rp.realised_facts:
            with st.expander(t("mon_facts_title", n=len(rp.realised_facts))):
                st.markdown("\n".join(f"- {md_escape(v.message(lang))}"
                                      for v in rp.realised_facts[:50]))
        st.subheader(t("mon_moves_title"))
        only = st.toggle(t("mon_only_moved"), value=True, key="dk_mon_only_moved")
        plain_table(mon_ui.moves_table(rp.moves, only), max_height=480)
        moved = rp.moves[rp.moves["change_eur"].abs() > 0.5] if only else rp.moves
        if len(moved):
            moved_names = dict(zip(moved["park_id"], moved["name"], strict=True))
            pid = st.selectbox(t("mon_pick_park"), moved["park_id"].tolist(),
                               format_func=lambda i: f"{moved_names[i]} ({i})",
                               key=state.wkey("mon_move_park"))
            row = moved[moved["park_id"] == pid].iloc[0]
            with st.container(border=True):
                st.markdown(t("mon_move_line", before=fmt.eur(row["planned_rest_eur"]),
                              after=fmt.eur(row["replanned_rest_eur"]),
                              change=fmt.eur(row["change_eur"], signed=True)))
                why = row["why_en" if lang == "en" else "why_nl"]
                if why:
                    st.text(why)
                st.text(row["explanation_en" if lang == "en" else "explanation_nl"])

        download("mon_dl_replan", lambda: replan_workbook(rp),
                 "draagkracht_herplanning.xlsx", "dl_replan")

with tab_forward:
    st.caption(t("mon_forward_intro"))
    try:
        new, _kept, notes = roll_forward(scenario, monitoring)
    except BilingualError as err:
        st.warning(err.message(lang))
    else:
        st.markdown(t("mon_forward_years", first=new.years[0], last=new.years[-1],
                      budget=fmt.eur(sum(new.budgets.values()))))
        for note in notes:
            st.caption(md_escape(note.message(lang)))
        download("mon_dl_forward", lambda: write_rolled_forward(scenario, monitoring),
                 f"draagkracht_{new.years[0]}.xlsx", "dl_forward")
