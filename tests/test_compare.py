"""Scenario comparison and its Excel output, on hand-made results with answers checked by hand.

One test at the end compares real solves.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest

from allocation.compare import (
    CompareError,
    compare,
    is_formula_like,
    write_comparison,
    write_decision_log,
)
from allocation.domain import DEFAULT_CATEGORIES, Park, Scenario
from allocation.result import AllocationResult, ParkExplanation
from allocation.store import Decision


def park(pid: str, **kw) -> Park:
    base = dict(park_id=pid, name=f"Park {pid}", municipality="Arnhem", area_ha=10,
                companies=10, jobs=100, organisation_level=2, draagvlak=0.6,
                private_capacity_eur=50_000, municipal_team=True, potential_energy=0.5,
                potential_circularity=0.5, potential_economy=0.5, potential_cooperation=0.5)
    base.update(kw)
    return Park(**base)


def scenario(parks=("A", "B", "C"), budget=100_000.0, **settings) -> Scenario:
    s = Scenario(parks=tuple(park(p) for p in parks),
                 budget=({"year": 2026, "budget_eur": budget},
                         {"year": 2027, "budget_eur": budget}),
                 categories=(DEFAULT_CATEGORIES[0], DEFAULT_CATEGORIES[2]))
    return s.with_settings(**settings) if settings else s


def result(sc: Scenario, money: dict[str, dict[tuple[str, int], float]],
           status: str = "optimal", objective: float | None = None,
           codes: dict[str, str] | None = None) -> AllocationResult:
    """An AllocationResult with the given allocation; derived tables computed by hand."""
    rows = [{"park_id": p, "category": c, "year": y, "public_eur": v,
             "private_eur": v * sc.category(c).matching_ratio}
            for p, cells in money.items() for (c, y), v in cells.items() if v > 0]
    alloc = pd.DataFrame(rows, columns=["park_id", "category", "year", "public_eur",
                                        "private_eur"])
    has = status in ("optimal", "time_limit")
    if not has:
        alloc = alloc.iloc[0:0]
    by_year = pd.DataFrame([{
        "year": y, "budget_eur": b,
        "public_eur": float(alloc.loc[alloc.year == y, "public_eur"].sum()),
        "private_eur": float(alloc.loc[alloc.year == y, "private_eur"].sum()),
        "unallocated_eur": b - float(alloc.loc[alloc.year == y, "public_eur"].sum()),
        "shadow_price": 0.25 if has else 0.0,
    } for y, b in sc.budgets.items()])
    by_category = pd.DataFrame([{
        "category": c.category, "label": c.label,
        "public_eur": float(alloc.loc[alloc.category == c.category, "public_eur"].sum()),
        "private_eur": float(alloc.loc[alloc.category == c.category, "private_eur"].sum()),
        "value_points": float(alloc.loc[alloc.category == c.category, "public_eur"].sum()) / 1e3,
    } for c in sc.categories])
    codes = codes or {}
    explanations = {
        p.park_id: ParkExplanation(
            park_id=p.park_id, code=codes.get(p.park_id, "outcompeted"),
            message_nl=f"{p.park_id}: {codes.get(p.park_id, 'outcompeted')} (nl)",
            message_en=f"{p.park_id}: {codes.get(p.park_id, 'outcompeted')} (en)")
        for p in sc.parks
    }
    by_park = pd.DataFrame([{
        "park_id": p.park_id, "name": p.name, "municipality": p.municipality,
        "public_eur": float(alloc.loc[alloc.park_id == p.park_id, "public_eur"].sum()),
        "private_eur": float(alloc.loc[alloc.park_id == p.park_id, "private_eur"].sum()),
        "eligible": True,
        "code": explanations[p.park_id].code,
        "explanation_nl": explanations[p.park_id].message_nl,
        "explanation_en": explanations[p.park_id].message_en,
    } for p in sc.parks])
    total = float(alloc["public_eur"].sum())
    return AllocationResult(
        status=status, message_nl=f"uitkomst {status}", message_en=f"outcome {status}",
        objective=(objective if objective is not None else total / 1000) if has else None,
        allocation=alloc, by_year=by_year, by_category=by_category,
        by_municipality=pd.DataFrame(), by_region=pd.DataFrame(), by_park=by_park,
        value_by_goal={g: total / 4000 for g in ("energy", "circularity", "economy",
                                                 "cooperation")} if has else {},
        budget_shadow_price={y: 0.25 for y in sc.years} if has else {},
        explanations=explanations, diagnosis=None, timings={"solve": 0.01}, time_limit_s=60,
    )


@pytest.fixture
def three():
    ref = scenario()
    r_ref = result(ref, {"A": {("organisation", 2026): 30_000, ("collective", 2027): 20_000},
                         "B": {("organisation", 2026): 10_000},
                         "C": {}})
    var = scenario(budget=120_000, strategic_floor_eur=5_000)
    r_var = result(var, {"A": {("organisation", 2026): 30_000, ("collective", 2027): 20_000},
                         "B": {},
                         "C": {("organisation", 2027): 15_000}},
                   codes={"B": "private_capacity"})
    alt_ = scenario(parks=("A", "B", "D"))
    r_alt = result(alt_, {"A": {("organisation", 2026): 40_000, ("collective", 2027): 25_000},
                          "B": {("organisation", 2026): 9_999.5},
                          "D": {("organisation", 2026): 5_000}})
    return [("Basis", ref, r_ref), ("Meer budget", var, r_var), ("Ander", alt_, r_alt)]


def test_counts_are_checked():
    sc = scenario()
    r = result(sc, {})
    with pytest.raises(CompareError) as err:
        compare([("a", sc, r)])
    assert "2 tot 4" in err.value.message_nl and "2 to 4" in err.value.message_en
    with pytest.raises(CompareError):
        compare([("x", sc, r)] * 5)
    assert compare([("x", sc, r)] * 4).labels == ["x", "x (2)", "x (3)", "x (4)"]


def test_kpis_side_by_side_with_differences(three):
    c = compare(three)
    assert c.labels == ["Basis", "Meer budget", "Ander"]
    k = c.kpis.set_index("kpi")
    assert k.loc["allocated_public_eur", "value_0"] == 60_000
    assert k.loc["allocated_public_eur", "value_1"] == 65_000
    assert k.loc["allocated_public_eur", "diff_1"] == 5_000
    assert k.loc["allocated_public_eur", "diff_2"] == pytest.approx(79_999.5 - 60_000)
    assert k.loc["budget_eur", "diff_1"] == 40_000
    assert k.loc["objective", "diff_1"] == pytest.approx(5.0)
    assert k.loc["parks_funded", "value_0"] == 2 and k.loc["parks_funded", "value_1"] == 2
    assert k.loc["status", "value_0"] == "optimal"
    assert pd.isna(k.loc["status", "diff_1"])


def test_per_year_and_category_differences(three):
    c = compare(three)
    y = c.by_year.set_index("year")
    assert y.loc[2026, "public_0"] == 40_000 and y.loc[2027, "public_0"] == 20_000
    assert y.loc[2026, "diff_public_1"] == -10_000
    assert y.loc[2027, "diff_public_1"] == 15_000
    assert y.loc[2026, "budget_1"] == 120_000
    assert y.loc[2026, "shadow_price_0"] == 0.25
    assert set(c.by_year_long["scenario"]) == set(c.labels)
    assert len(c.by_year_long) == 6
    cat = c.by_category.set_index("category")
    assert cat.loc["organisation", "public_0"] == 40_000
    assert cat.loc["organisation", "diff_public_1"] == 5_000
    assert cat.loc["collective", "diff_public_2"] == 5_000
    g = c.by_goal.set_index("goal")
    assert g.loc["energy", "diff_1"] == pytest.approx(5_000 / 4000)


def test_park_changes_statuses_and_explanations(three):
    c = compare(three)
    p = c.parks.set_index("park_id")
    assert list(c.parks["park_id"][:2]) in (["A", "C"], ["C", "A"])  # sorted by largest shift
    assert p.loc["A", "status_1"] == "unchanged" and p.loc["A", "change_1"] == 0
    assert p.loc["A", "status_2"] == "up" and p.loc["A", "change_2"] == 15_000
    assert p.loc["B", "status_1"] == "leaving" and p.loc["B", "change_1"] == -10_000
    assert p.loc["B", "status_2"] == "unchanged"  # €0,50 less is within the tolerance
    assert p.loc["C", "status_1"] == "entering" and p.loc["C", "eur_1"] == 15_000
    assert p.loc["C", "status_2"] == "unchanged" and p.loc["C", "eur_2"] == 0  # C not in "Ander"
    assert p.loc["C", "explanation_nl_2"] == "niet in dit scenario"
    assert p.loc["D", "status_1"] == "unchanged"
    assert p.loc["D", "status_2"] == "entering"
    assert p.loc["B", "explanation_nl_1"] == "B: private_capacity (nl)"
    assert p.loc["B", "explanation_en_0"] == "B: outcompeted (en)"
    assert p.loc["A", "max_abs_change"] == 15_000


def test_largest_shifts_top_n(three):
    c = compare(three, top_n=1)  # the largest gain AND the largest loss, never only gains
    assert len(c.shifts) == 2
    assert list(c.shifts["change"].abs()) == sorted(c.shifts["change"].abs(), reverse=True)
    assert (c.shifts["change"] > 0).sum() == 1 and (c.shifts["change"] < 0).sum() == 1
    assert c.shifts.iloc[0]["change"] == 15_000  # C in "Meer budget" (ties: first scenario)
    assert set(c.shifts["park_id"]) == {"C", "B"}  # B loses € 10.000 there
    # each shift says why, in the reference and in the other scenario
    loser = c.shifts[c.shifts["change"] < 0].iloc[0]
    assert loser["reason_ref_nl"] and loser["reason_nl"]
    everything = compare(three, top_n=100).shifts
    assert len(everything) == 4  # B & C in "Meer budget", A & D in "Ander"; rest unchanged
    assert set(zip(everything.park_id, everything.scenario, strict=True)) == {
        ("B", "Meer budget"), ("C", "Meer budget"), ("A", "Ander"), ("D", "Ander")}


def test_differing_assumptions_only(three):
    c = compare(three)
    a = c.assumptions.set_index("key")
    assert a.loc["strategic_floor_eur", "value_0"] == 0
    assert a.loc["strategic_floor_eur", "value_1"] == 5_000
    assert a.loc["2026", "value_1"] == 120_000
    assert a.loc["total", "value_1"] == 240_000
    assert "discount_rate" not in a.index  # equal everywhere: not shown
    assert a.loc["added", "value_2"] == "D"
    assert a.loc["removed", "value_2"] == "C"
    assert "count" not in a.index  # 3 parks in each
    shown, _ = c.display("assumptions", "nl")  # budgets read as money on screen and in Excel
    row = shown[shown.iloc[:, 1] == "budget 2026"].iloc[0]
    assert "€ 120.000" in list(row)


def test_assumptions_for_categories_returns_and_park_fields():
    ref = scenario()
    changed = ref.with_changes(
        parks=[p.model_copy(update={"draagvlak": 0.9}).model_dump() if p.park_id == "B"
               else p.model_dump() for p in ref.parks],
        categories=[DEFAULT_CATEGORIES[0].model_copy(update={"min_private_share": 0.4})
                    .model_dump(), DEFAULT_CATEGORIES[1].model_dump()],
        returns=[{"up_to_share": 0.3, "multiplier": 1.0}, {"up_to_share": None,
                                                           "multiplier": 0.5}],
    )
    c = compare([("ref", ref, result(ref, {})), ("nieuw", changed, result(changed, {}))])
    a = c.assumptions.set_index("key")
    assert a.loc["organisation.min_private_share", "value_1"] == 0.4
    assert a.loc["collective.present", "value_1"] is False or not a.loc[
        "collective.present", "value_1"]
    assert a.loc["area_process.present", "value_0"] in (False, 0)
    assert "≤0.3: ×1" in a.loc["segments", "value_1"]
    assert a.loc["draagvlak", "value_0"] == pytest.approx(0.6)
    assert a.loc["draagvlak", "value_1"] == pytest.approx((0.6 + 0.9 + 0.6) / 3)
    assert "1 terrein gewijzigd (B)" in a.loc["draagvlak", "note_nl"]
    assert "1 park changed (B)" in a.loc["draagvlak", "note_en"]


def test_infeasible_scenario_has_no_money_not_zero_money(three):
    _, ref, r_ref = three[0]
    bad = scenario(strategic_floor_eur=90_000)
    c = compare([three[0], ("Onhaalbaar", bad, result(bad, {}, status="infeasible"))])
    k = c.kpis.set_index("kpi")
    assert pd.isna(k.loc["allocated_public_eur", "value_1"])
    assert pd.isna(k.loc["allocated_public_eur", "diff_1"])
    assert k.loc["budget_eur", "value_1"] == 200_000  # known without a solve
    assert set(c.parks["status_1"]) == {"no_result"}
    assert c.shifts.empty
    assert pd.isna(c.by_year.set_index("year").loc[2026, "public_1"])
    data = write_comparison(c)
    assert data[:2] == b"PK"


def _cells(ws) -> list[list]:
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_write_comparison_sheets_formats_and_frozen_headers(three, tmp_path):
    c = compare(three)
    out = tmp_path / "vergelijking.xlsx"
    data = write_comparison(c, out)
    assert out.read_bytes() == data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Scenario's", "Kerncijfers", "Per jaar", "Per categorie",
                             "Per doel", "Per terrein", "Grootste verschuivingen", "Aannames"]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2")
    kc = wb["Kerncijfers"]
    headers = [c.value for c in kc[1]]
    assert headers[:4] == ["Kerncijfer", "Basis (referentie)", "Meer budget", "Ander"]
    assert "verschil Meer budget" in headers
    row = next(r for r in kc.iter_rows(min_row=2) if r[0].value == "Toegekend (publiek)")
    assert row[1].value == 60_000 and "€" in row[1].number_format
    assert row[4].value == 5_000  # the difference column
    status_row = next(r for r in kc.iter_rows(min_row=2) if r[0].value == "Uitkomst")
    assert status_row[1].value == "optimaal"
    parks = wb["Per terrein"]
    hdr = [c.value for c in parks[1]]
    b_row = next(r for r in parks.iter_rows(min_row=2) if r[0].value == "B")
    assert b_row[hdr.index("status Meer budget")].value == "valt af"
    assert b_row[hdr.index("€ Meer budget")].number_format.startswith('"€"')
    assert b_row[hdr.index("toelichting Meer budget")].value == "B: private_capacity (nl)"
    en = openpyxl.load_workbook(io.BytesIO(write_comparison(c, lang="en")))
    assert en.sheetnames[1] == "Kerncijfers"  # sheet names stay Dutch
    assert [x.value for x in en["Per terrein"][1]][:2] == ["Park id", "Name"]


def test_user_texts_never_become_formulas(tmp_path):
    evil = ['=HYPERLINK("http://evil","klik")', "+31 612", "-2+3", "@SUM(A1)", "\tTab",
            "\rCR", "=cmd|' /C calc'!A0"]
    ref = scenario()
    entries = [(evil[0], ref, result(ref, {})),
               (evil[3], ref.with_changes(source=evil[2]), result(ref, {}))]
    data = write_comparison(compare(entries))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    values = [v for ws in wb.worksheets for row in _cells(ws) for v in row]
    assert evil[0] in values and evil[3] in values and evil[2] in values
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix

    decisions = [Decision(id=i + 1, created_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
                          scenario_id=1, scenario_name=text, scenario_version=1,
                          rationale=text, author=text, kpis={"status": "optimal"})
                 for i, text in enumerate(evil)]
    log = write_decision_log(decisions, tmp_path / "log.xlsx")
    with zipfile.ZipFile(io.BytesIO(log)) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(io.BytesIO(log)).active
    texts = [ws.cell(row=r, column=5).value for r in range(2, len(evil) + 2)]
    # XML turns a stored CR into LF on reading; the text is otherwise exactly as written
    assert texts == [e.replace("\r", "\n") for e in evil]


def test_decision_log_workbook():
    decisions = [
        Decision(id=1, created_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC), scenario_id=4,
                 scenario_name="Basis", scenario_version=2,
                 rationale="Meeste waarde; geen terrein valt af", author="PS-commissie",
                 kpis={"status": "optimal", "objective": 216.3, "budget_eur": 300_000,
                       "allocated_public_eur": 132_000, "unallocated_eur": 168_000,
                       "private_eur": 80_000, "leverage": 0.61, "parks_funded": 2}),
        Decision(id=2, created_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC), scenario_id=5,
                 scenario_name="Variant", scenario_version=1, rationale="herzien",
                 author="", kpis={"status": "infeasible", "objective": None}),
    ]
    wb = openpyxl.load_workbook(io.BytesIO(write_decision_log(decisions)))
    ws = wb.active
    assert ws.title == "Besluitenlijst"
    assert ws.freeze_panes in ("A2", "B2")
    header = [c.value for c in ws[1]]
    assert header[1:5] == ["Scenario", "Versie", "Scenario-id", "Motivering"]
    assert header[0] == "Tijdstip (Nederlandse tijd)"  # one clock: the screen shows it too
    first = [c.value for c in ws[2]]
    assert first[0] == datetime(2026, 3, 1, 10, 30)  # CET in March
    assert ws.cell(row=3, column=1).value == datetime(2026, 7, 1, 14, 0)  # CEST in July
    assert first[1:7] == ["Basis", 2, 4, "Meeste waarde; geen terrein valt af", "PS-commissie",
                          "optimaal"]
    assert first[7] == pytest.approx(216.3) and first[9] == 132_000
    assert "€" in ws.cell(row=2, column=10).number_format
    assert ws.cell(row=3, column=7).value == "onhaalbaar"
    assert ws.cell(row=3, column=8).value is None
    empty = openpyxl.load_workbook(io.BytesIO(write_decision_log([]))).active
    assert empty.max_row == 1
    en = openpyxl.load_workbook(io.BytesIO(write_decision_log(decisions, lang="en"))).active
    assert en.title == "Decision log" and en.cell(row=1, column=5).value == "Rationale"


def test_compare_real_solves():
    solve_mod = pytest.importorskip("allocation.pipeline")
    pytest.importorskip("allocation.explain")  # solve needs it; lands separately
    ref = scenario()
    var = ref.with_changes(budget=[{"year": 2026, "budget_eur": 20_000},
                                   {"year": 2027, "budget_eur": 20_000}])
    r_ref, r_var = solve_mod.solve(ref), solve_mod.solve(var)
    c = compare([("ruim", ref, r_ref), ("krap", var, r_var)])
    k = c.kpis.set_index("kpi")
    assert k.loc["objective", "value_0"] == pytest.approx(r_ref.objective)
    assert k.loc["objective", "diff_1"] == pytest.approx(r_var.objective - r_ref.objective)
    assert k.loc["allocated_public_eur", "value_1"] <= 40_000 + 1e-6
    assert c.parks["eur_0"].sum() == pytest.approx(r_ref.total_public)
    assert c.parks["eur_1"].sum() == pytest.approx(r_var.total_public)
    assert (c.parks["change_1"] <= 1e-6).all() or not c.shifts.empty
    assert all(isinstance(t, str) and t for t in c.parks["explanation_nl_0"])
    assert write_comparison(c)[:2] == b"PK"


def test_assumptions_read_in_their_units():
    """Issue 19, finding 6: a goal weight 0,3 -> 0,55 reads as 30% -> 55%, a floor in euros,
    a yes/no in words, and the local author as 'lokale gebruiker'."""
    from allocation.compare import person_label
    from allocation.compare.display import display_table

    ref = scenario()
    changed = ref.with_settings(weight_energy=0.55, strategic_floor_eur=2_500.0)
    c = compare([("ref", ref, result(ref, {})), ("nieuw", changed, result(changed, {}))])
    nl, _ = display_table(c, "assumptions", "nl")
    table = nl.astype(str).to_string()
    assert "30%" in table and "55%" in table and "0,55" not in table, table
    assert "€ 2.500" in table, table
    en, _ = display_table(c, "assumptions", "en")
    assert "55%" in en.astype(str).to_string()
    assert person_label("lokaal:root") == "lokale gebruiker (root)"
    assert person_label("lokaal:root", "en") == "local user (root)"
    assert person_label("ana@provincie.nl") == "ana@provincie.nl" and person_label("") == "–"
