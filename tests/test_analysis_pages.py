"""AppTest flows of the Analyse page's budget tabs: the frontier, the leverage and a political
choice (with its price checked against two solves, and saved as a scenario), in Dutch and
English, and the export workbook with one sheet per analysis opened with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from allocation.analysis import choice, frontier, leverage
from allocation.analysis.export import results_with_analyses
from allocation.pipeline import solve
from tests.test_pages import goto, start, texts
from ui import state


@pytest.fixture(autouse=True)
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 'scenarios.sqlite'}")


def analyse() -> AppTest:
    return goto(start(), "views/analyse.py")


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_label(widgets, label: str):
    found = [w for w in widgets if w.label == label]
    assert found, [w.label for w in widgets]
    return found[0]


def test_tabs_and_frontier():
    at = analyse()
    labels = [tab.label for tab in at.tabs]
    assert labels[:3] == ["Meer of minder budget", "Hefboom", "Prijs van een keuze"]
    click(at, "dk_an_frontier_run")
    body = texts(at)
    assert "Boven het huidige plan" in body
    assert "De knik ligt bij" in body
    # the frontier is cached on the scenario's content: the next run shows it without a click
    at.run()
    assert "Boven het huidige plan" in texts(at)
    sc = at.session_state[state.SCENARIO]
    fr = frontier.compute(sc)
    plan = solve(sc)
    assert fr.plan.objective == pytest.approx(plan.objective, rel=1e-9)
    shown = [m.value for m in at.markdown if "€" in str(m.value)]
    assert shown


def test_leverage_tab():
    at = analyse()
    click(at, "dk_an_leverage_run")
    body = texts(at)
    assert "meer privaat geld" in body
    assert not at.exception
    slider = by_label(at.select_slider, "Welke terreinen winnen of verliezen bij")
    slider.set_value(0.05).run()
    assert not at.exception


def test_choice_tab_price_equals_two_solves_and_saves():
    at = analyse()
    sc = at.session_state[state.SCENARIO]
    plan = solve(sc)
    top = str(plan.by_park.sort_values("public_eur", ascending=False).iloc[0]["park_id"])
    by_label(at.multiselect, "Verplicht eruit").set_value([top]).run()
    click(at, "dk_an_choice_run")
    lost = [m for m in at.metric if m.label == "Waardeverlies"]
    assert lost, [m.label for m in at.metric]
    without = sc.with_changes(parks=[p.model_dump() for p in sc.parks if p.park_id != top])
    expected = plan.objective - solve(without).objective
    from allocation import format as fmt
    assert lost[0].value == fmt.points(expected, 1)
    assert "verliezen samen" in texts(at)
    # save the scenario with the choice applied: exact as data, the note says so
    at.text_input(key="dk_an_choice_name").set_value("Zonder " + top)
    at.button[[b.label for b in at.button].index("Opslaan")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Bewaard als" in str(s.value) for s in at.success)
    from ui.cache import store
    saved = store().list()
    assert saved[0].name == "Zonder " + top
    loaded = store().get(saved[0].id).scenario
    assert solve(loaded).objective == pytest.approx(plan.objective - expected, rel=1e-9)
    assert "eruit" in saved[0].note


def test_choice_infeasible_shows_diagnosis_and_english():
    at = analyse()
    sc = at.session_state[state.SCENARIO]
    pid = sc.parks[0].park_id
    by_label(at.multiselect, "Verplicht erin").set_value([pid]).run()
    amount = [n for n in at.number_input if pid in n.label][0]
    amount.set_value(5e9).run()
    click(at, "dk_an_choice_run")
    assert any("geen toelaatbare verdeling" in str(e.value) for e in at.error)
    assert "hoogstens" in texts(at)
    at.session_state[state.LANG] = "en"
    at.run()
    assert not at.exception
    assert [tab.label for tab in at.tabs][:3] == ["More or less budget", "Leverage",
                                                  "Price of a choice"]


def test_export_has_one_sheet_per_analysis(small_scenario):
    result = solve(small_scenario)
    sheets = {
        **frontier.frames(frontier.compute(small_scenario)),
        **leverage.frames(leverage.compute(small_scenario)),
        **choice.frames(choice.compute(small_scenario, choice.Choice(force_out=("P1",)))),
    }
    data = results_with_analyses(small_scenario, result, sheets)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for name in (frontier.SHEET, leverage.SHEET, choice.SHEET):
        assert name in wb.sheetnames
    ws = wb[frontier.SHEET]
    header = [c.value for c in ws[1]]
    assert header[0] == "Budgetfactor (1 = plan)"
    assert ws.max_row == 22  # header + 21 points
    plan_rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[7] == "ja"]
    assert plan_rows[0][2] == pytest.approx(result.objective, rel=1e-9)
    lev = wb[leverage.SHEET]
    assert lev.max_row == 8
    ch = wb[choice.SHEET]
    rows = list(ch.iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == "P1 eruit"
    assert any(r[2] == "P1" and r[6] < 0 for r in rows)


def test_tabs_on_an_infeasible_plan():
    at = analyse()
    sc = at.session_state[state.SCENARIO]
    at.session_state[state.SCENARIO] = sc.with_settings(strategic_floor_eur=50_000_000)
    at.run()
    click(at, "dk_an_frontier_run")
    assert "strategische bodems" in texts(at)
    click(at, "dk_an_leverage_run")
    assert "Het plan zelf heeft geen toelaatbare verdeling" in texts(at)
    by_label(at.multiselect, "Verplicht eruit").set_value([sc.parks[0].park_id]).run()
    click(at, "dk_an_choice_run")
    assert any("Het plan zelf" in str(e.value) for e in at.error)


def test_no_export_is_built_on_a_rerun(monkeypatch):
    """Issue 19, finding 8: with an analysis result on the page, a rerun built the results
    workbook (0,45 s a call, three times). Every download is made when clicked now, so a rerun
    of the Analyse and Verdeling pages writes no workbook at all."""
    import allocation.analysis.export as export
    import allocation.workbook as workbook

    calls: list[str] = []
    real_with, real_results = export.results_with_analyses, workbook.write_results
    monkeypatch.setattr(export, "results_with_analyses",
                        lambda *a, **k: calls.append("analysis") or real_with(*a, **k))
    monkeypatch.setattr(workbook, "write_results",
                        lambda *a, **k: calls.append("results") or real_results(*a, **k))
    at = analyse()
    for key in ("dk_an_frontier_run", "dk_an_leverage_run"):  # absent when already cached
        if key in [b.key for b in at.button]:
            click(at, key)
    at.run()
    assert "Boven het huidige plan" in texts(at)
    goto(at, "views/verdeling.py")
    at.run()
    assert calls == []
