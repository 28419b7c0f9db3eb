"""Merging returned request workbooks: each checked on its own, then one merge report.

`merge_returns(scenario, files, ...)` reads every file with the workbook reader (so every rule
of docs/contracts/WORKBOOK.md applies, and every problem is named with file, sheet, row, column and value).
A file is *refused* whole, with the reason, when it is not a readable workbook, is not a request
workbook (no mark), belongs to another round (an older round, or a round made from other data),
is of the other kind (monitoring vs park data), was uploaded twice (the same bytes, in this
batch or merged before), or breaks a workbook rule. A refused file never stops the others.

Of a file that is used, each row is compared with the current data:
- a park the scenario does not have, or a park of another party, is a *problem* (row ignored);
- an asked field with another value is a *change* (old, new, file, party);
- a field that was not asked (a locked column) with another value is a *conflict*; the value
  is never taken;
- two files giving different values for one park and field are a *conflict*; the analyst
  chooses the file for that park (`apply_merge(choose=...)`), "accept all" leaves it out;
- parks of the round that no file covers are listed as *missing*;
- implausible jumps (x3 or /3 for counts and euros, two or more organisation levels, draagvlak
  moving by 0.4 or more) are *warnings* (the change is still proposed).

`apply_merge` turns the accepted parks into a new scenario (re-validated) or, for a monitoring
round, new monitoring records, and the provenance of every value it took.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from allocation.domain import (
    InputIssue,
    LoadedWorkbook,
    Monitoring,
    MonitoringRecord,
    Scenario,
    WorkbookError,
)
from allocation.request.identity import ID_SHEET, PARTY_KIND_NL, RequestMark, party_of
from allocation.request.make import spec_for
from allocation.request.provenance import Provenance, ValueSource
from allocation.workbook.ooxml import Package
from allocation.workbook.read import read_bytes

JUMP_FACTOR = 3.0
JUMP_FIELDS = ("companies", "jobs", "area_ha", "private_capacity_eur", "absorption_capacity_eur",
               "participating_companies")
OWN_SHEETS = {"uitvraag", ID_SHEET, "budget", "terreinen"}


@dataclass(frozen=True)
class Problem:
    """One problem of one returned file, located as the user sees it."""

    file: str
    sheet: str
    row: int | None
    column: str | None
    value: str | None
    message_nl: str
    message_en: str
    severity: str = "error"

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "value": self.value, "message": self.message(lang), "severity": self.severity}


@dataclass
class FileOutcome:
    file: str
    sha256: str
    used: bool
    reason_nl: str = ""
    reason_en: str = ""
    mark: RequestMark | None = None
    supplied_at: str = ""
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # park id -> spreadsheet row

    @property
    def party(self) -> str:
        return self.mark.party if self.mark else ""


@dataclass(frozen=True)
class Change:
    park_id: str
    park_name: str
    field: str
    old: Any
    new: Any
    file: str
    party: str
    status: str  # change | conflict_files | not_asked
    note_nl: str = ""
    note_en: str = ""


@dataclass
class MergeReport:
    round_id: str
    kind: str
    round_label: str
    files: list[FileOutcome]
    changes: list[Change]
    missing: list[tuple[str, str, str]]  # park id, name, party
    warnings: list[Problem]
    records: dict[str, dict[str, MonitoringRecord]] = field(default_factory=dict)
    covered: dict[str, list[str]] = field(default_factory=dict)  # park -> files returning it

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def used_files(self) -> list[FileOutcome]:
        return [f for f in self.files if f.used]

    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.status != "change"]

    def conflict_parks(self) -> set[str]:
        """Parks that two files disagree on: only merged when the analyst chooses a file."""
        return {c.park_id for c in self.changes if c.status == "conflict_files"}

    def parks(self) -> list[str]:
        """Parks with a proposed change, in order of appearance."""
        return list(dict.fromkeys(c.park_id for c in self.changes if c.status != "not_asked"))

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        def plain(v: Any) -> Any:
            return v if v is None or isinstance(v, bool | int | float | str) else str(v)

        return {
            "round_id": self.round_id, "kind": self.kind, "round_label": self.round_label,
            "files": [{"file": f.file, "used": f.used, "party": f.party,
                       "reason": f.reason_en if lang == "en" else f.reason_nl,
                       "problems": [p.as_dict(lang) for p in f.problems]} for f in self.files],
            "changes": [{"park_id": c.park_id, "name": c.park_name, "field": c.field,
                         "old": plain(c.old), "new": plain(c.new), "file": c.file,
                         "party": c.party, "status": c.status,
                         "note": c.note_en if lang == "en" else c.note_nl}
                        for c in self.changes],
            "missing": [{"park_id": p, "name": n, "party": party}
                        for p, n, party in self.missing],
            "warnings": [w.as_dict(lang) for w in self.warnings],
        }


# -- reading one return ------------------------------------------------------------------------


def _issue(file: str, i: InputIssue) -> Problem:
    return Problem(file, i.sheet, i.row, i.column, i.value, i.message_nl, i.message_en,
                   i.severity)


def read_mark(data: bytes) -> RequestMark | None:
    """The round mark of a (container-checked) workbook, or None."""
    package = Package(data)
    entry = next((s for s in package.sheets if s.title.casefold() == ID_SHEET), None)
    if entry is None:
        return None
    grid = package.grid(entry, 100)
    package.resolve_strings([grid])
    pairs = {str(grid.value(r, 1)): grid.value(r, 2) for r in range(2, grid.max_row + 1)
             if grid.value(r, 1) is not None}
    return RequestMark.from_pairs(pairs)


def _rows_of(data: bytes, sheet_nl: str) -> dict[str, int]:
    """park id -> spreadsheet row in the given sheet (for messages)."""
    package = Package(data)
    entry = next((s for s in package.sheets if s.title.casefold() == sheet_nl), None)
    if entry is None:
        return {}
    grid = package.grid(entry, 20_000)
    package.resolve_strings([grid])
    heads = {str(grid.value(1, c)).strip().casefold(): c for c in range(1, grid.max_col + 1)
             if grid.value(1, c) is not None}
    col = heads.get("terrein_id") or heads.get("park_id")
    if col is None:
        return {}
    out: dict[str, int] = {}
    for r in range(2, grid.max_row + 1):
        v = grid.value(r, col)
        if v is not None:
            text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()
            out.setdefault(text, r)
    return out


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]{1,40})</dcterms:modified>")


def _saved_at(data: bytes) -> str:
    """When the file was last saved, by its own document properties ("" when unknown)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > 100_000:
                return ""
            m = _MODIFIED.search(z.read(info))
    except (KeyError, zipfile.BadZipFile, OSError):
        return ""
    return m.group(1).decode("ascii", "replace").strip() if m else ""


