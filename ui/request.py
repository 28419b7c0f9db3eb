"""The data round on the Gegevens page: make request workbooks, upload the returns, read the
merge report, accept all or per park, and see per park where each value came from.

Pure table builders first (tested without Streamlit), then `section`, which draws it all.
Every user text (park names, file names, parties, values) goes into dataframes, never into
Markdown unescaped.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

import pandas as pd

from allocation import format as fmt
from allocation.domain import Scenario
from allocation.request.identity import DEFAULT_FIELDS, ID_FIELDS, MONITORING_FIELDS
from allocation.request.make import RequestRound
from allocation.request.merge import MergeReport
from allocation.request.provenance import Provenance
from allocation.workbook.spec import MONITORING, PARKS
from ui.text import TEXT, t

BY = ("municipality", "organisation", "region")
KINDS = ("parks", "monitoring")
UPLOAD_MAX_FILES = 200


def _col(name: str) -> Any:
    spec = PARKS if name in {c.name for c in PARKS.columns} else MONITORING
    return spec.col(name)


def field_label(name: str, lang: str = "nl") -> str:
    for key in (f"request_f_{name}", f"col_{name}"):
        if key in TEXT:
            return t(key, lang).replace(" (%)", "")
    return str(_col(name).nl)


def askable(kind: str) -> list[str]:
    if kind == "monitoring":
        return list(MONITORING_FIELDS)
    return [c.name for c in PARKS.columns if c.name not in ID_FIELDS]


def default_fields(kind: str, by: str) -> list[str]:
    return list(MONITORING_FIELDS if kind == "monitoring" else DEFAULT_FIELDS[by])


def shown(value: Any, lang: str = "nl", field_name: str = "") -> str:
    """A value as the report shows it: ja/nee, shares as percentages, numbers in the app's
    notation (3,1 and 10.000), (leeg)."""
    if value is None:
        return t("request_empty", lang)
    if isinstance(value, bool):
        return t("request_yes", lang) if value else t("request_no", lang)
    if isinstance(value, int | float):
        share = bool(field_name) and _col(field_name).kind == "share"
        return fmt.by_kind(value, "pct" if share else "number")
    return str(value)


def round_zip(rnd: RequestRound) -> bytes:
    """Every request workbook of the round plus uitvraag.json (what was sent), in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in rnd.files:
            z.writestr(f.name, f.data)
        z.writestr("uitvraag.json", json.dumps(rnd.manifest(), ensure_ascii=False, indent=2))
    return buf.getvalue()


def files_frame(report: MergeReport, lang: str = "nl") -> pd.DataFrame:
    rows = [{t("request_h_file", lang): f.file, t("request_h_party", lang): f.party,
             t("request_h_state", lang): t("request_used" if f.used else "request_refused",
                                            lang),
             t("request_h_reason", lang): (f.reason_en if lang == "en" else f.reason_nl)
             or ("" if not f.problems else t("request_rows_ignored", lang, n=len(f.problems)))}
            for f in report.files]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "request_h_file", "request_h_party", "request_h_state", "request_h_reason")])


def problems_frame(report: MergeReport, lang: str = "nl", *,
                   warnings: bool = False) -> pd.DataFrame:
    items = report.warnings if warnings else report.problems
    rows = [{t("request_h_file", lang): p.file, t("issues_sheet", lang): p.sheet or "",
             t("issues_row", lang): "" if p.row is None else str(p.row),
             t("issues_column", lang): p.column or "",
             t("issues_value", lang): "" if p.value is None else str(p.value),
             t("issues_message", lang): p.message(lang)} for p in items]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "request_h_file", "issues_sheet", "issues_row", "issues_column", "issues_value",
        "issues_message")])


STATUS_KEYS = {"change": "request_st_change", "conflict_files": "request_st_files",
               "not_asked": "request_st_not_asked"}


def changes_frame(report: MergeReport, lang: str = "nl") -> pd.DataFrame:
    """Per park and field: old and new value, the file and party, and the status."""
    rows = [{t("col_park_id", lang): c.park_id, t("col_name", lang): c.park_name,
             t("request_h_field", lang): field_label(c.field, lang),
             t("request_h_old", lang): shown(c.old, lang, c.field),
             t("request_h_new", lang): shown(c.new, lang, c.field),
             t("request_h_file", lang): c.file, t("request_h_party", lang): c.party,
             t("request_h_status", lang): t(STATUS_KEYS[c.status], lang)}
            for c in report.changes]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "col_park_id", "col_name", "request_h_field", "request_h_old", "request_h_new",
        "request_h_file", "request_h_party", "request_h_status")])


def missing_frame(report: MergeReport, lang: str = "nl") -> pd.DataFrame:
    rows = [{t("col_park_id", lang): p, t("col_name", lang): n,
             t("request_h_party", lang): party} for p, n, party in report.missing]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "col_park_id", "col_name", "request_h_party")])


