"""A small OpenID Connect provider for the login tests (127.0.0.1, a free port, one thread).

It does what Streamlit's `st.login` (Authlib) needs from a real provider such as Microsoft
Entra ID: a discovery document, an authorization endpoint with a login form (the browser
picks a test user), PKCE (S256), a token endpoint that checks the client secret, the code,
the redirect URI and the code verifier, and returns an RS256-signed ID token (iss, aud, sub,
email, name, groups, nonce, iat, exp), and the JWKS with the public key. Codes are single use.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(n: int) -> str:
    return _b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


@dataclass
class OIDCUser:
    email: str
    name: str
    groups: list[str] = field(default_factory=list)


class OIDCProvider:
    """Start with `with OIDCProvider(users, client_id, client_secret) as p: p.issuer ...`."""

    def __init__(self, users: list[OIDCUser], client_id: str, client_secret: str) -> None:
        self.users = {u.email: u for u in users}
        self.client_id = client_id
        self.client_secret = client_secret
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self._codes: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.tokens_issued = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = int(self._server.server_address[1])
        self.issuer = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> OIDCProvider:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    # -- protocol pieces ------------------------------------------------------------------
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "name", "groups", "nonce"],
        }

    def jwks(self) -> dict[str, Any]:
        numbers = self._key.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                          "n": _int_b64(numbers.n), "e": _int_b64(numbers.e)}]}

    def sign(self, claims: dict[str, Any]) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = (_b64(json.dumps(header).encode()) + "." +
                         _b64(json.dumps(claims).encode()))
        signature = self._key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + _b64(signature)

    def public_pem(self) -> bytes:
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def _issue_code(self, user: OIDCUser, params: dict[str, str]) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {"user": user, "params": params, "at": time.time()}
        return code

    def _exchange(self, form: dict[str, str], auth_header: str | None) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if auth_header and auth_header.lower().startswith("basic "):
            raw = base64.b64decode(auth_header[6:]).decode()
            cid, _, secret = raw.partition(":")
            client_id, client_secret = (urllib.parse.unquote_plus(cid),
                                        urllib.parse.unquote_plus(secret))
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or time.time() - grant["at"] > 60:
            return 400, {"error": "invalid_grant"}
        params = grant["params"]
        if form.get("redirect_uri") != params.get("redirect_uri"):
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        challenge = params.get("code_challenge")
        if challenge:
            verifier = form.get("code_verifier", "")
            if _b64(hashlib.sha256(verifier.encode()).digest()) != challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        user: OIDCUser = grant["user"]
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id, "sub": "sub-" + user.email,
                  "email": user.email, "email_verified": True, "name": user.name,
                  "groups": user.groups, "iat": now, "exp": now + 600}
        if params.get("nonce"):
            claims["nonce"] = params["nonce"]
        self.tokens_issued += 1
        return 200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                     "expires_in": 600, "id_token": self.sign(claims)}

    def _login_form(self, params: dict[str, str]) -> str:
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" '
                         f'value="{html.escape(v)}">' for k, v in params.items())
        buttons = "".join(
            f'<button type="submit" name="login_as" value="{html.escape(e)}">'
            f'Log in as {html.escape(e)}</button><br>' for e in self.users)
        return (f"<html><body><h1>Test provider</h1><form method='post' "
                f"action='/authorize'>{hidden}{buttons}</form></body></html>")

    # -- HTTP -----------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: str | dict, kind: str = "application/json",
                      headers: dict[str, str] | None = None) -> None:
                data = (json.dumps(body) if isinstance(body, dict) else body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                return dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))

            def do_GET(self) -> None:  # http.server's names
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery())
                elif url.path == "/jwks":
                    self._send(200, provider.jwks())
                elif url.path == "/authorize":
                    if (params.get("client_id") != provider.client_id
                            or params.get("response_type") != "code"
                            or "openid" not in params.get("scope", "").split()):
                        self._send(400, {"error": "invalid_request"})
                        return
                    self._send(200, provider._login_form(params), "text/html")
                elif url.path == "/logout":
                    target = params.get("post_logout_redirect_uri") or "/"
                    self._send(302, "", "text/plain", {"Location": target})
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                form = self._form()
                if url.path == "/authorize":
                    user = provider.users.get(form.pop("login_as", ""))
                    if user is None:
                        self._send(403, "unknown user", "text/plain")
                        return
                    code = provider._issue_code(user, form)
                    query = urllib.parse.urlencode({"code": code, "state": form.get("state", "")})
                    self._send(302, "", "text/plain",
                               {"Location": f"{form['redirect_uri']}?{query}"})
                elif url.path == "/token":
                    status, body = provider._exchange(form, self.headers.get("Authorization"))
                    self._send(status, body)
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
