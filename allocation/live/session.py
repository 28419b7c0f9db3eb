"""A live round: its join code, its settings, and one member's input (goal weights and, when the
round allows it, a split of the budget over the years), validated.

Pure values: no database (allocation.store.live keeps them) and no Streamlit.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from allocation.domain import GOALS, BilingualError

# 32 signs without the ones people confuse (I/1, O/0): 8 of them give 32^8 = 2^40 codes.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# How long a code stays usable after opening, and how many wrong codes one browser session may
# try before it has to wait (the store counts them; see allocation.store.live).
CODE_LIFETIME = timedelta(hours=4)
MAX_ATTEMPTS = 10
ATTEMPT_WINDOW = timedelta(minutes=15)
MAX_MEMBER_NAME = 80
STATES = ("open", "closed")


class LiveError(BilingualError):
    """A live-round problem told in the member's or facilitator's words."""


def new_code() -> str:
    """A fresh join code: `CODE_LENGTH` signs from `CODE_ALPHABET`, from `secrets`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: str | None) -> str:
    """The code as typed, in its stored form (capitals, without spaces or dashes); a
    `LiveError` when it cannot be a code at all."""
    code = "".join(ch for ch in str(text or "").upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise LiveError(
            f"Dit is geen geldige code: een code heeft {CODE_LENGTH} letters en cijfers, zoals "
            "de voorzitter die op het scherm toont.",
            f"This is not a valid code: a code has {CODE_LENGTH} letters and digits, as the "
            "facilitator shows on the screen.")
    return code


def shown_code(code: str) -> str:
    """The code as it is shown: two groups of four (ABCD-EFGH)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


@dataclass(frozen=True)
class LiveSession:
    """One round: who opened it, on which saved scenario, and how members take part."""

    code: str
    facilitator: str
    scenario_id: int
    scenario_name: str
    scenario_version: int
    anonymous: bool
    allow_years: bool
    state: str  # "open" | "closed"
    opened_at: datetime
    expires_at: datetime
    closed_at: datetime | None = None
    title: str = ""
    decision_id: int | None = None  # the decision the closed round was recorded in

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def expired(self, at: datetime | None = None) -> bool:
        return (at or datetime.now(UTC)) >= self.expires_at

    def accepts(self, at: datetime | None = None) -> bool:
        return self.is_open and not self.expired(at)


@dataclass(frozen=True)
class MemberInput:
    """One member's answer: normalised goal weights (sum 1) and an optional year split."""

    member: str  # the key the store keeps one row per member by (never shown when anonymous)
    weights: dict[str, float]
    years: dict[int, float] | None = None
    name: str = ""  # the member's name in a named round, "" in an anonymous one
    version: int = 1  # how many times the member has submitted
    updated_at: datetime | None = field(default=None, compare=False)


def _number(value: Any, what_nl: str, what_en: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise LiveError(f"{what_nl} is geen getal.", f"{what_en} is not a number.") from None
    if not math.isfinite(number) or number < 0:
        raise LiveError(f"{what_nl} moet een getal van 0 of meer zijn.",
                        f"{what_en} must be a number of 0 or more.")
    return number


def normalise_weights(raw: Mapping[str, Any]) -> dict[str, float]:
    """The four goal weights scaled to sum 1; `LiveError` for a missing, negative or non-number
    weight or when all are zero."""
    from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL

    values = {}
    for g in GOALS:
        if g not in raw:
            raise LiveError(f"Het gewicht voor {GOAL_LABELS_NL[g]} ontbreekt.",
                            f"The weight for {GOAL_LABELS_EN[g]} is missing.")
        values[g] = _number(raw[g], f"Het gewicht voor {GOAL_LABELS_NL[g]}",
                            f"The weight for {GOAL_LABELS_EN[g]}")
    unknown = sorted(set(raw) - set(GOALS))
    if unknown:
        raise LiveError(f"Onbekend doel: {', '.join(map(str, unknown))}.",
                        f"Unknown goal: {', '.join(map(str, unknown))}.")
    total = sum(values.values())
    if total <= 0:
        raise LiveError("Geef ten minste één doel een gewicht groter dan nul.",
                        "Give at least one goal a weight above zero.")
    return {g: values[g] / total for g in GOALS}


def normalise_years(raw: Mapping[Any, Any] | None, years: Sequence[int]) -> dict[int, float] | None:
    """A split of the budget over `years` scaled to sum 1 (None when not given)."""
    if raw is None or not len(raw):
        return None
    try:
        given = {int(y): v for y, v in raw.items()}
    except (TypeError, ValueError):
        raise LiveError("Een jaar in de verdeling over de jaren is geen jaartal.",
                        "A year in the split over the years is not a year.") from None
    unknown = sorted(set(given) - set(years))
    if unknown:
        raise LiveError(f"Het jaar {unknown[0]} hoort niet bij dit scenario.",
                        f"The year {unknown[0]} is not in this scenario.")
    values = {y: _number(given.get(y, 0.0), f"Het aandeel voor {y}", f"The share for {y}")
              for y in years}
    total = sum(values.values())
    if total <= 0:
        raise LiveError("Geef ten minste één jaar een aandeel groter dan nul.",
                        "Give at least one year a share above zero.")
    return {y: values[y] / total for y in years}


def clean_member_name(text: str | None) -> str:
    name = " ".join(str(text or "").split())
    if "\x00" in name:
        raise LiveError("De naam bevat een ongeldig teken.", "The name contains an invalid "
                        "character.")
    if len(name) > MAX_MEMBER_NAME:
        raise LiveError(f"De naam is te lang (maximaal {MAX_MEMBER_NAME} tekens).",
                        f"The name is too long (at most {MAX_MEMBER_NAME} characters).")
    return name
