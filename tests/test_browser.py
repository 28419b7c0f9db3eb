"""Browser tests: the real app in headless Debian Chromium (Playwright, sync API).

One server per module (a subprocess `streamlit run app.py` on a free port, with a temporary
scenario database). The flow follows a user: deep link on a fresh server, demo data, a bad and
a good upload, an assumption change that moves the allocation, the language switch, the results
download, the presentation page, two saved scenarios compared, the decision log and comparison
exports. Screenshots of every page go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from allocation.workbook import write_scenario
from tests.conftest import make_small_scenario

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    db = tmp_path_factory.mktemp("db") / "scenarios.sqlite"
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": f"sqlite:///{db}"}
    log = (tmp_path_factory.mktemp("log") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 2200},
                                      accept_downloads=True, locale="nl-NL")
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        yield pg
        context.close()
        browser.close()


def settle(pg) -> None:
    """Wait until Streamlit has finished the current run."""
    pg.wait_for_selector("[data-testid=stApp]")
    pg.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)  # every page has a title
    pg.wait_for_timeout(600)
    for _ in range(240):
        running = pg.locator("[data-testid=stStatusWidget]").count()
        skeleton = pg.locator("[data-testid=stSkeleton]").count()
        if not running and not skeleton:
            break
        pg.wait_for_timeout(250)
    pg.wait_for_timeout(400)


def no_traceback(pg) -> None:
    assert pg.locator("[data-testid=stException]").count() == 0
    assert "Traceback" not in pg.inner_text("body")


def nav(pg, title: str) -> None:
    pg.locator("[data-testid=stSidebarNav]").get_by_role("link", name=title).click()
    settle(pg)
    no_traceback(pg)


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def metric(pg, label: str) -> str:
    tile = pg.locator("[data-testid=stMetric]").filter(has_text=label).first
    return tile.locator("[data-testid=stMetricValue]").inner_text()


def _bad_workbook() -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(write_scenario(make_small_scenario())))
    ws = wb["terreinen"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    ws.cell(row=2, column=header.index("draagvlak") + 1, value=50)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _download(pg, label: str, tmp_path: Path) -> openpyxl.Workbook:
    with pg.expect_download() as info:
        pg.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return openpyxl.load_workbook(target)


def test_user_flow(page, server, tmp_path):
    pg = page
    # a deep link as the very first request of a fresh server still gets the whole app
    pg.goto(f"{server}/verdeling")
    settle(pg)
    no_traceback(pg)
    assert pg.get_by_role("heading", name="Verdeling").count() >= 1
    assert "fictieve provincie" in pg.locator("[data-testid=stSidebar]").inner_text()

    pg.goto(server)  # the start page: what the tool is for, links to every step
    settle(pg)
    no_traceback(pg)
    assert "draagkracht" in pg.inner_text("body")
    shot(pg, "0_start")

    pg.goto(f"{server}/gegevens")  # every page but the start page has its own address
    settle(pg)
    no_traceback(pg)
    assert "fictieve demogegevens" in pg.inner_text("body")
    shot(pg, "1_gegevens")

    # a bad upload: every problem in one table, the demo stays active
    pg.locator("input[type=file]").set_input_files(
        files=[{"name": "kapot.xlsx", "mimeType": "application/octet-stream",
                "buffer": _bad_workbook()}])
    settle(pg)
    no_traceback(pg)
    body = pg.inner_text("body")
    assert "niet gebruikt" in body
    assert "fictieve provincie" in pg.locator("[data-testid=stSidebar]").inner_text()
    shot(pg, "1_gegevens_bad_upload")

    # a good upload becomes the active data
    pg.locator("input[type=file]").set_input_files(
        files=[{"name": "drie_terreinen.xlsx", "mimeType": "application/octet-stream",
                "buffer": write_scenario(make_small_scenario())}])
    # wait for the result itself: on a loaded machine the rerun may start after settle() looked
    pg.locator("[data-testid=stSidebar]").get_by_text("drie_terreinen.xlsx").first.wait_for()
    settle(pg)
    no_traceback(pg)
    sidebar = pg.locator("[data-testid=stSidebar]").inner_text()
    assert "drie_terreinen.xlsx" in sidebar and "3 terreinen" in sidebar

    nav(pg, "Verdeling")
    before = metric(pg, "Toegekend")
    shot(pg, "3_verdeling")

    # an assumption change moves the allocation
    nav(pg, "Aannames")
    shot(pg, "2_aannames")
    year = str(make_small_scenario().years[0])
    box = pg.get_by_label(year, exact=True)
    box.fill("0")
    box.press("Enter")
    settle(pg)
    nav(pg, "Verdeling")
    after = metric(pg, "Toegekend")
    assert after != before, (before, after)

    # the results workbook downloads and opens
    wb = _download(pg, "Resultaten downloaden (.xlsx)", tmp_path)
    assert len(wb.sheetnames) >= 2

    # language switch
    pg.locator("[data-testid=stSidebar]").get_by_text("EN", exact=True).click()
    settle(pg)
    no_traceback(pg)
    assert pg.get_by_role("heading", name="Allocation").count() >= 1
    assert metric(pg, "Allocated").startswith("€")
    shot(pg, "3_verdeling_en")
    pg.locator("[data-testid=stSidebar]").get_by_text("NL", exact=True).click()
    settle(pg)

    nav(pg, "Draagvlak & draagkracht")
    assert "€ 100.000" in pg.inner_text("body")
    shot(pg, "4_draagvlak")

    nav(pg, "Presentatie")
    assert pg.locator("[data-testid=stMetric]").count() >= 6
    assert pg.locator("[data-testid=stDataFrame]").count() == 0
    shot(pg, "5_presentatie")

    # two saved scenarios, compared
    nav(pg, "Scenario's")
    for name in ("Krap 2026", "Ruim 2026"):
        if name == "Ruim 2026":
            nav(pg, "Aannames")
            box = pg.get_by_label(year, exact=True)
            box.fill("900000")
            box.press("Enter")
            settle(pg)
            nav(pg, "Scenario's")
        pg.get_by_label("Naam", exact=True).fill(name)
        pg.get_by_role("button", name="Opslaan").click()
        settle(pg)
        no_traceback(pg)
        assert "Opgeslagen als" in pg.inner_text("body")
    shot(pg, "6_scenarios")

    nav(pg, "Vergelijken")
    pick = pg.locator("[data-testid=stMultiSelect]").first
    for name in ("Krap 2026 (v1)", "Ruim 2026 (v1)"):
        pick.click()
        pg.get_by_role("option", name=name).click()
        settle(pg)
    pg.keyboard.press("Escape")
    settle(pg)
    no_traceback(pg)
    body = pg.inner_text("body")
    assert "Kerncijfers" in body and "verschil" in body
    comparison = _download(pg, "Vergelijking downloaden (.xlsx)", tmp_path)
    assert len(comparison.sheetnames) >= 3

    pg.get_by_label("Motivering (één regel)").fill("Ruim budget past bij de ambitie")
    pg.get_by_role("button", name="Markeer als gekozen").click()
    pg.get_by_text("Besluit vastgelegd").first.wait_for()
    settle(pg)
    no_traceback(pg)
    assert "Besluit vastgelegd" in pg.inner_text("body")
    log = _download(pg, "Besluitenlog downloaden (.xlsx)", tmp_path)
    cells = [str(c.value) for row in log.active.iter_rows() for c in row if c.value is not None]
    assert any("Ruim budget past bij de ambitie" in c for c in cells)
    shot(pg, "7_vergelijken")
