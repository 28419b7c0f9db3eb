"""AppTest: the Monitoring page (progress, re-plan, next year) and the Regiotafels page."""

from __future__ import annotations

import io

import openpyxl
import pytest

from allocation.domain import Monitoring, RealisationRecord
from allocation.workbook import read_workbook
from tests.test_pages import goto, start, texts
from ui import state
from ui.text import md_escape


@pytest.fixture(autouse=True)
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 'scenarios.sqlite'}")


def test_monitoring_page_on_demo_shows_progress_replan_and_next_year() -> None:
    at = goto(start(), "views/monitoring.py")
    shown = texts(at)
    assert "Beweging op de organisatieladder per regio" in shown
    assert "Draagvlak daalt terwijl er geld gepland is" in shown
    assert "Wat verschuift ten opzichte van het plan" in shown
    assert "Onafhankelijk gecontroleerd" in shown
    labels = {m.label: m.value for m in at.metric}
    assert labels["Monitoringsrondes"] == "2"
    assert labels["Gerealiseerde jaren (vast)"] == "2026"
    assert "Nieuw werkboek voor **2027–2030**" in shown
    assert md_escape("Doorgerold uit 'demo'") in shown  # the notes are escaped markdown
    assert md_escape("Gerealiseerd 2026: € ") in shown
    assert "docs/" not in shown and ".md" not in shown  # no pointer to a file the user can't open
    assert len(at.get("download_button")) >= 2
    # the planned-vs-spent table per park flags under-spending
    at.segmented_control[0].set_value("park").run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    assert any("Signaal" in f.columns and (f["Signaal"] != "").any() for f in frames)


def test_monitoring_page_in_english_and_without_monitoring_data() -> None:
    at = start()
    at.session_state[state.LANG] = "en"
    at = goto(at, "views/monitoring.py")
    shown = texts(at)
    assert "Monitoring and re-planning" in shown
    # the next-year notes follow the language too
    assert md_escape("Rolled forward from 'demo'") in shown
    assert md_escape("Realised 2026: € ") in shown
    assert "Doorgerold" not in shown and "Gerealiseerd 2026" not in shown
    assert "docs/" not in shown and ".md" not in shown
    at.session_state[state.MONITORING] = None
    at.run()
    assert not at.exception
    assert "no monitoring data yet" in texts(at)


def test_replan_follows_the_realisation_in_session() -> None:
    at = start()
    sc = at.session_state[state.SCENARIO]
    spent = RealisationRecord(park_id=sc.parks[0].park_id, category="organisation", year=2026,
                              public_eur=1_000)
    at.session_state[state.MONITORING] = Monitoring(realisation=(spent,))
    at = goto(at, "views/monitoring.py")
    labels = {m.label: m.value for m in at.metric}
    assert labels["Gerealiseerde jaren (vast)"] == "2026"
    assert labels["Gewijzigde terreingegevens"] == "0"


def test_regional_page_per_region_with_exports() -> None:
    at = goto(start(), "views/regio.py")
    shown = texts(at)
    assert "Terreinen in de regio" in shown and "Organisatieladder van" in shown
    first = at.selectbox[0].value
    at.selectbox[0].set_value("IJsselkant").run()
    assert not at.exception
    demo = read_workbook("data/demo.xlsx").scenario
    n = sum(p.region == "IJsselkant" for p in demo.parks)
    assert {m.label: m.value for m in at.metric}["Terreinen"] == str(n)
    assert first != "IJsselkant"
    labels = sorted(b.proto.label for b in at.get("download_button"))
    assert labels == ["Factsheet regio (.pdf)", "Factsheet terrein (.pdf)",
                      "Regiowerkmap (.xlsx)"]


def test_region_workbook_download_matches_the_table() -> None:
    from allocation.monitoring.regions import Programme, region_workbook
    from allocation.monitoring.replan import replan

    loaded = read_workbook("data/demo.xlsx")
    prog = Programme(loaded.scenario, loaded.monitoring, replan(loaded.scenario,
                                                                loaded.monitoring))
    wb = openpyxl.load_workbook(io.BytesIO(region_workbook(prog, "Veluwerand")))
    ids = [r[0].value for r in wb["terreinen"].iter_rows(min_row=2)]
    assert ids and all(p.region == "Veluwerand" for p in loaded.scenario.parks
                       if p.park_id in ids)


@pytest.mark.parametrize("page", ["views/monitoring.py", "views/regio.py"])
def test_pages_on_an_infeasible_or_edited_scenario(page: str) -> None:
    from tests.test_pages import infeasible

    at = start()
    at.session_state[state.SCENARIO] = infeasible(at)
    at = goto(at, page)
    assert at.error, "the infeasible plan is said, not hidden"
    sc = at.session_state[state.SCENARIO].with_settings(strategic_floor_eur=0)
    # an edited scenario: the first park removed, while the monitoring still names it
    at.session_state[state.SCENARIO] = sc.with_changes(
        parks=[p.model_dump() for p in sc.parks[1:]])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in texts(at)
