"""Issue 27, login mode: findings 5, 3 and 11 reproduced against a real server and browser.

Login goes through two OpenID Connect providers: the project's own (tests/oidc_provider.py)
and an independent one from PyPI, `oidc-provider-mock` (its public `app()` factory served by
werkzeug on 127.0.0.1), so the behaviour does not hang on our own provider's details.

- finding 5: a cookie copied before logout no longer logs in; a cookie whose ID token is a
  year old, or whose signature is 31 days (or 13 hours) old, is refused, while a fresh one
  made the same way is accepted; the login cookie lives 12 hours at most and is Secure
  behind TLS;
- finding 3: an anonymous session (the login page's) cannot upload, and 40 refused 1 MB
  uploads leave the server's memory flat (the same uploads into a logged-in session do fill
  it: the measurement can see them);
- finding 11: a generated audit workbook (/media/<hash>.xlsx) is served to its own session
  only, not to a request without cookies nor to another logged-in person.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from allocation.store import open_store
from tests.oidc_provider import OIDCProvider, OIDCUser
from tests.test_browser import chromium
from tests.test_security import (
    CHROMIUM,
    base_env,
    free_port,
    request,
    serve,
    stop,
    wait_ready,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no /usr/bin/chromium"),
]

EDITOR, ADMIN, VIEWER = "analist@provincie.nl", "beheer@provincie.nl", "lid@commissie.nl"
ROLES = ("[roles]\n"
         f'admin = ["{ADMIN}"]\n'
         'editor = ["@provincie.nl"]\n'
         'viewer = ["group:commissie"]\n')


# -- the two providers ----------------------------------------------------------------------------


@contextlib.contextmanager
def own_provider() -> Iterator[dict[str, Any]]:
    users = [OIDCUser(EDITOR, "Ana Analist"), OIDCUser(ADMIN, "Bea Beheer"),
             OIDCUser(VIEWER, "Lid Commissie", ["commissie"])]
    with OIDCProvider(users, "draagkracht-test", secrets.token_urlsafe(16)) as p:
        yield {"client_id": p.client_id, "client_secret": p.client_secret,
               "metadata_url": p.metadata_url, "issuer": p.issuer,
               "button": lambda email: f"Log in as {email}"}


@contextlib.contextmanager
def mock_provider() -> Iterator[dict[str, Any]]:
    """oidc-provider-mock (PyPI) as its documentation runs it (`python -m oidc_provider_mock`,
    its own process): any client id and secret; each predefined user gets a one-click button
    named by their subject."""
    import importlib.util

    assert importlib.util.find_spec("oidc_provider_mock"), "pip install -e '.[test]'"

    port = free_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
            "--port", str(port)]
    for email, name, groups in ((EDITOR, "Ana Analist", []), (ADMIN, "Bea Beheer", []),
                                (VIEWER, "Lid Commissie", ["commissie"])):
        args += ["--user-claims", json.dumps({"sub": f"sub-{email}", "email": email,
                                              "email_verified": True, "name": name,
                                              "groups": groups})]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, port, "/.well-known/openid-configuration", "oidc-provider-mock", 60)
        yield {"client_id": "draagkracht", "client_secret": secrets.token_urlsafe(16),
               "metadata_url": f"{issuer}/.well-known/openid-configuration", "issuer": issuer,
               "button": lambda email: f"sub-{email}"}
    finally:
        stop(proc)


@contextlib.contextmanager
def login_server(tmp: Path, provider: dict[str, Any]) -> Iterator[dict[str, Any]]:
    port = free_port()
    cookie_secret = secrets.token_hex(32)
    (tmp / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        f'client_id = "{provider["client_id"]}"\n'
        f'client_secret = "{provider["client_secret"]}"\n'
        f'server_metadata_url = "{provider["metadata_url"]}"\n', encoding="utf-8")
    (tmp / "roles.toml").write_text(ROLES, encoding="utf-8")
    env = {**base_env(tmp), "DRAAGKRACHT_ROLES_FILE": str(tmp / "roles.toml")}
    env.pop("DRAAGKRACHT_SESSION_HOURS", None)  # the default: 12 hours
    with serve(env, tmp / "streamlit.log", "--secrets.files", str(tmp / "secrets.toml"),
               port=port) as server:
        yield {"server": server, "url": server.url, "port": server.port,
               "secret": cookie_secret, "provider": provider,
               "db": env["DRAAGKRACHT_DATABASE_URL"]}


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    with own_provider() as p, login_server(tmp_path_factory.mktemp("own"), p) as s:
        yield s


@pytest.fixture(scope="module")
def mock(tmp_path_factory):
    with mock_provider() as p, login_server(tmp_path_factory.mktemp("mock"), p) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


# -- browser helpers ------------------------------------------------------------------------------


def wait_run(pg) -> None:
    """Until Streamlit has drawn the page and finished its run (polled, 60 s at most)."""
    pg.wait_for_selector("[data-testid=stMain]")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not pg.locator("[data-testid=stStatusWidget]").count() and not pg.locator(
                "[data-testid=stSkeleton]").count():
            return
        pg.wait_for_timeout(200)
    raise AssertionError("the page did not finish")


def watch_session_ids(pg) -> list[str]:
    """The Streamlit session ids the server announces to this page (its NewSession message)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    found: list[str] = []

    def on_frame(payload: Any) -> None:
        if isinstance(payload, bytes | bytearray):
            try:
                msg = ForwardMsg.FromString(bytes(payload))
            except Exception:  # noqa: BLE001 - not a ForwardMsg
                return
            if msg.WhichOneof("type") == "new_session":
                found.append(msg.new_session.initialize.session_id)

    pg.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return found


