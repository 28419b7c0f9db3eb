"""allocation.workbook.numfmt is openpyxl's number-format table and rules, without the import."""

from __future__ import annotations

import pytest
from openpyxl.styles import numbers
from openpyxl.utils import datetime as oxdt

from allocation.workbook import numfmt

CODES = [None, "", "General", "0", "0%", "d-mmm-yy", "[h]:mm:ss", "[mm]:ss", '"day" 0',
         "[$-413]d mmmm yyyy", "#,##0;[Red]-#,##0", "h:mm AM/PM", "0.00_);(0.00)", "@",
         "[ss].00", "yyyy-mm-dd h:mm:ss", r"\d0", "_d0", '0 "m"', "[Blue]0"]


def test_the_table_and_epochs_are_openpyxls() -> None:
    assert numfmt.BUILTIN_FORMATS == numbers.BUILTIN_FORMATS
    assert numfmt.BUILTIN_FORMATS_MAX_SIZE == numbers.BUILTIN_FORMATS_MAX_SIZE
    assert (numfmt.WINDOWS_EPOCH, numfmt.MAC_EPOCH) == (oxdt.WINDOWS_EPOCH, oxdt.MAC_EPOCH)


@pytest.mark.parametrize("code", CODES + list(numbers.BUILTIN_FORMATS.values()))
def test_date_and_duration_decisions_are_openpyxls(code: str | None) -> None:
    assert numfmt.is_date_format(code) == numbers.is_date_format(code)
    assert numfmt.is_timedelta_format(code) == numbers.is_timedelta_format(code)


def test_reading_the_demo_workbook_does_not_load_openpyxl() -> None:
    import subprocess
    import sys

    code = ("import sys; from allocation.workbook import read_workbook; "
            "read_workbook(open('data/demo.xlsx','rb').read(), source_name='demo.xlsx'); "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=__file__.rsplit("/tests/", 1)[0])
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("value", [0, 0.5, 1, 59, 60, 61, 45000.25, 2900000.5])
@pytest.mark.parametrize("delta", [False, True])
def test_dates_are_openpyxls(value: float, delta: bool) -> None:
    for epoch in (numfmt.WINDOWS_EPOCH, numfmt.MAC_EPOCH):
        assert numfmt.from_excel(value, epoch, timedelta=delta) == \
            oxdt.from_excel(value, epoch, timedelta=delta)
    for text in ("2027-01-31", "2027-01-31T10:00:00Z", "10:30:00", "PT1H30M"):
        assert numfmt.from_ISO8601(text) == oxdt.from_ISO8601(text)
