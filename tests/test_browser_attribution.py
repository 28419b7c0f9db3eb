"""Browser test of issue 23: on the compare page, two saved scenarios that differ in three groups
(the budget for 2027, the private share of collective projects, a park's co-financing) are
explained: the chart and the sentence for the total and for a chosen park appear, and the
comparison export has the attribution sheet. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_attribution import three_group_pair

from allocation import solve
from allocation.store import open_store, result_summary
from tests.test_browser import (
    ARTIFACTS,
    _download,
    _free_port,
    _new_page,
    chromium,
    compare_saved,
    no_traceback,
    running_app,
    settle,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                       reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "scenarios.sqlite"
    url = f"sqlite:///{db}"
    store = open_store(url)
    a, b = three_group_pair()
    for scen, name in ((a, "Basis"), (b, "Krapper")):
        store.save(scen, result_summary(solve(scen)), name, "tester")
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": url}
    with running_app(_free_port(), env,
                     tmp_path_factory.mktemp("log") / "streamlit.log") as address:
        yield address


def _section(pg):
    """The attribution section: from its heading to the end of the page's main block."""
    return pg.locator("[data-testid=stMain]")


def test_compare_explains_a_chosen_park(server, tmp_path):
    with chromium() as browser:
        context, pg = _new_page(browser, 1400, 1500)
        pg.goto(server)
        settle(pg)
        compare_saved(pg, "Basis (v1)", "Krapper (v1)")
        heading = pg.get_by_role("heading", name="Waardoor verschuift het geld?")
        heading.scroll_into_view_if_needed()
        body = pg.inner_text("body")
        assert "3 groepen wijzigingen: budget 2027, private eis Collectieve projecten, " \
               "terreingegevens." in body
        pg.get_by_role("button", name="Bereken").click()
        try:
            pg.get_by_text("De totale waarde stijgt").first.wait_for(timeout=60_000)
        except Exception:
            pg.screenshot(path=str(ARTIFACTS / "attribution_failed.png"), full_page=True)
            raise
        settle(pg)
        no_traceback(pg)
        body = pg.inner_text("body")
        assert "door het lagere budget voor 2027" in body
        assert "door de hogere private eis voor Collectieve projecten" in body
        assert "Grootste verliezers" in body
        # pick a park: Industrieterrein Hoge Weide (P2), whose co-financing changed
        box = pg.locator("[data-testid=stSelectbox]").filter(
            has=pg.get_by_text("Terrein", exact=True)).first
        box.scroll_into_view_if_needed()
        box.click()
        try:
            pg.get_by_role("option", name=re.compile(r"Hoge Weide \(P2\)")).click()
        except Exception:
            pg.screenshot(path=str(ARTIFACTS / "attribution_failed.png"))
            raise
        settle(pg)
        no_traceback(pg)
        sentence = pg.get_by_text(re.compile(r"^Industrieterrein Hoge Weide krijgt in "
                                             r"Krapper \(v1\)")).first
        sentence.wait_for()
        text = sentence.inner_text()
        assert "door de gewijzigde terreingegevens" in text, text
        charts = _section(pg).locator("[data-testid=stVegaLiteChart]")
        assert charts.count() >= 3  # the page's own charts plus the total and the park
        park_chart = pg.locator("[data-testid=stVegaLiteChart]").last
        park_chart.scroll_into_view_if_needed()
        pg.wait_for_timeout(800)
        heading.evaluate("e => e.scrollIntoView({block: 'start'})")
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(ARTIFACTS / "attribution_total.png"))
        sentence.evaluate("e => e.scrollIntoView({block: 'start'})")
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(ARTIFACTS / "attribution_park.png"))
        wb = _download(pg, "Vergelijking downloaden (.xlsx)", tmp_path)
        assert "Verklaring verschillen" in wb.sheetnames
        # English: the same sentence in the other language
        context.close()
