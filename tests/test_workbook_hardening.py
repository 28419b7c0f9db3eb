"""Issue 27, item 12 (the workbook's part): a date serial no date can hold, park ids without
case, the number of zip entries bounded, UTF-16 XML described without exception names."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from allocation.domain import WorkbookError
from allocation.workbook import write_scenario
from allocation.workbook.read import read_bytes
from allocation.workbook.spec import MAX_ZIP_ENTRIES
from tests.conftest import make_small_scenario
from tests.test_workbook_real_files import EXCEPTION_NAMES, part_of, refusal, rewrite
from tests.workbook_oracle import read_three_ways


@pytest.fixture(scope="module")
def base() -> bytes:
    return write_scenario(make_small_scenario())


def edited(base: bytes, edit: dict[str, object], sheet: str = "terreinen",
           formats: dict[str, str] | None = None) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(base))
    ws = wb[sheet]
    for ref, value in edit.items():
        ws[ref].value = value
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_date_serial_beyond_any_date_is_a_clear_message(base: bytes) -> None:
    data = edited(base, {"G2": 1e15}, formats={"G2": "dd-mm-yyyy"})
    with pytest.raises(WorkbookError) as info:
        read_three_ways(data)
    (issue,) = info.value.issues
    assert (issue.row, issue.column) == (2, "oppervlakte_ha")
    assert "geen bestaande datum" in issue.message_nl and "G2" in issue.message_nl
    assert "#VALUE!" not in issue.message_nl + issue.message_en


def test_park_ids_differing_only_in_case_are_the_same_park(base: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(base))
    first = wb["terreinen"]["A2"].value
    data = edited(base, {"A3": str(first).lower()})
    with pytest.raises(WorkbookError) as info:
        read_three_ways(data)
    (issue,) = info.value.issues
    assert issue.row == 3 and issue.value == str(first).lower()
    assert "komt al voor in rij 2" in issue.message_nl and f"'{first}'" in issue.message_nl


def test_too_many_zip_entries_are_refused_quickly(base: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        have = len(src.infolist())
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        for i in range(120_000):
            dst.writestr(f"customXml/item{i}.xml", b"")
    data = out.getvalue()
    start = time.process_time()
    with pytest.raises(WorkbookError) as info:
        read_bytes(data, "")
    assert time.process_time() - start < 0.5
    (issue,) = info.value.issues
    total = 120_000 + have
    assert f"{total:,} onderdelen".replace(",", ".") in issue.message_nl
    assert f"{MAX_ZIP_ENTRIES:,}".replace(",", ".") in issue.message_nl
    assert f"{total:,} parts" in issue.message_en


def test_entries_at_the_limit_are_read(base: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        have = len(z.infolist())
    extra = {f"customXml/item{i}.xml": b"" for i in range(MAX_ZIP_ENTRIES - have)}
    data = rewrite(base, lambda _n, c: c, add=extra)
    assert read_bytes(data, "").scenario.parks


def test_utf16_xml_errors_do_not_name_the_exception(base: bytes) -> None:
    parks = part_of(base, "terreinen")
    # UTF-16 bytes that declare UTF-8, and UTF-16 cut in the middle of a character
    for encode in (lambda x: ('<?xml version="1.0" encoding="UTF-8"?>' + x).encode("utf-16"),
                   lambda x: x.encode("utf-16")[:-1]):
        data = rewrite(base, lambda n, c, enc=encode: enc(c.decode()) if n == parks else c)
        text = refusal(data)
        assert not EXCEPTION_NAMES.search(text) and "beschadigd" in text
