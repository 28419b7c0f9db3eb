"""Explanations per park (one per code, with their numbers) and the infeasibility diagnosis."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from test_claims import _park_change, check_explanations
from test_model import ORG, park, scenario
from test_properties import scenarios

from allocation.domain import Category, Scenario
from allocation.explain import diagnose
from allocation.model import KEUR, build_model
from allocation.pipeline import solve
from allocation.result import EXPLANATION_CODES
from allocation.run import run_lp

# -- one test per explanation code ----------------------------------------------------------


def codes(result) -> dict[str, str]:
    return {pid: e.code for pid, e in result.explanations.items()}


def test_every_explanation_has_both_languages_and_a_way_out(small_scenario):
    r = solve(small_scenario)
    for e in r.explanations.values():
        assert e.code in EXPLANATION_CODES
        assert e.message_nl and e.message_en and e.message_nl != e.message_en
        assert e.what_would_change_nl and e.what_would_change_en


def test_private_capacity_explanation_numbers():
    # K = 4.000 a year, organisation share 25% (r = 1/3): v = (4/3)·0,5 = 2/3 point per
    # € 1.000 public. € 10.000 more co-financing a year allows € 30.000 more public a year:
    # 2 years × 30.000 × 2/3 / 1.000 = 40 points, 4 per € 1.000 of K.
    cat = ORG.model_copy(update={"min_private_share": 0.25})
    r = solve(scenario([park("A", k=4_000)], [1e6, 1e6], categories=(cat,)))
    e = r.explanations["A"]
    assert e.code == "private_capacity"
    assert e.message_nl == ("Begrensd door de private cofinanciering: de bedrijven kunnen "
                            "€ 4.000 per jaar meefinancieren, en het geld gaat naar "
                            "Organisatie (minstens 25% privaat).")
    assert e.what_would_change_nl == (
        "Herberekend: € 10.000 meer cofinanciering per jaar verhoogt de totale waarde met "
        "40,00 waardepunten (4,00 per € 1.000), en dit terrein krijgt dan € 60.000 meer "
        "provinciaal geld.")
    assert e.numbers["gain_points"] == pytest.approx(40.0)
    assert e.numbers["extra_public_eur"] == pytest.approx(60_000)
    assert e.marginal_value == {"private_capacity": pytest.approx(4.0), "absorption": 0.0,
                                "category_cap": None, "municipality_share": None,
                                "floor": None}


def test_zero_private_capacity_named_only_when_it_has_value():
    # budget left over (B absorbs 1.000): co-financing for A would add value -> named
    r = solve(scenario([park("A", k=0.0), park("B", a=1_000)], [1e6]))
    assert codes(r)["A"] == "private_capacity"
    assert r.explanations["A"].message_nl.startswith("Krijgt nu niets. Begrensd door")
    # budget € 1.000 and B worth as much: B takes it all and co-financing for A adds nothing
    r = solve(scenario([park("A", k=0.0), park("B")], [1_000]))
    assert codes(r)["A"] == "outcompeted"
    assert r.explanations["A"].marginal_value["private_capacity"] == 0.0


def test_absorption_and_level_hint():
    # A absorbs 8.000 a year (level 1); € 10.000 more gives 10.000 × 1 point per € 1.000
    r = solve(scenario([park("A", a=None, level=1)], [1e6], capacity_level_1=8_000,
                       capacity_level_2=20_000))
    e = r.explanations["A"]
    assert e.code == "absorption"
    assert "Begrensd door de opnamecapaciteit" in e.message_nl
    assert "€ 8.000 per jaar" in e.message_nl and "organisatiegraad 1" in e.message_nl
    assert "10,00 waardepunten (1,00 per € 1.000)" in e.what_would_change_nl
    assert "niveau 2" in e.what_would_change_nl and "€ 20.000" in e.what_would_change_nl


def test_outcompeted_quotes_value_and_price():
    # A: 2 points per €1.000 and absorbs 1.000; B: 1 point; C: 0,5 point. Budget 3.000:
    # A 1.000, B 2.000 (B absorbs everything), C nothing; price = B's 1,0 point per €1.000.
    # A's absorption + 2.000 lets A take all 3.000: 3·2 - (1·2 + 2·1) = 2 points, 1 per
    # € 1.000; beyond that the budget is spent (the quoted step is where the gain holds).
    parks = [park("A", potential=1.0, a=1_000), park("B", potential=0.5, a=2_000_000),
             park("C", potential=0.25)]
    r = solve(scenario(parks, [3_000]))
    assert codes(r) == {"A": "absorption", "B": "outcompeted", "C": "outcompeted"}
    a = r.explanations["A"]
    assert a.numbers["gain_points"] == pytest.approx(2.0)
    assert a.numbers["step_eur"] == pytest.approx(2_000)
    assert a.marginal_value["absorption"] == pytest.approx(1.0)
    assert a.what_would_change_nl.startswith(
        "Herberekend: € 2.000 meer opnamecapaciteit per jaar verhoogt de totale waarde met "
        "2,00 waardepunten (1,00 per € 1.000), en dit terrein krijgt dan € 2.000 meer")
    c = r.explanations["C"]
    assert c.numbers["value_per_keur"] == pytest.approx(0.5)
    assert c.numbers["budget_price"] == pytest.approx(1.0)
    assert "0,50 waardepunten per € 1.000 in 2026; de budgetprijs is 1,00" in c.message_nl
    assert "Het budget is de grens" in r.explanations["B"].message_nl
    assert r.budget_shadow_price[2026] == pytest.approx(1.0)


def test_saturated_when_nothing_of_its_own_has_value():
    # A strategic without value: the floor money adds nothing, but the budget is ample, so
    # dropping the floor adds nothing either; B absorbs 1.000. Nothing binds with value.
    parks = [park("A", potential=0.0, strategic=True), park("B", a=1_000)]
    r = solve(scenario(parks, [1e6], strategic_floor_eur=500))
    assert codes(r) == {"A": "saturated", "B": "absorption"}
    assert r.explanations["A"].message_nl.startswith("Verzadigd: dit terrein krijgt € 500")
    r = solve(scenario([park("A", potential=0.0), park("B", a=1_000)], [1e6]))
    assert codes(r)["A"] == "saturated"
    assert "geen waardepunten" in r.explanations["A"].message_nl


def test_strategic_park_that_gets_money_anyway_is_not_told_floor():
    # A is worth most and takes the whole budget; its floor of 3.000 changes nothing
    parks = [park("A", potential=1.0, strategic=True), park("B", potential=0.5)]
    r = solve(scenario(parks, [10_000], strategic_floor_eur=3_000))
    assert codes(r)["A"] == "outcompeted"
    assert r.explanations["A"].marginal_value["floor"] == 0.0


def test_floor_named_when_dropping_it_adds_value():
    # A (0,2 per € 1.000) gets only its floor 3.000; B is worth 2: dropping A's floor moves
    # 3.000 to B: 3 × (2 - 0,2) = 5,4 points, 1,8 per € 1.000 of floor.
    parks = [park("A", potential=0.1, strategic=True), park("B", potential=1.0)]
    r = solve(scenario(parks, [10_000], strategic_floor_eur=3_000))
    e = r.explanations["A"]
    assert e.code == "floor"
    assert "De strategische bodem bepaalt het bedrag" in e.message_nl
    assert e.what_would_change_nl == (
        "Herberekend: zonder bodem voor dit terrein stijgt de totale waarde met 5,40 "
        "waardepunten en gaat € 3.000 naar andere terreinen.")
    assert e.marginal_value["floor"] == pytest.approx(1.8)


def test_category_cap_named_also_at_zero():
    cat = ORG.model_copy(update={"max_per_park_year_eur": 2_000})
    r = solve(scenario([park("A")], [1e6], categories=(cat,)))
    assert codes(r) == {"A": "category_cap"}
    assert "Organisatie geeft hoogstens € 2.000 per terrein per jaar" in \
        r.explanations["A"].message_nl
    # a cap of € 0: the park is blocked by the cap, not "outcompeted ... -100%"
    cat = ORG.model_copy(update={"max_per_park_year_eur": 0})
    r = solve(scenario([park("A")], [1e6], categories=(cat,)))
    e = r.explanations["A"]
    assert e.code == "category_cap" and "%" not in e.what_would_change_nl
    assert "hoogstens € 0 per terrein" in e.message_nl
    assert e.numbers["gain_points"] == pytest.approx(10.0)


def test_municipality_share_and_price_with_share():
    # φ = 0,5 of 10.000: Noord (A, 2 per € 1.000) may get 5.000, Zuid (B, 1) the rest.
    # € 10.000 more room for Noord: A takes everything: 5 × (2 - 1) = 5 points.
    # Budget price: V(B) = 2·B/2 + 1·B/2 = 1,5 per € 1.000 (the share moves with the budget).
    parks = [park("A", potential=1.0, muni="Noord"), park("B", potential=0.5, muni="Zuid")]
    r = solve(scenario(parks, [10_000], max_municipality_share=0.5))
    assert codes(r) == {"A": "municipality_share", "B": "outcompeted"}
    e = r.explanations["A"]
    assert e.message_nl == ("Begrensd door het maximumaandeel per gemeente: Noord mag "
                            "hoogstens 50% van het totale budget krijgen (€ 5.000).")
    assert "verhoogt de totale waarde met 5,00 waardepunten" in e.what_would_change_nl
    assert r.budget_shadow_price[2026] == pytest.approx(1.5)


def test_not_eligible_names_the_way_in():
    cat = ORG.model_copy(update={"min_organisation_level": 2, "requires_municipal_team": True})
    r = solve(scenario([park("A", level=1, team=False), park("B", level=2)], [1_000],
                       categories=(cat,)))
    e = r.explanations["A"]
    assert e.code == "not_eligible"
    assert e.message_nl == ("Komt voor geen categorie in aanmerking: Organisatie: "
                            "organisatiegraad 1 < 2, geen gemeentelijk gebiedsteam.")
    assert "organisatiegraad 2 (nu 1)" in e.what_would_change_nl
    assert "gebiedsteam" in e.what_would_change_nl and "Organisatie" in e.what_would_change_nl


def test_texts_use_words_not_rule_numbers(small_scenario):
    for e in solve(small_scenario).explanations.values():
        for text in (e.message_nl, e.what_would_change_nl):
            assert "regel " not in text and "Gehouden" not in text


# -- diagnosis ------------------------------------------------------------------------------


def test_diagnosis_lists_many_parks_briefly():
    parks = [park(f"P{i:02d}", k=100.0 * i, strategic=True) for i in range(1, 16)]
    sc = scenario(parks, [1e6], strategic_floor_eur=1_000)
    d = diagnose(sc)
    priv = [f for f in d.arithmetic if f.rule == "private_capacity"]
    # 9 parks (K = 100..900 < 1.000 private needed at r = 1) are short: all listed
    assert len(priv) == 9
    parks = [park(f"P{i:02d}", k=10.0, strategic=True) for i in range(25)]
    d = diagnose(scenario(parks, [1e6], strategic_floor_eur=1_000))
    priv = [f for f in d.arithmetic if f.rule == "private_capacity"]
    assert len(priv) == 11 and priv[-1].message_nl.startswith("... en nog 15 terreinen")


# -- issue 26, item 5: reasons that name where the money goes ---------------------------------

COL = Category(category="collective", label="Collectief", min_private_share=0.5,
               impact_energy=3.0)
ORG25 = ORG.model_copy(update={"min_private_share": 0.25})


def cold_money(sc: Scenario, change=None) -> dict[tuple[str, str], float]:
    """Public € per (park, category) over the period from a fresh model and a cold solve,
    after `change` edits the model's LP (the claimed limit moved)."""
    model = build_model(sc)
    if change is not None:
        change(model)
    run, _ = run_lp(model.lp, 60)
    assert run.status == "optimal", run.detail
    idx, par = model.index, model.params
    x = np.asarray(run.col_value)[: idx.n_x].reshape(idx.n_pairs, idx.n_years).sum(axis=1)
    out: dict[tuple[str, str], float] = {}
    for e, v in enumerate(x * KEUR):
        if v > 0.01:
            key = (par.park_ids[idx.pair_park[e]], par.category_ids[idx.pair_cat[e]])
            out[key] = float(v)
    return out


