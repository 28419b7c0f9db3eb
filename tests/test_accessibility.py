"""WCAG 2.1 AA in the real app: axe-core on every page in Dutch and English, and in the states a
user reaches most (a rejected upload, an infeasible scenario, an analysis result, two scenarios
compared, a saved scenario opened); a whole task done with the keyboard only; every chart with
its text alternative (docs/accessibility.en.md says what these tests cover and what they do not).

The server and Chromium start as in tests/test_browser.py (one server per module, a temporary
scenario database). axe-core runs in the page through axe-playwright-python (its bundled
axe.min.js, no network). Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import re

import pytest

from tests import test_browser
from tests.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    _bad_workbook,
    compare_saved,
    nav,
    no_traceback,
    settle,
)
from ui.a11y import chart_text
from ui.pages import PAGES as APP_PAGES
from ui.text import t


def in_browser(test):
    """The marks of a test that drives the real app in Chromium."""
    for mark in (pytest.mark.browser, pytest.mark.slow,
                 pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                    reason="/usr/bin/chromium is missing (apt-get install "
                                           "chromium)")):
        test = mark(test)
    return test


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# (url path, nav title key) in the order of the sidebar: the app's one page list
PAGES = [(p.url_path or "", p.nav_key) for p in APP_PAGES]
# a name a Dutch page must not give a control (Streamlit's own English, icon ligatures)
ENGLISH = re.compile(r"^(Skip to main content|Link to heading|Help for .*|Show data|"
                     r"Download as PNG|Copy Vega-Lite spec|Fullscreen|Search|Show/hide columns|"
                     r"Open|Collapse sidebar|Expand sidebar|file upload|Vega visualization)$")


# the browser tests' module fixtures: one server (temporary scenario database), one Chromium
server = test_browser.server
browser = test_browser.browser


@pytest.fixture
def pg(browser):
    """A fresh session (demo data, Dutch) on the laptop screen the findings were made on."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def violations(pg) -> list[str]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as it is, one line each."""
    pg.wait_for_timeout(300)  # the a11y script runs on the next animation frame
    from axe_playwright_python.sync_playwright import Axe  # test extras (pyproject.toml)

    result = Axe().run(pg, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [f"{v['id']} ({len(v['nodes'])}×): {v['help']} — "
            + "; ".join(" ".join(n["target"])[:120] for n in v["nodes"][:3])
            for v in result.response["violations"]]


def open_page(pg, server: str, index: int, lang: str) -> None:
    """Page `index` of PAGES: by address in Dutch (a fresh session is Dutch), by its link in the
    sidebar in English (an address would start a new, Dutch session)."""
    if lang == "nl":
        pg.goto(f"{server}/{PAGES[index][0]}")
    else:
        expand = pg.locator("[data-testid=stExpandSidebarButton]")
        if expand.count() and expand.first.is_visible():  # collapsed by the presentation page
            expand.first.click()
            pg.wait_for_timeout(500)
        pg.locator("[data-testid=stSidebarNav] a").nth(index).click()
    settle(pg)
    no_traceback(pg)


def switch_language(pg, lang: str) -> None:
    pg.locator("[data-testid=stSidebar]").get_by_text(lang.upper(), exact=True).click()
    settle(pg)


def english_names(pg) -> list[str]:
    """Names of controls that are Streamlit's English, and icon ligatures read aloud."""
    return pg.evaluate("""(pattern) => {
        const re = new RegExp(pattern);
        const named = [...document.querySelectorAll('[aria-label]')]
            .map(e => e.getAttribute('aria-label')).filter(n => re.test(n));
        const skip = [...document.querySelectorAll('[data-testid=stSkipToContent]')]
            .map(e => e.textContent.trim()).filter(n => re.test(n));
        const icons = [...document.querySelectorAll('[data-testid=stIconMaterial]')]
            .filter(e => e.closest('[aria-hidden=true]') === null).map(e => e.textContent);
        return [...named, ...skip, ...icons.map(i => 'icon read aloud: ' + i)];
    }""", ENGLISH.pattern)


@in_browser
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_meets_wcag_aa(pg, server, lang):
    pg.goto(server)
    settle(pg)
    if lang == "en":
        switch_language(pg, "en")
    found = {}
    for index, (path, title_key) in enumerate(PAGES):
        open_page(pg, server, index, lang)
        doc_lang, title = pg.evaluate("[document.documentElement.lang, document.title]")
        assert doc_lang == lang, (path, doc_lang)
        assert title == f"{t(title_key, lang)} — Draagkracht", (path, title)
        if lang == "nl":
            assert english_names(pg) == [], (path, english_names(pg))
        problems = violations(pg)
        if problems:
            found[path or "start"] = problems
    assert not found, "\n".join(f"{p}: {v}" for p, vs in found.items() for v in vs)


@in_browser
def test_states_meet_wcag_aa(pg, server):
    """The states most met after the first page load, most common first."""
    found: dict[str, list[str]] = {}

    def check(state: str) -> None:
        no_traceback(pg)
        problems = violations(pg)
        if problems:
            found[state] = problems

    # a rejected upload: the problems table, the sidebar warning
    pg.goto(f"{server}/gegevens")
    settle(pg)
    pg.locator("input[type=file]").first.set_input_files(  # the workbook, not the returns
        files=[{"name": "kapot.xlsx", "mimeType": "application/octet-stream",
                "buffer": _bad_workbook()}])
    pg.wait_for_selector("[data-testid=stMain] >> text=niet gebruikt")
    settle(pg)
    check("rejected upload")

    # an analysis result: the budget frontier with its chart and table
    nav(pg, "Analyse")
    pg.get_by_role("button", name="Bereken de budgetgrens").click()
    pg.get_by_text("Waarde bij meer of minder budget").first.wait_for(timeout=120_000)
    settle(pg)
    check("analysis result")

    # two saved scenarios compared: the demo as it is, and with a tight first year
    nav(pg, "Scenario's")
    for name in ("Toegankelijk ruim", "Toegankelijk krap"):
        if name.endswith("krap"):
            nav(pg, "Aannames")
            box = pg.get_by_label("2026 (€)", exact=True)
            box.fill("1.000.000")
            box.press("Enter")
            settle(pg)
            nav(pg, "Scenario's")
        pg.get_by_label("Naam", exact=True).fill(name)
        pg.get_by_role("button", name="Opslaan").click()
        settle(pg)
        assert "Opgeslagen als" in pg.inner_text("body")
    compare_saved(pg, "Toegankelijk krap (v1)", "Toegankelijk ruim (v1)")
    assert "Kerncijfers" in pg.inner_text("body")
    check("two scenarios compared")

    # a saved scenario opened
    nav(pg, "Scenario's")
    pg.locator("[data-testid=stSelectbox]").filter(has_text="Kies een scenario").click()
    pg.get_by_role("option", name="Toegankelijk krap (v1)").click()
    settle(pg)
    pg.get_by_role("button", name="Openen", exact=True).click()
    pg.get_by_text("is nu actief").first.wait_for()
    settle(pg)
    check("saved scenario opened")

    # an infeasible scenario: the assumptions page and the allocation page explain it
    nav(pg, "Aannames")
    box = pg.get_by_label("Strategische bodem per terrein per jaar (€)", exact=True)
    box.fill("200.000")
    box.press("Enter")
    settle(pg)
    pg.wait_for_selector("[data-testid=stAlert]:has-text('Geen verdeling mogelijk')")
    check("infeasible scenario (assumptions)")
    nav(pg, "Verdeling")
    check("infeasible scenario (allocation)")

    assert not found, "\n".join(f"{s}: {v}" for s, vs in found.items() for v in vs)


@in_browser
def test_every_chart_has_a_sentence_and_its_numbers(pg, server):
    pg.goto(f"{server}/verdeling")
    settle(pg)
    charts = pg.locator("[data-testid=stVegaLiteChart]")
    names = [charts.nth(i).get_attribute("aria-label") for i in range(charts.count())]
    assert len(names) >= 5
    # the chart's name is its sentence (what it shows and its main figure), not Vega's default
    assert all(n and n != "Vega visualization" and "hoogste" in n for n in names), names
    boxes = pg.locator("[data-testid=stExpander]").filter(has_text="Cijfers bij deze grafiek")
    assert boxes.count() == len(names)
    first = boxes.first
    first.locator("summary").click()
    first.locator("table").wait_for()
    text = first.inner_text()
    assert names[0] in text  # the same sentence, visible
    headers = first.locator("th").all_inner_texts()
    assert "Jaar" in headers and "Publiek (€)" in headers, headers
    # the table's numbers are the chart's: its rows add up to the total the sentence gives
    total = re.search(r"Samen € ([\d.]+)", names[0])
    assert total, names[0]
    cells = [int(c.replace("€", "").replace(".", "").strip())
             for c in first.locator("td").all_inner_texts() if c.strip().startswith("€")]
    assert abs(sum(cells) - int(total.group(1).replace(".", ""))) <= len(cells)  # rounding
    first.evaluate("e => e.scrollIntoView({block: 'center'})")
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(ARTIFACTS / "a11y_chart_text.png"))


