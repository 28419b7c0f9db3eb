"""Why did the money move? Shapley attribution of a comparison A -> B to the assumption changes.

    changes(a, b) -> list[Group]                 the differences, grouped as a user thinks of them
    compute(a, b, many="merge", ...) -> Attribution

Groups (each one atomic "part"; the key in brackets):
    each year's budget [budget:2027], each category's data [category:<id>] (private share, cap,
    and whatever else of that category changed, named after what changed), the goal weights
    [weights], the strategic floor [floor], the maximum municipality share [municipality_share],
    the park data [parks] (rows edited, added or removed), and the other assumptions [other]
    (discount rate, draagvlak effect, capacity growth and levels, carry-over, organisation
    category, returns). Every difference between A and B belongs to exactly one group, checked:
    A with every group applied has B's content hash.

The value of a set S of groups is the solve of "A with the groups in S changed to B"
(`scenario_with`): every one of the 2^k points is a real re-solve through the pipeline of
`allocation.solve` (without the reasons per park), never an extrapolation. Each point is solved
from scratch, as `solve` solves it, and not warm from a neighbour's basis: the tie-break's
optimum is not unique on every instance (ties.py), and a warm start could then show money
moving between parks that `solve` would not move. Measured (2026-12-07): starting every point
from A's optimal basis with the dual simplex gave allocations that differ from `solve` on the
small test scenarios and was slower, not faster, on tight_private 700×10 (1,1 s a point against
0,6 s cold, the weight and share changes move the costs and the matrix). At 700×10 a solve
costs about 0,1 s (realistic family), and the points go to every core (`parallel.map_draws`,
with its progress and stop).

Shapley value of group i: the average over all orders of applying the groups of what group i
adds when it comes: φ_i = Σ_{S ⊆ N\\{i}} |S|!(k−|S|−1)!/k! · (v(S ∪ {i}) − v(S)). Exact up to
MAX_EXACT groups. Beyond that the user picks: "sample" (SAMPLES random orders, seeded; each
order's contributions add up to the whole difference, so the estimates do too; the standard
error of each estimate is reported) or "merge" (the budgets of all years into one group, then
all categories, then the settings, until at most MAX_EXACT are left). The effect of each group
applied alone to A, v({i}) − v(∅), is reported too: where it differs from φ_i the groups
interact.

What is attributed: per park and year the public euros (additive, comparable whatever the
weights), and the total value. Value points under different goal weights are not comparable
(glossary), so when A and B have different weights every point's allocation is valued with the
reference scenario A's weights (`evaluate` on that point's scenario with A's weights): the
total value difference is then "B's allocation, measured with A's yardstick, minus A's", and
the weights group gets what moving money to B's priorities costs or brings in A's terms.
`Attribution.value_b_own` keeps B's own objective for the note.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from allocation.analysis import Progress
from allocation.analysis.parallel import default_workers, draw_rng, map_draws
from allocation.domain import GOALS, BilingualError, Scenario

MAX_EXACT = 6
POOL_MIN_S = 1.0  # below this much work left (on all cores) the points are solved here
DEFAULT_SAMPLES = 64
MANY_CHOICES = ("merge", "sample")
WEIGHT_KEYS = tuple(f"weight_{g}" for g in GOALS)
OWN_SETTINGS = {"strategic_floor_eur": "floor", "max_municipality_share": "municipality_share",
                **{k: "weights" for k in WEIGHT_KEYS}}
# merging beyond MAX_EXACT groups, in this order: every kind below becomes one group
MERGE_STAGES: tuple[tuple[str, ...], ...] = (
    ("budget",), ("category",), ("weights", "floor", "municipality_share", "other"))


class AttributionError(BilingualError, ValueError):
    """The two scenarios cannot be attributed (different planning years); Dutch and English."""


@dataclass(frozen=True)
class Group:
    """One group of changes: its parts, its name and its cause in a sentence ("door ...")."""

    parts: tuple[str, ...]
    name_nl: str
    name_en: str
    cause_nl: str  # "het lagere budget voor 2027"
    cause_en: str  # "the lower budget for 2027"

    @property
    def kinds(self) -> set[str]:
        return {p.split(":")[0] for p in self.parts}


# -- the differences ------------------------------------------------------------------------


def _direction(a: float | None, b: float | None) -> int:
    """+1 when B is higher, -1 when lower, 0 when not comparable (a blank cap, say)."""
    if a is None or b is None or a == b:
        return 0
    return 1 if b > a else -1


def _adj(direction: int) -> tuple[str, str]:
    if direction > 0:
        return ("hogere", "higher")
    if direction < 0:
        return ("lagere", "lower")
    return ("gewijzigde", "changed")


def _category_group(cid: str, ca: Any, cb: Any, label: str) -> Group:
    part = (f"category:{cid}",)
    if ca is None:
        return Group(part, f"nieuwe categorie {label}", f"new category {label}",
                     f"de nieuwe categorie {label}", f"the new category {label}")
    if cb is None:
        return Group(part, f"vervallen categorie {label}", f"category {label} removed",
                     f"het vervallen van categorie {label}", f"the removal of category {label}")
    da, db = ca.model_dump(), cb.model_dump()
    changed = [k for k in da if da[k] != db[k]]
    if changed == ["min_private_share"]:
        nl, en = _adj(_direction(ca.min_private_share, cb.min_private_share))
        return Group(part, f"private eis {label}", f"private share {label}",
                     f"de {nl} private eis voor {label}",
                     f"the {en} private share required for {label}")
    if changed == ["max_per_park_year_eur"]:
        a, b = ca.max_per_park_year_eur, cb.max_per_park_year_eur
        if b is None:
            return Group(part, f"plafond {label}", f"cap {label}",
                         f"het vervallen plafond voor {label}", f"the cap removed for {label}")
        nl, en = _adj(_direction(a, b)) if a is not None else ("nieuwe", "new")
        return Group(part, f"plafond {label}", f"cap {label}",
                     f"het {nl} plafond voor {label}", f"the {en} cap for {label}")
    if set(changed) == {"min_private_share", "max_per_park_year_eur"}:
        return Group(part, f"private eis en plafond {label}", f"private share and cap {label}",
                     f"de gewijzigde private eis en het plafond voor {label}",
                     f"the changed private share and cap for {label}")
    return Group(part, f"categorie {label}", f"category {label}",
                 f"de gewijzigde voorwaarden voor {label}", f"the changed terms for {label}")


def changes(a: Scenario, b: Scenario) -> list[Group]:
    """Every difference between A and B, grouped the way a user thinks of them, in a fixed
    order (budgets by year, categories, weights, floor, municipality share, parks, other)."""
    if a.years != b.years:
        raise AttributionError(
            f"De scenario's hebben verschillende planjaren ({a.years[0]}–{a.years[-1]} en "
            f"{b.years[0]}–{b.years[-1]}): een verklaring per wijziging kan alleen bij "
            "dezelfde jaren.",
            f"The scenarios have different planning years ({a.years[0]}–{a.years[-1]} and "
            f"{b.years[0]}–{b.years[-1]}): explaining by change needs the same years.")
    groups: list[Group] = []
    ba, bb = a.budgets, b.budgets
    for y in a.years:
        if ba[y] != bb[y]:
            nl, en = _adj(_direction(ba[y], bb[y]))
            groups.append(Group((f"budget:{y}",), f"budget {y}", f"budget {y}",
                                f"het {nl} budget voor {y}", f"the {en} budget for {y}"))
    cats_a = {c.category: c for c in a.categories}
    cats_b = {c.category: c for c in b.categories}
    labels = {**{c: x.label or c for c, x in cats_a.items()},
              **{c: x.label or c for c, x in cats_b.items() if c not in cats_a}}
    if len(set(labels.values())) < len(labels):  # two categories share a label: add the id
        labels = {c: f"{lab} ({c})" for c, lab in labels.items()}
    for cid in _category_ids(a, b):
        ca, cb = cats_a.get(cid), cats_b.get(cid)
        if ca is None or cb is None or ca != cb:
            groups.append(_category_group(cid, ca, cb, labels[cid]))
    sa, sb = a.settings, b.settings
    if any(getattr(sa, k) != getattr(sb, k) for k in WEIGHT_KEYS):
        groups.append(Group(("weights",), "doelgewichten", "goal weights",
                            "de gewichten", "the goal weights"))
    if sa.strategic_floor_eur != sb.strategic_floor_eur:
        nl, en = _adj(_direction(sa.strategic_floor_eur, sb.strategic_floor_eur))
        groups.append(Group(("floor",), "strategische bodem", "strategic floor",
                            f"de {nl} strategische bodem", f"the {en} strategic floor"))
    if sa.max_municipality_share != sb.max_municipality_share:
        nl, en = _adj(_direction(sa.max_municipality_share, sb.max_municipality_share))
        groups.append(Group(("municipality_share",), "maximaal gemeenteaandeel",
                            "maximum municipality share", f"het {nl} maximale gemeenteaandeel",
                            f"the {en} maximum municipality share"))
    if a.parks != b.parks:
        groups.append(Group(("parks",), "terreingegevens", "park data",
                            "de gewijzigde terreingegevens", "the edited park data"))
    other = [k for k in type(sa).model_fields if k not in OWN_SETTINGS
             and getattr(sa, k) != getattr(sb, k)]
    if other or a.returns != b.returns:
        groups.append(Group(("other",), "overige aannames", "other assumptions",
                            "de overige gewijzigde aannames", "the other changed assumptions"))
    return groups


def _category_ids(a: Scenario, b: Scenario) -> list[str]:
    ids = [c.category for c in a.categories]
    return ids + [c.category for c in b.categories if c.category not in ids]


def merge(groups: Sequence[Group], limit: int = MAX_EXACT) -> list[Group]:
    """At most `limit` groups: merge all budget years into one, then all categories, then the
    settings (weights, floor, municipality share, other), until few enough are left."""
    out = list(groups)
    for kinds in MERGE_STAGES:
        if len(out) <= limit:
            break
        inside = [g for g in out if g.kinds <= set(kinds)]
        if len(inside) < 2:
            continue
        merged = _merged(kinds, inside)
        first = out.index(inside[0])
        out = [g for g in out if g not in inside]
        out.insert(first, merged)
    return out


def _merged(kinds: tuple[str, ...], inside: list[Group]) -> Group:
    parts = tuple(p for g in inside for p in g.parts)
    if kinds == ("budget",):
        dirs = {g.cause_nl.split()[1] for g in inside}
        nl = next(iter(dirs)) if len(dirs) == 1 else "gewijzigde"
        en = {"hogere": "higher", "lagere": "lower"}.get(nl, "changed")
        return Group(parts, "budget (alle jaren)", "budget (all years)",
                     f"de {nl} budgetten", f"the {en} budgets")
    if kinds == ("category",):
        return Group(parts, "categorieën", "categories", "de gewijzigde categorieën",
                     "the changed categories")
    return Group(parts, "instellingen", "settings", "de gewijzigde instellingen",
                 "the changed settings")


# -- the scenario of a set of groups ---------------------------------------------------------


def scenario_with(a: Scenario, b: Scenario, parts: Sequence[str]) -> Scenario:
    """A with the parts in `parts` changed to what they are in B (and nothing else). Raises
    pydantic's ValidationError when the combination is not a valid scenario."""
    data = a.model_dump()
    bdata = b.model_dump()
    applied = set(parts)
    for part in parts:
        kind, _, key = part.partition(":")
        if kind == "budget":
            year = int(key)
            for row, brow in zip(data["budget"], bdata["budget"], strict=True):
                if row["year"] == year:
                    row["budget_eur"] = brow["budget_eur"]
        elif kind == "weights":
            for k in WEIGHT_KEYS:
                data["settings"][k] = bdata["settings"][k]
        elif kind == "floor":
            data["settings"]["strategic_floor_eur"] = bdata["settings"]["strategic_floor_eur"]
        elif kind == "municipality_share":
            data["settings"]["max_municipality_share"] = \
                bdata["settings"]["max_municipality_share"]
        elif kind == "parks":
            data["parks"] = bdata["parks"]
        elif kind == "other":
            for k in type(a.settings).model_fields:
                if k not in OWN_SETTINGS:
                    data["settings"][k] = bdata["settings"][k]
            data["returns"] = bdata["returns"]
    cat_parts = [p for p in applied if p.startswith("category:")]
    if cat_parts:
        by_a = {c["category"]: c for c in data["categories"]}
        by_b = {c["category"]: c for c in bdata["categories"]}
        for p in cat_parts:
            cid = p.split(":", 1)[1]
            if cid in by_b:
                by_a[cid] = by_b[cid]
            else:
                by_a.pop(cid, None)
        data["categories"] = [by_a[c] for c in _category_ids(a, b) if c in by_a]
    if [c.category for c in a.categories] != [c.category for c in b.categories]:
        # categories added, removed or reordered: one fixed order for every point (by id),
        # so that a point never depends on which side it came from
        order = {c: i for i, c in enumerate(sorted(_category_ids(a, b)))}
        data["categories"] = sorted(data["categories"], key=lambda c: order[c["category"]])
    data["source"] = a.source
    return Scenario.model_validate(data)


