"""The data round with returns saved by LibreOffice (headless soffice): what comes back is
LibreOffice's own xlsx, with its own way of writing validation, protection and hidden sheets.

- a round trip: values changed in LibreOffice (and one file with openpyxl) merge to exactly
  the changed values, each with its provenance, and the merged scenario solves;
- the data validation of a request workbook survives LibreOffice: LibreOffice's own model of
  the file (its flat ODF) carries the conditions on the open cells, and openpyxl reads the same
  lists and ranges back from the xlsx LibreOffice writes;
- a value LibreOffice wrote outside its range is refused, naming the cell.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from allocation.domain import Scenario
from allocation.pipeline import solve
from allocation.request.make import RequestRound, make_requests
from allocation.request.merge import apply_merge, merge_returns
from tests import test_request
from tests.libreoffice import SOFFICE, convert, edit_with_libreoffice
from tests.test_request import edit, file_of, park, park_diff, parties

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install "
                            "libreoffice-calc-nogui (make chromium does it as root)")


demo = test_request.demo  # the same fixtures: the demo and one round by municipality
rnd = test_request.rnd


def test_round_trip_through_libreoffice(demo: Scenario, rnd: RequestRound,
                                        tmp_path: Path) -> None:
    a, b, c, d = parties(demo)[:4]
    na, da, pa = file_of(rnd, a)
    nb, db, pb = file_of(rnd, b)
    nc, dc, pc = file_of(rnd, c)
    nd, dd, pd_ = file_of(rnd, d)
    x, y, z, w = pa[0], pb[1], pc[0], pd_[0]
    team_y = "nee" if park(demo, y).municipal_team else "ja"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "d").mkdir()
    ret_a = edit_with_libreoffice(da, "terreinen", {(x, "bedrijven"): park(demo, x).companies + 2,
                                                    (x, "banen"): park(demo, x).jobs + 30},
                                  tmp_path / "a")
    ret_b = edit_with_libreoffice(db, "terreinen", {(y, "gebiedsteam"): team_y}, tmp_path / "b")
    ret_c = edit(dc, {(z, "companies"): park(demo, z).companies + 1})  # Excel-like (openpyxl)
    # out of its range, typed in LibreOffice: the file is refused, the others are not
    ret_d = edit_with_libreoffice(dd, "terreinen", {(w, "bedrijven"): -1}, tmp_path / "d")
    for ret in (ret_a, ret_b, ret_d):  # really LibreOffice's writer
        with zipfile.ZipFile(io.BytesIO(ret)) as zf:
            assert b"LibreOffice" in zf.read("docProps/app.xml")
    report = merge_returns(demo, [(na, ret_a), (nb, ret_b), (nc, ret_c), (nd, ret_d)])
    used = {f.file: f.used for f in report.files}
    assert used == {na: True, nb: True, nc: True, nd: False}, [
        (f.file, f.reason_nl, f.problems[:2]) for f in report.files]
    refused = next(f for f in report.files if f.file == nd)
    row_w = pd_.index(w) + 2
    assert ("terreinen", row_w, "bedrijven", "-1") in {
        (p.sheet, p.row, p.column, p.value) for p in refused.problems}
    assert not report.conflicts(), report.conflicts()
    expected = {
        (x, "companies"): (park(demo, x).companies, park(demo, x).companies + 2),
        (x, "jobs"): (park(demo, x).jobs, park(demo, x).jobs + 30),
        (y, "municipal_team"): (park(demo, y).municipal_team, team_y == "ja"),
        (z, "companies"): (park(demo, z).companies, park(demo, z).companies + 1),
    }
    merged = apply_merge(demo, report)
    assert park_diff(demo, merged.scenario) == expected
    for (pid, name), (_old, new) in expected.items():
        src = merged.provenance.get(pid, name)
        assert src is not None and src.value == new and src.round_id == rnd.round_id
        assert src.file == {x: na, y: nb, z: nc}[pid]
        assert src.party == {x: a, y: b, z: c}[pid]
        assert re.match(r"\d{4}-\d\d-\d\d", src.supplied_at), src.supplied_at
    assert len(merged.provenance) == len(expected)
    result = solve(merged.scenario, 60)
    assert result.status == "optimal", result.message_nl


def _lo_validations(fods: Path) -> dict[str, str]:
    """LibreOffice's own model: validation name -> condition, from its flat ODF."""
    text = fods.read_text(encoding="utf-8")
    found = re.findall(
        r'<table:content-validation table:name="([^"]+)" table:condition="([^"]+)"', text)
    return {name: html.unescape(cond).replace(";", ",") for name, cond in found}