def tab_to(pg, test: str, limit: int = 250) -> None:
    """Press Tab until the focused element passes `test` (a JS function of the element)."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate(f"(() => {{ const e = document.activeElement; return !!e && ({test})(e); }})()"):
            return
    pytest.fail(f"Tab never reached an element with {test}")


def named(text: str) -> str:
    """A JS test: the element's visible text or accessible label is exactly `text`."""
    return (f"e => (e.innerText || '').trim().endsWith({text!r}) "
            f"|| e.getAttribute('aria-label') === {text!r}")


def link_to(page: str) -> str:
    return (f"e => e.matches('[data-testid=stSidebarNav] a') "
            f"&& (e.innerText || '').trim().endsWith({page!r})")


def follow(pg, page: str) -> None:
    """Tab to the sidebar link of `page` and follow it."""
    tab_to(pg, link_to(page))
    pg.keyboard.press("Enter")
    settle(pg)


def set_budget(pg, year: str, amount: str) -> None:
    """On the assumptions page: Tab to the year's budget, type the amount, Enter."""
    tab_to(pg, f"e => e.getAttribute('aria-label') === '{year} (€)'")
    pg.keyboard.press("Control+A")
    pg.keyboard.type(amount)
    pg.keyboard.press("Enter")
    settle(pg)


