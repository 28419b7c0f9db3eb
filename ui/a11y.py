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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from allocation import format as fmt
from ui import tables
from ui.text import TEXT, t

APP_NAME = "Draagkracht"
# Session key: this run shows the charts' numbers in the sidebar (set by the presentation
# page, which fills one screen; reset by `document` at the start of every run).
NUMBERS_IN_SIDEBAR = "dk_a11y_numbers_in_sidebar"

# Streamlit's English names (ui/text.py a11y_*: English = Streamlit's text) for the controls a
# keyboard or screen-reader user meets: attributes (aria-label, aria-roledescription) and the
# visible text of the skip link and of tooltips.
_STREAMLIT_NAMES = ("a11y_skip", "a11y_heading_link", "a11y_show_data", "a11y_show_chart",
                    "a11y_png", "a11y_copy_spec", "a11y_copied", "a11y_fullscreen",
                    "a11y_close_fullscreen", "a11y_exit_fullscreen", "a11y_search",
                    "a11y_columns", "a11y_open", "a11y_close", "a11y_clear_all",
                    "a11y_collapse_sidebar", "a11y_expand_sidebar", "a11y_sidebar", "a11y_pages",
                    "a11y_file_input", "a11y_visualization")
_PREFIXED_NAMES = ("a11y_help_for",)  # "Help for {label}"

# One script, re-sent (and so re-run) when the language changes. It marks the document's
# language, and keeps a MutationObserver on the document that gives Streamlit's controls the
# names of the page's language as Streamlit draws and redraws them. Each attribute or text
# remembers the value Streamlit gave it, so switching back to English restores Streamlit's.
# It also hides from assistive technology what has a text equivalent already: icon ligatures
# ("home", "upload"), the SVG inside a chart (the chart's name is its sentence, its numbers are
# in the table under it), and the uploader's English size line (the app's CSS shows its own).
_SCRIPT = """<script>
(() => {
  window.__dkA11y = %s;
  document.documentElement.lang = window.__dkA11y.lang;
  if (window.__dkA11yApply) { window.__dkA11yApply(); return; }
  const own = (node, slot, current, wanted) => {
    // the value Streamlit gave (kept until Streamlit gives another), and what we set
    const memo = node.__dkA11y || (node.__dkA11y = {});
    if (!memo[slot] || current !== memo[slot][1]) memo[slot] = [current, null];
    const value = wanted(memo[slot][0]);
    memo[slot][1] = value;
    return value;
  };
  const name = (text) => {
    const cfg = window.__dkA11y;
    if (Object.prototype.hasOwnProperty.call(cfg.names, text)) return cfg.names[text];
    for (const [from, to] of cfg.prefixes) {
      if (text.startsWith(from)) return to + text.slice(from.length);
    }
    return text;
  };
  const attribute = (el, attr, wanted) => {
    const current = el.getAttribute(attr);
    if (current === null) return;
    const value = own(el, attr, current, wanted);
    if (value !== current) el.setAttribute(attr, value);
  };
  const texts = (el, wanted) => {
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const current = node.nodeValue;
      if (!current.trim()) continue;
      const value = own(node, "text", current, wanted);
      if (value !== current) node.nodeValue = value;
    }
  };
  const apply = () => {
    const cfg = window.__dkA11y;
    document.documentElement.lang = cfg.lang;
    for (const el of document.querySelectorAll("[aria-label]")) attribute(el, "aria-label", name);
    for (const el of document.querySelectorAll("[aria-roledescription]")) {
      attribute(el, "aria-roledescription", name);
    }
    for (const el of document.querySelectorAll(cfg.textsOf)) texts(el, name);
    for (const el of document.querySelectorAll(cfg.blank)) texts(el, () => "");
    for (const el of document.querySelectorAll(cfg.hidden)) {
      if (el.getAttribute("aria-hidden") !== "true") el.setAttribute("aria-hidden", "true");
    }
    for (const el of document.querySelectorAll(cfg.uploadButton)) {
      if (el.getAttribute("aria-label") !== cfg.upload) el.setAttribute("aria-label", cfg.upload);
    }
  };
  let queued = false;
  window.__dkA11yApply = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; apply(); });
  };
  new MutationObserver(window.__dkA11yApply).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["aria-label", "aria-roledescription", "aria-hidden"],
  });
  apply();
})();
</script>"""

_TEXTS_OF = "[data-testid=stSkipToContent], [data-testid=stTooltipContent], [role=tooltip]"
_BLANK = "[data-testid=stFileUploaderDropzoneInstructions] span"
_HIDDEN = ("[data-testid=stIconMaterial], span[aria-label$=' icon'], "
           "[data-testid=stVegaLiteChart] > svg, "
           "[data-testid=stVegaLiteChart] > canvas")
