"""Regional tables: one region's parks, money, ladder movement and progress, and its workbook.

    region_names(scenario)                                   the regions, "(geen regio)" last
    region_parks(programme, region)                          one row per park of the region
    region_years(programme, region)                          planned and spent per year
    region_workbook(programme, region, path=None) -> bytes   the export for a regional table

A `Programme` is everything the regional views need: the scenario, its monitoring data and the
re-plan (`replan.replan`: the original plan, and the current plan with the realised years
fixed; without monitoring data the two are the same allocation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from allocation.domain import INDICATORS, Monitoring, Scenario
from allocation.monitoring import progress
from allocation.monitoring.replan import Replan

NO_REGION = progress.NO_REGION


@dataclass
class Programme:
    scenario: Scenario  # the plan's scenario (as loaded or edited)
    monitoring: Monitoring | None
    replan: Replan

    @property
    def current(self) -> pd.DataFrame:
        """The current plan's allocation (the re-plan when it has one, else the plan); in the
        realised years the private euros are the realised ones, not the matching minimum."""
        rp = self.replan
        res = rp.result if rp.result.has_allocation else rp.plan
        alloc = res.allocation
        if not rp.fixed_years or res is not rp.result or self.monitoring is None:
            return alloc
        private = {(r.park_id, r.category, r.year): r.private_eur
                   for r in self.monitoring.realisation}
        done = alloc["year"].isin(rp.fixed_years).to_numpy()
        keys = zip(alloc["park_id"], alloc["category"], alloc["year"], strict=True)
        realised = np.array([private.get((p, c, int(y)), 0.0) for p, c, y in keys])
        return alloc.assign(private_eur=np.where(done, realised, alloc["private_eur"]))


def region_names(scenario: Scenario) -> list[str]:
    names = sorted({p.region for p in scenario.parks if p.region})
    if any(not p.region for p in scenario.parks):
        names.append(NO_REGION)
    return names


def _in_region(scenario: Scenario, region: str | None) -> list[str]:
    return [p.park_id for p in scenario.parks
            if region is None or (p.region or NO_REGION) == region]


def region_parks(prog: Programme, region: str | None) -> pd.DataFrame:
    """Per park of the region: municipality, ladder (plan and now), draagvlak now, current plan
    (public and private, all years), and in the realised years planned vs spent."""
    sc, mon = prog.scenario, prog.monitoring
    ids = set(_in_region(sc, region))
    alloc = prog.current
    alloc = alloc[alloc["park_id"].isin(ids)] if len(alloc) else alloc
    pub = alloc.groupby("park_id")["public_eur"].sum() if len(alloc) else pd.Series(dtype=float)
    priv = alloc.groupby("park_id")["private_eur"].sum() if len(alloc) else pd.Series(dtype=float)
    pvs = progress.planned_vs_spent(sc, prog.replan.plan, mon, "park").set_index("park_id")
    rows = []
    for p in sc.parks:
        if p.park_id not in ids:
            continue
        level_now = mon.latest(p.park_id, "organisation_level") if mon else None
        dv_now = mon.latest(p.park_id, "draagvlak") if mon else None
        rows.append({
            "park_id": p.park_id, "name": p.name, "municipality": p.municipality,
            "level_plan": p.organisation_level,
            "level_now": level_now[0] if level_now else p.organisation_level,
            "draagvlak_now": dv_now[0] if dv_now else p.draagvlak,
            "public_eur": float(pub.get(p.park_id, 0.0)),
            "private_eur": float(priv.get(p.park_id, 0.0)),
            "planned_done_eur": float(pvs["planned_eur"].get(p.park_id, 0.0)),
            "spent_eur": float(pvs["spent_eur"].get(p.park_id, 0.0)),
            "under": bool(pvs["under"].get(p.park_id, False)),
        })
    frame = pd.DataFrame(rows)
    if not len(frame):
        return frame
    return frame.sort_values(["public_eur", "name"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def region_years(prog: Programme, region: str | None) -> pd.DataFrame:
    """Per year: public and private money of the current plan, the original plan, and what was
    spent (realised years)."""
    ids = set(_in_region(prog.scenario, region))
    years = prog.scenario.years

    def per_year(alloc: pd.DataFrame, col: str) -> pd.Series:
        if not len(alloc):
            return pd.Series(0.0, index=years)
        rows = alloc[alloc["park_id"].isin(ids)]
        return rows.groupby("year")[col].sum().reindex(years, fill_value=0.0)

    spent = pd.Series(0.0, index=years)
    if prog.monitoring is not None:
        for r in prog.monitoring.realisation:
            if r.park_id in ids and r.year in spent.index:
                spent[r.year] += r.public_eur
    return pd.DataFrame({
        "year": years,
        "plan_public_eur": per_year(prog.replan.plan.allocation, "public_eur").to_numpy(),
        "current_public_eur": per_year(prog.current, "public_eur").to_numpy(),
        "current_private_eur": per_year(prog.current, "private_eur").to_numpy(),
        "spent_eur": spent.to_numpy(),
    })


def region_results(prog: Programme, region: str | None) -> pd.DataFrame:
    """Per goal: the region's result so far, and per € 100.000 spent."""
    frame = progress.results_per_euro(prog.scenario, prog.monitoring, by="park")
    if region is not None:
        frame = frame[frame["region"] == region]
    spent = float(frame["spent_eur"].sum())
    rows = []
    for ind in INDICATORS:
        total = float(frame[ind].sum())
        per = total / spent * progress.RESULT_PER_EUR if spent > 0 else math.nan
        rows.append({"indicator": ind, "result": total, "per_100k": per})
    return pd.DataFrame(rows)


