"""Number formatting for messages: Dutch by default ("€ 1.234.567", "€ 4,2 mln", "12,5%"),
English on request ("€1,234,567", "€4.2 mln", "12.5%")."""

from __future__ import annotations

import math


def format_number(x: float, decimals: int = 0, lang: str = "nl") -> str:
    """1234567.891 -> "1.234.567,89" (nl) or "1,234,567.89" (en)."""
    if x is None or not math.isfinite(x):
        return "–"
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_eur(x: float, lang: str = "nl", *, short: bool = False) -> str:
    """Whole euros: "€ 1.234.567"; with short=True amounts of a million and more become
    "€ 4,2 mln" (en: "€4.2 mln")."""
    if x is None or not math.isfinite(x):
        return "–"
    sign = "-" if x < 0 and round(abs(x)) > 0 else ""
    a = abs(x)
    if short and a >= 999_500:
        body = f"{format_number(a / 1e6, 1, lang)} mln"
    else:
        body = format_number(a, 0, lang)
    return f"{sign}€ {body}" if lang != "en" else f"{sign}€{body}"


def format_pct(share: float, decimals: int = 1, lang: str = "nl") -> str:
    """A share 0.125 -> "12,5%" (en "12.5%"); trailing ",0" is dropped."""
    if share is None or not math.isfinite(share):
        return "–"
    text = format_number(share * 100, decimals, lang)
    zero = ("," if lang != "en" else ".") + "0" * decimals
    if decimals and text.endswith(zero):
        text = text[: -len(zero)]
    return f"{text}%"
