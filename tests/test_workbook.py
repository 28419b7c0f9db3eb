"""The workbook reader and writers, rule by rule (docs/contracts/WORKBOOK.md).

Every workbook is built here with openpyxl (and, where openpyxl cannot produce the case, by
patching the xlsx XML), so each test shows the input it is about. Messages are asserted, not
only the failure.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import allocation.workbook as wb_mod
import allocation.workbook.read as wb_read
from allocation.domain import InputIssue, LoadedWorkbook, Scenario, WorkbookError
from allocation.result import AllocationResult, ParkExplanation
from allocation.workbook import (
    MAX_FILE_BYTES,
    load_workbook,
    write_results,
    write_scenario,
    write_template,
)
from allocation.workbook import read_workbook as app_read_workbook
from allocation.workbook.cells import translate
from tests.workbook_oracle import read_three_ways


def read_workbook(src: Any, source_name: str | None = None) -> LoadedWorkbook:
    """Every read in this module is checked against the other two readers (workbook_oracle)."""
    if isinstance(src, bytes):
        return read_three_ways(src, source_name or "")
    return app_read_workbook(src, source_name)

PARK_HEADER = [
    "park_id", "name", "municipality", "area_ha", "companies", "jobs", "organisation_level",
    "draagvlak", "private_capacity_eur", "potential_energy", "potential_circularity",
    "potential_economy", "potential_cooperation",
]


def park_row(pid: Any = "A", **kw: Any) -> list[Any]:
    values = {
        "park_id": pid, "name": f"Park {pid}", "municipality": "Lindenhoven", "area_ha": 12.5,
        "companies": 40, "jobs": 300, "organisation_level": 2, "draagvlak": 0.6,
        "private_capacity_eur": 20_000, "potential_energy": 0.5,
        "potential_circularity": 0.4, "potential_economy": 0.3, "potential_cooperation": 0.7,
    }
    values.update(kw)
    return [values[h] for h in PARK_HEADER]


def base_sheets() -> dict[str, list[list[Any]]]:
    return {
        "parks": [PARK_HEADER, park_row("A"), park_row("B", organisation_level=0)],
        "budget": [["year", "budget_eur"], [2026, 100_000], [2027, 120_000]],
    }


def book(sheets: dict[str, list[list[Any]]], hook: Any = None) -> bytes:
    """An xlsx with the given sheets (first row = header); `hook(wb)` may adjust it."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    if hook is not None:
        hook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def patch_part(data: bytes, part: str, edit: Any) -> bytes:
    """Rewrite one part of an xlsx (bytes -> bytes), keeping the others."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = edit(content)
            dst.writestr(info.filename, content)
    return out.getvalue()


def sheet_part(data: bytes, title: str) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    index = wb.sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{index}.xml"


def ok(data: bytes) -> LoadedWorkbook:
    loaded = read_workbook(data)
    assert isinstance(loaded.scenario, Scenario)
    return loaded


def errors(data: bytes) -> list[InputIssue]:
    with pytest.raises(WorkbookError) as info:
        read_workbook(data)
    issues = info.value.issues
    assert issues, "a WorkbookError must carry at least one issue"
    for issue in issues:  # user words only: never a pydantic dump
        text = issue.message_nl + issue.message_en
        assert "validation error" not in text.lower() and "pydantic" not in text.lower()
        assert "Input should be" not in text
        assert issue.message_nl and issue.message_en and issue.message_nl != issue.message_en
    return issues


def one_error(data: bytes) -> InputIssue:
    issues = errors(data)
    assert len(issues) == 1, [i.render("en") for i in issues]
    return issues[0]


def warning_texts(loaded: LoadedWorkbook) -> list[str]:
    return [w.message_en for w in loaded.warnings]


# -- basics ---------------------------------------------------------------------------------
def test_minimal_english_workbook_uses_defaults() -> None:
    loaded = ok(book(base_sheets()))
    sc = loaded.scenario
    assert [p.park_id for p in sc.parks] == ["A", "B"]
    assert sc.years == [2026, 2027]
    assert sc.budgets == {2026: 100_000, 2027: 120_000}
    assert [c.category for c in sc.categories] == ["organisation", "area_process", "collective"]
    assert sc.settings.weight_energy == 0.30 and len(sc.returns) == 3
    assert sc.parks[0].strategic is False and sc.parks[0].region is None
    assert loaded.warnings == []


def test_dutch_names_case_space_and_nbsp_insensitive() -> None:
    header = ["  TERREIN_ID", "Naam\xa0", "gemeente", "Oppervlakte_ha", "bedrijven", "BANEN",
              "organisatiegraad", "draagvlak", "draagkracht_eur", "potentieel_energie",
              "potentieel_circulariteit", "potentieel_economie", "Potentieel_Samenwerking"]
    data = book({
        "\xa0Terreinen ": [header, park_row("X")],
        "BUDGET": [["Jaar", " budget_eur "], [2030, 5]],
        "Instellingen": [["sleutel", "waarde"], ["Weight_Energy", 1]],
    })
    sc = ok(data).scenario
    assert sc.parks[0].park_id == "X" and sc.years == [2030]
    assert sc.settings.weight_energy == 1


def test_numeric_park_id_becomes_text() -> None:
    sheets = base_sheets()
    sheets["parks"][1][0] = 1001
    sheets["parks"][2][0] = 1002.0
    sc = ok(book(sheets)).scenario
    assert [p.park_id for p in sc.parks] == ["1001", "1002"]


def test_read_from_path_str_and_source_name(tmp_path: Path) -> None:
    path = tmp_path / "mijn werkboek.xlsx"
    path.write_bytes(book(base_sheets()))
    assert read_workbook(path).scenario.source == "mijn werkboek.xlsx"
    assert read_workbook(str(path)).scenario.source == "mijn werkboek.xlsx"
    assert read_workbook(path.read_bytes(), source_name="upload.xlsx").scenario.source == \
        "upload.xlsx"
    assert load_workbook(path).parks[0].park_id == "A"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError) as info:
        read_workbook(tmp_path / "nope.xlsx")
    assert "niet gevonden" in info.value.issues[0].message_nl
    with pytest.raises(WorkbookError) as info:
        read_workbook(tmp_path)
    assert "folder" in info.value.issues[0].message_en


# -- cell values ----------------------------------------------------------------------------
def test_booleans_in_all_accepted_forms() -> None:
    sheets = base_sheets()
    sheets["parks"][0] = [*PARK_HEADER, "strategic", "municipal_team"]
    forms = [(True, "ja"), (1, "WAAR"), ("x", "Yes"), ("true", None), (False, "nee"),
             (0, "onwaar"), ("No", "FALSE"), (None, "1")]
    expected = [(True, True), (True, True), (True, True), (True, False), (False, False),
                (False, False), (False, False), (False, True)]
    sheets["parks"][1:] = [[*park_row(f"P{i}"), a, b] for i, (a, b) in enumerate(forms)]
    sc = ok(book(sheets)).scenario
    assert [(p.strategic, p.municipal_team) for p in sc.parks] == expected


def test_bad_boolean_names_value_and_cell() -> None:
    sheets = base_sheets()
    sheets["parks"][0] = [*PARK_HEADER, "gebiedsteam"]
    sheets["parks"][1] = [*park_row("A"), "misschien"]
    sheets["parks"][2] = [*park_row("B"), ""]
    issue = one_error(book(sheets))
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "parks", 2, "gebiedsteam", "misschien")
    assert "ja of nee" in issue.message_nl and "yes or no" in issue.message_en


def test_percent_formatted_share_is_a_share() -> None:
    def percent(wb: openpyxl.Workbook) -> None:
        wb["parks"]["H2"].number_format = "0%"
        wb["parks"]["H3"].number_format = "0.0%"

    sheets = base_sheets()
    sheets["parks"][1][7] = 0.55
    sheets["parks"][2][7] = 1.0
    sc = ok(book(sheets, percent)).scenario
    assert [p.draagvlak for p in sc.parks] == [0.55, 1.0]


def test_share_above_one_suggests_the_share() -> None:
    sheets = base_sheets()
    sheets["parks"][1][7] = 50
    issue = one_error(book(sheets))
    assert issue.column == "draagvlak" and issue.row == 2 and issue.value == "50"
    assert "0.5" in issue.message_en and "0.5" in issue.message_nl
    assert "Did you mean 0.5" in issue.message_en


def test_percent_formatted_share_above_100_percent_is_an_error() -> None:
    def percent(wb: openpyxl.Workbook) -> None:
        wb["parks"]["H2"].number_format = "0%"

    sheets = base_sheets()
    sheets["parks"][1][7] = 1.5
    issue = one_error(book(sheets, percent))
    assert "at most 1" in issue.message_en


def test_dutch_euro_text() -> None:
    sheets = base_sheets()
    sheets["parks"][1][8] = "€ 12.500"
    sheets["parks"][2][8] = " 7500 "
    sheets["budget"][1][1] = "€1.250.000"
    sc = ok(book(sheets)).scenario
    assert [p.private_capacity_eur for p in sc.parks] == [12_500, 7_500]
    assert sc.budgets[2026] == 1_250_000


@pytest.mark.parametrize("text", ["12.5", "1.234,56", "12,5", "€ 12.50", "twaalf"])
def test_ambiguous_number_text_is_an_error(text: str) -> None:
    sheets = base_sheets()
    sheets["parks"][1][8] = text
    issue = one_error(book(sheets))
    assert issue.value == text and issue.column == "private_capacity_eur" and issue.row == 2
    assert "number is expected" in issue.message_en and "Verwacht een getal" in issue.message_nl


def test_percentage_as_text_is_an_error_with_hint() -> None:
    sheets = base_sheets()
    sheets["parks"][1][7] = "50%"
    issue = one_error(book(sheets))
    assert issue.value == "50%" and "Type 0.5" in issue.message_en and "Typ 0.5" in \
        issue.message_nl


def test_whole_numbers_required_for_integer_columns() -> None:
    sheets = base_sheets()
    sheets["parks"][1][4] = 12.5  # companies
    sheets["parks"][2][6] = "3"  # organisation level as plain-digit text is fine
    issue = one_error(book(sheets))
    assert issue.column == "companies" and "whole number" in issue.message_en
    sheets["parks"][1][4] = 12.0
    assert ok(book(sheets)).scenario.parks[1].organisation_level == 3


def test_texts_trimmed_and_unicode_kept() -> None:
    sheets = base_sheets()
    sheets["parks"][1][1] = "  Bedrijvenpark 'De Kolk' – fase 2 ☀ <b>vet</b> *x*  "
    sheets["parks"][1][2] = "\xa0's-Hertogenbosch\t"
    sc = ok(book(sheets)).scenario
    assert sc.parks[0].name == "Bedrijvenpark 'De Kolk' – fase 2 ☀ <b>vet</b> *x*"
    assert sc.parks[0].municipality == "'s-Hertogenbosch"


def test_empty_rows_are_skipped() -> None:
    sheets = base_sheets()
    sheets["parks"].insert(2, [None] * len(PARK_HEADER))
    sheets["parks"].insert(2, ["  ", None, ""])
    sheets["parks"].append([])
    sc = ok(book(sheets)).scenario
    assert [p.park_id for p in sc.parks] == ["A", "B"]


def test_required_empty_cell_is_named() -> None:
    sheets = base_sheets()
    sheets["parks"][2][2] = None
    issue = one_error(book(sheets))
    assert (issue.row, issue.column) == (3, "municipality")
    assert "required" in issue.message_en and "verplicht" in issue.message_nl


def test_bad_park_ids() -> None:
    sheets = base_sheets()
    sheets["parks"][1][0] = "park 1"
    sheets["parks"][2][0] = "x" * 65
    issues = errors(book(sheets))
    assert [(i.row, i.column) for i in issues] == [(2, "park_id"), (3, "park_id")]
    assert "without spaces" in issues[0].message_en
    assert "at most 64" in issues[1].message_en


def test_duplicate_ids_after_trimming() -> None:
    sheets = base_sheets()
    sheets["parks"][2][0] = " A "
    issue = one_error(book(sheets))
    assert (issue.row, issue.value) == (3, "A") and "already appears in row 2" in \
        issue.message_en


def test_duplicate_column_names_are_an_error() -> None:
    sheets = base_sheets()
    sheets["parks"][0] = [*PARK_HEADER, "Terrein_ID"]
    for row in sheets["parks"][1:]:
        row.append("Z")
    issue = one_error(book(sheets))
    assert issue.column == "Terrein_ID" and "appears twice" in issue.message_en
    assert "'park_id'" in issue.message_en


def test_missing_required_column_and_sheet() -> None:
    sheets = base_sheets()
    sheets["parks"] = [r[:-1] for r in sheets["parks"]]
    del sheets["budget"]
    issues = errors(book(sheets))
    texts = [i.message_en for i in issues]
    assert any("'potential_cooperation'" in t and "missing" in t for t in texts)
    assert any("required sheet 'budget'" in t for t in texts)


def test_merged_cells_are_errors_naming_the_rows() -> None:
    sheets = base_sheets()
    sheets["parks"].append(park_row("C"))

    def merge(wb: openpyxl.Workbook) -> None:
        wb["parks"].merge_cells("C3:C4")

    issues = errors(book(sheets, merge))
    assert any(i.row == 3 and "rows 3-4" in i.message_en and "C3:C4" in i.message_en
               for i in issues)


def test_formula_cached_value_is_used_and_missing_cache_is_an_error() -> None:
    sheets = base_sheets()
    sheets["parks"][1][8] = "=10000*2"
    sheets["budget"][1][1] = "=50000*2"
    data = book(sheets)
    # openpyxl writes no cached values: the spreadsheet program would. Add one for parks.
    part = sheet_part(data, "parks")
    with_cache = patch_part(data, part, lambda x: x.replace(b"<v></v>", b"<v>20000</v>")
                            .replace(b"<v />", b"<v>20000</v>"))
    issue = one_error(with_cache)  # the budget formula still has no cached value
    assert (issue.sheet, issue.row, issue.column) == ("budget", 2, "budget_eur")
    assert "save it" in issue.message_en and "sla het op" in issue.message_nl
    assert "B2" in issue.message_en and issue.value == "=50000*2"
    both = patch_part(with_cache, sheet_part(data, "budget"),
                      lambda x: x.replace(b"<v></v>", b"<v>100000</v>")
                      .replace(b"<v />", b"<v>100000</v>"))
    sc = ok(both).scenario
    assert sc.parks[0].private_capacity_eur == 20_000 and sc.budgets[2026] == 100_000


def test_row_of_uncached_formulas_is_not_skipped_as_empty() -> None:
    sheets = base_sheets()
    sheets["budget"].append(["=A3+1", "=B3"])
    issues = errors(book(sheets))
    assert {(i.row, i.column) for i in issues} == {(4, "year"), (4, "budget_eur")}


def test_excel_error_values_name_the_cell() -> None:
    sheets = base_sheets()
    sheets["parks"][1][3] = "#DIV/0!"
    sheets["budget"][2][1] = "#N/A"
    issues = errors(book(sheets))
    assert [(i.sheet, i.row, i.column, i.value) for i in issues] == [
        ("parks", 2, "area_ha", "#DIV/0!"), ("budget", 3, "budget_eur", "#N/A")]
    assert "D2" in issues[0].message_en and "#DIV/0!" in issues[0].message_nl


@pytest.mark.parametrize("token", [b"NaN", b"INF", b"-inf"])
def test_nan_and_inf_cells_are_errors(token: bytes) -> None:
    sheets = base_sheets()
    sheets["parks"][1][3] = 12345.678
    data = book(sheets)
    data = patch_part(data, sheet_part(data, "parks"),
                      lambda x: x.replace(b"<v>12345.678</v>", b"<v>" + token + b"</v>"))
    issue = one_error(data)  # openpyxl cannot load such a file: found while scanning the XML
    assert (issue.sheet, issue.row) == ("parks", 2) and "not a valid number" in \
        issue.message_en and "Cell D2" in issue.message_en


@pytest.mark.parametrize("text", ["NaN", "inf", "-Infinity"])
def test_nan_text_is_an_error(text: str) -> None:
    sheets = base_sheets()
    sheets["budget"][1][1] = text
    issue = one_error(book(sheets))
    assert "not a valid number" in issue.message_en and issue.value == text


def test_dates_are_not_numbers() -> None:
    import datetime

    sheets = base_sheets()
    sheets["budget"][1][0] = datetime.datetime(2026, 1, 1)
    issue = one_error(book(sheets))
    assert issue.column == "year" and "date" in issue.message_en


def test_wrong_declared_dimension_reads_all_rows() -> None:
    sheets = base_sheets()
    sheets["parks"] += [park_row(f"C{i}") for i in range(5)]
    data = book(sheets)
    data = patch_part(data, sheet_part(data, "parks"),
                      lambda x: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', x))
    assert b'ref="A1:B2"' in zipfile.ZipFile(io.BytesIO(data)).read(sheet_part(data, "parks"))
    assert len(ok(data).scenario.parks) == 7


# -- bounds and limits ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("col", "value", "needle"),
    [
        (3, 0, "greater than 0"), (3, 10_001, "at most 10,000"), (4, -1, "-1 is negative"),
        (5, 1_000_001, "at most 1,000,000"), (6, 5, "at most 4"),
        (8, 2e10, "at most 10,000,000,000"), (8, -5, "-5 is negative"),
    ],
)
def test_plausible_bounds(col: int, value: float, needle: str) -> None:
    sheets = base_sheets()
    sheets["parks"][1][col] = value
    issue = one_error(book(sheets))
    assert issue.column == PARK_HEADER[col] and needle in issue.message_en


def test_year_bounds_and_consecutive_years() -> None:
    data = book({**base_sheets(), "budget": [["year", "budget_eur"], [1999, 1], [2000, 1]]})
    assert "at least 2000" in one_error(data).message_en
    data = book({**base_sheets(), "budget": [["year", "budget_eur"], [2026, 1], [2028, 1],
                                             [2028, 1]]})
    issues = errors(data)
    assert [i.row for i in issues] == [3, 4]
    assert "year 2027 is missing" in issues[0].message_en
    assert "also appears in row 3" in issues[1].message_en


def test_at_most_thirty_years() -> None:
    rows = [["year", "budget_eur"]] + [[2030 + i, 1] for i in range(31)]
    issue = one_error(book({**base_sheets(), "budget": rows}))
    assert "31 years; at most 30" in issue.message_en


def test_park_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wb_read, "MAX_PARKS", 3)  # where the limit is used
    sheets = base_sheets()
    sheets["parks"] += [park_row("C"), park_row("D")]
    issue = one_error(book(sheets))
    # the reader stops one row past the limit, so it knows "more than", not how many
    assert "more than 3 parks; at most 3" in issue.message_en
    assert "meer dan 3 terreinen; hoogstens 3" in issue.message_nl


@pytest.mark.slow
def test_ten_thousand_and_one_parks_refused() -> None:
    sheets = base_sheets()
    sheets["parks"] = [PARK_HEADER] + [park_row(f"P{i}") for i in range(10_001)]
    issue = one_error(book(sheets))
    assert "more than 10000 parks; at most 10000" in issue.message_en


def test_long_texts_quote_only_the_beginning() -> None:
    sheets = base_sheets()
    sheets["parks"][1][1] = "N" * 250
    sheets["parks"][2][2] = "GEMEENTE"
    data = book(sheets)  # openpyxl itself cuts texts at 32,767 when writing: patch the XML
    data = patch_part(data, sheet_part(data, "parks"),
                      lambda x: x.replace(b"GEMEENTE", b"Gemeente " + b"g" * 40_000))
    issues = errors(data)
    assert issues[0].column == "name" and "250 characters; at most 200" in issues[0].message_en
    assert "40009 characters; at most 32767" in issues[1].message_en
    assert all(len(i.value or "") <= 61 for i in issues)
    assert all(len(i.render("en")) < 400 for i in issues)


def test_no_parks_is_one_clear_error() -> None:
    issue = one_error(book({**base_sheets(), "parks": [PARK_HEADER]}))
    assert issue.message_en.startswith("Sheet 'parks' has no parks")


def test_sheet_without_header_row() -> None:
    issue = one_error(book({**base_sheets(), "budget": [[]]}))
    assert "no header row" in issue.message_en


# -- sheets ---------------------------------------------------------------------------------
def test_unknown_sheets_and_columns_are_warnings_naming_them() -> None:
    sheets = base_sheets()
    sheets["parks"][0] = [*PARK_HEADER, "opmerking"]
    sheets["parks"][1].append("let op")
    sheets["notities"] = [["iets"]]
    loaded = ok(book(sheets))
    assert sorted(warning_texts(loaded)) == ["Unknown column 'opmerking' is ignored.",
                                             "Unknown sheet 'notities' is ignored."]
    column_warning = next(w for w in loaded.warnings if "column" in w.message_en)
    assert (column_warning.sheet, column_warning.column) == ("parks", "opmerking")
    assert all(w.severity == "warning" for w in loaded.warnings)


def test_hidden_sheets() -> None:
    sheets = base_sheets()
    sheets["categories"] = [["category", "min_private_share"], ["organisation", 0.1]]
    sheets["geheim"] = [["x"]]

    def hide(wb: openpyxl.Workbook) -> None:
        wb["budget"].sheet_state = "hidden"
        wb["categories"].sheet_state = "hidden"
        wb["geheim"].sheet_state = "veryHidden"

    loaded = ok(book(sheets, hide))
    texts = warning_texts(loaded)
    assert "Sheet 'budget' is hidden but required; it is read anyway." in texts
    assert "Hidden sheet 'categories' is ignored; the defaults apply." in texts
    assert "Hidden sheet 'geheim' is ignored." in texts
    assert len(loaded.scenario.categories) == 3  # the hidden one was not used


def test_two_visible_sheets_for_one_role_is_an_error() -> None:
    sheets = base_sheets()
    sheets["terreinen"] = sheets["parks"]
    issue = one_error(book(sheets))
    assert "both mean" in issue.message_en


def test_hidden_rows_and_columns_are_read_with_a_warning() -> None:
    def hide(wb: openpyxl.Workbook) -> None:
        wb["parks"].row_dimensions[3].hidden = True
        wb["parks"].column_dimensions["B"].hidden = True

    loaded = ok(book(base_sheets(), hide))
    assert loaded.scenario.parks[1].park_id == "B"
    texts = warning_texts(loaded)
    assert "Hidden columns are read like any other: name." in texts
    assert "Hidden rows are read like any other: row 3." in texts


# -- categories, returns, settings ----------------------------------------------------------
def test_unknown_setting_key_is_an_error_naming_it() -> None:
    sheets = {**base_sheets(), "settings": [["key", "value"], ["discount_rat", 0.04],
                                            ["weight_energy", 0.5]]}
    issue = one_error(book(sheets))
    assert issue.value == "discount_rat" and issue.row == 2
    assert "Unknown setting 'discount_rat'" in issue.message_en
    assert "Did you mean 'discount_rate'" in issue.message_en


def test_settings_values_typed() -> None:
    sheets = {**base_sheets(), "instellingen": [
        ["sleutel", "waarde"], ["carry_over", "ja"], ["discount_rate", 0.04],
        ["max_municipality_share", 0.4], ["capacity_level_2", "€ 120.000"],
        ["organisation_category", " organisation "], ["strategic_floor_eur", None]]}
    loaded = ok(book(sheets))
    s = loaded.scenario.settings
    assert s.carry_over is True and s.discount_rate == 0.04 and s.capacity_level_2 == 120_000
    assert s.max_municipality_share == 0.4 and s.organisation_category == "organisation"
    assert warning_texts(loaded) == [
        "Setting 'strategic_floor_eur' has no value; the default 0.0 applies."]


def test_settings_out_of_range_and_duplicates() -> None:
    sheets = {**base_sheets(), "settings": [
        ["key", "value"], ["discount_rate", 3], ["max_municipality_share", 0],
        ["carry_over", "soms"], ["discount_rate", 0.1]]}
    issues = errors(book(sheets))
    assert [i.row for i in issues] == [2, 3, 4, 5]
    assert "Did you mean 0.03" in issues[0].message_en
    assert "greater than 0" in issues[1].message_en
    assert "yes or no" in issues[2].message_en
    assert "also appears in row 2" in issues[3].message_en


def test_all_weights_zero_is_an_error_in_user_words() -> None:
    sheets = {**base_sheets(), "settings": [["key", "value"]] + [
        [f"weight_{g}", 0] for g in ("energy", "circularity", "economy", "cooperation")]}
    issue = one_error(book(sheets))
    assert issue.sheet == "settings" and issue.row == 2 and issue.column == "value"
    assert "all zero" in issue.message_en and "allemaal nul" in issue.message_nl


def test_organisation_category_must_exist() -> None:
    cats = [["category", "min_private_share"], ["collective", 0.5]]
    issue = one_error(book({**base_sheets(), "categories": cats}))
    assert issue.sheet == "categories" and "'organisation'" in issue.message_en
    assert "collective" in issue.message_en
    sheets = {**base_sheets(), "categories": cats,
              "settings": [["key", "value"], ["organisation_category", "orga"]]}
    issue = one_error(book(sheets))
    assert (issue.sheet, issue.row, issue.value) == ("settings", 2, "orga")
    sheets["settings"][1][1] = "collective"
    assert ok(book(sheets)).scenario.settings.organisation_category == "collective"


def test_categories_sheet_defaults_and_checks() -> None:
    cats = [["categorie", "omschrijving", "min_privaat_aandeel", "max_per_terrein_jaar_eur",
             "vereist_gebiedsteam", "impact_energie"],
            ["organisation", "Org", 0.25, None, "nee", 1],
            ["grote_projecten", None, 0.96, 100_000, "ja", -1],
            ["organisation", "dubbel", 0.2, None, None, 0]]
    issues = errors(book({**base_sheets(), "categorieen": cats}))
    assert [(i.row, i.column) for i in issues] == [
        (3, "min_privaat_aandeel"), (3, "impact_energie"), (4, "categorie")]
    assert "at most 0.95" in issues[0].message_en
    assert "already appears in row 2" in issues[2].message_en
    cats = cats[:2]
    sc = ok(book({**base_sheets(), "categorieen": cats})).scenario
    (c,) = sc.categories
    assert c.label == "Org" and c.max_per_park_year_eur is None and c.impact_cooperation == 0


def test_returns_rules_in_user_words() -> None:
    rows = [["tot_aandeel", "factor"], [0.3, 1.0], [0.2, 1.2], [None, 0.5], [0.9, 0.1]]
    issues = errors(book({**base_sheets(), "rendement": rows}))
    msgs = [(i.row, i.message_en) for i in issues]
    assert (3, "Bounds must strictly increase: 0.2 is not greater than 0.3 in row 2.") in msgs
    assert any(r == 3 and "multiplier may not increase" in m for r, m in msgs)
    assert (4, "Only the last row may have a blank bound.") in msgs
    assert any(r == 5 and "must have a blank bound" in m for r, m in msgs)
    rows = [["up_to_share", "multiplier"], [0.25, 1], [None, 0.5]]
    sc = ok(book({**base_sheets(), "returns": rows})).scenario
    assert [(r.up_to_share, r.multiplier) for r in sc.returns] == [(0.25, 1), (None, 0.5)]


def test_every_problem_is_reported_at_once() -> None:
    sheets = base_sheets()
    sheets["parks"][1][7] = 2  # share
    sheets["parks"][2][6] = 9  # level
    sheets["budget"][2][0] = 2029  # gap
    sheets["settings"] = [["key", "value"], ["bogus", 1]]
    issues = errors(book(sheets))
    assert len(issues) == 4
    assert {i.sheet for i in issues} == {"parks", "budget", "settings"}


def test_translate_pydantic_errors_into_user_words() -> None:
    from pydantic import ValidationError

    from allocation.domain import Park

    with pytest.raises(ValidationError) as info:
        Park(park_id="A", name="x", municipality="m", area_ha=-1, companies=1, jobs=1,
             organisation_level=1, draagvlak=0.5, private_capacity_eur=0,
             potential_energy=0, potential_circularity=0, potential_economy=0,
             potential_cooperation=0)
    (issue,) = translate(info.value, "terreinen", 7, {"area_ha": "oppervlakte_ha"})
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "terreinen", 7, "oppervlakte_ha", "-1")
    assert issue.message_nl.startswith("Waarde niet geaccepteerd")


# -- refusals before parsing ----------------------------------------------------------------
def refused(data: bytes) -> str:
    start = time.perf_counter()
    issue = one_error(data)
    assert time.perf_counter() - start < 5
    return issue.message_en


def test_empty_file() -> None:
    assert "empty" in refused(b"")


def test_over_twenty_megabytes(tmp_path: Path) -> None:
    big = b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES
    assert "limit is 20 MB" in refused(big)
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:  # sparse: refused from its size, never read
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert "20 MB" in info.value.issues[0].message_en


def test_csv_is_refused_saying_what_it_is() -> None:
    msg = refused(b"terrein_id;naam\nA;De Kolk\n")
    assert "CSV" in msg and "save it as an Excel workbook" in msg


def test_random_bytes_refused() -> None:
    import random

    data = bytes(random.Random(1).randrange(256) for _ in range(5000))
    assert "unknown binary file" in refused(b"\x00\x01" + data)


def test_html_and_pdf_refused() -> None:
    assert "HTML" in refused(b"<html><table><tr><td>1</td></tr></table></html>")
    assert "PDF" in refused(b"%PDF-1.7\n...")


def test_old_xls_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "Workbook".encode("utf-16-le")
    msg = refused(ole + b"\0" * 1000)
    assert ".xls" in msg and "save it as an Excel workbook (.xlsx)" in msg


def test_encrypted_workbook_refused() -> None:
    ole = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode(
        "utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000)
    msg = refused(ole)
    assert "encrypted with a password" in msg and "remove the password" in msg


def test_truncated_download_refused() -> None:
    data = book(base_sheets())
    assert "damaged or incomplete" in refused(data[: len(data) // 2])
    assert "damaged or incomplete" in refused(data[:100])


def test_corrupted_part_refused() -> None:
    data = bytearray(book(base_sheets()))
    # flip bytes in the middle of the compressed data: CRC or inflate error
    mid = len(data) // 3
    data[mid:mid + 40] = bytes(40)
    msg = refused(bytes(data))
    assert "damaged" in msg or "cannot be read" in msg


def test_ods_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    msg = refused(buf.getvalue())
    assert "OpenDocument spreadsheet (.ods" in msg and "Save as" in msg


def test_other_zip_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    assert "Word document" in refused(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    assert "a zip archive, not an Excel workbook" in refused(buf.getvalue())


def test_zip_bomb_by_declared_size_refused() -> None:
    data = bytearray(book(base_sheets()))
    # Lie in the central directory: one part claims to inflate to 300 MB.
    pos = data.find(b"PK\x01\x02")
    data[pos + 24:pos + 28] = (300 * 1024 * 1024).to_bytes(4, "little")
    assert "inflates to an unreasonable size" in refused(bytes(data))


def test_zip_bomb_by_ratio_refused() -> None:
    import tracemalloc

    data = book(base_sheets())
    part = sheet_part(data, "parks")
    padding = b"<!-- " + b"0" * (60 * 1024 * 1024) + b" -->"
    bomb = patch_part(data, part, lambda x: x.replace(b"<sheetData>", padding + b"<sheetData>"))
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    try:
        msg = refused(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "inflates to an unreasonable size" in msg
    assert peak < 20 * 1024 * 1024


def test_xml_entity_declarations_refused() -> None:
    data = book(base_sheets())
    part = sheet_part(data, "parks")
    evil = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            b'"&lol;&lol;&lol;&lol;">]>')
    bomb = patch_part(data, part, lambda x: evil + x.split(b"?>", 1)[-1] if x.startswith(
        b"<?xml") else evil + x)
    assert "DOCTYPE/ENTITY" in refused(bomb)
    # also in a part openpyxl reads first, and behind 100 kB of white space
    late = patch_part(data, "xl/workbook.xml",
                      lambda x: b" " * 100_000 + b"<!ENTITY x 'y'>" + x)
    assert "DOCTYPE/ENTITY" in refused(late)


def test_macro_enabled_workbook_read_for_data_only() -> None:
    data = book(base_sheets())
    ct = "[Content_Types].xml"
    xlsm = patch_part(data, ct, lambda x: x.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsm)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba")
    sc = ok(buf.getvalue()).scenario
    assert [p.park_id for p in sc.parks] == ["A", "B"]


# -- writers --------------------------------------------------------------------------------
def test_template_reads_back_with_exactly_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    data = write_template(path)
    assert path.read_bytes() == data
    with pytest.raises(WorkbookError) as info:
        read_workbook(data)
    (issue,) = info.value.issues
    assert info.value.warnings == []
    assert issue.sheet == "terreinen"
    assert issue.message_nl.startswith("Blad 'terreinen' bevat geen terreinen")
    assert issue.message_en.startswith("Sheet 'terreinen' has no parks")


def test_template_layout() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_template()))
    assert wb.sheetnames == ["terreinen", "budget", "categorieen", "rendement",
                             "instellingen", "toelichting"]
    ws = wb["terreinen"]
    assert [c.value for c in ws[1]][:3] == ["terrein_id", "naam", "gemeente"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.column_dimensions["B"].width >= 30
    rules = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2)
             for dv in ws.data_validations.dataValidation}
    headers = [c.value for c in ws[1]]
    col = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers)}
    assert rules[f"{col['strategisch']}2:{col['strategisch']}10001"] == ("list", '"ja,nee"', None)
    assert rules[f"{col['organisatiegraad']}2:{col['organisatiegraad']}10001"] == (
        "whole", "0", "4")
    assert rules[f"{col['draagvlak']}2:{col['draagvlak']}10001"] == ("decimal", "0", "1")
    assert wb["categorieen"]["A2"].value == "organisation"
    assert wb["budget"]["B2"].number_format == '"€ "#,##0'
    settings = {r[0].value: r[1].value for r in wb["instellingen"].iter_rows(min_row=2)}
    assert settings["weight_energy"] == 0.3 and settings["carry_over"] == "nee"
    text = " ".join(str(c.value) for row in wb["toelichting"].iter_rows() for c in row if c.value)
    for spec in wb_mod.SHEETS:
        for c in spec.columns:
            assert c.nl in text, c.nl
    for key in wb_mod.SETTING_SPECS:
        assert key in text


def test_scenario_round_trip(small_scenario: Scenario, worked_example: Scenario) -> None:
    for scenario in (small_scenario, worked_example):
        loaded = read_workbook(write_scenario(scenario))
        assert loaded.warnings == []
        assert loaded.scenario.model_dump(exclude={"source"}) == scenario.model_dump(
            exclude={"source"})
        assert loaded.scenario.content_hash() == scenario.content_hash()


def test_scenario_round_trip_with_non_default_assumptions(small_scenario: Scenario) -> None:
    from allocation.domain import Category, ReturnSegment

    changed = small_scenario.with_changes(
        categories=[c.model_dump() for c in small_scenario.categories] + [Category(
            category="energie-hub", label="", min_private_share=0.0,
            max_per_park_year_eur=12_345.67).model_dump()],
        returns=[ReturnSegment(up_to_share=0.1, multiplier=1.0).model_dump(),
                 ReturnSegment(up_to_share=None, multiplier=0.0).model_dump()],
    ).with_settings(carry_over=True, organisation_category="energie-hub",
                    weight_economy=0.0, max_municipality_share=0.35, capacity_growth=1.25)
    back = read_workbook(write_scenario(changed)).scenario
    assert back.model_dump(exclude={"source"}) == changed.model_dump(exclude={"source"})


RISKY = ["=HYPERLINK(\"http://x\",\"klik\")", "+31 6 1234", "-5 korting", "@SUM(A1:A2)",
         "=1+1", "=", "-"]


def test_formula_injection_safe_and_text_kept(small_scenario: Scenario) -> None:
    parks = list(small_scenario.parks)
    for i, text in enumerate(RISKY[:3]):
        parks[i] = parks[i].model_copy(update={"name": text, "municipality": RISKY[3 + i],
                                               "region": RISKY[-1]})
    scenario = small_scenario.with_changes(parks=[p.model_dump() for p in parks])
    data = write_scenario(scenario)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read(sheet_part(data, "terreinen"))
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    ws = openpyxl.load_workbook(io.BytesIO(data))["terreinen"]
    for row in ws.iter_rows(min_row=2, max_col=4):
        for cell in row[1:]:
            assert cell.data_type == "s"
            if str(cell.value).startswith(("=", "+", "-", "@")):
                assert cell.quotePrefix
    back = read_workbook(data).scenario
    assert [(p.name, p.municipality, p.region) for p in back.parks] == [
        (p.name, p.municipality, p.region) for p in scenario.parks]


def test_write_table_handles_tabs_cr_and_illegal_characters() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    wb_mod.write_table(ws, ["tekst"], [["\tsom"], ["\r=1"], ["a\x01b"], [float("nan")], [True]])
    assert [ws.cell(row=r, column=1).data_type for r in (2, 3)] == ["s", "s"]
    assert ws["A2"].quotePrefix and ws["A3"].quotePrefix
    assert ws["A4"].value == "ab" and ws["A5"].value is None and ws["A6"].value == "ja"


def hand_result(scenario: Scenario) -> AllocationResult:
    """A result as `solve` would fill it, built by hand (write_results must not need solve)."""
    alloc = pd.DataFrame([
        {"park_id": "P1", "category": "organisation", "year": 2026, "public_eur": 40_000.0,
         "private_eur": 13_333.33},
        {"park_id": "P1", "category": "collective", "year": 2027, "public_eur": 50_000.0,
         "private_eur": 50_000.0},
        {"park_id": "P3", "category": "organisation", "year": 2026, "public_eur": 9_000.0,
         "private_eur": 3_000.0},
    ])
    by_year = pd.DataFrame({
        "year": scenario.years, "budget_eur": [b.budget_eur for b in scenario.budget],
        "public_eur": [49_000.0, 50_000.0, 0.0], "private_eur": [16_333.33, 50_000.0, 0.0],
        "unallocated_eur": [71_000.0, 50_000.0, 100_000.0], "shadow_price": [0.0, 0.25, 0.0],
    })
    by_park = pd.DataFrame([{
        "park_id": p.park_id, "name": p.name, "municipality": p.municipality,
        "region": p.region, "strategic": p.strategic,
        "organisation_level": p.organisation_level, "draagvlak": p.draagvlak,
        "private_capacity_eur": p.private_capacity_eur, "latitude": p.latitude,
        "longitude": p.longitude, "public_eur": pub, "private_eur": pub / 3,
        "value_points": pub / 1000, "eligible": True, "code": code,
        "explanation_nl": f"=uitleg {p.park_id}", "explanation_en": f"explanation {p.park_id}",
    } for p, pub, code in zip(scenario.parks, (90_000.0, 0.0, 9_000.0),
                              ("absorption", "outcompeted", "private_capacity"), strict=True)])
    explanations = {
        r.park_id: ParkExplanation(r.park_id, r.code, f"Uitleg {r.park_id}",
                                   f"Explanation {r.park_id}", {"x": 1.0},
                                   "Meer draagkracht", "More capacity")
        for r in by_park.itertuples()
    }
    return AllocationResult(
        status="optimal", message_nl="Optimale verdeling gevonden.",
        message_en="Optimal allocation found.", objective=123.4567, allocation=alloc,
        by_year=by_year,
        by_category=pd.DataFrame({"category": ["organisation", "collective"],
                                  "label": ["Org", "Coll"], "public_eur": [49_000.0, 50_000.0],
                                  "private_eur": [16_333.33, 50_000.0],
                                  "value_points": [100.0, 23.4567]}),
        by_municipality=pd.DataFrame({"municipality": ["Lindenhoven", "Veldrecht"],
                                      "public_eur": [90_000.0, 9_000.0],
                                      "private_eur": [63_333.33, 3_000.0],
                                      "parks_funded": [1, 1]}),
        by_region=pd.DataFrame({"region": ["Noord", "Zuid"], "public_eur": [90_000.0, 9_000.0],
                                "private_eur": [63_333.33, 3_000.0], "parks_funded": [1, 1]}),
        by_park=by_park,
        value_by_goal={"energy": 40.0, "circularity": 20.0, "economy": 30.0,
                       "cooperation": 33.4567},
        budget_shadow_price={2026: 0.0, 2027: 0.25, 2028: 0.0},
        explanations=explanations, diagnosis=None,
        timings={"read": 0.01, "build": 0.02, "solve": 0.123, "extract": 0.0, "explain": 0.0},
        time_limit_s=60.0, tie_break_rule_nl="Bij gelijke waarde: de minste euro's.",
        tie_break_rule_en="At equal value: the fewest euros.",
    )


def test_results_workbook(small_scenario: Scenario, tmp_path: Path) -> None:
    result = hand_result(small_scenario)
    path = tmp_path / "resultaten.xlsx"
    data = write_results(small_scenario, result, path)
    assert path.read_bytes() == data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "samenvatting", "verdeling", "per_terrein", "per_gemeente", "per_categorie", "per_jaar",
        "toelichting_terreinen", "terreinen", "budget", "categorieen", "rendement",
        "instellingen", "toelichting"]
    summary = {r[0].value: r[1].value for r in wb["samenvatting"].iter_rows(min_row=2)}
    assert summary["Status"] == "optimaal"
    assert summary["Waardepunten (doelfunctie)"] == 123.4567
    assert summary["Toegekend publiek geld"] == 99_000
    assert summary["Niet toegekend budget"] == 320_000 - 99_000
    assert summary["Rekentijd solver (seconden)"] == 0.123
    assert summary["Regel bij gelijke uitkomsten"] == "Bij gelijke waarde: de minste euro's."
    assert summary["Aanname: discontovoet"] == 0.03
    ws = wb["verdeling"]
    assert [c.value for c in ws[1]] == ["terrein_id", "naam", "gemeente", "categorie",
                                        "omschrijving", "jaar", "publiek_eur", "privaat_eur"]
    assert ws.max_row == 4 and ws.freeze_panes == "A2"
    assert ws["A2"].value == "P1" and ws["B2"].value == "Bedrijvenpark De Kolk"
    assert ws["G2"].number_format == '"€ "#,##0'
    per_jaar = [[c.value for c in r] for r in wb["per_jaar"].iter_rows()]
    assert per_jaar[0][-2:] == ["niet_toegekend_eur", "schaduwprijs_punten_per_1000_eur"]
    assert per_jaar[2][-1] == 0.25
    per_terrein = wb["per_terrein"]
    assert per_terrein["O2"].value if per_terrein.max_column >= 15 else True
    explanation_cells = [c for c in per_terrein[2] if str(c.value).startswith("=uitleg")]
    assert explanation_cells and explanation_cells[0].data_type == "s"
    toel = [[c.value for c in r] for r in wb["toelichting_terreinen"].iter_rows()]
    assert toel[1] == ["P1", "Bedrijvenpark De Kolk", "absorption", "Uitleg P1",
                       "Meer draagkracht", None, None, None, None, None]
    assert toel[0][5] == "waarde_per_1000_cofinanciering"
    assert wb["per_gemeente"]["A2"].value == "Lindenhoven"
    for ws in wb.worksheets:
        for letter, dim in ws.column_dimensions.items():
            assert 8 <= dim.width <= 100, (ws.title, letter)

    loaded = read_workbook(data)
    assert loaded.scenario.model_dump(exclude={"source"}) == small_scenario.model_dump(
        exclude={"source"})
    assert {w.sheet for w in loaded.warnings} == set(wb_mod.RESULT_SHEETS)
    assert all("Unknown sheet" in w.message_en for w in loaded.warnings)


def test_results_workbook_without_allocation(small_scenario: Scenario) -> None:
    from allocation.result import Diagnosis, Finding

    result = hand_result(small_scenario)
    empty = result.allocation.iloc[0:0]
    result.allocation = empty
    result.status = "infeasible"
    result.objective = None
    result.diagnosis = Diagnosis([Finding("budget", "2027: bodems vragen meer dan budget",
                                          "2027: floors need more than budget", 1000.0)], [])
    wb = openpyxl.load_workbook(io.BytesIO(write_results(small_scenario, result)))
    values = [r[1].value for r in wb["samenvatting"].iter_rows(min_row=2)]
    assert "onhaalbaar" in values and "2027: bodems vragen meer dan budget" in values
    assert wb["verdeling"].max_row == 1


def test_header_font_is_bold_everywhere(small_scenario: Scenario) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_results(small_scenario,
                                                         hand_result(small_scenario))))
    for ws in wb.worksheets:
        if ws.title == "toelichting":
            continue
        cell = ws["A1"]
        assert cell.font.bold and ws.freeze_panes == "A2", ws.title


def test_unexpected_failure_becomes_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: Any, ws: Any, spec: Any) -> None:
        raise KeyError("kapot")

    monkeypatch.setattr(wb_read.Reader, "table", boom)
    issue = one_error(book(base_sheets()))
    assert "could not be read completely (KeyError" in issue.message_en
    assert "kon niet volledig worden gelezen" in issue.message_nl


def test_accented_sheet_name_and_inner_spaces() -> None:
    cats = [["Categorie", "Min privaat aandeel"], ["organisation", 0.3]]
    sc = ok(book({**base_sheets(), "Categorieën": cats})).scenario
    assert [(c.category, c.min_private_share) for c in sc.categories] == [("organisation", 0.3)]


def test_demo_and_generated_workbooks_read_the_same_three_ways() -> None:
    """The shipped demo and a generated 300-park workbook through all three readers."""
    from benchmarks.generate import generate_scenario

    demo = (Path(__file__).resolve().parent.parent / "data" / "demo.xlsx").read_bytes()
    assert len(read_three_ways(demo).scenario.parks) == 120
    generated = generate_scenario(300, 10, seed=3)
    loaded = read_three_ways(write_scenario(generated))
    assert loaded.scenario.model_dump(exclude={"source"}) == generated.model_dump(
        exclude={"source"})
