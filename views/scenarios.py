"""Page 6 – Scenario's: save, list, open, rename, delete and restore saved scenarios, and the
audit trail. Who acts is the logged-in identity (ui/auth.py); what they may do is their role."""

from __future__ import annotations

import streamlit as st

from allocation.compare import write_audit_log
from allocation.request.provenance import in_summary
from allocation.store import StoreError, result_summary
from ui import auth, cache, state, tables, widgets
from ui.render import (
    XLSX,
    page_start,
    plain_table,
    solve_active,
    store_action,
    store_error,
)
from ui.text import md_escape, t

scenario = page_start("sc_title", "sc_intro")
if scenario is None:
    st.stop()
lang = state.lang()
me = auth.current()

try:
    store = cache.store()
except StoreError as err:
    store_error(err)
    st.stop()

# -- save ----------------------------------------------------------------------------------------
st.subheader(t("sc_save"))
if not auth.refuse("save"):
    with st.form("dk_save_form", clear_on_submit=False):
        name = st.text_input(t("sc_name"), max_chars=200, key="dk_save_name")
        note = st.text_area(t("sc_note"), key="dk_save_note", height=80)
        st.caption(t("sc_saving_as", who=md_escape(me.id)))
        submitted = st.form_submit_button(t("sc_save_button"), icon=":material/save:")
    if submitted:
        result = solve_active()
        if result.status == "error":
            st.error(t("sc_solve_first"))
        else:
            try:
                summary = in_summary(result_summary(result), state.provenance().matching(
                    scenario))  # a saved scenario keeps where its values came from
                saved = store.save(scenario, summary, name, me.id, note)
            except StoreError as err:
                store_error(err)
            else:
                st.success(t("sc_saved", label=md_escape(saved.label)))

# -- list and actions ------------------------------------------------------------------------------
st.subheader(t("sc_list"))
show_deleted = st.toggle(t("sc_show_deleted"), key="dk_show_deleted")
try:
    metas = store.list(include_deleted=show_deleted)
except StoreError as err:
    store_error(err)
    st.stop()
for problem in metas.skipped:  # a damaged row is shown as such, never silently used
    st.warning(t("sc_skipped", message=md_escape(problem.message(lang))))
meta = None
if not metas:
    st.info(t("sc_empty"))
else:
    plain_table(tables.saved_frame(metas, lang))
    by_id = {m.id: m for m in metas}
    picked = st.selectbox(t("sc_pick"), list(by_id), key="dk_sc_pick",
                          format_func=lambda i: by_id[i].label + (" ✗" if by_id[i].deleted
                                                                  else ""))
    meta = by_id.get(picked)
if meta is not None:
    c1, c2, c3 = st.columns([1, 3, 2])
    with c1:
        if st.button(t("sc_open"), key="dk_sc_open", disabled=meta.deleted,
                     icon=":material/folder_open:") and widgets.open_saved(meta.id):
            state.set_flash("success", t("sc_opened", "nl", label=md_escape(meta.label)),
                            t("sc_opened", "en", label=md_escape(meta.label)))
            st.rerun()
    with c2:
        if not auth.refuse("rename"):
            new_name = st.text_input(t("sc_rename_to"), value=meta.name,
                                     key=f"dk_rename_{meta.id}", max_chars=200)
            if st.button(t("sc_rename"), key="dk_sc_rename", icon=":material/edit:"):
                store_action(lambda: {"name": store.rename(meta.id, new_name, me.id).name},
                             "sc_renamed")
    with c3:
        if not auth.refuse("delete"):
            if meta.deleted:
                if st.button(t("sc_restore"), key="dk_sc_restore", icon=":material/restore:"):
                    store_action(lambda: store.restore(meta.id, actor=me.id), "sc_restored",
                                 label=meta.label)
            elif st.button(t("sc_delete"), key="dk_sc_delete", icon=":material/delete:"):
                store_action(lambda: store.delete(meta.id, actor=me.id), "sc_deleted",
                             label=meta.label)

# -- audit trail ---------------------------------------------------------------------------------
st.divider()
st.subheader(t("audit_title"))
st.caption(t("audit_intro"))
only_this = meta is not None and st.toggle(t("audit_scope"), key="dk_audit_scope")
try:
    entries = store.audit(meta.id if only_this and meta is not None else None)
except StoreError as err:
    store_error(err)
    entries = []
if not entries:
    st.caption(t("audit_empty"))
else:
    plain_table(tables.audit_frame(entries, lang), max_height=420)
    # made now, not when clicked: in login mode the HTTP guard serves a /media/ file only to the
    # session that registered it while drawing the page (ui/http_guard.py)
    st.download_button(t("audit_download"), data=write_audit_log(entries, lang=lang),
                       file_name="logboek.xlsx", mime=XLSX, key="dl_audit",
                       icon=":material/download:", on_click="ignore")
