"""The linear programme of docs/contracts/MODEL.md, built in bulk as sparse arrays for HiGHS.

Sets
    p  parks (sheet `parks`), in workbook order
    c  categories (sheet `categories`)
    t  years of sheet `budget`, index i(t) = 0 .. T-1
    g  goals: energy, circularity, economy, cooperation
    k  return segments 1 .. K (sheet `returns`)
    e  eligible pairs (p, c): only these get variables (constraint 1)

Parameters (all money in the LP is in k€ = €1.000, so that duals come out in value points per
€1.000 and the matrix is well scaled)
    ℓ_p, d_p, K_p, τ_p, σ_p, m_p, π_{p,g}, A_p      per park
    r_c = s_c/(1-s_c), L_c, R_c, D_c, M_c, e_{c,g}  per category
    ŵ_g, δ_i = (1+ρ)^-i, eff_p = (1-α)+α·d_p, γ, oc, F, φ, carry-over, B_t   settings, budget
    b_k, μ_k                                        returns; H_p = A_p·T
    v_{p,c} = (1+r_c)·eff_p·Σ_g ŵ_g·e_{c,g}·π_{p,g}/1000   value points per public €

Variables
    x_{e,t} ≥ 0   public money of pair e in year t                        (columns 0 .. E·T-1)
    z_{e,k} ≥ 0   discounted spend of pair e in return segment k         (next E·K columns)
    s_t ≥ 0       budget carried from year t to t+1, only with carry-over (last T-1 columns)

Objective
    maximise Σ_{e,k} μ_k · v_e · z_{e,k}

Constraints (numbers as in docs/contracts/MODEL.md)
    1. eligibility: x_{p,c,t} exists only when ℓ_p ≥ L_c, d_p ≥ D_c and (τ_p or not R_c)
    2. private co-financing: Σ_c r_c·x_{p,c,t} ≤ K_p                             rows (p, t)
    3. absorption: Σ_c x_{p,c,t} - γ·Σ_{τ<t} x_{p,oc,τ} ≤ A_p                    rows (p, t)
    4. category cap: x_{p,c,t} ≤ M_c                                             column bounds
    5. budget: Σ_e x_{e,t} + s_t - s_{t-1} ≤ B_t                                 rows t
       (s ≡ 0 without carry-over; with carry-over, summing rows 0..t gives exactly docs/contracts/MODEL.md's
       running totals Σ_{τ≤t} Σ x ≤ Σ_{τ≤t} B_τ, and the dual of row t is the marginal value of
       €1.000 more in year t, i.e. the sum of the running-total duals for τ ≥ t)
    6. municipality share (φ < 1): Σ_{e∈m} Σ_t x_{e,t} ≤ φ·Σ_t B_t                rows m
    7. strategic floor (F > 0): x_{p,oc,t} ≥ F for strategic p eligible for oc   column bounds
    8. returns: Σ_k z_{e,k} - Σ_t δ_{i(t)}·x_{e,t} = 0                            rows e
       and z_{e,k} ≤ (b_k - b_{k-1})·H_p for k < K                                column bounds

`build_model(scenario)` returns a `Model`: the `Params` arrays, the column/row index and the
LP arrays (`LinearProgram`), ready for `to_highs_lp`. `build_elastic_model` builds the elastic
variant used to diagnose infeasible scenarios (see `explain.diagnose`).

This is the first step of the pipeline model -> run -> solution -> explain -> result; it imports
none of the later ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from allocation.domain import GOALS, Scenario

if TYPE_CHECKING:
    import highspy

KEUR = 1000.0  # the LP counts money in k€
INF = np.inf

# Priority weights of the elastic re-solve, per k€ of relaxation: the province's own knobs
# (budget, municipality share, category cap) are cheapest to change, then the strategic floor,
# and last what the parks themselves can carry (private capacity, absorption).
ELASTIC_WEIGHTS = {
    "budget": 1.0,
    "municipality_share": 1.0,
    "category_cap": 1.0,
    "floor": 2.0,
    "absorption": 10.0,
    "private_capacity": 10.0,
}


# -- parameters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """Every parameter of docs/contracts/MODEL.md as numpy arrays (money in €, not k€)."""

    park_ids: list[str]
    category_ids: list[str]
    years: list[int]
    municipalities: list[str]  # distinct, in order of first appearance
    park_municipality: np.ndarray  # [P] index into municipalities
    level: np.ndarray  # [P] ℓ_p
    draagvlak: np.ndarray  # [P] d_p
    private_capacity: np.ndarray  # [P] K_p €
    team: np.ndarray  # [P] τ_p
    strategic: np.ndarray  # [P] σ_p
    absorption: np.ndarray  # [P] A_p €
    potential: np.ndarray  # [P, G] π
    ratio: np.ndarray  # [C] r_c
    min_level: np.ndarray  # [C] L_c
    requires_team: np.ndarray  # [C] R_c
    min_draagvlak: np.ndarray  # [C] D_c
    cap: np.ndarray  # [C] M_c €, inf where blank
    impact: np.ndarray  # [C, G] e
    weights: np.ndarray  # [G] ŵ
    delta: np.ndarray  # [T] δ
    effectiveness: np.ndarray  # [P] eff_p
    value: np.ndarray  # [P, C] v_{p,c}, value points per public €
    goal_value: np.ndarray  # [P, C, G] the part of v_{p,c} per goal (sums to v over g)
    eligible: np.ndarray  # [P, C] bool (constraint 1)
    fail_level: np.ndarray  # [P, C] bool: ℓ_p < L_c
    fail_draagvlak: np.ndarray  # [P, C] bool: d_p < D_c
    fail_team: np.ndarray  # [P, C] bool: R_c and not τ_p
    seg_share: np.ndarray  # [K] b_k - b_{k-1}; inf for the last segment
    multiplier: np.ndarray  # [K] μ_k
    budget: np.ndarray  # [T] B_t €
    oc: int  # index of the organisation category
    growth: float  # γ
    floor: float  # F €
    max_share: float  # φ
    carry_over: bool

    @property
    def n_parks(self) -> int:
        return len(self.park_ids)

    @property
    def n_years(self) -> int:
        return len(self.years)

    @property
    def n_categories(self) -> int:
        return len(self.category_ids)

    @property
    def n_segments(self) -> int:
        return len(self.multiplier)

    @property
    def horizon(self) -> np.ndarray:
        """H_p = A_p·T (€)."""
        return self.absorption * self.n_years

    @property
    def floor_parks(self) -> np.ndarray:
        """[P] bool: strategic parks eligible for oc, which rule 7 gives a floor (when F > 0)."""
        if self.floor <= 0:
            return np.zeros(self.n_parks, dtype=bool)
        floor: np.ndarray = self.strategic & self.eligible[:, self.oc]
        return floor


def params(scenario: Scenario) -> Params:
    """Turn a validated scenario into the parameter arrays of docs/contracts/MODEL.md."""
    parks, cats, st = scenario.parks, scenario.categories, scenario.settings
    municipalities = list(dict.fromkeys(p.municipality for p in parks))
    muni_pos = {m: i for i, m in enumerate(municipalities)}
    level = np.array([p.organisation_level for p in parks], dtype=np.int64)
    draagvlak = np.array([p.draagvlak for p in parks], dtype=float)
    team = np.array([p.municipal_team for p in parks], dtype=bool)
    potential = np.array([[p.potential(g) for g in GOALS] for p in parks], dtype=float)
    share = np.array([c.min_private_share for c in cats], dtype=float)
    ratio = share / (1.0 - share)
    min_level = np.array([c.min_organisation_level for c in cats], dtype=np.int64)
    requires_team = np.array([c.requires_municipal_team for c in cats], dtype=bool)
    min_dv = np.array([c.min_draagvlak for c in cats], dtype=float)
    cap = np.array(
        [INF if c.max_per_park_year_eur is None else c.max_per_park_year_eur for c in cats],
        dtype=float,
    )
    impact = np.array([[c.impact(g) for g in GOALS] for c in cats], dtype=float)
    w = st.normalised_weights()
    weights = np.array([w[g] for g in GOALS], dtype=float)
    n_years = len(scenario.budget)
    delta = (1.0 + st.discount_rate) ** -np.arange(n_years, dtype=float)
    eff = (1.0 - st.draagvlak_effect) + st.draagvlak_effect * draagvlak
    # goal_value[p,c,g] = (1+r_c)·eff_p·ŵ_g·e_{c,g}·π_{p,g}/1000
    goal_value = (
        (1.0 + ratio)[None, :, None] * eff[:, None, None]
        * (weights[None, None, :] * impact[None, :, :]) * potential[:, None, :] / KEUR
    )
    fail_level = level[:, None] < min_level[None, :]
    fail_dv = draagvlak[:, None] < min_dv[None, :]
    fail_team = requires_team[None, :] & ~team[:, None]
    shares = [r.up_to_share for r in scenario.returns]
    bounds = np.array([0.0, *[s for s in shares[:-1]]], dtype=float)
    seg_share = np.append(np.diff(bounds), INF) if len(shares) > 1 else np.array([INF])
    cat_ids = [c.category for c in cats]
    return Params(
        park_ids=[p.park_id for p in parks],
        category_ids=cat_ids,
        years=scenario.years,
        municipalities=municipalities,
        park_municipality=np.array([muni_pos[p.municipality] for p in parks], dtype=np.int64),
        level=level,
        draagvlak=draagvlak,
        private_capacity=np.array([p.private_capacity_eur for p in parks], dtype=float),
        team=team,
        strategic=np.array([p.strategic for p in parks], dtype=bool),
        absorption=np.array([scenario.absorption_capacity(p) for p in parks], dtype=float),
        potential=potential,
        ratio=ratio,
        min_level=min_level,
        requires_team=requires_team,
        min_draagvlak=min_dv,
        cap=cap,
        impact=impact,
        weights=weights,
        delta=delta,
        effectiveness=eff,
        value=goal_value.sum(axis=2),
        goal_value=goal_value,
        eligible=~(fail_level | fail_dv | fail_team),
        fail_level=fail_level,
        fail_draagvlak=fail_dv,
        fail_team=fail_team,
        seg_share=seg_share,
        multiplier=np.array([r.multiplier for r in scenario.returns], dtype=float),
        budget=np.array([b.budget_eur for b in scenario.budget], dtype=float),
        oc=cat_ids.index(st.organisation_category),
        growth=float(st.capacity_growth),
        floor=float(st.strategic_floor_eur),
        max_share=float(st.max_municipality_share),
        carry_over=bool(st.carry_over),
    )


# -- index of columns and rows --------------------------------------------------------------


@dataclass(frozen=True)
class Index:
    """Where each variable family lives in the column vector."""

    pair_park: np.ndarray  # [E] park of eligible pair e
    pair_cat: np.ndarray  # [E] category of eligible pair e
    n_years: int
    n_segments: int
    n_carry: int  # T-1 with carry-over, else 0

    @property
    def n_pairs(self) -> int:
        return len(self.pair_park)

    @property
    def n_x(self) -> int:
        return self.n_pairs * self.n_years

    @property
    def z0(self) -> int:
        return self.n_x

    @property
    def s0(self) -> int:
        return self.n_x + self.n_pairs * self.n_segments

    @property
    def n_cols(self) -> int:
        return self.s0 + self.n_carry

    def x_cols(self) -> np.ndarray:
        """[E, T] column of x_{e,t}."""
        return np.arange(self.n_x, dtype=np.int64).reshape(self.n_pairs, self.n_years)

    def z_cols(self) -> np.ndarray:
        """[E, K] column of z_{e,k}."""
        n = self.n_pairs * self.n_segments
        return self.z0 + np.arange(n, dtype=np.int64).reshape(self.n_pairs, self.n_segments)


def eligible_pairs(par: Params) -> tuple[np.ndarray, np.ndarray]:
    """Constraint (1): eligibility, because only pairs that pass it get an x at all.

    Returns (park, category) index arrays in park-major order, so that the variables of one
    park sit together and the column order is the workbook order.
    """
    parks, cats = np.nonzero(par.eligible)
    return parks.astype(np.int64), cats.astype(np.int64)


# -- row blocks -----------------------------------------------------------------------------


@dataclass
class RowBlock:
    """A family of rows: COO entries with local row numbers, and the row bounds."""

    name: str
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    keys: dict[str, np.ndarray] = field(default_factory=dict)  # what each row is about

    @property
    def n_rows(self) -> int:
        return len(self.lower)


def _park_rows(idx: Index, n_parks: int) -> tuple[np.ndarray, np.ndarray]:
    """Parks with at least one eligible pair, and the local row base of each park (or -1)."""
    parks = np.unique(idx.pair_park)
    base = np.full(n_parks, -1, dtype=np.int64)
    base[parks] = np.arange(len(parks), dtype=np.int64) * idx.n_years
    return parks, base


def private_capacity_rows(par: Params, idx: Index) -> RowBlock:
    """Constraint (2): Σ_c r_c·x_{p,c,t} ≤ K_p, because every public euro needs r_c private
    euros and the park's companies can co-finance at most K_p a year (draagkracht, money)."""
    T = idx.n_years
    parks, base = _park_rows(idx, par.n_parks)
    r = par.ratio[idx.pair_cat]
    keep = r > 0
    xc = idx.x_cols()[keep]
    rows = base[idx.pair_park[keep]][:, None] + np.arange(T)[None, :]
    vals = np.broadcast_to(r[keep][:, None], xc.shape)
    return RowBlock(
        "private_capacity", rows.ravel(), xc.ravel(), vals.ravel().copy(),
        np.full(len(parks) * T, -INF), np.repeat(par.private_capacity[parks] / KEUR, T),
        keys={"park": np.repeat(parks, T), "year": np.tile(np.arange(T), len(parks))},
    )