def budget_tile(pg) -> str:
    return pg.locator("[data-testid=stMetric]").filter(has_text="Budget").first.inner_text()


def choose_language(pg, now: str, new: str, arrow: str) -> None:
    """The NL/EN switch is one tab stop (the selected option); an arrow moves to the other,
    Enter chooses it."""
    tab_to(pg, f"e => e.matches('button') && e.innerText.trim() === '{now}'")
    pg.keyboard.press(arrow)
    assert pg.evaluate("document.activeElement.innerText.trim()") == new
    pg.keyboard.press("Enter")
    settle(pg)


@in_browser
def test_a_whole_task_with_the_keyboard_only(pg, server):
    """Load the demo, switch language both ways, change a year's budget, read a park's reason,
    save a scenario: page.keyboard only (the address is typed once, as a user would)."""
    kb = pg.keyboard
    pg.goto(f"{server}/verdeling")
    settle(pg)
    demo_budget = budget_tile(pg)

    # load the demo: after a change (with the demo active the button is disabled)
    follow(pg, "Aannames")
    set_budget(pg, "2026", "100000")
    follow(pg, "Gegevens")
    tab_to(pg, named("Demo-gegevens laden"))
    kb.press("Enter")
    settle(pg)
    assert "De demogegevens zijn weer actief" in pg.inner_text("body")
    assert "Ongewijzigd: de demogegevens" in pg.locator("[data-testid=stSidebar]").inner_text()

    # the language, both ways; the focused control shows its focus (WCAG 2.4.7)
    tab_to(pg, "e => e.matches('button') && e.innerText.trim() === 'NL'")
    ring = pg.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
    assert (ring[0] != "none" and ring[1] != "0px") or ring[2] != "none", ring
    pg.screenshot(path=str(ARTIFACTS / "a11y_focus.png"))
    kb.press("Shift+Tab")  # back, so that choose_language finds it again by Tab
    choose_language(pg, "NL", "EN", "ArrowRight")
    assert pg.evaluate("document.documentElement.lang") == "en"
    assert pg.get_by_role("heading", name="Data").count() >= 1
    choose_language(pg, "EN", "NL", "ArrowLeft")
    assert pg.evaluate("document.documentElement.lang") == "nl"
    assert pg.get_by_role("heading", name="Gegevens").count() >= 1

    # a year's budget moves the allocation's budget
    follow(pg, "Aannames")
    set_budget(pg, "2026", "100000")
    follow(pg, "Verdeling")
    assert budget_tile(pg) != demo_budget, demo_budget

    # a park's reason
    follow(pg, "Draagvlak & draagkracht")
    # the park's card: its name and its explanation are plain texts (st.text)
    texts = pg.locator("[data-testid=stMain] [data-testid=stText]")
    texts.first.wait_for()
    first = texts.all_inner_texts()
    tab_to(pg, "e => e.getAttribute('aria-label') === 'Kies een terrein voor de uitleg'")
    kb.press("ArrowDown")  # opens the list on the current park
    pg.get_by_role("listbox").wait_for()
    kb.press("ArrowDown")
    pg.wait_for_timeout(200)
    kb.press("Enter")
    settle(pg)
    for _ in range(40):  # the card follows the choice after the rerun
        shown = texts.all_inner_texts()
        if shown and shown[0] != first[0]:
            break
        pg.wait_for_timeout(250)
    assert len(shown) >= 2 and shown[0] != first[0], (first, shown)
    picked = pg.get_by_label("Kies een terrein voor de uitleg", exact=True)
    picked = picked.input_value() or picked.inner_text()
    assert shown[0] in picked, (shown[0], picked)  # the card is the park now chosen
    assert len(shown[1]) > 40, shown  # and says why it gets what it gets

    # save a scenario
    follow(pg, "Scenario's")
    tab_to(pg, "e => e.getAttribute('aria-label') === 'Naam'")
    kb.type("Met het toetsenbord")
    tab_to(pg, "e => e.matches('button') && e.innerText.trim().endsWith('Opslaan')")
    kb.press("Enter")
    settle(pg)
    assert "Opgeslagen als Met het toetsenbord (v1)" in pg.inner_text("body")


