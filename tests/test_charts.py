"""Chart builders: tiny hand-made frames in, Vega-Lite specs out (checked via to_dict())."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from allocation import charts


def _by_park() -> pd.DataFrame:
    return pd.DataFrame({
        "park_id": ["A", "B", "C", "D"],
        "name": ["Park A", "Park B", "Park C", "Park <b>D</b>"],
        "municipality": ["X", "Y", "X", "Z"],
        "region": ["N", "N", "S", "S"],
        "strategic": [True, False, False, False],
        "organisation_level": [3, 0, 2, 1],
        "draagvlak": [0.8, 0.4, 0.7, 0.2],
        "private_capacity_eur": [60_000.0, 6_000.0, 2_000.0, 90_000.0],
        "latitude": [52.0, 52.2, None, 51.9],
        "longitude": [5.9, 6.1, None, 5.7],
        "public_eur": [300_000.0, 36_000.0, 0.0, 10_000.0],
        "private_eur": [100_000.0, 12_000.0, 0.0, 3_000.0],
        "value_points": [10.0, 2.0, 0.0, 0.5],
        "eligible": [True, True, False, True],
        "code": ["absorption", "private_capacity", "not_eligible", "outcompeted"],
    })


def _values(spec: dict) -> list[dict]:
    """All inline data rows of a spec (Altair puts them under top-level `datasets`)."""
    rows: list[dict] = []
    for data in spec.get("datasets", {}).values():
        rows.extend(data)
    return rows


def _nl_locale(spec: dict) -> None:
    number = spec["config"]["locale"]["number"]
    assert number["decimal"] == "," and number["thousands"] == "."
    assert number["currency"] == ["€ ", ""]


def test_spending_by_year_aggregates_per_year_and_category():
    alloc = pd.DataFrame({
        "park_id": ["A", "A", "B", "B"],
        "category": ["org", "col", "org", "org"],
        "year": [2026, 2026, 2026, 2027],
        "public_eur": [100.0, 50.0, 25.0, 10.0],
        "private_eur": [0.0] * 4,
    })
    by_year = pd.DataFrame({"year": [2026, 2027], "budget_eur": [200.0, 50.0]})
    spec = charts.spending_by_year(alloc, by_year, {"org": "Organisatie", "col": "Collectief"}
                                   ).to_dict()
    _nl_locale(spec)
    rows = [r for r in _values(spec) if "category" in r]
    totals = {(r["year"], r["category"]): r["public_eur"] for r in rows}
    assert totals == {("2026", "col"): 50.0, ("2026", "org"): 125.0, ("2027", "org"): 10.0}
    assert {r["label"] for r in rows} == {"Organisatie", "Collectief"}
    budgets = [r for r in _values(spec) if "budget_eur" in r]
    assert [b["budget_eur"] for b in budgets] == [200.0, 50.0]
    assert spec["layer"][0]["encoding"]["y"]["axis"]["format"] == charts.EUR


def test_empty_allocation_gives_a_message_chart():
    spec = charts.spending_by_year(pd.DataFrame(columns=["park_id", "category", "year",
                                                         "public_eur"])).to_dict()
    assert spec["mark"]["type"] == "text"
    assert _values(spec)[0]["message"] == "Geen gegevens om te tonen"
    en = charts.top_parks(_by_park().assign(public_eur=0.0), lang="en").to_dict()
    assert _values(en)[0]["message"] == "No data to show"


def test_top_parks_sorted_stably_and_only_funded():
    frame = pd.concat([_by_park(), _by_park().assign(park_id=["E", "F", "G", "H"],
                                                      public_eur=[36_000.0, 1.0, 0, 0])])
    spec = charts.top_parks(frame, n=3).to_dict()
    rows = _values(spec)
    assert [r["park_id"] for r in rows] == ["A", "B", "E"]  # tie 36.000: by id
    assert spec["encoding"]["x"]["axis"]["format"] == charts.EUR


def test_map_skips_parks_without_coordinates_and_uses_a_projection():
    spec = charts.park_map(_by_park()).to_dict()
    ids = {r["park_id"] for r in _values(spec) if "park_id" in r}
    assert ids == {"A", "B", "D"}
    assert spec["projection"]["type"] == "mercator"
    assert spec["layer"][2]["encoding"]["longitude"]["field"] == "longitude"
    # a light graticule over exactly the fitted area (a map, not dots on white)
    assert spec["layer"][1]["data"]["graticule"]["extent"][0][1] < 51.9
    corners = [r for r in _values(spec) if "park_id" not in r]
    assert min(c["latitude"] for c in corners) < 51.9 and max(c["latitude"] for c in corners) > 52.2
    # user text stays data, never markup
    assert "Park <b>D</b>" in {r["name"] for r in _values(spec) if "name" in r}
    none = charts.park_map(_by_park().assign(latitude=None, longitude=None)).to_dict()
    assert "coördinaten" in _values(none)[0]["message"]


def test_projector_charts_have_text_of_at_least_16_px():
    bp = _by_park()
    specs = [charts.park_map(bp, big=True), charts.top_parks(bp, 5, big=True),
             charts.value_by_goal({"energy": 1.0}, big=True)]
    for spec in (c.to_dict() for c in specs):
        axis, legend = spec["config"]["axis"], spec["config"]["legend"]
        assert axis["labelFontSize"] >= 16 and axis["titleFontSize"] >= 16
        assert legend["labelFontSize"] >= 16


def test_value_by_goal_keeps_goal_order_and_labels():
    spec = charts.value_by_goal({"energy": 3.0, "circularity": 1.0, "economy": 0.0,
                                 "cooperation": 2.0}, lang="en").to_dict()
    rows = _values(spec)
    assert [r["goal"] for r in rows] == ["Energy", "Circularity", "Economy", "Cooperation"]
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)


def test_quadrant_frame_classifies_willing_and_able():
    frame = charts.quadrant_frame(_by_park(), capacity_threshold=10_000)
    assert dict(zip(frame["park_id"], frame["quadrant"], strict=True)) == {
        "A": "willing_able", "B": "neither", "C": "willing_not_able", "D": "able_not_willing",
    }
    median = charts.quadrant_frame(_by_park())
    assert median.attrs["thresholds"]["able"] == pytest.approx(33_000.0)
    level = charts.quadrant_frame(_by_park(), axis="level")
    assert dict(zip(level["park_id"], level["able"], strict=True)) == {
        "A": True, "B": False, "C": True, "D": False}


def test_quadrant_chart_has_threshold_rules_and_corner_labels():
    frame = charts.quadrant_frame(_by_park(), capacity_threshold=10_000)
    spec = charts.quadrant_chart(frame, lang="nl").to_dict()
    _nl_locale(spec)
    text = json.dumps(spec)
    for label in charts.QUADRANT_LABELS["nl"].values():
        assert label in text
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in spec["layer"]]
    assert marks.count("rule") == 2
    assert spec["layer"][0]["encoding"]["y"]["scale"]["type"] == "symlog"
    # one gridline per round amount on the compressed axis, not Vega's crowded default
    assert spec["layer"][0]["encoding"]["y"]["axis"]["values"][:3] == [0.0, 1_000.0, 10_000.0]
    lvl = charts.quadrant_chart(charts.quadrant_frame(_by_park(), axis="level"), axis="level",
                                selected="B").to_dict()
    assert lvl["layer"][0]["encoding"]["y"]["axis"]["values"] == [0, 1, 2, 3, 4]
    rows = list({r["park_id"]: r for r in _values(lvl) if "organisation_level" in r}.values())
    for r in rows:  # each park near its level (spread, not stacked on one line), same every run
        assert abs(r["y"] - r["organisation_level"]) <= 0.3
    assert len({r["y"] for r in rows}) == len(rows)
    ring = [layer for layer in lvl["layer"] if isinstance(layer.get("mark"), dict)
            and layer["mark"].get("size") == 900]
    assert ring, "the selected park is ringed"
    assert {r.get("park_id") for r in _values(lvl) if r.get("name")} >= {"B"}


def test_largest_shifts_orders_by_absolute_change():
    frame = pd.DataFrame({"label": ["a", "b", "c", "d"], "change": [5.0, -50.0, 20.0, 0.1]})
    spec = charts.largest_shifts(frame, "label", "change", n=2).to_dict()
    rows = _values(spec)
    assert [r["label"] for r in rows] == ["b", "c"]
    assert [r["direction"] for r in rows] == ["-", "+"]


def test_municipality_and_scenario_totals_and_shadow_prices():
    muni = pd.DataFrame({"municipality": ["X", "Y"], "public_eur": [10.0, 30.0],
                         "private_eur": [5.0, 1.0], "parks_funded": [1, 2]})
    rows = _values(charts.by_municipality(muni).to_dict())
    assert len(rows) == 4 and {r["kind"] for r in rows} == {"Publiek (€)", "Privaat (€)"}
    long = pd.DataFrame({"scenario": ["a", "b"], "year": [2026, 2026],
                         "public_eur": [1.0, 2.0]})
    spec = charts.scenario_totals(long).to_dict()
    assert spec["encoding"]["xOffset"]["field"] == "scenario"
    prices = pd.DataFrame({"year": [2026, 2027], "shadow_price": [0.5, 0.0]})
    # per € 1.000, like the sentences beside it: the unit in which the price is exact
    assert [r["shadow_price"] for r in _values(charts.shadow_prices(prices).to_dict())] == [
        0.5, 0.0]


def test_size_legend_values_are_round_and_within_the_data():
    assert charts.size_legend_values(pd.Series([1_234_567.0])) == [250_000.0, 500_000.0,
                                                                  1_000_000.0]
    assert charts.size_legend_values(pd.Series([0.0])) == [0.0]
