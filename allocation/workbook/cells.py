"""Shared pieces of cell parsing: patterns and the marker for a cell that produced an issue."""

from __future__ import annotations

import re

_EURO_TEXT = re.compile(r"^(?:€\s*)?(\d+|\d{1,3}(?:\.\d{3})+)$")
_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


class _Bad:
    """Marker for a cell that produced an issue."""


BAD = _Bad()