# -- solving the points -----------------------------------------------------------------------


@dataclass
class _Context:
    a: Scenario
    b: Scenario
    parts: list[tuple[str, ...]]  # per subset: the parts applied
    park_ids: list[str]
    years: list[int]
    reference_weights: dict[str, float] | None  # A's weights, when A and B differ in them
    time_limit_s: float


@dataclass
class PointOutcome:
    """One point (subset): how its solve ended, its value and its money per park and year."""

    status: str
    value: float | None  # measured with A's weights when they differ from the point's
    objective: float | None  # the point's own objective
    money: np.ndarray | None  # [P, T] public €
    message_nl: str = ""
    message_en: str = ""


def _setup(scenario: Scenario, context: _Context) -> _Context:
    return context


def solve_point(ctx: _Context, i: int) -> PointOutcome:
    """The solve of subset i, as `allocation.solve` solves it (without reasons per park)."""
    from pydantic import ValidationError

    from allocation.pipeline import solve

    try:
        scen = scenario_with(ctx.a, ctx.b, ctx.parts[i])
    except ValidationError as err:
        first = err.errors()[0].get("msg", "") if err.errors() else str(err)
        return PointOutcome("invalid", None, None, None,
                            f"deze combinatie is geen geldig scenario ({first})",
                            f"this combination is not a valid scenario ({first})")
    res = solve(scen, ctx.time_limit_s, explain_parks=False)
    if not res.has_allocation:
        return PointOutcome(res.status, None, None, None, res.message_nl, res.message_en)
    money = np.zeros((len(ctx.park_ids), len(ctx.years)))
    alloc = res.allocation
    if len(alloc):
        pos = {p: j for j, p in enumerate(ctx.park_ids)}
        ypos = {y: j for j, y in enumerate(ctx.years)}
        rows = np.array([pos[str(p)] for p in alloc["park_id"]], dtype=int)
        cols = np.array([ypos[int(y)] for y in alloc["year"]], dtype=int)
        np.add.at(money, (rows, cols), alloc["public_eur"].to_numpy(dtype=float))
    objective = float(res.objective or 0.0)
    value = objective
    if ctx.reference_weights is not None and any(
            scen.settings.weight(g) != ctx.reference_weights[g] for g in GOALS):
        from allocation.evaluation import evaluate

        ref = scen.with_settings(**{f"weight_{g}": w for g, w in ctx.reference_weights.items()})
        value = float(evaluate(ref, alloc).objective)
    return PointOutcome(res.status, value, objective, money)


