"""Draagkracht: Streamlit entry point (page config, navigation, shared sidebar).

Run with `streamlit run app.py`. The pages live in views/ and are thin; shared state, texts and
cached calls are in ui/.
"""

from __future__ import annotations

import streamlit as st

if __name__ != "__main__":
    # `streamlit run app.py` first imports this file as a module and finds this `app`: the
    # server (Starlette, Streamlit's official st.App), with the HTTP guard in front of every
    # request and WebSocket handshake (ui/http_guard.py: loopback only without login, no
    # uploads or downloads for sessions that did not pass the gate, security headers). Each
    # session then runs this same file as its page script, named "__main__" (the else below).
    from ui.http_guard import middleware

    app = st.App(__file__, middleware=middleware())
else:  # the page script; the server process imports none of this (its caches need a runtime)
    from ui import a11y, auth, cache, pages, state, tables
    from ui.text import md_escape, t


def _initialise() -> None:
    if state.is_initialised():
        return
    try:
        demo = cache.demo_workbook()
    except Exception as err:  # noqa: BLE001 - the app must start even without demo data
        st.session_state.setdefault(state.LANG, "nl")
        st.sidebar.error(t("init_failed", error=md_escape(f"{type(err).__name__}: {err}")))
        return
    state.initialise(demo.scenario, state.DataSource("demo", "demo"), demo.warnings,
                     monitoring=demo.monitoring)


def _language_switch() -> None:
    """NL/EN at the top of the sidebar, on every page including the login page."""
    with st.sidebar:
        st.segmented_control(
            t("sidebar_lang"), options=list(state.LANGS), key=state.LANG,
            format_func=lambda v: {"nl": "NL", "en": "EN"}[v], required=True,
        )


def _sidebar() -> None:
    with st.sidebar:
        st.subheader(t("sidebar_data"))
        if not state.is_initialised():
            st.caption(t("no_data_yet"))
            return
        src = state.source()
        if src.kind == "demo":
            st.info(t("sidebar_demo"))
        elif src.kind == "store":
            st.markdown(t("sidebar_store", name=md_escape(src.name)))
        else:
            st.markdown(t("sidebar_upload", name=md_escape(src.name)))
        st.caption(tables.scenario_summary(state.scenario(), state.lang()))
        badge, _ = tables.source_badge(src.kind, md_escape(src.name), state.is_modified(),
                                       state.lang())
        st.caption(badge)
        bad = state.rejected()
        if bad is not None:
            st.warning(t("sidebar_rejected", name=md_escape(bad.name)))


def _skip_repl_check() -> None:
    """Before the first element of a process, Streamlit checks whether it runs in a Python REPL,
    to warn that apps belong under `streamlit run`; the check (inspect.stack()) costs 0,2 s of
    the first page load. This file only ever runs under `streamlit run`: mark it as done."""
    try:
        from streamlit import delta_generator as dg

        if hasattr(dg, "_use_warning_has_been_displayed"):
            dg._use_warning_has_been_displayed = True
    except ImportError:  # a Streamlit without that module: nothing to skip
        pass


def _page() -> None:
    st.set_page_config(page_title="Draagkracht", page_icon=":material/factory:", layout="wide")
    _skip_repl_check()
    st.session_state.setdefault(state.LANG, "nl")
    _language_switch()
    auth.gate()  # login (or local mode on 127.0.0.1 only) before anything else is shown
    _initialise()
    _sidebar()

    menu = [
        st.Page(p.path, title=t(p.nav_key), icon=p.icon, default=True) if p.url_path is None
        else st.Page(p.path, title=t(p.nav_key), icon=p.icon, url_path=p.url_path)
        for p in pages.PAGES
    ]
    page = st.navigation(menu)
    a11y.document(page.title, state.lang())  # page title, <html lang>, Dutch names (ui/a11y.py)
    page.run()


if __name__ == "__main__":
    _page()
