"""The secret behind the keyed check sums (HMAC-SHA-256) of saved versions, decisions and the
audit trail's chain: whoever changes the database without it cannot make a change look genuine.

Where the key comes from, in this order:
- `DRAAGKRACHT_AUDIT_KEY`: the secret itself (at least 32 characters), set by the deployment
  (systemd `EnvironmentFile` readable by the service account only). Every app server and every
  CLI run on the same database needs the same key.
- otherwise the key file `audit.key` in the user's data directory (next to the default SQLite
  file), created on first use with a random key and mode 0600: the local, one-person case.

Imports `records` and `engine` (the data directory) of the store package.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from allocation.store.engine import default_path
from allocation.store.records import StoreError

ENV_KEY = "DRAAGKRACHT_AUDIT_KEY"
KEY_FILE_NAME = "audit.key"
MIN_KEY_CHARS = 32


def key_file_path() -> Path:
    """The local key file: `audit.key` in the data directory of the default database."""
    return default_path().parent / KEY_FILE_NAME


def _create_key_file(path: Path) -> bytes:
    """A new random key, written whole (temporary file, then a hard link that fails when another
    process was first: then that process's key is used)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    key = secrets.token_hex(32).encode()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(key + b"\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return path.read_bytes().strip()
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return key


def audit_key() -> bytes:
    """The key for this process (see the module docstring); `StoreError` when unusable."""
    env = os.environ.get(ENV_KEY, "").strip()
    if env:
        if len(env) < MIN_KEY_CHARS:
            raise StoreError(
                f"{ENV_KEY} is te kort ({len(env)} tekens, minimaal {MIN_KEY_CHARS}); maak een "
                "sleutel met: python -c 'import secrets; print(secrets.token_hex(32))'.",
                f"{ENV_KEY} is too short ({len(env)} characters, at least {MIN_KEY_CHARS}); "
                "make one with: python -c 'import secrets; print(secrets.token_hex(32))'.",
            )
        return env.encode()
    path = key_file_path()
    try:
        try:
            key = path.read_bytes().strip()
        except FileNotFoundError:
            key = _create_key_file(path)
    except OSError as err:
        raise StoreError(
            f"Het sleutelbestand voor de controlegetallen kan niet worden gelezen of gemaakt "
            f"({path}: {err.strerror}). Zet {ENV_KEY} of herstel de map.",
            f"The key file for the check sums cannot be read or created ({path}: "
            f"{err.strerror}). Set {ENV_KEY} or repair the folder.",
        ) from None
    if len(key) < MIN_KEY_CHARS:
        raise StoreError(
            f"Het sleutelbestand {path} is beschadigd (te kort). Zet het terug uit een "
            "reservekopie; zonder de juiste sleutel zijn de controlegetallen niet te controleren.",
            f"The key file {path} is damaged (too short). Restore it from a backup; without the "
            "right key the check sums cannot be verified.",
        )
    return key


def mac(key: bytes, values: list[Any]) -> str:
    """HMAC-SHA-256 of `values` in one canonical JSON form."""
    blob = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, blob.encode(), hashlib.sha256).hexdigest()


def same(a: Any, b: str) -> bool:
    """Constant-time comparison of a stored check sum with the expected one."""
    return isinstance(a, str) and bool(a) and hmac.compare_digest(a, b)


def key_check(key: bytes) -> str:
    """A value stored with the database that tells whether a key is the one it was made with
    (it reveals nothing about the key)."""
    return mac(key, ["draagkracht-key-check"])
