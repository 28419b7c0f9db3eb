"""Reusable Streamlit pieces: page start, status banner, KPI tiles, tables, charts, errors.

User texts (park names, file names, scenario names) are escaped with `md_escape` before they
enter Markdown, or shown in dataframes/plain text, so they are always displayed literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.domain import InputIssue, Scenario
from allocation.result import AllocationResult
from ui import a11y, cache, state, tables
from ui.text import md_escape, t

# Larger tiles for the projector (presentation page); style only, no user content.
_BIG_TILES_CSS = """
<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem; }
/* seven tiles fit one row on a 1920 px projector; on a narrower screen they wrap (4 + 3)
   rather than cut their figures ("€ 23,0…") */
@media (max-width: 1799px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap; row-gap: 0.6rem; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] { min-width: calc(25% - 1rem); }
}
</style>
"""

# The presentation page fills one 1920×1080 screen: less white space above and between blocks.
_PRESENTATION_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem; padding-bottom: 0.5rem; }
[data-testid="stHeader"] { background: transparent; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
[data-testid="stMain"] h1 { font-size: 1.9rem; padding: 0 0 0.3rem 0; }
/* the goal presets wrap on a narrow screen instead of hiding the last one */
[data-testid="stMain"] [data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
</style>
"""


# Streamlit's file uploader writes its own English texts ("Upload", "20MB per file • XLSX");
# these rules show the app's texts in their place (style only; the texts are our constants).
_UPLOADER_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{hint}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 0.875rem; }}
</style>
"""


def uploader_texts() -> None:
    """Put the app's own (translated) texts in the file uploader on this page."""
    max_mb = int(st.get_option("server.maxUploadSize") or 20)

    def css_text(key: str, **values: Any) -> str:
        return t(key, **values).replace("\\", "").replace('"', "'")

    st.html(_UPLOADER_CSS.format(hint=css_text("upload_dropzone", mb=max_mb),
                                 button=css_text("upload_button")))


