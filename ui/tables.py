"""Tables and sentences for display: the pandas work pages must not do (docs/contracts/STYLE.md, example 7).

Pure functions (no streamlit). A `Table` keeps numbers as numbers (so a click on a column header
sorts 7.500 before 30.000) and says per column how to show them; `styled` gives the pandas
Styler whose display texts are the app's Dutch notation, so a user always reads "€ 1.234.567"
whatever the browser's locale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from allocation import format as fmt
from allocation.compare import person_label
from allocation.domain import InputIssue, Scenario
from allocation.result import AllocationResult, status_label
from ui.text import t

SORT_KEYS = ("public_eur", "private_eur", "value_points", "name", "municipality")

# Above this many cells the Styler's display texts cost more than a change may take (0,86 s for
# 700 parks × 11 columns in the app, measured under load): larger tables show their numbers in
# Streamlit's own format, which follows the browser's language (Dutch browsers: € 1.234.567).
STYLE_MAX_CELLS = 2_500


@dataclass(frozen=True)
class Table:
    """A table for people: typed values plus, per column, how to show them."""

    frame: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)  # column -> format.by_kind kind
    wide: tuple[str, ...] = ()  # long texts (reasons, explanations)
    pinned: tuple[str, ...] = ()  # stays in view when scrolling sideways

    def __len__(self) -> int:
        return len(self.frame)


def cell_text(kind: str) -> Callable[[Any], str]:
    """How one cell of `kind` reads: the app's notation; empty (never 'None') when missing."""
    return lambda value: _format_value(value, kind)


def styled(table: Table) -> Any:
    """The frame with Dutch display texts (pandas Styler), or the frame itself when too big."""
    frame = table.frame
    kinds = {c: k for c, k in table.kinds.items() if c in frame.columns}
    if not kinds or frame.size > STYLE_MAX_CELLS:
        return frame
    return frame.style.format({c: cell_text(k) for c, k in kinds.items()})


def safe_csv(frame: pd.DataFrame) -> bytes:
    """The table as CSV (semicolon-separated, UTF-8 with BOM, as Dutch Excel opens it) where no
    text cell can run as a formula: text starting with = + - @ tab or CR gets a leading quote."""
    from allocation.workbook import RISKY_PREFIXES

    def neutral(value: Any) -> Any:
        if isinstance(value, str) and value.startswith(RISKY_PREFIXES):
            return "'" + value
        return value

    safe = frame.copy()
    safe.columns = [neutral(str(c)) for c in safe.columns]
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutral)
    return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def issues_frame(issues: Iterable[InputIssue], lang: str = "nl") -> pd.DataFrame:
    """One row per problem: sheet, row, column, value, message (the user's own words)."""
    rows = [
        {
            t("issues_sheet", lang): i.sheet or "",
            t("issues_row", lang): "" if i.row is None else str(i.row),
            t("issues_column", lang): i.column or "",
            t("issues_value", lang): "" if i.value is None else str(i.value),
            t("issues_message", lang): i.message(lang),
        }
        for i in issues
    ]
    cols = [t(k, lang) for k in ("issues_sheet", "issues_row", "issues_column", "issues_value",
                                 "issues_message")]
    frame = pd.DataFrame(rows, columns=cols)
    # a problem with the whole file has no sheet, row, column or value: no empty columns
    empty = [c for c in cols[:-1] if not frame[c].astype(str).str.strip().any()]
    return frame.drop(columns=empty)


def kpi_items(result: AllocationResult, lang: str = "nl") -> list[tuple[str, str, str]]:
    """(label, value, help) for the seven headline tiles."""
    k = result.kpis()
    return [
        (t("kpi_budget", lang), fmt.eur_short(k["budget_eur"]), t("kpi_budget_help", lang)),
        (t("kpi_allocated", lang), fmt.eur_short(k["allocated_public_eur"]),
         t("kpi_allocated_help", lang)),
        (t("kpi_unallocated", lang), fmt.eur_short(k["unallocated_eur"]),
         t("kpi_unallocated_help", lang)),
        (t("kpi_private", lang), fmt.eur_short(k["private_eur"]), t("kpi_private_help", lang)),
        (t("kpi_leverage", lang), fmt.ratio(k["leverage"]), t("kpi_leverage_help", lang)),
        (t("kpi_points", lang), fmt.points(k["objective"], 1), t("kpi_points_help", lang)),
        (t("kpi_parks", lang),
         t("kpi_parks_value", lang, funded=k["parks_funded"], eligible=k["parks_eligible"]),
         t("kpi_parks_help", lang, total=k["parks_total"])),
    ]


def source_badge(kind: str, name: str, modified: bool, lang: str = "nl") -> tuple[str, str]:
    """What the figures on screen are ('Gewijzigd t.o.v. opgeslagen scenario X', 'Ongewijzigd:
    werkboek Y') and a colour: orange when changed, green when as loaded. The text is Markdown:
    callers pass `name` escaped."""
    what = {"store": "src_store", "upload": "src_upload"}.get(kind, "src_demo")
    source = t(what, lang, name=name)
    if modified:
        return t("badge_modified", lang, source=source), "orange"
    return t("badge_unmodified", lang, source=source), "green"


