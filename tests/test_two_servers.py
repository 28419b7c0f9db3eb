"""Two app servers on one scenario database save at the same moment (issue 14, item 6).

Two `streamlit run app.py` processes share one database: PostgreSQL when
DRAAGKRACHT_TEST_PG_URL is set (as in CI), else one SQLite file. A browser page on each saves
under the same name at once; both versions must be there, numbered 1 and 2, each with its own
audit line.
"""

from __future__ import annotations

import contextlib
import os

import pytest

from allocation.store import open_store
from tests.test_auth_browser import settle
from tests.test_browser import CHROMIUM, _free_port, chromium, no_traceback, running_app
from tests.test_store import PG_URL, _reset_pg

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no /usr/bin/chromium")]


def test_two_servers_save_at_once(tmp_path):
    if PG_URL:
        _reset_pg(PG_URL)
        db = PG_URL
    else:
        db = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": db}
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(running_app(_free_port(), env, tmp_path / f"s{i}.log"))
                for i in range(2)]
        browser = stack.enter_context(chromium())
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
    with open_store(db) as store:
        versions = store.versions("Gedeeld")
        assert sorted(m.version for m in versions) == [1, 2]
        assert len({m.id for m in versions}) == 2
        assert [e.action for e in store.audit()] == ["save", "save"]
