"""The optional sheets monitoring and realisatie/realisation: every reading rule and refusal."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from allocation.domain import (
    Monitoring,
    MonitoringRecord,
    RealisationRecord,
)
from allocation.workbook import write_scenario, write_template
from tests.conftest import make_small_scenario
from tests.test_workbook import errors as problems
from tests.test_workbook import ok

MON_HEAD = ["terrein_id", "ronde", "organisatiegraad", "draagvlak", "draagkracht_eur",
            "deelnemende_bedrijven", "resultaat_energie_mwh"]
REAL_HEAD = ["terrein_id", "categorie", "jaar", "publiek_eur", "privaat_eur"]


def workbook(monitoring: list[list[Any]] | None = None, realisation: list[list[Any]] | None = None,
             mon_title: str = "monitoring", real_title: str = "realisatie",
             hook: Callable[[Any], None] | None = None) -> bytes:
    """The small scenario's workbook plus the given monitoring rows (header included)."""
    wb = openpyxl.load_workbook(io.BytesIO(write_scenario(make_small_scenario())))
    if monitoring is not None:
        ws = wb.create_sheet(mon_title)
        for row in monitoring:
            ws.append(row)
    if realisation is not None:
        ws = wb.create_sheet(real_title)
        for row in realisation:
            ws.append(row)
    if hook is not None:
        hook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def monitoring_three_ways(data: bytes) -> Monitoring | None:
    """The monitoring that the app's reader (fast and expat paths) and the openpyxl reference
    reader find: always the same (tests/workbook_oracle.py compares the rest)."""
    from allocation.workbook.read import read_bytes
    from allocation.workbook.reference import read_workbook_reference

    found = [read_bytes(data, "").monitoring, read_bytes(data, "", fast=False).monitoring,
             read_workbook_reference(data).monitoring]
    assert found[0] == found[1] == found[2], found
    return found[0]


def test_without_monitoring_sheets_there_is_no_monitoring() -> None:
    loaded = ok(write_scenario(make_small_scenario()))
    assert loaded.monitoring is None


def test_rounds_read_as_dates_and_years_in_dutch_and_english_names() -> None:
    rows = [MON_HEAD,
            ["P1", dt.datetime(2027, 3, 15), 4, 0.8, 95_000, 60, 120.5],
            ["P2", 2026, None, 0.5, None, None, None],
            ["P2", "2027-06-30", 2, None, None, 20, 10],
            ["P3", "15-09-2027", None, None, None, None, None]]
    for title, real_title, head in (("monitoring", "realisatie", REAL_HEAD),
                                    ("Monitoring ", "Realisation",
                                     ["park_id", "category", "year", "public_eur",
                                      "private_eur"])):
        loaded = ok(workbook(rows, [head, ["P1", "organisation", 2026, 40_000, 13_000]],
                             mon_title=title, real_title=real_title))
        mon = loaded.monitoring
        assert mon is not None
        assert monitoring_three_ways(workbook(rows, [head, ["P1", "organisation", 2026, 40_000,
                                                            13_000]],
                                              mon_title=title, real_title=real_title)) == mon
        first = mon.rounds[0]
        assert first == MonitoringRecord(
            park_id="P1", round_date=dt.date(2027, 3, 15), organisation_level=4, draagvlak=0.8,
            private_capacity_eur=95_000, participating_companies=60, result_energy_mwh=120.5)
        assert mon.rounds[1].year_only and mon.rounds[1].round_date == dt.date(2026, 12, 31)
        assert mon.rounds[1].round_label == "2026"
        assert mon.rounds[2].round_label == "30-06-2027"
        assert mon.rounds[3].round_date == dt.date(2027, 9, 15)
        assert mon.realisation == (RealisationRecord(park_id="P1", category="organisation",
                                                     year=2026, public_eur=40_000,
                                                     private_eur=13_000),)
        # monitoring never enters the scenario: its hash is that of the plain workbook
        assert loaded.scenario.content_hash() == make_small_scenario().content_hash()


@pytest.mark.parametrize("value, fragment", [
    ("31-02-2027", "geen bestaande datum"),
    ("volgend jaar", "Verwacht een datum"),
    (1999, "Verwacht een datum"),
    (45000, "geen jaar"),
    (2027.5, "Verwacht een datum"),
    ("2027-13-01", "geen bestaande datum"),
])
def test_bad_dates_are_refused_with_the_cell(value: Any, fragment: str) -> None:
    issues = problems(workbook([MON_HEAD, ["P1", value, 3, 0.7, None, None, None]]))
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.sheet, issue.row, issue.column) == ("monitoring", 2, "ronde")
    assert fragment in issue.message_nl
    assert issue.message_en


def test_unknown_park_and_duplicate_round_are_refused() -> None:
    issues = problems(workbook([MON_HEAD,
                                ["P1", 2026, 3, 0.7, None, None, None],
                                ["PX", 2026, 3, 0.7, None, None, None],
                                ["P1", 2026, 4, 0.8, None, None, None],
                                ["P1", 2027, 4, 0.8, None, None, None]]))
    assert [(i.row, i.column) for i in issues] == [(3, "terrein_id"), (4, "ronde")]
    assert "PX" in issues[0].message_nl and "terreinen" in issues[0].message_nl
    assert "rij 2" in issues[1].message_nl and "row 2" in issues[1].message_en


