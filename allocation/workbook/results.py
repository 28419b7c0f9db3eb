"""The results workbook: summary and result sheets, plus all input sheets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allocation.domain import (
    GOAL_LABELS_NL,
    GOALS,
    Scenario,
)
from allocation.result import status_label
from allocation.workbook.spec import EUR_FMT, SHARE_FMT, fmt_num
from allocation.workbook.template import write_input_sheets
from allocation.workbook.xlsx import new_workbook, plain, save_workbook, write_table

if TYPE_CHECKING:
    from allocation.result import AllocationResult


# -- the results workbook -------------------------------------------------------------------


def _frame(df: Any, columns: Sequence[tuple[str, str, str | None]]) -> tuple[
        list[str], list[list[Any]], list[str | None]]:
    """DataFrame -> headers, rows, formats for the (source column, header, format) triples."""
    present = [c for c in columns if df is not None and c[0] in getattr(df, "columns", ())]
    headers = [h for _s, h, _f in present]
    formats = [f for _s, _h, f in present]
    rows: list[list[Any]] = []
    if df is not None and len(df) and present:
        for rec in df[[s for s, _h, _f in present]].itertuples(index=False, name=None):
            rows.append([plain(v) for v in rec])
    return headers, rows, formats


def _summary_rows(scenario: Scenario, result: AllocationResult) -> list[tuple[str, Any, str]]:
    kpis = result.kpis()
    s = scenario.settings
    rows: list[tuple[str, Any, str]] = [
        ("Bron", scenario.source or "(onbekend)", "General"),
        ("Status", status_label(result.status), "General"),
        ("Melding", result.message_nl, "General"),
        ("Jaren", f"{scenario.years[0]}-{scenario.years[-1]}", "General"),
        ("Aantal terreinen", len(scenario.parks), "0"),
        ("Waardepunten (doelfunctie)", result.objective, "0.0000"),
        ("Budget totaal", kpis["budget_eur"], EUR_FMT),
        ("Toegekend publiek geld", kpis["allocated_public_eur"], EUR_FMT),
        ("Niet toegekend budget", kpis["unallocated_eur"], EUR_FMT),
        ("Privaat geld gemobiliseerd", kpis["private_eur"], EUR_FMT),
        ("Hefboom (private euro per publieke euro)", kpis["leverage"], "0.00"),
        ("Terreinen met budget", kpis["parks_funded"], "0"),
        ("Terreinen die in aanmerking komen", kpis["parks_eligible"], "0"),
        ("Rekentijd solver (seconden)", kpis["solve_seconds"], "0.000"),
    ]
    for g in GOALS:
        rows.append((f"Waardepunten {GOAL_LABELS_NL[g].lower()}",
                     result.value_by_goal.get(g), "0.0000"))
    rows += [
        ("Aanname: gewichten energie / circulariteit / economie / samenwerking",
         " / ".join(fmt_num(s.weight(g)) for g in GOALS), "General"),
        ("Aanname: discontovoet", s.discount_rate, "0.000"),
        ("Aanname: effect draagvlak", s.draagvlak_effect, SHARE_FMT),
        ("Aanname: groei absorptiecapaciteit (fasering)", s.capacity_growth, SHARE_FMT),
        ("Aanname: niet besteed budget schuift door", "ja" if s.carry_over else "nee",
         "General"),
        ("Aanname: organisatiecategorie",
         next((c.label for c in scenario.categories
               if c.category == s.organisation_category and c.label),
              s.organisation_category), "General"),
        ("Aanname: minimum per strategisch terrein per jaar", s.strategic_floor_eur, EUR_FMT),
        ("Aanname: max. aandeel van het budget per gemeente", s.max_municipality_share,
         SHARE_FMT),
        *((f"Aanname: absorptiecapaciteit organisatiegraad {k}", s.capacity_level(k), EUR_FMT)
          for k in range(5)),
        ("Regel bij gelijke uitkomsten", result.tie_break_rule_nl or "(niet opgegeven)",
         "General"),
    ]
    if result.diagnosis is not None:
        for f in result.diagnosis.findings:
            rows.append(("Diagnose", f.message_nl, "General"))
    return rows


def write_provenance_sheet(wb: Any, headers: Sequence[str],
                           rows: Sequence[Sequence[Any]]) -> None:
    """Sheet `herkomst`: per value supplied in a request round, who supplied it and when."""
    write_table(wb.create_sheet("herkomst"), list(headers), [list(r) for r in rows])


def write_results(scenario: Scenario, result: AllocationResult,
                  path: Path | str | None = None, *,
                  provenance: tuple[Sequence[str], Sequence[Sequence[Any]]] | None = None
                  ) -> bytes:
    """The results workbook: summary and result sheets, plus all input sheets (and sheet
    `herkomst` when `provenance`, headers and rows, is given).

    It reads back as an input workbook giving an equal scenario; the result sheets then come
    back as "unknown sheet" warnings.
    """
    from openpyxl.styles import Alignment

    wb = new_workbook()
    ws = wb.create_sheet("samenvatting")
    summary = _summary_rows(scenario, result)
    write_table(ws, ["onderdeel", "waarde"], [[k, v] for k, v, _f in summary], widths=[48, 24])
    for r, (_k, _v, number_format) in enumerate(summary, start=2):
        cell = ws.cell(row=r, column=2)
        if cell.data_type == "n":
            cell.number_format = number_format
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["B"].width = 60

    names = {p.park_id: p for p in scenario.parks}
    labels = {c.category: c.label for c in scenario.categories}
    alloc = result.allocation
    rows = []
    if alloc is not None and len(alloc):
        ordered = alloc.sort_values(["park_id", "category", "year"], kind="stable")
        for rec in ordered.itertuples(index=False):
            park = names.get(str(rec.park_id))
            rows.append([
                str(rec.park_id), park.name if park else None,
                park.municipality if park else None, str(rec.category),
                labels.get(str(rec.category)), int(rec.year),
                plain(rec.public_eur), plain(rec.private_eur),
            ])
    write_table(wb.create_sheet("verdeling"),
                ["terrein_id", "naam", "gemeente", "categorie", "omschrijving", "jaar",
                 "publiek_eur", "privaat_eur"], rows,
                formats=[None, None, None, None, None, "0", EUR_FMT, EUR_FMT])

    by_park = result.by_park
    if by_park is not None and "code" in getattr(by_park, "columns", ()):
        from allocation.result import code_label

        by_park = by_park.assign(code=[code_label(str(c)) for c in by_park["code"]])
    headers, rows, fmts = _frame(by_park, [
        ("park_id", "terrein_id", None), ("name", "naam", None),
        ("municipality", "gemeente", None), ("region", "regio", None),
        ("strategic", "strategisch", None), ("organisation_level", "organisatiegraad", "0"),
        ("draagvlak", "draagvlak", SHARE_FMT),
        ("private_capacity_eur", "draagkracht_eur", EUR_FMT),
        ("eligible", "komt_in_aanmerking", None),
        ("public_eur", "publiek_eur", EUR_FMT), ("private_eur", "privaat_eur", EUR_FMT),
        ("value_points", "waardepunten", "0.0000"), ("code", "reden", None),
        ("explanation_nl", "toelichting", None),
    ])
    write_table(wb.create_sheet("per_terrein"), headers, rows, formats=fmts)

    headers, rows, fmts = _frame(result.by_municipality, [
        ("municipality", "gemeente", None), ("public_eur", "publiek_eur", EUR_FMT),
        ("private_eur", "privaat_eur", EUR_FMT), ("parks_funded", "terreinen_met_budget", "0"),
    ])
    write_table(wb.create_sheet("per_gemeente"), headers, rows, formats=fmts)

    headers, rows, fmts = _frame(result.by_category, [
        ("category", "categorie", None), ("label", "omschrijving", None),
        ("public_eur", "publiek_eur", EUR_FMT), ("private_eur", "privaat_eur", EUR_FMT),
        ("value_points", "waardepunten", "0.0000"),
    ])
    write_table(wb.create_sheet("per_categorie"), headers, rows, formats=fmts)

    headers, rows, fmts = _frame(result.by_year, [
        ("year", "jaar", "0"), ("budget_eur", "budget_eur", EUR_FMT),
        ("public_eur", "publiek_eur", EUR_FMT), ("private_eur", "privaat_eur", EUR_FMT),
        ("unallocated_eur", "niet_toegekend_eur", EUR_FMT),
        ("shadow_price", "schaduwprijs_punten_per_1000_eur", "0.0000"),
    ])
    write_table(wb.create_sheet("per_jaar"), headers, rows, formats=fmts)

    from allocation.result import EXPLANATION_TABLE_NL, explanation_table

    table = explanation_table(result.explanations, list(names), "nl")
    rows = [[r[0], names[r[0]].name, *(None if v != v or v == "" else v for v in r[1:])]
            for r in table.itertuples(index=False)]
    ws = wb.create_sheet("toelichting_terreinen")
    headers = [EXPLANATION_TABLE_NL[c] for c in table.columns]
    write_table(ws, [headers[0], "naam", *headers[1:]], rows,
                widths=[14, 30, 18, 80, 60] + [16] * (len(headers) - 4),
                formats=[None] * 5 + ["0.0000"] * (len(headers) - 4))
    ws.column_dimensions["D"].width = 80
    ws.column_dimensions["E"].width = 60
    for r in range(2, len(rows) + 2):
        for c in (4, 5):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")

    write_input_sheets(wb, scenario, notes=(
        "Dit is een resultatenwerkboek: de bladen samenvatting, verdeling, per_terrein, "
        "per_gemeente, per_categorie, per_jaar en toelichting_terreinen tonen de uitkomst; de "
        "bladen terreinen, budget, categorieen, rendement en instellingen zijn de invoer en "
        "kunnen opnieuw worden ingelezen.",
        "Schaduwprijs: de extra waardepunten die € 1.000 meer budget in dat jaar zou opleveren "
        "(0 = het budget is in dat jaar niet de beperkende factor).",
    ))
    if provenance is not None and provenance[1]:
        write_provenance_sheet(wb, *provenance)
    return save_workbook(wb, path)
