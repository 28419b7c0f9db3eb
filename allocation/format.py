"""Dutch number formatting for every figure the app, the CLI and the messages show
(€ 1.234.567, € 4,20 mln, 12,5%).

One module, no streamlit: the domain's messages, the pages, the text catalogue, the CLI and the
tests share it. English mode uses the same Dutch notation on purpose: the figures are a
province's budget, and a committee comparing screenshots must never read "1.234" once as
thousands and once as a decimal. Words such as "mln" and "mld" are the same in both languages,
so no function takes a language.

Every function shows "–" for a missing value (None, NaN, infinity, not a number) and never "-0".
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

MISSING = "–"
MINUS = "-"


def _group(text: str) -> str:
    """Swap the US separators of Python's format for Dutch ones: 1,234.5 -> 1.234,5."""
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _value(value: object) -> float | None:
    """The value as a finite float, or None when there is nothing to show."""
    if value is None:
        return None
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _plus(v: float, decimals: int, signed: bool) -> str:
    return "+" if signed and round(v, decimals) > 0 else ""


def num(value: object, decimals: int = 0) -> str:
    """1234567.8 -> '1.234.568' (decimals=0) or '1.234.567,8' (decimals=1)."""
    v = _value(value)
    if v is None:
        return MISSING
    if round(v, decimals) == 0:
        v = 0.0  # no "-0"
    return _group(f"{v:,.{decimals}f}")


def num_in(x: float, lang: str = "nl", grouped: bool = True) -> str:
    """A number in a message in the reader's language's notation: '-500.000' or '0,25' in Dutch,
    '-500,000' or '0.25' in English (only the decimals it has, at most six); a year is not
    grouped (grouped=False: '2026')."""
    v = float(x)
    decimals = 0 if v.is_integer() else min(6, len(f"{abs(v):.6f}".rstrip("0").split(".")[1]))
    text = f"{v:{',' if grouped else ''}.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def eur(value: object, decimals: int = 0, signed: bool = False) -> str:
    """'€ 1.234.567'; negative '-€ 1.234'; signed=True adds '+' to positive differences."""
    v = _value(value)
    if v is None:
        return MISSING
    body = num(abs(v), decimals)
    if round(v, decimals) < 0:
        return f"{MINUS}€ {body}"
    return f"{_plus(v, decimals, signed)}€ {body}"


def eur_short(value: object) -> str:
    """Compact amounts for tiles and messages: '€ 350.000', '€ 4,20 mln', '€ 19,5 mln',
    '€ 1,25 mld' (two decimals below ten million, so € 4,25 and € 4,20 mln stay apart)."""
    v = _value(value)
    if v is None:
        return MISSING
    a = abs(v)
    sign = MINUS if v < 0 and a >= 0.5 else ""
    if a >= 1e9:
        return f"{sign}€ {num(a / 1e9, 2)} mld"
    if a >= 1e6:
        return f"{sign}€ {num(a / 1e6, 2 if a < 1e7 else 1)} mln"
    return f"{sign}€ {num(a, 0)}"


def count(n: int, singular: str, plural: str) -> str:
    """'1 terrein', '9 terreinen', '1.204 terreinen': a count with its noun in the right number."""
    return f"{num(n)} {singular if n == 1 else plural}"


def pct(share: object, decimals: int = 1, signed: bool = False) -> str:
    """A share 0.125 -> '12,5%'; a trailing ',0' is dropped (0.25 -> '25%')."""
    v = _value(share)
    if v is None:
        return MISSING
    v *= 100
    text = num(v, decimals)
    zero = "," + "0" * decimals
    if decimals and text.endswith(zero):
        text = text[: -len(zero)]
    return f"{_plus(v, decimals, signed)}{text}%"


def eur_exact(value: object) -> str:
    """Whole euros, with cents only when the amount has them: '€ 30.000', '€ 30.000,50'
    (for figures that must add up, such as '3 terreinen × € 30.000,50 = € 90.001,50')."""
    v = _value(value)
    if v is None:
        return MISSING
    return eur(v, 0 if round(v, 2) == round(v) else 2)


def eur_apart(value: object, other: object) -> str:
    """`value` as `eur` shows it, but never reading as `other` when the two differ: a bound
    next to the value it replaces, or one side of a comparison. When whole euros would show
    the same text, the amount gets its cents ('van € 30.000,50 naar € 30.000', not 'van
    € 30.000 naar € 30.000')."""
    v, o = _value(value), _value(other)
    text = eur(value)
    if v is None or o is None or text != eur(o):
        return text
    text = eur_exact(v)
    return text if text != eur_exact(o) else eur(v, 2)


