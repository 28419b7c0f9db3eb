"""Uploads within bounds (issue 14, item 3): hostile but valid-looking workbooks.

Each file is generated here (benchmarks/hostile.py writes the XML directly, so even a million
rows take seconds). The reader must parse only the sheets it needs, stop a sheet one row past
its limit, read only the shared strings it uses, name external links and macros, and let one
upload be parsed at a time per process. Time and memory figures are printed by
benchmarks/bench_read.py; the slow tests here run each big file in a fresh process and check
its peak memory against the 500 MB bound.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from allocation.domain import Scenario, WorkbookError
from allocation.workbook import ooxml, sheetxml, write_scenario
from allocation.workbook import read as wb_read
from allocation.workbook.read import read_bytes, read_workbook
from benchmarks import hostile
from tests.conftest import make_small_scenario
from tests.workbook_oracle import read_three_ways

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def base() -> bytes:
    return write_scenario(make_small_scenario())


@pytest.fixture(scope="module")
def scenario(base: bytes) -> Scenario:
    return read_workbook(base).scenario


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(sheet title, rows kept) of every sheet the reader parses."""
    seen: list[tuple[str, int]] = []
    original = ooxml.Package.grid

    def spy(self: ooxml.Package, entry: ooxml.SheetEntry, max_rows: int) -> ooxml.Grid:
        grid = original(self, entry, max_rows)
        seen.append((entry.title, len(grid.cells)))
        return grid

    monkeypatch.setattr(ooxml.Package, "grid", spy)
    return seen


def _same_data(a: Scenario, b: Scenario) -> bool:
    return a.with_changes(source="") == b.with_changes(source="")


# -- sheets the app ignores are never parsed -----------------------------------------------
@pytest.mark.parametrize("formula", [False, True])
def test_extra_sheet_is_ignored_without_parsing_it(
        base: bytes, scenario: Scenario, parsed: list[tuple[str, int]], formula: bool) -> None:
    data = hostile.extra_sheet(base, 20_000, formula=formula)
    loaded = read_workbook(data)
    assert _same_data(loaded.scenario, scenario)
    assert "Unknown sheet 'ruwe_data' is ignored." in [w.message_en for w in loaded.warnings]
    assert "ruwe_data" not in {title for title, _rows in parsed}
    assert {title for title, _rows in parsed} == {
        "terreinen", "budget", "categorieen", "rendement", "instellingen"}


# -- a sheet with too many rows stops being read one row past the limit ---------------------
@pytest.mark.parametrize("fast", [True, False])
def test_parks_past_the_limit_stop_after_limit_plus_one(
        base: bytes, parsed: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch,
        fast: bool) -> None:
    monkeypatch.setattr(wb_read, "MAX_PARKS", 50)
    data = hostile.long_parks(base, 20_000, title="terreinen")
    with pytest.raises(WorkbookError) as info:
        read_bytes(data, "", fast=fast)
    (issue,) = info.value.issues  # one clear sentence, not 20.000 row problems
    assert issue.sheet == "terreinen" and issue.value == "> 50"
    assert "more than 50 parks; at most 50" in issue.message_en
    assert "meer dan 50 terreinen; hoogstens 50" in issue.message_nl
    rows = dict(parsed)["terreinen"]
    assert rows <= 1 + 50 + 1  # header, the allowed rows, one more


