"""Who uses the app and what they may do: login through Streamlit's `st.login` (OIDC) and roles.

Two modes:
- **Login** when `.streamlit/secrets.toml` has an `[auth]` section (any OIDC provider, e.g.
  Microsoft Entra ID; docs/deployment.md). Every page first asks to log in; the logged-in
  identity (the e-mail address, else the subject) is what the store records as who saved,
  renamed, deleted, restored or decided. The role comes from a roles file (below).
- **Local mode** without `[auth]`: one user on this computer, who may do everything. The app
  then only serves pages when the server listens on a loopback address (127.0.0.1, ::1,
  localhost); on any other address it shows a refusal instead, unless
  `DRAAGKRACHT_ALLOW_OPEN_WITHOUT_LOGIN=1` says that this is deliberate.

Roles file (`DRAAGKRACHT_ROLES_FILE`, default `.streamlit/roles.toml`), TOML:

    groups_claim = "groups"    # ID-token claim with the user's groups (Entra ID: "groups")
    default = ""               # role of any other logged-in user ("" = no access)
    [roles]
    admin  = ["beheer@provincie.nl"]
    editor = ["@provincie.nl", "group:5b0e6c7a-..."]   # address, @domain or group:<id>
    viewer = ["group:..."]

    # optional, with their defaults:
    identity_claim = "email"              # the claim that names the person in the audit trail
    email_verified_claim = "email_verified"   # must be the boolean true for an address to count

The highest matching role wins. An address counts (for matching, and as the identity) only when
the token's `email_verified_claim` is the JSON boolean `true`: a string "false", "true", a
missing claim or anything else does not (so a provider that lets users type any address cannot
grant a role, or a name in the audit trail, by it). The identity is the `identity_claim` only,
never another claim in its place: a token without it gets no access.

The roles file is read on every check (it is a few hundred bytes), so a change, or damage,
takes effect at the next page load of every session; a file that cannot be used refuses
everyone, with a message that names the file and the problem.

A login ends at logout and after a maximum age (ui/sessions.py); what the server answers
before any page runs (loopback only without login, uploads and downloads for admitted
sessions only) is ui/http_guard.py, which `gate()` tells which sessions passed.

The pure parts (rules, matching, permissions, addresses) take plain values and are unit
tested without a running app; `gate()` and `current()` are the Streamlit glue.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from allocation.domain import BilingualError
from ui.http_guard import ENV_ALLOW_OPEN as ENV_ALLOW_OPEN  # the modes, shared with the guard
from ui.http_guard import auth_configured, is_loopback, open_without_login_allowed

ROLES = ("viewer", "editor", "admin")  # in increasing power
_VIEW = frozenset({"view", "compare", "open"})
_EDIT = _VIEW | {"upload", "edit", "save", "rename", "decide"}
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": _VIEW,
    "editor": frozenset(_EDIT),
    "admin": frozenset(_EDIT | {"delete", "restore", "manage"}),
}
ENV_ROLES_FILE = "DRAAGKRACHT_ROLES_FILE"
DEFAULT_ROLES_FILE = Path(".streamlit") / "roles.toml"


class RolesError(BilingualError):
    """The roles file cannot be used; told to the administrator in words."""


@dataclass(frozen=True)
class Identity:
    """The person behind this session, as the audit trail records them."""

    id: str  # the identity claim (e-mail address) when logged in; "lokaal:<account>" locally
    name: str
    role: str | None
    local: bool = False
    refusal: str = ""  # why there is no access although logged in (see REFUSALS), else ""

    def can(self, action: str) -> bool:
        return self.role is not None and action in PERMISSIONS.get(self.role, frozenset())


@dataclass(frozen=True)
class RoleRules:
    users: dict[str, str] = field(default_factory=dict)  # address (lower case) -> role
    domains: dict[str, str] = field(default_factory=dict)  # "@domain" -> role
    groups: dict[str, str] = field(default_factory=dict)  # group id -> role
    groups_claim: str = "groups"
    default: str | None = None
    identity_claim: str = "email"
    verified_claim: str = "email_verified"


def _stronger(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if ROLES.index(a) >= ROLES.index(b) else b


def parse_rules(data: Mapping[str, Any], where: str = "roles.toml") -> RoleRules:
    """Rules from the parsed roles file; `RolesError` naming the problem otherwise."""
    users: dict[str, str] = {}
    domains: dict[str, str] = {}
    groups: dict[str, str] = {}
    roles = data.get("roles", {})
    if not isinstance(roles, Mapping):
        raise RolesError(f"{where}: [roles] moet een tabel zijn.",
                         f"{where}: [roles] must be a table.")
    for role, members in roles.items():
        if role not in ROLES:
            raise RolesError(
                f"{where}: onbekende rol {role!r} (bekend: {', '.join(ROLES)}).",
                f"{where}: unknown role {role!r} (known: {', '.join(ROLES)}).")
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise RolesError(f"{where}: roles.{role} moet een lijst met teksten zijn.",
                             f"{where}: roles.{role} must be a list of strings.")
        for raw in members:
            entry = raw.strip()
            if entry.lower().startswith("group:"):
                key, table = entry[6:].strip(), groups
            elif entry.startswith("@"):
                key, table = entry.lower(), domains
            elif "@" in entry:
                key, table = entry.lower(), users
            else:
                raise RolesError(
                    f"{where}: {raw!r} in roles.{role} is geen e-mailadres, @domein of "
                    "group:<id>.",
                    f"{where}: {raw!r} in roles.{role} is not an e-mail address, @domain or "
                    "group:<id>.")
            if key:
                table[key] = _stronger(table.get(key), role) or role
    default = str(data.get("default", "") or "").strip() or None
    if default is not None and default not in ROLES:
        raise RolesError(f"{where}: default = {default!r} is geen rol.",
                         f"{where}: default = {default!r} is not a role.")
    claims = {}
    for key, fallback in (("groups_claim", "groups"), ("identity_claim", "email"),
                          ("email_verified_claim", "email_verified")):
        value = data.get(key, fallback)
        if not isinstance(value, str) or not value.strip():
            raise RolesError(f"{where}: {key} moet de naam van een claim zijn.",
                             f"{where}: {key} must be the name of a claim.")
        claims[key] = value.strip()
    return RoleRules(users, domains, groups, claims["groups_claim"], default,
                     claims["identity_claim"], claims["email_verified_claim"])


def load_rules(path: str | Path | None = None) -> RoleRules:
    """The roles file (`DRAAGKRACHT_ROLES_FILE`, else .streamlit/roles.toml)."""
    p = Path(path or os.environ.get(ENV_ROLES_FILE, "").strip() or DEFAULT_ROLES_FILE)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RolesError(
            f"Het rollenbestand {p} ontbreekt: zonder rollen krijgt niemand toegang "
            "(zie docs/deployment.md).",
            f"The roles file {p} is missing: without roles nobody gets access "
            "(see docs/deployment.md).") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise RolesError(f"Het rollenbestand {p} kan niet worden gelezen: {err}",
                         f"The roles file {p} cannot be read: {err}") from None
    return parse_rules(data, str(p))


def verified_email(claims: Mapping[str, Any], rules: RoleRules) -> str:
    """The token's e-mail address when its verified-claim is the boolean true, else ""."""
    email = claims.get("email")
    if not isinstance(email, str) or claims.get(rules.verified_claim) is not True:
        return ""
    return email.strip().lower()


