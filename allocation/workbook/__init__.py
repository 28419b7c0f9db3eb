"""The input workbook: read it safely into a `Scenario`, and write template, scenario and results.

What the package holds, by job (docs/contracts/WORKBOOK.md is the contract):

- `spec`: the one column table (`SHEETS`: names, kinds, bounds, Dutch help) and the limits;
  it drives the reader and the writers alike, so names and explanations live in one place.
- Reading, in stages:
  1. `container` looks at the raw bytes *before* any XML parser sees them: size, file type
     (CSV, old .xls, .ods, encrypted workbook, truncated download, ...), zip bombs, the number
     of entries and XML entity declarations. It only streams; it never inflates a whole part.
     `opc` finds the workbook part as the package's relationships say (Open Packaging
     Conventions), wherever the writer put it: `xl/workbook.xml`, the archive root, another
     folder, member names with backslashes or in another case.
  2. `ooxml.Package` opens the package in bounds: relationships, workbook structure and styles,
     then only the sheets the reader chose, streamed by `sheetxml` (expat; the shared-strings
     table read for the entries used only) or read by `fastgrid` (python-calamine, where it
     gives exactly the same cells), stopping a sheet one row past its limit.
  3. `read.Reader` turns each sheet into a `cells.Table` of rows; `cells` checks and parses the
     values by column kind and words every problem as an `InputIssue` (sheet and column as
     written, spreadsheet row, value found, what was expected, Dutch and English; pydantic
     errors are translated by `cells.translate`, never shown).
  4. `validate.build_scenario` assembles the `Scenario` from the tables; `monitoring` builds
     the optional monitoring sheets into a `Monitoring`.
  `read.read_workbook` / `read.read_bytes` run the stages; `reference` keeps the openpyxl
  reader the app used before, as the tests' oracle (tests/workbook_oracle.py reads every test
  workbook three ways and asks for the same outcome).
- Writing: `template.write_template`, `template.write_scenario` and `results.write_results`
  all build the input sheets with `write_input_sheets`; every table goes through
  `xlsx.write_table` and every cell through `xlsx.put`, which makes user text that a
  spreadsheet could execute (`=`, `+`, `-`, `@`, tab, CR) a plain text cell.

Imports point one way, from the entry down to the table (no cycle; no module imports this
`__init__`):

    read -> validate, monitoring -> cells -> spec
    read -> ooxml -> fastgrid -> sheetxml -> container -> spec, opc (reference -> read)
    results -> template -> xlsx -> spec

`read` sits on top of the reading because it runs the stages: `validate` and `monitoring`
take tables and an issue collector (`cells.CellParser`), never the reader itself.

Adding an optional input sheet: a `SheetSpec` in `spec` (columns with kinds, bounds and Dutch
help) added to `SHEETS` is found, read, bounded, type-checked and explained in `toelichting`
without further changes; what remains is turning its rows into the domain
(`validate.build_scenario`) and writing it back (`template.write_input_sheets`).

Everything importers outside the package use is re-exported here (public names only), so
`from allocation.workbook import ...` is the one public entry.
"""

from __future__ import annotations

from allocation.workbook.cells import BAD
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
from allocation.workbook.xlsx import HEADER_FILL, new_workbook, put, save_workbook, write_table

__all__ = [
    "read_workbook",
    "load_workbook",
    "write_template",
    "write_scenario",
    "write_results",
    "write_input_sheets",
    "write_table",
    "put",
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
