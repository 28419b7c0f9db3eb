"""Two app servers on one scenario database save at the same moment (issue 14, item 6).

Two `streamlit run app.py` processes share one database: PostgreSQL when
DRAAGKRACHT_TEST_PG_URL is set (as in CI), else one SQLite file. A browser page on each saves
under the same name at once; both versions must be there, numbered 1 and 2, each with its own
audit line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from allocation.store import open_store
from tests.test_auth_browser import settle
from tests.test_browser import CHROMIUM, ROOT, _free_port, no_traceback
from tests.test_store import PG_URL, _reset_pg

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no /usr/bin/chromium")]


def _start(port: int, db: str, log_path) -> subprocess.Popen:
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": db}
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)


def _wait_healthy(url: str) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not start")


def test_two_servers_save_at_once(tmp_path):
    from playwright.sync_api import sync_playwright

    if PG_URL:
        _reset_pg(PG_URL)
        db = PG_URL
    else:
        db = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    ports = [_free_port(), _free_port()]
    procs = [_start(p, db, tmp_path / f"s{i}.log") for i, p in enumerate(ports)]
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        for url in urls:
            _wait_healthy(url)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
            pages = []
            for url in urls:
                pg = browser.new_page(viewport={"width": 1400, "height": 1800})
                pg.set_default_timeout(60_000)
                pg.goto(f"{url}/scenarios")
                pg.wait_for_selector("text=Logboek")
                settle(pg)
                pg.get_by_label("Naam").fill("Gedeeld")
                pages.append(pg)
            for pg in pages:  # both clicks within milliseconds of each other
                pg.get_by_role("button", name="Opslaan").click(no_wait_after=True)
            for pg in pages:
                pg.wait_for_selector("text=Opgeslagen als Gedeeld")
                no_traceback(pg)
            browser.close()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    with open_store(db) as store:
        versions = store.versions("Gedeeld")
        assert sorted(m.version for m in versions) == [1, 2]
        assert len({m.id for m in versions}) == 2
        assert [e.action for e in store.audit()] == ["save", "save"]