def absorption_rows(par: Params, idx: Index) -> RowBlock:
    """Constraint (3): Σ_c x_{p,c,t} ≤ A_p + γ·Σ_{τ<t} x_{p,oc,τ}, because a park organisation
    can only absorb so much public money a year, and money spent on organisation-building in
    earlier years raises that capacity later (fasering)."""
    T = idx.n_years
    parks, base = _park_rows(idx, par.n_parks)
    xc = idx.x_cols()
    rows = base[idx.pair_park][:, None] + np.arange(T)[None, :]
    r_parts, c_parts, v_parts = [rows.ravel()], [xc.ravel()], [np.ones(xc.size)]
    if par.growth > 0 and T > 1:
        oc_pairs = np.nonzero(idx.pair_cat == par.oc)[0]
        t_idx, tau_idx = np.tril_indices(T, -1)  # every (t, τ) with τ < t
        grow_rows = base[idx.pair_park[oc_pairs]][:, None] + t_idx[None, :]
        grow_cols = xc[oc_pairs][:, tau_idx]
        r_parts.append(grow_rows.ravel())
        c_parts.append(grow_cols.ravel())
        v_parts.append(np.full(grow_cols.size, -par.growth))
    return RowBlock(
        "absorption", np.concatenate(r_parts), np.concatenate(c_parts), np.concatenate(v_parts),
        np.full(len(parks) * T, -INF), np.repeat(par.absorption[parks] / KEUR, T),
        keys={"park": np.repeat(parks, T), "year": np.tile(np.arange(T), len(parks))},
    )


