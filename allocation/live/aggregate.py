"""What a live round shows: the group's median weights, the plan under them next to the current
plan, per park the share of members under whose own weights it is funded, and per member how much
of their own value the group plan keeps.

Definitions (the room screen and docs/architecture.md repeat them):
- median weights: per goal the median of the members' normalised weights; the group plan uses
  these medians scaled to sum 1 (the model normalises weights anyway).
- the group's year split (when the round allows one and members gave it): per year the median
  share, scaled to sum 1, times the scenario's total budget; else the scenario's own budget.
- a member's own plan: the optimum under the member's weights with the group plan's budget.
- funded share of a park: the share of members whose own plan gives it money (more than
  `FUNDED_EUR`): "all" (every member), "most" (at least half), "few" (some), "none".
- kept share of a member: the value of the group plan measured with the member's weights
  (`evaluate`), divided by the value of the member's own plan under those weights. The two plans
  meet the same rules and budget, so the share lies in [0, 1] (1: the group plan is as good, to
  this member, as their own); a member whose own plan is worth nothing keeps 1.

Imports `domain`, `evaluation`, `pipeline` and `result`; never the store or Streamlit.
"""

from __future__ import annotations

import statistics
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from allocation.domain import GOALS, BudgetYear, Scenario
from allocation.evaluation import evaluate
from allocation.live.session import MemberInput
from allocation.result import FUNDED_EUR, AllocationResult

CLASSES = ("all", "most", "few", "none")
_MEMO_SIZE = 256
_memo: OrderedDict[tuple[object, ...], AllocationResult] = OrderedDict()
_memo_lock = threading.Lock()


def median_weights(inputs: Sequence[MemberInput]) -> dict[str, float]:
    """Per goal the median of the members' weights (they need not sum to 1)."""
    if not inputs:
        return {}
    return {g: float(statistics.median(i.weights[g] for i in inputs)) for g in GOALS}


def scaled(values: dict[str, float]) -> dict[str, float]:
    """`values` scaled to sum 1 (all equal when they sum to 0)."""
    total = sum(values.values())
    if total <= 0:
        return {k: 1.0 / len(values) for k in values}
    return {k: v / total for k, v in values.items()}


def median_years(inputs: Sequence[MemberInput]) -> dict[int, float] | None:
    """Per year the median share of the members who gave a split, scaled to sum 1."""
    given = [i.years for i in inputs if i.years]
    if not given:
        return None
    years = sorted(given[0])
    raw = {y: float(statistics.median(g.get(y, 0.0) for g in given)) for y in years}
    total = sum(raw.values())
    return {y: (v / total if total > 0 else 1.0 / len(raw)) for y, v in raw.items()}


def classify(share: float) -> str:
    """"all" / "most" / "few" / "none" for the share of members funding a park."""
    if share >= 1.0 - 1e-12:
        return "all"
    if share >= 0.5:
        return "most"
    return "few" if share > 0 else "none"


def kept_share(group_value: float, own_value: float) -> float:
    """What the group plan keeps of a member's own value, in [0, 1]."""
    if own_value <= 1e-9:
        return 1.0
    return max(0.0, min(1.0, group_value / own_value))


def with_weights(scenario: Scenario, weights: dict[str, float],
                 years: dict[int, float] | None = None) -> Scenario:
    """`scenario` with its goal weights replaced and, given a year split, its budget split."""
    changes: dict[str, object] = {
        "settings": scenario.settings.model_copy(
            update={f"weight_{g}": float(weights[g]) for g in GOALS}).model_dump()}
    if years:
        total = sum(b.budget_eur for b in scenario.budget)
        changes["budget"] = [BudgetYear(year=b.year, budget_eur=total * years.get(b.year, 0.0))
                             for b in scenario.budget]
    return scenario.with_changes(**changes)


def plan(scenario: Scenario, time_limit_s: float = 30.0) -> AllocationResult:
    """The optimum of `scenario` without the reasons per park, remembered per input (a room
    screen asks again every few seconds; a member's plan changes only with their input)."""
    from allocation.pipeline import solve

    key = (scenario.content_hash(), float(time_limit_s))
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    result = solve(scenario, time_limit_s, explain_parks=False)
    if result.has_allocation:
        with _memo_lock:
            _memo[key] = result
            while len(_memo) > _MEMO_SIZE:
                _memo.popitem(last=False)
    return result


def funded_parks(result: AllocationResult) -> set[str]:
    if not result.has_allocation or not len(result.by_park):
        return set()
    bp = result.by_park
    return {str(p) for p in bp.loc[bp["public_eur"] > FUNDED_EUR, "park_id"]}


@dataclass
class LiveAggregate:
    """Everything the room screen shows for one round at one moment."""

    count: int
    medians: dict[str, float]  # per goal, as the members gave them (normalised each)
    group_weights: dict[str, float]  # the medians scaled to sum 1: the group plan's weights
    year_split: dict[int, float] | None  # the group's split over the years, if any
    weights: pd.DataFrame  # member_no, name, goal, weight: one row per member and goal
    group: AllocationResult
    current: AllocationResult
    parks: pd.DataFrame  # park_id, name, members_funding, share, class, group_eur, current_eur
    members: pd.DataFrame  # member_no, name, own_value, group_value, kept_share
    group_scenario: Scenario


def aggregate(scenario: Scenario, inputs: Sequence[MemberInput],
              time_limit_s: float = 30.0) -> LiveAggregate | None:
    """The round's figures from `inputs` (None when nobody has answered yet)."""
    if not inputs:
        return None
    medians = median_weights(inputs)
    group_weights = scaled(medians)
    year_split = median_years(inputs)
    group_scenario = with_weights(scenario, group_weights, year_split)
    group = plan(group_scenario, time_limit_s)
    current = plan(scenario, time_limit_s)
    funding: dict[str, int] = {p.park_id: 0 for p in scenario.parks}
    rows = []
    for no, member in enumerate(inputs, start=1):
        own_scenario = with_weights(group_scenario, member.weights)
        own = plan(own_scenario, time_limit_s)
        for pid in funded_parks(own):
            funding[pid] += 1
        own_value = float(own.objective or 0.0) if own.has_allocation else 0.0
        group_value = (evaluate(own_scenario, group.allocation).objective
                       if group.has_allocation else 0.0)
        rows.append({"member_no": no, "name": member.name, "own_value": own_value,
                     "group_value": float(group_value),
                     "kept_share": kept_share(float(group_value), own_value)})
    n = len(inputs)
    group_eur = _public_by_park(group)
    current_eur = _public_by_park(current)
    parks = pd.DataFrame([{
        "park_id": p.park_id, "name": p.name, "members_funding": funding[p.park_id],
        "share": funding[p.park_id] / n, "class": classify(funding[p.park_id] / n),
        "group_eur": group_eur.get(p.park_id, 0.0),
        "current_eur": current_eur.get(p.park_id, 0.0),
    } for p in scenario.parks])
    weights = pd.DataFrame([{"member_no": no, "name": m.name, "goal": g, "weight": m.weights[g]}
                            for no, m in enumerate(inputs, start=1) for g in GOALS])
    return LiveAggregate(
        count=n, medians=medians, group_weights=group_weights, year_split=year_split,
        weights=weights, group=group, current=current, parks=parks,
        members=pd.DataFrame(rows), group_scenario=group_scenario)


def _public_by_park(result: AllocationResult) -> dict[str, float]:
    if not result.has_allocation or not len(result.by_park):
        return {}
    return {str(r.park_id): float(r.public_eur)
            for r in result.by_park[["park_id", "public_eur"]].itertuples(index=False)}