def test_private_capacity_names_the_category_the_money_goes_to():
    # Issue 26, item 5: A's co-financing of € 4.000 a year buys the most in Collectief (50%
    # private, 3 × the impact: 6 points per € 1.000 of co-financing against Organisatie's 4),
    # but the reason cited the category with the lowest share, "Organisatie vraagt minstens
    # 25% privaat".
    sc = scenario([park("A", k=4_000)], [1e6, 1e6], categories=(ORG25, COL))
    r = solve(sc)
    e = r.explanations["A"]
    assert e.code == "private_capacity"
    assert e.message_nl == ("Begrensd door de private cofinanciering: de bedrijven kunnen "
                            "€ 4.000 per jaar meefinancieren, en het geld gaat naar Collectief "
                            "(minstens 50% privaat).")
    assert e.message_en == ("Limited by private co-financing: the companies can co-finance "
                            "€ 4.000 a year, and the money goes to Collectief (at least 50% "
                            "private).")
    assert e.numbers["min_private_share"] == pytest.approx(0.5)
    # the claim, from a cold solve: A's money is in Collectief only, and with the limit moved
    # by the quoted step the extra money goes there too
    assert set(cold_money(sc)) == {("A", "collective")}
    more = _park_change(sc, "A", private_capacity_eur=4_000 + e.numbers["step_eur"])
    assert set(cold_money(more)) == {("A", "collective")}
    assert check_explanations(sc) >= 1


