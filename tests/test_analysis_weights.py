"""Weight stability: intervals checked by fresh solves inside and just beyond, RPM classes,
seeded neighbourhood."""

from __future__ import annotations

import json

import numpy as np
import pytest

from allocation.analysis import weights as wt
from allocation.cli import main
from allocation.domain import GOALS
from allocation.pipeline import solve
from allocation.workbook import write_scenario
from tests.conftest import make_small_scenario


def _funded(sc, w) -> set[str]:
    changed = sc.with_settings(**{f"weight_{g}": float(v) for g, v in zip(GOALS, w, strict=True)})
    r = solve(changed)
    return set(r.by_park.loc[r.by_park["public_eur"] > 0.5, "park_id"])


def test_shifted_keeps_proportions():
    w = np.array([0.3, 0.2, 0.25, 0.25])
    s = wt.shifted(w, 0, 0.5)
    assert s.sum() == pytest.approx(1.0) and s[0] == 0.5
    assert s[1] / s[2] == pytest.approx(0.2 / 0.25)
    assert wt.shifted(np.array([1.0, 0, 0, 0]), 0, 0.4)[1:] == pytest.approx([0.2] * 3)
    n = wt.neighbour(w, 0.5, 0, 3)
    assert n.sum() == pytest.approx(1.0)


def test_intervals_hold_inside_and_break_just_beyond():
    sc = make_small_scenario()
    r = wt.compute(sc, draws=20, seed=1, workers=1)
    base = _funded(sc, sc.settings.normalised_weights().values())
    w = np.array([sc.settings.normalised_weights()[g] for g in GOALS])
    moved = 0
    for g, row in enumerate(r.goals.itertuples(index=False)):
        assert row.lower_share <= row.share <= row.upper_share
        for s in np.linspace(row.lower_share, row.upper_share, 5):
            assert _funded(sc, wt.shifted(w, g, s)) == base, (row.goal, s)
        for end, edge in ((1.0, row.upper_share), (0.0, row.lower_share)):
            if abs(edge - end) > 1e-9:
                moved += 1
                step = 0.002 if end > edge else -0.002
                assert _funded(sc, wt.shifted(w, g, edge + step)) != base, (row.goal, edge)
    assert moved > 0  # the small scenario has at least one boundary to check


def test_classes_and_seeds():
    sc = make_small_scenario()
    a = wt.compute(sc, draws=30, seed=2, workers=1)
    b = wt.compute(sc, draws=30, seed=2, workers=2)
    assert a.parks.equals(b.parks) and a.goals.equals(b.goals)
    for row in a.parks.itertuples(index=False):
        want = ("core" if row.share_funded == 1 else
                "exterior" if row.share_funded == 0 else "borderline")
        assert row[4] == want
    # every weighting drawn re-solved fresh gives the same count for one park
    share = []
    for i in range(30):
        share.append("P3" in _funded(sc, wt.neighbour(
            np.array([sc.settings.normalised_weights()[g] for g in GOALS]), 0.5, 2, i)))
    assert a.parks.set_index("park_id").loc["P3", "share_funded"] == pytest.approx(
        np.mean(share))


def test_cli_json(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_small_scenario(), path)
    assert main(["analyse", str(path), "weights", "--draws", "8", "--json",
                 "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "optimal" and out["draws"] == 8 and len(out["goals"]) == 4
    assert {p["class"] for p in out["parks"]} <= {"core", "borderline", "exterior"}
    assert set(wt.frames(wt.compute(make_small_scenario(), draws=3, workers=1))) == {
        "Gewichten", "Gewichten per terrein", "Gewichten opzet"}
