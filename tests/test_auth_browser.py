"""Login and roles in a real browser: Streamlit's st.login against the test OIDC provider.

One app server with [auth] configured (a temporary secrets.toml) and a roles file; three
people log in through the provider's form in headless Chromium, each in their own browser
context: the viewer cannot save, the editor saves but cannot delete, the admin deletes. The
store's audit trail then names each of them. Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from allocation.store import open_store
from tests.conftest import wait_text
from tests.oidc_provider import OIDCProvider, OIDCUser
from tests.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    _free_port,
    chromium,
    no_traceback,
    running_app,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]

VIEWER, EDITOR, ADMIN = "lid@commissie.nl", "analist@provincie.nl", "beheer@provincie.nl"


@pytest.fixture(scope="module")
def provider():
    users = [OIDCUser(VIEWER, "Lid Commissie", ["commissie"]),
             OIDCUser(EDITOR, "Ana Analist"), OIDCUser(ADMIN, "Bea Beheer"),
             OIDCUser("vreemde@elders.nl", "Vreemde")]
    with OIDCProvider(users, "draagkracht-test", secrets.token_urlsafe(16)) as p:
        yield p


@pytest.fixture(scope="module")
def server(tmp_path_factory, provider):
    port = _free_port()
    folder = tmp_path_factory.mktemp("auth")
    db = f"sqlite:///{folder / 'scenarios.sqlite'}"
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{provider.client_id}"\n'
        f'client_secret = "{provider.client_secret}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n', encoding="utf-8")
    (folder / "roles.toml").write_text(
        "[roles]\n"
        f'admin = ["{ADMIN}"]\n'
        'editor = ["@provincie.nl"]\n'
        'viewer = ["group:commissie"]\n', encoding="utf-8")
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": db,
           "DRAAGKRACHT_ROLES_FILE": str(folder / "roles.toml")}
    env.pop("DRAAGKRACHT_ALLOW_OPEN_WITHOUT_LOGIN", None)
    with running_app(port, env, folder / "streamlit.log",
                     "--secrets.files", str(folder / "secrets.toml")) as url:
        yield url, db


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def settle(pg) -> None:
    """Wait until Streamlit has finished the current run (login pages have no page title)."""
    pg.wait_for_selector("[data-testid=stApp]")
    pg.wait_for_selector("[data-testid=stMain]")
    pg.wait_for_timeout(800)
    for _ in range(240):
        if not pg.locator("[data-testid=stStatusWidget]").count() and not pg.locator(
                "[data-testid=stSkeleton]").count():
            break
        pg.wait_for_timeout(250)
    pg.wait_for_timeout(400)


def login(browser, url: str, email: str):
    """A fresh browser context that logs in as `email` through the provider's form."""
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(f"{url}/scenarios")
    pg.wait_for_selector("text=Log in met uw account")
    assert pg.locator("[data-testid=stSidebarNav]").count() == 0  # nothing else is shown
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_url("**/authorize**")
    pg.get_by_role("button", name=f"Log in as {email}").click()
    pg.wait_for_url(f"{url}/**")
    pg.wait_for_selector("text=Ingelogd als" if "vreemde" not in email else "text=geen rol")
    settle(pg)
    no_traceback(pg)
    return context, pg


def open_scenarios(pg, url: str) -> None:
    pg.goto(f"{url}/scenarios")
    pg.wait_for_selector("text=Logboek")
    settle(pg)
    no_traceback(pg)


def test_roles_in_the_browser(server, provider, browser):
    url, db = server

    # a viewer sees the list and the trail, but cannot save, rename or delete
    context, pg = login(browser, url, VIEWER)
    open_scenarios(pg, url)
    body = pg.inner_text("body")
    assert "Ingelogd als Lid Commissie (lezer)" in body
    assert "Met uw rol (lezer) kunt u niet opslaan" in body
    assert pg.get_by_role("button", name="Opslaan").count() == 0
    pg.screenshot(path=str(ARTIFACTS / "auth_viewer.png"), full_page=True)
    pg.goto(f"{url}/gegevens")  # and cannot load a workbook
    pg.wait_for_selector("[data-testid=stFileUploader]")
    settle(pg)
    assert pg.locator("[data-testid=stFileUploader] input[type=file]").first.is_disabled()
    context.close()

    # an editor saves (in their own name) but cannot delete
    context, pg = login(browser, url, EDITOR)
    open_scenarios(pg, url)
    assert "Ingelogd als Ana Analist (bewerker)" in pg.inner_text("body")
    assert f"Wordt opgeslagen op naam van {EDITOR}" in pg.inner_text("body")
    pg.get_by_label("Naam").fill("Voorstel")
    pg.get_by_role("button", name="Opslaan").click()
    settle(pg)
    pg.wait_for_selector("text=Opgeslagen als Voorstel (v1)")
    wait_text(pg, "Met uw rol (bewerker) kunt u niet verwijderen")
    assert pg.get_by_role("button", name="Verwijderen").count() == 0
    assert pg.get_by_role("button", name="Hernoemen").count() == 1  # an editor may rename
    pg.screenshot(path=str(ARTIFACTS / "auth_editor.png"), full_page=True)
    context.close()

    # an admin deletes it
    context, pg = login(browser, url, ADMIN)
    open_scenarios(pg, url)
    assert "(beheerder)" in pg.inner_text("body")
    pg.get_by_role("button", name="Verwijderen").click()
    settle(pg)
    pg.wait_for_selector("text=verwijderd (herstellen kan)")
    pg.screenshot(path=str(ARTIFACTS / "auth_admin.png"), full_page=True)
    # and logs out: the next visit asks to log in again
    pg.get_by_role("button", name="Uitloggen").click()
    pg.wait_for_timeout(1500)
    pg.goto(f"{url}/scenarios")
    pg.wait_for_selector("text=Log in met uw account")
    pg.get_by_role("button", name="Inloggen").wait_for()  # (drawn just after the text)
    assert pg.get_by_role("button", name="Inloggen").count() == 1
    # the login page has the language switch too
    pg.locator("[data-testid=stSidebar]").get_by_text("EN", exact=True).click()
    pg.wait_for_selector("text=Log in with your province account")
    pg.get_by_role("button", name="Log in", exact=True).wait_for()
    assert pg.get_by_role("button", name="Log in", exact=True).count() == 1
    context.close()

    # someone the roles file does not name gets no access
    context, pg = login(browser, url, "vreemde@elders.nl")
    assert "geen rol in deze toepassing" in pg.inner_text("body")
    assert pg.locator("[data-testid=stSidebarNav]").count() == 0
    context.close()

    with open_store(db) as store:
        trail = [(e.action, e.actor) for e in store.audit()]
    assert trail == [("save", EDITOR), ("delete", ADMIN)]
    assert provider.tokens_issued == 4  # every login went through the token endpoint