# -- the text alternative itself, without a browser ------------------------------------------
def test_chart_text_says_the_main_figure_and_tables_the_same_numbers():
    from allocation import charts

    spec = charts.value_by_goal({"energy": 120.0, "circularity": 40.5, "economy": 80.0,
                                 "cooperation": 10.0}, "nl").to_dict()
    text = chart_text(spec, "nl", "Waarde per doel")
    assert text.sentence == "Waarde per doel: 4 waarden, de hoogste is 120,0 (Energie)."
    frame = text.table.frame
    assert list(frame["Doel"]) == ["Energie", "Circulariteit", "Economie", "Samenwerking"]
    assert list(frame["Waardepunten"]) == [120.0, 40.5, 80.0, 10.0]
    english = chart_text(charts.value_by_goal({"energy": 1.0, "economy": 3.0}, "en").to_dict(),
                         "en")
    assert english.sentence.startswith("Value points by Goal: 4 values, the highest is 3,0")


def test_chart_text_aggregates_as_the_chart_does_and_names_its_colours():
    import altair as alt
    import pandas as pd

    rows = pd.DataFrame({"year": [2026, 2026, 2027], "kind": ["a", "a", "b"],
                         "eur": [1_000.0, 500.0, 2_000.0], "strategic": ["ja", "ja", "nee"]})
    chart = alt.Chart(rows).mark_bar().encode(
        x=alt.X("year:O", title="Jaar"), y=alt.Y("sum(eur):Q", title="Publiek (€)"),
        color=alt.Color("strategic:N", title="Strategisch"),
        tooltip=[alt.Tooltip("year:O", title="Jaar"),
                 alt.Tooltip("eur:Q", title="Publiek (€)", format="$,.0f")])
    text = chart_text(chart.to_dict(), "nl")
    frame = text.table.frame
    # one row per bar, summed as the bar is; the colour's meaning is a column
    assert list(frame.columns) == ["Jaar", "Publiek (€)", "Strategisch"]
    assert list(frame["Publiek (€)"]) == [1_500.0, 2_000.0]
    assert list(frame["Strategisch"]) == ["ja", "nee"]
    assert text.table.kinds == {"Publiek (€)": "eur"}
    assert text.sentence == ("Publiek (€) per Jaar en Strategisch: 2 waarden, de hoogste is "
                             "€ 2.000 (2027, nee). Samen € 3.500.")


def test_chart_text_of_an_empty_chart_says_so():
    from allocation import charts

    text = chart_text(charts.value_by_goal({}, "nl").to_dict(), "nl", "Waarde per doel")
    assert "hoogste" not in text.sentence and text.sentence.startswith("Waarde per doel")
