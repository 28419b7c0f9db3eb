"""Issue 27, the server's side: each numbered finding reproduced against a real server.

One `streamlit run app.py` per mode (a subprocess on a free port; its process id is kept so
that memory can be measured), driven with plain HTTP and raw WebSocket handshakes, and with
headless Chromium where a browser is what the finding is about:

- finding 2: local mode refuses a forged Host or Origin (DNS rebinding), page and WebSocket;
- finding 12: security headers on every answer, no public /_stcore/metrics.

The login-mode findings (5, 3, 11) are in tests/test_security_login.py.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ui import http_guard

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


# -- the pure checks ---------------------------------------------------------------------------


@pytest.mark.parametrize("host,origin,ok", [
    ("127.0.0.1:8501", None, True),
    ("localhost:8501", "http://localhost:8501", True),
    ("[::1]:8501", "http://[::1]:8501", True),
    ("127.0.0.1:8501", "http://127.0.0.1:8501", True),
    ("evil.example:8501", None, False),  # DNS rebinding: a foreign name for 127.0.0.1
    ("127.0.0.1.evil.example:8501", None, False),
    ("127.0.0.1:9999", None, False),  # another port: another program's origin
    ("127.0.0.1", None, False),  # port 80 is not the one served
    ("", None, False), (None, None, False), ("127.0.0.1:abc", None, False),
    ("127.0.0.1:8501", "http://evil.example", False),  # a page of another site
    ("127.0.0.1:8501", "null", False),  # a sandboxed frame or file:// page
    ("127.0.0.1:8501", "http://127.0.0.1:8502", False),
    ("127.0.0.1:8501", "ftp://127.0.0.1:8501", False),
])
def test_local_request_rules(host, origin, ok):
    assert (http_guard.local_request_ok(host, origin, 8501) == "") is ok


@pytest.mark.parametrize("host,origin,ok", [
    ("draagkracht.provincie.nl", None, True),
    ("draagkracht.provincie.nl", "https://draagkracht.provincie.nl", True),
    ("draagkracht.provincie.nl:8443", "https://draagkracht.provincie.nl:8443", True),
    ("draagkracht.provincie.nl", "https://evil.example", False),
    ("draagkracht.provincie.nl", "null", False),
    ("draagkracht.provincie.nl", "https://draagkracht.provincie.nl:444", False),
])
def test_same_origin_rule_of_login_mode(host, origin, ok):
    assert http_guard.same_origin(host, origin) is ok


def test_cookie_hardening_adds_secure_and_caps_the_age():
    raw = b"_streamlit_user=abc; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax"
    out = http_guard._harden_cookie(raw, secure=True, max_age=3600).decode()
    assert "Max-Age=3600" in out and out.endswith("Secure") and "2592000" not in out
    plain = http_guard._harden_cookie(raw, secure=False, max_age=3600).decode()
    assert "Secure" not in plain and "Max-Age=3600" in plain
    other = b"_streamlit_xsrf=1; Path=/"
    assert http_guard._harden_cookie(other, True, 60) == other
    assert http_guard.is_auth_cookie("_streamlit_user_tokens_2")
    assert not http_guard.is_auth_cookie("_streamlit_user_x")


def test_the_guard_reads_cookies_as_streamlit_does():
    """A malformed cookie next to the login cookie hides nothing from the guard, and a second
    Cookie header (which Starlette ignores) cannot stand in for the first."""
    headers = [(b"cookie", b'a="x;y; _streamlit_user=abc.def; bad\\=1'),
               (b"cookie", b"_streamlit_user=other")]
    assert http_guard._cookies(headers)["_streamlit_user"] == "abc.def"
    kept = http_guard._without_cookies(headers, {"_streamlit_user"})
    assert all(b"_streamlit_user" not in v for _, v in kept)


def test_session_hours_setting():
    from ui import sessions

    assert sessions.max_age_hours({}) == 12
    assert sessions.max_age_hours({sessions.ENV_HOURS: "1,5"}) == 1.5
    for bad in ("0", "-3", "abc", "745", "nan"):
        with pytest.raises(sessions.SessionError) as err:
            sessions.max_age_hours({sessions.ENV_HOURS: bad})
        assert "geen geldig aantal uren" in err.value.message_nl


def test_session_check_age_and_revocation(tmp_path, monkeypatch):
    """Finding 5 without a browser: the age limit counts from the token's iat, a token without
    a usable iat counts as expired, and a revoked login stays ended (also in a fresh process's
    view: the list is read from the database)."""
    from ui import sessions

    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 'r.sqlite'}")
    monkeypatch.setenv(sessions.ENV_HOURS, "2")
    now = 1_800_000_000.0
    claims = {"iss": "https://idp", "sub": "s", "iat": int(now) - 3600, "nonce": "n1"}
    fp = http_guard.login_fingerprint(claims)
    assert sessions.check(claims, fp, now) == ""
    assert sessions.check({**claims, "iat": int(now) - 3 * 3600}, fp, now) == "expired"
    for iat in (None, "1800000000", True, now + 3600):
        assert sessions.check({**claims, "iat": iat}, fp, now) == "expired", iat
    sessions.revoke(fp, when=now)
    assert sessions.check(claims, fp, now) == "ended"
    sessions._engines.clear()  # as another server would: nothing kept in memory
    assert sessions.is_revoked(fp)
    other = http_guard.login_fingerprint({**claims, "nonce": "n2"})  # the next login
    assert other != fp and sessions.check({**claims, "nonce": "n2"}, other, now) == ""
    sessions.revoke(other, when=now + 3 * 3600)  # prunes rows older than the maximum age
    assert not sessions.is_revoked(fp) and sessions.is_revoked(other)
    sessions._engines.clear()


# -- a real server -------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(proc: subprocess.Popen, port: int, path: str, what: str,
               seconds: float = 90) -> None:
    """Poll `path` on 127.0.0.1:`port` until it answers 200 (fails when the process ends)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if request(port, "GET", path)[0] == 200:
                return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} did not start")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def serve(env: dict[str, str], log_path: Path, *extra: str,
          port: int | None = None) -> Iterator[Server]:
    """`streamlit run app.py` as `make run` starts it; waits (up to 90 s) for its health check."""
    port = port or free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", *extra],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(proc, port, "/_stcore/health", f"streamlit ({log_path})")
        yield Server(f"http://127.0.0.1:{port}", port, proc)
    finally:
        stop(proc)
        log.close()


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
            body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request to 127.0.0.1:`port`; a Host header in `headers` replaces the real one."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def handshake(port: int, host: str, origin: str | None, cookie: str = "") -> int:
    """The status of a WebSocket handshake to /_stcore/stream (101 = the session opens)."""
    lines = ["GET /_stcore/stream HTTP/1.1", f"Host: {host}", "Upgrade: websocket",
             "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
             "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: streamlit"]
    if origin:
        lines.append(f"Origin: {origin}")
    if cookie:
        lines.append(f"Cookie: {cookie}")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        first = s.makefile("rb").readline().decode()
    return int(first.split()[1])


