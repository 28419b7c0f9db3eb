"""Page 6 – Scenario's: save, list, open, rename, delete and restore saved scenarios."""

from __future__ import annotations

import streamlit as st

from allocation.store import StoreError, result_summary
from ui import cache, state, tables, widgets
from ui.render import page_start, plain_table, solve_active, store_action, store_error
from ui.text import md_escape, t

scenario = page_start("sc_title", "sc_intro")
if scenario is None:
    st.stop()
lang = state.lang()

try:
    store = cache.store()
except StoreError as err:
    store_error(err)
    st.stop()

# -- save ----------------------------------------------------------------------------------------
st.subheader(t("sc_save"))
with st.form("dk_save_form", clear_on_submit=False):
    c1, c2 = st.columns(2)
    name = c1.text_input(t("sc_name"), max_chars=200, key="dk_save_name")
    author = c2.text_input(t("sc_author"), max_chars=200, key="dk_save_author")
    note = st.text_area(t("sc_note"), key="dk_save_note", height=80)
    submitted = st.form_submit_button(t("sc_save_button"), icon=":material/save:")
if submitted:
    result = solve_active()
    if result.status == "error":
        st.error(t("sc_solve_first"))
    else:
        try:
            saved = store.save(scenario, result_summary(result), name, author, note)
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
if not metas:
    st.info(t("sc_empty"))
    st.stop()
plain_table(tables.saved_frame(metas, lang))

ids = [m.id for m in metas]
by_id = {m.id: m for m in metas}
picked = st.selectbox(t("sc_pick"), ids, key="dk_sc_pick",
                      format_func=lambda i: by_id[i].label + (" ✗" if by_id[i].deleted else ""))
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
        new_name = st.text_input(t("sc_rename_to"), value=meta.name, key=f"dk_rename_{meta.id}",
                                 max_chars=200)
        if st.button(t("sc_rename"), key="dk_sc_rename", icon=":material/edit:"):
            store_action(lambda: {"name": store.rename(meta.id, new_name).name}, "sc_renamed")
    with c3:
        if meta.deleted:
            if st.button(t("sc_restore"), key="dk_sc_restore", icon=":material/restore:"):
                store_action(lambda: store.restore(meta.id), "sc_restored", label=meta.label)
        elif st.button(t("sc_delete"), key="dk_sc_delete", icon=":material/delete:"):
            store_action(lambda: store.delete(meta.id), "sc_deleted", label=meta.label)