def test_unfunded_park_names_where_more_co_financing_would_go():
    # A commits nothing; the budget is left over (B absorbs € 1.000), so co-financing for A
    # has value, and the re-solve puts A's money in Collectief
    sc = scenario([park("A", k=0.0), park("B", a=1_000)], [1e6], categories=(ORG25, COL))
    r = solve(sc)
    e = r.explanations["A"]
    assert e.code == "private_capacity"
    assert e.message_nl == (
        "Krijgt nu niets. Begrensd door de private cofinanciering: de bedrijven kunnen € 0 per "
        "jaar meefinancieren, en met meer cofinanciering gaat het geld naar Collectief "
        "(minstens 50% privaat).")
    more = _park_change(sc, "A", private_capacity_eur=e.numbers["step_eur"])
    assert {c for p, c in cold_money(more) if p == "A"} == {"collective"}
    assert check_explanations(sc) >= 1


def test_municipality_share_says_where_the_room_goes():
    # Issue 26, item 5: A (0,8 per € 1.000) and B (2) in Noord, C (0,5) in Zuid, φ = 50% of
    # € 10.000. Noord's € 5.000 goes to B; A gets nothing and "begrensd door het
    # maximumaandeel" is true (more room for Noord adds 5.000 × (2 - 0,5) = 7,5 points), but
    # that room goes to B, not to A.
    parks = [park("A", potential=0.4, muni="Noord"), park("B", potential=1.0, muni="Noord"),
             park("C", potential=0.25, muni="Zuid")]
    sc = scenario(parks, [10_000], max_municipality_share=0.5)
    r = solve(sc)
    e = r.explanations["A"]
    assert e.code == "municipality_share"
    assert e.message_nl == (
        "Krijgt nu niets. Begrensd door het maximumaandeel per gemeente: Noord mag hoogstens 50% "
        "van het totale budget krijgen (€ 5.000), en die ruimte gaat naar andere terreinen in "
        "Noord.")
    assert e.what_would_change_nl == (
        "Herberekend: € 10.000 meer ruimte voor Noord verhoogt de totale waarde met 7,50 "
        "waardepunten (0,75 per € 1.000); dat geld gaat naar terrein B (€ 5.000), niet naar "
        "dit terrein.")
    assert e.what_would_change_en == (
        "Re-solved: € 10.000 more room for Noord raises the total value by 7,50 value points "
        "(0,75 per € 1.000); that money goes to park B (€ 5.000), not to this park.")
    # B's own reason keeps its own money
    assert r.explanations["B"].what_would_change_nl.endswith(
        "en dit terrein krijgt dan € 5.000 meer provinciaal geld.")
    # the claim, from a cold solve with Noord's room moved by the quoted step: B gains
    # € 5.000, A still gets nothing
    now = cold_money(sc)
    step = e.numbers["step_eur"]

    def more_room(m):
        local = int(np.nonzero(m.blocks["municipality_share"].keys["municipality"]
                               == m.params.municipalities.index("Noord"))[0][0])
        m.lp.row_upper[m.row_offset["municipality_share"] + local] += step / KEUR
    moved = cold_money(sc, more_room)
    assert ("A", "organisation") not in now and ("A", "organisation") not in moved
    assert moved[("B", "organisation")] - now[("B", "organisation")] == pytest.approx(5_000)
    assert check_explanations(sc) >= 2