def category_cap_bounds(par: Params, idx: Index) -> np.ndarray:
    """Constraint (4): x_{p,c,t} ≤ M_c, because a category may cap the public money per park
    per year. Returned as column upper bounds [E, T] (k€), inf where there is no cap."""
    cap = par.cap[idx.pair_cat] / KEUR
    return np.broadcast_to(cap[:, None], (idx.n_pairs, idx.n_years)).copy()


def budget_rhs(par: Params, budget_eur: np.ndarray) -> tuple[np.ndarray, float]:
    """Right-hand sides (k€) that a budget B (€ per year) gives: the budget rows B_t (5) and
    the municipality rows φ·Σ_t B_t (6). One place, so that a re-solve with another budget
    (the budget frontier, a price check) is exactly the model `build_model` would build."""
    budget = np.asarray(budget_eur, dtype=float)
    return budget / KEUR, float(par.max_share * budget.sum() / KEUR)


def budget_rows(par: Params, idx: Index) -> RowBlock:
    """Constraint (5): Σ x_t + s_t - s_{t-1} ≤ B_t, because the province cannot spend more
    than its budget; with carry-over the s_t move unspent money to the next year, which is
    exactly the running-total form of docs/contracts/MODEL.md."""
    T = idx.n_years
    xc = idx.x_cols()
    rows = np.broadcast_to(np.arange(T)[None, :], xc.shape)
    r_parts, c_parts, v_parts = [rows.ravel()], [xc.ravel()], [np.ones(xc.size)]
    if idx.n_carry:
        s = idx.s0 + np.arange(idx.n_carry)
        r_parts += [np.arange(idx.n_carry), np.arange(1, idx.n_carry + 1)]
        c_parts += [s, s]
        v_parts += [np.ones(idx.n_carry), -np.ones(idx.n_carry)]
    budget_up, _ = budget_rhs(par, par.budget)
    return RowBlock(
        "budget", np.concatenate(r_parts), np.concatenate(c_parts), np.concatenate(v_parts),
        np.full(T, -INF), budget_up, keys={"year": np.arange(T)},
    )


