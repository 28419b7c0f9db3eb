"""Progress against the plan, from the monitoring rounds and the realised spending (pandas only).

    trends(scenario, monitoring)                      per park and round: ladder, draagvlak, ...
    rounds(scenario, monitoring)                      the rounds to choose from ("plan" first)
    ladder_movement(scenario, monitoring, a, b)       per region: up / same / down / not measured
    planned_vs_spent(scenario, plan, monitoring, by)  per year, category, park or region
    results_per_euro(scenario, monitoring, by)        each goal's result per € 100.000 public
    falling_support(scenario, plan, monitoring)       draagvlak falling while money is planned

The plan's own park data are the baseline, shown as the round "plan" before every monitoring
round; a park's trend runs from there over the rounds that measured it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from allocation.domain import INDICATORS, Monitoring, Scenario
from allocation.result import AllocationResult

PLAN_ROUND = "plan"  # the label of the baseline: the plan's park data
UNDERSPEND_SHARE = 0.8  # spent below this share of the planned money: flagged
RESULT_PER_EUR = 100_000.0  # results are shown per € 100.000 public money
NO_REGION = "(geen regio)"
MEASURES = ("organisation_level", "draagvlak", "private_capacity_eur",
            "participating_companies", *INDICATORS)


def _region(region: str | None) -> str:
    return region if region else NO_REGION


def rounds(monitoring: Monitoring | None) -> list[str]:
    """Round labels, oldest first, after the plan's baseline."""
    keys = monitoring.round_keys() if monitoring is not None else []
    labels = [str(d.year) if y else f"{d.day:02d}-{d.month:02d}-{d.year}" for d, y in keys]
    return [PLAN_ROUND, *labels]


def trends(scenario: Scenario, monitoring: Monitoring | None) -> pd.DataFrame:
    """One row per park and round (the plan's data as round "plan", order 0), with every
    measurement (NaN where a round did not measure it)."""
    rows = []
    for p in scenario.parks:
        rows.append({"park_id": p.park_id, "name": p.name, "region": _region(p.region),
                     "round": PLAN_ROUND, "order": 0,
                     "organisation_level": p.organisation_level, "draagvlak": p.draagvlak,
                     "private_capacity_eur": p.private_capacity_eur})
    names = {p.park_id: (p.name, _region(p.region)) for p in scenario.parks}
    if monitoring is not None:
        order = {k: i + 1 for i, k in enumerate(monitoring.round_keys())}
        for r in monitoring.rounds:
            if r.park_id not in names:
                continue
            row = {"park_id": r.park_id, "name": names[r.park_id][0],
                   "region": names[r.park_id][1], "round": r.round_label,
                   "order": order[(r.round_date, r.year_only)]}
            row.update({m: getattr(r, m) for m in MEASURES})
            rows.append(row)
    frame = pd.DataFrame(rows)
    for m in MEASURES:
        if m not in frame:
            frame[m] = math.nan
        frame[m] = frame[m].astype(float)
    return frame.sort_values(["park_id", "order"], kind="stable").reset_index(drop=True)


def _level_at(frame: pd.DataFrame, label: str) -> pd.Series:
    rows = frame[(frame["round"] == label) & frame["organisation_level"].notna()]
    return rows.set_index("park_id")["organisation_level"]


def ladder_movement(scenario: Scenario, monitoring: Monitoring | None,
                    from_round: str | None = None, to_round: str | None = None
                    ) -> pd.DataFrame:
    """Per region (and a total row): parks that went up the organisation ladder, stayed, fell
    back, or were not measured in both rounds. Default: the last two rounds."""
    labels = rounds(monitoring)
    if to_round is None:
        to_round = labels[-1]
    if from_round is None:
        from_round = labels[-2] if len(labels) > 1 else labels[0]
    frame = trends(scenario, monitoring)
    a, b = _level_at(frame, from_round), _level_at(frame, to_round)
    out = []
    regions = sorted({_region(p.region) for p in scenario.parks})
    for region in [*regions, None]:
        parks = [p.park_id for p in scenario.parks if region is None or _region(p.region) == region]
        both = [pid for pid in parks if pid in a.index and pid in b.index]
        diff = np.array([b[pid] - a[pid] for pid in both])
        out.append({"region": region if region is not None else "totaal",
                    "up": int((diff > 0).sum()), "same": int((diff == 0).sum()),
                    "down": int((diff < 0).sum()), "not_measured": len(parks) - len(both),
                    "from_round": from_round, "to_round": to_round})
    return pd.DataFrame(out)


def _spent_frame(scenario: Scenario, monitoring: Monitoring | None) -> pd.DataFrame:
    cols = ["park_id", "category", "year", "spent_public_eur", "spent_private_eur"]
    if monitoring is None or not monitoring.realisation:
        return pd.DataFrame({c: [] for c in cols}).astype({"year": "int64"})
    return pd.DataFrame([(r.park_id, r.category, r.year, r.public_eur, r.private_eur)
                         for r in monitoring.realisation], columns=cols)


