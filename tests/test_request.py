"""The data round (issue 24): request workbooks made per party, returned with changes, merged
with provenance, and every kind of bad return refused or reported without losing the others.

The returns here are edited with openpyxl, as a person's Excel would save them; the LibreOffice
round trip is in tests/test_request_libreoffice.py.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import openpyxl
import pytest

from allocation.demo import make_demo_monitoring, make_demo_scenario
from allocation.domain import Scenario
from allocation.pipeline import solve
from allocation.request.identity import ID_SHEET, RequestMark
from allocation.request.make import RequestError, RequestRound, make_requests
from allocation.request.merge import MergeReport, apply_merge, merge_returns, read_mark
from allocation.request.provenance import Provenance, read_provenance
from allocation.workbook import read_workbook
from allocation.workbook.spec import MONITORING, PARKS

NL = {c.name: c.nl for c in PARKS.columns}


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return make_demo_scenario()


@pytest.fixture(scope="module")
def rnd(demo: Scenario) -> RequestRound:
    return make_requests(demo, "municipality")


def edit(data: bytes, changes: dict[tuple[str, str], Any] | None = None, *,
         sheet: str = "terreinen", add: list[dict[str, Any]] | None = None) -> bytes:
    """The workbook with cells changed as a person would in Excel: {(park id, field): value}
    (field by canonical name), and rows added at the bottom ({field: value})."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    spec = PARKS if sheet == "terreinen" else MONITORING
    heads = [c.value for c in ws[1]]
    col = {c.name: heads.index(c.nl) + 1 for c in spec.columns}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for (pid, name), value in (changes or {}).items():
        ws.cell(rows[pid], col[name]).value = value
    for row in add or []:
        r = ws.max_row + 1
        for name, value in row.items():
            ws.cell(r, col[name]).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_of(rnd: RequestRound, party: str) -> tuple[str, bytes, list[str]]:
    f = next(f for f in rnd.files if f.mark.party == party)
    return f.name, f.data, list(f.mark.parks)


def row_of(p: Any) -> dict[str, Any]:
    """A park as a row to type into the sheet (booleans as ja/nee)."""
    return {k: ("ja" if v else "nee") if isinstance(v, bool) else v
            for k, v in p.model_dump().items()}


def parties(demo: Scenario) -> list[str]:
    return list(dict.fromkeys(p.municipality for p in demo.parks))


def park(sc: Scenario, pid: str) -> Any:
    return next(p for p in sc.parks if p.park_id == pid)


def park_diff(a: Scenario, b: Scenario) -> dict[tuple[str, str], tuple[Any, Any]]:
    """Every (park, field) whose value differs between two scenarios."""
    out = {}
    for pa, pb in zip(a.parks, b.parks, strict=True):
        assert pa.park_id == pb.park_id
        da, db = pa.model_dump(), pb.model_dump()
        out.update({(pa.park_id, k): (da[k], db[k]) for k in da if da[k] != db[k]})
    return out


def outcome(report: MergeReport, name: str) -> Any:
    return next(f for f in report.files if f.file == name)


# -- making ------------------------------------------------------------------------------------


def test_one_workbook_per_party_with_only_its_parks(demo: Scenario, rnd: RequestRound) -> None:
    assert len(rnd.files) == len(parties(demo))
    seen: list[str] = []
    for f in rnd.files:
        loaded = read_workbook(f.data)  # a request workbook is a valid input workbook
        ids = [p.park_id for p in loaded.scenario.parks]
        assert ids == list(f.mark.parks)
        assert {p.municipality for p in loaded.scenario.parks} == {f.mark.party}
        # pre-filled with exactly the current values
        for p in loaded.scenario.parks:
            assert p.model_dump() == park(demo, p.park_id).model_dump()
        seen += ids
    assert sorted(seen) == sorted(p.park_id for p in demo.parks)