def municipality_rows(par: Params, idx: Index) -> RowBlock:
    """Constraint (6): Σ_{p∈m} Σ_{c,t} x ≤ φ·Σ_t B_t, because no municipality may take more
    than the share φ of the whole budget (only when φ < 1)."""
    if par.max_share >= 1.0 or idx.n_pairs == 0:
        empty = np.zeros(0, dtype=np.int64)
        return RowBlock("municipality_share", empty, empty, np.zeros(0), np.zeros(0),
                        np.zeros(0), keys={"municipality": empty})
    pair_muni = par.park_municipality[idx.pair_park]
    munis, local = np.unique(pair_muni, return_inverse=True)
    xc = idx.x_cols()
    rows = np.broadcast_to(local[:, None], xc.shape)
    _, limit = budget_rhs(par, par.budget)
    return RowBlock(
        "municipality_share", rows.ravel(), xc.ravel(), np.ones(xc.size),
        np.full(len(munis), -INF), np.full(len(munis), limit), keys={"municipality": munis},
    )


def floor_bounds(par: Params, idx: Index) -> np.ndarray:
    """Constraint (7): x_{p,oc,t} ≥ F, because strategic parks must keep a minimum of
    organisation money every year (only for strategic parks eligible for oc, only when F > 0).
    Returned as column lower bounds [E, T] (k€)."""
    on = par.floor_parks[idx.pair_park] & (idx.pair_cat == par.oc)
    lower = np.zeros((idx.n_pairs, idx.n_years))
    lower[on, :] = par.floor / KEUR
    return lower


