"""Streamlit glue of the Monitoring and Regio pages: the cached programme (plan + re-plan) and
the tables shown, with Dutch-notation figures. Pages stay thin; every number comes from
allocation.monitoring."""

from __future__ import annotations

import hashlib
import math

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.domain import Monitoring, Scenario
from allocation.monitoring import progress
from allocation.monitoring.regions import Programme
from ui import cache, state
from ui.text import t


def monitoring_key(monitoring: Monitoring | None) -> str:
    if monitoring is None:
        return "-"
    return hashlib.sha256(monitoring.model_dump_json().encode()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _programme(scenario_hash: str, monitoring_hash: str, _scenario: Scenario,
               _monitoring: Monitoring | None) -> Programme:
    from allocation.monitoring.replan import replan

    plan = cache.solve_scenario(_scenario)
    return Programme(_scenario, _monitoring,
                     replan(_scenario, _monitoring, cache.TIME_LIMIT_S, plan=plan))


def programme() -> Programme:
    """The active scenario's plan and re-plan (cached on the scenario and monitoring)."""
    sc, mon = state.scenario(), state.monitoring()
    with st.spinner(t("mon_solving")):
        return _programme(sc.content_hash(), monitoring_key(mon), sc, mon)


def has_monitoring() -> bool:
    mon = state.monitoring()
    return mon is not None and not mon.is_empty


# -- tables as shown -------------------------------------------------------------------------


def _eur(v: float) -> str:
    return fmt.eur(v) if isinstance(v, int | float) and math.isfinite(v) else "–"


def _pct(v: float) -> str:
    return fmt.pct(v, 0) if isinstance(v, int | float) and math.isfinite(v) else "–"


def ladder_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("reg_region"): [t("mon_total") if r == "totaal" else r for r in frame["region"]],
        t("mon_up"): frame["up"], t("mon_same"): frame["same"], t("mon_down"): frame["down"],
        t("mon_not_measured"): frame["not_measured"],
    })


def spent_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    key = {"year": "year", "category": "category", "park": "park_id", "region": "region"}[by]
    out = {t(f"mon_by_{by}"): frame[key].astype(str)}
    if by == "park":
        out[t("mon_name")] = frame["name"]
        out[t("reg_region")] = frame["region"]
    out.update({
        t("mon_planned"): frame["planned_eur"].map(_eur),
        t("mon_spent"): frame["spent_eur"].map(_eur),
        t("mon_spent_private"): frame["spent_private_eur"].map(_eur),
        t("mon_share"): frame["share"].map(_pct),
        t("mon_under"): frame["under"].map(lambda u: "⚠ " + t("mon_under_flag") if u else ""),
    })
    return pd.DataFrame(out)


INDICATOR_KEYS = ("mon_ind_energy", "mon_ind_circularity", "mon_ind_economy",
                  "mon_ind_cooperation")


def results_table(frame: pd.DataFrame) -> pd.DataFrame:
    from allocation.domain import INDICATORS

    out = {t("reg_region"): [t("mon_total") if r == "totaal" else r for r in frame["region"]],
           t("mon_spent"): frame["spent_eur"].map(_eur)}
    for ind, key in zip(INDICATORS, INDICATOR_KEYS, strict=True):
        out[t(key)] = frame[ind].map(lambda v: fmt.num(v, 1))
        out[t(key) + " " + t("mon_per_100k")] = frame[f"{ind}_per"].map(
            lambda v: fmt.num(v, 2) if math.isfinite(v) else "–")
    return pd.DataFrame(out)


def falling_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("mon_park"): frame["park_id"], t("mon_name"): frame["name"],
        t("reg_region"): frame["region"],
        t("mon_dv_before"): frame["draagvlak_before"].map(_pct),
        t("mon_dv_now"): frame["draagvlak_now"].map(_pct),
        t("mon_round"): frame["round"],
        t("mon_planned_ahead"): frame["planned_eur"].map(_eur),
    })


def trend_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("mon_round"): [t("mon_plan_round") if r == progress.PLAN_ROUND else r
                         for r in frame["round"]],
        t("mon_level"): frame["organisation_level"].map(
            lambda v: "–" if math.isnan(v) else str(int(v))),
        t("mon_draagvlak"): frame["draagvlak"].map(_pct),
        t("mon_capacity"): frame["private_capacity_eur"].map(
            lambda v: "–" if math.isnan(v) else fmt.eur(v)),
        t("mon_participating"): frame["participating_companies"].map(
            lambda v: "–" if math.isnan(v) else str(int(v))),
    })


def moves_table(frame: pd.DataFrame, only_moved: bool) -> pd.DataFrame:
    lang = state.lang()
    if only_moved:
        frame = frame[frame["change_eur"].abs() > 0.5]
    return pd.DataFrame({
        t("mon_park"): frame["park_id"], t("mon_name"): frame["name"],
        t("reg_region"): frame["region"],
        t("mon_planned_rest"): frame["planned_rest_eur"].map(_eur),
        t("mon_replanned_rest"): frame["replanned_rest_eur"].map(_eur),
        t("mon_change"): frame["change_eur"].map(lambda v: fmt.eur(v, signed=True)),
        t("mon_why"): frame["why_en" if lang == "en" else "why_nl"],
        t("mon_explanation"): frame["explanation_en" if lang == "en" else "explanation_nl"],
    })


def region_parks_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per park of the region, by name (no id column: a regional table talks about
    names, and so every column fits beside the sidebar at 1440 px)."""
    if not len(frame):
        return frame
    return pd.DataFrame({
        t("mon_name"): frame["name"], t("reg_municipality"): frame["municipality"],
        t("reg_ladder"): [f"{a} → {b}" for a, b in zip(frame["level_plan"], frame["level_now"],
                                                     strict=True)],
        t("mon_draagvlak"): frame["draagvlak_now"].map(_pct),
        t("reg_public"): frame["public_eur"].map(_eur),
        t("reg_private"): frame["private_eur"].map(_eur),
        t("mon_spent"): frame["spent_eur"].map(_eur),
        t("mon_under"): frame["under"].map(lambda u: "⚠ " + t("mon_under_flag") if u else ""),
    })


def region_years_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("mon_by_year"): frame["year"].astype(str),
        t("reg_plan"): frame["plan_public_eur"].map(_eur),
        t("reg_current"): frame["current_public_eur"].map(_eur),
        t("reg_private"): frame["current_private_eur"].map(_eur),
        t("mon_spent"): frame["spent_eur"].map(lambda v: _eur(v) if v > 0 else "–"),
    })


def results_region_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One region's results per goal (from regions.region_results)."""
    labels = dict(zip(("result_energy_mwh", "result_circularity_tonnes", "result_economy_jobs",
                       "result_cooperation_projects"), INDICATOR_KEYS, strict=True))
    return pd.DataFrame({
        t("mon_goal"): [t(labels[i]) for i in frame["indicator"]],
        t("mon_result"): frame["result"].map(lambda v: fmt.num(v, 1)),
        t("mon_per_100k"): frame["per_100k"].map(
            lambda v: fmt.num(v, 2) if math.isfinite(v) else "–"),
    })
