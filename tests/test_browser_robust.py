"""Browser test of the Analyse tabs of issue 10 on the demo data: a long robustness run shows
its progress bar with the time left and stops on the stop button; then each analysis runs to
the end, shows its charts, and its export opens with the analysis sheets.

Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

import pytest

from tests.test_browser import (  # noqa: F401 - fixtures and helpers of the browser tests
    ARTIFACTS,
    _download,
    browser,
    no_traceback,
    page,
    server,
    settle,
    shot,
)
from tests.test_browser import pytestmark as browser_marks

pytestmark = browser_marks


def _tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=name).click()
    pg.wait_for_timeout(300)


def _panel(pg):
    return pg.locator("[data-baseweb=tab-panel]:visible, [role=tabpanel]:visible").first


def _set_number(pg, label: str, value: int) -> None:
    box = _panel(pg).get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    settle(pg)


def test_analyses_in_the_browser(page, server, tmp_path):  # noqa: F811
    pg = page
    pg.goto(f"{server}/analyse")
    settle(pg)
    no_traceback(pg)

    # a long run: progress bar with the time left, then stopped by the user
    _tab(pg, "Tekort aan cofinanciering")
    _set_number(pg, "Aantal trekkingen", 2000)
    _panel(pg).get_by_role("button", name="Bereken").click()
    bar = pg.locator("[data-testid=stProgress]")
    bar.first.wait_for(state="visible", timeout=60_000)
    pg.get_by_text("trekkingen · nog ongeveer").first.wait_for(timeout=60_000)
    shot(pg, "an_robust_running")
    pg.get_by_role("button", name="Stop de berekening").click()
    pg.get_by_text("De berekening is gestopt").first.wait_for(timeout=60_000)
    settle(pg)
    no_traceback(pg)
    shot(pg, "an_robust_stopped")

    for tab, draws_label, done_text, stem, sheets in (
        ("Huidige praktijk", "Aantal volgordes (loket)", "Het loket laat", "basislijnen",
         {"Basislijnen", "Basislijnen per terrein"}),
        ("Tekort aan cofinanciering", "Aantal trekkingen", "Blijft het plan ongewijzigd",
         "robuustheid", {"Robuustheid", "Robuustheid trekkingen", "Robuustheid opzet"}),
        ("Stabiliteit gewichten", "Aantal wegingen", "Bereik per doelgewicht", "gewichten",
         {"Gewichten", "Gewichten per terrein", "Gewichten opzet"}),
    ):
        _tab(pg, tab)
        _set_number(pg, draws_label, 20)
        _panel(pg).get_by_role("button", name="Bereken").click()
        pg.get_by_text(done_text).first.wait_for(timeout=180_000)
        settle(pg)
        _tab(pg, tab)
        no_traceback(pg)
        assert _panel(pg).locator("[data-testid=stProgress]").count() >= 1
        assert _panel(pg).locator("[data-testid=stVegaLiteChart]").count() >= 1
        shot(pg, f"an_{stem}")
        with pg.expect_download() as info:
            _panel(pg).get_by_role("button", name="Resultatenwerkboek met deze analyse").click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        import openpyxl

        wb = openpyxl.load_workbook(target)
        assert target.name == f"draagkracht_{stem}.xlsx"
        assert sheets <= set(wb.sheetnames), wb.sheetnames
        assert {"samenvatting", "verdeling"} <= set(wb.sheetnames)  # the results around it


@pytest.fixture(autouse=True)
def _artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