def returns_rows(par: Params, idx: Index) -> RowBlock:
    """Constraint (8): Σ_k z_{e,k} = Σ_t δ_t·x_{e,t}, because the discounted spend of a pair is
    split over the return segments (diminishing returns); the segment widths are the column
    bounds of `segment_bounds`."""
    E, T, K = idx.n_pairs, idx.n_years, idx.n_segments
    zc, xc = idx.z_cols(), idx.x_cols()
    rows = np.concatenate([np.repeat(np.arange(E), K), np.repeat(np.arange(E), T)])
    cols = np.concatenate([zc.ravel(), xc.ravel()])
    vals = np.concatenate([np.ones(E * K), np.tile(-par.delta, E)])
    return RowBlock("returns", rows, cols, vals, np.zeros(E), np.zeros(E),
                    keys={"pair": np.arange(E)})


def segment_bounds(par: Params, idx: Index) -> np.ndarray:
    """Constraint (8), second part: z_{e,k} ≤ (b_k - b_{k-1})·H_p for k < K, because each
    return segment covers a share of the park's horizon capacity H_p = A_p·T. [E, K] (k€)."""
    h = par.horizon[idx.pair_park] / KEUR
    with np.errstate(invalid="ignore"):  # 0 · inf for a park with H_p = 0 in the last segment
        ub: np.ndarray = h[:, None] * par.seg_share[None, :]
    ub[:, -1] = INF
    return ub