def presentation_mode() -> None:
    """Projector layout: sidebar collapsed (it opens with its arrow), compact spacing."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(_PRESENTATION_CSS)
    # the charts' numbers (their text alternative) go to the sidebar: this page has no room
    st.session_state[a11y.NUMBERS_IN_SIDEBAR] = True


def page_start(title_key: str, intro_key: str | None = None) -> Scenario | None:
    """Title, intro and one-off notices; returns the active scenario (None if none loaded)."""
    st.set_page_config(initial_sidebar_state="expanded")  # back after the presentation page
    st.title(t(title_key))
    if intro_key:
        st.caption(t(intro_key))
    flash = state.pop_flash()
    if flash:
        kind, nl, en = flash
        text = en if state.lang() == "en" else nl
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)
    if not state.is_initialised():
        st.warning(t("no_data_yet"))
        return None
    return state.scenario()


def solve_active(reasons: bool = True) -> AllocationResult:
    """The active scenario's allocation (cached); `reasons=False` for a page that shows only
    totals (cache.solve_totals)."""
    with st.spinner(t("solving")):
        if not reasons:
            return cache.solve_totals(state.scenario())
        return cache.solve_scenario(state.scenario())


def status_banner(result: AllocationResult) -> None:
    lang = state.lang()
    secs = fmt.seconds(result.timings.get("solve", 0.0) + result.timings.get("build", 0.0))
    if result.status == "optimal":
        st.success(t("status_optimal", seconds=secs))
    elif result.status == "time_limit":
        st.warning(t("status_time_limit", seconds=fmt.seconds(result.time_limit_s)))
    elif result.status == "infeasible":
        status_line(result)
        diagnosis = result.diagnosis
        findings = diagnosis.findings if diagnosis else []
        if diagnosis is not None and findings:
            with st.expander(t("diagnosis_details", n=len(findings))):
                # the arithmetic checks, then what the changes are and how they are ranked
                # (the heading), then the changes themselves
                for group, head in ((diagnosis.arithmetic, ""),
                                    (diagnosis.relaxations, diagnosis.heading(lang))):
                    if head and group:
                        st.markdown(md_escape(head))
                    if group:
                        st.markdown("\n".join(f"- {md_escape(f.message(lang))}" for f in group))
    else:
        st.error(t("status_error", message=md_escape(result.message(lang))))


def infeasible_sentence(result: AllocationResult) -> str:
    """One line: no allocation, and the change that makes one possible."""
    lang = state.lang()
    advice = (result.diagnosis.summary(lang) if result.diagnosis is not None
              else result.message(lang) or t("diagnosis_none"))
    return t("status_infeasible_line", advice=advice)


def status_line(result: AllocationResult) -> None:
    """The outcome in one line, and nothing when it is simply optimal (presentation page)."""
    if result.status == "infeasible":
        st.error(md_escape(infeasible_sentence(result)), icon=":material/block:")
    elif result.status == "time_limit":
        st.warning(t("status_time_limit", seconds=fmt.seconds(result.time_limit_s)))
    elif result.status != "optimal":
        st.error(t("status_error", message=md_escape(result.message(state.lang()))))


def kpi_tiles(result: AllocationResult, columns: int = 4, big: bool = False,
              skip: Sequence[int] = ()) -> None:
    """The headline tiles; `skip` leaves out tiles by position (see tables.kpi_items)."""
    if big:
        st.markdown(_BIG_TILES_CSS, unsafe_allow_html=True)
    items = [k for i, k in enumerate(tables.kpi_items(result, state.lang())) if i not in skip]
    for start in range(0, len(items), columns):
        cols = st.columns(columns)
        for col, (label, value, help_text) in zip(cols, items[start:start + columns],
                                                  strict=False):
            col.metric(label, value, help=help_text, border=True)


ISSUES_SHOWN = 200  # a workbook with thousands of problems: the first ones, and how many more


def issues_table(issues: Sequence[InputIssue]) -> None:
    """Problems in a static table whose messages wrap (never cut off mid-sentence)."""
    frame = tables.issues_frame(issues[:ISSUES_SHOWN], state.lang())
    st.table(frame, hide_index=True)
    if len(issues) > ISSUES_SHOWN:
        st.caption(t("issues_more", n=len(issues) - ISSUES_SHOWN))


def chart(obj: Any, key: str | None = None, title: str | None = None,
          inline: bool = False) -> None:
    """An Altair chart with its text alternative (WCAG 1.1.1, ui.a11y.chart_text): one sentence
    as the chart's accessible name, and the sentence with the chart's numbers as a table in an
    expander under it, for whoever cannot see or read the chart. Every chart of the app comes
    here.

    The spec is built without Altair's schema validation (the builders are tested with
    validation, in tests/test_charts.py): validating a 700-park map costs about 0,3 s on every
    rerun. Vega's action menu stays off (Streamlit embeds with actions: false)."""
    spec = obj.to_dict(validate=False)
    text = a11y.chart_text(spec, state.lang(), title)
    spec["description"] = text.sentence  # Vega's aria-label (else "Vega visualization")
    # No English ARIA descriptions of every mark and axis ("X-axis titled ..."): the sentence
    # and the table say the same in the page's language.
    spec["config"] = {**spec.get("config", {}), "aria": False}
    st.vega_lite_chart(spec, width="stretch", key=key)
    # the projector page puts the tables in the sidebar (one screen); a fragment (the live
    # room screen, refreshed on its own: `inline=True`) may not write outside itself
    if st.session_state.get(a11y.NUMBERS_IN_SIDEBAR) and not inline:
        box = st.sidebar.expander(t("a11y_numbers_of", what=title or t("a11y_chart")))
    else:
        box = st.expander(t("a11y_numbers"))
    with box:
        st.markdown(md_escape(text.sentence))
        # a static HTML table (not the canvas grid of st.dataframe): screen readers read it
        # cell by cell, with its headers
        st.table(tables.styled(text.table), hide_index=True)