def pct_apart(share: object, other: object, decimals: int = 1) -> str:
    """`share` as `pct` shows it, with as many more decimals (up to four) as it takes not to
    read as `other` ('van 10,06% naar 10,1%', not 'van 10,1% naar 10,1%')."""
    v, o = _value(share), _value(other)
    text = pct(share, decimals)
    if v is None or o is None:
        return text
    for d in range(decimals, decimals + 4):
        text = pct(v, d)
        if text != pct(o, d):
            break
    body = text.removesuffix("%")
    if "," in body:  # no trailing zeros from the extra decimals: '10,1%', not '10,100%'
        body = body.rstrip("0").rstrip(",")
    return body + "%"


def points(value: object, decimals: int = 1, signed: bool = False) -> str:
    """Value points: '1.234,5'."""
    v = _value(value)
    if v is None:
        return MISSING
    return _plus(v, decimals, signed) + num(v, decimals)


def ratio(value: object, decimals: int = 2) -> str:
    """Leverage: private € per public € as '0,85 : 1'."""
    if _value(value) is None:
        return MISSING
    return f"{num(value, decimals)} : 1"


def seconds(value: object) -> str:
    """A duration: '1,5 s', '12 s', '< 0,1 s' (never '0,0 s' for a quick run)."""
    v = _value(value)
    if v is None:
        return MISSING
    if 0 <= v < 0.05:
        return f"< {num(0.1, 1)} s"
    return f"{num(v, 1 if v < 10 else 0)} s"


def by_kind(value: object, kind: str) -> str:
    """A cell of a comparison table, by the kind of its column or row (compare.KPI_ROWS):
    'eur', 'points', 'price', 'ratio', 'int', 'year', 'pct'; the same with '_diff' for a
    difference, which always carries its sign (+€ 1.500, -€ 1.500); 'text', 'wide' and
    anything that is not a number as it is; any other number with up to 4 decimals."""
    if kind in ("text", "wide") or not isinstance(value, int | float):
        return str(value)
    signed = kind.endswith("_diff")
    kind = kind.removesuffix("_diff")
    if kind == "eur":
        return eur(value, signed=signed)
    if kind == "points":
        return points(value, 2, signed=signed)
    if kind == "price":
        return num(value, 4)
    if kind == "ratio":
        return _plus(float(value), 2, signed) + num(value, 2)
    if kind == "int":
        return _plus(float(value), 0, signed) + num(value, 0)
    if kind == "pct":
        return pct(value, 1, signed=signed)
    if kind == "year":
        return str(int(value))
    return num(value, 4).rstrip("0").rstrip(",") if isinstance(value, float) else str(value)


_SCALE_WORDS = {"mln": 1e6, "miljoen": 1e6, "mld": 1e9, "miljard": 1e9, "k": 1e3,
                "duizend": 1e3}


def parse_amount(text: object) -> float | None:
    """A number a person typed, read the Dutch way: '6.000.000', '€ 6.000.000,50', '6,5 mln',
    '6000000', '12.500', '0,5'. Returns None for anything that is not one number.

    Dots group thousands and a comma is the decimal mark, as everywhere in the app. A lone dot
    followed by one, two or four-plus digits ('1.5', '0.015') is ambiguous in Dutch notation and
    read as a decimal point, because no Dutch writer groups thousands that way.
    """
    if text is None:
        return None
    s = str(text).strip().lower().replace("€", "").replace("eur", "").replace(" ", "")
    s = s.replace("\u00a0", "").replace("\u2212", "-")
    scale = 1.0
    for word, factor in sorted(_SCALE_WORDS.items(), key=lambda kv: -len(kv[0])):
        if s.endswith(word):
            s, scale = s[: -len(word)], factor
            break
    if not s or s in ("-", "+"):
        return None
    sign = -1.0 if s.startswith("-") else 1.0
    if s[0] in "+-":
        s = s[1:]
    if not s or any(ch not in "0123456789.," for ch in s) or s.count(",") > 1:
        return None
    whole, _, frac = s.partition(",")
    if "." in whole:
        groups = whole.split(".")
        if len(groups) == 2 and not frac and len(groups[1]) != 3:
            whole, frac = groups[0], groups[1]  # '1.5': a decimal point, see above
        elif groups[0] and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
            whole = "".join(groups)
        else:
            return None
    if not whole and not frac:
        return None
    value = float(f"{whole or '0'}.{frac or '0'}") * scale * sign
    return value if math.isfinite(value) else None


TIME_ZONE = "Europe/Amsterdam"  # every time the app shows is Dutch time (one clock)


def local_time(moment: datetime) -> datetime:
    """A stored moment (UTC, or naive = UTC) as naive Dutch time, for screens and cells."""
    from zoneinfo import ZoneInfo

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(TIME_ZONE)).replace(tzinfo=None)


def when(moment: datetime | None) -> str:
    """'30-11-2026 05:12' in Dutch time ('–' when missing)."""
    if moment is None:
        return MISSING
    return local_time(moment).strftime("%d-%m-%Y %H:%M")
