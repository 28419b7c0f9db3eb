"""`python -m allocation request make|merge ...` (registered from cli.build_parser).

    request make FILE.xlsx OUTDIR --by municipality|organisation|region [--fields F,G]
                 [--kind parks|monitoring] [--due DATE] [--contact TEXT] [--round-date DATE]
    request merge FILE.xlsx RETURNS... --output MERGED.xlsx [--json] [--round CODE]
                  [--kind parks|monitoring] [--accept all|P1,P2] [--choose PARK=FILE]

`make` writes one request workbook per party and `uitvraag.json` (what was sent) into OUTDIR.
`merge` checks every return on its own, prints the merge report, and writes the input
workbook with the accepted values and sheet `herkomst` (the provenance of every supplied
value). Every file is written whole or not at all (safe_write).

Exit codes: 0 done (every return used), 2 input error: the workbook or an option is wrong, no
return could be used, or a return was refused (the usable ones are still merged and written),
1 anything else.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.cli.common import EXIT_INPUT, EXIT_OK, print_json
from allocation.domain import BilingualError, InputIssue, LoadedWorkbook, WorkbookError


def _date(text: str) -> _dt.date:
    """argparse type: 2027-03-15 or 15-03-2027."""
    t = text.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return _dt.datetime.strptime(t, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"geen datum: {text!r} (bijvoorbeeld 15-03-2027)")


def register(sub: Any) -> None:
    p = sub.add_parser("request", help="uitvraag aan gemeenten en parkorganisaties: maken en "
                                       "samenvoegen")
    rs = p.add_subparsers(dest="request_command", required=True)
    m = rs.add_parser("make", help="maak één uitvraagwerkboek per partij")
    m.add_argument("file", help="het werkboek (.xlsx) met de huidige gegevens")
    m.add_argument("outdir", help="map voor de uitvraagwerkboeken")
    m.add_argument("--by", required=True, choices=["municipality", "organisation", "region"],
                   help="één werkboek per gemeente, parkorganisatie of regio")
    m.add_argument("--fields", nargs="+", help="de gevraagde velden (standaard per partij)")
    m.add_argument("--kind", choices=["parks", "monitoring"], default="parks",
                   help="terreingegevens (standaard) of een monitoringsronde")
    m.add_argument("--due", type=_date, help="uiterste datum voor het terugsturen")
    m.add_argument("--contact", default="", help="aan wie het terug moet (naam, e-mail)")
    m.add_argument("--round-date", type=_date, help="monitoring: datum van de ronde")
    m.set_defaults(func=cmd_make)
    g = rs.add_parser("merge", help="voeg de teruggestuurde uitvraagwerkboeken samen")
    g.add_argument("file", help="het werkboek (.xlsx) met de huidige gegevens")
    g.add_argument("returns", nargs="+", help="de teruggestuurde werkboeken")
    g.add_argument("--output", required=True, help="het samengevoegde werkboek (.xlsx)")
    g.add_argument("--json", action="store_true", help="één JSON-object op stdout")
    g.add_argument("--round", help="de rondecode (standaard: de ronde bij deze gegevens)")
    g.add_argument("--kind", choices=["parks", "monitoring"], default="parks")
    g.add_argument("--accept", default="all",
                   help="'all' (standaard: elk terrein zonder conflict) of terrein-ids, "
                        "gescheiden door komma's")
    g.add_argument("--choose", action="append", default=[],
                   help="PARK=BESTAND: bij twee bestanden voor één terrein, welk telt")
    g.set_defaults(func=cmd_merge)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _print_issues(title: str, issues: list[InputIssue]) -> None:
    print(title, file=sys.stderr)
    for issue in issues:
        print(f"  - {issue.render('nl')}", file=sys.stderr)


def _read(path: Path) -> LoadedWorkbook | None:
    from allocation.workbook import read_workbook

    try:
        return read_workbook(path)
    except WorkbookError as err:
        _print_issues(f"{fmt.count(len(err.issues), 'probleem', 'problemen')} in {path}:", err.issues)
        return None


def cmd_make(args: argparse.Namespace) -> int:
    from allocation.request.make import RequestError, make_requests
    from allocation.safe_write import OutputError, check_output, write_atomically

    outdir = Path(args.outdir).expanduser()
    if not outdir.is_dir():
        _err(f"De map {outdir} bestaat niet; maak die eerst.")
        return EXIT_INPUT
    loaded = _read(Path(args.file))
    if loaded is None:
        return EXIT_INPUT
    try:
        rnd = make_requests(loaded.scenario, args.by, args.fields, kind=args.kind, due=args.due,
                            contact=args.contact, monitoring=loaded.monitoring,
                            round_date=args.round_date)
        targets = [check_output(outdir / f.name, (".xlsx",)) for f in rnd.files]
        manifest = check_output(outdir / "uitvraag.json", (".json",))
    except RequestError as err:
        _err(err.message_nl)
        return EXIT_INPUT
    except OutputError as err:
        _err(err.message_nl)
        return EXIT_INPUT
    for target, f in zip(targets, rnd.files, strict=True):
        write_atomically(target, f.data)
    write_atomically(manifest, json.dumps(rnd.manifest(), ensure_ascii=False,
                                          indent=2).encode())
    print(f"Uitvraagronde {rnd.round_id}: {len(rnd.files)} werkboeken in {outdir} "
          f"(gevraagd: {', '.join(rnd.fields)}).")
    for f in rnd.files:
        print(f"  - {f.name}: {f.mark.party}, {fmt.count(len(f.mark.parks), 'terrein', 'terreinen')}")
    return EXIT_OK


def _choices(items: list[str]) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for item in items:
        park, sep, file = item.partition("=")
        if not sep or not park.strip() or not file.strip():
            return None
        out[park.strip()] = Path(file.strip()).name
    return out


def cmd_merge(args: argparse.Namespace) -> int:
    from allocation.request.merge import apply_merge, merge_returns
    from allocation.request.provenance import HEADERS_NL, SHEET, read_provenance
    from allocation.safe_write import OutputError, check_output, write_atomically
    from allocation.workbook import write_input_sheets
    from allocation.workbook.results import write_provenance_sheet
    from allocation.workbook.xlsx import new_workbook, save_workbook

    try:
        output = check_output(args.output, (".xlsx",))
    except OutputError as err:
        _err(err.message_nl)
        return EXIT_INPUT
    choose = _choices(args.choose)
    if choose is None:
        _err("--choose verwacht TERREIN=BESTAND, bijvoorbeeld --choose MW001=uitvraag_A.xlsx")
        return EXIT_INPUT
    base_path = Path(args.file)
    loaded = _read(base_path)
    if loaded is None:
        return EXIT_INPUT
    previous = read_provenance(base_path.read_bytes())
    files = []
    for name in args.returns:
        path = Path(name)
        if not path.is_file():
            _err(f"Bestand niet gevonden: {path}")
            return EXIT_INPUT
        files.append((path.name, path.read_bytes()))
    report = merge_returns(loaded.scenario, files, kind=args.kind, round_id=args.round,
                           monitoring=loaded.monitoring, provenance=previous)
    accept = None if args.accept.strip().lower() == "all" else [
        p.strip() for p in args.accept.split(",") if p.strip()]
    try:
        merged = apply_merge(loaded.scenario, report, accept=accept, choose=choose,
                             monitoring=loaded.monitoring, provenance=previous)
    except (BilingualError, ValueError) as err:
        _err(f"De samengevoegde gegevens zijn niet geldig: {err}")
        return EXIT_INPUT
    wb = new_workbook()
    write_input_sheets(wb, merged.scenario, monitoring=merged.monitoring, notes=(
        f"Samengevoegd uit uitvraagronde {report.round_id}; blad {SHEET} zegt per geleverde "
        "waarde wie die leverde, uit welk bestand en wanneer.",))
    write_provenance_sheet(wb, HEADERS_NL, merged.provenance.rows())
    write_atomically(output, save_workbook(wb, None))
    refused = [f for f in report.files if not f.used]
    if args.json:
        out = report.as_dict("en")
        out.update(status="ok" if not refused and report.used_files else "input_error",
                   output=str(output), accepted_parks=merged.parks,
                   values_merged=len(merged.sources))
        print_json(out)
    else:
        _print_report(report, merged, output)
    return EXIT_INPUT if refused or not report.used_files else EXIT_OK


def _shown(value: Any) -> str:
    if value is None:
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _print_report(report: Any, merged: Any, output: Path) -> None:
    print(f"Uitvraagronde {report.round_id or '(onbekend)'}: "
          f"{len(report.used_files)} van {fmt.count(len(report.files), 'bestand', 'bestanden')} gebruikt.")
    for f in report.files:
        state = "gebruikt" if f.used else "GEWEIGERD"
        who = f" ({f.party})" if f.party else ""
        print(f"  - {f.file}{who}: {state}{'. ' + f.reason_nl if f.reason_nl else ''}")
        for p in f.problems:
            where = ", ".join(x for x in (p.sheet, f"rij {p.row}" if p.row else "",
                                          f"kolom {p.column}" if p.column else "") if x)
            value = f" (waarde: {p.value!r})" if p.value is not None else ""
            print(f"      {f.file}: {where}{value}: {p.message_nl}")
    if report.changes:
        print("Wijzigingen (terrein, veld: oud -> nieuw, bestand):")
        for c in report.changes:
            tag = {"change": "", "conflict_files": " [CONFLICT: twee bestanden]",
                   "not_asked": " [CONFLICT: niet gevraagd, niet overgenomen]"}[c.status]
            print(f"  - {c.park_id} {c.park_name}, {c.field}: {_shown(c.old)} -> "
                  f"{_shown(c.new)} ({c.file}){tag}")
    for w in report.warnings:
        print(f"  Waarschuwing: {w.file}, {w.sheet} rij {w.row}, {w.column}: {w.message_nl}")
    if report.missing:
        print(f"Geen antwoord voor {fmt.count(len(report.missing), 'terrein', 'terreinen')}: "
              + ", ".join(f"{p} ({party})" for p, _n, party in report.missing[:20])
              + (" …" if len(report.missing) > 20 else ""))
    print(f"Overgenomen: {fmt.count(len(merged.sources), 'waarde', 'waarden')} van {fmt.count(len(merged.parks), 'terrein', 'terreinen')}. "
          f"Geschreven: {output}")