# -- the attribution --------------------------------------------------------------------------


@dataclass
class Attribution:
    """The attribution of B − A to the groups (module docstring). Arrays are per group [k],
    per group, park and year [k, P, T] (public €), parks in `park_ids` order."""

    status: str  # "optimal", "time_limit" (some point not proven optimal), "infeasible", "error"
    message_nl: str
    message_en: str
    groups: list[Group]
    method: str  # "exact" or "sample"
    merged: bool  # groups were merged to at most MAX_EXACT
    samples: int  # orders drawn (method "sample"), else 0
    park_ids: list[str]
    park_names: list[str]
    years: list[int]
    weights_differ: bool
    value_a: float = 0.0
    value_b: float = 0.0  # B's allocation, with A's weights when they differ
    value_b_own: float = 0.0  # B's own objective
    value_by_group: np.ndarray = field(default_factory=lambda: np.zeros(0))
    value_alone: np.ndarray = field(default_factory=lambda: np.zeros(0))
    value_se: np.ndarray | None = None  # standard error per group (method "sample")
    money_a: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    money_b: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    money_by_group: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0)))
    money_alone: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0)))
    money_se: np.ndarray | None = None  # [k, P] standard error of the park totals
    solves: int = 0
    seconds: float = 0.0
    # every point solved: bitmask over `groups` (bit i = group i applied) -> value, money [P, T]
    points: dict[int, tuple[float, np.ndarray]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "time_limit")

    @property
    def total_value_difference(self) -> float:
        return self.value_b - self.value_a

    @property
    def park_difference(self) -> np.ndarray:
        """[P] B − A public € per park (over the years)."""
        diff: np.ndarray = (self.money_b - self.money_a).sum(axis=1)
        return diff

    @property
    def park_by_group(self) -> np.ndarray:
        """[k, P] each group's share of each park's difference (over the years)."""
        shares: np.ndarray = self.money_by_group.sum(axis=2)
        return shares

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl


