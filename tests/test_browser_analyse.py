"""Browser test of the Analyse page's budget tabs in headless Chromium: the frontier, the
leverage and a political choice are computed by clicking, each export is downloaded and opened
with openpyxl, and the presentation page shows the frontier on request. Screenshots go to
tests/artifacts/analyse_*.png (gitignored)."""

from __future__ import annotations

import pytest

from tests.test_browser import (  # noqa: F401 - fixtures are used by name
    ARTIFACTS,
    _download,
    browser,
    nav,
    no_traceback,
    page,
    server,
    settle,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"analyse_{name}.png"), full_page=True)


def _wait_text(pg, text: str) -> None:
    """Wait until `text` shows (a computation of several solves outlasts `settle` on a busy
    machine)."""
    pg.get_by_text(text, exact=False).first.wait_for(timeout=120_000)
    settle(pg)


def _tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=name).click()
    pg.wait_for_timeout(400)


def test_analyse_flow(page, server, tmp_path):  # noqa: F811 - pytest fixtures
    pg = page
    pg.goto(f"{server}/analyse")
    settle(pg)
    no_traceback(pg)
    assert pg.get_by_role("heading", name="Analyse").count() >= 1

    # budget frontier
    pg.get_by_role("button", name="Bereken de budgetgrens").click()
    _wait_text(pg, "De knik ligt bij")
    no_traceback(pg)
    body = pg.inner_text("body")
    assert "Boven het huidige plan" in body and "De knik ligt bij" in body
    pg.get_by_text("Waarde bij meer of minder budget").wait_for()
    pg.locator("canvas, svg.marks").first.wait_for()  # the Vega chart has drawn
    _shot(pg, "frontier")
    wb = _download(pg, "Resultaten met budgetgrens (.xlsx)", tmp_path)
    ws = wb["Budgetgrens"]
    assert ws.max_row == 22
    assert [r[7] for r in ws.iter_rows(min_row=2, values_only=True)].count("ja") == 1
    assert "Verdeling" in wb.sheetnames or len(wb.sheetnames) > 3  # the results sheets too

    # leverage
    _tab(pg, "Hefboom")
    pg.get_by_role("button", name="Bereken de hefboom").click()
    _wait_text(pg, "Privaat geld bij een klein waardeverlies")
    no_traceback(pg)
    assert "meer privaat geld" in pg.inner_text("body")
    _shot(pg, "leverage")
    wb = _download(pg, "Resultaten met hefboom (.xlsx)", tmp_path)
    assert wb["Hefboom"].max_row == 8

    # price of a choice: the best-funded demo park out
    _tab(pg, "Prijs van een keuze")
    box = pg.get_by_role("combobox").nth(1)  # "Verplicht eruit"
    box.click()
    pg.keyboard.type("MW046")
    pg.keyboard.press("Enter")
    pg.keyboard.press("Escape")
    settle(pg)
    pg.get_by_role("button", name="Bereken de prijs").click()
    _wait_text(pg, "Wie betaalt voor de keuze")
    no_traceback(pg)
    body = pg.inner_text("body")
    assert "Waardeverlies" in body and "de keuze kost" in body
    _shot(pg, "choice")
    wb = _download(pg, "Resultaten met prijs van de keuze (.xlsx)", tmp_path)
    rows = list(wb["Prijs van keuze"].iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == "MW046 eruit"
    assert any(r[2] == "MW046" and r[6] < 0 for r in rows)

    # the presentation page shows the frontier on request
    nav(pg, "Presentatie")
    pg.get_by_text("Toon wat meer of minder budget oplevert").click()
    _wait_text(pg, "De knik ligt bij")
    no_traceback(pg)
    assert "De knik ligt bij" in pg.inner_text("body")
    _shot(pg, "presentation")
