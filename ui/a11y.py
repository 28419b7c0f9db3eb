"""Accessibility (WCAG 2.1 AA, docs/accessibility.en.md) where Streamlit cannot be configured.

`document(page_title)` runs once per script run (app.py): the page title names the page, and
the document language follows the NL/EN switch. Streamlit writes `<html lang="en">` and has no
option for it, so a small script of ours sets `document.documentElement.lang`. It is sent with
`st.html(..., unsafe_allow_javascript=True)`: Streamlit's documented way to run a script in
the app's own document (no iframe, no third-party component); it carries only this module's
constants and texts from ui/text.py, never anything a user typed.

`chart_text(spec, lang)` is a chart's text alternative (WCAG 1.1.1): one sentence (what the
chart shows and its main figure) and the same numbers as a table; ui.render.chart shows both
with every chart. It reads the Vega-Lite spec itself, so each chart's table is the data that
chart draws and no chart needs a description of its own.
"""

from __future__ import annotations

import json

from ui.text import t

APP_NAME = "Draagkracht"

# Set the document language; re-sent (and so re-run) whenever the language changes.
_SCRIPT = """<script>
(() => {
  const cfg = %s;
  const doc = document;
  doc.documentElement.lang = cfg.lang;
})();
</script>"""


def document(page_title: str, lang: str) -> None:
    """The browser tab names the page ("Verdeling — Draagkracht") and the document is marked
    as Dutch or English, whichever the NL/EN switch says (WCAG 2.4.2, 3.1.1)."""
    import streamlit as st

    st.set_page_config(page_title=t("a11y_page_title", lang, page=page_title, app=APP_NAME))
    cfg = {"lang": "en" if lang == "en" else "nl"}
    # In the sidebar, after everything else there: the script element takes no room in the
    # page's main column (the presentation page fills exactly one screen).
    st.sidebar.html(_SCRIPT % json.dumps(cfg, ensure_ascii=False),
                    unsafe_allow_javascript=True)
