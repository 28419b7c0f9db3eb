"""Issue 23: which change of assumptions moved each park's money (allocation.analysis.attribution).

The hand-checkable case is computed by hand below; the properties hold on generated pairs; every
effect is a re-solve (recomputed here through `allocation.solve`); the CLI gives the JSON object
of the issue; the export gets its sheet.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocation import evaluate, solve
from allocation.analysis import attribution as at
from allocation.analysis import attribution_text as tx
from allocation.compare import compare, write_comparison_explained
from allocation.domain import BudgetYear, Category, ReturnSegment, Scenario, Settings

sys.path.insert(0, str(Path(__file__).parent))
from conftest import _park, make_small_scenario

CENT = 0.01
POINTS = 1e-6

# -- the hand-checkable case -----------------------------------------------------------------
# One category (organisation, private share 25%: r = 1/3), one flat return segment, no discount,
# no draagvlak effect, no capacity growth, weight only on cooperation with impact 3: a public
# euro at park p is worth (1 + r)·3·π_p/1000 points, and the years are independent.
# Each park can co-finance €10.000 a year, so it can take €10.000 / r = €30.000 a year.
# A: €50.000 in each of 2026 and 2027 goes by value: P1 (π 0,9) €30.000, P2 (π 0,6) €20.000,
#    P3 (π 0,3) nothing.


def _hand_park(pid: str, potential: float):
    return _park(pid, organisation_level=0, draagvlak=0.5, private_capacity_eur=10_000,
                 absorption_capacity_eur=1_000_000, potential_energy=0.0,
                 potential_circularity=0.0, potential_economy=0.0,
                 potential_cooperation=potential)


HAND_CATEGORY = Category(category="organisation", label="Organisatie", min_private_share=0.25,
                         impact_cooperation=3.0)
HAND_SETTINGS = Settings(weight_energy=0, weight_circularity=0, weight_economy=0,
                         weight_cooperation=1, discount_rate=0, draagvlak_effect=0,
                         capacity_growth=0)


def hand_pair() -> tuple[Scenario, Scenario]:
    a = Scenario(parks=(_hand_park("P1", 0.9), _hand_park("P2", 0.6), _hand_park("P3", 0.3)),
                 budget=(BudgetYear(year=2026, budget_eur=50_000),
                         BudgetYear(year=2027, budget_eur=50_000)),
                 categories=(HAND_CATEGORY,),
                 returns=(ReturnSegment(up_to_share=None, multiplier=1.0),),
                 settings=HAND_SETTINGS)
    # B: two changes: the budget for 2027 down to €40.000, and the private share up to 50%
    # (r = 1: a park can then take only €10.000 a year)
    b = a.with_changes(
        budget=[{"year": 2026, "budget_eur": 50_000}, {"year": 2027, "budget_eur": 40_000}],
        categories=[HAND_CATEGORY.model_copy(update={"min_private_share": 0.5}).model_dump()])
    return a, b


def test_hand_checkable_case():
    a, b = hand_pair()
    att = at.compute(a, b)
    assert att.status == "optimal" and att.method == "exact"
    assert [g.parts for g in att.groups] == [("budget:2027",), ("category:organisation",)]
    # the four points (€ per park over both years):
    #   A:            P1 60.000  P2 40.000  P3 0        (2 × 30/20/0)
    #   budget only:  P1 60.000  P2 30.000  P3 0        (2027: 30 + 10)
    #   share only:   P1 20.000  P2 20.000  P3 20.000   (10 each a year, 30 of 50 spent)
    #   both (B):     P1 20.000  P2 20.000  P3 20.000   (30 of 40 spent in 2027)
    v = {"A": [60_000, 40_000, 0], "budget": [60_000, 30_000, 0],
         "share": [20_000, 20_000, 20_000], "B": [20_000, 20_000, 20_000]}
    # Shapley of two groups: each is the mean of "first" and "second" in the order
    budget = [((v["budget"][p] - v["A"][p]) + (v["B"][p] - v["share"][p])) / 2 for p in range(3)]
    share = [((v["share"][p] - v["A"][p]) + (v["B"][p] - v["budget"][p])) / 2 for p in range(3)]
    assert budget == [0, -5_000, 0] and share == [-40_000, -15_000, 20_000]
    np.testing.assert_allclose(att.park_by_group, [budget, share], atol=CENT)
    # alone: the budget cut alone costs P2 €10.000, half of which the share change would
    # have taken anyway (interaction)
    np.testing.assert_allclose(att.money_alone.sum(axis=2)[0], [0, -10_000, 0], atol=CENT)
    # value: A 0,004·(60.000·0,9 + 40.000·0,6) = 312; budget only 0,004·(54.000 + 18.000) = 288;
    # share only (1+1)·3/1000 = 0,006 per €·π: 0,006·20.000·(0,9 + 0,6 + 0,3) = 216; B = 216
    assert att.value_a == pytest.approx(312.0, abs=POINTS)
    assert att.value_b == pytest.approx(216.0, abs=POINTS)
    np.testing.assert_allclose(att.value_by_group, [((288 - 312) + (216 - 216)) / 2,
                                                    ((216 - 312) + (216 - 288)) / 2], atol=POINTS)
    np.testing.assert_allclose(att.value_alone, [-24.0, -96.0], atol=POINTS)
    # per year: P2 loses its €5.000 of the budget cut in 2027 only
    np.testing.assert_allclose(att.money_by_group[0, 1], [0, -5_000], atol=CENT)

    nl = tx.park_sentence(att, 1, "B", "nl")
    assert nl == ("Terrein P2 krijgt in B € 20.000 minder: € 15.000 door de hogere private eis "
                  "voor Organisatie, € 5.000 door het lagere budget voor 2027.")
    en = tx.park_sentence(att, 1, "B", "en")
    assert en.startswith("Terrein P2 gets € 20.000 less in B: € 15.000 because of the higher")
    assert tx.total_sentence(att, "nl") == (
        "De totale waarde daalt 96,0 punten: -84,0 door de hogere private eis voor "
        "Organisatie, -12,0 door het lagere budget voor 2027.")
    assert "rises" not in tx.total_sentence(att, "en")
    assert tx.park_sentence(att, 2, "B", "nl").startswith("Terrein P3 krijgt in B € 20.000 meer")


def test_json_object_has_the_issue_shape():
    a, b = hand_pair()
    data = tx.to_json(at.compute(a, b))
    assert set(data) == {"total_value_difference", "groups", "parks"}
    assert data["total_value_difference"] == pytest.approx(-96.0)
    for g in data["groups"]:
        assert set(g) == {"name_nl", "name_en", "value_points", "alone_value_points"}
    p2 = next(p for p in data["parks"] if p["park_id"] == "P2")
    assert set(p2) == {"park_id", "difference_eur", "by_group_eur"}
    assert p2["by_group_eur"] == pytest.approx({"budget 2027": -5_000.0,
                                                "private share Organisatie": -15_000.0})
    json.dumps(data)


# -- every effect is a re-solve ----------------------------------------------------------------


def _money(result, park_ids, years) -> np.ndarray:
    out = np.zeros((len(park_ids), len(years)))
    for rec in result.allocation.itertuples(index=False):
        out[park_ids.index(rec.park_id), years.index(rec.year)] += rec.public_eur
    return out


def three_group_pair() -> tuple[Scenario, Scenario]:
    a = make_small_scenario()
    cats = [c.model_dump() for c in a.categories]
    cats[2]["min_private_share"] = 0.6  # collective projects
    parks = [p.model_dump() for p in a.parks]
    parks[1]["private_capacity_eur"] = 30_000
    b = a.with_changes(
        budget=[{"year": 2026, "budget_eur": 120_000}, {"year": 2027, "budget_eur": 70_000},
                {"year": 2028, "budget_eur": 100_000}],
        categories=cats, parks=parks)
    return a, b


def test_sample_of_points_recomputed_through_solve():
    """Each point the attribution used is the allocation `allocation.solve` gives for that
    combination, built here by hand (not with `scenario_with`)."""
    a, b = three_group_pair()
    att = at.compute(a, b)
    assert [g.parts for g in att.groups] == [("budget:2027",), ("category:collective",),
                                             ("parks",)]
    assert len(att.points) == 8
    budget = [{"year": y.year, "budget_eur": y.budget_eur} for y in b.budget]
    cats = [c.model_dump() for c in b.categories]
    parks = [p.model_dump() for p in b.parks]
    by_hand = {
        0b000: a, 0b001: a.with_changes(budget=budget), 0b010: a.with_changes(categories=cats),
        0b100: a.with_changes(parks=parks), 0b101: a.with_changes(budget=budget, parks=parks),
        0b011: a.with_changes(budget=budget, categories=cats), 0b111: b,
    }
    for mask, scen in by_hand.items():
        res = solve(scen)
        value, money = att.points[mask]
        assert value == pytest.approx(res.objective, rel=1e-6, abs=POINTS)
        np.testing.assert_allclose(money, _money(res, att.park_ids, att.years), atol=CENT)


def test_value_with_reference_weights_when_weights_differ():
    a, b = three_group_pair()
    b = b.with_settings(weight_energy=0.6, weight_cooperation=0.1)
    att = at.compute(a, b)
    assert att.weights_differ and "weights" in {p for g in att.groups for p in g.parts}
    res_b = solve(b)
    ref = b.with_settings(**{f"weight_{g}": a.settings.weight(g)
                             for g in ("energy", "circularity", "economy", "cooperation")})
    assert att.value_b == pytest.approx(evaluate(ref, res_b.allocation).objective, rel=1e-6)
    assert att.value_b_own == pytest.approx(res_b.objective, rel=1e-6)
    assert att.value_by_group.sum() == pytest.approx(att.total_value_difference, abs=POINTS)
    note = " ".join(tx.notes(att, "nl"))
    assert "gewichten van het referentiescenario" in note


# -- properties on generated pairs ---------------------------------------------------------------

BASE = make_small_scenario()


def _base_with_twins() -> Scenario:
    """The small scenario plus an identical copy of park P2 (same data, other id and name)."""
    twin = BASE.parks[1].model_copy(update={"park_id": "P2b", "name": "Tweeling"})
    return BASE.model_copy(update={"parks": (*BASE.parks, twin)})


CHANGES = ("budget2026", "budget2027", "share", "cap", "weights", "floor", "muni", "park",
           "rename")


def _apply(s: Scenario, change: str, level: float) -> Scenario:
    """One change of a kind a user makes; `level` in [0, 1] sets how large."""
    if change.startswith("budget"):
        year = int(change[-4:])
        return s.with_changes(budget=[{"year": y.year, "budget_eur": y.budget_eur * (
            0.4 + 1.2 * level) if y.year == year else y.budget_eur} for y in s.budget])
    if change in ("share", "cap"):
        cats = [c.model_dump() for c in s.categories]
        if change == "share":
            cats[0]["min_private_share"] = round(0.1 + 0.6 * level, 3)
        else:
            cats[2]["max_per_park_year_eur"] = round(5_000 + 60_000 * level)
        return s.with_changes(categories=cats)
    if change == "weights":
        return s.with_settings(weight_energy=round(0.05 + level, 3))
    if change == "floor":
        return s.with_settings(strategic_floor_eur=round(2_000 * level))
    if change == "muni":
        return s.with_settings(max_municipality_share=round(0.55 + 0.4 * level, 3))
    parks = [p.model_dump() for p in s.parks]
    if change == "park":
        parks[0]["private_capacity_eur"] = round(20_000 + 100_000 * level)
    else:  # a new name: changes nothing in the model
        parks[2]["name"] = f"Nieuwe naam {level:.2f}"
    return s.with_changes(parks=parks)


pairs = st.lists(st.tuples(st.sampled_from(CHANGES), st.floats(0, 1)), min_size=1, max_size=4,
                 unique_by=lambda c: c[0])


def _pair(changes: list[tuple[str, float]]) -> tuple[Scenario, Scenario]:
    a = _base_with_twins()
    b = a
    for change, level in changes:
        b = _apply(b, change, level)
    return a, b


PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(pairs)
def test_properties_on_generated_pairs(changes):
    a, b = _pair(changes)
    att = at.compute(a, b, workers=1)
    assert att.ok, att.message_en
    # the attributions of each park (each year too) and of the total add up to the difference
    np.testing.assert_allclose(att.money_by_group.sum(axis=0), att.money_b - att.money_a,
                               atol=CENT)
    np.testing.assert_allclose(att.park_by_group.sum(axis=0), att.park_difference, atol=CENT)
    assert att.value_by_group.sum() == pytest.approx(att.total_value_difference, abs=POINTS)
    # identical parks (P2 and its twin P2b, never edited) get identical attributions
    j, jt = att.park_ids.index("P2"), att.park_ids.index("P2b")
    np.testing.assert_allclose(att.money_by_group[:, j], att.money_by_group[:, jt], atol=CENT)
    # a group that changes nothing in the model (a park's new name) gets zero
    if {c for c, _ in changes} == {"rename"}:
        assert np.abs(att.park_by_group).max(initial=0) <= CENT
        assert np.abs(att.value_by_group).max(initial=0) <= POINTS
    # swapping A and B flips every sign (the value too when the yardstick is the same)
    back = at.compute(b, a, workers=1)
    assert [g.parts for g in back.groups] == [g.parts for g in att.groups]
    np.testing.assert_allclose(back.money_by_group, -att.money_by_group, atol=CENT)
    # and B -> A's "alone" effects are A -> B's points with one group undone
    np.testing.assert_allclose(back.money_alone.sum(axis=2), _alone_from_b(att), atol=CENT)
    if not att.weights_differ:
        np.testing.assert_allclose(back.value_by_group, -att.value_by_group, atol=POINTS)


def _alone_from_b(att: at.Attribution) -> np.ndarray:
    """What undoing group i alone from B does (from the points solved for A -> B): in the
    swapped attribution that is group i 'applied alone'."""
    top = (1 << len(att.groups)) - 1
    return np.stack([att.points[top & ~(1 << i)][1] - att.points[top][1]
                     for i in range(len(att.groups))]).sum(axis=2) if att.groups else \
        np.zeros((0, len(att.park_ids)))


def test_a_group_that_changes_nothing_gets_zero_among_others():
    a = _base_with_twins()
    b = _apply(_apply(_apply(a, "budget2027", 0.1), "rename", 0.5), "share", 0.9)
    att = at.compute(a, b)
    i = next(i for i, g in enumerate(att.groups) if g.parts == ("parks",))
    assert np.abs(att.money_by_group[i]).max() <= CENT
    assert abs(att.value_by_group[i]) <= POINTS
    assert np.abs(att.park_by_group[[k for k in range(3) if k != i]]).max() > 100


# -- many groups: sampled orders or merged groups ------------------------------------------------


def seven_group_pair() -> tuple[Scenario, Scenario]:
    a = _base_with_twins()
    b = a
    for change in ("budget2026", "budget2027", "share", "cap", "weights", "muni", "park"):
        b = _apply(b, change, 0.3)
    b = b.with_changes(budget=[{"year": y.year, "budget_eur": y.budget_eur * 0.8
                                if y.year == 2028 else y.budget_eur} for y in b.budget])
    return a, b


def test_more_than_six_groups_merged():
    a, b = seven_group_pair()
    assert len(at.changes(a, b)) == 8
    att = at.compute(a, b, many="merge")
    assert att.merged and att.method == "exact" and len(att.groups) <= at.MAX_EXACT
    assert att.groups[0].name_nl == "budget (alle jaren)"
    assert att.value_by_group.sum() == pytest.approx(att.total_value_difference, abs=POINTS)
    np.testing.assert_allclose(att.park_by_group.sum(axis=0), att.park_difference, atol=CENT)
    assert any("samengevoegd" in n for n in tx.notes(att, "nl"))


def test_more_than_six_groups_sampled():
    a, b = seven_group_pair()
    att = at.compute(a, b, many="sample", samples=12, seed=3)
    assert att.method == "sample" and len(att.groups) == 8 and att.samples == 12
    assert att.solves < 2 ** 8
    # every order adds up to the whole difference, so the estimates do too
    assert att.value_by_group.sum() == pytest.approx(att.total_value_difference, abs=POINTS)
    np.testing.assert_allclose(att.park_by_group.sum(axis=0), att.park_difference, atol=CENT)
    assert att.value_se is not None and (att.value_se >= 0).all()
    assert "steekproeffout" in " ".join(tx.notes(att, "nl"))
    again = at.compute(a, b, many="sample", samples=12, seed=3)
    np.testing.assert_array_equal(again.value_by_group, att.value_by_group)  # seeded


def test_exact_shapley_against_the_definition():
    rng = np.random.default_rng(1)
    k = 4
    values = rng.normal(size=1 << k)
    phi = at.exact_shapley(values)
    for i in range(k):
        total = 0.0
        for perm in itertools.permutations(range(k)):
            before = sum(1 << g for g in perm[:perm.index(i)])
            total += values[before | 1 << i] - values[before]
        assert phi[i] == pytest.approx(total / 24)


# -- what cannot be attributed -------------------------------------------------------------------


def test_different_years_refused_in_words():
    a = make_small_scenario()
    b = a.with_changes(budget=[{"year": 2027, "budget_eur": 1.0}, {"year": 2028, "budget_eur": 1.0},
                               {"year": 2029, "budget_eur": 1.0}])
    with pytest.raises(at.AttributionError) as err:
        at.compute(a, b)
    assert "planjaren" in err.value.message_nl and "planning years" in err.value.message_en


def test_infeasible_combination_named():
    a = make_small_scenario()
    b = a.with_settings(strategic_floor_eur=150_000)  # the floor does not fit any budget
    att = at.compute(a, b)
    assert att.status == "infeasible"
    assert "strategische bodem" in att.message_nl and "strategic floor" in att.message_en


def test_no_difference():
    a = make_small_scenario()
    att = at.compute(a, a)
    assert att.ok and att.groups == [] and att.total_value_difference == 0
    assert "blijft gelijk" in tx.total_sentence(att, "nl")


# -- the export and the CLI ------------------------------------------------------------------------


def test_comparison_export_gets_the_sheet():
    a, b = three_group_pair()
    att = at.compute(a, b)
    comparison = compare([("Basis", a, solve(a)), ("Krapper", b, solve(b))])
    data = write_comparison_explained(comparison, tx.sheet(att, "nl"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert "Verklaring verschillen" in wb.sheetnames and "Per terrein" in wb.sheetnames
    ws = wb["Verklaring verschillen"]
    assert ws.cell(1, 4).value == "Oorzaak"
    assert ws.cell(2, 6).number_format.startswith("+#,##0.00")  # value points
    causes = [ws.cell(r, 4).value for r in range(2, ws.max_row + 1)]
    assert "het lagere budget voor 2027" in causes


@pytest.fixture
def store_pair(tmp_path, monkeypatch):
    from allocation.store import open_store, result_summary

    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", url)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    a, b = three_group_pair()
    store = open_store(url)
    ids = [store.save(s, result_summary(solve(s)), name, "tester").id
           for s, name in ((a, "Basis"), (b, "Krapper"))]
    return ids


def test_cli_explain_json(store_pair, capsys, tmp_path):
    from allocation.cli import main

    out_file = tmp_path / "vergelijking.xlsx"
    code = main(["scenarios", "compare", str(store_pair[0]), str(store_pair[1]), "--explain",
                 "--json", "--output", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    att = data["attribution"]
    assert set(att) == {"total_value_difference", "groups", "parks"}
    assert [g["name_en"] for g in att["groups"]] == ["budget 2027", "private share Collectieve projecten",
                                                     "park data"]
    total = sum(g["value_points"] for g in att["groups"])
    assert total == pytest.approx(att["total_value_difference"], abs=POINTS)
    for p in att["parks"]:
        assert sum(p["by_group_eur"].values()) == pytest.approx(p["difference_eur"], abs=CENT)
    assert data["attribution_notes"]["method"] == "exact"
    assert "Verklaring verschillen" in openpyxl.load_workbook(out_file).sheetnames


def test_cli_explain_text_and_refusal(store_pair, capsys):
    from allocation.cli import main

    code = main(["scenarios", "compare", str(store_pair[0]), str(store_pair[1]), "--explain"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "De totale waarde" in out and "door het lagere budget voor 2027" in out
    code = main(["scenarios", "compare", str(store_pair[0]), str(store_pair[1]),
                 str(store_pair[0]), "--explain"])
    out, err = capsys.readouterr()
    assert code == 2 and "precies twee" in err and "Traceback" not in out + err


def test_chart_has_two_bars_per_cause():
    from allocation.analysis.charts_attribution import attribution_chart

    a, b = hand_pair()
    att = at.compute(a, b)
    for j, unit in ((None, "points"), (1, "eur")):
        spec = attribution_chart(tx.chart_data(att, j), unit, "nl").to_dict()  # validated
        rows = spec["datasets"][next(iter(spec["datasets"]))]
        assert len(rows) == 2 * len(att.groups)
        assert {r["kind"] for r in rows} == {"aandeel in het verschil",
                                             "alleen toegepast op de referentie"}
    park = tx.chart_data(att, 1)
    assert list(park["share"]) == pytest.approx([-5_000, -15_000])
    assert list(park["alone"]) == pytest.approx([-10_000, -20_000])
    empty = attribution_chart(tx.chart_data(at.compute(a, a), None), "points", "en").to_dict()
    assert "No differences" in json.dumps(empty)


def test_compare_page_explains_in_both_languages(store_pair):
    """The compare page (AppTest): start, the total's sentence and table, a park's sentence,
    and the export with the sheet; then the same in English."""
    from streamlit.testing.v1 import AppTest

    from tests.test_pages import APP, texts

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/vergelijken.py")
    at.run()
    at.multiselect[0].set_value(list(store_pair)).run()
    assert not at.exception
    assert "3 groepen wijzigingen" in texts(at)
    next(b for b in at.button if b.label == "Bereken").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at).replace("\\", "")  # user texts are Markdown-escaped
    assert "De totale waarde stijgt" in shown
    assert "krijgt in Krapper (v1)" in shown
    next(s for s in at.selectbox if s.label == "Terrein").set_value(1).run()  # P2
    assert "Industrieterrein Hoge Weide krijgt in Krapper (v1) € " in \
        texts(at).replace("\\", "")
    table = next(d.value for d in at.dataframe if "Aandeel in het verschil" in d.value.columns
                 and "2027" in d.value.columns)
    assert table.iloc[-1, 0] == "Totaal verschil"
    assert any(b.label.startswith("Vergelijking downloaden") for b in at.get("download_button"))
    at.session_state["dk_lang"] = "en"
    at.run()
    assert not at.exception
    shown = texts(at).replace("\\", "")
    assert "The total value rises" in shown and "because of the lower budget for 2027" in shown