def scenario_summary(scenario: Scenario, lang: str = "nl") -> str:
    years = scenario.years
    return t("sidebar_valid", lang, parks=len(scenario.parks), years=len(years), first=years[0],
             last=years[-1], budget=fmt.eur_short(sum(scenario.budgets.values())))


def sort_label(key: str, lang: str = "nl") -> str:
    return t({"public_eur": "t_public", "private_eur": "t_private", "value_points": "t_points",
              "name": "t_park", "municipality": "t_municipality"}[key], lang)


def allocation_table(
    result: AllocationResult,
    scenario: Scenario,
    query: str = "",
    sort_key: str = "public_eur",
    descending: bool = True,
    only_funded: bool = False,
    lang: str = "nl",
) -> tuple[Table, int]:
    """One row per park: totals and the reason first (in view at 1440 px), then the public
    money per category; filtered and sorted. Returns the table and the number of parks before
    filtering."""
    parks = result.by_park.copy()
    total = len(parks)
    if parks.empty:
        return Table(pd.DataFrame()), 0
    labels = {c.category: (c.label or c.category) for c in scenario.categories}
    alloc = result.allocation
    if len(alloc):
        per_cat = alloc.pivot_table(index="park_id", columns="category", values="public_eur",
                                    aggfunc="sum", fill_value=0.0)
    else:
        per_cat = pd.DataFrame(index=pd.Index([], name="park_id"))
    for cat in labels:
        if cat not in per_cat.columns:
            per_cat[cat] = 0.0
    parks = parks.merge(per_cat[list(labels)], left_on="park_id", right_index=True, how="left")
    parks[list(labels)] = parks[list(labels)].fillna(0.0)
    q = (query or "").strip().casefold()
    if q:
        hay = (parks["name"].astype(str) + " " + parks["municipality"].astype(str) + " "
               + parks["park_id"].astype(str)).str.casefold()
        parks = parks[hay.str.contains(q, regex=False)]
    if only_funded:
        parks = parks[parks["public_eur"] > 0.5]
    key = sort_key if sort_key in SORT_KEYS else "public_eur"
    if key in ("name", "municipality"):
        parks = parks.assign(_k=parks[key].astype(str).str.casefold())
        parks = parks.sort_values(["_k", "park_id"], ascending=[not descending, True])
    else:
        parks = parks.sort_values([key, "park_id"], ascending=[not descending, True])
    expl = "explanation_en" if lang == "en" else "explanation_nl"
    park, public, private = t("t_park", lang), t("t_public", lang), t("t_private", lang)
    points_col, reason = t("t_points", lang), t("t_reason", lang)
    out = pd.DataFrame({
        park: parks["name"].astype(str),
        t("t_municipality", lang): parks["municipality"].astype(str),
        public: parks["public_eur"].astype(float).round(0),
        private: parks["private_eur"].astype(float).round(0),
        points_col: parks["value_points"].astype(float).round(1),
        reason: parks[expl].astype(str) if expl in parks else "",
    })
    kinds = {public: "eur", private: "eur", points_col: "points1"}
    for cat, label in labels.items():
        out[f"{label} (€)"] = parks[cat].astype(float).round(0)
        kinds[f"{label} (€)"] = "eur"
    out[t("t_id", lang)] = parks["park_id"].astype(str)
    return Table(out.reset_index(drop=True), kinds, wide=(reason,), pinned=(park,)), total


def quadrant_lines(frame: pd.DataFrame, lang: str = "nl") -> list[str]:
    """One sentence per quadrant: how many parks and how much public money (the amount never
    breaks over two lines: "€" and "419.964" stay together)."""
    from allocation.charts import QUADRANT_LABELS, QUADRANTS

    labels = QUADRANT_LABELS["en" if lang == "en" else "nl"]
    lines = []
    for q in QUADRANTS:
        part = frame[frame["quadrant"] == q]
        lines.append(t("quad_counts", lang, label=labels[q], n=len(part),
                       amount=fmt.eur_short(part["public_eur"].sum()).replace(" ", "\u00a0")))
    return lines


def shadow_sentences(result: AllocationResult, lang: str = "nl") -> list[str]:
    """'Elke extra € 1.000 in 2028 levert N punten op', per year. Per € 1.000, the unit in which
    the price is exact (it lies between the re-solved differences for ± € 10.000): for a larger
    step the gain can be smaller (diminishing returns; the budget frontier shows it)."""
    out = []
    for year, price in sorted(result.budget_shadow_price.items()):
        gain = float(price)  # points per € 1.000
        if gain > 0.00005:
            out.append(t("shadow_positive", lang, year=year, points=fmt.points(gain, 3)))
        else:
            out.append(t("shadow_zero", lang, year=year))
    return out