def new_page(browser, cookies: list[dict] | None = None):
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="nl-NL")
    if cookies:
        context.add_cookies(cookies)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    return context, pg


def login(browser, site: dict[str, Any], email: str):
    context, pg = new_page(browser)
    ids = watch_session_ids(pg)
    pg.goto(f"{site['url']}/scenarios")
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_url("**/authorize**")
    pg.get_by_role("button", name=site["provider"]["button"](email)).click()
    pg.wait_for_selector("text=Ingelogd als")
    wait_run(pg)
    return context, pg, ids


def logout(context, pg) -> None:
    """Click Uitloggen and wait (60 s at most) until the browser has dropped its login cookie."""
    pg.get_by_role("button", name="Uitloggen").click()
    deadline = time.monotonic() + 60
    while any(c["name"] == "_streamlit_user" for c in context.cookies()):
        assert time.monotonic() < deadline, "the login cookie was not cleared"
        pg.wait_for_timeout(200)


def shows_login_page(pg) -> bool:
    pg.wait_for_selector("text=Log in met uw account")
    pg.get_by_role("button", name="Inloggen").wait_for()  # drawn just after the text
    wait_run(pg)
    return (pg.get_by_role("button", name="Inloggen").count() == 1
            and pg.locator("text=Ingelogd als").count() == 0
            and pg.locator("[data-testid=stSidebarNav]").count() == 0)