def role_for(claims: Mapping[str, Any], rules: RoleRules) -> str | None:
    """The strongest role the claims of an ID token give, or None (no access)."""
    role: str | None = None
    email = verified_email(claims, rules)
    if email:
        role = _stronger(role, rules.users.get(email))
        domain = "@" + email.rsplit("@", 1)[-1] if "@" in email else ""
        role = _stronger(role, rules.domains.get(domain))
    groups = claims.get(rules.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    if isinstance(groups, list):
        for g in groups:
            role = _stronger(role, rules.groups.get(str(g)))
    if role is None and (email or claims.get("sub")):
        role = rules.default
    return role


def identity_from_claims(claims: Mapping[str, Any], rules: RoleRules) -> Identity:
    """Who the token names (`identity_claim`, nothing else) and their role.

    No access (role None, with the reason in `refusal`) when the claim is missing, or when it
    is the e-mail address and that address is not verified."""
    raw = claims.get(rules.identity_claim)
    who = raw.strip() if isinstance(raw, str) else ""
    name = str(claims.get("name") or who)
    if not who:
        return Identity(id="", name=name, role=None, refusal="no_identity")
    if rules.identity_claim == "email" and not verified_email(claims, rules):
        return Identity(id=who, name=name, role=None, refusal="unverified")
    return Identity(id=who, name=name, role=role_for(claims, rules))


def local_identity() -> Identity:
    import getpass

    try:
        account = getpass.getuser()
    except (KeyError, OSError):
        account = "gebruiker"
    return Identity(id=f"lokaal:{account}", name=account, role="admin", local=True)


REFUSALS = {  # (nl, en): why a logged-in person gets no access
    "no_identity": (
        "Uw account geeft niet door wie u bent (de claim die de beheerder als naam heeft "
        "ingesteld ontbreekt in het token). Vraag de beheerder om de instelling identity_claim.",
        "Your account does not say who you are (the claim the administrator set as the name is "
        "missing from the token). Ask the administrator about the identity_claim setting."),
    "unverified": (
        "Uw e-mailadres is door de identiteitsprovider niet als bevestigd doorgegeven; daarom "
        "krijgt u geen toegang. Vraag de beheerder om hulp.",
        "The identity provider did not pass on your e-mail address as verified, so you get no "
        "access. Ask the administrator for help."),
}


# -- Streamlit glue --------------------------------------------------------------------------


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def _login_claims() -> tuple[dict[str, Any], str, str, BilingualError | None]:
    """(claims, fingerprint, why it no longer counts: "" | "expired" | "ended" | "settings",
    the error behind "settings") of this session's login (issue 27, finding 5: logout and a
    maximum age end it)."""
    from ui import http_guard, sessions

    claims = st.user.to_dict()
    fingerprint = http_guard.login_fingerprint(claims)
    try:
        return claims, fingerprint, sessions.check(claims, fingerprint), None
    except sessions.SessionError as err:
        return claims, fingerprint, "settings", err


def current() -> Identity:
    """The identity of this session (no rendering); a role of None means no access.

    The roles file is read afresh (issue 27, finding 1: a cached parse kept a removed admin's
    role until a restart); a file that cannot be used gives no access. A login that ended
    (logout, maximum age) gives no access either."""
    if not auth_configured():
        return local_identity()
    if not st.user.is_logged_in:
        return Identity(id="", name="", role=None)
    claims, _, ended, _ = _login_claims()
    if ended:
        return Identity(id="", name="", role=None)
    try:
        return identity_from_claims(claims, load_rules())
    except RolesError:
        return Identity(id="", name="", role=None, refusal="roles")


SESSION_ENDED = {  # (nl, en): why a login page is shown again to a browser with a cookie
    "expired": ("Uw sessie is verlopen; log opnieuw in.",
                "Your session has expired; please log in again."),
    "ended": ("U bent uitgelogd; log opnieuw in om verder te gaan.",
              "You have logged out; log in again to continue."),
}
GUARD_MISSING = (
    "De server is gestart zonder de beveiliging van app.py (start hem met "
    "`streamlit run app.py`); daarom wordt niets getoond.",
    "The server was started without app.py's protection (start it with "
    "`streamlit run app.py`), so nothing is shown.")


def _served_locally(en: bool) -> str:
    """Local mode, checked again in the page script: "" when this session's own request came
    to the loopback address, else why not (the HTTP guard refuses such requests before; this
    catches a server started some other way). Without headers (AppTest: no HTTP request)
    there is nothing to check."""
    from ui import http_guard

    headers = st.context.headers
    host = headers.get("Host")
    if not host:
        return ""
    if not http_guard.installed():
        return GUARD_MISSING[en]
    port = int(st.get_option("server.port") or 0)
    origin = headers.get("Origin")
    reason = http_guard.local_request_ok(host, origin, port)
    if not reason:
        return ""
    text = http_guard.refusal_text(reason, served=f"http://127.0.0.1:{port}", host=host,
                                   origin=origin or "–")
    return text.splitlines()[en]


def _login_page(note: str = "") -> None:
    from ui.text import t

    st.title(t("auth_title"))
    if note:
        st.warning(note)
    st.write(t("auth_intro"))
    if st.button(t("auth_login"), type="primary", icon=":material/login:", key="dk_login"):
        st.login()
    st.stop()


def gate() -> Identity:
    """Stop the page unless this session may use the app; say which mode it runs in.

    A session that passes is admitted to the HTTP guard (uploads, downloads); one that does
    not (st.stop() or an error on the way) is forgotten there. An admitted session stays
    admitted while its next run checks again, so an upload during a rerun is not refused."""
    from ui import http_guard

    session_id = _session_id()
    admitted = False
    try:
        identity, fingerprint = _check()
        http_guard.ADMITTED.admit(session_id, fingerprint)
        admitted = True
        return identity
    finally:
        if not admitted:
            http_guard.ADMITTED.forget(session_id)


def _check() -> tuple[Identity, str]:
    """The gate's checks and what they show: (identity, login fingerprint) or st.stop()."""
    from ui import http_guard
    from ui.text import md_escape, t

    en = _lang() == "en"
    if not auth_configured():
        address = str(st.get_option("server.address") or "")
        if not is_loopback(address) and not open_without_login_allowed():
            st.error(t("auth_open_refused", address=md_escape(address or "0.0.0.0 / ::")))
            st.stop()
        refused = "" if open_without_login_allowed() else _served_locally(en)
        if refused:
            st.error(md_escape(refused))
            st.stop()
        with st.sidebar:
            st.caption(t("auth_local_mode"))
        return local_identity(), ""
    if st.context.headers.get("Host") and not http_guard.installed():
        st.error(GUARD_MISSING[en])
        st.stop()
    if not st.user.is_logged_in:
        _login_page()
    claims, fingerprint, ended, problem = _login_claims()
    if problem is not None:
        st.error(md_escape(problem.message(_lang())))
        st.stop()
    if ended:
        _login_page(SESSION_ENDED[ended][en])
    try:
        identity = identity_from_claims(claims, load_rules())
    except RolesError as err:
        st.error(t("auth_roles_error", message=md_escape(err.message(_lang()))))
        _logout_button(fingerprint)
        st.stop()
    if identity.refusal:
        st.error(REFUSALS[identity.refusal][en])
        _logout_button(fingerprint)
        st.stop()
    if identity.role is None:
        st.error(t("auth_no_access", who=md_escape(identity.id or "?")))
        _logout_button(fingerprint)
        st.stop()
    with st.sidebar:
        st.caption(t("auth_signed_in", who=md_escape(identity.name),
                     role=t(f"role_{identity.role}")))
        _logout_button(fingerprint)
    return identity, fingerprint


def _lang() -> str:
    from ui.state import lang

    return lang()


def _logout_button(fingerprint: str) -> None:
    """Logging out ends the login on the server too (every server sharing the database
    refuses its cookie from then on), then clears the browser's cookie."""
    import logging

    from ui import http_guard, sessions
    from ui.text import t

    if st.button(t("auth_logout"), icon=":material/logout:", key="dk_logout"):
        http_guard.ADMITTED.forget(fingerprint=fingerprint)
        try:
            sessions.revoke(fingerprint)
        except sessions.SessionError as err:  # the cookie is still cleared below
            logging.getLogger(__name__).error("logout not recorded: %s", err.message_en)
        st.logout()  # (queues the browser's way to /auth/logout, which clears the cookie)
        st.stop()  # the rest of this run would admit the session again


def refuse(action: str) -> bool:
    """True (with a notice) when this session's role may not do `action`."""
    from ui.text import t

    who = current()
    if who.can(action):
        return False
    role = t(f"role_{who.role}") if who.role else "–"
    st.info(t("auth_not_allowed", role=role, action=t(f"perm_{action}")))
    return True
