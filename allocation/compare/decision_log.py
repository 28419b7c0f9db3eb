"""The decision log as a workbook: the minutes of the meeting (when, which scenario, why, by
whom, and its KPIs at that moment).

Imports `comparison` (a number or nothing) and `sheets` of the compare package.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from allocation.compare.comparison import number_or_none
from allocation.compare.labels import person_label
from allocation.compare.sheets import write_table
from allocation.result import status_label

if TYPE_CHECKING:
    from allocation.store import Decision


def live_round(kpis: dict[str, object], en: bool = False) -> str | None:
    """For a decision that ends a live round (allocation.store.live): its code, how many
    members took part and which plan was chosen; None for any other decision."""
    live = kpis.get("live")
    if not isinstance(live, dict) or not live.get("code"):
        return None
    code = str(live["code"])
    shown = f"{code[:4]}-{code[4:]}" if len(code) == 8 else code
    count = live.get("count")
    if count is None and isinstance(live.get("inputs"), list):
        count = len(live["inputs"])
    chosen = {"group": ("groepsplan (mediane gewichten)", "group plan (median weights)"),
              "current": ("huidige verdeling", "current allocation")}.get(
        str(live.get("chosen")), ("", ""))[1 if en else 0]
    parts = [shown]
    if count is not None:
        parts.append(f"{count} members" if en else f"{count} leden")
    return " · ".join(parts + ([chosen] if chosen else []))


def write_decision_log(decisions: Sequence[Decision], path: str | Path | None = None,
                       lang: str = "nl") -> bytes:
    """The minutes of the meeting: when, which scenario, why, by whom, and its KPIs then."""
    from allocation.format import local_time
    from allocation.workbook import new_workbook, save_workbook

    en = lang == "en"
    rows = []
    time_header = "Time (Dutch time)" if en else "Tijdstip (Nederlandse tijd)"
    for d in decisions:
        when = local_time(d.created_at)
        k = d.kpis
        status = str(k.get("status") or "")
        rows.append([
            when, d.scenario_name, d.scenario_version, d.scenario_id, d.rationale, person_label(d.author),
            status_label(status, "en" if en else "nl"),
            number_or_none(k.get("objective")), number_or_none(k.get("budget_eur")),
            number_or_none(k.get("allocated_public_eur")), number_or_none(k.get("unallocated_eur")),
            number_or_none(k.get("private_eur")), number_or_none(k.get("leverage")), number_or_none(k.get("parks_funded")),
            live_round(k, en),
        ])
    headers = (
        [time_header, "Scenario", "Version", "Scenario id", "Rationale", "Recorded by",
         "Outcome", "Value points", "Budget", "Allocated (public)", "Unallocated",
         "Private co-financing", "Leverage", "Parks funded", "Live round"]
        if en else
        [time_header, "Scenario", "Versie", "Scenario-id", "Motivering", "Vastgelegd door",
         "Uitkomst", "Waardepunten", "Budget", "Toegekend (publiek)", "Niet toegekend",
         "Privaat gemobiliseerd", "Hefboom", "Terreinen met geld", "Live ronde"]
    )
    kinds = ["time", "text", "int", "int", "wide", "text", "text", "points", "eur", "eur",
             "eur", "eur", "ratio", "int", "text"]
    df = pd.DataFrame(rows, columns=headers)
    wb = new_workbook()
    ws = wb.create_sheet("Decision log" if en else "Besluitenlijst")
    write_table(ws, df, kinds)
    ws.column_dimensions["A"].width = 18
    return save_workbook(wb, path)