def test_workbook_layout_open_and_locked_cells_validation_and_cover(rnd: RequestRound) -> None:
    f = rnd.files[0]
    wb = openpyxl.load_workbook(io.BytesIO(f.data))
    assert wb.sheetnames[0] == "uitvraag" and wb.active.title == "uitvraag"
    assert wb[ID_SHEET].sheet_state == "veryHidden"
    ws = wb["terreinen"]
    assert ws.protection.sheet
    heads = [c.value for c in ws[1]]
    for c, col in enumerate(PARKS.columns, start=1):
        cell = ws.cell(2, c)
        assert cell.protection.locked == (col.name not in rnd.fields), col.name
    # id columns always locked
    for name in ("park_id", "name", "municipality", "region"):
        assert ws.cell(2, heads.index(NL[name]) + 1).protection.locked
    # validation on every open column of the rows
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    last = ws.max_row
    letter = {name: openpyxl.utils.get_column_letter(heads.index(NL[name]) + 1)
              for name in rnd.fields}
    companies = dvs[f"{letter['companies']}2:{letter['companies']}{last}"]
    assert (companies.type, companies.operator, companies.formula1, companies.formula2) == (
        "whole", "between", "0", "100000")
    team = dvs[f"{letter['municipal_team']}2:{letter['municipal_team']}{last}"]
    assert (team.type, team.formula1) == ("list", '"ja,nee"')
    assert companies.prompt and companies.showErrorMessage and companies.errorStyle == "stop"
    # the cover says what, by when, how to return, and the round code
    cover = {ws_row[0].value: ws_row[1].value for ws_row in wb["uitvraag"].iter_rows()}
    assert cover["Rondecode"] == rnd.round_id
    assert "bedrijven" in cover["Gevraagde velden"] and "banen" in cover["Gevraagde velden"]
    assert "Hoe terug te sturen" in cover and "Terugsturen vóór" in cover
    # the explanation names every column and whether it is asked
    expl = {r[1].value: (r[2].value, r[3].value) for r in wb["toelichting"].iter_rows(min_row=2)}
    assert expl["bedrijven"][0] == "ja" and expl["oppervlakte_ha"][0] == "nee"
    assert all(text for _asked, text in expl.values())
    assert read_mark(f.data) == f.mark


def test_organisation_round_levels_list_and_share_range(demo: Scenario) -> None:
    r = make_requests(demo, "organisation")
    assert len(r.files) == len(demo.parks)  # one per park organisation
    wb = openpyxl.load_workbook(io.BytesIO(r.files[0].data))
    ws = wb["terreinen"]
    heads = [c.value for c in ws[1]]
    by_col = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    lvl = by_col[openpyxl.utils.get_column_letter(heads.index("organisatiegraad") + 1)]
    assert (lvl.type, lvl.formula1) == ("list", '"0,1,2,3,4"')
    dv = by_col[openpyxl.utils.get_column_letter(heads.index("draagvlak") + 1)]
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "1")


def test_region_round_and_chosen_fields(demo: Scenario) -> None:
    r = make_requests(demo, "region", ["oppervlakte_ha", "bedrijven"])
    assert r.fields == ("area_ha", "companies")
    assert sorted(f.mark.party for f in r.files) == sorted({p.region for p in demo.parks})
    with pytest.raises(RequestError) as err:
        make_requests(demo, "region", ["gemeente"])  # an id column is never asked
    assert "kan niet worden uitgevraagd" in err.value.message_nl
    with pytest.raises(RequestError):
        make_requests(demo, "province")


# -- the round trip ----------------------------------------------------------------------------