def _refused(out: FileOutcome, nl: str, en: str) -> FileOutcome:
    out.used = False
    out.reason_nl, out.reason_en = nl, en
    return out


def _check_file(name: str, data: bytes, kind: str, seen: dict[str, str],
                merged_before: set[str]) -> tuple[FileOutcome, LoadedWorkbook | None]:
    sha = hashlib.sha256(data).hexdigest()
    out = FileOutcome(file=name, sha256=sha, used=True)
    if sha in seen:
        return _refused(out, f"Dit bestand is twee keer geüpload (hetzelfde als '{seen[sha]}'); "
                             "het wordt één keer gebruikt.",
                        f"This file was uploaded twice (the same as '{seen[sha]}'); it is used "
                        "once."), None
    seen[sha] = name
    if sha in merged_before:
        return _refused(out, "Dit bestand is al eerder samengevoegd; het wordt niet nog eens "
                             "gebruikt.",
                        "This file was merged before; it is not used again."), None
    loaded: LoadedWorkbook | None = None
    errors: list[InputIssue] = []
    try:
        loaded = read_bytes(data, name)
    except WorkbookError as err:
        errors = err.issues
        if all(not i.sheet for i in err.issues):  # the container itself: not a workbook
            out.problems = [_issue(name, i) for i in err.issues]
            return _refused(out, "Dit bestand is geen leesbaar xlsx-werkboek: "
                                 + err.issues[0].message_nl,
                            "This file is not a readable xlsx workbook: "
                            + err.issues[0].message_en), None
    try:
        mark = read_mark(data)
    except WorkbookError:
        mark = None
    if mark is None:
        return _refused(out, "Dit bestand is geen uitvraagwerkboek van deze app (het verborgen "
                             "blad met de rondecode ontbreekt). Stuur de partij het "
                             "uitvraagwerkboek en laat dat invullen.",
                        "This file is not a request workbook of this app (the hidden sheet "
                        "with the round code is missing)."), None
    out.mark = mark
    out.supplied_at = _saved_at(data)
    out.rows = _rows_of(data, spec_for(mark.kind).nl)
    if mark.kind != kind:
        what = "monitoring" if mark.kind == "monitoring" else "terreingegevens"
        return _refused(out, f"Dit is een uitvraag voor {what}; voeg het samen bij die soort "
                             "uitvraag.",
                        f"This is a request for {mark.kind}; merge it with that kind of "
                        "request."), None
    if errors:
        out.problems = [_issue(name, i) for i in errors]
        n = len(errors)
        return _refused(out, f"Het bestand voldoet niet aan de regels van het werkboek ({n} "
                             f"{'probleem' if n == 1 else 'problemen'}); het wordt niet "
                             "gebruikt. Vraag de partij de genoemde cellen te herstellen.",
                        f"The file breaks the workbook rules ({n} problem(s)); it is not used."
                        ), None
    return out, loaded


