"""The tables of a `Comparison` for people: headers in Dutch or English, labels users know,
and the kind of each column (for number formats on screen and in Excel).

Imports `labels` of the compare package (the `Comparison` only for type checking).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from allocation import format as fmt
from allocation.compare.labels import SECTION_LABELS, STATUS_LABELS, WORDS
from allocation.result import status_label

if TYPE_CHECKING:
    from allocation.compare.comparison import Comparison


def display_table(c: Comparison, table: str, lang: str) -> tuple[pd.DataFrame, list[str]]:
    lang = "en" if lang == "en" else "nl"
    w = WORDS[lang]
    li = 1 if lang == "en" else 0
    labels = c.labels
    cols: dict[str, Any] = {}
    kinds: list[str] = []

    def put(header: str, values: Any, kind: str) -> None:
        cols[header] = list(values)
        kinds.append(kind)

    def scen(i: int) -> str:
        return f"{labels[i]} ({w['reference']})" if i == 0 else labels[i]

    if table == "scenarios":
        df = c.scenarios
        put(w["index"], df["index"] + 1, "int")
        put(w["scenario"], df["label"], "text")
        put(w["reference"], ["✓" if r else "" for r in df["reference"]], "text")
        put(w["outcome"], [status_label(s, lang) for s in df["status"]],
            "text")
        put(w["message"], df[f"message_{lang}"], "text")
        put(w["source"], df["source"], "text")
        put(w["parks"], df["parks"], "int")
        put(w["first_year"], df["first_year"], "year")
        put(w["last_year"], df["last_year"], "year")
        put(w["content_hash"], [h[:12] for h in df["content_hash"]], "text")
    elif table == "kpis":
        df = c.kpis
        put(w["kpi"], df[f"label_{lang}"], "text")
        for i in range(c.n):
            vals = [status_label(v, lang) if kpi == "status" else v
                    for v, kpi in zip(df[f"value_{i}"], df["kpi"], strict=True)]
            put(scen(i), vals, "row")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_{j}"], "row_diff")
    elif table == "by_year":
        df = c.by_year
        put(w["year"], df["year"], "year")
        for i in range(c.n):
            put(f"{w['budget']} {scen(i)}", df[f"budget_{i}"], "eur")
            put(f"{w['public']} {scen(i)}", df[f"public_{i}"], "eur")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_public_{j}"], "eur_diff")
        for i in range(c.n):
            put(f"{w['shadow_price']} {scen(i)}", df[f"shadow_price_{i}"], "price")
    elif table == "by_category":
        df = c.by_category
        put(w["category"], df["label"], "text")  # the label users know, never the id
        for i in range(c.n):
            put(f"{w['public']} {scen(i)}", df[f"public_{i}"], "eur")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_public_{j}"], "eur_diff")
        for i in range(c.n):
            put(f"{w['value_points']} {scen(i)}", df[f"value_points_{i}"], "points")
    elif table == "by_goal":
        df = c.by_goal
        put(w["goal"], df[f"label_{lang}"], "text")
        for i in range(c.n):
            put(scen(i), df[f"value_{i}"], "points")
        for j in range(1, c.n):
            put(f"{w['difference']} {labels[j]}", df[f"diff_{j}"], "points_diff")
    elif table == "parks":
        df = c.parks
        put(w["park_id"], df["park_id"], "text")
        put(w["name"], df["name"], "text")
        put(w["municipality"], df["municipality"], "text")
        for i in range(c.n):
            put(f"€ {scen(i)}", df[f"eur_{i}"], "eur")
        for j in range(1, c.n):
            put(f"{w['change']} {labels[j]}", df[f"change_{j}"], "eur_diff")
            put(f"{w['status']} {labels[j]}",
                [STATUS_LABELS[s][li] for s in df[f"status_{j}"]], "text")
        for i in range(c.n):
            put(f"{w['explanation']} {scen(i)}", df[f"explanation_{lang}_{i}"], "wide")
    elif table == "shifts":
        df = c.shifts
        put(w["park_id"], df["park_id"], "text")
        put(w["name"], df["name"], "text")
        put(w["municipality"], df["municipality"], "text")
        put(w["scenario"], df["scenario"], "text")
        put(w["reference_eur"], df["reference_eur"], "eur")
        put(w["eur"], df["eur"], "eur")
        put(w["change"], df["change"], "eur_diff")
        put(w["status"], [STATUS_LABELS[s][li] for s in df["status"]], "text")
        put(f"{w['explanation']} {w['reference']}", df[f"reason_ref_{lang}"], "wide")
        put(f"{w['explanation']} scenario", df[f"reason_{lang}"], "wide")
    elif table == "assumptions":
        df = c.assumptions
        put(w["section"], [SECTION_LABELS.get(s, (s, s))[li] for s in df["section"]], "text")
        put(w["assumption"], df[f"label_{lang}"], "text")
        for i in range(c.n):  # each row in its unit: money, a percentage, yes/no, a number
            put(scen(i), [_assumption_value(section, key, v, lang) for section, key, v
                          in zip(df["section"], df["key"], df[f"value_{i}"], strict=True)],
                "value")
        put(w["note"], df[f"note_{lang}"], "wide")
    else:
        raise KeyError(table)
    return pd.DataFrame(cols), kinds


def _assumption_value(section: str, key: str, value: Any, lang: str) -> Any:
    """An assumption as Aannames shows it: budgets and amounts in euros, shares and goal
    weights as percentages (never the fraction 0,55), yes/no in words, other numbers as
    numbers; anything else (a name) as it is."""
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nee")
    if not isinstance(value, int | float):
        return value
    name = key.rsplit(".", 1)[-1]
    if section == "budget" or name.endswith("_eur"):
        return fmt.eur(value)
    if name.startswith("weight_") or "share" in name or name.startswith("min_draagvlak"):
        return fmt.pct(value)
    return fmt.num(value, 0 if float(value).is_integer() else 2)