def test_limit_plus_one_rows_exactly_is_refused_both_ways(
        base: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path reads a small sheet whole; it must say what the streaming path says."""
    monkeypatch.setattr(wb_read, "MAX_PARKS", 3)  # the base workbook has 3 parks
    assert read_bytes(base, "", fast=True).scenario == read_bytes(base, "", fast=False).scenario
    data = hostile.long_parks(base, 4, title="terreinen")
    for fast in (True, False):
        with pytest.raises(WorkbookError) as info:
            read_bytes(data, "", fast=fast)
        assert [i.message_en for i in info.value.issues] == [
            "The sheet has more than 3 parks; at most 3 are allowed. Remove rows that are not "
            "needed (empty formatted rows do not count, rows with anything in them do)."]


def test_too_many_cells_in_a_sheet_is_refused(
        base: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheetxml, "MAX_SHEET_CELLS", 40)
    with pytest.raises(WorkbookError) as info:
        read_workbook(base)  # the parks sheet of the base workbook has 4 x 19 cells
    (issue,) = info.value.issues
    assert "terreinen" in issue.message_en and "more than 40 cells" in issue.message_en


def test_far_away_cells_do_not_make_a_dense_sheet(base: bytes, scenario: Scenario) -> None:
    """A header at XFD1 and a formatted empty cell in row 1.000.000 must not make the reader
    hold the empty cells in between (calamine would: its sheets are dense)."""
    part = hostile._part_of(base, "terreinen")

    def stray(xml: bytes) -> bytes:
        xml = xml.replace(b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1)
        return xml.replace(b"</sheetData>", b'<row r="1000000"><c r="XFD1000000" s="0"/></row>'
                           b"</sheetData>")

    data = hostile._rewrite(base, lambda name, c: stray(c) if name == part else c)
    loaded = read_three_ways(data)
    assert _same_data(loaded.scenario, scenario)
    assert "Unknown column 'x' is ignored." in [w.message_en for w in loaded.warnings]


# -- shared strings: only the entries used are parsed ---------------------------------------
def test_large_shared_strings_table_reads_only_what_is_used(
        base: bytes, scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    data = hostile.huge_shared_strings(base, 100_000)  # the parks' texts come last
    parsed_bytes: list[int] = []
    original = sheetxml.si_texts

    def spy(xml: bytes) -> list[str]:
        parsed_bytes.append(len(xml))
        return original(xml)

    monkeypatch.setattr(sheetxml, "si_texts", spy)
    loaded = read_bytes(data, "", fast=False)
    assert _same_data(loaded.scenario, scenario)
    assert sum(parsed_bytes) < 1_500_000  # the table is ~3 MB; only the last stretch is parsed
    assert _same_data(read_three_ways(data).scenario, scenario)  # and as openpyxl reads it


# -- external links and macros: named, never followed or run --------------------------------
def test_external_link_is_named_in_a_warning(base: bytes, scenario: Scenario) -> None:
    loaded = read_three_ways(hostile.external_link(base))
    assert _same_data(loaded.scenario, scenario)
    (warning,) = [w for w in loaded.warnings if "links to another workbook" in w.message_en]
    assert "\\\\fileserver\\begroting\\bron.xlsx" in warning.message_en
    assert "\\\\fileserver\\begroting\\bron.xlsx" in warning.message_nl
    assert warning.severity == "warning"


def test_macros_are_named_in_a_warning(base: bytes) -> None:
    data = hostile._rewrite(base, lambda _name, c: c, {
        "xl/vbaProject.bin": lambda: iter([b"\xd0\xcf\x11\xe0 not really vba"])})
    loaded = read_workbook(data)
    assert any("contains macros (VBA)" in w.message_en and "never run" in w.message_en
               for w in loaded.warnings)


# -- one upload parsed at a time per process -------------------------------------------------
def test_uploads_are_read_one_at_a_time(base: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import cache

    monkeypatch.setattr("ui.text.t", lambda key, lang=None, **v: key)
    done: list[Any] = []
    assert cache._UPLOAD_LOCK.acquire(blocking=False)
    try:
        worker = threading.Thread(target=lambda: done.append(cache.read_upload(base, "a.xlsx")))
        worker.start()
        time.sleep(0.3)
        assert not done, "a second upload must wait while one is being read"
    finally:
        cache._UPLOAD_LOCK.release()
    worker.join(timeout=30)
    assert done and done[0].loaded is not None
    assert cache._UPLOAD_LOCK.acquire(blocking=False)  # released after reading
    cache._UPLOAD_LOCK.release()


def test_an_upload_that_waits_too_long_gets_a_sentence(
        base: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import cache

    monkeypatch.setattr("ui.text.t", lambda key, lang=None, **v: key)
    monkeypatch.setattr(cache, "UPLOAD_WAIT_S", 0.2)
    assert cache._UPLOAD_LOCK.acquire(blocking=False)
    try:
        outcome = cache.read_upload(base, "a.xlsx")
    finally:
        cache._UPLOAD_LOCK.release()
    assert outcome.loaded is None
    (issue,) = outcome.issues
    assert "busy" in issue.message_en and "bezig" in issue.message_nl


# -- the big files, each in a fresh process (peak memory is per process) ---------------------
_CHILD = """
import json, sys, time
from allocation.domain import WorkbookError
from allocation.workbook import read_workbook
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    loaded = read_workbook(data)
    out = {"parks": len(loaded.scenario.parks), "warnings": [w.message_en for w in loaded.warnings]}
except WorkbookError as err:
    out = {"errors": [i.message_en for i in err.issues]}
out["seconds"] = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec (the forking parent's size)
out["peak_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status")
                      if line.startswith("VmHWM")) / 1024
print(json.dumps(out))
"""


def _read_in_child(data: bytes, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "upload.xlsx"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.slow
@pytest.mark.parametrize("formula", [False, True])
def test_990_000_row_extra_sheet_in_bounds(base: bytes, tmp_path: Path, formula: bool) -> None:
    data = hostile.extra_sheet(base, 990_000, formula=formula)
    assert len(data) < 20 * 1024 * 1024  # passes the upload size limit (issue 14: 18 MB)
    out = _read_in_child(data, tmp_path)
    assert out["parks"] == 3 and "Unknown sheet 'ruwe_data' is ignored." in out["warnings"]
    assert out["peak_mb"] < 500, out


@pytest.mark.slow
def test_million_row_parks_sheet_refused_in_bounds(base: bytes, tmp_path: Path) -> None:
    out = _read_in_child(hostile.long_parks(base, 1_000_000, title="terreinen"), tmp_path)
    assert out["errors"] == [
        "The sheet has more than 10000 parks; at most 10000 are allowed. Remove rows that are "
        "not needed (empty formatted rows do not count, rows with anything in them do)."]
    assert out["peak_mb"] < 500, out


@pytest.mark.slow
def test_huge_shared_strings_table_in_bounds(base: bytes, tmp_path: Path) -> None:
    out = _read_in_child(hostile.huge_shared_strings(base, 3_000_000), tmp_path)
    assert out["parks"] == 3
    assert out["peak_mb"] < 500, out