def _current_round(marks: Sequence[RequestMark], base_hash: str,
                   provenance: Provenance | None = None) -> str:
    """Without a given round: the newest round made from exactly the current data, or the
    round whose values were merged last (the rest of its returns, after a merge per park)."""
    last = ""
    if provenance is not None and len(provenance):
        last = max(provenance.entries.values(), key=lambda s: s.merged_at).round_id
    fitting = [m for m in marks if m.base_hash == base_hash or (last and m.round_id == last)]
    if not fitting:
        return ""
    return max(fitting, key=lambda m: m.created_at).round_id


# -- comparing -------------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))
    return bool(a == b)


def _jump(field_name: str, old: Any, new: Any) -> tuple[str, str] | None:
    if old is None or new is None or isinstance(old, bool):
        return None
    if field_name in JUMP_FIELDS and float(old) > 0 and float(new) >= 0:
        ratio = float(new) / float(old)
        if ratio >= JUMP_FACTOR or ratio <= 1 / JUMP_FACTOR:
            return (f"Grote sprong: van {old:g} naar {new:g} (x{ratio:.1f}). Controleer of dit "
                    "klopt.", f"Large jump: from {old:g} to {new:g} (x{ratio:.1f}). Check it.")
    if field_name == "organisation_level" and abs(int(new) - int(old)) >= 2:
        return (f"De organisatiegraad springt van {old} naar {new}. Controleer of dit klopt.",
                f"The organisation level jumps from {old} to {new}. Check it.")
    if field_name == "draagvlak" and abs(float(new) - float(old)) >= 0.4:
        return (f"Het draagvlak verandert sterk: van {old:g} naar {new:g}.",
                f"The draagvlak changes a lot: from {old:g} to {new:g}.")
    return None


def _label_of(rec: MonitoringRecord) -> str:
    return rec.round_label


def _returned_rows(kind: str, loaded: LoadedWorkbook, mark: RequestMark) -> list[Any]:
    if kind == "parks":
        return list(loaded.scenario.parks)
    mon = loaded.monitoring or Monitoring()
    return list(mon.rounds)


