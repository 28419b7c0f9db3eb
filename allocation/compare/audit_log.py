"""The audit trail in the user's words: actions and details as the scenario page and the
exported workbook show them, and the audit-trail workbook.

Imports `sheets` of the compare package.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from allocation.compare.labels import person_label
from allocation.compare.sheets import write_table
from allocation.result import status_label

if TYPE_CHECKING:
    from allocation.store import AuditEntry


AUDIT_ACTIONS_TEXT = {
    "save": ("opgeslagen", "saved"), "rename": ("hernoemd", "renamed"),
    "delete": ("verwijderd", "deleted"), "restore": ("hersteld", "restored"),
    "decide": ("besluit vastgelegd", "decision logged"),
    "restore-backup": ("reservekopie teruggezet", "backup restored"),
    "live-open": ("live ronde geopend", "live round opened"),
    "live-close": ("live ronde gesloten", "live round closed"),
}
# the details an audit entry can carry, in the user's words (nl, en)
AUDIT_DETAIL_TEXT = {
    "content_hash": ("vingerafdruk", "fingerprint"),
    "status": ("uitkomst", "outcome"),
    "old_name": ("oude naam", "old name"),
    "new_name": ("nieuwe naam", "new name"),
    "all_versions": ("alle versies", "all versions"),
    "decision_id": ("besluit nr.", "decision no."),
    "rationale": ("motivering", "rationale"),
    "made_at": ("reservekopie van", "backup made at"),
    "rows": ("aantallen", "counts"),
    "migrated": ("overgenomen uit oudere versie", "migrated from an older version"),
    "request_rounds": ("waarden uit uitvraag (ronde, bestand, partij: aantal)",
                       "values from a request round (round, file, party: count)"),
    "live_code": ("live ronde", "live round"),
    "anonymous": ("anoniem", "anonymous"),
    "allow_years": ("verdeling over de jaren", "split over the years"),
    "inputs": ("aantal inbrengen", "number of inputs"),
}


def audit_details(detail: dict[str, Any], lang: str = "nl") -> str:
    """An audit entry's details in the user's words: 'oude naam: A; nieuwe naam: B', the
    fingerprint shortened, a status as a word; a detail the app does not know stays as stored.
    The one wording of the scenario page and the exported log."""
    en = lang == "en"
    parts = []
    for key, value in sorted(detail.items()):
        if key == "content_hash" and isinstance(value, str):
            value = value[:12]
        elif key == "status" and isinstance(value, str):
            value = status_label(value, lang)
        elif isinstance(value, bool):
            value = ("yes" if value else "no") if en else ("ja" if value else "nee")
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        label = AUDIT_DETAIL_TEXT.get(key, (key, key))[1 if en else 0]
        parts.append(f"{label}: {value}")
    return "; ".join(parts)


def write_audit_log(entries: Sequence[AuditEntry], path: str | Path | None = None,
                    lang: str = "nl") -> bytes:
    """The audit trail as a workbook: when, who, what, which scenario, and the details."""
    from allocation.format import local_time
    from allocation.workbook import new_workbook, save_workbook

    en = lang == "en"
    time_header = "Time (Dutch time)" if en else "Tijdstip (Nederlandse tijd)"
    rows = []
    for e in entries:
        action = AUDIT_ACTIONS_TEXT.get(e.action, (e.action, e.action))[1 if en else 0]
        detail = audit_details(e.detail, lang)
        rows.append([local_time(e.at), person_label(e.actor), action, e.scenario_name, e.scenario_version,
                     e.scenario_id, detail])
    headers = ([time_header, "Who", "Action", "Scenario", "Version", "Scenario id", "Details"]
               if en else
               [time_header, "Wie", "Handeling", "Scenario", "Versie", "Scenario-id",
                "Details"])
    df = pd.DataFrame(rows, columns=headers)
    wb = new_workbook()
    ws = wb.create_sheet("Audit trail" if en else "Logboek")
    write_table(ws, df, ["time", "text", "text", "text", "int", "int", "wide"])
    ws.column_dimensions["A"].width = 18
    return save_workbook(wb, path)