def test_measurements_follow_the_column_rules() -> None:
    issues = problems(workbook([MON_HEAD, ["P1", 2026, 5, 70, -1, 1.5, "veel"]]))
    columns = {i.column for i in issues}
    assert columns == {"organisatiegraad", "draagvlak", "draagkracht_eur",
                       "deelnemende_bedrijven", "resultaat_energie_mwh"}
    share = next(i for i in issues if i.column == "draagvlak")
    assert "0.7" in share.message_nl  # the share hint of the parks sheet applies here too


def test_negative_spending_is_refused() -> None:
    issues = problems(workbook(realisation=[REAL_HEAD, ["P1", "organisation", 2026, -5, 0],
                                            ["P2", "organisation", 2026, 100, -1]]))
    assert [(i.row, i.column) for i in issues] == [(2, "publiek_eur"), (3, "privaat_eur")]
    assert all("is negatief; hier is 0 of meer nodig" in i.message_nl for i in issues)


def test_realisation_cross_rules() -> None:
    issues = problems(workbook(realisation=[
        REAL_HEAD,
        ["P1", "organisation", 2026, 10, 0],
        ["PX", "organisation", 2026, 10, 0],   # unknown park
        ["P1", "bestrating", 2026, 10, 0],     # unknown category
        ["P1", "organisation", 2031, 10, 0],   # not a budget year
        ["P1", "organisation", 2026, 20, 0],   # duplicate of row 2
    ]))
    assert [(i.row, i.column) for i in issues] == [
        (3, "terrein_id"), (4, "categorie"), (5, "jaar"), (6, "terrein_id")]
    assert "collective" in issues[1].message_nl  # the known categories are named
    assert "2026–2028" in issues[2].message_nl
    assert "rij 2" in issues[3].message_nl


def test_realised_years_are_the_first_years_without_gaps() -> None:
    issues = problems(workbook(realisation=[REAL_HEAD, ["P1", "organisation", 2027, 10, 0]]))
    assert len(issues) == 1 and issues[0].row == 2 and "2026" in issues[0].message_nl
    loaded = ok(workbook(realisation=[REAL_HEAD, ["P1", "organisation", 2026, 10, None],
                                      ["P2", "organisation", 2027, 0, 0]]))
    assert loaded.monitoring is not None
    assert loaded.monitoring.realised_years() == [2026, 2027]
    assert loaded.monitoring.realisation[0].private_eur == 0.0


def test_empty_monitoring_sheets_are_fine_and_problems_elsewhere_are_still_listed() -> None:
    loaded = ok(workbook([MON_HEAD], [REAL_HEAD]))
    assert loaded.monitoring == Monitoring()

    def break_parks(wb: Any) -> None:
        wb["terreinen"]["B3"] = None  # P2's name is missing: its row is reported in terreinen
    issues = problems(workbook([MON_HEAD, ["P2", 2026, 1, 0.5, None, None, None]],
                               hook=break_parks))
    # one problem, in terreinen: the monitoring row is not also reported as an unknown park
    assert [i.sheet for i in issues] == ["terreinen"]


def test_missing_required_column_and_hidden_sheet() -> None:
    issues = problems(workbook([["terrein_id", "draagvlak"], ["P1", 0.5]]))
    assert issues[0].column == "ronde" and "ontbreekt" in issues[0].message_nl

    def hide(wb: Any) -> None:
        wb["monitoring"].sheet_state = "hidden"
    loaded = ok(workbook([MON_HEAD, ["P1", 2026, 3, 0.7, None, None, None]], hook=hide))
    assert loaded.monitoring is None
    assert any("Verborgen blad" in w.message_nl for w in loaded.warnings)


def test_written_monitoring_reads_back_equal() -> None:
    mon = Monitoring(
        rounds=(MonitoringRecord(park_id="P1", round_date=dt.date(2026, 12, 31), year_only=True,
                                 organisation_level=3, draagvlak=0.7),
                MonitoringRecord(park_id="P1", round_date=dt.date(2027, 11, 1),
                                 organisation_level=4, draagvlak=0.75,
                                 private_capacity_eur=100_000, participating_companies=70,
                                 result_energy_mwh=12.5, result_circularity_tonnes=3.0,
                                 result_economy_jobs=4.0, result_cooperation_projects=2.0)),
        realisation=(RealisationRecord(park_id="P2", category="organisation", year=2026,
                                       public_eur=12_345.5, private_eur=4_000),),
    )
    loaded = ok(write_scenario(make_small_scenario(), monitoring=mon))
    assert loaded.monitoring == mon
    assert monitoring_three_ways(write_scenario(make_small_scenario(), monitoring=mon)) == mon
    assert loaded.warnings == []
    wb = openpyxl.load_workbook(io.BytesIO(write_scenario(make_small_scenario(), monitoring=mon)))
    assert wb["monitoring"]["B3"].is_date  # a real date cell, not text


def test_template_explains_the_monitoring_sheets() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_template()))
    text = " ".join(str(c.value) for row in wb["toelichting"].iter_rows() for c in row if c.value)
    for name in ("monitoring", "realisatie", "ronde", "publiek_eur", "resultaat_energie_mwh",
                 "deelnemende_bedrijven"):
        assert name in text