def _by_column(ws: Any) -> dict[str, Any]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[re.match(r"[A-Z]+", rng).group(0)] = (dv, rng)  # type: ignore[union-attr]
    return out


def test_validation_survives_libreoffice(demo: Scenario, tmp_path: Path) -> None:
    org = make_requests(demo, "region", ["organisatiegraad", "draagvlak", "draagkracht_eur",
                                         "bedrijven", "gebiedsteam"])
    f = org.files[0]
    src = tmp_path / "uitvraag.xlsx"
    src.write_bytes(f.data)
    profile = tmp_path / "profile"
    fods = convert(src, "fods", tmp_path, profile)
    conditions = list(_lo_validations(fods).values())
    # LibreOffice understood every rule as a rule of its own (not just kept the XML)
    for expected in ('cell-content-is-in-list("0","1","2","3","4")',
                     'cell-content-is-in-list("ja","nee")',
                     "cell-content-is-whole-number() and cell-content-is-between(0,100000)",
                     "cell-content-is-decimal-number() and cell-content-is-between(0,1)",
                     "cell-content-is-decimal-number() and "
                     "cell-content-is-between(0,10000000000)"):
        assert any(c.endswith(expected) for c in conditions), (expected, conditions)
    # and every open cell of the rows refers to one of them
    text = fods.read_text(encoding="utf-8")
    assert len(re.findall(r'table:content-validation-name="', text)) >= 5
    # ... and writes them back into its xlsx, where openpyxl reads the same lists and ranges
    (tmp_path / "back").mkdir()
    back = convert(fods, "xlsx", tmp_path / "back", profile).read_bytes()
    assert back != f.data
    wb = openpyxl.load_workbook(io.BytesIO(back))
    ws = wb["terreinen"]
    heads = [c.value for c in ws[1]]
    last = len(f.mark.parks) + 1
    cols = _by_column(ws)

    def rule(header: str) -> tuple[Any, str]:
        letter = get_column_letter(heads.index(header) + 1)
        assert letter in cols, f"no validation on {header} after LibreOffice"
        return cols[letter]

    lvl, rng = rule("organisatiegraad")
    assert (lvl.type, lvl.formula1) == ("list", '"0,1,2,3,4"')
    assert rng.endswith(f"{last}") and rng.split(":")[0].endswith("2")
    team, _ = rule("gebiedsteam")
    assert (team.type, team.formula1) == ("list", '"ja,nee"')
    share, _ = rule("draagvlak")
    assert (share.type, share.operator, float(share.formula1), float(share.formula2)) == (
        "decimal", "between", 0.0, 1.0)
    count, _ = rule("bedrijven")
    assert (count.type, count.operator, count.formula1, count.formula2) == (
        "whole", "between", "0", "100000")
    eur, _ = rule("draagkracht_eur")
    assert (eur.type, eur.operator, float(eur.formula1), float(eur.formula2)) == (
        "decimal", "between", 0.0, 1e10)
    for dv in (lvl, team, share, count, eur):
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop") and dv.error
        assert dv.prompt  # the Dutch explanation shown when the cell is chosen
    # the locked columns stay locked and carry no validation
    assert ws.protection.sheet
    assert ws.cell(2, heads.index("terrein_id") + 1).protection.locked
    assert not ws.cell(2, heads.index("draagvlak") + 1).protection.locked
    assert get_column_letter(heads.index("terrein_id") + 1) not in cols
    # the LibreOffice file still merges as a return of its round (nothing changed)
    report = merge_returns(demo, [(f.name, back)])
    assert report.files[0].used and not report.changes, report.files[0].reason_nl