def planned_vs_spent(scenario: Scenario, plan: AllocationResult, monitoring: Monitoring | None,
                     by: str = "park") -> pd.DataFrame:
    """Planned and realised public money in the realised years, grouped `by` year, category,
    park or region; `share` = spent / planned and `under` flags spending below
    UNDERSPEND_SHARE of the plan (only where money was planned)."""
    key = {"year": "year", "category": "category", "park": "park_id", "region": "region"}[by]
    spent = _spent_frame(scenario, monitoring)
    years = sorted(set(spent["year"].astype(int)))
    alloc = plan.allocation
    planned = alloc[alloc["year"].isin(years)] if len(alloc) else alloc
    region = {p.park_id: _region(p.region) for p in scenario.parks}
    names = {p.park_id: p.name for p in scenario.parks}
    planned = planned.assign(region=planned["park_id"].map(region)) if len(planned) else \
        pd.DataFrame({"park_id": [], "category": [], "year": [], "public_eur": [], "region": []})
    spent = spent.assign(region=spent["park_id"].map(region))
    p = planned.groupby(key)["public_eur"].sum().rename("planned_eur")
    s = spent.groupby(key)[["spent_public_eur", "spent_private_eur"]].sum()
    frame = pd.concat([p, s], axis=1).fillna(0.0).reset_index().rename(columns={"index": key})
    frame = frame.rename(columns={"spent_public_eur": "spent_eur",
                                  "spent_private_eur": "spent_private_eur"})
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(frame["planned_eur"] > 0.5, frame["spent_eur"] / frame["planned_eur"],
                         np.nan)
    frame["share"] = share
    frame["under"] = (frame["planned_eur"] > 0.5) & (frame["share"] < UNDERSPEND_SHARE)
    if by == "park":
        frame.insert(1, "name", frame["park_id"].map(names))
        frame.insert(2, "region", frame["park_id"].map(region))
    return frame.sort_values(key, kind="stable").reset_index(drop=True)


def results_per_euro(scenario: Scenario, monitoring: Monitoring | None,
                     by: str = "region") -> pd.DataFrame:
    """Each goal's latest result (cumulative, from the rounds) per RESULT_PER_EUR of public
    money spent, per park or region (and a total row for regions)."""
    spent = _spent_frame(scenario, monitoring).groupby("park_id")["spent_public_eur"].sum()
    rows = []
    for p in scenario.parks:
        row = {"park_id": p.park_id, "name": p.name, "region": _region(p.region),
               "spent_eur": float(spent.get(p.park_id, 0.0))}
        for ind in INDICATORS:
            found = monitoring.latest(p.park_id, ind) if monitoring is not None else None
            row[ind] = float(found[0]) if found is not None else 0.0
        rows.append(row)
    frame = pd.DataFrame(rows)
    if by == "region":
        grouped = frame.groupby("region")[["spent_eur", *INDICATORS]].sum()
        grouped.loc["totaal"] = grouped.sum()
        frame = grouped.reset_index()
    for ind in INDICATORS:
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[f"{ind}_per"] = np.where(frame["spent_eur"] > 0,
                                           frame[ind] / frame["spent_eur"] * RESULT_PER_EUR,
                                           np.nan)
    return frame


def falling_support(scenario: Scenario, plan: AllocationResult, monitoring: Monitoring | None
                    ) -> pd.DataFrame:
    """Parks whose draagvlak fell at their latest measurement (against the one before, or the
    plan's figure) while the plan still has public money for them after the realised years."""
    cols = ["park_id", "name", "region", "draagvlak_before", "draagvlak_now", "round",
            "planned_eur"]
    if monitoring is None or not monitoring.rounds:
        return pd.DataFrame({c: [] for c in cols})
    frame = trends(scenario, monitoring)
    done = set(monitoring.realised_years())
    alloc = plan.allocation
    ahead = alloc[~alloc["year"].isin(done)].groupby("park_id")["public_eur"].sum() \
        if len(alloc) else pd.Series(dtype=float)
    rows = []
    for pid, park_rows in frame[frame["draagvlak"].notna()].groupby("park_id", sort=False):
        if len(park_rows) < 2:
            continue
        before, now = park_rows.iloc[-2], park_rows.iloc[-1]
        money = float(ahead.get(pid, 0.0))
        if now["draagvlak"] < before["draagvlak"] - 1e-9 and money > 0.5:
            rows.append({"park_id": pid, "name": now["name"], "region": now["region"],
                         "draagvlak_before": before["draagvlak"],
                         "draagvlak_now": now["draagvlak"], "round": now["round"],
                         "planned_eur": money})
    out = pd.DataFrame(rows, columns=cols)
    drop = out["draagvlak_before"] - out["draagvlak_now"]
    return out.iloc[np.argsort(-drop.to_numpy(), kind="stable")].reset_index(drop=True)
