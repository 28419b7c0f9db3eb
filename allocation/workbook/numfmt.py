"""Excel number formats and dates as openpyxl reads them, without importing openpyxl.

    BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format(code), is_timedelta_format(code)
    WINDOWS_EPOCH, MAC_EPOCH, from_excel(value, epoch, timedelta), from_ISO8601(text)

Importing any openpyxl module runs openpyxl's package __init__, which loads the whole library
(0,4 s); the bounded reader (ooxml.py) needs none of it, and the app's first page reads the
demo workbook. So the format table and the two format tests are openpyxl's (openpyxl 3.1, MIT
licence) copied, and the date conversions are openpyxl's own `utils/datetime.py`, loaded as a
standalone module (it imports only the standard library). tests/test_workbook_numfmt.py checks
that both agree with openpyxl.
"""

from __future__ import annotations

import datetime
import functools
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
BUILTIN_FORMATS_MAX_SIZE = 164

WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
MAC_EPOCH = datetime.datetime(1904, 1, 1)

_LITERAL_GROUP = r'".*?"'  # anything in quotes
_LOCALE_GROUP = r"\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]"  # brackets, except hours/minutes/seconds
_STRIP_RE = re.compile(f"{_LITERAL_GROUP}|{_LOCALE_GROUP}")
_TIMEDELTA_RE = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(fmt: str | None) -> bool:
    """A date or time format (only the first section counts, quoted text ignored)."""
    if fmt is None:
        return False
    first = _STRIP_RE.sub("", fmt.split(";")[0])
    return re.search(r"(?<![_\\])[dmhysDMHYS]", first) is not None


def is_timedelta_format(fmt: str | None) -> bool:
    """An elapsed-time format such as [h]:mm:ss."""
    if fmt is None:
        return False
    return _TIMEDELTA_RE.search(fmt.split(";")[0]) is not None


@functools.cache
def _dt() -> ModuleType:
    """openpyxl's utils/datetime.py, loaded once as a standalone module."""
    spec = importlib.util.find_spec("openpyxl")  # finds the package without running it
    assert spec is not None and spec.origin is not None
    path = Path(spec.origin).parent / "utils" / "datetime.py"
    module_spec = importlib.util.spec_from_file_location("_draagkracht_openpyxl_datetime", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def from_excel(value: float, epoch: datetime.datetime = WINDOWS_EPOCH,
               timedelta: bool = False) -> Any:
    """An Excel serial number as a date, time, datetime or timedelta (openpyxl's rules)."""
    return _dt().from_excel(value, epoch, timedelta=timedelta)


def from_ISO8601(text: str) -> Any:  # openpyxl's name
    """A cell of type "d" (ISO 8601 text) as openpyxl reads it."""
    return _dt().from_ISO8601(text)