def objective(par: Params, idx: Index) -> np.ndarray:
    """Objective: μ_k·v_e per k€ of discounted spend in segment k, [E, K]."""
    v = par.value[idx.pair_park, idx.pair_cat] * KEUR
    obj: np.ndarray = v[:, None] * par.multiplier[None, :]
    return obj


# -- the assembled LP -----------------------------------------------------------------------


@dataclass
class LinearProgram:
    """Column-wise sparse LP: maximise cost·col subject to row_lower ≤ A·col ≤ row_upper."""

    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray  # CSC column starts (n_cols + 1)
    index: np.ndarray  # row index per nonzero
    value: np.ndarray
    maximise: bool = True

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    @property
    def n_nonzeros(self) -> int:
        return len(self.value)


@dataclass
class Model:
    """The LP of one scenario plus what is needed to read its solution back."""

    params: Params
    index: Index
    lp: LinearProgram
    row_offset: dict[str, int]  # first row of each family
    blocks: dict[str, RowBlock]  # keys per family (entries are dropped after assembly)
    elastic_cols: dict[str, tuple[int, int]] = field(default_factory=dict)  # family -> slice
    # the first years whose x columns are fixed at realised amounts (the re-plan,
    # allocation.monitoring.replan); checks that move a park's limits leave them alone
    n_fixed_years: int = 0

    def rows(self, name: str) -> slice:
        start = self.row_offset[name]
        return slice(start, start + self.blocks[name].n_rows)


def _assemble(n_cols: int, blocks: list[RowBlock], cost: np.ndarray, col_lower: np.ndarray,
              col_upper: np.ndarray, maximise: bool) -> tuple[LinearProgram, dict[str, int]]:
    offsets, r_parts, c_parts, v_parts, lo, up = {}, [], [], [], [], []
    n = 0
    for b in blocks:
        offsets[b.name] = n
        r_parts.append(b.rows + n)
        c_parts.append(b.cols)
        v_parts.append(b.vals)
        lo.append(b.lower)
        up.append(b.upper)
        n += b.n_rows
    rows = np.concatenate(r_parts).astype(np.int32)
    cols = np.concatenate(c_parts).astype(np.int64)
    vals = np.concatenate(v_parts).astype(float)
    order = np.argsort(cols, kind="stable")
    start = np.zeros(n_cols + 1, dtype=np.int32)
    np.cumsum(np.bincount(cols, minlength=n_cols), out=start[1:])
    lp = LinearProgram(
        cost=cost, col_lower=col_lower, col_upper=col_upper,
        row_lower=np.concatenate(lo), row_upper=np.concatenate(up),
        start=start, index=rows[order], value=vals[order], maximise=maximise,
    )
    # drop the entries (the LP holds them now) but keep the keys for reading results
    for b in blocks:
        b.rows = b.cols = b.vals = np.zeros(0)
    return lp, offsets


