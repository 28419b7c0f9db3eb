"""Session state, edits, text catalogue, Dutch formatting and display tables (no browser)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from allocation.domain import InputIssue
from tests.conftest import make_small_scenario, make_worked_example
from ui import editing, state, tables
from ui.text import TEXT, md_escape, t

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ss() -> dict:
    s: dict = {}
    state.initialise(make_small_scenario(), state.DataSource("demo", "demo"), [], ss=s)
    return s


# -- text catalogue ---------------------------------------------------------------------------
def test_every_text_has_both_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, (nl, en) in TEXT.items():
        assert nl.strip() and en.strip(), key
        names_nl = {f for _, f, _, _ in fields.parse(nl) if f}
        names_en = {f for _, f, _, _ in fields.parse(en) if f}
        assert names_nl == names_en, key


def test_every_text_key_used_in_the_app_exists():
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*(?:f?)["']([a-z0-9_]+)["']""")
    for path in [ROOT / "app.py", *ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no t() calls"
    missing = sorted(k for k in used if k not in TEXT)
    assert not missing


def test_t_fills_placeholders_and_follows_the_language():
    assert t("kpi_parks_value", "nl", funded=3, eligible=5) == "3 van 5"
    assert t("kpi_parks_value", "en", funded=3, eligible=5) == "3 of 5"


def test_md_escape_neutralises_markdown_html_latex_and_directives():
    raw = "*vet* [link](x) <b>$x$</b> :red[rood] # kop"
    escaped = md_escape(raw)
    for ch in "*[]()<>$:#":
        assert f"\\{ch}" in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == raw


# -- state -------------------------------------------------------------------------------------
def test_initialise_and_language(ss):
    assert state.lang(ss) == "nl"
    state.set_lang("en", ss)
    assert state.lang(ss) == "en"
    with pytest.raises(ValueError):
        state.set_lang("de", ss)
    assert not state.is_modified(ss)


def test_valid_edit_applies_and_invalid_edit_keeps_the_scenario(ss):
    assert state.update_settings(ss, draagvlak_effect=0.9)
    assert state.scenario(ss).settings.draagvlak_effect == 0.9
    assert state.is_modified(ss)
    before = state.scenario(ss)
    assert not state.update_settings(ss, draagvlak_effect=1.7)
    assert state.scenario(ss) is before
    nl, en = state.edit_message(ss)
    assert "Effect van draagvlak: mag hoogstens 1 zijn" in nl and "_effect" not in nl
    assert "Effect of draagvlak: must be at most 1" in en
    assert not state.update_settings(ss, weight_energy=0, weight_circularity=0,
                                     weight_economy=0, weight_cooperation=0)
    assert state.scenario(ss) is before


def test_reset_and_generation(ss):
    g0 = state.generation(ss)
    state.update_settings(ss, capacity_growth=2.0)
    assert state.generation(ss) == g0  # an edit through a widget keeps the widgets
    state.reset_to_original(ss)
    assert state.generation(ss) == g0 + 1
    assert state.wkey("x", ss) == f"x@{g0 + 1}.nl"
    state.set_lang("en", ss)
    assert state.wkey("x", ss) == f"x@{g0 + 1}.en"
    assert state.scenario(ss) == state.original(ss)


def test_budget_edits(ss):
    years = state.scenario(ss).years
    assert state.update_budget({years[0]: 123.0}, ss)
    assert state.scenario(ss).budgets[years[0]] == 123.0
    assert not state.update_budget({1999: 5.0}, ss)
    assert state.scale_budget(3_000_000, ss)
    orig = state.original(ss).budgets
    new = state.scenario(ss).budgets
    assert sum(new.values()) == pytest.approx(3_000_000)
    share = {y: orig[y] / sum(orig.values()) for y in years}
    assert all(new[y] / 3_000_000 == pytest.approx(share[y]) for y in years)


def test_rejected_upload_keeps_the_active_scenario(ss):
    before = state.scenario(ss)
    issue = InputIssue("terreinen", 4, "draagvlak", "50", "te groot", "too large")
    state.reject_upload("kapot.xlsx", [issue], [], ss)
    assert state.scenario(ss) is before
    assert state.rejected(ss).issues == [issue]
    state.replace_scenario(make_worked_example(), state.DataSource("x.xlsx", "upload"), ss=ss)
    assert state.rejected(ss) is None
    assert len(state.scenario(ss).parks) == 2


# -- editing -----------------------------------------------------------------------------------
def test_apply_delta_and_round_trip():
    sc = make_small_scenario()
    base = editing.parks_frame(sc)
    assert editing.with_parks(sc, base) == sc  # no edit, same scenario
    assert base["draagvlak"].tolist() == [p.draagvlak * 100 for p in sc.parks]  # percentages
    frame = editing.apply_delta(base, {"edited_rows": {"1": {"draagvlak": 90}}})
    new = editing.with_parks(sc, frame)
    assert new.parks[1].draagvlak == 0.9 and new.parks[0] == sc.parks[0]


def test_percentages_round_trip_without_float_noise():
    from allocation.demo import make_demo_scenario

    sc = make_demo_scenario()
    for frame, back in ((editing.parks_frame(sc), editing.with_parks),
                        (editing.categories_frame(sc), editing.with_categories),
                        (editing.returns_frame(sc), editing.with_returns)):
        assert back(sc, frame) == sc  # 0.57 -> 57 -> 0.57, not 0.5699999999999999


def test_bad_cell_edit_is_refused_through_apply_edit(ss):
    sc = state.scenario(ss)
    base = editing.parks_frame(sc)
    frame = editing.apply_delta(base, {"edited_rows": {0: {"organisation_level": 7}}})
    assert not state.apply_edit(lambda s: editing.with_parks(s, frame), ss)
    assert state.scenario(ss) is sc
    assert "terreinen › rij 1 › Organisatiegraad (0–4): mag hoogstens 4 zijn" in (
        state.edit_message(ss)[0])
    frame = editing.apply_delta(base, {"edited_rows": {0: {"name": "  "}}})
    assert not state.apply_edit(lambda s: editing.with_parks(s, frame), ss)


def test_optional_cell_cleared_becomes_none():
    sc = make_small_scenario()
    frame = editing.apply_delta(editing.parks_frame(sc), {"edited_rows": {0: {"latitude": None,
                                                                             "region": ""}}})
    new = editing.with_parks(sc, frame)
    assert new.parks[0].latitude is None and new.parks[0].region is None


def test_year_added_and_removed_and_returns_edit():
    sc = make_small_scenario()
    longer = editing.with_year_added(sc)
    assert longer.years == [*sc.years, sc.years[-1] + 1]
    assert editing.with_last_year_removed(longer) == sc
    frame = editing.apply_delta(editing.returns_frame(sc), {"edited_rows": {0: {"multiplier": 0.1}}})
    with pytest.raises(ValueError):  # multipliers would increase
        editing.with_returns(sc, frame)
    shares = editing.with_min_private_share(sc, "collective", 0.6)
    assert shares.category("collective").min_private_share == 0.6


# -- tables ------------------------------------------------------------------------------------
def test_issues_frame_has_the_five_columns_in_the_users_language():
    issues = [InputIssue("terreinen", 4, "draagvlak", "50", "deel door 100", "divide by 100")]
    nl = tables.issues_frame(issues, "nl")
    assert list(nl.columns) == ["Tabblad", "Rij", "Kolom", "Waarde", "Melding"]
    assert nl.iloc[0].tolist() == ["terreinen", "4", "draagvlak", "50", "deel door 100"]
    assert tables.issues_frame(issues, "en").iloc[0, 4] == "divide by 100"


def test_format_display_uses_dutch_numbers_per_row_kind():
    df = pd.DataFrame({"kpi": ["Budget", "Hefboom"], "a": [1234567.0, 0.5], "d": [-1000.0, 0.1]})
    out = tables.format_display(df, ["text", "row", "row"], ["eur", "ratio"])
    assert out.iloc[:, 1].tolist() == ["€ 1.234.567", "0,50"]
    assert out.iloc[:, 2].tolist() == ["-€ 1.000", "0,10"]


def test_our_csv_download_never_carries_a_formula():
    import csv
    import io

    import pandas as pd

    from ui import tables

    frame = pd.DataFrame({
        "Terrein": ["=cmd|' /C calc'!A0", "+HYPERLINK(\"http://x\")", "-2+3", "@SUM(A1)",
                    "\tTAB", "Gewoon park"],
        "Publiek (€)": [1500.5, -4000.0, 0.0, 7500.0, 30000.0, 101590.0],
    })
    frame.columns = ["=Terrein", "Publiek (€)"]  # a header typed by a user is text too
    text = tables.safe_csv(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [c for row in rows for c in row]
    risky = ("=", "+", "-", "@", "\t", "\r")
    texts = [c for c in cells if not c.replace(",", "").replace("-", "").isdigit()]
    assert all(not c.startswith(risky) for c in texts), texts
    assert rows[1][0] == "'=cmd|' /C calc'!A0" and rows[0][0] == "'=Terrein"
    assert rows[6][0] == "Gewoon park"  # ordinary text untouched
    assert rows[2][1] == "-4000,0"  # numbers stay numbers (a negative amount is not a formula)


def test_the_allocation_table_keeps_numbers_as_numbers():
    from allocation.demo import make_demo_scenario
    from allocation.pipeline import solve
    from ui import tables

    sc = make_demo_scenario()
    table, total = tables.allocation_table(solve(sc), sc, lang="nl")
    assert total == len(sc.parks)
    for col, kind in table.kinds.items():
        assert table.frame[col].dtype.kind == "f", col  # sorts numerically in the grid
        assert kind in ("eur", "points1")
    styled = tables.styled(table).to_html()
    assert "€ " in styled and "None" not in styled


def test_audit_trail_shows_dutch_time_and_readable_details():
    from datetime import UTC, datetime

    from allocation.store import AuditEntry

    entries = [
        AuditEntry(id=1, at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC), actor="anna", action="save",
                   scenario_id=3, scenario_name="Basis", scenario_version=1,
                   detail={"content_hash": "1545d0f61890459841f21020d4135ca6", "status": "optimal"}),
        AuditEntry(id=2, at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC), actor="anna",
                   action="rename", scenario_id=3, scenario_name="Ruim", scenario_version=1,
                   detail={"old_name": "Basis", "new_name": "Ruim", "later_field": 7}),
    ]
    frame = tables.audit_frame(entries, "nl")
    assert list(frame.columns)[0] == "Moment (Nederlandse tijd)"
    # newest first; summer time +2 h, winter time +1 h (the stored moments are UTC)
    assert list(frame.iloc[:, 0]) == ["05-01-2026 10:30:00", "01-07-2026 14:00:00"]
    assert frame.iloc[1, 4] == "vingerafdruk: 1545d0f61890; uitkomst: optimaal"
    # a detail the app has no words for is shown as stored, never dropped
    assert frame.iloc[0, 4] == "later_field: 7; nieuwe naam: Ruim; oude naam: Basis"
    assert "UTC" not in frame.to_string()
    en = tables.audit_frame(entries, "en")
    assert en.iloc[1, 4] == "fingerprint: 1545d0f61890; outcome: optimal"
