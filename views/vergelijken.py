"""Page 7 – Vergelijken: 2–4 saved scenarios side by side, and the decision log."""

from __future__ import annotations

import streamlit as st

from allocation import charts
from allocation.analysis.attribution_text import sheet as explained_sheet
from allocation.compare import (
    CompareError,
    compare,
    write_comparison,
    write_comparison_explained,
    write_decision_log,
)
from allocation.store import StoreError
from ui import auth, cache, compare_attribution, state, tables
from ui.render import chart, download, page_start, plain_table, store_error
from ui.text import md_escape, t

page_start("cmp_title", "cmp_intro")
lang = state.lang()
try:
    store = cache.store()
    metas = store.list()
except StoreError as err:
    store_error(err)
    st.stop()

by_id = {m.id: m for m in metas}
picked: list[int] = []
if len(by_id) >= 2:  # (an empty picker would say "No options to select" in English)
    picked = st.multiselect(t("cmp_pick"), list(by_id), key="dk_cmp_pick", max_selections=4,
                            format_func=lambda i: by_id[i].label if i in by_id else str(i),
                            placeholder=t("cmp_pick_placeholder"))
    picked = [i for i in picked if i in by_id]

if len(picked) < 2:
    st.info(t("cmp_need_two"))
else:
    comparison = None
    with st.spinner(t("solving")):
        try:
            entries = []
            for sid in picked:
                saved = store.get(sid)
                entries.append((saved.label, saved.scenario, cache.solve_scenario(saved.scenario)))
            comparison = compare(entries)
        except StoreError as err:
            store_error(err)
        except CompareError as err:
            st.error(t("cmp_failed", error=md_escape(err.message(lang))))
        except Exception as err:  # noqa: BLE001 - never a traceback
            st.error(t("cmp_failed", error=md_escape(f"{type(err).__name__}: {err}")))
    if comparison is not None:
        st.caption(t("cmp_base_note", base=md_escape(comparison.reference)))
        st.subheader(t("cmp_kpis"))
        if comparison.assumptions["key"].astype(str).str.startswith("weight_").any():
            st.info(t("cmp_weights_differ"), icon=":material/info:")
        df, kinds = comparison.display("kpis", lang)
        plain_table(tables.format_display(df, kinds, list(comparison.kpis["kind"])))

        st.subheader(t("cmp_years"))
        chart(charts.scenario_totals(comparison.by_year_long, lang))
        df, kinds = comparison.display("by_year", lang)
        plain_table(tables.comparison_table(df, kinds))

        st.subheader(t("cmp_categories"))
        df, kinds = comparison.display("by_category", lang)
        plain_table(tables.comparison_table(df, kinds))

        st.subheader(t("cmp_shifts", base=md_escape(comparison.reference)))
        shifts = tables.shifts_frame(comparison.shifts, comparison.n > 2)
        if len(shifts):
            chart(charts.largest_shifts(shifts, "label", "change", len(shifts), lang))
            st.caption(t("cmp_shifts_caption"))
        else:  # an empty chart would say "Geen gegevens om te tonen" and nothing else
            st.info(t("cmp_no_shifts", base=md_escape(comparison.reference)))
        losers = tables.losers_table(comparison, lang)
        if len(losers):
            st.markdown(f"**{t('cmp_losers', n=len(losers))}**")
            plain_table(losers)

        explained = compare_attribution.render(comparison.labels, entries)  # issue 23

        st.subheader(t("cmp_parks"))
        df, kinds = comparison.display("parks", lang)
        plain_table(tables.comparison_table(df, kinds), max_height=360)

        st.subheader(t("cmp_assumptions"))
        df, kinds = comparison.display("assumptions", lang)
        if df.empty:
            st.caption(t("cmp_no_assumption_diff"))
        else:
            plain_table(tables.comparison_table(df, kinds))

        def comparison_bytes() -> bytes:
            if explained is not None:
                return write_comparison_explained(comparison, explained_sheet(explained, lang),
                                                  lang=lang)
            return write_comparison(comparison, lang=lang)

        download("cmp_download", comparison_bytes, "vergelijking.xlsx", "dl_comparison")

# -- decision log --------------------------------------------------------------------------------
st.divider()
st.subheader(t("log_title"))
if metas and not auth.refuse("decide"):
    default_ids = picked or list(by_id)
    with st.form("dk_log_form"):
        chosen = st.selectbox(t("log_pick"), default_ids, key="dk_log_pick",
                              format_func=lambda i: by_id[i].label)
        rationale = st.text_input(t("log_rationale"), max_chars=500, key="dk_log_rationale")
        submitted = st.form_submit_button(t("log_button"), icon=":material/gavel:")
    if submitted:
        if not (rationale or "").strip():
            st.warning(t("log_need_rationale"))
        else:
            try:
                decision = store.log_decision(chosen, rationale, auth.current().id)
            except StoreError as err:
                store_error(err)
            else:
                label = f"{decision.scenario_name} (v{decision.scenario_version})"
                st.success(t("log_done", label=md_escape(label)))
try:
    decisions = store.decisions()
except StoreError as err:
    store_error(err)
    decisions = []
for problem in getattr(decisions, "skipped", []):  # an altered line is named, never quoted
    st.warning(problem.message(lang))
if not decisions:
    st.caption(t("log_empty"))
else:
    plain_table(tables.decisions_frame(decisions, lang))
    download("log_download", lambda: write_decision_log(decisions, lang=lang),
             "besluitenlog.xlsx", "dl_log")
