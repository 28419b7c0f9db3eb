"""How long a login lasts, and logins that ended at logout (issue 27, finding 5).

Streamlit keeps a login in a signed cookie for 30 days and forgets nothing at logout: a copy
of the cookie taken before logging out kept working. Here:

- **maximum age**: a login counts for `DRAAGKRACHT_SESSION_HOURS` hours (default 12) from the
  moment the provider issued the ID token (its `iat` claim; a token without one counts as
  expired). The HTTP guard applies the same limit to the cookie's signature time, and lets
  the browser keep the cookie no longer;
- **logout ends the login on the server**: `revoke` writes the login's fingerprint (issuer,
  subject, issue time and nonce of the ID token, hashed: `http_guard.login_fingerprint`) to
  the table `login_revocations` in the scenario database, so every app server sharing that
  database refuses the same cookie afterwards. Rows older than the maximum age are removed
  (such a login is refused by its age anyway).

A database that cannot be read refuses the login (the page says so): an unchecked revocation
list would let an ended session back in.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from allocation.domain import BilingualError
from allocation.store.engine import make_engine, resolve_url

ENV_HOURS = "DRAAGKRACHT_SESSION_HOURS"
DEFAULT_HOURS = 12.0
_metadata = sa.MetaData()
revocations = sa.Table(
    "login_revocations", _metadata,
    sa.Column("fingerprint", sa.String(64), primary_key=True),
    sa.Column("revoked_at", sa.Float, nullable=False),
)
_engines: dict[str, sa.engine.Engine] = {}
_lock = threading.Lock()


class SessionError(BilingualError):
    """The session settings or the revocation list cannot be used."""


def max_age_hours(env: Mapping[str, str] | None = None) -> float:
    raw = (env if env is not None else os.environ).get(ENV_HOURS, "").strip()
    if not raw:
        return DEFAULT_HOURS
    try:
        hours = float(raw.replace(",", "."))
    except ValueError:
        hours = -1.0
    if not 0 < hours <= 24 * 31:
        raise SessionError(
            f"{ENV_HOURS}={raw!r} is geen geldig aantal uren (meer dan 0, hoogstens 744).",
            f"{ENV_HOURS}={raw!r} is not a valid number of hours (above 0, at most 744).")
    return hours


def max_age_seconds() -> int:
    """The maximum age in seconds; the default when the setting is unusable (the page script
    reports that setting through `check`, and refuses the login)."""
    try:
        return int(max_age_hours() * 3600)
    except SessionError:
        return int(DEFAULT_HOURS * 3600)


def _engine() -> sa.engine.Engine:
    url = resolve_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            _metadata.create_all(engine)
            _engines[url] = engine
        return engine


def revoke(fingerprint: str, when: float | None = None) -> None:
    """End this login on every server that shares the database."""
    at = time.time() if when is None else when
    try:
        with _engine().begin() as conn:
            conn.execute(sa.delete(revocations).where(
                revocations.c.revoked_at < at - max_age_seconds()))
            if conn.execute(sa.select(revocations.c.fingerprint).where(
                    revocations.c.fingerprint == fingerprint)).first() is None:
                conn.execute(sa.insert(revocations).values(fingerprint=fingerprint,
                                                           revoked_at=at))
    except sa.exc.SQLAlchemyError as err:
        raise _db_error(err) from None


def is_revoked(fingerprint: str) -> bool:
    try:
        with _engine().connect() as conn:
            row = conn.execute(sa.select(revocations.c.fingerprint).where(
                revocations.c.fingerprint == fingerprint)).first()
    except sa.exc.SQLAlchemyError as err:
        raise _db_error(err) from None
    return row is not None


def _db_error(err: Exception) -> SessionError:
    from allocation.store.engine import db_error

    store_err = db_error(err, "login_revocations", resolve_url())
    return SessionError(store_err.message_nl, store_err.message_en)


def check(claims: Mapping[str, Any], fingerprint: str, now: float | None = None) -> str:
    """"" when this login still counts; else "expired" or "ended" (logged out).

    Raises `SessionError` when the setting or the revocation list cannot be used."""
    hours = max_age_hours()
    at = time.time() if now is None else now
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return "expired"
    if at - float(iat) > hours * 3600 or float(iat) > at + 300:  # 5 min clock skew
        return "expired"
    if is_revoked(fingerprint):
        return "ended"
    return ""