def shapley_weights(k: int) -> np.ndarray:
    """w[s] = s!(k−s−1)!/k!, the weight of a coalition of size s joined by one more group."""
    return np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                     for s in range(k)])


def exact_shapley(values: np.ndarray) -> np.ndarray:
    """Shapley values from the values of all 2^k subsets (index = bitmask; any trailing shape):
    [k, ...]."""
    n = values.shape[0]
    k = n.bit_length() - 1
    w = shapley_weights(k)
    sizes = np.array([bin(m).count("1") for m in range(n)])
    out = np.zeros((k, *values.shape[1:]))
    for i in range(k):
        bit = 1 << i
        without = np.array([m for m in range(n) if not m & bit], dtype=int)
        coef = w[sizes[without]]
        diff = values[without | bit] - values[without]
        out[i] = np.tensordot(coef, diff, axes=(0, 0))
    return out


def orders(k: int, samples: int, seed: int) -> list[np.ndarray]:
    """The random orders of method "sample": order j from `draw_rng(seed, j)`."""
    return [draw_rng(seed, j).permutation(k) for j in range(samples)]


def sampled_shapley(values: dict[int, np.ndarray], perms: list[np.ndarray]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard error over the orders of what each group adds when it comes."""
    k = len(perms[0])
    contrib: list[np.ndarray] = []
    for perm in perms:
        mask = 0
        row: list[Any] = [None] * k
        for g in perm:
            nxt = mask | (1 << int(g))
            row[int(g)] = values[nxt] - values[mask]
            mask = nxt
        contrib.append(np.stack(row))
    arr = np.stack(contrib)  # [m, k, ...]
    mean = arr.mean(axis=0)
    se = arr.std(axis=0, ddof=1) / math.sqrt(len(perms)) if len(perms) > 1 \
        else np.zeros_like(mean)
    return mean, se


def _masks(k: int, method: str, perms: list[np.ndarray]) -> list[int]:
    if method == "exact":
        return list(range(1 << k))
    need = {0, (1 << k) - 1, *(1 << i for i in range(k))}
    for perm in perms:
        mask = 0
        for g in perm:
            mask |= 1 << int(g)
            need.add(mask)
    return sorted(need)


def compute(a: Scenario, b: Scenario, *, many: str = "merge", samples: int = DEFAULT_SAMPLES,
            seed: int = 0, time_limit_s: float = 60.0, progress: Progress | None = None,
            workers: int | None = None) -> Attribution:
    """Attribute B − A to the groups of `changes(a, b)` (module docstring). `many` says what
    happens beyond MAX_EXACT groups: "merge" or "sample" (`samples` orders, `seed`)."""
    if many not in MANY_CHOICES:
        raise ValueError(f"many must be one of {MANY_CHOICES}, not {many!r}")
    start = time.perf_counter()
    groups = changes(a, b)
    merged = False
    if len(groups) > MAX_EXACT and many == "merge":
        groups, merged = merge(groups), True
    k = len(groups)
    method = "exact" if k <= MAX_EXACT else "sample"
    perms = orders(k, samples, seed) if method == "sample" else []
    masks = _masks(k, method, perms)
    park_ids = [p.park_id for p in a.parks]
    park_ids += [p.park_id for p in b.parks if p.park_id not in set(park_ids)]
    names = {**{p.park_id: p.name for p in b.parks}, **{p.park_id: p.name for p in a.parks}}
    weights_differ = any(a.settings.weight(g) != b.settings.weight(g) for g in GOALS)
    ctx = _Context(a, b, [tuple(p for i, g in enumerate(groups) if m >> i & 1 for p in g.parts)
                          for m in masks], park_ids, list(a.years),
                   {g: a.settings.weight(g) for g in GOALS} if weights_differ else None,
                   float(time_limit_s))
    full = scenario_with(a, b, ctx.parts[-1])
    if full.content_hash() != b.content_hash() and _sorted_hash(full) != _sorted_hash(b):
        raise RuntimeError("attribution: the groups do not cover every difference")  # a bug
    outs = _solve_points(ctx, len(masks), workers, progress)
    base = Attribution("optimal", "", "", groups, method, merged,
                       samples if method == "sample" else 0, park_ids,
                       [names[p] for p in park_ids], list(a.years), weights_differ,
                       solves=len(masks))
    bad = [(m, o) for m, o in zip(masks, outs, strict=True) if o.money is None]
    if bad:
        mask, out = bad[0]
        nl, en = _which(groups, mask)
        base.status = "infeasible" if out.status == "infeasible" else "error"
        base.message_nl = (f"Geen verklaring mogelijk: {nl} geeft geen verdeling "
                           f"({out.message_nl}).")
        base.message_en = (f"No explanation possible: {en} gives no allocation "
                           f"({out.message_en}).")
        base.seconds = time.perf_counter() - start
        return base
    value = {m: np.array(float(o.value)) for m, o in zip(masks, outs, strict=True)}  # type: ignore[arg-type]
    money = {m: o.money for m, o in zip(masks, outs, strict=True)}
    top = (1 << k) - 1
    base.points = {m: (float(value[m]), money[m]) for m in masks}  # type: ignore[misc]
    if method == "exact":
        vv = np.array([value[m] for m in range(1 << k)])
        mm = np.stack([money[m] for m in range(1 << k)])  # type: ignore[misc]
        base.value_by_group = exact_shapley(vv) if k else np.zeros(0)
        base.money_by_group = exact_shapley(mm) if k else np.zeros((0, *mm.shape[1:]))
    else:
        base.value_by_group, base.value_se = sampled_shapley(value, perms)
        base.money_by_group, se = sampled_shapley(money, perms)  # type: ignore[arg-type]
        base.money_se = np.sqrt((se ** 2).sum(axis=2))  # the park total's, years independent
    base.value_alone = np.array([float(value[1 << i] - value[0]) for i in range(k)])
    base.money_alone = (np.stack([money[1 << i] - money[0] for i in range(k)])  # type: ignore[operator]
                        if k else np.zeros((0, *money[0].shape)))  # type: ignore[union-attr]
    base.value_a, base.value_b = float(value[0]), float(value[top])
    base.value_b_own = float(outs[masks.index(top)].objective or 0.0)
    base.money_a, base.money_b = money[0], money[top]  # type: ignore[assignment]
    if any(o.status == "time_limit" for o in outs):
        base.status = "time_limit"
        base.message_nl = ("Let op: niet elke herberekening bereikte binnen de tijdslimiet het "
                           "optimum; de verdeling van de verschillen is dan bij benadering.")
        base.message_en = ("Note: not every re-solve reached the optimum within the time "
                           "limit; the attribution is then approximate.")
    base.seconds = time.perf_counter() - start
    return base


def _solve_points(ctx: _Context, n: int, workers: int | None,
                  progress: Progress | None) -> list[PointOutcome]:
    """Every point: the first here, timed; the rest on every core when that is expected to
    take more than POOL_MIN_S here (measured at 700×10, 32 points of 0,15 s: 5,2 s in this
    process, 3,4 s on two workers including their start), else here as well."""
    t0 = time.perf_counter()
    first = solve_point(ctx, 0)
    if progress is not None:
        progress(1, n)
    if n == 1:
        return [first]
    if workers is None:
        cores = default_workers()
        workers = cores if (time.perf_counter() - t0) * (n - 1) / cores > POOL_MIN_S else 1
    rest = _Context(ctx.a, ctx.b, ctx.parts[1:], ctx.park_ids, ctx.years,
                    ctx.reference_weights, ctx.time_limit_s)
    step = None if progress is None else (lambda done, _total: progress(done + 1, n))
    return [first, *map_draws(_setup, solve_point, ctx.a, rest, n - 1, workers=workers,
                              progress=step, state=rest)]


def _sorted_hash(s: Scenario) -> str:
    return s.model_copy(update={"categories": tuple(sorted(s.categories,
                                                           key=lambda c: c.category))}
                        ).content_hash()


def _which(groups: list[Group], mask: int) -> tuple[str, str]:
    """'A zelf' / 'A met budget 2027 en plafond X' for the points of a subset."""
    names = [(g.name_nl, g.name_en) for i, g in enumerate(groups) if mask >> i & 1]
    if not names:
        return "de referentie zelf", "the reference itself"
    nl = " en ".join([", ".join(n for n, _ in names[:-1]), names[-1][0]] if len(names) > 1
                     else [names[0][0]])
    en = " and ".join([", ".join(e for _, e in names[:-1]), names[-1][1]] if len(names) > 1
                      else [names[0][1]])
    return f"de referentie met {nl} van het andere scenario", \
        f"the reference with the other scenario's {en}"


def subsets(k: int) -> list[tuple[int, ...]]:
    """Every subset of range(k) as a tuple, smallest first (for tests and reports)."""
    return [c for s in range(k + 1) for c in combinations(range(k), s)]
