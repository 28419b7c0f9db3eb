"""`python -m allocation scenarios ...`: save, list, show, export, compare and decide.

    scenarios save FILE --name NAME [--author A] [--note N]   validate, solve, store; prints the id
    scenarios list [--json] [--all] [--deleted]               latest version per name (or all)
    scenarios show ID [--json]
    scenarios export ID OUT.xlsx                              results workbook, re-solved
    scenarios delete ID [--all-versions] / restore ID [--all-versions]
    scenarios rename ID NEW_NAME
    scenarios compare ID ID [ID [ID]] [--output OUT.xlsx] [--lang en] [--json]
    scenarios compare A B --explain [--many merge|sample] [--json]   which change moved the money
    scenarios decide ID --rationale TEXT [--author A]         log a decision
    scenarios decisions [--output OUT.xlsx] [--json]          the decision log (minutes)
    scenarios audit [ID] [--output OUT.xlsx] [--json]         who did what when (append-only)
    scenarios backup OUT / restore-backup FILE                portable backup (into an empty db)

Every command takes `--db URL` (else DRAAGKRACHT_DATABASE_URL, else the default file).
Who acts is `--author` where a command has it, else the operating-system account; the CLI is
an administrator's tool (it needs the database itself), so it is not limited by the app's roles.
Output paths are checked before any solve, and files are written whole or not at all.
Exit codes as for `solve` (allocation.cli.common): 0 done, 2 input error (a workbook problem, an
unknown id, an empty name, a store that cannot be used), 3 infeasible, 4 no allocation within
the time limit (not saved), 1 anything else. An infeasible scenario *is*
saved (with its status: the finding is worth keeping) and `save` then exits 3; a scenario whose
computation failed (status "error") is not saved.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_OTHER,
    NO_PLAN_EN,
    exit_code,
    no_plan,
    print_json,
    time_limit,
)
from allocation.compare.labels import person_label
from allocation.domain import InputIssue, WorkbookError

STATUS_NL = {"optimal": "optimaal", "infeasible": "onhaalbaar",
             "time_limit": "tijdslimiet (niet bewezen optimaal)", "error": "fout"}


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _print_issues(title: str, issues: list[InputIssue]) -> None:
    if issues:
        print(title, file=sys.stderr)
        for issue in issues:
            print(f"  - {issue.render('nl')}", file=sys.stderr)


def _identity(args: argparse.Namespace) -> str:
    """Who acts: `--author` where the command has it, else the operating-system account."""
    given = (getattr(args, "author", "") or "").strip()
    if given:
        return given
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name known for this uid
        return ""


def _output(path: str | None, suffixes: tuple[str, ...] = (".xlsx",)) -> Path | None:
    """Check an output path before any work (raises OutputError, handled by `_guard`)."""
    from allocation.safe_write import check_output

    return check_output(path, suffixes) if path else None


def _store(args: argparse.Namespace) -> Any:
    from allocation.store import open_store

    return open_store(args.db)


def _guard(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Known problems become a sentence and an exit code, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from allocation.compare import CompareError
        from allocation.safe_write import OutputError
        from allocation.store import StoreError

        try:
            return handler(args)
        except (StoreError, OutputError) as err:
            _err(err.message_nl)
            return EXIT_INPUT
        except CompareError as err:
            _err(err.message_nl)
            return EXIT_INPUT
        except WorkbookError as err:
            _print_issues(f"{fmt.count(len(err.issues), 'probleem', 'problemen')} in de invoer:", err.issues)
            return EXIT_INPUT
        except OSError as err:
            from allocation.cli.common import PATH_ERRORS, os_error_message

            _err(os_error_message(err))
            return EXIT_INPUT if err.errno in PATH_ERRORS else EXIT_OTHER

    run.__doc__ = handler.__doc__
    return run


def _meta_json(meta: Any) -> dict[str, Any]:
    return {
        "id": meta.id, "name": meta.name, "version": meta.version, "author": meta.author,
        "note": meta.note, "created_at": meta.created_at.isoformat(),
        "content_hash": meta.content_hash, "status": meta.status,
        "deleted": meta.deleted,
        "deleted_at": meta.deleted_at.isoformat() if meta.deleted_at else None,
        "summary": meta.summary,
    }


def _failed_json(result: Any, **about: Any) -> None:
    """The JSON object for a computation without an allocation: status "time_limit" (exit 4)
    when the time limit came first, else "error"."""
    late = no_plan(result)
    print_json({"status": "time_limit" if late else "error", **about,
                "message": result.message_en, "allocation": None,
                "reason": NO_PLAN_EN if late else result.message_en})


# -- commands ------------------------------------------------------------------------------------


def cmd_save(args: argparse.Namespace) -> int:
    from allocation.pipeline import solve
    from allocation.store import clean_name, result_summary
    from allocation.workbook import read_workbook

    path = Path(args.file)
    try:
        loaded = read_workbook(path)
    except WorkbookError as err:
        _print_issues(f"{fmt.count(len(err.issues), 'probleem', 'problemen')} in {args.file}:", err.issues)
        return EXIT_INPUT
    _print_issues("Waarschuwingen:", loaded.warnings)
    with _store(args) as store:  # before solving: a bad name or store fails fast
        clean_name(args.name)
        result = solve(loaded.scenario, time_limit_s=args.time_limit)
        if result.status == "error":
            _err(f"Niet opgeslagen: {result.message_nl}")
            if args.json:
                _failed_json(result, saved=False)
            return exit_code(result)
        saved = store.save(loaded.scenario, result_summary(result), args.name,
                           author=_identity(args), note=args.note)
    if args.json:
        print_json(_meta_json(saved))
    else:
        print(saved.id)
        print(f"Opgeslagen als '{saved.name}' versie {saved.version} (id {saved.id}); "
              f"uitkomst: {STATUS_NL.get(result.status, result.status)}.", file=sys.stderr)
        if result.diagnosis:
            for finding in result.diagnosis.findings:
                print(f"  - {finding.message_nl}", file=sys.stderr)
    return exit_code(result)


def cmd_list(args: argparse.Namespace) -> int:
    with _store(args) as store:
        rows = store.list(include_deleted=args.deleted, all_versions=args.all)
    for problem in rows.skipped:  # shown, never silently dropped
        _err(f"Let op: {problem.message_nl}")
    if args.json:
        print_json([_meta_json(m) for m in rows])
        return EXIT_OK
    if not rows:
        print("Nog geen opgeslagen scenario's.")
        return EXIT_OK
    print(f"{'id':>5}  {'naam':<30} {'versie':>6}  {'uitkomst':<12} {'waardepunten':>14} "
          f"{'toegekend':>16}  {'opgeslagen':<16}  auteur")
    for m in rows:
        s = m.summary
        flag = "  [verwijderd]" if m.deleted else ""
        print(f"{m.id:>5}  {m.name[:30]:<30} {m.version:>6}  "
              f"{STATUS_NL.get(m.status, m.status)[:12]:<12} {fmt.num(s.get('objective'), 4):>14} "
              f"{fmt.eur(s.get('allocated_public_eur')):>16}  {_local(m.created_at):<16}  "
              f"{person_label(m.author)}{flag}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with _store(args) as store:
        saved = store.get(args.id)
    sc = saved.scenario
    if args.json:
        data = _meta_json(saved)
        data["input"] = {"source": sc.source, "parks": len(sc.parks),
                         "categories": [c.category for c in sc.categories],
                         "years": sc.years, "budget_eur": {str(y): b for y, b in
                                                           sc.budgets.items()}}
        print_json(data)
        return EXIT_OK
    s = saved.summary
    lines = [
        f"Scenario {saved.id}: {saved.name} (versie {saved.version})"
        + ("  [verwijderd]" if saved.deleted else ""),
        f"Opgeslagen: {_local(saved.created_at)}" + (f" door {person_label(saved.author)}" if saved.author
                                                      else ""),
        f"Notitie: {saved.note}" if saved.note else "",
        f"Invoer: {sc.source or '–'}; {len(sc.parks)} terreinen, {len(sc.categories)} "
        f"categorieën, {sc.years[0]}–{sc.years[-1]}, budget {fmt.eur(sum(sc.budgets.values()))}",
        f"Vingerafdruk invoer: {saved.content_hash[:16]}",
        f"Uitkomst: {STATUS_NL.get(saved.status, saved.status)}",
        f"Waardepunten: {fmt.num(s.get('objective'), 4)}; toegekend: "
        f"{fmt.eur(s.get('allocated_public_eur'))}; niet toegekend: "
        f"{fmt.eur(s.get('unallocated_eur'))}; privaat: {fmt.eur(s.get('private_eur'))}",
        f"Terreinen met geld: {s.get('parks_funded', '–')} van {s.get('parks_total', '–')}",
    ]
    print("\n".join(line for line in lines if line))
    for row in s.get("by_year") or []:
        print(f"  {row.get('year')}: {fmt.eur(row.get('public_eur'))} van "
              f"{fmt.eur(row.get('budget_eur'))}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from allocation.pipeline import solve
    from allocation.safe_write import write_atomically
    from allocation.workbook import write_results

    out = _output(args.out)
    assert out is not None
    with _store(args) as store:
        saved = store.get(args.id)
    result = solve(saved.scenario, time_limit_s=args.time_limit)
    if not result.has_allocation:
        _err(f"Geen resultatenwerkboek: {result.message_nl}")
        if result.diagnosis:
            for finding in result.diagnosis.findings:
                _err(f"  - {finding.message_nl}")
        return exit_code(result) or EXIT_OTHER
    write_atomically(out, write_results(saved.scenario, result))
    before = saved.summary.get("objective")
    if isinstance(before, int | float) and result.objective is not None:
        if abs(result.objective - before) > 1e-6 * max(1.0, abs(before)):
            _err(f"Let op: de herberekening geeft {fmt.num(result.objective, 4)} waardepunten, "
                 f"bij het opslaan was dat {fmt.num(before, 4)} (andere versie van de app?).")
    print(f"Resultaten van scenario {saved.id} ('{saved.name}' v{saved.version}) geschreven: "
          f"{args.out}")
    return EXIT_OK


def _set_deleted(args: argparse.Namespace, delete: bool) -> int:
    with _store(args) as store:
        meta = (store.delete if delete else store.restore)(
            args.id, all_versions=args.all_versions, actor=_identity(args))
    what = "alle versies van" if args.all_versions else "versie"
    done = "verwijderd (herstellen kan)" if delete else "hersteld"
    print(f"Scenario {meta.id}: {what} '{meta.name}' v{meta.version} {done}.")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    return _set_deleted(args, True)


def cmd_restore(args: argparse.Namespace) -> int:
    return _set_deleted(args, False)


def cmd_rename(args: argparse.Namespace) -> int:
    with _store(args) as store:
        meta = store.rename(args.id, args.new_name, actor=_identity(args))
    print(f"Scenario {meta.id} heet nu '{meta.name}' (alle versies).")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from allocation.compare import MAX_SCENARIOS, MIN_SCENARIOS, compare, write_comparison
    from allocation.pipeline import solve

    if not MIN_SCENARIOS <= len(args.ids) <= MAX_SCENARIOS:  # before any solve
        _err(f"Kies 2 tot 4 scenario's om te vergelijken (nu {len(args.ids)}).")
        return EXIT_INPUT
    from allocation.cli import attribution as attribution_cli  # issue 23: --explain

    if attribution_cli.refusal(args):
        _err(str(attribution_cli.refusal(args)))
        return EXIT_INPUT
    out = _output(args.output)
    with _store(args) as store:
        saved = [store.get(i) for i in args.ids]
    entries = []
    for s in saved:
        result = solve(s.scenario, time_limit_s=args.time_limit)
        if result.status == "error":
            _err(f"Scenario {s.id} kon niet worden berekend: {result.message_nl}")
            if args.json:
                _failed_json(result, scenario_id=s.id)
            return exit_code(result)
        entries.append((s.label, s.scenario, result))
    comparison = compare(entries, top_n=args.top)
    explained = attribution_cli.explain(args, entries) if args.explain else None
    if out is not None:
        from allocation.compare import write_comparison_explained
        from allocation.safe_write import write_atomically

        write_atomically(out, write_comparison_explained(comparison, explained.sheet,
                                                         lang=args.lang)
                         if explained is not None and explained.sheet is not None
                         else write_comparison(comparison, lang=args.lang))
    if args.json:
        print_json({
            "labels": comparison.labels,
            "kpis": comparison.kpis.to_dict(orient="records"),
            "shifts": comparison.shifts.to_dict(orient="records"),
            "assumptions": comparison.assumptions.to_dict(orient="records"),
            **(explained.json if explained is not None else {}),
        }, {"kpis": "this figure does not exist for this scenario (for example no shadow "
                    "price without a proven optimum, or a ratio without public money)",
            "shifts": "no value for this park in this scenario",
            "assumptions": "this assumption has no value in this scenario"})
        return EXIT_OK if explained is None or not explained.failed else EXIT_OTHER
    table, kinds = comparison.display("kpis", args.lang)
    print(_text_table(table, kinds, list(comparison.kpis["kind"])))
    if len(comparison.shifts):
        print("\nGrootste verschuivingen:" if args.lang != "en" else "\nLargest shifts:")
        shifts, kinds = comparison.display("shifts", args.lang)
        print(_text_table(shifts, kinds, None))
    if explained is not None:
        print("\n".join(explained.lines))
    if args.output:
        print(f"\nVergelijking geschreven: {args.output}")
    return EXIT_OK if explained is None or not explained.failed else EXIT_OTHER


def _text_table(df: Any, kinds: list[str], row_kinds: list[str] | None) -> str:
    """A display table as aligned text with Dutch number formats (in English too)."""
    def cell(value: Any, kind: str) -> str:
        missing = value is None or (isinstance(value, float) and value != value)
        return "–" if missing else fmt.by_kind(value, kind)

    rows = [[str(h) for h in df.columns]]
    for r, rec in enumerate(df.itertuples(index=False)):
        rows.append([cell(v, row_kinds[r] + k[3:] if k.startswith("row") and row_kinds else k)
                     for v, k in zip(rec, kinds, strict=True)])
    widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c.ljust(w) if j == 0 or kinds[j] in ("text", "wide") else c.rjust(w)
                 for j, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_decide(args: argparse.Namespace) -> int:
    with _store(args) as store:
        decision = store.log_decision(args.id, args.rationale, author=_identity(args))
    print(f"Besluit {decision.id} vastgelegd: scenario '{decision.scenario_name}' "
          f"v{decision.scenario_version} (id {decision.scenario_id}).")
    return EXIT_OK


def cmd_decisions(args: argparse.Namespace) -> int:
    from allocation.compare import write_decision_log
    from allocation.safe_write import write_atomically

    out = _output(args.output)
    with _store(args) as store:
        log = store.decisions()
    for problem in log.skipped:
        _err(f"Let op: {problem.message_nl}")
    if out is not None:
        write_atomically(out, write_decision_log(log))
    if args.json:
        print_json([{
            "id": d.id, "created_at": d.created_at.isoformat(), "scenario_id": d.scenario_id,
            "scenario_name": d.scenario_name, "scenario_version": d.scenario_version,
            "rationale": d.rationale, "author": d.author, "kpis": d.kpis,
        } for d in log])
        return EXIT_OK
    if not log:
        print("Nog geen besluiten vastgelegd.")
    for d in log:
        print(f"{_local(d.created_at)}  '{d.scenario_name}' v{d.scenario_version} "
              f"(id {d.scenario_id})  {person_label(d.author)}: {d.rationale}")
    if args.output:
        print(f"Besluitenlijst geschreven: {args.output}")
    return EXIT_OK


AUDIT_NL = {"save": "opgeslagen", "rename": "hernoemd", "delete": "verwijderd",
            "restore": "hersteld", "decide": "besluit", "restore-backup": "reservekopie terug"}


def cmd_audit(args: argparse.Namespace) -> int:
    from allocation.compare import write_audit_log
    from allocation.safe_write import write_atomically

    out = _output(args.output)
    with _store(args) as store:
        entries = store.audit(args.id)
    if out is not None:
        write_atomically(out, write_audit_log(entries))
    if args.json:
        print_json([{
            "id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
            "scenario_id": e.scenario_id, "scenario_name": e.scenario_name,
            "scenario_version": e.scenario_version, "detail": e.detail,
        } for e in entries])
        return EXIT_OK
    if not entries:
        print("Het logboek is leeg.")
    for e in entries:
        what = f"'{e.scenario_name}' v{e.scenario_version} (id {e.scenario_id})" \
            if e.scenario_id is not None else ""
        print(f"{_local(e.at)}  {person_label(e.actor)}: {AUDIT_NL.get(e.action, e.action)} {what}"
              .rstrip())
    if out is not None:
        print(f"Logboek geschreven: {out}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    out = _output(args.out, ())
    assert out is not None
    with _store(args) as store:
        counts = store.backup(out)
    print(f"Reservekopie geschreven: {out} ({counts['scenarios']} scenarioversies, "
          f"{counts['decisions']} besluiten, {counts['audit_log']} logregels).")
    return EXIT_OK


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from allocation.store import read_backup

    read_backup(args.file)  # a damaged file is refused before the database is opened
    with _store(args) as store:
        counts = store.restore_backup(args.file, actor=_identity(args))
    print(f"Reservekopie teruggezet in {store.where}: {counts['scenarios']} scenarioversies, "
          f"{counts['decisions']} besluiten, {counts['audit_log']} logregels.")
    return EXIT_OK


# -- wiring --------------------------------------------------------------------------------------


def _scenario_id(text: str) -> int:
    from allocation.store import MAX_ID

    shown = text if len(text) <= 24 else text[:20] + "…"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"geen geldig scenario-id: {shown!r} (een id is een geheel getal, zie "
            "'scenarios list')") from None
    if not 0 < value <= MAX_ID:
        raise argparse.ArgumentTypeError(
            f"er is geen opgeslagen scenario met id {shown} (ids lopen van 1 tot {MAX_ID}; "
            "zie 'scenarios list')")
    return value


def register(sub: Any) -> None:
    """Add the `scenarios` command (with its own subcommands) to the CLI's subparsers."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=None,
                        help="SQLAlchemy-URL van de scenariodatabase (anders "
                             "DRAAGKRACHT_DATABASE_URL of het standaardbestand)")
    timed = argparse.ArgumentParser(add_help=False)
    timed.add_argument("--time-limit", type=time_limit, default=60.0,
                       help="seconden per berekening (standaard 60; minimaal 0,1)")

    parser = sub.add_parser("scenarios", help="opgeslagen scenario's en besluiten")
    cmds = parser.add_subparsers(dest="scenarios_command", required=True)

    p = cmds.add_parser("save", parents=[common, timed],
                        help="werkboek controleren, doorrekenen en opslaan")
    p.add_argument("file")
    p.add_argument("--name", required=True, help="naam (bestaat die al: nieuwe versie)")
    p.add_argument("--author", default="",
                   help="wie opslaat (standaard de gebruikersnaam van dit account)")
    p.add_argument("--note", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_guard(cmd_save))

    p = cmds.add_parser("list", parents=[common], help="opgeslagen scenario's")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="alle versies, niet alleen de laatste")
    p.add_argument("--deleted", action="store_true", help="ook verwijderde scenario's")
    p.set_defaults(func=_guard(cmd_list))

    p = cmds.add_parser("show", parents=[common], help="één scenario")
    p.add_argument("id", type=_scenario_id)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_guard(cmd_show))

    p = cmds.add_parser("export", parents=[common, timed],
                        help="resultatenwerkboek (opnieuw doorgerekend)")
    p.add_argument("id", type=_scenario_id)
    p.add_argument("out")
    p.set_defaults(func=_guard(cmd_export))

    for name, func, text in (("delete", cmd_delete, "verwijderen (herstellen kan)"),
                             ("restore", cmd_restore, "verwijderd scenario herstellen")):
        p = cmds.add_parser(name, parents=[common], help=text)
        p.add_argument("id", type=_scenario_id)
        p.add_argument("--all-versions", action="store_true",
                       help="alle versies met dezelfde naam")
        p.set_defaults(func=_guard(func))

    p = cmds.add_parser("rename", parents=[common], help="andere naam (alle versies)")
    p.add_argument("id", type=_scenario_id)
    p.add_argument("new_name")
    p.set_defaults(func=_guard(cmd_rename))

    p = cmds.add_parser("compare", parents=[common, timed],
                        help="2 tot 4 scenario's vergelijken (de eerste is de referentie)")
    p.add_argument("ids", type=_scenario_id, nargs="+")
    p.add_argument("--output", help="schrijf de vergelijking (.xlsx)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--top", type=int, default=10, help="aantal grootste verschuivingen")
    p.add_argument("--json", action="store_true")
    from allocation.cli.attribution import add_arguments as add_explain

    add_explain(p)  # --explain, --many, --samples (issue 23)
    p.set_defaults(func=_guard(cmd_compare))

    p = cmds.add_parser("decide", parents=[common], help="besluit vastleggen")
    p.add_argument("id", type=_scenario_id)
    p.add_argument("--rationale", required=True, help="motivering")
    p.add_argument("--author", default="",
                   help="wie het besluit vastlegt (standaard de gebruikersnaam van dit account)")
    p.set_defaults(func=_guard(cmd_decide))

    p = cmds.add_parser("decisions", parents=[common], help="besluitenlijst")
    p.add_argument("--output", help="schrijf de besluitenlijst (.xlsx)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_guard(cmd_decisions))

    p = cmds.add_parser("audit", parents=[common],
                        help="logboek: wie wat wanneer deed (opslaan, hernoemen, verwijderen, "
                             "herstellen, besluiten)")
    p.add_argument("id", type=_scenario_id, nargs="?", help="alleen dit scenario")
    p.add_argument("--output", help="schrijf het logboek (.xlsx)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_guard(cmd_audit))

    p = cmds.add_parser("backup", parents=[common],
                        help="reservekopie van alle scenario's, besluiten en het logboek")
    p.add_argument("out")
    p.set_defaults(func=_guard(cmd_backup))

    p = cmds.add_parser("restore-backup", parents=[common],
                        help="reservekopie terugzetten in een lege database")
    p.add_argument("file")
    p.set_defaults(func=_guard(cmd_restore_backup))