_UPLOAD_BUTTON = "[data-testid=stFileUploaderDropzone] button"


def _script_config(lang: str) -> dict[str, Any]:
    """What the script needs, in `lang`: on an English page Streamlit's names stay."""
    names = {} if lang == "en" else {t(k, "en"): t(k, lang) for k in _STREAMLIT_NAMES}
    prefixes = [] if lang == "en" else [
        [t(k, "en").split("{label}")[0], t(k, lang).split("{label}")[0]]
        for k in _PREFIXED_NAMES]
    return {"lang": "en" if lang == "en" else "nl", "names": names, "prefixes": prefixes,
            "textsOf": _TEXTS_OF, "blank": _BLANK, "hidden": _HIDDEN,
            "uploadButton": _UPLOAD_BUTTON, "upload": t("upload_button", lang)}


def document(page_title: str, lang: str) -> None:
    """The browser tab names the page ("Verdeling — Draagkracht"), the document is marked as
    Dutch or English, whichever the NL/EN switch says (WCAG 2.4.2, 3.1.1), and Streamlit's own
    controls get names in that language (3.1.2, 4.1.2)."""
    import streamlit as st

    st.session_state[NUMBERS_IN_SIDEBAR] = False
    st.set_page_config(page_title=t("a11y_page_title", lang, page=page_title, app=APP_NAME))
    # In the sidebar, after everything else there: the script element takes no room in the
    # page's main column (the presentation page fills exactly one screen). `</` cannot end the
    # script early: json.dumps escapes no slash, so it is written as `<\/`.
    config = json.dumps(_script_config(lang), ensure_ascii=False).replace("</", "<\\/")
    st.sidebar.html(_SCRIPT % config, unsafe_allow_javascript=True)


# -- charts: a sentence and a table for every chart --------------------------------------------

_CHILDREN = ("layer", "concat", "hconcat", "vconcat")
_MEASURE_CHANNELS = ("size", "x", "y", "theta", "x2", "y2")  # where a chart's amount sits
_FIELD_CHANNELS = ("x", "y", "color", "size", "theta", "text", "xOffset", "yOffset")
_AGGREGATES = {"sum": "sum", "mean": "mean", "average": "mean", "median": "median",
               "min": "min", "max": "max", "count": "count"}
LABELS_IN_SENTENCE = 2  # "2027, Collectieve projecten": at most this many label columns


@dataclass(frozen=True)
class ChartText:
    """A chart in words: one sentence, and its numbers as a table (kinds as in ui.tables)."""

    sentence: str
    table: tables.Table


def _views(spec: Mapping[str, Any], data: Any = None) -> Iterator[tuple[Mapping[str, Any], Any]]:
    """Every unit view (one mark) of a spec with the data it draws (inherited from above)."""
    data = spec.get("data", data) or data
    if "mark" in spec:
        yield spec, data
    for key in _CHILDREN:
        for child in spec.get(key) or ():
            if isinstance(child, Mapping):
                yield from _views(child, data)
    if isinstance(spec.get("spec"), Mapping):
        yield from _views(spec["spec"], data)


