"""No internal identifier where a person reads (issue 19, finding 6): the results workbook
names reasons and the organisation category in words, not by their codes."""

from __future__ import annotations

import io

import openpyxl

from allocation.pipeline import solve
from allocation.result import CODE_LABELS, EXPLANATION_CODES, code_label
from allocation.workbook import write_results
from tests.conftest import make_small_scenario


def test_every_code_has_words() -> None:
    assert set(CODE_LABELS) == set(EXPLANATION_CODES)
    assert code_label("absorption") == "begrensd door de opnamecapaciteit"
    assert code_label("absorption", "en") == "limited by absorption capacity"


def test_results_workbook_reads_in_words() -> None:
    sc = make_small_scenario()
    wb = openpyxl.load_workbook(io.BytesIO(write_results(sc, solve(sc))))
    ws = wb["per_terrein"]
    header = [c.value for c in ws[1]]
    reasons = {ws.cell(r, header.index("reden") + 1).value for r in range(2, ws.max_row + 1)}
    assert reasons and not reasons & set(EXPLANATION_CODES), reasons
    assert reasons <= {nl for nl, _en in CODE_LABELS.values()}
    summary = {row[0]: row[1] for row in wb["samenvatting"].iter_rows(values_only=True)}
    category = next(c for c in sc.categories if c.category == sc.settings.organisation_category)
    assert summary["Aanname: organisatiecategorie"] == (category.label or category.category)
