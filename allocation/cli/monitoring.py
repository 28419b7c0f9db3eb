"""`python -m allocation replan|factsheets|rollforward ...` (registered from cli.build_parser).

    replan FILE [--output OUT.xlsx] [--json] [--time-limit S]
    factsheets FILE OUTDIR [--region R]
    rollforward FILE OUT.xlsx

Exit codes as `solve`: 0 done, 2 input error (also an unknown region), 3 infeasible (with the
diagnosis), 4 no allocation within the time limit, 1 anything else.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.cli.common import time_limit
from allocation.domain import BilingualError, LoadedWorkbook, WorkbookError


def register(sub: Any) -> None:
    p = sub.add_parser("replan", help="plan de resterende jaren opnieuw na monitoring")
    p.add_argument("file", help="het werkboek (.xlsx) met bladen monitoring/realisatie")
    p.add_argument("--output", help="schrijf het resultatenwerkboek van de herplanning (.xlsx)")
    p.add_argument("--json", action="store_true", help="één JSON-object op stdout")
    p.add_argument("--time-limit", type=time_limit, default=60.0,
                   help="seconden per berekening (plan en herplanning; standaard 60; minimaal "
                        "0,1)")
    p.set_defaults(func=cmd_replan)
    p = sub.add_parser("factsheets", help="factsheets (pdf) en regiowerkmappen per regio")
    p.add_argument("file", help="het werkboek (.xlsx)")
    p.add_argument("outdir", help="map voor de bestanden")
    p.add_argument("--region", help="alleen deze regio")
    p.set_defaults(func=cmd_factsheets)
    p = sub.add_parser("rollforward", help="werkboek voor het volgende jaar uit de laatste ronde")
    p.add_argument("file", help="het werkboek (.xlsx)")
    p.add_argument("out", help="het nieuwe werkboek (.xlsx)")
    p.set_defaults(func=cmd_rollforward)


def _read(path: Path, as_json: bool = False) -> LoadedWorkbook | int:
    from allocation.cli.common import EXIT_INPUT, input_error_json, print_issues, print_json
    from allocation.workbook import read_workbook

    try:
        return read_workbook(path)
    except WorkbookError as err:
        if as_json:
            print_json(input_error_json(err))
        else:
            print_issues(f"{fmt.count(len(err.issues), 'probleem', 'problemen')} in {path}:", err.issues)
        return EXIT_INPUT


def cmd_replan(args: argparse.Namespace) -> int:
    from allocation.cli.common import exit_code, print_json, result_json, result_reasons
    from allocation.monitoring.replan import replan, replan_workbook

    loaded = _read(Path(args.file), args.json)
    if isinstance(loaded, int):
        return loaded
    rp = replan(loaded.scenario, loaded.monitoring, args.time_limit)
    if args.output and rp.result.has_allocation:
        replan_workbook(rp, Path(args.output))
    if args.json:
        out = result_json(rp.updated, rp.result)
        out.update({
            "fixed_years": rp.fixed_years,
            "plan_objective": rp.plan.objective,
            "park_data_changes": [vars(c) for c in rp.changes],
            "evaluation_violations": ([v.message_en for v in rp.evaluation.violations]
                                      if rp.evaluation else None),
            "realised_facts": [v.message_en for v in rp.realised_facts],
            "moves": [{k: (float(v) if isinstance(v, float) else v) for k, v in row.items()
                       if not k.endswith("_nl")}
                      for row in rp.moves.to_dict(orient="records")],
        })
        print_json(out, result_reasons(rp.result))
    else:
        if loaded.monitoring is None or loaded.monitoring.is_empty:
            print("Geen monitoringgegevens: de herplanning is gelijk aan de verdeling.")
        done = ", ".join(str(y) for y in rp.fixed_years) or "geen"
        print(f"Gerealiseerde jaren (vast): {done}; terreingegevens gewijzigd door monitoring: "
              f"{len(rp.changes)}.")
        print(rp.message_nl)
        if rp.result.has_allocation:
            print(f"Waardepunten: herplanning {fmt.num(rp.result.objective, 1)}, "
                  f"oorspronkelijk plan {fmt.num(rp.plan.objective, 1)}.")
            moved = rp.moves[rp.moves["change_eur"].abs() > 0.5].head(10)
            if len(moved):
                print("Grootste verschuivingen in de resterende jaren:")
            for r in moved.itertuples(index=False):
                print(f"  {r.park_id} {r.name}: {fmt.eur(r.planned_rest_eur)} → "
                      f"{fmt.eur(r.replanned_rest_eur)} ({fmt.eur(r.change_eur, signed=True)})"
                      + (f"; {r.why_nl}" if r.why_nl else ""))
        if rp.result.diagnosis:
            for finding in rp.result.diagnosis.findings:
                print(f"  - {finding.message_nl}")
        if args.output and rp.result.has_allocation:
            print(f"Resultaten geschreven: {args.output}")
    return exit_code(rp.result)


def cmd_factsheets(args: argparse.Namespace) -> int:
    from allocation.cli.common import EXIT_INPUT, EXIT_OK, exit_code
    from allocation.monitoring.factsheets import write_factsheets
    from allocation.monitoring.regions import Programme, region_names
    from allocation.monitoring.replan import replan

    loaded = _read(Path(args.file))
    if isinstance(loaded, int):
        return loaded
    names = region_names(loaded.scenario)
    if args.region is not None and args.region not in names:
        print(f"Onbekende regio '{args.region}'. Regio's in dit werkboek: {', '.join(names)}.")
        return EXIT_INPUT
    rp = replan(loaded.scenario, loaded.monitoring)
    if not rp.plan.has_allocation:
        print(rp.plan.message_nl)
        return exit_code(rp.plan)
    written = write_factsheets(Programme(loaded.scenario, loaded.monitoring, rp), args.outdir,
                               args.region)
    pdfs = sum(1 for p in written if p.suffix == ".pdf")
    print(f"{fmt.count(pdfs, 'factsheet', 'factsheets')} en "
          f"{fmt.count(len(written) - pdfs, 'regiowerkmap', 'regiowerkmappen')} geschreven in "
          f"{args.outdir}.")
    return EXIT_OK


def cmd_rollforward(args: argparse.Namespace) -> int:
    from allocation.cli.common import EXIT_INPUT, EXIT_OK
    from allocation.monitoring.rollforward import roll_forward, write_rolled_forward

    loaded = _read(Path(args.file))
    if isinstance(loaded, int):
        return loaded
    try:
        write_rolled_forward(loaded.scenario, loaded.monitoring, Path(args.out))
    except BilingualError as err:
        print(err.message_nl)
        return EXIT_INPUT
    new, _kept, notes = roll_forward(loaded.scenario, loaded.monitoring)
    for note in notes:
        print(note.message_nl)
    print(f"Werkboek voor {new.years[0]}–{new.years[-1]} geschreven: {args.out}")
    return EXIT_OK