def test_room_is_shared_out_over_identical_parks():
    # B1 and B2 are identical: the extra room for Noord goes to both, € 2.500 each, whichever
    # of them the re-solve happened to give it to
    parks = [park("A", potential=0.4, muni="Noord"), park("B1", potential=1.0, muni="Noord"),
             park("B2", potential=1.0, muni="Noord"), park("C", potential=0.25, muni="Zuid")]
    r = solve(scenario(parks, [10_000], max_municipality_share=0.5))
    e = r.explanations["A"]
    assert e.code == "municipality_share"
    assert e.what_would_change_nl.endswith(
        "dat geld gaat naar terreinen B1 (€ 2.500) en B2 (€ 2.500), niet naar dit terrein.")
    for pid in ("B1", "B2"):
        assert r.explanations[pid].what_would_change_nl.endswith(
            "en dit terrein krijgt dan € 2.500 meer provinciaal geld; de rest gaat naar "
            f"terrein {'B2' if pid == 'B1' else 'B1'} (€ 2.500).")


@settings(max_examples=25, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_co_financing_reason_names_exactly_the_categories_of_its_money(sc):
    r = solve(sc)
    if r.status != "optimal":
        return
    label = {c.category: c.label or c.category for c in sc.categories}
    asks = {c.category: c.min_private_share > 0 for c in sc.categories}
    for pid, e in r.explanations.items():
        if e.code != "private_capacity":
            continue
        mine = r.allocation[r.allocation["park_id"] == pid]
        money = mine.groupby("category")["public_eur"].sum()
        cats = {c for c, v in money.items() if v > 1.0 and asks[c]}
        if not cats:
            continue
        assert "het geld gaat naar" in e.message_nl, e.message_nl
        named = {c for c in label if label[c] in e.message_nl}
        assert named == cats, (e.message_nl, dict(money))