def region_ladder(prog: Programme, region: str | None) -> dict[str, int | str]:
    table = progress.ladder_movement(prog.scenario, prog.monitoring)
    key = "totaal" if region is None else region
    row = table[table["region"] == key]
    if not len(row):
        return {"up": 0, "same": 0, "down": 0, "not_measured": 0, "from_round": "",
                "to_round": ""}
    return {k: (int(v) if isinstance(v, int | np.integer) else str(v))
            for k, v in row.iloc[0].to_dict().items() if k != "region"}


# -- the regional workbook ------------------------------------------------------------------

INDICATOR_NL = {
    "result_energy_mwh": "Energie (MWh)",
    "result_circularity_tonnes": "Circulariteit (ton)",
    "result_economy_jobs": "Economie (banen)",
    "result_cooperation_projects": "Samenwerking (projecten)",
}


def region_workbook(prog: Programme, region: str | None, path: Path | str | None = None
                    ) -> bytes:
    """One region's export for its regional table (Dutch sheet and column names)."""
    from allocation.workbook import EUR_FMT, new_workbook, save_workbook, write_table

    wb = new_workbook()
    parks = region_parks(prog, region)
    years = region_years(prog, region)
    ladder = region_ladder(prog, region)
    name = region or "alle regio's"
    ws = wb.create_sheet("samenvatting")
    summary: list[list[object]] = [
        ["Regio", name],
        ["Terreinen", len(parks)],
        ["Publiek geld (huidig plan, alle jaren)", float(years["current_public_eur"].sum())],
        ["Privaat geld (huidig plan)", float(years["current_private_eur"].sum())],
        ["Besteed (gerealiseerde jaren)", float(years["spent_eur"].sum())],
        ["Terreinen met onderbesteding", int(parks["under"].sum()) if len(parks) else 0],
        [f"Organisatieladder {ladder['from_round']} → {ladder['to_round']}: omhoog",
         ladder["up"]],
        ["Gelijk", ladder["same"]], ["Teruggevallen", ladder["down"]],
        ["Niet gemeten", ladder["not_measured"]],
    ]
    write_table(ws, ["Onderwerp", "Waarde"], summary, widths=[48, 18])
    for r in (4, 5, 6):  # the three amounts (rows 2-3 are a name and a count)
        ws.cell(row=r, column=2).number_format = EUR_FMT
    ws = wb.create_sheet("terreinen")
    write_table(ws, ["terrein_id", "naam", "gemeente", "organisatiegraad plan",
                     "organisatiegraad nu", "draagvlak nu", "publiek (huidig plan)",
                     "privaat (huidig plan)", "gepland gerealiseerde jaren", "besteed",
                     "onderbesteding"],
                [[r.park_id, r.name, r.municipality, r.level_plan, r.level_now,
                  r.draagvlak_now, r.public_eur, r.private_eur, r.planned_done_eur,
                  r.spent_eur, "ja" if r.under else "nee"] for r in parks.itertuples()],
                formats=[None, None, None, "0", "0", "0.00", EUR_FMT, EUR_FMT, EUR_FMT,
                         EUR_FMT, None])
    ws = wb.create_sheet("per_jaar")
    write_table(ws, ["jaar", "oorspronkelijk plan", "huidig plan publiek",
                     "huidig plan privaat", "besteed"],
                [list(r) for r in years.itertuples(index=False)],
                formats=["0", EUR_FMT, EUR_FMT, EUR_FMT, EUR_FMT])
    ws = wb.create_sheet("resultaten")
    res = region_results(prog, region)
    write_table(ws, ["doel", "resultaat tot nu toe", "per € 100.000 besteed"],
                [[INDICATOR_NL[r.indicator], r.result, r.per_100k] for r in res.itertuples()],
                formats=[None, "#,##0.0", "#,##0.00"])
    return save_workbook(wb, path)
