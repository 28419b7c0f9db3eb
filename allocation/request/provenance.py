"""Where every supplied value came from: round, file, party and when.

A `Provenance` maps (park, field, kind, round label) to the `ValueSource` that supplied the
value now in the data. It is plain JSON (`to_dict`/`from_dict`), so it travels with a saved
scenario (inside the result summary the store already keeps), into the results workbook
(sheet `herkomst`) and into the audit trail (`digest`: one line per round and file).
Values without an entry came from the workbook that was loaded (`Scenario.source`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ValueSource:
    park_id: str
    field: str
    value: Any
    previous: Any
    round_id: str
    kind: str  # parks | monitoring
    round_label: str  # monitoring: the round's date; parks: ""
    file: str
    file_sha256: str
    party: str
    party_kind: str
    supplied_at: str  # when the party saved the file (its own time stamp), ISO; may be ""
    merged_at: str  # when the analyst accepted it, ISO (UTC)

    @property
    def key(self) -> str:
        return key_of(self.park_id, self.field, self.kind, self.round_label)


def key_of(park_id: str, field_name: str, kind: str = "parks", round_label: str = "") -> str:
    return "|".join((park_id, field_name, kind, round_label))


@dataclass
class Provenance:
    entries: dict[str, ValueSource] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, source: ValueSource) -> None:
        self.entries[source.key] = source

    def updated(self, sources: list[ValueSource]) -> Provenance:
        out = Provenance(dict(self.entries))
        for s in sources:
            out.add(s)
        return out

    def for_park(self, park_id: str) -> list[ValueSource]:
        return sorted((s for s in self.entries.values() if s.park_id == park_id),
                      key=lambda s: (s.kind, s.round_label, s.field))

    def get(self, park_id: str, field_name: str, kind: str = "parks",
            round_label: str = "") -> ValueSource | None:
        return self.entries.get(key_of(park_id, field_name, kind, round_label))

    def matching(self, scenario: Any) -> Provenance:
        """Only the park values that are still in `scenario` (an edit or a reset afterwards
        replaced the others, so they no longer came from the party); monitoring values stay."""
        parks = {p.park_id: p for p in scenario.parks}
        out = Provenance()
        for s in self.entries.values():
            if s.kind != "parks":
                out.add(s)
                continue
            park = parks.get(s.park_id)
            if park is not None and getattr(park, s.field, object()) == s.value:
                out.add(s)
        return out

    def merged_files(self) -> set[str]:
        """The sha256 of every file whose values are in the data (a second upload is refused)."""
        return {s.file_sha256 for s in self.entries.values() if s.file_sha256}

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "values": [asdict(s) for s in self.entries.values()]}

    @classmethod
    def from_dict(cls, data: Any) -> Provenance:
        out = cls()
        if not isinstance(data, dict):
            return out
        names = set(ValueSource.__dataclass_fields__)
        for item in data.get("values") or []:
            if isinstance(item, dict) and names <= set(item):
                out.add(ValueSource(**{k: item[k] for k in names}))
        return out

    def digest(self) -> list[dict[str, Any]]:
        """One line per round and file: the audit trail's short form."""
        lines: dict[tuple[str, str], dict[str, Any]] = {}
        for s in self.entries.values():
            line = lines.setdefault((s.round_id, s.file), {
                "round_id": s.round_id, "kind": s.kind, "file": s.file, "party": s.party,
                "merged_at": s.merged_at, "values": 0})
            line["values"] += 1
            line["merged_at"] = max(line["merged_at"], s.merged_at)
        return sorted(lines.values(), key=lambda d: (d["merged_at"], d["file"]))

    def rows(self) -> list[list[Any]]:
        """Table rows (Dutch headers in HEADERS_NL) for sheets and downloads."""
        return [[s.park_id, s.field, _cell(s.value), _cell(s.previous), s.round_id,
                 "monitoring" if s.kind == "monitoring" else "terreingegevens", s.round_label,
                 s.party, s.party_kind, s.file, s.file_sha256, s.supplied_at, s.merged_at]
                for s in sorted(self.entries.values(),
                                key=lambda s: (s.park_id, s.kind, s.round_label, s.field))]


SUMMARY_KEY = "provenance"  # where a saved scenario's result summary keeps it


def in_summary(summary: dict[str, Any], provenance: Provenance | None) -> dict[str, Any]:
    """The result summary to save, with the provenance of the data (when there is any)."""
    out = dict(summary)
    if provenance is not None and len(provenance):
        out[SUMMARY_KEY] = provenance.to_dict()
    return out


def from_summary(summary: Any) -> Provenance:
    return Provenance.from_dict((summary or {}).get(SUMMARY_KEY)
                                if isinstance(summary, dict) else None)


def audit_text(summary: Any, most: int = 10) -> str:
    """The request rounds behind a saved scenario, for its audit line: per round and file, the
    party and the number of values ("" when none)."""
    lines = from_summary(summary).digest()
    parts = [f"{d['round_id']} {d['file']} ({d['party']}): {d['values']}" for d in lines[:most]]
    if len(lines) > most:
        parts.append(f"+{len(lines) - most}")
    return ", ".join(parts)


HEADERS_NL = ["terrein_id", "veld", "waarde", "vorige_waarde", "rondecode", "soort",
              "monitoringsronde", "geleverd_door", "soort_partij", "bestand", "bestand_sha256",
              "bestand_opgeslagen", "samengevoegd"]
SHEET = "herkomst"


def read_provenance(data: bytes) -> Provenance:
    """The provenance kept in sheet `herkomst` of a merged or results workbook (empty when the
    sheet is not there). The file must have passed the workbook reader's container check."""
    from allocation.workbook.ooxml import Package

    out = Provenance()
    package = Package(data)
    entry = next((s for s in package.sheets if s.title.casefold() == SHEET), None)
    if entry is None:
        return out
    grid = package.grid(entry, 200_000)
    package.resolve_strings([grid])
    heads = [grid.value(1, c) for c in range(1, grid.max_col + 1)]
    if heads[:len(HEADERS_NL)] != HEADERS_NL:
        return out
    for r in range(2, grid.max_row + 1):
        v = [grid.value(r, c) for c in range(1, len(HEADERS_NL) + 1)]
        if v[0] is None:
            continue
        text = ["" if x is None else str(x) for x in v]
        out.add(ValueSource(
            park_id=text[0], field=text[1], value=_uncell(v[2]), previous=_uncell(v[3]),
            round_id=text[4], kind="monitoring" if text[5] == "monitoring" else "parks",
            round_label=text[6], party=text[7], party_kind=text[8], file=text[9],
            file_sha256=text[10], supplied_at=text[11], merged_at=text[12]))
    return out


def _uncell(value: Any) -> Any:
    if value == "ja":
        return True
    if value == "nee":
        return False
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value
