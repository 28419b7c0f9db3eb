"""Every problem of an uploaded workbook in one pass (issue 19, finding 1): none hidden by
another, none caused by another, numbers in the reader's notation, singular and plural right."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from allocation import format as fmt
from allocation.demo import write_demo
from allocation.domain import WorkbookError
from allocation.workbook import read_workbook


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the text "veel" in `bedrijven` (row 3), the `draagvlak` column removed and
    the 2027 budget set to -500000: exactly three problems."""
    path = tmp_path_factory.mktemp("upload") / "demo.xlsx"
    write_demo(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["terreinen"]
    header = [c.value for c in ws[1]]
    ws.cell(3, header.index("bedrijven") + 1).value = "veel"
    ws.delete_cols(header.index("draagvlak") + 1)
    budget = wb["budget"]
    rows = [r for r in range(2, budget.max_row + 1) if budget.cell(r, 1).value == 2027]
    assert len(rows) == 1
    budget.cell(rows[0], 2).value = -500000
    wb.save(path)
    return path


def test_every_problem_at_once(broken: Path) -> None:
    with pytest.raises(WorkbookError) as info:
        read_workbook(broken)
    issues = info.value.issues
    by_place = {(i.sheet, i.row, i.column): i for i in issues}
    assert len(issues) == 3, [i.message_nl for i in issues]
    text = by_place[("terreinen", 3, "bedrijven")]  # not hidden by the missing column
    assert text.value == "veel" and "Verwacht een getal" in text.message_nl
    missing = by_place[("terreinen", 1, "draagvlak")]
    assert missing.message_nl.startswith("Verplichte kolom 'draagvlak' ontbreekt.")
    assert "(of" not in missing.message_nl  # the alias only when it differs
    amount = by_place[("budget", 3, "budget_eur")]
    assert amount.message_nl == "-500.000 is negatief; hier is 0 of meer nodig."
    assert amount.message_en == "-500,000 is negative; 0 or more is needed here."
    # the bad amount is one problem: 2027 is not also called missing
    assert not any("ontbreekt" in i.message_nl and i.sheet == "budget" for i in issues)


def test_bounds_in_each_language_notation() -> None:
    from allocation.format import num_in

    assert num_in(10_000_000_000) == "10.000.000.000"
    assert num_in(10_000_000_000, "en") == "10,000,000,000"
    assert num_in(0.25) == "0,25" and num_in(0.25, "en") == "0.25"
    assert num_in(2026, grouped=False) == "2026"


@pytest.mark.parametrize(("n", "text"), [(0, "0 terreinen"), (1, "1 terrein"),
                                         (9, "9 terreinen"), (1204, "1.204 terreinen")])
def test_count_singular_and_plural(n: int, text: str) -> None:
    assert fmt.count(n, "terrein", "terreinen") == text


def test_one_pydantic_translation_in_both_languages() -> None:
    """Issue 29: one translator of pydantic's reports, used by the reader and the editors; no
    English of pydantic inside a Dutch sentence."""
    from pydantic import ValidationError

    from allocation.domain import BudgetYear, validation_problems
    from allocation.workbook.cells import translate
    from ui.state import describe_validation_error

    with pytest.raises(ValidationError) as info:
        BudgetYear(year=2026, budget_eur=-1)
    nl = validation_problems(info.value, "nl")
    en = validation_problems(info.value, "en")
    assert nl[0][0] == ("budget_eur",) and nl[0][1] == "moet minstens 0 zijn"
    assert en[0][1] == "must be at least 0"
    issue = translate(info.value, "budget", 3, {"budget_eur": "budget_eur"})[0]
    assert issue.message_nl == "Waarde niet geaccepteerd: moet minstens 0 zijn."
    assert "Input should" not in issue.message_nl
    assert describe_validation_error(info.value, "nl").endswith("moet minstens 0 zijn")
