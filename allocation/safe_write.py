"""Files the command line writes: checked before the work, written whole or not at all.

`check_output(path)` answers before a long solve whether `path` can be written (its folder
exists and is writable, it is not a folder itself). `write_atomically(path, data)` writes to a
temporary file in the same folder, flushes it to disk and renames it over `path`: a failure
(a full disk, a quota, an interrupted run) removes the temporary file and leaves an earlier
`path` as it was, so no partial or 0-byte file is ever left behind.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
from pathlib import Path

from allocation.domain import BilingualError


class OutputError(BilingualError):
    """An output path that cannot be written, told in the user's words."""


def check_output(path: str | Path, suffixes: tuple[str, ...] = ()) -> Path:
    """`path` as a Path when it can be written; `OutputError` (before any work) otherwise."""
    p = Path(path).expanduser()
    if suffixes and p.suffix.lower() not in suffixes:
        wanted = " of ".join(suffixes)
        raise OutputError(
            f"Het uitvoerbestand {p} moet eindigen op {wanted}.",
            f"The output file {p} must end in {' or '.join(suffixes)}.",
        )
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise OutputError(f"{p} is een map, geen bestand.", f"{p} is a folder, not a file.")
    if not folder.is_dir():
        raise OutputError(
            f"De map {folder} bestaat niet; maak die eerst of kies een andere plek voor {p.name}.",
            f"The folder {folder} does not exist; create it first or choose another place for "
            f"{p.name}.",
        )
    if not os.access(folder, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise OutputError(
            f"Geen schrijfrechten voor {p}.", f"No permission to write {p}.",
        )
    return p


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` whole, or leave no trace (see the module docstring)."""
    p = Path(path).expanduser()
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent or ".")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if p.exists():  # keep the permissions of the file we replace
            with contextlib.suppress(OSError):
                os.chmod(tmp, p.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def drop_half_written(err: BaseException) -> None:
    """After a write failed (a full disk): collect what the failed writer left half open, without
    its second report. openpyxl streams each sheet through a generator; when the disk is full
    the generator reports the same OSError again, as a traceback on stderr, whenever it is
    collected. It is the error the caller is about to tell in the user's words."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _info: None
    try:
        err.__traceback__ = err.__context__ = None  # the frames that hold the generator
        gc.collect()
    finally:
        sys.unraisablehook = hook
