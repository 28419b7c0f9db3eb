"""One-page PDF fact sheets per park and per region, for the regional tables (reportlab).

    park_sheet(programme, park_id) -> bytes
    region_sheet(programme, region) -> bytes
    write_factsheets(programme, outdir, region=None) -> list[Path]   (+ the regional workbook)

Every sheet is one A4 page: the content is shrunk to fit the frame (reportlab's KeepInFrame),
and long park lists are cut with a line saying how many are left out. User texts (park names,
municipalities, regions) are escaped before they enter reportlab's paragraph markup, so they
are shown literally. Texts are Dutch, as the province hands these to its regional tables.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from allocation import format as fmt
from allocation.monitoring.regions import (
    INDICATOR_NL,
    NO_REGION,
    Programme,
    region_ladder,
    region_names,
    region_parks,
    region_results,
    region_years,
)
from allocation.monitoring.replan import years_span

if TYPE_CHECKING:
    import pandas as pd
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Flowable, Table

MAX_PARK_ROWS = 28  # park rows on a region sheet; more are summarised in one line
INK = "#1F3B57"
LEVEL_NL = ("geen", "informeel netwerk", "ondernemersvereniging", "parkmanagement",
            "BIZ/coöperatie")


def _styles() -> dict[str, ParagraphStyle]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    base = getSampleStyleSheet()
    ink = colors.HexColor(INK)
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=17, leading=21,
                                alignment=0, textColor=ink, spaceAfter=2),
        "sub": ParagraphStyle("s", parent=base["Normal"], fontSize=9.5, leading=12,
                              textColor=colors.HexColor("#555555"), spaceAfter=8),
        "h": ParagraphStyle("h", parent=base["Heading3"], fontSize=11, leading=14,
                            textColor=ink, spaceBefore=8, spaceAfter=3),
        "p": ParagraphStyle("p", parent=base["Normal"], fontSize=9, leading=11.5),
        "small": ParagraphStyle("sm", parent=base["Normal"], fontSize=7.5, leading=9.5,
                                textColor=colors.HexColor("#666666")),
    }


def _table(rows: list[list[str]], widths: list[float], header: bool = True,
           right_from: int = 1, flag_rows: tuple[int, ...] = ()) -> Table:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D0D7DE")),
    ]
    if header:
        style += [("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
                  ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE7F0"))]
    for r in flag_rows:
        style.append(("TEXTCOLOR", (0, r), (-1, r), colors.HexColor("#B3261E")))
    table.setStyle(TableStyle(style))
    return table


def _kpis(items: list[tuple[str, str]]) -> Table:
    """A row of headline figures (label above, value below)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    labels = [label for label, _ in items]
    values = [value for _, value in items]
    width = 515.0 / len(items)
    table = Table([labels, values], colWidths=[width] * len(items))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica", 7.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.HexColor("#555555")),
        ("FONT", (0, 1), (-1, 1), "Helvetica-Bold", 12),
        ("TEXTCOLOR", (0, 1), (-1, 1), colors.HexColor(INK)),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#D0D7DE")),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#E5E9ED")),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _page(story: list[Flowable]) -> bytes:
    """Lay the story out on exactly one A4 page (shrunk to fit when needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, SimpleDocTemplate

    buffer = io.BytesIO()
    margin = 14 * mm
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin,
                            title="Draagkracht factsheet", author="Draagkracht")
    frame = KeepInFrame(doc.width, doc.height - 2, story, mode="shrink")
    doc.build([frame], onFirstPage=_footer)
    return buffer.getvalue()


def _footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.setFillColorRGB(0.45, 0.45, 0.45)
    canvas.drawString(doc.leftMargin, 9 * 2.83465,
                      "Draagkracht – transitiebudget bedrijventerreinen. Bedragen in euro; "
                      "waarden uit het werkboek van de provincie.")
    canvas.restoreState()


def _e(text: object) -> str:
    return escape(str(text))


def _level(level: float) -> str:
    lv = int(level)
    return f"{lv} ({LEVEL_NL[lv]})" if 0 <= lv < len(LEVEL_NL) else str(lv)


def _source_line(prog: Programme) -> str:
    rp = prog.replan
    if rp.fixed_years:
        done = years_span(rp.fixed_years)
        return (f"Huidig plan: herplanning na realisatie {done}; terreingegevens uit de "
                "laatste monitoringsronde.")
    return "Huidig plan: de verdeling van het werkboek (nog geen realisatie)."


def region_sheet(prog: Programme, region: str | None) -> bytes:
    """One region on one page: headline figures, money per year, ladder movement, results per
    goal, and its parks (largest current plan first; under-spending in red)."""
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    parks = region_parks(prog, region)
    years = region_years(prog, region)
    ladder = region_ladder(prog, region)
    results = region_results(prog, region)
    name = region or "Alle regio's"
    story = [
        Paragraph(f"Regiotafel {_e(name)}", st["title"]),
        Paragraph(_e(f"{len(parks)} bedrijventerreinen · {_source_line(prog)}"), st["sub"]),
    ]
    spent = float(years["spent_eur"].sum())
    under = int(parks["under"].sum()) if len(parks) else 0
    story.append(_kpis([
        ("Publiek (huidig plan)", fmt.eur_short(years["current_public_eur"].sum())),
        ("Privaat (huidig plan)", fmt.eur_short(years["current_private_eur"].sum())),
        ("Besteed", fmt.eur_short(spent)),
        ("Onderbesteding", fmt.count(under, "terrein", "terreinen")),
    ]))
    story.append(Paragraph("Geld per jaar", st["h"]))
    rows = [["Jaar", "Oorspronkelijk plan", "Huidig plan publiek", "Huidig plan privaat",
             "Besteed"]]
    for r in years.itertuples(index=False):
        rows.append([str(r.year), fmt.eur(r.plan_public_eur), fmt.eur(r.current_public_eur),
                     fmt.eur(r.current_private_eur),
                     fmt.eur(r.spent_eur) if r.spent_eur > 0 else "–"])
    story.append(_table(rows, [50, 116, 116, 116, 117]))
    story.append(Paragraph("Organisatieladder en resultaten", st["h"]))
    if ladder["to_round"] and ladder["from_round"] != ladder["to_round"]:
        story.append(Paragraph(_e(
            f"Van ronde {ladder['from_round']} naar {ladder['to_round']}: "
            f"{fmt.count(int(ladder['up']), 'terrein', 'terreinen')} een trede omhoog, "
            f"{ladder['same']} gelijk, {ladder['down']} teruggevallen, {ladder['not_measured']} niet gemeten."), st["p"]))
    else:
        story.append(Paragraph("Nog geen twee monitoringsrondes om te vergelijken.", st["p"]))
    rows = [["Doel", "Resultaat tot nu toe", "Per € 100.000 besteed"]]
    for r in results.itertuples(index=False):
        rows.append([INDICATOR_NL[r.indicator], fmt.num(r.result, 1),
                     fmt.num(r.per_100k, 2) if math.isfinite(r.per_100k) else "–"])
    story += [Spacer(1, 4), _table(rows, [200, 150, 165])]
    story.append(Paragraph("Terreinen", st["h"]))
    rows = [["Terrein", "Gemeente", "Ladder", "Draagvlak", "Publiek", "Privaat", "Besteed",
             "% van plan"]]
    flags = []
    shown = parks.head(MAX_PARK_ROWS)
    for i, r in enumerate(shown.itertuples(index=False), start=1):
        share = (fmt.pct(r.spent_eur / r.planned_done_eur, 0) if r.planned_done_eur > 0.5
                 else "–")
        rows.append([_clip(r.name, 30), _clip(r.municipality, 16),
                     f"{r.level_plan} → {r.level_now}", fmt.pct(r.draagvlak_now, 0),
                     fmt.eur_short(r.public_eur), fmt.eur_short(r.private_eur),
                     fmt.eur_short(r.spent_eur) if r.spent_eur > 0.5 else "–", share])
        if r.under:
            flags.append(i)
    story.append(_table(rows, [135, 78, 40, 42, 58, 55, 55, 52], right_from=2,
                        flag_rows=tuple(flags)))
    if len(parks) > MAX_PARK_ROWS:
        story.append(Paragraph(f"… en {fmt.count(len(parks) - MAX_PARK_ROWS, 'terrein', 'terreinen')} met minder "
                               "geld; zie de regiowerkmap.", st["small"]))
    story.append(Spacer(1, 4))
    story.append(Paragraph("Rood: onderbesteding (minder dan 80% van het geplande bedrag "
                           "besteed in de gerealiseerde jaren).", st["small"]))
    return _page(story)


def park_sheet(prog: Programme, park_id: str) -> bytes:
    """One park on one page: its data then and now, money per year (plan, current, spent),
    results so far, and why it gets what it gets."""
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    sc, mon = prog.scenario, prog.monitoring
    park = next(p for p in sc.parks if p.park_id == park_id)
    story = [
        Paragraph(_e(park.name), st["title"]),
        Paragraph(_e(f"{park.park_id} · {park.municipality} · regio "
                     f"{park.region or 'geen'} · {fmt.num(park.area_ha, 1)} ha · "
                     f"{fmt.count(park.companies, 'bedrijf', 'bedrijven')} · "
                     f"{fmt.count(park.jobs, 'baan', 'banen')}"), st["sub"]),
    ]

    def now(field: str, plan_value: float) -> tuple[float, str]:
        found = mon.latest(park_id, field) if mon is not None else None
        return (float(found[0]), found[1].round_label) if found else (plan_value, "plan")

    lvl, lvl_round = now("organisation_level", park.organisation_level)
    dv, _ = now("draagvlak", park.draagvlak)
    cap, _ = now("private_capacity_eur", park.private_capacity_eur)
    part, _ = now("participating_companies", math.nan)
    story.append(_kpis([
        ("Organisatiegraad", f"{park.organisation_level} → {int(lvl)}"),
        ("Draagvlak (willen)", f"{fmt.pct(park.draagvlak, 0)} → {fmt.pct(dv, 0)}"),
        ("Draagkracht per jaar", fmt.eur_short(cap)),
        ("Deelnemende bedrijven", "–" if math.isnan(part) else f"{int(part)}"),
    ]))
    story.append(Paragraph(_e(
        f"Plan → nu (ronde {lvl_round}). Organisatieladder: {_level(lvl)}. "
        f"Gemeentelijk gebiedsteam: {'ja' if park.municipal_team else 'nee'}; strategisch "
        f"terrein: {'ja' if park.strategic else 'nee'}."), st["p"]))
    story.append(Paragraph("Geld per jaar", st["h"]))
    rp = prog.replan

    def per_year(alloc: pd.DataFrame, col: str = "public_eur") -> dict[int, float]:
        rows = alloc[alloc["park_id"] == park_id] if len(alloc) else alloc
        return rows.groupby("year")[col].sum().to_dict() if len(rows) else {}

    plan_y, cur_y = per_year(rp.plan.allocation), per_year(prog.current)
    priv_y = per_year(prog.current, "private_eur")
    spent_y: dict[int, float] = {}
    if mon is not None:
        for r in mon.realisation:
            if r.park_id == park_id:
                spent_y[r.year] = spent_y.get(r.year, 0.0) + r.public_eur
    rows = [["Jaar", "Oorspronkelijk plan", "Huidig plan publiek", "Huidig plan privaat",
             "Besteed"]]
    for y in sc.years:
        rows.append([str(y), fmt.eur(plan_y.get(y, 0.0)), fmt.eur(cur_y.get(y, 0.0)),
                     fmt.eur(priv_y.get(y, 0.0)),
                     fmt.eur(spent_y[y]) if y in spent_y else "–"])
    rows.append(["Totaal", fmt.eur(sum(plan_y.values())), fmt.eur(sum(cur_y.values())),
                 fmt.eur(sum(priv_y.values())),
                 fmt.eur(sum(spent_y.values())) if spent_y else "–"])
    story.append(_table(rows, [50, 116, 116, 116, 117]))
    story.append(Paragraph("Resultaten tot nu toe", st["h"]))
    rows = [["Doel", "Resultaat (cumulatief)", "Ronde"]]
    for ind, label in INDICATOR_NL.items():
        found = mon.latest(park_id, ind) if mon is not None else None
        rows.append([label, fmt.num(found[0], 1) if found else "–",
                     found[1].round_label if found else "–"])
    story.append(_table(rows, [200, 150, 165]))
    story.append(Paragraph("Waarom dit terrein krijgt wat het krijgt", st["h"]))
    res = rp.result if rp.result.has_allocation else rp.plan
    expl = res.explanations.get(park_id)
    story.append(Paragraph(_e(expl.message_nl if expl else "Geen uitleg beschikbaar."), st["p"]))
    if expl is not None and expl.what_would_change_nl:
        story.append(Spacer(1, 3))
        story.append(Paragraph("<b>Wat zou helpen:</b> " + _e(expl.what_would_change_nl),
                               st["p"]))
    if len(rp.moves):
        move = rp.moves[rp.moves["park_id"] == park_id]
        if len(move) and rp.fixed_years:
            m = move.iloc[0]
            story.append(Paragraph("Herplanning", st["h"]))
            story.append(Paragraph(_e(
                f"Resterende jaren: {fmt.eur(m['planned_rest_eur'])} gepland, nu "
                f"{fmt.eur(m['replanned_rest_eur'])} ({fmt.eur(m['change_eur'], signed=True)})."
                + (f" Waarom: {m['why_nl']}." if m["why_nl"] else "")), st["p"]))
    return _page(story)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _file_name(text: str) -> str:
    """A safe file name part: letters, digits, '-' and '_' only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "regio"


def write_factsheets(prog: Programme, outdir: Path | str, region: str | None = None
                     ) -> list[Path]:
    """Per region (or only `region`): its fact sheet, its workbook and a sheet per park.
    Raises KeyError for an unknown region."""
    from allocation.monitoring.regions import region_workbook
    from allocation.safe_write import write_atomically

    names = region_names(prog.scenario)
    if region is not None and region not in names:
        raise KeyError(region)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in [region] if region is not None else names:
        base = _file_name(name)
        path = out / f"regio_{base}.pdf"
        write_atomically(path, region_sheet(prog, name))  # whole or not at all
        written.append(path)
        book = out / f"regio_{base}.xlsx"
        region_workbook(prog, name, book)
        written.append(book)
        for p in prog.scenario.parks:
            if (p.region or NO_REGION) == name:
                path = out / f"terrein_{p.park_id}.pdf"
                write_atomically(path, park_sheet(prog, p.park_id))
                written.append(path)
    return written