def test_round_trip_merges_exactly_the_changed_values_with_provenance(
        demo: Scenario, rnd: RequestRound) -> None:
    a, b, c = parties(demo)[:3]
    na, da, pa = file_of(rnd, a)
    nb, db, pb = file_of(rnd, b)
    nc, dc, pc = file_of(rnd, c)
    x, y = pa[0], pb[-1]
    ret_a = edit(da, {(x, "companies"): park(demo, x).companies + 7})
    ret_b = edit(db, {(y, "jobs"): park(demo, y).jobs + 100,
                      (y, "municipal_team"): "nee" if park(demo, y).municipal_team else "ja"})
    ret_c = edit(dc)  # returned unchanged: nothing to merge, but its parks are covered
    report = merge_returns(demo, [(na, ret_a), (nb, ret_b), (nc, ret_c)])
    assert report.round_id == rnd.round_id
    assert [f.used for f in report.files] == [True, True, True]
    assert not report.problems and not report.conflicts()
    expected = {
        (x, "companies"): (park(demo, x).companies, park(demo, x).companies + 7),
        (y, "jobs"): (park(demo, y).jobs, park(demo, y).jobs + 100),
        (y, "municipal_team"): (park(demo, y).municipal_team, not park(demo, y).municipal_team),
    }
    assert {(ch.park_id, ch.field): (ch.old, ch.new) for ch in report.changes} == expected
    covered = set(pa) | set(pb) | set(pc)
    assert {m[0] for m in report.missing} == {p.park_id for p in demo.parks} - covered
    merged = apply_merge(demo, report)
    assert park_diff(demo, merged.scenario) == expected
    assert sorted(merged.parks) == sorted({x, y})
    for (pid, name), (old, new) in expected.items():
        src = merged.provenance.get(pid, name)
        assert src is not None
        assert (src.value, src.previous, src.round_id) == (new, old, rnd.round_id)
        assert src.file == (na if pid == x else nb)
        assert src.party == (a if pid == x else b) and src.party_kind == "gemeente"
        assert src.supplied_at and src.merged_at
        assert len(src.file_sha256) == 64
    assert len(merged.provenance) == 3
    result = solve(merged.scenario, 60)
    assert result.status == "optimal", result.message_nl
    # provenance survives its JSON form (saved scenario) and the digest names both files
    again = Provenance.from_dict(json.loads(json.dumps(merged.provenance.to_dict())))
    assert again.entries == merged.provenance.entries
    assert {d["file"]: d["values"] for d in merged.provenance.digest()} == {na: 1, nb: 2}


def test_accept_per_park(demo: Scenario, rnd: RequestRound) -> None:
    name, data, pids = file_of(rnd, parties(demo)[0])
    x, y = pids[0], pids[1]
    ret = edit(data, {(x, "jobs"): 1, (y, "jobs"): 2})
    report = merge_returns(demo, [(name, ret)])
    merged = apply_merge(demo, report, accept=[y])
    assert park_diff(demo, merged.scenario) == {(y, "jobs"): (park(demo, y).jobs, 2)}
    assert merged.provenance.get(x, "jobs") is None
    # the rest of the same round still merges into the partly merged data
    name2, data2, pids2 = file_of(rnd, parties(demo)[1])
    ret2 = edit(data2, {(pids2[0], "companies"): 3})
    later = merge_returns(merged.scenario, [(name2, ret2)], provenance=merged.provenance)
    assert outcome(later, name2).used, outcome(later, name2).reason_nl
    merged2 = apply_merge(merged.scenario, later, provenance=merged.provenance)
    assert park_diff(demo, merged2.scenario) == {(y, "jobs"): (park(demo, y).jobs, 2),
                                                 (pids2[0], "companies"):
                                                 (park(demo, pids2[0]).companies, 3)}
    assert len(merged2.provenance) == 2


def test_implausible_jump_is_a_warning_and_still_proposed(
        demo: Scenario, rnd: RequestRound) -> None:
    name, data, pids = file_of(rnd, parties(demo)[0])
    x = pids[0]
    old = park(demo, x).companies
    report = merge_returns(demo, [(name, edit(data, {(x, "companies"): old * 3 + 1}))])
    assert [(ch.park_id, ch.field, ch.status) for ch in report.changes] == [
        (x, "companies", "change")]
    [w] = report.warnings
    assert (w.file, w.sheet, w.column, w.value, w.severity) == (
        name, "terreinen", "bedrijven", str(old * 3 + 1), "warning")
    assert w.row == 2 and "sprong" in w.message_nl
    assert park(apply_merge(demo, report).scenario, x).companies == old * 3 + 1


# -- bad returns: refused or reported, nothing of the others lost ----------------------------


@pytest.fixture(scope="module")
def good(demo: Scenario, rnd: RequestRound) -> tuple[str, bytes, tuple[str, str], Any]:
    """A good return (one value changed), merged next to every bad one."""
    name, data, pids = file_of(rnd, parties(demo)[-1])
    pid = pids[0]
    return name, edit(data, {(pid, "jobs"): 4242}), (pid, "jobs"), 4242