def merge_returns(scenario: Scenario, files: Iterable[tuple[str, bytes]], *,
                  kind: str = "parks", round_id: str | None = None,
                  monitoring: Monitoring | None = None,
                  provenance: Provenance | None = None,
                  round_parks: Sequence[str] | None = None) -> MergeReport:
    """Check every file on its own, then compare the used ones with the current data."""
    seen: dict[str, str] = {}
    merged_before = provenance.merged_files() if provenance else set()
    checked = [_check_file(name, data, kind, seen, merged_before) for name, data in files]
    marks = [o.mark for o, loaded in checked if loaded is not None and o.mark is not None]
    current = round_id or _current_round(marks, scenario.content_hash(), provenance)
    parks = {p.park_id: p for p in scenario.parks}
    spec = spec_for(kind)
    changes: list[Change] = []
    warnings: list[Problem] = []
    covered: dict[str, list[str]] = {}  # park -> the files that return it
    given: dict[str, dict[str, tuple[Any, ...]]] = {}  # park -> file -> its asked values
    jumps: list[tuple[str, Problem]] = []  # (park, warning)
    records: dict[str, dict[str, MonitoringRecord]] = {}  # monitoring: park -> file -> row
    label = ""
    by = ""
    for out, loaded in checked:
        if loaded is None or out.mark is None:
            continue
        mark = out.mark
        if mark.round_id != current:
            _refused(out, f"Dit bestand hoort bij een andere (oudere) uitvraagronde "
                          f"({mark.round_id}, gemaakt {mark.created_at[:10]}) dan de ronde die "
                          f"nu wordt samengevoegd ({current or 'geen ronde bij de huidige gegevens'}"
                          "). Het wordt niet gebruikt.",
                     f"This file belongs to another (older) request round ({mark.round_id}) "
                     f"than the round being merged ({current or 'none for the current data'}).")
            continue
        label, by = mark.round_label, mark.party_kind
        asked = set(mark.fields)
        mine = set(mark.parks)
        row_numbers = out.rows
        for item in _returned_rows(kind, loaded, mark):
            pid = item.park_id
            r = row_numbers.get(pid)
            if kind == "monitoring" and _label_of(item) != mark.round_label:
                out.problems.append(Problem(
                    out.file, spec.nl, r, "ronde", _label_of(item),
                    f"De ronde is veranderd (gevraagd: {mark.round_label}); de rij wordt "
                    "niet gebruikt.",
                    f"The round was changed (asked: {mark.round_label}); the row is ignored."))
                continue
            if pid not in parks:
                out.problems.append(Problem(
                    out.file, spec.nl, r, "terrein_id", pid,
                    f"Het terrein '{pid}' bestaat niet in de huidige gegevens; de rij wordt "
                    "niet gebruikt.",
                    f"Park '{pid}' does not exist in the current data; the row is ignored."))
                continue
            if pid not in mine:
                _key, owner = party_of(parks[pid], mark.party_kind)
                out.problems.append(Problem(
                    out.file, spec.nl, r, "terrein_id", pid,
                    f"Het terrein '{pid}' hoort bij {owner}, niet bij {mark.party}; de rij "
                    "wordt niet gebruikt.",
                    f"Park '{pid}' belongs to {owner}, not to {mark.party}; the row is "
                    "ignored."))
                continue
            covered.setdefault(pid, []).append(out.file)
            park = parks[pid]
            given.setdefault(pid, {})[out.file] = tuple(
                getattr(item, n) for n in sorted(asked) if hasattr(item, n))
            if kind == "monitoring":
                records.setdefault(pid, {})[out.file] = item
            for col in spec.columns:
                name = col.name
                if name in ("park_id", "round"):
                    continue
                new = getattr(item, name)
                old = _old_value(kind, park, name, monitoring)
                if name not in asked:
                    if not same(old, new) and not (kind == "monitoring" and new is None):
                        changes.append(Change(
                            pid, park.name, name, old, new, out.file, mark.party, "not_asked",
                            "Niet gevraagd (vergrendelde kolom) maar veranderd; de oude waarde "
                            "blijft staan.",
                            "Not asked (locked column) but changed; the old value stays."))
                    continue
                if same(old, new) or (kind == "monitoring" and new is None):
                    continue
                changes.append(Change(pid, park.name, name, old, new, out.file, mark.party,
                                      "change"))
                jump = _jump(name, old, new)
                if jump:
                    jumps.append((pid, Problem(out.file, spec.nl, r, spec.col(name).nl,
                                               str(new), jump[0], jump[1], "warning")))
    # two files for one park: when they give the same values, the first one counts; when
    # they differ, the analyst chooses the file
    disputed: set[str] = set()
    for pid, by_file in given.items():
        values = list(by_file.values())
        if len(values) > 1 and any(not all(same(a, b) for a, b in zip(v, values[0],
                                                                        strict=True))
                                   for v in values[1:]):
            disputed.add(pid)
    first = {pid: names[0] for pid, names in covered.items()}
    agreed = {pid for pid, names in covered.items() if len(names) > 1} - disputed
    changes = [c for c in changes if c.park_id not in agreed or c.file == first[c.park_id]]
    warnings = [w for pid, w in jumps if pid not in agreed or w.file == first[pid]]
    if disputed:
        changes = [
            Change(c.park_id, c.park_name, c.field, c.old, c.new, c.file, c.party,
                   "conflict_files",
                   "Twee bestanden leveren een waarde voor dit terrein; kies het bestand.",
                   "Two files supply a value for this park; choose the file.")
            if c.status == "change" and c.park_id in disputed else c
            for c in changes]
    wanted = list(round_parks) if round_parks is not None else list(parks)
    missing = [(pid, parks[pid].name, party_of(parks[pid], by or "municipality")[1])
               for pid in wanted if pid in parks and pid not in covered]
    return MergeReport(round_id=current, kind=kind, round_label=label,
                       files=[o for o, _l in checked], changes=changes, missing=missing,
                       warnings=warnings, records=records,
                       covered={p: list(v) for p, v in covered.items()})