def provenance_frame(sources: Sequence[Any], lang: str = "nl") -> pd.DataFrame:
    """One park's supplied values: field, value, previous, round, party, file, when."""
    rows = [{t("request_h_field", lang): field_label(s.field, lang)
             + (f" ({s.round_label})" if s.round_label else ""),
             t("request_h_value", lang): shown(s.value, lang, s.field),
             t("request_h_old", lang): shown(s.previous, lang, s.field),
             t("request_h_round", lang): s.round_id,
             t("request_h_party", lang): s.party if s.party_kind.casefold()
             in s.party.casefold() else f"{s.party} ({s.party_kind})",
             t("request_h_file", lang): s.file,
             t("request_h_saved", lang): _when(s.supplied_at),
             t("request_h_merged", lang): _when(s.merged_at)} for s in sources]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "request_h_field", "request_h_value", "request_h_old", "request_h_round",
        "request_h_party", "request_h_file", "request_h_saved", "request_h_merged")])


def _when(iso: str) -> str:
    """2027-03-01T09:15:00Z -> 01-03-2027 09:15 (UTC)."""
    if len(iso) < 10:
        return iso
    day = f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}"
    return f"{day} {iso[11:16]} (UTC)" if len(iso) >= 16 else day


def park_options(scenario: Scenario, provenance: Provenance) -> dict[str, str]:
    """Parks with supplied values: id -> 'id · name'."""
    names = {p.park_id: p.name for p in scenario.parks}
    ids = sorted({s.park_id for s in provenance.entries.values()})
    return {pid: f"{pid} · {names.get(pid, '')}" for pid in ids}


# -- the page section --------------------------------------------------------------------------


def section(scenario: Scenario) -> None:
    """Make, collect and merge a data round; the provenance per park."""
    import streamlit as st

    from ui import auth

    st.subheader(t("request_title"))
    st.caption(t("request_intro"))
    allowed = auth.current().can("upload")
    kind = st.segmented_control(
        t("request_kind"), options=list(KINDS), default="parks", required=True,
        format_func=lambda k: t(f"request_kind_{k}"), key="dk_request_kind") or "parks"
    with st.expander(t("request_make_title"), expanded=False):
        _make(scenario, kind, allowed)
    _collect(scenario, kind, allowed)
    _provenance(scenario)


def _make(scenario: Scenario, kind: str, allowed: bool) -> None:
    import streamlit as st

    from allocation.request.make import RequestError, make_requests
    from ui import state
    from ui.render import download

    lang = state.lang()
    c1, c2 = st.columns(2)
    with c1:
        by = st.radio(t("request_by"), options=list(BY), horizontal=True,
                      format_func=lambda b: t(f"request_by_{b}"), key="dk_request_by")
    with c2:
        due = st.date_input(t("request_due"), value=None, format="DD-MM-YYYY",
                            key="dk_request_due")
    fields = st.multiselect(t("request_fields"), options=askable(kind),
                            default=default_fields(kind, by), key=f"dk_request_fields_{kind}_{by}",
                            format_func=lambda f: field_label(f, lang))
    contact = st.text_input(t("request_contact"), key="dk_request_contact", max_chars=200)
    round_date = None
    if kind == "monitoring":
        round_date = st.date_input(t("request_round_date"), format="DD-MM-YYYY",
                                   key="dk_request_round_date")
    if st.button(t("request_make"), key="dk_request_make", disabled=not allowed or not fields,
                 icon=":material/outgoing_mail:"):
        try:
            rnd = make_requests(scenario, by, fields, kind=kind, due=due, contact=contact,
                                monitoring=state.monitoring(), round_date=round_date)
        except RequestError as err:
            st.error(err.message(lang))
        else:
            st.session_state[state.REQUEST_ROUND] = rnd
    made = st.session_state.get(state.REQUEST_ROUND)
    if made is not None:
        st.success(t("request_made", n=len(made.files), code=made.round_id))
        download("request_download", lambda: round_zip(made), f"uitvraag_{made.round_id}.zip",
                 "dl_request_zip", "application/zip")


STATIC_ROWS = 60  # up to this many rows a static table (texts wrap, all readable at once)


def _table(frame: pd.DataFrame, max_height: int = 420) -> None:
    import streamlit as st

    from ui.render import plain_table

    if len(frame) <= STATIC_ROWS:
        st.table(frame, hide_index=True)
    else:
        plain_table(frame, max_height=max_height)


