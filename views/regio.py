"""Regiotafels: one region's parks, money, ladder movement and progress, with its exports."""

from __future__ import annotations

import streamlit as st

from allocation import format as fmt
from allocation.monitoring.factsheets import park_sheet, region_sheet
from allocation.monitoring.regions import (
    region_ladder,
    region_names,
    region_parks,
    region_results,
    region_workbook,
)
from allocation.monitoring.regions import region_years as years_of
from ui import monitoring as mon_ui
from ui import state
from ui.render import PDF, download, page_start, plain_table, status_banner
from ui.text import t

scenario = page_start("reg_title", "reg_intro")
if scenario is None:
    st.stop()
prog = mon_ui.programme()
if not prog.replan.plan.has_allocation:
    status_banner(prog.replan.plan)
    st.stop()
names = region_names(scenario)
region = st.selectbox(t("reg_pick"), names, key=state.wkey("reg_region"))
parks = region_parks(prog, region)
years = years_of(prog, region)
ladder = region_ladder(prog, region)

cols = st.columns(4)
cols[0].metric(t("reg_parks"), str(len(parks)), border=True)
cols[1].metric(t("reg_public"), fmt.eur_short(years["current_public_eur"].sum()), border=True)
cols[2].metric(t("reg_private"), fmt.eur_short(years["current_private_eur"].sum()), border=True)
cols[3].metric(t("mon_spent"), fmt.eur_short(years["spent_eur"].sum()), border=True)
if prog.replan.fixed_years:
    st.caption(t("reg_current_is_replan"))
if ladder["to_round"] and ladder["from_round"] != ladder["to_round"]:
    st.markdown(t("reg_ladder_line", a=ladder["from_round"], b=ladder["to_round"],
                  up=ladder["up"], same=ladder["same"], down=ladder["down"],
                  none=ladder["not_measured"]))

st.subheader(t("reg_parks_title"))
plain_table(mon_ui.region_parks_table(parks), max_height=480)
left, right = st.columns(2)
with left:
    st.subheader(t("reg_years_title"))
    plain_table(mon_ui.region_years_table(years))
with right:
    st.subheader(t("mon_results_title"))
    res = region_results(prog, region)
    plain_table(mon_ui.results_region_table(res))

st.subheader(t("reg_exports"))
slug = "".join(ch if ch.isalnum() else "_" for ch in region)
c1, c2, c3 = st.columns(3)
with c1:
    download("reg_dl_xlsx", lambda: region_workbook(prog, region), f"regio_{slug}.xlsx",
             "dl_region_xlsx")
with c2:
    download("reg_dl_pdf", lambda: region_sheet(prog, region), f"regio_{slug}.pdf",
             "dl_region_pdf", PDF)
with c3:
    if len(parks):
        ids = parks["park_id"].tolist()
        labels = dict(zip(parks["park_id"], parks["name"], strict=True))
        pid = st.selectbox(t("reg_pick_park"), ids, format_func=lambda i: f"{labels[i]} ({i})",
                           key=state.wkey("reg_park"))
        download("reg_dl_park_pdf", lambda: park_sheet(prog, pid), f"terrein_{pid}.pdf",
                 "dl_park_pdf", PDF)
