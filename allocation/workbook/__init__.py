"""The input workbook: read it safely into a `Scenario`, and write template, scenario and results.

Reading happens in three stages (WORKBOOK.md is the contract):

1. `container` looks at the raw bytes *before* any XML parser sees them: size, file type (CSV,
   old .xls, .ods, encrypted workbook, truncated download, ...), zip bombs and XML entity
   declarations. It only streams; it never inflates a whole part into memory.
2. `ooxml.Package` reads the xlsx itself, in bounds: workbook structure and styles, then only
   the sheets the reader chose, streamed (python-calamine where it gives exactly the same cells,
   expat otherwise), stopping a sheet one row past its limit, and of the shared-strings table
   only the entries used.
3. `read._Reader` turns each sheet into rows using one column table (`spec.SHEETS`) that also
   drives the writers, so names, types and explanations live in one place; `cells` checks and
   parses the values and `validate` assembles the scenario. Every problem is collected as an
   `InputIssue` in the user's words (sheet and column as written, spreadsheet row, value found,
   what was expected, Dutch and English); pydantic errors are translated, never shown.

`reference` keeps the openpyxl reader the app used before, as the tests' oracle (every test
workbook is read three ways and must give the same outcome; tests/workbook_oracle.py).

Writing uses the same table: `template.write_template`, `template.write_scenario` and
`results.write_results` all build the input sheets with `write_input_sheets`, and every table
goes through `xlsx.write_table`, which makes user text that a spreadsheet could execute (`=`,
`+`, `-`, `@`, tab, CR) a plain text cell.

Adding an optional input sheet: a `SheetSpec` in `spec` (columns with kinds, bounds and Dutch
help) added to `SHEETS` is found, read, bounded, type-checked and explained in `toelichting`
without further changes; what remains is turning its rows into the domain (`validate._build`)
and writing it back (`template.write_input_sheets`).

Everything importers use is re-exported here, so `from allocation.workbook import ...` is the
one public entry.
"""

from __future__ import annotations

from allocation.workbook.cells import BAD
from allocation.workbook.read import _Reader as _Reader
from allocation.workbook.read import load_workbook, read_workbook
from allocation.workbook.results import write_results
from allocation.workbook.spec import (
    BUDGET,
    CATEGORIES,
    EUR_FMT,
    EXCEL_ERRORS,
    INFO_SHEETS,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    MAX_RATIO,
    MAX_TEXT,
    MAX_WORKSHEET_ROWS,
    PARKS,
    RATIO_MIN_BYTES,
    RESULT_SHEETS,
    RETURNS,
    RISKY_PREFIXES,
    SETTING_SPECS,
    SETTINGS,
    SHARE_FMT,
    SHEETS,
    TEMPLATE_YEARS,
    Col,
    SheetSpec,
)
from allocation.workbook.template import (
    TOELICHTING_INTRO,
    write_input_sheets,
    write_scenario,
    write_template,
)
from allocation.workbook.validate import _translate as _translate
from allocation.workbook.xlsx import HEADER_FILL, new_workbook, save_workbook, write_table
from allocation.workbook.xlsx import _plain as _plain
from allocation.workbook.xlsx import _put as _put

__all__ = [
    "read_workbook",
    "load_workbook",
    "write_template",
    "write_scenario",
    "write_results",
    "write_input_sheets",
    "write_table",
    "new_workbook",
    "save_workbook",
    "SHEETS",
    "PARKS",
    "BUDGET",
    "CATEGORIES",
    "RETURNS",
    "SETTINGS",
    "SETTING_SPECS",
    "INFO_SHEETS",
    "RESULT_SHEETS",
    "Col",
    "SheetSpec",
    "BAD",
    "MAX_FILE_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_RATIO",
    "RATIO_MIN_BYTES",
    "MAX_TEXT",
    "MAX_WORKSHEET_ROWS",
    "TEMPLATE_YEARS",
    "EXCEL_ERRORS",
    "RISKY_PREFIXES",
    "EUR_FMT",
    "SHARE_FMT",
    "HEADER_FILL",
    "TOELICHTING_INTRO",
]
