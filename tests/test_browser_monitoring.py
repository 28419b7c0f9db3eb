"""Browser test of the Monitoring page, the re-plan and the regional view (headless Chromium).

Reuses the server and page fixtures of tests/test_browser.py (one server for this module).
Screenshots go to tests/artifacts/ (gitignored): monitoring_progress, monitoring_replan,
monitoring_next_year(_en), regio.
"""

from __future__ import annotations

import openpyxl

from tests.test_browser import (  # noqa: F401 - fixtures used by name
    browser,
    metric,
    nav,
    no_traceback,
    page,
    pytestmark,
    server,
    settle,
    shot,
)


def test_monitoring_replan_and_regional_view(server, page, tmp_path) -> None:  # noqa: F811
    pg = page
    pg.goto(f"{server}/monitoring")
    settle(pg)
    no_traceback(pg)
    assert "Monitoring en herplanning" in pg.inner_text("body")
    assert metric(pg, "Monitoringsrondes") == "2"
    pg.get_by_text("Beweging op de organisatieladder per regio").wait_for()
    pg.get_by_text("Draagvlak daalt terwijl er geld gepland is").wait_for()
    shot(pg, "monitoring_progress")

    pg.get_by_role("tab", name="Herplanning").click()
    pg.get_by_text("Wat verschuift ten opzichte van het plan").wait_for()
    assert metric(pg, "Gerealiseerde jaren (vast)") == "2026"
    body = pg.inner_text("body")
    assert "Onafhankelijk gecontroleerd" in body
    assert "docs/" not in body  # the intro says the method, it does not point to a file
    shot(pg, "monitoring_replan")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Herplanning downloaden (.xlsx)").click()
    path = tmp_path / "herplanning.xlsx"
    info.value.save_as(path)
    assert "herplanning" in openpyxl.load_workbook(path).sheetnames

    pg.get_by_role("tab", name="Volgend jaar").click()
    pg.get_by_text("Nieuw werkboek voor").wait_for()
    pg.get_by_text("Doorgerold uit 'demo'").wait_for()
    shot(pg, "monitoring_next_year")

    # English: the next-year notes follow the language switch
    pg.locator("[data-testid=stSidebar]").get_by_text("EN", exact=True).click()
    settle(pg)
    no_traceback(pg)
    pg.get_by_role("tab", name="Next year").click()
    pg.get_by_text("Rolled forward from 'demo'").wait_for()
    assert "Doorgerold" not in pg.inner_text("body")
    shot(pg, "monitoring_next_year_en")
    pg.locator("[data-testid=stSidebar]").get_by_text("NL", exact=True).click()
    settle(pg)

    nav(pg, "Regiotafels")
    pg.get_by_text("Terreinen in de regio").wait_for()
    box = pg.locator("[data-testid=stSelectbox]").first
    box.click()
    pg.get_by_role("option", name="Rivierenzoom").click()
    settle(pg)
    for _ in range(40):  # the rerun after the choice may start a moment later
        if metric(pg, "Terreinen") == "37":
            break
        pg.wait_for_timeout(250)
    settle(pg)
    no_traceback(pg)
    assert metric(pg, "Terreinen") == "37"  # Rivierenzoom's parks in the demo
    shot(pg, "regio")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Factsheet regio (.pdf)").click()
    pdf = tmp_path / "regio.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
