"""Price of a political choice: the value lost equals the difference of two `solve` runs, the
parks that lose money are real, infeasible choices are diagnosed (and the figure quoted in the
diagnosis is checked by re-solving), and the CLI speaks the issue's JSON with solve's exit
codes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation.analysis import choice as ch
from allocation.cli import main
from allocation.pipeline import solve
from allocation.workbook import write_scenario
from tests.conftest import make_small_scenario, make_worked_example
from tests.test_properties import PROFILE, scenarios


def without(sc, pid):
    """The scenario with park `pid` removed: exactly "x_p = 0 and no floor"."""
    return sc.with_changes(parks=[p.model_dump() for p in sc.parks if p.park_id != pid])


def test_force_out_equals_two_solves():
    sc = make_small_scenario()
    res = ch.compute(sc, ch.Choice(force_out=("P1",)))
    assert res.status == "optimal"
    before, after = solve(sc), solve(without(sc, "P1"))
    assert res.objective_before == pytest.approx(before.objective, rel=1e-9)
    assert res.objective_after == pytest.approx(after.objective, rel=1e-9)
    assert res.value_lost == pytest.approx(before.objective - after.objective, rel=1e-9)
    assert res.value_lost > 0
    assert res.value_lost_share == pytest.approx(res.value_lost / before.objective)
    losing = res.losing()
    assert "P1" in set(losing["park_id"])
    p1_before = float(before.by_park.set_index("park_id").loc["P1", "public_eur"])
    assert losing.set_index("park_id").loc["P1", "public_eur_change"] == pytest.approx(
        -p1_before, rel=1e-6)
    # the money per park after the choice is what solve gives without the park
    after_public = after.by_park.set_index("park_id")["public_eur"]
    for pid, amount in zip(res.park_ids, res.public_after, strict=True):
        expected = 0.0 if pid == "P1" else float(after_public[pid])
        assert amount == pytest.approx(expected, abs=1.0)


def test_force_in_amount_costs_value_and_is_met():
    sc = make_small_scenario()
    plan = solve(sc).by_park.set_index("park_id")["public_eur"]
    amount = float(plan["P3"]) + 10_000  # more than the plan gives P3 (at most 27.000 fits)
    res = ch.compute(sc, ch.Choice(force_in=(("P3", amount),)))
    assert res.status == "optimal"
    assert res.forced_in[0].mode == "amount"
    p3 = res.park_ids.index("P3")
    assert res.public_after[p3] >= amount - 1e-6
    assert res.value_lost > 0
    # asking exactly what the plan gives costs nothing
    same = ch.compute(sc, ch.Choice(force_in=(("P3", max(float(plan["P3"]), 1.0)),)))
    assert same.value_lost == pytest.approx(0.0, abs=1e-7)


def test_force_in_floor_equals_solve_with_park_strategic():
    sc = make_small_scenario().with_settings(strategic_floor_eur=10_000)
    res = ch.compute(sc, ch.Choice(force_in=(("P2", None),)))
    assert res.status == "optimal"
    assert res.forced_in[0].mode == "floor" and res.forced_in[0].amount_eur == 10_000
    strategic = sc.with_changes(parks=[
        (p.model_copy(update={"strategic": True}) if p.park_id == "P2" else p).model_dump()
        for p in sc.parks])
    assert res.objective_after == pytest.approx(solve(strategic).objective, rel=1e-9)
    assert res.value_lost == pytest.approx(solve(sc).objective - solve(strategic).objective,
                                           rel=1e-9, abs=1e-9)
    applied = ch.apply_choice(sc, res.choice)
    assert applied.exact
    assert solve(applied.scenario).objective == pytest.approx(res.objective_after, rel=1e-9)


def test_force_in_without_floor_is_the_smallest_funded_amount():
    sc = make_small_scenario()  # no floor set
    res = ch.compute(sc, ch.Choice(force_in=(("P2", None),)))
    f = res.forced_in[0]
    assert f.mode == "smallest" and f.amount_eur == ch.SMALLEST_EUR
    assert "kleinste bedrag" in f.describe(3, "nl")
    assert res.public_after[res.park_ids.index("P2")] >= ch.SMALLEST_EUR - 1e-9


def test_infeasible_amount_is_diagnosed_and_the_quoted_maximum_is_true():
    sc = make_small_scenario()
    res = ch.compute(sc, ch.Choice(force_in=(("P3", 10_000_000),)))
    assert res.status == "infeasible" and res.diagnosis is not None
    finding = res.diagnosis.findings[0]
    assert "hoogstens" in finding.message_nl
    most = 10_000_000 - finding.amount_eur  # the diagnosis quotes the most P3 can receive
    assert ch.compute(sc, ch.Choice(force_in=(("P3", most),))).status == "optimal"
    assert ch.compute(sc, ch.Choice(force_in=(("P3", most + 100),))).status == "infeasible"


def test_not_eligible_park_cannot_be_forced_in():
    sc = make_small_scenario().with_changes(categories=[
        c.model_copy(update={"min_organisation_level": 4}).model_dump()
        for c in make_small_scenario().categories])
    res = ch.compute(sc, ch.Choice(force_in=(("P3", 5_000),)))
    assert res.status == "infeasible"
    assert "geen enkele categorie" in res.diagnosis.findings[0].message_nl


def test_floor_choice_that_does_not_fit_gets_the_usual_diagnosis():
    sc = make_small_scenario().with_settings(strategic_floor_eur=60_000)
    res = ch.compute(sc, ch.Choice(force_in=(("P2", None),)))  # P1 and P2 floors: 120k > 100k
    assert res.status == "infeasible" and res.diagnosis is not None
    assert any(f.rule == "budget" for f in res.diagnosis.findings)


def test_bad_choices_are_input_errors():
    sc = make_small_scenario()
    for bad in (ch.Choice(force_out=("NOPE",)), ch.Choice(force_in=(("P1", None),),
                                                          force_out=("P1",)),
                ch.Choice(force_in=(("P1", -5.0),)), ch.Choice()):
        with pytest.raises(ch.ChoiceError):
            ch.compute(sc, bad)


def test_apply_choice_out_is_exact_and_amount_is_a_note():
    sc = make_small_scenario()
    res = ch.compute(sc, ch.Choice(force_out=("P2",)))
    applied = ch.apply_choice(sc, res.choice)
    assert applied.exact and "eruit" in applied.note_nl
    assert solve(applied.scenario).objective == pytest.approx(res.objective_after, rel=1e-9)
    note = ch.apply_choice(sc, ch.Choice(force_in=(("P3", 20_000),)))
    assert not note.exact and note.scenario == sc
    assert "niet in de gegevens" in note.note_nl and "€ 20.000" in note.note_nl


@PROFILE
@given(scenarios(), st.integers(0, 4))
def test_value_lost_by_force_out_equals_two_solves(sc, k):
    pid = sc.parks[k % len(sc.parks)].park_id
    res = ch.compute(sc, ch.Choice(force_out=(pid,)))
    before = solve(sc)
    if before.status == "infeasible":
        assert res.status == "infeasible"
        return
    after = solve(ch.apply_choice(sc, res.choice).scenario)
    assert res.status == "optimal"
    assert res.value_lost == pytest.approx(before.objective - after.objective, rel=1e-6,
                                           abs=1e-7)
    if len(sc.parks) > 1:  # and the exact-as-data form equals dropping the park
        assert after.objective == pytest.approx(solve(without(sc, pid)).objective, rel=1e-6,
                                                abs=1e-7)


def test_cli_json_and_exit_codes(tmp_path, capsys):
    path = tmp_path / "s.xlsx"
    write_scenario(make_worked_example(), path)
    code = main(["analyse", str(path), "choice", "--force-out", "A", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["status"] == "optimal"
    assert set(data) >= {"status", "objective_before", "objective_after", "value_lost",
                         "parks_losing"}
    assert data["objective_before"] == pytest.approx(216.3022, abs=1e-4)
    assert data["parks_losing"][0]["park_id"] == "A"
    assert data["parks_losing"][0]["public_eur_change"] < 0
    code = main(["analyse", str(path), "choice", "--force-in", "B", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["forced_in"][0]["mode"] == "smallest"
    assert main(["analyse", str(path), "choice", "--force-in", "B=5000000"]) == 3
    assert "hoogstens" in capsys.readouterr().out
    assert main(["analyse", str(path), "choice", "--force-out", "ZZ", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["status"] == "input_error"