def build_model(scenario: Scenario, *, par: Params | None = None) -> Model:
    """Build the LP of docs/contracts/MODEL.md for `scenario` (all families in bulk, no Python loops)."""
    par = par if par is not None else params(scenario)
    pair_park, pair_cat = eligible_pairs(par)
    T = par.n_years
    idx = Index(pair_park, pair_cat, T, par.n_segments, (T - 1) if par.carry_over else 0)
    blocks = [
        private_capacity_rows(par, idx),
        absorption_rows(par, idx),
        budget_rows(par, idx),
        municipality_rows(par, idx),
        returns_rows(par, idx),
    ]
    cost = np.concatenate([np.zeros(idx.n_x), objective(par, idx).ravel(),
                           np.zeros(idx.n_carry)])
    lower = np.concatenate([floor_bounds(par, idx).ravel(), np.zeros(idx.n_cols - idx.n_x)])
    upper = np.concatenate([category_cap_bounds(par, idx).ravel(),
                            segment_bounds(par, idx).ravel(), np.full(idx.n_carry, INF)])
    lp, offsets = _assemble(idx.n_cols, blocks, cost, lower, upper, maximise=True)
    return Model(par, idx, lp, offsets, {b.name: b for b in blocks})


def build_elastic_model(scenario: Scenario, *, par: Params | None = None) -> Model:
    """The elastic variant: every rule that a floor can clash with gets a slack column.

    Minimise Σ weight·slack (ELASTIC_WEIGHTS, per k€) subject to rules 2, 3, 5, 6 with a
    slack that raises their right-hand side, rule 4 and rule 7 for the floor columns as
    rows with a slack, and rules 1 and 8 as they are. Only floors (rule 7) can make the model
    infeasible (x = 0 satisfies every other rule), so this LP is always feasible, and its
    non-zero slacks name the rules to relax and by how much.
    """
    par = par if par is not None else params(scenario)
    pair_park, pair_cat = eligible_pairs(par)
    T = par.n_years
    idx = Index(pair_park, pair_cat, T, par.n_segments, (T - 1) if par.carry_over else 0)
    blocks = [
        private_capacity_rows(par, idx),
        absorption_rows(par, idx),
        budget_rows(par, idx),
        municipality_rows(par, idx),
        returns_rows(par, idx),
    ]
    floor_lb = floor_bounds(par, idx)
    cap_ub = category_cap_bounds(par, idx)
    fe, ft = np.nonzero(floor_lb > 0)
    fcols = idx.x_cols()[fe, ft]
    n_floor = len(fcols)
    # rule 7 as rows x + u ≥ F and rule 4 as rows x - w ≤ M for the floor columns
    blocks.append(RowBlock("floor", np.arange(n_floor), fcols, np.ones(n_floor),
                           floor_lb[fe, ft], np.full(n_floor, INF),
                           keys={"park": pair_park[fe], "year": ft}))
    capped = np.isfinite(cap_ub[fe, ft])
    ce, ct = fe[capped], ft[capped]
    n_cap = len(ce)
    blocks.append(RowBlock("category_cap", np.arange(n_cap), idx.x_cols()[ce, ct],
                           np.ones(n_cap), np.full(n_cap, -INF), cap_ub[ce, ct],
                           keys={"park": pair_park[ce], "year": ct}))
    upper_x = cap_ub.copy()
    upper_x[fe, ft] = INF  # the floor columns' caps are the rows above
    # one slack column per row of each relaxable family, sign chosen to loosen the row
    n = idx.n_cols
    slack_cols: dict[str, tuple[int, int]] = {}
    slack_weight: list[np.ndarray] = []
    loosen = {"private_capacity": -1.0, "absorption": -1.0, "budget": -1.0,
              "municipality_share": -1.0, "floor": 1.0, "category_cap": -1.0}
    for b in blocks:
        if b.name not in loosen or b.n_rows == 0:
            continue
        m = b.n_rows
        b.rows = np.concatenate([b.rows, np.arange(m)])
        b.cols = np.concatenate([b.cols, n + np.arange(m)])
        b.vals = np.concatenate([b.vals, np.full(m, loosen[b.name])])
        slack_cols[b.name] = (n, n + m)
        slack_weight.append(np.full(m, ELASTIC_WEIGHTS[b.name]))
        n += m
    n_slack = n - idx.n_cols
    cost = np.concatenate([np.zeros(idx.n_cols), *slack_weight]) if n_slack else np.zeros(n)
    lower = np.zeros(n)
    upper = np.concatenate([upper_x.ravel(), segment_bounds(par, idx).ravel(),
                            np.full(idx.n_carry, INF), np.full(n_slack, INF)])
    lp, offsets = _assemble(n, blocks, cost, lower, upper, maximise=False)
    return Model(par, idx, lp, offsets, {b.name: b for b in blocks}, slack_cols)