def _collect(scenario: Scenario, kind: str, allowed: bool) -> None:
    import streamlit as st

    from allocation.request.merge import merge_returns
    from ui import state

    lang = state.lang()
    gen = int(st.session_state.get(state.REQUEST_UPLOADS, 0))
    uploads = st.file_uploader(t("request_upload"), type=["xlsx", "xlsm"],
                               accept_multiple_files=True, help=t("request_upload_help"),
                               key=f"dk_request_upload_{gen}", disabled=not allowed)
    if not uploads:
        return
    uploads = list(uploads)[:UPLOAD_MAX_FILES]
    token = (kind, scenario.content_hash(), tuple(
        (u.name, u.size, getattr(u, "file_id", "")) for u in uploads))
    kept = st.session_state.get(state.REQUEST_REPORT)
    if kept is not None and kept[0] == token:
        report: MergeReport = kept[1]
    else:
        with st.spinner(t("request_checking")):
            report = merge_returns(scenario, [(u.name, u.getvalue()) for u in uploads],
                                   kind=kind, monitoring=state.monitoring(),
                                   provenance=state.provenance())
        st.session_state[state.REQUEST_REPORT] = (token, report)

    st.markdown(f"**{t('request_report')}**")
    used, refused = len(report.used_files), len(report.files) - len(report.used_files)
    st.caption(t("request_summary", used=used, total=len(report.files),
                 code=report.round_id or t("request_no_round")))
    _table(files_frame(report, lang))
    if refused:
        st.warning(t("request_refused_n", n=refused))
    if report.problems:
        st.markdown(f"**{t('request_problems')}**")
        _table(problems_frame(report, lang), 320)
    if report.warnings:
        st.markdown(f"**{t('request_warnings')}**")
        _table(problems_frame(report, lang, warnings=True), 320)
    conflicts = report.conflicts()
    if conflicts:
        st.warning(t("request_conflicts_n", n=len(conflicts)))
    st.markdown(f"**{t('request_changes')}**")
    if report.changes:
        _table(changes_frame(report, lang))
    else:
        st.caption(t("request_no_changes"))
    if report.missing:
        with st.expander(t("request_missing", n=len(report.missing))):
            _table(missing_frame(report, lang), 320)
    _accept(scenario, report, allowed)


def _accept(scenario: Scenario, report: MergeReport, allowed: bool) -> None:
    import streamlit as st

    from allocation.request.merge import apply_merge
    from ui import state
    from ui.text import md_escape

    proposed = report.parks() if report.kind == "parks" else list(report.records)
    if not proposed:
        return
    names = {p.park_id: p.name for p in scenario.parks}
    choose: dict[str, str] = {}
    disputed = sorted(report.conflict_parks())
    if disputed:
        st.markdown(f"**{t('request_choose')}**")
        for pid in disputed:
            files = list(dict.fromkeys(report.covered.get(pid, [])))
            pick = st.selectbox(t("request_choose_park", park=md_escape(f"{pid} · "
                                                                        f"{names.get(pid, '')}")),
                                options=["", *files], key=f"dk_request_choose_{pid}",
                                format_func=lambda f: f or t("request_choose_none"))
            if pick:
                choose[pid] = pick
    c1, c2 = st.columns([1, 2])
    accept: list[str] | None = None
    with c1:
        all_clicked = st.button(t("request_accept_all"), key="dk_request_accept_all",
                                type="primary", disabled=not allowed,
                                icon=":material/done_all:")
    with c2:
        picked = st.multiselect(t("request_accept_parks"), options=proposed,
                                key="dk_request_accept_pick",
                                placeholder=t("request_pick_parks"),
                                format_func=lambda p: f"{p} · {names.get(p, '')}")
        some_clicked = st.button(t("request_accept_some"), key="dk_request_accept_some",
                                 disabled=not allowed or not picked, icon=":material/done:")
    if not (all_clicked or some_clicked):
        return
    if some_clicked:
        accept = list(picked)
    try:
        merged = apply_merge(scenario, report, accept=accept, choose=choose,
                             monitoring=state.monitoring(), provenance=state.provenance())
    except ValueError as err:  # pydantic's ValidationError is a ValueError
        st.error(t("request_merge_invalid", error=md_escape(
            state.describe_validation_error(err, state.lang()))))
        return
    state.accept_merge(merged)
    nl, en = TEXT["request_accepted"]
    values = dict(n=len(merged.sources), parks=len(merged.parks),
                  code=md_escape(report.round_id))
    state.set_flash("success", nl.format(**values), en.format(**values))
    st.rerun()


def _provenance(scenario: Scenario) -> None:
    import streamlit as st

    from ui import state

    prov = state.provenance().matching(scenario)
    if not len(prov):
        return
    st.markdown(f"**{t('request_prov_title')}**")
    st.caption(t("request_prov_intro", n=len(prov)))
    options = park_options(scenario, prov)
    pid = st.selectbox(t("request_prov_park"), options=list(options),
                       format_func=lambda p: options[p], key=state.wkey("dk_request_prov_park"))
    if pid:
        _table(provenance_frame(prov.for_park(pid), state.lang()))