def titled_chart(title_key: str, obj: Any, caption_key: str | None = None) -> None:
    st.subheader(t(title_key))
    chart(obj, title=t(title_key))
    if caption_key:
        st.caption(t(caption_key))


def spending_and_goals(result: AllocationResult, scenario: Scenario, captions: bool) -> None:
    """The first row of both the allocation and the presentation page."""
    from allocation import charts  # altair: only pages with charts pay its import (cold start)

    lang = state.lang()
    labels = {c.category: c.label or c.category for c in scenario.categories}
    left, right = st.columns([3, 2])
    with left:
        titled_chart("ch_years",
                     charts.spending_by_year(result.allocation, result.by_year, labels, lang),
                     "ch_years_caption" if captions else None)
    with right:
        titled_chart("ch_goals", charts.value_by_goal(result.value_by_goal, lang))


def edit_message() -> None:
    msg = state.edit_message()
    if msg:
        reason = msg[1] if state.lang() == "en" else msg[0]
        st.error(t("edit_refused", reason=md_escape(reason)))


def store_action(action: Callable[[], Any], done_key: str, **values: str) -> None:
    """Run one store write; on success say so (in both languages) after a rerun, else explain.

    `values` fill the message; an action may return a dict of values known only afterwards
    (the name as stored). They are user texts and are escaped here."""
    from allocation.store import StoreError  # sqlalchemy: only store pages pay its import

    try:
        outcome = action()
    except StoreError as err:
        store_error(err)
        return
    if isinstance(outcome, dict):
        values = {**values, **outcome}
    safe = {k: md_escape(v) for k, v in values.items()}
    state.set_flash("success", t(done_key, "nl", **safe), t(done_key, "en", **safe))
    st.rerun()


def store_error(err: Exception) -> None:
    message = err.message(state.lang()) if hasattr(err, "message") else str(err)
    st.error(t("sc_store_error", message=md_escape(message)))


_ROW_PX, _HEADER_PX = 35, 38  # st.dataframe's row and header heights


def fitted_height(rows: int, max_height: int) -> int:
    """A table's height: its rows, up to max_height (then it scrolls); never empty rows."""
    return min(max_height, _HEADER_PX + _ROW_PX * rows + 3)


def plain_table(table: pd.DataFrame | tables.Table, max_height: int | None = None) -> None:
    """A read-only table; with max_height it scrolls beyond that, but never shows empty rows.

    A `tables.Table` keeps its numbers numeric (header clicks sort by value) and shows them in
    the app's notation; long texts get a wide column."""
    if isinstance(table, pd.DataFrame):
        table = tables.Table(table)
    config: dict[str, Any] = {c: st.column_config.TextColumn(c, width="large")
                              for c in table.wide}
    for c in table.pinned:
        config[c] = st.column_config.TextColumn(c, pinned=True)
    if table.frame.size > tables.STYLE_MAX_CELLS:  # no Styler: Streamlit's (browser) formats
        for c, kind in table.kinds.items():
            money = kind.startswith("eur")
            config[c] = st.column_config.NumberColumn(c, format="euro" if money else "localized",
                                                      step=1 if money else 0.1)
    kwargs: dict[str, Any] = {}
    if max_height is not None:
        kwargs["height"] = fitted_height(len(table), max_height)
    st.dataframe(tables.styled(table), hide_index=True, width="stretch",
                 column_config=config or None, placeholder="", **kwargs)  # never "None"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def download(label_key: str, make: Callable[[], bytes], file_name: str, key: str,
             mime: str = XLSX) -> None:
    """The app's one download button. The file is made when it is clicked (Streamlit's deferred
    data), so no rerun builds an export that nobody downloads (writing the results workbook of
    700 parks takes seconds). A file that fails to build is logged by Streamlit and the button
    says the download failed; the page is never broken by it."""
    st.download_button(t(label_key), data=make, file_name=file_name, mime=mime, key=key,
                       icon=":material/download:", on_click="ignore")
