"""`scenarios compare A B --explain [--json]`: the attribution of the comparison on the command
line (the options, the JSON object "attribution" and its notes, the lines for people).

    add_arguments(parser)        --explain, --many merge|sample, --samples N
    refusal(args) -> str | None  why --explain cannot run (it explains exactly two scenarios)
    explain(args, entries) -> Explained
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from allocation.analysis import attribution as at
from allocation.analysis import attribution_text as tx
from allocation.analysis.parallel import count_arg
from allocation.domain import Scenario


@dataclass
class Explained:
    attribution: at.Attribution | None
    json: dict[str, Any]  # {"attribution": ... or None, "attribution_notes": ...}
    lines: list[str]
    sheet: tuple[pd.DataFrame, list[str], list[str]] | None = None
    failed: bool = False
    errors: list[str] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--explain", action="store_true",
                        help="verklaar de verschillen: welke wijziging van aannames verschuift "
                             "het geld per terrein (precies twee scenario's)")
    parser.add_argument("--many", choices=list(at.MANY_CHOICES), default="merge",
                        help=f"bij meer dan {at.MAX_EXACT} groepen wijzigingen: samenvoegen "
                             "(merge, standaard) of volgordes trekken (sample)")
    parser.add_argument("--samples", type=count_arg, default=at.DEFAULT_SAMPLES,
                        help=f"aantal volgordes bij --many sample (standaard "
                             f"{at.DEFAULT_SAMPLES})")


def refusal(args: argparse.Namespace) -> str | None:
    if getattr(args, "explain", False) and len(args.ids) != 2:
        return (f"--explain verklaart het verschil tussen precies twee scenario's (nu "
                f"{len(args.ids)}).")
    return None


def explain(args: argparse.Namespace, entries: Sequence[tuple[str, Scenario, Any]]
            ) -> Explained:
    """The attribution of entries[1] against entries[0] (label, scenario, result)."""
    lang = getattr(args, "lang", "nl")
    (label_a, a, _), (label_b, b, _) = entries[0], entries[1]
    try:
        att = at.compute(a, b, many=args.many, samples=args.samples,
                         time_limit_s=float(args.time_limit))
    except at.AttributionError as err:
        text = err.message_en if lang == "en" else err.message_nl
        return Explained(None, {"attribution": None,
                                "attribution_notes": {"status": "input_error",
                                                      "message_nl": err.message_nl,
                                                      "message_en": err.message_en}},
                         [text], failed=True, errors=[err.message_nl])
    if not att.ok:
        return Explained(att, {"attribution": None, "attribution_notes": tx.notes_json(att)},
                         [att.message(lang)], failed=True, errors=[att.message_nl])
    en = lang == "en"
    lines = ["", ("What moved the difference" if en else "Waardoor verschilt het")
             + f" ({label_b} {'against' if en else 'tegenover'} {label_a}):",
             tx.total_sentence(att, lang)]
    lines += tx.notes(att, lang)
    losers, gainers = tx.largest(att, 5)
    if losers:
        lines.append("Largest losers:" if en else "Grootste verliezers:")
        lines += [f"  {tx.park_sentence(att, j, label_b, lang)}" for j in losers]
    if gainers:
        lines.append("Largest gainers:" if en else "Grootste winnaars:")
        lines += [f"  {tx.park_sentence(att, j, label_b, lang)}" for j in gainers]
    data = {"attribution": tx.to_json(att), "attribution_notes": tx.notes_json(att)}
    return Explained(att, data, lines, tx.sheet(att, lang))
