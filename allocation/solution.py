"""Read a solver's point back into the model's index, and turn it into the tables users see.

    read_solution(model, col_value, row_dual, col_dual) -> Solution   (x, z, carry in €; duals)
    symmetrise(model, solution, group) -> Solution         (identical parks get equal shares)
    budget_prices(model, solution) -> [T] or None          (points per extra €1.000 in year t)
    extract(scenario, model, solution) -> SolutionTables             (totals, goal split, prices)
    empty_tables(scenario) -> SolutionTables                         (a run without allocation)

The third step of the pipeline model -> run -> solution -> explain -> result: it reads arrays,
it never solves.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allocation.domain import GOALS, Scenario
from allocation.model import KEUR, Model, params
from allocation.result import ALLOCATION_COLUMNS, FUNDED_EUR, SolutionTables

# -- reading a solution back ----------------------------------------------------------------


@dataclass
class Solution:
    """A primal solution (and, when proven optimal, the duals) in the model's index, in €."""

    x: np.ndarray  # [E, T] public € of pair e in year t
    z: np.ndarray  # [E, K] discounted k€ in return segment k
    carry: np.ndarray  # [T] € carried from year t to t+1 (zeros without carry-over)
    row_dual: np.ndarray | None  # duals of the primary LP (points per k€), None if unproven
    col_dual: np.ndarray | None

    def row_duals(self, model: Model, name: str) -> np.ndarray | None:
        if self.row_dual is None:
            return None
        return self.row_dual[model.rows(name)]


# below this many € a solver value is rounding noise, not money
NOISE_EUR = 1e-4


def read_solution(model: Model, col_value: np.ndarray, row_dual: np.ndarray | None,
                  col_dual: np.ndarray | None) -> Solution:
    idx = model.index
    col_value = np.asarray(col_value, dtype=float)
    x = col_value[: idx.n_x].reshape(idx.n_pairs, idx.n_years) * KEUR
    x[x < NOISE_EUR] = 0.0
    z = col_value[idx.z0: idx.s0].reshape(idx.n_pairs, idx.n_segments).copy()
    z[z < NOISE_EUR / KEUR] = 0.0
    carry = np.zeros(idx.n_years)
    carry[: idx.n_carry] = np.maximum(col_value[idx.s0: idx.s0 + idx.n_carry], 0.0) * KEUR
    return Solution(
        x=x, z=z, carry=carry,
        row_dual=None if row_dual is None else np.asarray(row_dual, dtype=float),
        col_dual=None if col_dual is None else np.asarray(col_dual, dtype=float),
    )


