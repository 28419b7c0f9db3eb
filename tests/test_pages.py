"""AppTest smoke tests and flows for the dashboard (streamlit.testing.v1.AppTest).

Every page must run without an exception on the demo data and on an infeasible scenario; the
flows of the brief (assumption -> KPIs, bad upload, save/compare/decide, language) are clicked
through the widgets. The scenario store points at a temporary SQLite file.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from allocation.workbook import write_scenario
from tests.conftest import make_small_scenario
from ui import state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = [
    "views/start.py",
    "views/gegevens.py",
    "views/aannames.py",
    "views/verdeling.py",
    "views/draagvlak.py",
    "views/presentatie.py",
    "views/live.py",
    "views/scenarios.py",
    "views/vergelijken.py",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 'scenarios.sqlite'}")


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "error", "warning", "info", "success", "text",
                 "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no tile {label!r}: {[m.label for m in at.metric]}"
    return values[0]


def infeasible(at: AppTest):
    """The active scenario with a strategic floor that no budget can meet."""
    sc = at.session_state[state.SCENARIO]
    assert any(p.strategic for p in sc.parks)
    return sc.with_settings(strategic_floor_eur=50_000_000)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_demo(page):
    at = goto(start(), page)
    assert at.title, "every page has a title"
    assert "Traceback" not in texts(at)
    # an empty cell reads empty, never Streamlit's "None" (drawn on the grid's canvas, where the
    # browser tests cannot read it)
    assert all(df.proto.HasField("placeholder") and df.proto.placeholder == ""
               for df in at.dataframe)
    # the sidebar says which data are active and that the demo is fictitious
    assert any("fictieve" in str(i.value) for i in at.sidebar.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_infeasible_scenario(page):
    at = start()
    at.session_state[state.SCENARIO] = infeasible(at)
    at = goto(at, page)
    if page in ("views/verdeling.py", "views/draagvlak.py", "views/presentatie.py"):
        errors = " ".join(str(e.value) for e in at.error)
        assert "Geen verdeling mogelijk" in errors
        assert not at.metric  # no KPI tiles for an allocation that does not exist


def test_demo_allocation_shows_kpis_charts_table_and_tie_break():
    at = goto(start(), "views/verdeling.py")
    assert "Optimale verdeling" in " ".join(str(s.value) for s in at.success)
    assert metric(at, "Budget").startswith("€ ")
    assert " van " in metric(at, "Terreinen gefinancierd")
    assert len(at.get("vega_lite_chart")) >= 5  # years, goals, top, municipality, map
    assert at.dataframe and len(at.dataframe[0].value) > 0
    assert "Gelijkwaardige verdelingen" in texts(at)
    assert any(b.label.startswith("Resultaten downloaden") for b in at.get("download_button"))


def test_search_filters_the_allocation_table():
    at = goto(start(), "views/verdeling.py")
    full = len(at.dataframe[0].value)
    name = at.session_state[state.SCENARIO].parks[0].name
    at.text_input(key="dk_table_query").set_value(name).run()
    rows = at.dataframe[0].value
    assert 1 <= len(rows) < full
    assert all(name.casefold() in str(n).casefold() for n in rows.iloc[:, 0])


def test_changing_an_assumption_changes_the_kpis():
    at = goto(start(), "views/verdeling.py")
    before = metric(at, "Toegekend")
    at = goto(at, "views/aannames.py")
    year = at.session_state[state.SCENARIO].years[0]
    box = next(n for n in at.text_input if n.label == f"{year} (€)")
    box.set_value("0").run()
    assert not at.exception
    assert at.session_state[state.SCENARIO].budgets[year] == 0.0
    at = goto(at, "views/verdeling.py")
    assert metric(at, "Toegekend") != before
    # the edit survives page switches, and the sidebar says the assumptions changed
    at = goto(at, "views/gegevens.py")
    assert at.session_state[state.SCENARIO].budgets[year] == 0.0
    assert any("Gewijzigd t.o.v. de demogegevens" in str(c.value) for c in at.sidebar.caption)


def test_amounts_are_typed_and_shown_the_dutch_way():
    at = goto(start(), "views/aannames.py")
    year = at.session_state[state.SCENARIO].years[0]
    box = next(n for n in at.text_input if n.label == f"{year} (€)")
    assert "." in box.value and "," not in box.value  # e.g. 3.000.000, never 3000000.0
    box.set_value("6.500.000").run()
    assert at.session_state[state.SCENARIO].budgets[year] == 6_500_000
    box = next(n for n in at.text_input if n.label == f"{year} (€)")
    assert box.value == "6.500.000"
    box.set_value("6,5 mln").run()
    assert at.session_state[state.SCENARIO].budgets[year] == 6_500_000
    box = next(n for n in at.text_input if n.label == f"{year} (€)")
    box.set_value("veel geld").run()
    assert at.session_state[state.SCENARIO].budgets[year] == 6_500_000
    assert any("veel geld" in str(e.value) and "geen bedrag" in str(e.value) for e in at.error)
    # sliders speak percentages and Dutch decimals, never 0.30 or 0.030
    rate = next(s for s in at.select_slider if s.label == "Discontovoet per jaar")
    assert rate.format_func(rate.value).endswith("%")
    assert rate.format_func(0.035) == "3,5%"


def test_reset_returns_to_workbook_values():
    at = goto(start(), "views/aannames.py")
    original = at.session_state[state.ORIGINAL].content_hash()
    slider = next(s for s in at.select_slider if s.label == "Effect van draagvlak")
    slider.set_value(0.9).run()
    assert at.session_state[state.SCENARIO].settings.draagvlak_effect == pytest.approx(0.9)
    next(b for b in at.button if b.label.startswith("Terug naar")).click().run()
    assert at.session_state[state.SCENARIO].content_hash() == original
    slider = next(s for s in at.select_slider if s.label == "Effect van draagvlak")
    assert slider.value == pytest.approx(at.session_state[state.ORIGINAL].settings.draagvlak_effect)


def test_all_goal_weights_zero_is_refused_with_a_message():
    at = goto(start(), "views/aannames.py")
    for goal in ("Energie", "Circulariteit", "Economie", "Samenwerking"):
        next(s for s in at.select_slider if s.label == goal).set_value(0.0).run()
    sc = at.session_state[state.SCENARIO]
    assert sum(sc.settings.weight(g) for g in ("energy", "circularity", "economy",
                                              "cooperation")) > 0
    assert any("niet doorgevoerd" in str(e.value) for e in at.error)


def _bad_workbook() -> bytes:
    """A real workbook with two problems: a draagvlak of 50 and a text in a number column."""
    wb = openpyxl.load_workbook(io.BytesIO(write_scenario(make_small_scenario())))
    ws = wb["terreinen"]
    header = [str(c.value).strip().lower() for c in ws[1]]
    ws.cell(row=2, column=header.index("draagvlak") + 1, value=50)
    ws.cell(row=3, column=header.index("bedrijven") + 1, value="veel")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bad_upload_lists_all_problems_and_keeps_the_old_data():
    at = goto(start(), "views/gegevens.py")
    before = at.session_state[state.SCENARIO].content_hash()
    at.file_uploader[0].upload("kapot.xlsx", _bad_workbook(), XLSX).run()
    assert not at.exception
    assert any("niet gebruikt" in str(e.value) and "2 problemen" in str(e.value)
               for e in at.error)
    problems = at.table[0].value  # a static table: messages wrap, never cut off
    assert list(problems.columns) == ["Tabblad", "Rij", "Kolom", "Waarde", "Melding"]
    assert len(problems) >= 2
    assert {"2", "3"} <= set(problems["Rij"])
    assert at.session_state[state.SCENARIO].content_hash() == before
    assert state.source(at.session_state).kind == "demo"
    assert any("kapot" in str(w.value) for w in at.sidebar.warning)  # this file, by name


def test_demo_data_come_back_without_re_uploading():
    at = goto(start(), "views/gegevens.py")
    demo = at.session_state[state.SCENARIO].content_hash()
    button = next(b for b in at.button if b.label == "Demo-gegevens laden")
    assert button.disabled  # the demo is already active, unchanged
    at.file_uploader[0].upload("drie.xlsx", write_scenario(make_small_scenario()), XLSX).run()
    assert state.source(at.session_state).kind == "upload"
    next(b for b in at.button if b.label == "Demo-gegevens laden").click().run()
    assert not at.exception
    assert state.source(at.session_state).kind == "demo"
    assert at.session_state[state.SCENARIO].content_hash() == demo
    assert any("demogegevens zijn weer actief" in str(s.value) for s in at.success)


def test_not_a_workbook_is_refused_without_traceback():
    at = goto(start(), "views/gegevens.py")
    at.file_uploader[0].upload("notities.xlsx", b"dit is geen excel", XLSX).run()
    assert not at.exception
    assert any("niet gebruikt: 1 probleem gevonden" in str(e.value) for e in at.error)
    assert state.source(at.session_state).kind == "demo"
    # a problem with the whole file: no empty sheet/row/column/value columns
    assert list(at.table[0].value.columns) == ["Melding"]


def test_good_upload_becomes_active():
    at = goto(start(), "views/gegevens.py")
    data = write_scenario(make_small_scenario())
    at.file_uploader[0].upload("mijn_provincie.xlsx", data, XLSX).run()
    assert not at.exception
    sc = at.session_state[state.SCENARIO]
    assert len(sc.parks) == 3
    assert state.source(at.session_state).name == "mijn_provincie.xlsx"
    assert any("mijn" in str(m.value) for m in at.sidebar.markdown)
    at = goto(at, "views/verdeling.py")
    assert metric(at, "Terreinen gefinancierd").endswith("van " + str(
        metric(at, "Terreinen gefinancierd").split(" van ")[1]))


def test_start_page_explains_and_links_every_step():
    at = start()  # the default page
    assert at.title[0].value == "Draagkracht"
    assert "draagvlak" in texts(at) and "draagkracht" in texts(at)
    assert metric(at, "Budget").startswith("€ ")


def test_glossary_in_the_app_and_in_docs_names_every_word_and_rule():
    at = start()
    words_nl = ("Waardepunten", "Hefboom", "Draagvlak", "Draagkracht", "Organisatiegraad",
                "Private cofinanciering", "Opnamecapaciteit", "Categoriegrens", "Jaarbudget",
                "Maximaal aandeel per gemeente", "Strategische bodem")
    shown = texts(at)
    for word in words_nl:
        assert f"**{word}" in shown, word
    assert "niet te vergelijken" in shown or "*onder dezelfde doelgewichten*" in shown
    for lang, word in (("nl", "Waardepunten"), ("en", "Value points")):
        doc = (ROOT / "docs" / f"glossary.{lang}.md").read_text(encoding="utf-8")
        assert word in doc
        assert not re.search(r"\b(regel|rule) \d", doc)


def test_language_switch_to_english():
    at = start()
    at.sidebar.segmented_control[0].set_value("en").run()
    at = goto(at, "views/verdeling.py")
    assert at.title[0].value == "Allocation"
    assert metric(at, "Allocated").startswith("€ ")
    # keyed widgets with formatted options are rebuilt in the new language
    assert at.selectbox(key="dk_table_sort_en").label == "Sort by"


def test_quadrant_page_explains_a_chosen_park():
    at = goto(start(), "views/draagvlak.py")
    sc = at.session_state[state.SCENARIO]
    box = at.selectbox[0]
    target = sc.parks[3].park_id
    box.set_value(target).run()
    shown = "\n".join(str(t.value) for t in at.text)
    assert sc.parks[3].name in shown
    assert any("€ 1.000 in" in str(m.value) or "Extra budget in" in str(m.value)
               for m in at.markdown)  # shadow price in words


def _save(at: AppTest, name: str) -> AppTest:
    at = goto(at, "views/scenarios.py")
    at.text_input(key="dk_save_name").set_value(name)
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    assert any("Opgeslagen als" in str(s.value) for s in at.success), texts(at)
    return at


def test_save_two_scenarios_compare_and_mark_one_chosen():
    at = _save(start(), "Basis")
    at = goto(at, "views/aannames.py")
    year = at.session_state[state.SCENARIO].years[0]
    next(n for n in at.text_input if n.label == f"{year} (€)").set_value("0").run()
    at = _save(at, "Krap budget")
    table = at.dataframe[0].value
    assert set(table["Naam"]) == {"Basis", "Krap budget"}

    at = goto(at, "views/vergelijken.py")
    ids = list(at.multiselect[0].options)
    assert len(ids) == 2
    from allocation.store import open_store

    saved = {m.name: m.id for m in open_store().list()}  # the test's store (env URL)
    at.multiselect[0].set_value([saved["Basis"], saved["Krap budget"]]).run()  # Basis first
    assert not at.exception
    kpis = at.dataframe[0].value
    diff_cols = [c for c in kpis.columns if c.startswith("verschil")]
    assert diff_cols
    budget_row = kpis[kpis.iloc[:, 0] == "Budget"]
    assert budget_row[diff_cols[0]].iloc[0].startswith("-€ ")  # a sign on every difference
    # the parks that lose are listed with their reason in both scenarios
    assert any(str(m.value).startswith("**Terreinen die minder krijgen") for m in at.markdown)
    losers = next(d.value for d in at.dataframe if "toelichting referentie" in d.value.columns)
    assert len(losers) >= 1 and (losers["verschil"] < 0).all()  # numbers, sorted as numbers
    assert losers["toelichting referentie"].str.len().min() > 0
    years = next(d.value for d in at.dataframe if "Jaar" in d.value.columns)
    assert years["Jaar"].dtype.kind in "iu"
    assert any(b.label.startswith("Vergelijking downloaden") for b in at.get("download_button"))

    at.text_input(key="dk_log_rationale").set_value("Basis past bij de ambitie")
    next(b for b in at.button if b.label == "Markeer als gekozen").click().run()
    assert not at.exception
    assert any("Besluit vastgelegd" in str(s.value) for s in at.success)
    log = at.dataframe[-1].value
    assert "Basis past bij de ambitie" in set(log["Motivering"])
    assert any(b.label.startswith("Besluitenlog downloaden") for b in at.get("download_button"))


def test_compare_without_shifts_says_so_instead_of_an_empty_chart():
    at = _save(_save(start(), "Zelfde A"), "Zelfde B")
    at = goto(at, "views/vergelijken.py")
    from allocation.store import open_store

    saved = {m.name: m.id for m in open_store().list()}
    at.multiselect[0].set_value([saved["Zelfde A"], saved["Zelfde B"]]).run()
    assert not at.exception
    sentence = "Geen terrein krijgt meer of minder dan in Zelfde A \\(v1\\)."  # name escaped
    assert any(str(i.value) == sentence for i in at.info), [str(i.value) for i in at.info]
    assert len(at.get("vega_lite_chart")) == 1  # the years chart, no empty shifts chart
    assert not any(str(m.value).startswith("**Terreinen die minder krijgen") for m in at.markdown)


def test_open_rename_delete_restore_saved_scenario():
    at = _save(start(), "Variant A")
    next(b for b in at.button if b.label == "Openen").click().run()
    assert state.source(at.session_state).kind == "store"
    at.text_input(key=next(k for k in at.session_state if str(k).startswith("dk_rename_"))
                  ).set_value("Variant B")
    next(b for b in at.button if b.label == "Hernoemen").click().run()
    assert "Variant B" in set(at.dataframe[0].value["Naam"])
    next(b for b in at.button if b.label == "Verwijderen").click().run()
    assert any("Nog geen opgeslagen" in str(i.value) for i in at.info)
    at.toggle(key="dk_show_deleted").set_value(True).run()
    next(b for b in at.button if b.label == "Herstellen").click().run()
    at.toggle(key="dk_show_deleted").set_value(False).run()
    assert "Variant B" in set(at.dataframe[0].value["Naam"])


def test_store_error_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{blocker}/sub/db.sqlite")
    at = goto(start(), "views/scenarios.py")
    assert any("Scenario-opslag" in str(e.value) for e in at.error)
    at = goto(at, "views/vergelijken.py")
    assert any("Scenario-opslag" in str(e.value) for e in at.error)
    at = goto(at, "views/presentatie.py")  # works without the store
    assert at.metric


def test_presentation_budget_and_presets_change_the_outcome():
    at = goto(start(), "views/presentatie.py")
    before = metric(at, "Waardepunten")
    at.segmented_control[0].set_value("energy").run()  # first segmented control in main
    assert not at.exception
    w = at.session_state[state.SCENARIO].settings.normalised_weights()
    assert w["energy"] > 0.5
    assert metric(at, "Waardepunten") != before
    slider = at.select_slider[0]
    slider.set_value(5_000_000.0).run()
    assert not at.exception
    total = sum(at.session_state[state.SCENARIO].budgets.values())
    assert total == pytest.approx(5_000_000.0)
    assert metric(at, "Budget") == "€ 5,00 mln"
    assert not at.dataframe  # the committee view has no tables
