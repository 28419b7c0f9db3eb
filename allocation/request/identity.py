"""What a request round is, and the mark every request workbook carries to be matched back.

A *round* is one sending of request workbooks ("uitvraag"): made at one moment from one state of
the data (`base_hash`, the scenario's content hash), for one kind of data (`parks`: the park
figures of sheet terreinen; `monitoring`: a monitoring round), with one set of fields open.
Every workbook of the round names its *party* (a municipality, a park organisation or a region)
and the parks it covers.

The mark is a very hidden, protected sheet `uitvraag_id` of key/value rows (and the same round
code shown on the cover sheet), so that a return can be matched to its round and party, and a
file from an older round (made from other data) is recognised.
"""

from __future__ import annotations

import datetime as _dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from allocation.domain import PARK_FIELDS_MONITORED, Park

ID_SHEET = "uitvraag_id"
COVER_SHEET = "uitvraag"
MARK = "draagkracht-uitvraag"
FORMAT_VERSION = "1"

PARTY_KINDS: tuple[str, ...] = ("municipality", "organisation", "region")
PARTY_KIND_NL = {"municipality": "gemeente", "organisation": "parkorganisatie",
                 "region": "regio"}
KINDS: tuple[str, ...] = ("parks", "monitoring")

# Who supplies what (the position paper: the area teams and the park organisations).
MUNICIPALITY_FIELDS: tuple[str, ...] = ("companies", "jobs", "municipal_team")
ORGANISATION_FIELDS: tuple[str, ...] = (
    "organisation_level", "draagvlak", "private_capacity_eur", "absorption_capacity_eur")
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "municipality": MUNICIPALITY_FIELDS,
    "organisation": ORGANISATION_FIELDS,
    "region": (*MUNICIPALITY_FIELDS, *ORGANISATION_FIELDS),
}
# Never asked: they identify the park and its party (the id columns stay locked).
ID_FIELDS: tuple[str, ...] = ("park_id", "name", "municipality", "region")
MONITORING_FIELDS: tuple[str, ...] = (
    *PARK_FIELDS_MONITORED, "participating_companies", "result_energy_mwh",
    "result_circularity_tonnes", "result_economy_jobs", "result_cooperation_projects")
NO_REGION = "(geen regio)"


def party_of(park: Park, by: str) -> tuple[str, str]:
    """(key, label) of the party that supplies this park's figures."""
    if by == "municipality":
        return park.municipality, park.municipality
    if by == "region":
        return (park.region or NO_REGION), (park.region or NO_REGION)
    if by == "organisation":
        return park.park_id, f"Parkorganisatie {park.name}"
    raise ValueError(by)


def new_round_id() -> str:
    """A short code, readable on the phone: U-2026-ABCD2345."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    tail = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"U-{_dt.date.today().year}-{tail}"


def slug(text: str) -> str:
    """A file-name part: letters, digits and '-' only."""
    out = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return out[:60] or "partij"


@dataclass(frozen=True)
class RequestMark:
    """What the hidden sheet `uitvraag_id` of one request workbook says."""

    round_id: str
    kind: str  # parks | monitoring
    party_kind: str  # municipality | organisation | region
    party_key: str
    party: str  # shown to people
    created_at: str  # ISO time, UTC
    due: str  # ISO date, or ""
    fields: tuple[str, ...]
    parks: tuple[str, ...]
    base_hash: str
    round_label: str = ""  # monitoring: the round's date (dd-mm-yyyy)
    file_token: str = field(default_factory=lambda: secrets.token_hex(6))

    def rows(self) -> list[list[str]]:
        return [
            ["mark", MARK], ["format", FORMAT_VERSION], ["round_id", self.round_id],
            ["kind", self.kind], ["party_kind", self.party_kind],
            ["party_key", self.party_key], ["party", self.party],
            ["created_at", self.created_at], ["due", self.due],
            ["fields", ",".join(self.fields)], ["parks", ",".join(self.parks)],
            ["base_hash", self.base_hash], ["round_label", self.round_label],
            ["file_token", self.file_token],
        ]

    @classmethod
    def from_pairs(cls, pairs: dict[str, Any]) -> RequestMark | None:
        """The mark from the sheet's key/value pairs; None when it is not (all) there."""
        text = {k: "" if v is None else str(v).strip() for k, v in pairs.items()}
        if text.get("mark") != MARK or not text.get("round_id"):
            return None
        kind, party_kind = text.get("kind", ""), text.get("party_kind", "")
        if kind not in KINDS or party_kind not in PARTY_KINDS:
            return None
        def split(s: str) -> tuple[str, ...]:
            return tuple(x for x in s.split(",") if x)

        return cls(
            round_id=text["round_id"], kind=kind, party_kind=party_kind,
            party_key=text.get("party_key", ""), party=text.get("party", ""),
            created_at=text.get("created_at", ""), due=text.get("due", ""),
            fields=split(text.get("fields", "")), parks=split(text.get("parks", "")),
            base_hash=text.get("base_hash", ""), round_label=text.get("round_label", ""),
            file_token=text.get("file_token", ""),
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.rows()}