def _group_mean(values: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Rows of `values` replaced by the mean over the rows with the same key."""
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    flat = values.reshape(len(key), -1)
    out = np.empty_like(flat)
    for j in range(flat.shape[1]):
        out[:, j] = (np.bincount(inverse, weights=flat[:, j], minlength=len(counts))
                     / counts)[inverse]
    return out.reshape(values.shape)


def symmetrise(model: Model, sol: Solution, group: np.ndarray) -> Solution:
    """Give parks with identical data (same `group`, see `model.canonical_order`) equal shares.

    Swapping two identical parks maps the LP onto itself, so every optimal allocation swapped
    is optimal too, and so is the mean over the swaps (the optimal set is convex); the same
    holds for the duals. So the mean, per category and year, over each group is an optimal
    allocation with optimal duals, and the tie-break optimum stays a tie-break optimum (its
    face and objective are symmetric as well). Parks alone in their group are untouched."""
    if len(np.unique(group)) == len(group):
        return sol
    idx = model.index
    n_cat = model.params.n_categories
    pair_key = group[idx.pair_park] * n_cat + idx.pair_cat
    x = _group_mean(sol.x, pair_key)
    z = _group_mean(sol.z, pair_key)
    row_dual = col_dual = None
    if sol.row_dual is not None:
        row_dual = sol.row_dual.copy()
        for name in ("private_capacity", "absorption"):
            keys = model.blocks[name].keys
            rows = model.rows(name)
            if rows.stop > rows.start:
                row_key = group[keys["park"]] * idx.n_years + keys["year"]
                row_dual[rows] = _group_mean(row_dual[rows], row_key)
        rows = model.rows("returns")
        row_dual[rows] = _group_mean(row_dual[rows], pair_key)
    if sol.col_dual is not None:
        col_dual = sol.col_dual.copy()
        col_dual[: idx.n_x] = _group_mean(col_dual[: idx.n_x].reshape(idx.n_pairs, -1),
                                         pair_key).ravel()
        col_dual[idx.z0: idx.s0] = _group_mean(
            col_dual[idx.z0: idx.s0].reshape(idx.n_pairs, -1), pair_key).ravel()
    return Solution(x=x, z=z, carry=sol.carry, row_dual=row_dual, col_dual=col_dual)


def budget_prices(model: Model, sol: Solution) -> np.ndarray | None:
    """Per year, the value points that €1.000 more budget in that year adds (docs/contracts/MODEL.md,
    "Reported quantities"): the budget row's dual plus φ times the sum of the municipality
    rows' duals, because the municipality rows' right side φ·Σ_t B_t moves with the budget.
    Any optimal dual gives a value between the left and right derivative of the optimum
    (tests/test_claims.py re-solves with ±€10.000 to check). None without proven duals."""
    dual = sol.row_duals(model, "budget")
    if dual is None:
        return None
    price = np.asarray(dual, dtype=float).copy()
    muni = sol.row_duals(model, "municipality_share")
    if muni is not None and len(muni):
        price = price + model.params.max_share * float(np.sum(muni))
    return np.where(np.abs(price) < 1e-12, 0.0, price)


# -- result tables --------------------------------------------------------------------------


def empty_tables(scenario: Scenario) -> SolutionTables:
    """The tables of a run without an allocation: every park with zeros, every year unspent."""
    n = len(scenario.parks)
    by_park = park_frame(scenario, np.zeros(n), np.zeros(n), np.zeros(n), None)
    by_year = pd.DataFrame({
        "year": scenario.years,
        "budget_eur": [b.budget_eur for b in scenario.budget],
        "public_eur": 0.0, "private_eur": 0.0,
        "unallocated_eur": [b.budget_eur for b in scenario.budget],
        "carry_over_eur": 0.0,
        "shadow_price": math.nan,
    })
    return SolutionTables(
        objective=None,
        allocation=pd.DataFrame({c: [] for c in ALLOCATION_COLUMNS}).astype(
            {"year": "int64", "public_eur": float, "private_eur": float}),
        by_year=by_year,
        by_category=pd.DataFrame(columns=["category", "label", "public_eur", "private_eur",
                                          "value_points"]),
        by_municipality=pd.DataFrame(columns=["municipality", "public_eur", "private_eur",
                                              "parks_funded"]),
        by_region=pd.DataFrame(columns=["region", "public_eur", "private_eur", "parks_funded"]),
        by_park=by_park, value_by_goal={g: 0.0 for g in GOALS},
        budget_shadow_price={y: math.nan for y in scenario.years},
    )


NO_REGION = "(geen regio)"


def park_frame(scenario: Scenario, public: np.ndarray, private: np.ndarray, value: np.ndarray,
                eligible: Any) -> pd.DataFrame:
    parks = scenario.parks
    if eligible is None:
        eligible = params(scenario).eligible.any(axis=1)
    return pd.DataFrame({
        "park_id": [p.park_id for p in parks],
        "name": [p.name for p in parks],
        "municipality": [p.municipality for p in parks],
        "region": [p.region if p.region else NO_REGION for p in parks],
        "strategic": np.array([p.strategic for p in parks], dtype=bool),
        "organisation_level": np.array([p.organisation_level for p in parks], dtype=np.int64),
        "draagvlak": np.array([p.draagvlak for p in parks], dtype=float),
        "private_capacity_eur": np.array([p.private_capacity_eur for p in parks], dtype=float),
        "latitude": np.array([math.nan if p.latitude is None else p.latitude for p in parks]),
        "longitude": np.array([math.nan if p.longitude is None else p.longitude for p in parks]),
        "public_eur": public,
        "private_eur": private,
        "value_points": value,
        "eligible": np.asarray(eligible, dtype=bool),
        "code": "",
        "explanation_nl": "",
        "explanation_en": "",
    })


def extract(scenario: Scenario, model: Model, sol: Solution) -> SolutionTables:
    """Totals per year, category, municipality, region and park, the goal split and the
    budget shadow prices, all from numpy arrays (no per-row Python)."""
    par, idx = model.params, model.index
    P, C, T = par.n_parks, par.n_categories, par.n_years
    pp, pc = idx.pair_park, idx.pair_cat
    x = sol.x
    r = par.ratio[pc]
    y = x * r[:, None]
    # value of each pair: Σ_k μ_k·v_e·z_{e,k} (z in k€), and its split per goal
    weighted_z = sol.z @ par.multiplier * KEUR  # € of multiplier-weighted discounted spend
    pair_goal = weighted_z[:, None] * par.goal_value[pp, pc, :]  # [E, G]
    pair_value = pair_goal.sum(axis=1)
    objective = float(pair_value.sum())
    value_by_goal = {g: float(pair_goal[:, i].sum()) for i, g in enumerate(GOALS)}

    # long allocation table: rows with a positive amount
    e_idx, t_idx = np.nonzero(x > 0)
    park_ids = np.array(par.park_ids, dtype=object)
    cat_ids = np.array(par.category_ids, dtype=object)
    years = np.array(par.years, dtype=np.int64)
    allocation = pd.DataFrame({
        "park_id": park_ids[pp[e_idx]],
        "category": cat_ids[pc[e_idx]],
        "year": years[t_idx],
        "public_eur": x[e_idx, t_idx],
        "private_eur": y[e_idx, t_idx],
    })

    public_t, private_t = x.sum(axis=0), y.sum(axis=0)
    prices = budget_prices(model, sol)
    price = np.full(T, math.nan) if prices is None else prices
    by_year = pd.DataFrame({
        "year": years, "budget_eur": par.budget, "public_eur": public_t,
        "private_eur": private_t, "unallocated_eur": par.budget - public_t,
        "carry_over_eur": sol.carry, "shadow_price": price,
    })

    pub_c = np.bincount(pc, weights=x.sum(axis=1), minlength=C)
    priv_c = np.bincount(pc, weights=y.sum(axis=1), minlength=C)
    val_c = np.bincount(pc, weights=pair_value, minlength=C)
    by_category = pd.DataFrame({
        "category": par.category_ids,
        "label": [c.label or c.category for c in scenario.categories],
        "public_eur": pub_c, "private_eur": priv_c, "value_points": val_c,
    })

    pub_p = np.bincount(pp, weights=x.sum(axis=1), minlength=P)
    priv_p = np.bincount(pp, weights=y.sum(axis=1), minlength=P)
    val_p = np.bincount(pp, weights=pair_value, minlength=P)
    by_park = park_frame(scenario, pub_p, priv_p, val_p, par.eligible.any(axis=1))
    funded = (pub_p > FUNDED_EUR).astype(np.int64)
    groups = {}
    for key in ("municipality", "region"):
        names, inverse = np.unique(by_park[key].to_numpy(dtype=object).astype(str),
                                   return_inverse=True)
        n = len(names)
        groups[key] = pd.DataFrame({
            key: names.astype(object),
            "public_eur": np.bincount(inverse, weights=pub_p, minlength=n),
            "private_eur": np.bincount(inverse, weights=priv_p, minlength=n),
            "parks_funded": np.bincount(inverse, weights=funded, minlength=n).astype(np.int64),
        })
    return SolutionTables(
        objective=objective, allocation=allocation, by_year=by_year, by_category=by_category,
        by_municipality=groups["municipality"], by_region=groups["region"], by_park=by_park,
        value_by_goal=value_by_goal,
        budget_shadow_price={int(yr): float(p) for yr, p in zip(years, price, strict=True)},
    )


def in_workbook_order(tables: SolutionTables, scenario: Scenario) -> SolutionTables:
    """The tables of a model built in canonical park order (model.canonical_order) with the
    parks back in the order of `scenario` (the workbook's rows)."""
    pos = {p.park_id: i for i, p in enumerate(scenario.parks)}
    by_park = tables.by_park
    by_park = by_park.iloc[np.argsort(by_park["park_id"].map(pos).to_numpy(), kind="stable")]
    alloc = tables.allocation
    if len(alloc):
        key = alloc["park_id"].map(pos).to_numpy()
        alloc = alloc.iloc[np.lexsort((alloc["year"].to_numpy(), key))]
    return dataclasses.replace(tables, by_park=by_park.reset_index(drop=True),
                               allocation=alloc.reset_index(drop=True))


def upper_bound(model: Model) -> float:
    """A valid upper bound on the optimum, from numpy alone (for answers that stopped at the
    time limit, which have no proven optimum).

    Weak duality with a dual point built by hand: budget row t priced at θ·δ_t, the returns
    row of every pair at θ, every other row at 0. Every x column then has reduced cost
    δ_t·(θ - θ) = 0 and every carry column λ_{t+1} - λ_t ≤ 0, so the bound is

        UB(θ) = θ·Σ_t δ_t·B_t + Σ_{e, k<K} width_{e,k}·(μ_k·v_e - θ)⁺,

    valid for every θ ≥ max_e μ_K·v_e (the open last segment must not pay). UB is convex and
    piecewise linear in θ; its minimum lies where the widths of the segments worth more than
    θ add up to the discounted budget (a weighted quantile), found after one sort. It ignores
    the parks' own limits (rules 2-4, 6), so it is loose, but it is a bound the answer can be
    measured against."""
    par, idx, lp = model.params, model.index, model.lp
    if idx.n_pairs == 0:
        return 0.0
    z = idx.z_cols()
    value = lp.cost[z]  # [E, K] μ_k·v_e per k€
    width = lp.col_upper[z]
    floor_theta = float(max(value[:, -1].max(), 0.0))
    budget = float((par.delta * par.budget).sum() / KEUR)  # Σ_t δ_t·B_t in k€
    c = value[:, :-1].ravel()
    u = width[:, :-1].ravel()
    keep = c > floor_theta
    c, u = c[keep], u[keep]
    order = np.argsort(-c)
    c, u = c[order], u[order]
    cum = np.cumsum(u)
    # the minimiser: the largest θ ≥ floor_theta where the wider-than-budget point is reached
    j = int(np.searchsorted(cum, budget))  # first segment where the cumulative width ≥ budget
    theta = float(c[j]) if j < len(c) else floor_theta
    theta = max(theta, floor_theta)
    return float(theta * budget + (u * np.maximum(c - theta, 0.0)).sum())