def signed_cookie(site: dict[str, Any], claims: dict[str, Any], signed_at: float) -> dict:
    """Streamlit's login cookie as its callback writes it (signed with the cookie secret,
    itsdangerous), signed at `signed_at`."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class At(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(signed_at)

    payload = dict(claims, origin=f"http://127.0.0.1:{site['port']}", is_logged_in=True,
                   provider="default")
    value = URLSafeTimedSerializer(site["secret"], salt="_streamlit_user", signer=At).dumps(
        json.dumps(payload))
    return {"name": "_streamlit_user", "value": value, "url": site["url"]}


def claims_of(site: dict[str, Any], email: str, issued: float) -> dict[str, Any]:
    return {"iss": site["provider"]["issuer"], "aud": site["provider"]["client_id"],
            "sub": f"sub-{email}", "email": email, "email_verified": True,
            "name": "Ana Analist", "iat": int(issued), "exp": int(issued) + 600,
            "nonce": secrets.token_urlsafe(8)}


# -- finding 5: logout ends the session; old cookies are refused ---------------------------------


@pytest.mark.parametrize("site_name", ["own", "mock"])
def test_a_cookie_copied_before_logout_no_longer_logs_in(request, browser, site_name):
    site = request.getfixturevalue(site_name)
    context, pg, _ = login(browser, site, EDITOR)
    copied = context.cookies()
    assert any(c["name"] == "_streamlit_user" for c in copied)
    # the login cookie lives 12 hours at most (Streamlit's own: 30 days)
    user_cookie = next(c for c in copied if c["name"] == "_streamlit_user")
    assert user_cookie["expires"] - time.time() <= 12 * 3600 + 120
    # the copy works while the login lasts (the replay below is a fair test)
    other, pg2 = new_page(browser, copied)
    pg2.goto(f"{site['url']}/scenarios")
    pg2.wait_for_selector("text=Ingelogd als Ana Analist")
    other.close()
    logout(context, pg)
    context.close()
    replay, pg3 = new_page(browser, copied)
    pg3.goto(f"{site['url']}/scenarios")
    assert shows_login_page(pg3)
    assert "U bent uitgelogd" in pg3.inner_text("body")
    replay.close()


def test_old_login_cookies_are_refused_and_a_fresh_one_accepted(own, browser):
    now = time.time()
    cases = [  # (claims issued, cookie signed, logged in?, note on the page)
        (now - 60, now - 60, True, "Ingelogd als Ana Analist"),  # the control
        (now - 365 * 86400, now - 60, False, "Uw sessie is verlopen"),  # token a year old
        (now - 60, now - 31 * 86400, False, ""),  # signed 31 days ago: dropped by the guard
        (now - 13 * 3600, now - 13 * 3600, False, ""),  # past the 12 hours
        (now + 3600, now, False, "Uw sessie is verlopen"),  # issued in the future
    ]
    for issued, signed, accepted, note in cases:
        cookie = signed_cookie(own, claims_of(own, EDITOR, issued), signed)
        context, pg = new_page(browser, [cookie])
        pg.goto(f"{own['url']}/scenarios")
        if accepted:
            pg.wait_for_selector(f"text={note}")
        else:
            assert shows_login_page(pg), (issued, signed)
            if note:
                assert note in pg.inner_text("body")
        context.close()


def test_login_cookies_are_secure_behind_tls(own):
    """Behind the TLS proxy (X-Forwarded-Proto: https from 127.0.0.1, which uvicorn trusts)
    the login cookies Streamlit sets carry Secure; over plain http on 127.0.0.1 they cannot."""
    for proto, secure in (("https", True), (None, False)):
        conn = http.client.HTTPConnection("127.0.0.1", own["port"], timeout=30)
        headers = {"Cookie": "_streamlit_user=x; _streamlit_user_tokens=y"}
        if proto:
            headers["X-Forwarded-Proto"] = proto
        conn.request("GET", "/auth/logout", headers=headers)
        resp = conn.getresponse()
        cookies = [v for k, v in resp.getheaders() if k.lower() == "set-cookie"
                   and v.startswith("_streamlit_user")]
        conn.close()
        assert cookies, resp.getheaders()
        assert all(("Secure" in c) is secure for c in cookies), cookies


def test_the_revocation_is_in_the_shared_database(own, browser):
    """Another server on the same database refuses the logged-out cookie too: the list is in
    the database, not in one process."""
    import sqlalchemy as sa

    context, pg, _ = login(browser, own, ADMIN)
    logout(context, pg)
    context.close()
    engine = sa.create_engine(own["db"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM login_revocations")).scalar()
    engine.dispose()
    assert rows >= 1


# -- finding 3: no uploads for a session that has not passed the gate -----------------------------


def _put(context, site: dict[str, Any], session_id: str, n: int, size: int) -> list[int]:
    xsrf = next(c["value"] for c in context.cookies() if c["name"] == "_streamlit_xsrf")
    statuses = []
    for i in range(n):
        resp = context.request.put(
            f"{site['url']}/_stcore/upload_file/{session_id}/f{i}",
            headers={"X-Xsrftoken": xsrf, "Origin": site["url"]},
            multipart={"file": {"name": f"w{i}.xlsx", "mimeType": "application/octet-stream",
                                "buffer": secrets.token_bytes(size)}})
        statuses.append(resp.status)
    return statuses


def test_an_anonymous_session_cannot_upload_and_memory_stays_flat(own, browser):
    server = own["server"]
    anon, pg = new_page(browser)
    ids = watch_session_ids(pg)
    pg.goto(f"{own['url']}/scenarios")
    assert shows_login_page(pg)
    assert ids, "no session id seen"
    before = server.rss_kib()
    statuses = _put(anon, own, ids[-1], 40, 1 << 20)
    grown = server.rss_kib() - before
    assert set(statuses) == {403}
    assert grown < 12 * 1024, f"memory grew by {grown} KiB for refused uploads"
    anon.close()
    # the control: the same uploads into a logged-in editor's session are taken and held
    context, pg, ids = login(browser, own, EDITOR)
    before = server.rss_kib()
    statuses = _put(context, own, ids[-1], 20, 1 << 20)
    grown = server.rss_kib() - before
    assert set(statuses) == {204}
    assert grown > 10 * 1024, f"accepted uploads grew memory by only {grown} KiB"
    context.close()


# -- finding 11: downloads only for the session that made them -----------------------------------


def test_a_generated_workbook_is_served_to_its_own_session_only(own, browser):
    context, pg, _ = login(browser, own, EDITOR)
    pg.goto(f"{own['url']}/scenarios")
    pg.wait_for_selector("text=Logboek")
    wait_run(pg)
    pg.get_by_label("Naam").fill("Voor de download")
    pg.get_by_role("button", name="Opslaan").click()
    pg.wait_for_selector("text=Opgeslagen als Voor de download")
    wait_run(pg)
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Logboek downloaden (.xlsx)").click()
    url = info.value.url
    path = url.split(str(own["port"]), 1)[1]
    assert path.startswith("/media/") and path.endswith(".xlsx")
    mine = context.request.get(url)
    assert mine.status == 200 and mine.body()[:2] == b"PK"  # the workbook, for its session
    status, _, body = request(own["port"], "GET", path)  # no cookies at all
    assert status == 403 and b"Geweigerd" in body
    viewer, pg2, _ = login(browser, own, VIEWER)  # another person, logged in
    assert viewer.request.get(url).status == 403
    viewer.close()
    context.close()
    with open_store(own["db"]) as store:
        assert [e.action for e in store.audit()][-1] == "save"