def merged_with_good(demo: Scenario, good: Any, bad: list[tuple[str, bytes]],
                     **kw: Any) -> tuple[MergeReport, Any]:
    name, data, key, value = good
    report = merge_returns(demo, [*bad, (name, data)], **kw)
    assert outcome(report, name).used, outcome(report, name).reason_nl
    merged = apply_merge(demo, report, provenance=kw.get("provenance"))
    assert park_diff(demo, merged.scenario).get(key) == (getattr(park(demo, key[0]), key[1]),
                                                         value)
    assert merged.provenance.get(*key) is not None
    return report, merged


def test_unknown_park_is_reported_with_its_place(demo: Scenario, rnd: RequestRound,
                                                 good: Any) -> None:
    name, data, pids = file_of(rnd, parties(demo)[0])
    row = row_of(park(demo, pids[0]))
    row.update(park_id="XX999", name="Nieuw terrein")
    ret = edit(data, {(pids[0], "companies"): 5}, add=[row])
    report, merged = merged_with_good(demo, good, [(name, ret)])
    f = outcome(report, name)
    assert f.used  # the file is used; the row is not
    [p] = f.problems
    assert (p.file, p.sheet, p.row, p.column, p.value) == (
        name, "terreinen", len(pids) + 2, "terrein_id", "XX999")
    assert "bestaat niet" in p.message_nl
    assert park(merged.scenario, pids[0]).companies == 5  # the rest of that file is taken
    assert "XX999" not in {p.park_id for p in merged.scenario.parks}


def test_park_of_another_municipality_is_reported(demo: Scenario, rnd: RequestRound,
                                                  good: Any) -> None:
    mine, other = parties(demo)[0], parties(demo)[1]
    name, data, pids = file_of(rnd, mine)
    _n, _d, theirs = file_of(rnd, other)
    foreign = park(demo, theirs[0])
    row = row_of(foreign)
    row.update(companies=foreign.companies + 50)
    ret = edit(data, add=[row])
    report, merged = merged_with_good(demo, good, [(name, ret)])
    [p] = outcome(report, name).problems
    assert (p.sheet, p.column, p.value) == ("terreinen", "terrein_id", foreign.park_id)
    assert other in p.message_nl and mine in p.message_nl
    assert park(merged.scenario, foreign.park_id).companies == foreign.companies
    # it does not count as a return for that park either
    assert foreign.park_id in {m[0] for m in report.missing}


def test_locked_column_changed_is_a_conflict_and_never_taken(
        demo: Scenario, rnd: RequestRound, good: Any) -> None:
    name, data, pids = file_of(rnd, parties(demo)[0])
    x = pids[0]
    ret = edit(data, {(x, "area_ha"): 999.0, (x, "name"): "Andere naam",
                      (x, "companies"): park(demo, x).companies + 1})
    report, merged = merged_with_good(demo, good, [(name, ret)])
    status = {(c.park_id, c.field): c.status for c in report.changes}
    assert status[(x, "area_ha")] == status[(x, "name")] == "not_asked"
    assert status[(x, "companies")] == "change"
    got = park(merged.scenario, x)
    assert got.area_ha == park(demo, x).area_ha and got.name == park(demo, x).name
    assert got.companies == park(demo, x).companies + 1
    assert merged.provenance.get(x, "area_ha") is None


def test_value_out_of_range_refuses_the_file_naming_each_cell(
        demo: Scenario, rnd: RequestRound, good: Any) -> None:
    name, data, pids = file_of(rnd, parties(demo)[0])
    ret = edit(data, {(pids[0], "companies"): -4, (pids[1], "jobs"): "veel"})
    report, merged = merged_with_good(demo, good, [(name, ret)])
    f = outcome(report, name)
    assert not f.used and "regels van het werkboek" in f.reason_nl
    where = {(p.sheet, p.row, p.column, p.value) for p in f.problems if p.severity == "error"}
    assert ("terreinen", 2, "bedrijven", "-4") in where
    assert ("terreinen", 3, "banen", "veel") in where
    assert all(p.file == name for p in f.problems)
    assert park(merged.scenario, pids[0]).companies == park(demo, pids[0]).companies


