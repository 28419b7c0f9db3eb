"""Progress tables, the demo's monitoring data, roll forward, regional workbooks, PDF fact
sheets (rendered to PNG with pdftoppm) and the CLI commands replan/factsheets/rollforward."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from allocation.cli import main
from allocation.demo import make_demo_monitoring, make_demo_scenario
from allocation.domain import Monitoring, MonitoringRecord, RealisationRecord
from allocation.monitoring import progress
from allocation.monitoring.charts import park_trend
from allocation.monitoring.factsheets import park_sheet, region_sheet, write_factsheets
from allocation.monitoring.regions import Programme, region_parks, region_workbook
from allocation.monitoring.replan import replan
from allocation.monitoring.rollforward import roll_forward, write_rolled_forward
from allocation.pipeline import solve
from allocation.workbook import load_workbook, read_workbook, write_scenario
from tests.conftest import make_small_scenario
from tests.test_monitoring_replan import hand_scenario, spent

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo.xlsx"
R1, R2 = dt.date(2026, 6, 30), dt.date(2027, 1, 15)


@pytest.fixture(scope="module")
def demo():
    loaded = read_workbook(DEMO)
    rp = replan(loaded.scenario, loaded.monitoring)
    return Programme(loaded.scenario, loaded.monitoring, rp)


def small_monitoring() -> Monitoring:
    """Small scenario (plan: P1 collective 90k a year; P2 organisation 30k in 2026 ...)."""
    return Monitoring(
        rounds=(
            MonitoringRecord(park_id="P1", round_date=R1, organisation_level=3, draagvlak=0.7,
                             result_energy_mwh=10),
            MonitoringRecord(park_id="P1", round_date=R2, organisation_level=4, draagvlak=0.6,
                             result_energy_mwh=45),
            MonitoringRecord(park_id="P2", round_date=R1, organisation_level=1, draagvlak=0.45),
            MonitoringRecord(park_id="P2", round_date=R2, organisation_level=1, draagvlak=0.5),
            MonitoringRecord(park_id="P3", round_date=R2, organisation_level=0),
        ),
        realisation=(
            RealisationRecord(park_id="P1", category="collective", year=2026, public_eur=90_000,
                              private_eur=95_000),
            RealisationRecord(park_id="P2", category="organisation", year=2026,
                              public_eur=15_000, private_eur=5_000),
        ),
    )


@pytest.mark.xfail(strict=False, reason="KNOWN FAILURE after the tie rule's sharing level (issue 26): the plan this hand-checked case reads is another optimal allocation now (25.416 against 30.000); the hand figures must be redone for the new rule")
def test_progress_tables_by_hand() -> None:
    sc, mon = make_small_scenario(), small_monitoring()
    plan = solve(sc)
    pvs = progress.planned_vs_spent(sc, plan, mon, "park").set_index("park_id")
    assert pvs.loc["P1", "planned_eur"] == pytest.approx(90_000)
    assert pvs.loc["P1", "share"] == pytest.approx(1.0) and not pvs.loc["P1", "under"]
    assert pvs.loc["P2", "planned_eur"] == pytest.approx(30_000)
    assert pvs.loc["P2", "share"] == pytest.approx(0.5) and pvs.loc["P2", "under"]
    by_year = progress.planned_vs_spent(sc, plan, mon, "year")
    assert by_year["year"].tolist() == [2026]
    assert by_year["spent_eur"].iloc[0] == pytest.approx(105_000)
    regions = progress.planned_vs_spent(sc, plan, mon, "region").set_index("region")
    assert regions.loc["Noord", "spent_private_eur"] == pytest.approx(100_000)
    ladder = progress.ladder_movement(sc, mon).set_index("region")
    # 30-06-2026 -> 15-01-2027: P1 up (3 -> 4), P2 same, P3 only measured once
    assert ladder.loc["Noord", ["up", "same", "down"]].tolist() == [1, 1, 0]
    assert ladder.loc["Zuid", "not_measured"] == 1
    assert ladder.loc["totaal", ["up", "same", "down", "not_measured"]].tolist() == [1, 1, 0, 1]
    plan_to_now = progress.ladder_movement(sc, mon, "plan", "15-01-2027").set_index("region")
    assert plan_to_now.loc["Zuid", "same"] == 1
    falling = progress.falling_support(sc, plan, mon)
    assert falling["park_id"].tolist() == ["P1"]  # 0.7 -> 0.6 with 180k planned for 2027-28
    assert falling["planned_eur"].iloc[0] == pytest.approx(180_000)
    per = progress.results_per_euro(sc, mon, by="park").set_index("park_id")
    # 45 MWh for €90.000 spent = 50 MWh per €100.000
    assert per.loc["P1", "result_energy_mwh_per"] == pytest.approx(50.0)
    trend = progress.trends(sc, mon)
    assert trend[trend["park_id"] == "P1"]["round"].tolist() == ["plan", "30-06-2026",
                                                                 "15-01-2027"]


@pytest.mark.parametrize(("lang", "title"), [("nl", "Draagvlak (%)"), ("en", "Support (%)")])
def test_trend_chart_shows_draagvlak_as_a_percentage(lang: str, title: str) -> None:
    sc, mon = make_small_scenario(), small_monitoring()
    trend = progress.trends(sc, mon)
    spec = park_trend(trend[trend["park_id"] == "P1"], lang).to_dict()
    dv = next(layer["encoding"] for layer in spec["layer"]
              if layer["encoding"]["y"]["field"] == "draagvlak")
    # the data stay a share 0..1; the axis and tooltip show it as 0%..100%, as the tables
    assert dv["y"]["title"] == title and dv["y"]["axis"]["format"] == ".0%"
    assert dv["y"]["scale"]["domain"] == [0, 1]
    assert [t["format"] for t in dv["tooltip"] if t["field"] == "draagvlak"] == [".0%"]
    assert "0–1" not in json.dumps(spec)


def test_demo_monitoring_is_consistent_with_the_plan(demo: Programme) -> None:
    mon = demo.monitoring
    assert mon is not None
    assert len(mon.round_keys()) == 2 and mon.realised_years() == [2026]
    pvs = progress.planned_vs_spent(demo.scenario, demo.replan.plan, mon, "park")
    funded = pvs[pvs["planned_eur"] > 0]
    in_range = funded["share"].between(0.55, 1.05)
    assert in_range.mean() >= 0.75  # most parks spend 60-100% of their money
    assert (funded["share"] < 0.55).sum() >= 3  # a few much less
    assert (pvs["spent_eur"] <= pvs["planned_eur"] + 1).all()  # nobody spends unplanned money
    ladder = progress.ladder_movement(demo.scenario, mon).set_index("region")
    assert 5 <= ladder.loc["totaal", "up"] <= 40 and ladder.loc["totaal", "down"] >= 1
    falling = progress.falling_support(demo.scenario, demo.replan.plan, mon)
    assert 3 <= len(falling) <= 15
    assert demo.replan.status == "optimal"
    assert demo.replan.evaluation is not None and demo.replan.evaluation.violations == []


def test_demo_monitoring_is_deterministic() -> None:
    sc = make_demo_scenario()
    plan = solve(sc).allocation
    assert make_demo_monitoring(sc, plan) == make_demo_monitoring(sc, plan)
    assert make_demo_monitoring(sc, plan, seed=5) != make_demo_monitoring(sc, plan)


def test_roll_forward_reads_back(demo: Programme, tmp_path: Path) -> None:
    path = tmp_path / "volgend_jaar.xlsx"
    data = write_rolled_forward(demo.scenario, demo.monitoring, path)
    scenario = load_workbook(path)
    assert scenario.years == [2027, 2028, 2029, 2030]
    assert [b.budget_eur for b in scenario.budget] == [3_500_000, 3_500_000, 4_500_000,
                                                       5_500_000]  # no carry-over in the demo
    assert scenario.parks == demo.replan.updated.parks  # park data of the latest round
    loaded = read_workbook(data)
    assert loaded.warnings == []
    assert loaded.monitoring is not None and loaded.monitoring.realisation == ()
    assert loaded.monitoring.rounds == demo.monitoring.rounds  # type: ignore[union-attr]
    assert solve(scenario).status == "optimal"


def test_roll_forward_with_carry_over_moves_the_rest_by_hand() -> None:
    mon = Monitoring(realisation=spent(20_000, 50_000, 10_000))
    new, _kept, notes = roll_forward(hand_scenario(carry_over=True), mon)
    assert new.budgets == {2027: 120_000}  # 100k + the 20k not spent in 2026
    # the notes in both languages, with the same figures (80k spent of 100k, 20k carried)
    assert [n.message("nl") for n in notes[1:]] == [
        "Gerealiseerd 2026: € 80.000 van € 100.000 budget.",
        "Doorschuiven staat aan: +€ 20.000 naar 2027."]
    assert [n.message("en") for n in notes[1:]] == [
        "Realised 2026: € 80.000 of € 100.000 budget.",
        "Carry-over is on: +€ 20.000 to 2027."]
    assert notes[0].message("en").startswith("Rolled forward from ")
    assert "Doorgerold" not in " ".join(n.message("en") for n in notes)
    # the workbook (Dutch names) carries the Dutch notes in its sheet toelichting
    sheet = openpyxl.load_workbook(io.BytesIO(write_rolled_forward(
        hand_scenario(carry_over=True), mon)))["toelichting"]
    cells = {c.value for row in sheet.iter_rows() for c in row}
    assert "Doorschuiven staat aan: +€ 20.000 naar 2027." in cells
    new, _kept, _notes = roll_forward(hand_scenario(carry_over=False), mon)
    assert new.budgets == {2027: 100_000}
    assert load_workbook(write_scenario(new)).budgets == {2027: 100_000}


def test_region_views_and_workbook(demo: Programme) -> None:
    parks = region_parks(demo, "IJsselkant")
    assert set(parks["park_id"]) == {p.park_id for p in demo.scenario.parks
                                     if p.region == "IJsselkant"}
    wb = openpyxl.load_workbook(io.BytesIO(region_workbook(demo, "IJsselkant")))
    assert wb.sheetnames == ["samenvatting", "terreinen", "per_jaar", "resultaten"]
    summary = {r[0].value: r[1].value for r in wb["samenvatting"].iter_rows(min_row=2)}
    assert summary["Terreinen"] == len(parks)
    assert summary["Publiek geld (huidig plan, alle jaren)"] == pytest.approx(
        parks["public_eur"].sum())
    spent_ij = sum(r.public_eur for r in demo.monitoring.realisation  # type: ignore[union-attr]
                   if r.park_id in set(parks["park_id"]))
    assert summary["Besteed (gerealiseerde jaren)"] == pytest.approx(spent_ij)


PDFTOPPM = shutil.which("pdftoppm")


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is missing")
def test_fact_sheets_are_one_page_and_render(demo: Programme, tmp_path: Path) -> None:
    artifacts = Path(__file__).resolve().parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    biggest = max(("Veluwerand", "Rivierenzoom", "Achterwaard", "IJsselkant"),
                  key=lambda r: len(region_parks(demo, r)))
    sheets = {"regio": region_sheet(demo, biggest), "terrein": park_sheet(demo, "MW108")}
    for name, pdf in sheets.items():
        assert pdf.startswith(b"%PDF") and _pages(pdf) == 1
        src = tmp_path / f"{name}.pdf"
        src.write_bytes(pdf)
        subprocess.run([PDFTOPPM, "-png", "-r", "60", "-singlefile", str(src),
                        str(artifacts / f"factsheet_{name}")], check=True)
        png = (artifacts / f"factsheet_{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a page with content
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "regio.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert f"Regiotafel {biggest}" in text and "Geld per jaar" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing")
def test_user_text_in_a_fact_sheet_is_literal(tmp_path: Path) -> None:
    sc = make_small_scenario()
    odd = sc.parks[0].model_copy(update={"name": "Park <b>&amp; =1+1"})
    sc = sc.with_changes(parks=[odd.model_dump(), *[p.model_dump() for p in sc.parks[1:]]])
    prog = Programme(sc, None, replan(sc, None))
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(park_sheet(prog, "P1"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Park <b>&amp; =1+1" in text


def test_write_factsheets_for_one_region(demo: Programme, tmp_path: Path) -> None:
    written = write_factsheets(demo, tmp_path, "IJsselkant")
    n = sum(p.region == "IJsselkant" for p in demo.scenario.parks)
    assert sorted(p.suffix for p in written).count(".pdf") == n + 1
    assert (tmp_path / "regio_IJsselkant.xlsx").exists()
    with pytest.raises(KeyError):
        write_factsheets(demo, tmp_path, "Nergens")


# -- CLI -------------------------------------------------------------------------------------


def test_cli_replan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "herplanning.xlsx"
    assert main(["replan", str(DEMO), "--output", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Gerealiseerde jaren (vast): 2026" in text and "Grootste verschuivingen" in text
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["samenvatting", "herplanning"]
    assert main(["replan", str(DEMO), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal" and data["fixed_years"] == [2026]
    assert data["evaluation_violations"] == []
    assert data["objective"] < data["plan_objective"]  # under-spending cost value
    assert {m["park_id"] for m in data["moves"]} == {f"MW{i:03d}" for i in range(1, 121)}


def test_cli_replan_without_monitoring_equals_solve(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plain.xlsx"
    write_scenario(make_small_scenario(), path)
    assert main(["replan", str(path), "--json"]) == 0
    replanned = json.loads(capsys.readouterr().out)
    assert main(["solve", str(path), "--json"]) == 0
    solved = json.loads(capsys.readouterr().out)
    assert replanned["objective"] == pytest.approx(solved["objective"])
    assert replanned["allocation"] == solved["allocation"]


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"geen werkboek")
    assert main(["replan", str(bad)]) == 2
    assert main(["replan", str(bad), "--json"]) == 2
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "input_error"
    over = tmp_path / "over.xlsx"
    write_scenario(hand_scenario(carry_over=True), over,
                   monitoring=Monitoring(realisation=spent(100_000, 100_000, 10_000)))
    assert main(["replan", str(over)]) == 3
    assert "Verhoog het budget van 2027" in capsys.readouterr().out
    assert main(["factsheets", str(DEMO), str(tmp_path / "fs"), "--region", "Nergens"]) == 2
    assert "Achterwaard" in capsys.readouterr().out
    assert main(["factsheets", str(DEMO), str(tmp_path / "fs"), "--region", "Veluwerand"]) == 0
    assert (tmp_path / "fs" / "regio_Veluwerand.pdf").exists()
    nxt = tmp_path / "next.xlsx"
    assert main(["rollforward", str(DEMO), str(nxt)]) == 0
    assert load_workbook(nxt).years == [2027, 2028, 2029, 2030]
    assert main(["rollforward", str(nxt), str(tmp_path / "n2.xlsx")]) == 0  # nothing realised
