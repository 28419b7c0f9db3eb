"""Compare 2-4 scenarios side by side, and write comparisons, the decision log and the audit
trail to Excel.

`compare(entries)` takes `(label, Scenario, AllocationResult)` triples; the first is the
reference (see `comparison` for the tables and the park statuses). The workbooks keep every user
text literal, never a formula (see `sheets`).

The package, one module per job; imports go one way, downwards in this list, and no module
imports this `__init__` (it only re-exports the public names callers use):
    labels        the words: park statuses, KPI rows, assumption and field names, headers
    display       the tables of a Comparison for people (headers in Dutch or English)
    comparison    Comparison and compare()
    sheets        cells and tables in Excel (formats, literal texts), the comparison workbook
    decision_log  the decision log workbook (the minutes)
    audit_log     the audit trail in the user's words, and its workbook
"""

from allocation.compare.audit_log import (
    AUDIT_ACTIONS_TEXT,
    AUDIT_DETAIL_TEXT,
    audit_details,
    write_audit_log,
)
from allocation.compare.comparison import (
    MAX_SCENARIOS,
    MIN_SCENARIOS,
    UNCHANGED_EUR,
    CompareError,
    Comparison,
    compare,
)
from allocation.compare.decision_log import write_decision_log
from allocation.compare.labels import (
    FIELD_LABELS,
    KPI_ROWS,
    SECTION_LABELS,
    SETTING_LABELS,
    STATUS_LABELS,
    person_label,
)
from allocation.compare.sheets import (
    COMPARISON_SHEETS,
    EUR_DIFF_FORMAT,
    EUR_FORMAT,
    EXCEL_MAX_TEXT,
    FORMATS,
    KPI_KIND_FORMATS,
    is_formula_like,
    write_comparison,
    write_comparison_explained,
)

__all__ = [
    "AUDIT_ACTIONS_TEXT", "AUDIT_DETAIL_TEXT", "COMPARISON_SHEETS", "EUR_DIFF_FORMAT",
    "EUR_FORMAT", "EXCEL_MAX_TEXT", "FIELD_LABELS", "FORMATS", "KPI_KIND_FORMATS", "KPI_ROWS",
    "MAX_SCENARIOS", "MIN_SCENARIOS", "SECTION_LABELS", "SETTING_LABELS", "STATUS_LABELS",
    "UNCHANGED_EUR", "CompareError", "Comparison", "audit_details", "compare",
    "is_formula_like", "person_label", "write_audit_log", "write_comparison", "write_comparison_explained", "write_decision_log",
]