def test_old_round_file_is_refused(demo: Scenario, rnd: RequestRound, good: Any) -> None:
    old = make_requests(demo, "municipality")  # the same data, but sent earlier:
    new = rnd  # created_at orders the rounds, so the old one is dated back
    name, data, pids = file_of(old, parties(demo)[0])
    older = _with_created(data, "2020-01-01T00:00:00+00:00")
    ret = edit(older, {(pids[0], "companies"): 1})
    report, merged = merged_with_good(demo, good, [(name, ret)])
    f = outcome(report, name)
    assert not f.used and "andere (oudere) uitvraagronde" in f.reason_nl
    assert report.round_id == new.round_id
    assert park(merged.scenario, pids[0]).companies == park(demo, pids[0]).companies
    # a round made from other data: refused too, even alone
    changed = demo.with_changes(budget=[{"year": b.year, "budget_eur": b.budget_eur + 1}
                                        for b in demo.budget])
    alone = merge_returns(changed, [(name, ret)])
    assert not alone.files[0].used and not alone.used_files


def _with_created(data: bytes, when: str) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[ID_SHEET]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "created_at":
            ws.cell(r, 2).value = when
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_not_a_request_workbook_is_refused(demo: Scenario, good: Any, tmp_path: Any) -> None:
    from allocation.demo import write_demo

    write_demo(tmp_path / "demo.xlsx")
    plain = (tmp_path / "demo.xlsx").read_bytes()
    report, _merged = merged_with_good(demo, good, [
        ("demo.xlsx", plain), ("lijst.csv", b"terrein_id;bedrijven\nMW001;5\n"),
        ("leeg.xlsx", b"")])
    for name in ("demo.xlsx", "lijst.csv", "leeg.xlsx"):
        f = outcome(report, name)
        assert not f.used and f.reason_nl, name
    assert "geen uitvraagwerkboek" in outcome(report, "demo.xlsx").reason_nl
    assert "geen leesbaar xlsx" in outcome(report, "lijst.csv").reason_nl


def test_a_return_uploaded_twice_is_used_once(demo: Scenario, good: Any) -> None:
    name, data, key, value = good
    report = merge_returns(demo, [(name, data), ("kopie.xlsx", data)])
    assert outcome(report, name).used and not outcome(report, "kopie.xlsx").used
    assert "twee keer" in outcome(report, "kopie.xlsx").reason_nl
    assert not report.conflicts()
    merged = apply_merge(demo, report)
    assert park_diff(demo, merged.scenario) == {key: (getattr(park(demo, key[0]), key[1]),
                                                      value)}
    # and uploaded again after it was merged: refused, the merged data untouched
    again = merge_returns(merged.scenario, [(name, data)], provenance=merged.provenance)
    assert not again.files[0].used and "al eerder samengevoegd" in again.files[0].reason_nl


def test_two_files_for_one_park_are_a_conflict_the_analyst_resolves(
        demo: Scenario, rnd: RequestRound, good: Any) -> None:
    name, data, pids = file_of(rnd, parties(demo)[0])
    x, y = pids[0], pids[1]
    v1 = edit(data, {(x, "companies"): 11, (y, "jobs"): 500})
    v2 = edit(data, {(x, "companies"): 12, (y, "jobs"): 500})
    report, merged = merged_with_good(demo, good, [(name, v1), ("tweede_versie.xlsx", v2)])
    conflicts = {(c.park_id, c.field, c.file) for c in report.changes
                 if c.status == "conflict_files"}
    assert conflicts == {(x, "companies", name), (x, "companies", "tweede_versie.xlsx")}
    # both agree on park y: a plain change, proposed once
    ys = [c for c in report.changes if c.park_id == y]
    assert [(c.field, c.new, c.status) for c in ys] == [("jobs", 500, "change")]
    # accept all: the disputed park stays as it was, the agreed one is taken
    assert park(merged.scenario, x).companies == park(demo, x).companies
    assert park(merged.scenario, y).jobs == 500
    chosen = apply_merge(demo, report, choose={x: "tweede_versie.xlsx"})
    assert park(chosen.scenario, x).companies == 12
    assert chosen.provenance.get(x, "companies").file == "tweede_versie.xlsx"