def _rows(data: Any, datasets: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if not isinstance(data, Mapping):
        return []
    rows = datasets.get(data["name"], []) if "name" in data else data.get("values", [])
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def _fields(view: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The fields a view tells about: its tooltip (the curated list of what one mark means),
    or else its encoding channels; and what its colours mean, which the table must say in
    words (WCAG 1.4.1: "Strategisch: ja" is a colour in the chart)."""
    enc = view.get("encoding") or {}
    tip = enc.get("tooltip")
    if isinstance(tip, list):
        fields = [f for f in tip if isinstance(f, Mapping) and f.get("field")]
    elif isinstance(tip, Mapping) and tip.get("field"):
        fields = [tip]
    else:
        return [enc[c] for c in _FIELD_CHANNELS
                if isinstance(enc.get(c), Mapping) and enc[c].get("field")]
    colour = enc.get("color")
    if isinstance(colour, Mapping) and colour.get("field") and colour.get("type") != "quantitative":
        fields.append(colour)
    return fields


def _kind(field: Mapping[str, Any]) -> str:
    """The ui.tables kind of a field, from its Vega type and d3 format (allocation.charts)."""
    if field.get("type") != "quantitative":
        return "text"
    number_format = str(field.get("format") or "")
    if number_format.startswith("$"):
        return "eur"
    if number_format.endswith("%"):
        return "pct"
    return {",.1f": "points1", ",.2f": "ratio", ",.3f": "price", "d": "int"}.get(number_format,
                                                                               "")


def _header(field: Mapping[str, Any], views: list[Mapping[str, Any]], lang: str) -> str:
    """A column's header: the field's title, else the title another channel gives it, else the
    app's word for it (a11y_field_*), else its name."""
    name = str(field["field"])
    titles = [field.get("title")] + [
        ch.get("title") for v in views for ch in (v.get("encoding") or {}).values()
        if isinstance(ch, Mapping) and ch.get("field") == name]
    for title in titles:
        if isinstance(title, str) and title.strip() and title.strip() != "€":
            return title.strip()
    key = f"a11y_field_{name}"
    return t(key, lang) if key in TEXT else name


def _numbers(spec: Mapping[str, Any], lang: str) -> tuple[pd.DataFrame, dict[str, str], str]:
    """The table behind a chart: the rows of its most informative view (the one with a tooltip
    and the most rows, with the fields of every layer that draws the same rows), aggregated as
    the chart aggregates them; with each column's kind, and which column is the measure."""
    datasets = spec.get("datasets") or {}
    views = [(v, d, _rows(d, datasets)) for v, d in _views(spec)]
    views = [x for x in views if x[2]]
    if not views:
        return pd.DataFrame(), {}, ""
    tipped = [x for x in views if "tooltip" in (x[0].get("encoding") or {})] or views
    _, data, rows = max(tipped, key=lambda x: len(x[2]))
    same = [v for v, d, _ in views if d is data or d == data]
    columns: dict[str, dict[str, Any]] = {}
    for view in same:
        for field in _fields(view):
            name = str(field["field"])
            if name in columns or not any(name in r for r in rows):
                continue
            columns[name] = {**field, "header": _header(field, same, lang)}
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=list(columns))
    aggregate = {name: _AGGREGATES[str(ch.get("aggregate"))] for view in same
                 for ch in (view.get("encoding") or {}).values()
                 if isinstance(ch, Mapping) and (name := str(ch.get("field"))) in columns
                 and str(ch.get("aggregate")) in _AGGREGATES}
    keys = [c for c, f in columns.items() if _kind(f) == "text" and c not in aggregate]
    if aggregate and keys:
        frame = frame.groupby(keys, sort=False, dropna=False).agg(aggregate).reset_index()
        frame = frame[[c for c in columns if c in frame.columns]]
    kinds = {columns[c]["header"]: _kind(columns[c]) for c in frame.columns}
    frame = frame.rename(columns={c: columns[c]["header"] for c in frame.columns})
    frame = frame.loc[:, ~frame.columns.duplicated()]
    # the measure: the amount the marks show (size, then position), else the first number
    enc_fields = [str(ch.get("field")) for v in same for c in _MEASURE_CHANNELS
                  if isinstance(ch := (v.get("encoding") or {}).get(c), Mapping)
                  and ch.get("type") == "quantitative"]
    order = [columns[f]["header"] for f in enc_fields if f in columns]
    order += [h for h, k in kinds.items() if k != "text"]
    return frame, kinds, next((h for h in order if h in frame.columns), "")


def chart_text(spec: Mapping[str, Any], lang: str, title: str | None = None) -> ChartText:
    """What a chart says, in words: "<what>: <n> values, the highest is <x> (<label>)." and
    the same numbers as a table."""
    frame, kinds, measure = _numbers(spec, lang)
    labels = [c for c in frame.columns if kinds.get(c) == "text"][:LABELS_IN_SENTENCE]
    what = title or (t("a11y_chart_what", lang, measure=measure,
                       by=t("a11y_chart_and", lang).join(labels)) if measure and labels
                     else measure or t("a11y_chart", lang))
    table = tables.Table(frame, kinds={c: k for c, k in kinds.items() if k not in ("text", "")})
    values = pd.to_numeric(frame[measure], errors="coerce") if measure else pd.Series(dtype=float)
    if values.dropna().empty:
        return ChartText(t("a11y_chart_none", lang, what=what) if frame.empty else what + ".",
                         table)
    top = values.idxmax()
    kind = kinds.get(measure, "")
    top_label = ", ".join(str(frame.at[top, c]) for c in labels) or measure
    sentence = t("a11y_chart_sentence", lang, what=what, n=fmt.num(len(values.dropna())),
                 top=tables.cell_text(kind)(values[top]), label=top_label)
    if kind == "eur" and (values.dropna() >= 0).all() and len(values.dropna()) > 1:
        sentence += t("a11y_chart_total", lang, total=fmt.eur(values.sum()))
    return ChartText(sentence, table)