def saved_frame(metas: Sequence[Any], lang: str = "nl") -> pd.DataFrame:
    rows = []
    for m in metas:
        s = m.summary or {}
        rows.append({
            t("c_id", lang): m.id,
            t("c_name", lang): m.name,
            t("c_version", lang): m.version,
            t("c_author", lang): person_label(m.author, lang),
            t("c_created", lang): fmt.when(m.created_at),
            t("c_status", lang): status_label(s.get("status", m.status), lang),
            t("c_budget", lang): fmt.eur(s.get("budget_eur")),
            t("c_allocated", lang): fmt.eur(s.get("allocated_public_eur")),
            t("c_points", lang): fmt.points(s.get("objective"), 1),
            t("c_note", lang): m.note,
            t("c_deleted", lang): t("yes", lang) if m.deleted else "",
        })
    return pd.DataFrame(rows)


def decisions_frame(decisions: Sequence[Any], lang: str = "nl") -> pd.DataFrame:
    rows = []
    for d in decisions:
        k = d.kpis or {}
        rows.append({
            t("d_when", lang): fmt.when(d.created_at),
            t("d_scenario", lang): f"{d.scenario_name} (v{d.scenario_version})",
            t("d_rationale", lang): d.rationale,
            t("d_author", lang): person_label(d.author, lang),
            t("d_allocated", lang): fmt.eur(k.get("allocated_public_eur")),
            t("d_points", lang): fmt.points(k.get("objective"), 1),
        })
    return pd.DataFrame(rows)


def audit_frame(entries: Sequence[Any], lang: str = "nl") -> pd.DataFrame:
    """The audit trail, newest first, for the scenario page (texts as typed, never Markdown);
    times in Dutch time, as everywhere in the app."""
    from allocation.compare import AUDIT_ACTIONS_TEXT, audit_details

    rows = []
    for e in reversed(list(entries)):
        action = AUDIT_ACTIONS_TEXT.get(e.action, (e.action, e.action))[1 if lang == "en" else 0]
        rows.append({
            t("a_when", lang): fmt.local_time(e.at).strftime("%d-%m-%Y %H:%M:%S"),
            t("a_who", lang): person_label(e.actor, lang),
            t("a_action", lang): action,
            t("a_scenario", lang): (f"{e.scenario_name} (v{e.scenario_version})"
                                    if e.scenario_id is not None else ""),
            t("a_details", lang): audit_details(e.detail, lang),
        })
    return pd.DataFrame(rows)


def _format_value(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "✓" if value else "–"
    if kind == "points1":  # one decimal where a table has room for only that
        return fmt.points(value, 1)
    return fmt.by_kind(value, kind)


def format_display(
    df: pd.DataFrame, kinds: Sequence[str], row_kinds: Sequence[str] | None = None
) -> pd.DataFrame:
    """A comparison table (see `Comparison.display`) with every number written the Dutch way.

    Column kind "row" means: the kind comes from the row (`row_kinds`), as in the KPI table.
    """
    out = pd.DataFrame(index=df.index)
    for (col, kind) in zip(df.columns, kinds, strict=True):
        if kind.startswith("row") and row_kinds is not None:  # "row" or "row_diff"
            out[col] = [_format_value(v, rk + kind[3:])
                        for v, rk in zip(df[col], row_kinds, strict=True)]
        else:
            out[col] = [_format_value(v, kind) for v in df[col]]
    return out


def comparison_table(df: pd.DataFrame, kinds: Sequence[str]) -> Table:
    """A comparison table (see `Comparison.display`) with typed numbers and their kinds."""
    cols = list(df.columns)
    return Table(df, {c: k for c, k in zip(cols, kinds, strict=True) if k not in ("text", "wide")},
                 wide=tuple(c for c, k in zip(cols, kinds, strict=True) if k == "wide"))


def losers_table(comparison: Any, lang: str = "nl") -> Table:
    """The parks that get less than in the reference (largest losses first), with the reason
    in the reference and in the scenario: a loss is always shown and explained."""
    df, kinds = comparison.display("shifts", lang)
    if df.empty:
        return Table(df)
    mask = (comparison.shifts["change"] < 0).to_numpy()
    # without the id column: name and municipality tell parks apart for people; with one
    # scenario beside the reference, without the scenario column (the same in every row), so
    # both reasons fit beside the amounts at 1440 px
    keep = [j for j in range(1, len(kinds))
            if not (comparison.n == 2 and df.columns[j] == "Scenario")]
    table = comparison_table(df[mask].iloc[:, keep].reset_index(drop=True),
                             [kinds[j] for j in keep])
    # the name stays in view while the reader scrolls to the two reasons
    return Table(table.frame, table.kinds, table.wide, pinned=(str(table.frame.columns[0]),))


def shifts_frame(shifts: pd.DataFrame, many_scenarios: bool) -> pd.DataFrame:
    """The comparison's largest shifts with one readable label per bar."""
    if shifts is None or shifts.empty:
        return pd.DataFrame(columns=["label", "change"])
    label = shifts["name"].astype(str) + " (" + shifts["park_id"].astype(str) + ")"
    if many_scenarios:
        label = label + " – " + shifts["scenario"].astype(str)
    return pd.DataFrame({"label": label, "change": shifts["change"].astype(float)})
