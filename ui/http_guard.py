"""The HTTP guard: what the server answers before any page script runs (issue 27).

Streamlit's own HTTP layer (Starlette on uvicorn, since Streamlit 1.5x; no Tornado any more)
takes user middleware through its official `st.App(script, middleware=[...])`. app.py builds
that App when `streamlit run app.py` imports it, so every HTTP request and WebSocket handshake
passes `HttpGuard` first, also before the first session exists. It:

- **local mode** (no `[auth]`): answers only requests whose Host, and Origin when sent, name
  the loopback address and port it serves (127.0.0.1, localhost, ::1). A page of another site
  whose name resolves to 127.0.0.1 (DNS rebinding) gets 403 with a short Dutch/English text,
  the WebSocket included. `DRAAGKRACHT_ALLOW_OPEN_WITHOUT_LOGIN=1` (a deliberate open demo)
  lifts the Host rule; a cross-site Origin is refused in every mode;
- **uploads** (`/_stcore/upload_file/<session>/...`): only for a session that passed the
  gate (`ui.auth.gate` calls `admit`); others get 403 before a byte of the body is read;
- **downloads** (`/media/...`): in login mode only for a request whose login cookie belongs
  to an admitted session that holds the file; in local mode the loopback rule applies;
- **login cookies** older than the session's maximum age are removed from the request (the
  server then sees no login) and the browser is told to drop them; the cookies Streamlit sets
  get `Secure` when the request came over TLS and a Max-Age of at most that maximum age;
- `/_stcore/metrics` is not served; every answer carries X-Frame-Options, a CSP with
  frame-ancestors 'none', nosniff and a referrer policy.

The pure checks take plain values and are unit tested; the middleware is tested against a
running server (tests/test_security.py), so an upgrade that bypasses it fails there.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ENV_ALLOW_OPEN = "DRAAGKRACHT_ALLOW_OPEN_WITHOUT_LOGIN"
USER_COOKIE = "_streamlit_user"  # Streamlit's login cookies (and their _1, _2 ... chunks)
TOKENS_COOKIE = "_streamlit_user_tokens"
SECURITY_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'; object-src 'none'; base-uri 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)

REFUSED = {  # (nl, en)
    "host": ("Geweigerd: deze app zonder login beantwoordt alleen verzoeken aan {served} "
             "(dit verzoek noemt {host}).",
             "Refused: this app without login only answers requests to {served} "
             "(this request names {host})."),
    "origin": ("Geweigerd: dit verzoek komt van een andere website ({origin}).",
               "Refused: this request comes from another website ({origin})."),
    "upload": ("Geweigerd: uploaden kan pas na het inloggen, vanuit de eigen sessie.",
               "Refused: uploading needs a logged-in session, from that session."),
    "media": ("Geweigerd: dit bestand hoort bij een andere of verlopen sessie; log in en "
              "maak het opnieuw.",
              "Refused: this file belongs to another or expired session; log in and make it "
              "again."),
    "metrics": ("Niet beschikbaar.", "Not available."),
}


def refusal_text(reason: str, **fields: str) -> str:
    nl, en = REFUSED[reason]
    return nl.format(**fields) + "\n" + en.format(**fields) + "\n"


# -- pure checks -----------------------------------------------------------------------------


def split_host(value: str) -> tuple[str, int | None]:
    """('127.0.0.1', 8501) from a Host header or URL netloc; ('', None) when unreadable."""
    try:
        parts = urlsplit("//" + value.strip())
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


def is_loopback(address: str | None) -> bool:
    """True when a server bound to `address` is reachable from this computer only.

    Streamlit listens on every interface when the address is empty."""
    text = (address or "").strip().strip("[]")
    if not text:
        return False
    if text.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def open_without_login_allowed(env: Mapping[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get(ENV_ALLOW_OPEN, "")
    return value.strip().lower() in ("1", "true", "yes", "ja")


def auth_configured() -> bool:
    """Is login configured ([auth] in secrets.toml)? Else: local mode."""
    from streamlit.auth_util import get_secrets_auth_section

    try:
        return bool(get_secrets_auth_section())
    except Exception:  # noqa: BLE001 - unreadable secrets: treat as not configured
        return False


def local_request_ok(host_header: str | None, origin: str | None, port: int) -> str:
    """"" when a local-mode request names this computer's loopback server, else the reason.

    The Host must be a loopback name with the served port (a browser always sends the port
    unless it is the scheme's default); the Origin, when sent, likewise."""
    host, host_port = split_host(host_header or "")
    if not is_loopback(host) or (host_port or 80) != port:
        return "host"
    if origin is not None:
        parts = urlsplit(origin.strip())
        try:
            o_port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
        except ValueError:
            return "origin"
        if (parts.scheme not in ("http", "https") or not is_loopback(
                (parts.hostname or "").lower()) or o_port != port):
            return "origin"
    return ""


def same_origin(host_header: str | None, origin: str | None) -> bool:
    """An Origin, when sent, names the same host and port as the Host header."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    try:
        o_port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    host, h_port = split_host(host_header or "")
    default = 443 if parts.scheme == "https" else 80
    return host == parts.hostname.lower() and (h_port or default) == o_port


def login_fingerprint(claims: Mapping[str, Any]) -> str:
    """One login (one ID token): issuer, subject, issue time and nonce, hashed.

    The same for the cookie the middleware reads and for `st.user` in the page script."""
    key = [str(claims.get(k, "")) for k in ("iss", "sub", "iat", "nonce")]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()


# -- sessions that passed the gate (written by the page scripts' threads) -----------------


class Admitted:
    """Session id -> login fingerprint ("" in local mode) of sessions the gate let in."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, str] = {}

    def admit(self, session_id: str, fingerprint: str) -> None:
        with self._lock:
            self._sessions[session_id] = fingerprint
            if len(self._sessions) > 64:  # forget sessions Streamlit has closed
                alive = _active_sessions()
                if alive is not None:
                    self._sessions = {k: v for k, v in self._sessions.items() if k in alive}

    def forget(self, session_id: str | None = None, fingerprint: str | None = None) -> None:
        with self._lock:
            self._sessions = {k: v for k, v in self._sessions.items()
                              if k != session_id and (fingerprint is None or v != fingerprint)}

    def has(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._sessions

    def sessions_of(self, fingerprint: str) -> list[str]:
        with self._lock:
            return [k for k, v in self._sessions.items() if v == fingerprint]


ADMITTED = Admitted()


def _active_sessions() -> set[str] | None:
    try:
        from streamlit.runtime import Runtime

        mgr = Runtime.instance()._session_mgr  # Streamlit's own list of open sessions
        return {s.session.id for s in mgr.list_sessions()}
    except Exception:  # noqa: BLE001 - no runtime (tests) or another Streamlit: keep all
        return None


def session_holds_file(session_ids: Iterable[str], file_name: str) -> bool:
    """Does one of these sessions show the media file `file_name` (`<id>.<ext>`)?

    Streamlit's media manager keeps, per session, the files its elements show
    (`_files_by_session_and_coord`); a download button's file is one of them."""
    from streamlit.runtime import Runtime

    file_id = file_name.split(".", 1)[0]
    mgr = Runtime.instance().media_file_mgr
    by_session = getattr(mgr, "_files_by_session_and_coord", None)
    deferred = getattr(mgr, "_deferred_ids_by_session", {})
    if by_session is None:  # another Streamlit: fall back to "a logged-in session"
        return True
    for sid in session_ids:
        if file_id in set(by_session.get(sid, {}).values()) | set(deferred.get(sid, ())):
            return True
    return False


# -- settings read at request time ---------------------------------------------------------


def _max_age_seconds() -> int:
    from ui.sessions import max_age_seconds

    return max_age_seconds()


def _redirect_is_https() -> bool:
    try:
        from streamlit.auth_util import get_secrets_auth_section

        section = get_secrets_auth_section()
        return str(section.get("redirect_uri", "")).lower().startswith("https://")
    except Exception:  # noqa: BLE001 - no secrets
        return False


def _base_path() -> str:
    from streamlit import config

    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


# -- cookies ---------------------------------------------------------------------------------


def _cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """The request's cookies exactly as Streamlit reads them: Starlette's parser (which never
    gives up on a malformed header) on the first Cookie header."""
    from starlette.requests import cookie_parser

    return cookie_parser(_header(headers, b"cookie") or "")


def is_auth_cookie(name: str) -> bool:
    for base in (TOKENS_COOKIE, USER_COOKIE):
        if name == base or (name.startswith(base + "_") and name[len(base) + 1:].isdigit()):
            return True
    return False


def read_login_cookie(cookies: Mapping[str, str], max_age: int) -> dict[str, Any] | None:
    """The claims in Streamlit's signed login cookie when its signature is good and younger
    than `max_age` seconds; None otherwise (also without a cookie)."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

    secret = get_cookie_secret()

    def one(name: str) -> bytes | None:
        raw = cookies.get(name)
        if raw is None:
            return None
        return decode_signed_value(secret, name, raw.encode("latin-1"), max_age / 86400)

    try:
        raw = get_cookie_with_chunks(one, USER_COOKIE)
        data = json.loads(raw) if raw else None
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


# -- the middleware ---------------------------------------------------------------------------


_INSTALLED = threading.Event()


def installed() -> bool:
    """Has the server put the guard in front of its routes? (Starlette builds its middleware
    at the first request, before any page script can run.)"""
    return _INSTALLED.is_set()


class HttpGuard:
    """ASGI middleware in front of Streamlit's routes (see the module text)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        _INSTALLED.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
        host = _header(headers, b"host")
        origin = _header(headers, b"origin")
        path = str(scope.get("path") or "/")
        base = _base_path()
        rel = path[len(base):] if base and path.startswith(base) else path
        login = auth_configured()
        port = int((scope.get("server") or ("", 0))[1] or 0)

        reason, detail = "", {}
        if not login and not open_without_login_allowed():
            reason = local_request_ok(host, origin, port)
            detail = {"served": f"http://127.0.0.1:{port}", "host": host or "–",
                      "origin": origin or "–"}
        elif not same_origin(host, origin):
            reason, detail = "origin", {"origin": origin or "–"}
        if not reason and rel.rstrip("/") == "/_stcore/metrics":
            reason = "metrics"
        stale: list[str] = []
        if not reason and login:
            cookies = _cookies(headers)
            names = [n for n in cookies if is_auth_cookie(n)]
            claims = read_login_cookie(cookies, _max_age_seconds()) if names else None
            if names and claims is None:  # too old or not ours: the server sees no login
                stale = names
                scope = dict(scope, headers=_without_cookies(headers, set(names)))
            if rel.startswith("/media/"):
                fp = login_fingerprint(claims) if claims else ""
                sessions = ADMITTED.sessions_of(fp) if fp else []
                if not sessions or not session_holds_file(sessions, rel[len("/media/"):]):
                    reason = "media"
        if not reason and rel.startswith("/_stcore/upload_file/"):
            session_id = rel[len("/_stcore/upload_file/"):].split("/", 1)[0]
            if not ADMITTED.has(session_id):
                reason = "upload"
        if reason:
            status = 404 if reason == "metrics" else 403
            await _refuse(scope, send, status, refusal_text(reason, **detail))
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https" or _redirect_is_https()
        max_age = _max_age_seconds()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = [(k, v) for k, v in message.get("headers", [])]
                present = {k.lower() for k, _ in out}
                out += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                out = [(k, _harden_cookie(v, secure, max_age)) if k.lower() == b"set-cookie"
                       else (k, v) for k, v in out]
                out += [(b"set-cookie", _expire_cookie(n, secure)) for n in stale]
                message = dict(message, headers=out)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for k, v in headers:
        if k.lower() == name:
            return v.decode("latin-1")
    return None


def _without_cookies(headers: list[tuple[bytes, bytes]], drop: set[str]) -> list:
    out = []
    for k, v in headers:
        if k.lower() == b"cookie":
            kept = [p for p in v.decode("latin-1").split(";")
                    if p.strip().split("=", 1)[0].strip() not in drop]
            if not kept:
                continue
            v = ";".join(kept).strip().encode("latin-1")
        out.append((k, v))
    return out


def _harden_cookie(value: bytes, secure: bool, max_age: int) -> bytes:
    """Streamlit's login cookies: Secure over TLS, and live no longer than a session may."""
    text = value.decode("latin-1")
    name = text.split("=", 1)[0].strip()
    if not is_auth_cookie(name):
        return value
    parts = [p.strip() for p in text.split(";")]
    kept = [parts[0]]
    for p in parts[1:]:
        key = p.split("=", 1)[0].strip().lower()
        if key == "max-age":
            try:
                age = int(p.split("=", 1)[1])
            except (IndexError, ValueError):
                age = max_age
            p = f"Max-Age={min(age, max_age)}"
        if key == "secure":
            continue
        kept.append(p)
    if secure:
        kept.append("Secure")
    return "; ".join(kept).encode("latin-1")


def _expire_cookie(name: str, secure: bool) -> bytes:
    text = f'{name}=""; Max-Age=0; Path={_base_path() or "/"}; HttpOnly; SameSite=Lax'
    return (text + ("; Secure" if secure else "")).encode("latin-1")


async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"),
               (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
    elif "websocket.http.response" in (scope.get("extensions") or {}):
        await send({"type": "websocket.http.response.start", "status": status,
                    "headers": headers})
        await send({"type": "websocket.http.response.body", "body": body})
    else:  # the server answers 403 to a handshake closed before it was accepted
        await send({"type": "websocket.close", "code": 1008})


def middleware() -> list[Any]:
    """For `st.App(..., middleware=middleware())` (app.py)."""
    from starlette.middleware import Middleware

    return [Middleware(HttpGuard)]