def test_cli_make_and_merge(demo: Scenario, tmp_path: Any, capsys: Any) -> None:
    from allocation.cli import main
    from allocation.demo import write_demo

    base = tmp_path / "gegevens.xlsx"
    write_demo(base)
    out = tmp_path / "uit"
    out.mkdir()
    assert main(["request", "make", str(base), str(out), "--by", "municipality",
                 "--fields", "bedrijven,banen", "--due", "15-03-2027"]) == 0
    manifest = json.loads((out / "uitvraag.json").read_text())
    assert manifest["fields"] == ["companies", "jobs"] and manifest["due"] == "2027-03-15"
    first = manifest["files"][0]
    pid = first["parks"][0]
    ret = tmp_path / first["file"]
    loaded = read_workbook(base)
    ret.write_bytes(edit((out / first["file"]).read_bytes(),
                         {(pid, "jobs"): park(loaded.scenario, pid).jobs + 1}))
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(base.read_bytes())
    merged = tmp_path / "samengevoegd.xlsx"
    capsys.readouterr()
    code = main(["request", "merge", str(base), str(ret), str(bogus), "--output", str(merged),
                 "--json"])
    assert code == 2  # a return was refused; the usable one is still written
    report = json.loads(capsys.readouterr().out)
    assert [f["used"] for f in report["files"]] == [True, False]
    back = read_workbook(merged)
    assert park_diff(loaded.scenario, back.scenario) == {
        (pid, "jobs"): (park(loaded.scenario, pid).jobs, park(loaded.scenario, pid).jobs + 1)}
    prov = read_provenance(merged.read_bytes())
    src = prov.get(pid, "jobs")
    assert src is not None and src.file == first["file"] and src.party == first["party"]
    assert back.monitoring is not None  # the demo's monitoring sheets are kept


# -- a monitoring round ----------------------------------------------------------------------


def test_monitoring_round_trip(demo: Scenario) -> None:
    import datetime as dt

    mon = make_demo_monitoring(demo, solve(demo, 60).allocation)
    r = make_requests(demo, "organisation", ["organisatiegraad", "deelnemende_bedrijven"],
                      kind="monitoring", monitoring=mon, round_date=dt.date(2027, 6, 30))
    f = r.files[0]
    pid = f.mark.parks[0]
    assert f.mark.round_label == "30-06-2027"
    ret = edit(f.data, {(pid, "participating_companies"): 17}, sheet="monitoring")
    report = merge_returns(demo, [(f.name, ret)], kind="monitoring", monitoring=mon)
    assert report.files[0].used, report.files[0].reason_nl
    merged = apply_merge(demo, report, monitoring=mon)
    assert merged.scenario is demo  # a monitoring round does not change the park data
    assert merged.monitoring is not None
    new = [x for x in merged.monitoring.rounds if x.park_id == pid and
           x.round_label == "30-06-2027"]
    assert len(new) == 1 and new[0].participating_companies == 17
    src = merged.provenance.get(pid, "participating_companies", "monitoring", "30-06-2027")
    assert src is not None and src.value == 17 and src.round_id == r.round_id
    # a park-data merge refuses the monitoring file
    wrong = merge_returns(demo, [(f.name, ret)])
    assert not wrong.files[0].used and "monitoring" in wrong.files[0].reason_nl


def test_mark_round_trips() -> None:
    m = RequestMark(round_id="U-1", kind="parks", party_kind="region", party_key="k",
                    party="P", created_at="2026-01-01T00:00:00+00:00", due="", fields=("jobs",),
                    parks=("A", "B"), base_hash="h")
    assert RequestMark.from_pairs(m.as_dict()) == m
    assert RequestMark.from_pairs({"mark": "iets anders", "round_id": "U-1"}) is None


# -- provenance kept: results workbook, saved scenario, audit trail, the page's tables --------


@pytest.fixture(scope="module")
def merged3(demo: Scenario, rnd: RequestRound) -> Any:
    out = []
    for party in parties(demo)[:2]:
        name, data, pids = file_of(rnd, party)
        out.append((name, edit(data, {(pids[0], "jobs"): park(demo, pids[0]).jobs + 5})))
    return apply_merge(demo, merge_returns(demo, out))