def base_env(tmp: Path) -> dict[str, str]:
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": f"sqlite:///{tmp / 'scenarios.sqlite'}"}
    env.pop(http_guard.ENV_ALLOW_OPEN, None)
    return env


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    with serve(base_env(folder), folder / "streamlit.log") as server:
        yield server


# -- finding 2: local mode answers only its own loopback address ------------------------------


FORGED_PATHS = ["/", "/scenarios", "/_stcore/health", "/_stcore/host-config",
                "/static/../index.html", "/media/abc.xlsx", "/_stcore/upload_file/s/f"]


@pytest.mark.parametrize("path", FORGED_PATHS)
def test_a_forged_host_is_refused_in_words(local, path):
    status, headers, body = request(local.port, "GET", path,
                                    {"Host": f"rebind.example:{local.port}"})
    text = body.decode()
    assert status == 403
    assert "Geweigerd" in text and "Refused" in text and "rebind.example" in text
    assert headers["content-type"].startswith("text/plain")


def test_the_loopback_names_are_served(local):
    for host in (f"127.0.0.1:{local.port}", f"localhost:{local.port}", f"[::1]:{local.port}"):
        status, _, body = request(local.port, "GET", "/", {"Host": host})
        assert status == 200 and b"<html" in body.lower(), host
    status, _, _ = request(local.port, "GET", "/", {"Host": f"127.0.0.1:{local.port + 1}"})
    assert status == 403  # the right name with another program's port


def test_a_forged_websocket_never_opens_a_session(local):
    """The WebSocket is what drives the app (a forged one deleted a scenario): a foreign Host
    or Origin gets no session; the real page's handshake does."""
    port = local.port
    assert handshake(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}") == 101
    assert handshake(port, f"rebind.example:{port}", f"http://rebind.example:{port}") == 403
    assert handshake(port, f"rebind.example:{port}", None) == 403
    assert handshake(port, f"127.0.0.1:{port}", "http://evil.example") == 403


def test_a_cross_site_upload_is_refused(local):
    status, _, body = request(local.port, "PUT", "/_stcore/upload_file/s/f",
                              {"Host": f"127.0.0.1:{local.port}", "Origin": "http://evil.example",
                               "Content-Type": "application/octet-stream"}, b"x" * 1000)
    assert status == 403 and b"andere website" in body


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no /usr/bin/chromium")
def test_dns_rebinding_in_a_browser(local):
    """Chromium resolves rebind.example to 127.0.0.1 (as a rebinding DNS server would): the page
    under that name shows only the refusal; under 127.0.0.1 the app itself loads."""
    from tests.test_browser import chromium

    with chromium() as plain:  # the suite's Playwright; a second browser with the DNS rule
        browser = plain.browser_type.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP rebind.example 127.0.0.1"])
        try:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            response = page.goto(f"http://rebind.example:{local.port}/scenarios")
            assert response is not None and response.status == 403
            assert "Geweigerd" in page.inner_text("body")
            assert page.locator("[data-testid=stApp]").count() == 0
            page.goto(f"{local.url}/scenarios")
            page.wait_for_selector("text=Logboek")  # the real address works
        finally:
            browser.close()


# -- finding 12: headers and metrics --------------------------------------------------------------


def test_security_headers_on_pages_and_refusals(local):
    for host in (f"127.0.0.1:{local.port}", f"rebind.example:{local.port}"):
        _, headers, _ = request(local.port, "GET", "/", {"Host": host})
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_metrics_are_not_public(local):
    status, _, body = request(local.port, "GET", "/_stcore/metrics",
                              {"Host": f"127.0.0.1:{local.port}"})
    assert status == 404 and b"session" not in body.lower()
    status, _, _ = request(local.port, "GET", "/_stcore/health",
                           {"Host": f"127.0.0.1:{local.port}"})
    assert status == 200  # the health check stays