def to_highs_lp(lp: LinearProgram) -> highspy.HighsLp:
    """The arrays as a `highspy.HighsLp` (column-wise matrix)."""
    import highspy

    h_lp = highspy.HighsLp()
    h_lp.num_col_ = lp.n_cols
    h_lp.num_row_ = lp.n_rows
    h_lp.col_cost_ = lp.cost
    h_lp.col_lower_ = lp.col_lower
    h_lp.col_upper_ = lp.col_upper
    h_lp.row_lower_ = lp.row_lower
    h_lp.row_upper_ = lp.row_upper
    h_lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    h_lp.a_matrix_.start_ = lp.start
    h_lp.a_matrix_.index_ = lp.index
    h_lp.a_matrix_.value_ = lp.value
    h_lp.sense_ = highspy.ObjSense.kMaximize if lp.maximise else highspy.ObjSense.kMinimize
    return h_lp


# -- equal treatment: a canonical park order and groups of identical parks -------------------


# a park's key: municipality, eligibility, value per category, private capacity, absorption, floor
ParkKey = tuple[str, tuple[bool, ...], tuple[float, ...], float, float, bool]


def park_keys(par: Params) -> list[ParkKey]:
    """Per park, everything of it that the LP sees (docs/contracts/MODEL.md, "Ties and equal treatment"):
    eligibility, value per euro of each eligible category, private and absorption capacity,
    whether rule 7 gives it a floor, and its municipality when rule 6 is on. Park ids, names
    and row positions are not in it, so two parks with equal keys have identical columns and
    rows in the LP (up to their position)."""
    value = np.where(par.eligible, par.value, 0.0)
    muni = (np.array(par.municipalities, dtype=object)[par.park_municipality]
            if par.max_share < 1.0 else np.full(par.n_parks, "", dtype=object))
    floor = par.floor_parks
    return [
        (str(muni[p]), tuple(par.eligible[p].tolist()), tuple(value[p].tolist()),
         float(par.private_capacity[p]), float(par.absorption[p]), bool(floor[p]))
        for p in range(par.n_parks)
    ]


def canonical_order(par: Params) -> tuple[np.ndarray, np.ndarray]:
    """(order, group): the parks sorted by `park_keys`, and per park (in the original order) the
    number of its group of parks with identical keys.

    Building the LP with the parks in `order` gives HiGHS the same LP whatever the order of the
    workbook's rows or the park ids: only parks with identical data can swap places, and those
    are then given equal shares (`solution.symmetrise`)."""
    keys = park_keys(par)
    order = np.array(sorted(range(par.n_parks), key=lambda p: keys[p]), dtype=np.int64)
    group = np.zeros(par.n_parks, dtype=np.int64)
    g = -1
    prev: ParkKey | None = None
    for p in order.tolist():
        if keys[p] != prev:
            g += 1
            prev = keys[p]
        group[p] = g
    return order, group