def _old_value(kind: str, park: Any, name: str, monitoring: Monitoring | None) -> Any:
    if kind == "parks":
        return getattr(park, name)
    latest = monitoring.latest(park.park_id, name) if monitoring else None
    if latest is not None:
        return latest[0]
    return getattr(park, name, None)


# -- accepting -------------------------------------------------------------------------------


@dataclass
class Merged:
    scenario: Scenario
    monitoring: Monitoring | None
    provenance: Provenance
    sources: list[ValueSource]  # what this merge supplied
    parks: list[str]  # the parks taken


def apply_merge(scenario: Scenario, report: MergeReport, *,
                accept: Iterable[str] | None = None, choose: dict[str, str] | None = None,
                monitoring: Monitoring | None = None, provenance: Provenance | None = None,
                now: _dt.datetime | None = None) -> Merged:
    """The accepted parks (`accept`: park ids; None = every park without a conflict between
    files) taken into the data; `choose` names the file for a park two files returned."""
    choose = dict(choose or {})
    disputed = report.conflict_parks()
    proposed = report.parks() if report.kind == "parks" else list(report.records)
    wanted = list(proposed) if accept is None else [p for p in accept if p in proposed]
    taken = [p for p in wanted if p not in disputed or p in choose]
    outcomes = {f.file: f for f in report.used_files}
    moment = (now or _dt.datetime.now(_dt.UTC)).replace(microsecond=0).isoformat()
    sources: list[ValueSource] = []

    def source(c_pid: str, name: str, value: Any, previous: Any, file: str) -> ValueSource:
        o = outcomes[file]
        assert o.mark is not None
        return ValueSource(
            park_id=c_pid, field=name, value=value, previous=previous,
            round_id=report.round_id, kind=report.kind, round_label=report.round_label,
            file=file, file_sha256=o.sha256, party=o.mark.party,
            party_kind=PARTY_KIND_NL[o.mark.party_kind], supplied_at=o.supplied_at,
            merged_at=moment)

    def from_file(pid: str, file: str) -> bool:
        return (choose.get(pid) or file) == file

    new_monitoring = monitoring
    if report.kind == "parks":
        updates: dict[str, dict[str, Any]] = {}
        for c in report.changes:
            if c.status == "not_asked" or c.park_id not in taken or not from_file(c.park_id,
                                                                                   c.file):
                continue
            updates.setdefault(c.park_id, {})[c.field] = c.new
            sources.append(source(c.park_id, c.field, c.new, c.old, c.file))
        parks = [p.model_copy(update=updates[p.park_id]).model_dump() if p.park_id in updates
                 else p.model_dump() for p in scenario.parks]
        new_scenario = scenario.with_changes(parks=parks)
    else:
        new_scenario = scenario
        asked: dict[str, set[str]] = {f.file: set(f.mark.fields) for f in report.used_files
                                      if f.mark is not None}
        added: list[MonitoringRecord] = []
        for pid in taken:
            by_file = report.records.get(pid, {})
            file = choose.get(pid) or next(iter(by_file), None)
            if file is None or file not in by_file:
                continue
            rec = by_file[file]
            keep = {k: (getattr(rec, k) if k in asked[file] else None)
                    for k in type(rec).model_fields
                    if k not in ("park_id", "round_date", "year_only")}
            added.append(rec.model_copy(update=keep))
            for name, value in keep.items():
                if value is not None:
                    old = _old_value("monitoring", _ParkRef(pid), name, monitoring)
                    sources.append(source(pid, name, value, old, file))
        base = monitoring or Monitoring()
        keys = {(r.park_id, r.round_date) for r in added}
        rounds = [r for r in base.rounds if (r.park_id, r.round_date) not in keys] + added
        new_monitoring = Monitoring(rounds=tuple(rounds), realisation=base.realisation)
    prov = (provenance or Provenance()).updated(sources)
    return Merged(scenario=new_scenario, monitoring=new_monitoring, provenance=prov,
                  sources=sources, parks=taken)


@dataclass(frozen=True)
class _ParkRef:
    park_id: str