def test_results_workbook_carries_the_provenance(merged3: Any) -> None:
    from allocation.request.provenance import HEADERS_NL
    from allocation.workbook import write_results

    result = solve(merged3.scenario, 60)
    data = write_results(merged3.scenario, result,
                         provenance=(HEADERS_NL, merged3.provenance.rows()))
    assert read_provenance(data).entries == merged3.provenance.entries
    back = read_workbook(data)  # still an input workbook; the data are the merged ones
    assert back.scenario.content_hash() == merged3.scenario.content_hash()


def test_saved_scenario_keeps_provenance_and_the_audit_trail_lists_it(
        merged3: Any, tmp_path: Any, monkeypatch: Any) -> None:
    from allocation.compare import audit_details
    from allocation.request.provenance import from_summary, in_summary
    from allocation.store import open_store, result_summary

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DRAAGKRACHT_AUDIT_KEY", raising=False)
    with open_store(f"sqlite:///{tmp_path / 'sc.sqlite'}") as store:
        summary = in_summary(result_summary(solve(merged3.scenario, 60)), merged3.provenance)
        saved = store.save(merged3.scenario, summary, "na uitvraag", "analist")
        again = store.get(saved.id)
        assert from_summary(again.summary).entries == merged3.provenance.entries
        [line] = [e for e in store.audit(saved.id) if e.action == "save"]
        text = audit_details(line.detail)
        for d in merged3.provenance.digest():
            assert d["file"] in text and d["party"] in text and d["round_id"] in text
        assert "uitvraag" in text
        # a scenario without request values has no such detail
        plain = store.save(merged3.scenario, result_summary(solve(merged3.scenario, 60)), "x")
        [line] = [e for e in store.audit(plain.id) if e.action == "save"]
        assert "request_rounds" not in line.detail


def test_provenance_drops_values_edited_afterwards(demo: Scenario, merged3: Any) -> None:
    assert len(merged3.provenance.matching(merged3.scenario)) == 2
    assert len(merged3.provenance.matching(demo)) == 0  # a reset to the data as loaded


def test_page_state_and_tables(demo: Scenario, rnd: RequestRound, merged3: Any) -> None:
    from ui import request as ui_request
    from ui import state

    ss: dict[str, Any] = {}
    state.initialise(demo, state.DataSource("demo", "demo"), ss=ss)
    assert len(state.provenance(ss)) == 0
    state.accept_merge(merged3, ss)
    assert state.scenario(ss) is merged3.scenario and state.is_modified(ss) is True
    assert state.provenance(ss) is merged3.provenance
    state.reset_to_original(ss)
    assert state.scenario(ss) is demo and len(state.provenance(ss)) == 0

    name, data, pids = file_of(rnd, parties(demo)[0])
    x = pids[0]
    ret = edit(data, {(x, "area_ha"): 1.5, (x, "companies"): park(demo, x).companies * 4})
    report = merge_returns(demo, [(name, ret), ("kopie.xlsx", ret)])
    changes = ui_request.changes_frame(report)
    assert list(changes["Beoordeling"]) == ["conflict: niet gevraagd, niet overgenomen",
                                            "wijziging"]
    assert list(changes["Oud"])[0] == ui_request.shown(park(demo, x).area_ha)
    assert list(changes["Nieuw"])[0] == "1,5"  # the app's notation
    files = ui_request.files_frame(report)
    assert list(files["Status"]) == ["gebruikt", "geweigerd"]
    assert "twee keer" in list(files["Reden"])[1]
    assert len(ui_request.problems_frame(report, warnings=True)) == 1
    assert len(ui_request.missing_frame(report)) == len(demo.parks) - len(pids)
    prov = ui_request.provenance_frame(merged3.provenance.for_park(
        merged3.provenance.rows()[0][0]), "en")
    assert list(prov.columns)[:2] == ["Field", "Value"] and len(prov) == 1
    with zipfile.ZipFile(io.BytesIO(ui_request.round_zip(rnd))) as z:
        assert sorted(z.namelist()) == sorted([f.name for f in rnd.files] + ["uitvraag.json"])
