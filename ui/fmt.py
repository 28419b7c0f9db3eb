"""Dutch number formatting for every figure the app shows (€ 1.234.567, 12,5%).

Pure functions (no streamlit): the pages, the text catalogue and the tests share them.
English mode uses the same Dutch notation on purpose: the figures are a province's budget, and a
committee comparing screenshots must never read "1.234" once as thousands and once as a decimal.
"""

from __future__ import annotations

import math

MINUS = "-"


def _group(text: str) -> str:
    """Swap the US separators of Python's format for Dutch ones: 1,234.5 -> 1.234,5."""
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def num(value: float | int | None, decimals: int = 0) -> str:
    """1234567.8 -> '1.234.568' (decimals=0) or '1.234.567,8' (decimals=1); None -> '–'."""
    if _is_missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    if round(v, decimals) == 0:
        v = 0.0  # no "-0"
    return _group(f"{v:,.{decimals}f}")


def eur(value: float | int | None, decimals: int = 0, signed: bool = False) -> str:
    """'€ 1.234.567'; negative '-€ 1.234'; signed=True adds '+' to positive differences."""
    if _is_missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    body = num(abs(v), decimals)
    if round(v, decimals) < 0:
        return f"{MINUS}€ {body}"
    if signed and round(v, decimals) > 0:
        return f"+€ {body}"
    return f"€ {body}"


def eur_short(value: float | int | None) -> str:
    """Compact amounts for tiles: '€ 4,2 mln', '€ 350.000', '€ 1,25 mld'."""
    if _is_missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    a = abs(v)
    sign = MINUS if v < 0 and a >= 0.5 else ""
    if a >= 1e9:
        return f"{sign}€ {num(a / 1e9, 2)} mld"
    if a >= 1e6:
        return f"{sign}€ {num(a / 1e6, 2 if a < 1e7 else 1)} mln"
    return f"{sign}€ {num(a, 0)}"


def pct(share: float | None, decimals: int = 1, signed: bool = False) -> str:
    """A share 0.125 -> '12,5%'."""
    if _is_missing(share):
        return "–"
    v = float(share) * 100  # type: ignore[arg-type]
    text = num(v, decimals)
    if signed and round(v, decimals) > 0:
        text = "+" + text
    return f"{text}%"


def points(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """Value points: '1.234,5'."""
    if _is_missing(value):
        return "–"
    text = num(value, decimals)
    if signed and round(float(value), decimals) > 0:  # type: ignore[arg-type]
        text = "+" + text
    return text


def ratio(value: float | None, decimals: int = 2) -> str:
    """Leverage: private € per public € as '0,85 : 1'."""
    if _is_missing(value):
        return "–"
    return f"{num(value, decimals)} : 1"


def seconds(value: float | None) -> str:
    if _is_missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    return f"{num(v, 1 if v < 10 else 0)} s"
