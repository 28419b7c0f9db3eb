"""Real files from real writers (issue 28): each workbook is made here, from the project's own
template written by openpyxl and rewritten part by part with zipfile (the XML that Excel or
XlsxWriter would write, typed in by hand; XlsxWriter itself is not installed)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest

from allocation.domain import Scenario, WorkbookError
from allocation.workbook import write_scenario
from allocation.workbook.read import read_bytes
from allocation.workbook.reference import read_workbook_reference
from tests.conftest import make_small_scenario
from tests.workbook_oracle import read_three_ways

EXCEPTION_NAMES = re.compile(r"Error\b|Exception|KeyError|IndexError|ExpatError|Traceback")


@pytest.fixture(scope="module")
def base() -> bytes:
    return write_scenario(make_small_scenario())


@pytest.fixture(scope="module")
def scenario(base: bytes) -> Scenario:
    return read_bytes(base, "").scenario


def rewrite(data: bytes, edit: Callable[[str, bytes], bytes | None],
            add: dict[str, bytes] | None = None,
            rename: Callable[[str], str] | None = None) -> bytes:
    """A copy of `data` with each part passed through `edit` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = edit(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(rename(info.filename) if rename else info.filename, content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def part_of(data: bytes, title: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    rid = re.search(rb'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % title.encode(), book)
    assert rid
    target = re.search(rb'<Relationship [^>]*Id="%s"[^>]*/>' % rid.group(1), rels)
    assert target
    found = re.search(rb'Target="([^"]+)"', target.group(0))
    assert found
    return "xl/" + found.group(1).decode().lstrip("/").removeprefix("xl/")


def same_data(a: Scenario, b: Scenario) -> bool:
    return a.model_dump(exclude={"source"}) == b.model_dump(exclude={"source"})


def refusal(data: bytes) -> str:
    """The one refusal of the app's reader, checked to be in words on every reading path."""
    messages = []
    for read in (lambda: read_bytes(data, ""), lambda: read_bytes(data, "", fast=False),
                 lambda: read_workbook_reference(data, "")):
        with pytest.raises(WorkbookError) as info:
            read()
        for issue in info.value.issues:
            assert not EXCEPTION_NAMES.search(issue.message_nl + issue.message_en), issue
        messages.append(info.value.issues[0])
    return messages[0].message_nl + " | " + messages[0].message_en


# -- 1. form controls: <xdr:col> in a control's anchor is not a column ----------------------
CONTROLS = (
    b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
    b'2006"><mc:Choice Requires="x14"><controls><mc:AlternateContent><mc:Choice Requires="x14">'
    b'<control shapeId="1025" r:id="rId9" name="Check Box 1"><controlPr defaultSize="0" '
    b'autoFill="0" autoLine="0" autoPict="0"><anchor moveWithCells="1"><from><xdr:col>20'
    b"</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>"
    b"</from><to><xdr:col>22</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row>"
    b"<xdr:rowOff>0</xdr:rowOff></to></anchor></controlPr></control></mc:Choice>"
    b"</mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>")
CTRL_PROP = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<formControlPr '
             b'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
             b'objectType="CheckBox" lockText="1"/>')


def with_form_controls(xml: bytes) -> bytes:
    xml = xml.replace(b"<worksheet ", b'<worksheet xmlns:r="http://schemas.openxmlformats.org/'
                      b'officeDocument/2006/relationships" xmlns:xdr="http://schemas.'
                      b'openxmlformats.org/drawingml/2006/spreadsheetDrawing" ', 1)
    xml = re.sub(rb"<cols>.*?</cols>", b'<cols><col min="2" max="2" width="9" hidden="1" '
                 b'customWidth="1"/></cols>', xml, flags=re.S)
    return xml.replace(b"</worksheet>", CONTROLS + b"</worksheet>")


def test_form_controls_with_hidden_column_formula_and_date_are_read(
        base: bytes, scenario: Scenario) -> None:
    parks, budget = part_of(base, "terreinen"), part_of(base, "budget")

    def edit(name: str, xml: bytes) -> bytes:
        if name == parks:
            xml = with_form_controls(xml)
            # a formula with its cached value, and a date in a column the reader does not know
            xml = re.sub(rb'<c r="G2"([^>]*)><v>([^<]*)</v></c>',
                         rb'<c r="G2"\1><f>34+1</f><v>\2</v></c>', xml)
            return xml.replace(b"</row>", b'<c r="Z1" t="inlineStr"><is><t>datum</t></is></c>'
                               b"</row>", 1).replace(
                b'<row r="2">', b'<row r="2"><c r="Z2" s="0" t="d"><v>2026-03-15</v></c>', 1)
        if name == budget:
            return with_form_controls(xml)
        if name == "xl/workbook.xml":  # saved by Excel: the cached results are calculated
            return xml.replace(b' fullCalcOnLoad="1"', b"")
        return xml

    data = rewrite(base, edit, add={"xl/ctrlProps/ctrlProp1.xml": CTRL_PROP})
    loaded = read_three_ways(data)
    assert same_data(loaded.scenario, scenario)
    assert any("Hidden columns" in w.message_en for w in loaded.warnings)


# -- 2. stale formula caches -----------------------------------------------------------------
def budget_formulas(base: bytes, calc_pr: bytes | None) -> bytes:
    """Budget amounts as XlsxWriter writes formulas: <f> with a cached <v>0</v>."""
    budget = part_of(base, "budget")

    def edit(name: str, xml: bytes) -> bytes:
        if name == budget:
            return re.sub(rb'<c r="B(\d+)"([^>]*)><v>[^<]*</v></c>',
                          rb'<c r="B\1"\2><f>60000*2</f><v>0</v></c>', xml)
        if name == "xl/workbook.xml" and calc_pr is not None:
            return re.sub(rb"<calcPr[^>]*/>", calc_pr, xml)
        return xml

    return rewrite(base, edit)


def test_xlsxwriter_formulas_with_cached_zero_are_refused_asking_to_recalculate(
        base: bytes) -> None:
    data = budget_formulas(base, b'<calcPr calcId="124519" fullCalcOnLoad="1"/>')
    with pytest.raises(WorkbookError) as info:
        read_three_ways(data)
    issues = info.value.issues
    assert [i.row for i in issues] == [2, 3, 4] and {i.column for i in issues} == {"budget_eur"}
    assert all("opnieuw berekenen" in i.message_nl and i.value == "=60000*2" for i in issues)
    assert "recalculate" in issues[0].message_en


def test_cached_zero_of_a_formula_in_a_money_column_is_warned_about(base: bytes) -> None:
    data = budget_formulas(base, b'<calcPr calcId="191029"/>')  # as Excel writes it
    loaded = read_three_ways(data)
    assert all(b.budget_eur == 0 for b in loaded.scenario.budget)
    (warning,) = [w for w in loaded.warnings if "formules" in w.message_nl]
    assert warning.column == "budget_eur" and "B2, B3, B4" in warning.message_nl
    assert "opnieuw berekenen" in warning.message_nl


def test_formula_with_a_true_cached_value_is_read_without_a_word(base: bytes) -> None:
    budget = part_of(base, "budget")
    data = rewrite(base, lambda n, c: re.sub(
        rb'<c r="B2"([^>]*)><v>([^<]*)</v></c>', rb'<c r="B2"\1><f>B3</f><v>\2</v></c>', c)
        if n == budget else c.replace(b'fullCalcOnLoad="1"', b"") if n == "xl/workbook.xml"
        else c)
    loaded = read_three_ways(data)
    assert not any("formul" in w.message_en for w in loaded.warnings)


# -- 3. damaged files described in words -----------------------------------------------------
def test_style_index_beyond_the_styles_is_described(base: bytes) -> None:
    parks = part_of(base, "terreinen")
    data = rewrite(base, lambda n, c: c.replace(b' s="1"', b' s="99"', 1) if n == parks else c)
    text = refusal(data)
    assert "beschadigd" in text and "opnieuw op" in text


def shared_strings_book(base: bytes) -> bytes:
    """`base` with its inline texts moved into a shared-strings table, as Excel stores them."""
    table: list[bytes] = []

    def share(m: re.Match[bytes]) -> bytes:
        table.append(m.group(2))
        return b'%s t="s"><v>%d</v></c>' % (m.group(1), len(table) - 1)

    def edit(name: str, xml: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t>'
                          rb"</is></c>", share, xml)
        return xml

    with zipfile.ZipFile(io.BytesIO(base)) as z:
        parts = {n: edit(n, z.read(n)) for n in z.namelist()}
    assert table
    ns = b"http://schemas.openxmlformats.org/"
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="%sspreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (
            ns, len(table), len(table))
        + b"".join(b"<si><t>%s</t></si>" % t for t in table) + b"</sst>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="%sofficeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % ns)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    return out.getvalue()


def test_missing_shared_string_and_missing_table_are_described(
        base: bytes, scenario: Scenario) -> None:
    data = shared_strings_book(base)
    assert same_data(read_three_ways(data).scenario, scenario)
    parks = part_of(data, "terreinen")
    beyond = rewrite(data, lambda n, c: re.sub(
        rb'(<c r="B2"[^>]*t="s"[^>]*><v>)\d+', rb"\g<1>99999", c) if n == parks else c)
    assert "gedeelde tekst" in refusal(beyond)
    no_table = rewrite(data, lambda n, c: None if n == "xl/sharedStrings.xml" else c)
    assert "gedeelde teksten" in refusal(no_table)


def test_utf16_xml_is_read_and_a_wrong_encoding_described(
        base: bytes, scenario: Scenario) -> None:
    parks = part_of(base, "terreinen")
    utf16 = rewrite(base, lambda n, c: ('<?xml version="1.0" encoding="UTF-16"?>'
                                        + c.decode()).encode("utf-16") if n == parks else c)
    assert same_data(read_three_ways(utf16).scenario, scenario)
    lying = rewrite(base, lambda n, c: ('<?xml version="1.0" encoding="UTF-8"?>'
                                        + c.decode()).encode("utf-16") if n == parks else c)
    text = refusal(lying)
    assert "tekencodering" in text and "UTF-16" in text


# -- 5. _xHHHH_ escapes decoded as Excel does -----------------------------------------------
def test_escaped_characters_are_decoded(base: bytes, scenario: Scenario) -> None:
    parks = part_of(base, "terreinen")
    name = scenario.parks[0].name.encode()
    data = rewrite(base, lambda n, c: c.replace(b">%s<" % name, b">Noord_x000D_\nZuid<", 1)
                   if n == parks else c)
    loaded = read_three_ways(data)
    assert loaded.scenario.parks[0].name == "Noord\r\nZuid"
    shared = shared_strings_book(data)  # the same text from the shared-strings table
    assert read_three_ways(shared).scenario.parks[0].name == "Noord\r\nZuid"


def test_escaped_underscore_keeps_the_escape_text() -> None:
    from allocation.workbook.sheetxml import unescape

    assert unescape("a_x005F_x000D_b") == "a_x000D_b"
    assert unescape("tab_x0009_") == "tab\t" and unescape("geen_xZZZZ_") == "geen_xZZZZ_"


# -- 6. wording: column names on one line, external links by their file ----------------------
def test_column_name_with_a_line_break_is_shown_on_one_line(base: bytes) -> None:
    parks = part_of(base, "terreinen")
    data = rewrite(base, lambda n, c: c.replace(b"<t>naam</t>", b"<t>onbekende\nkolom</t>", 1)
                   if n == parks else c)
    with pytest.raises(WorkbookError) as info:
        read_three_ways(data)
    assert any("'naam'" in i.message_nl for i in info.value.issues)
    (unknown,) = [w for w in info.value.warnings if "Onbekende kolom" in w.message_nl]
    assert unknown.column == "onbekende kolom" and "\n" not in unknown.message_nl


def test_external_link_is_named_by_its_target_file(base: bytes) -> None:
    ns = b"http://schemas.openxmlformats.org/"
    link = (b'<externalLink xmlns="%sspreadsheetml/2006/main" xmlns:r="%sofficeDocument/2006/'
            b'relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/>'
            b"</sheetNames></externalBook></externalLink>" % (ns, ns))
    link_rels = (b'<Relationships xmlns="%spackage/2006/relationships"><Relationship Id="rId1" '
                 b'Type="http://schemas.microsoft.com/office/2006/relationships/'
                 b'xlExternalLinkPath/xlPathMissing" Target="Begroting%%202027.xlsx" '
                 b'TargetMode="External"/></Relationships>' % ns)

    def edit(name: str, xml: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return xml.replace(b"</sheets>", b'</sheets><externalReferences><externalReference '
                               b'r:id="rIdX"/></externalReferences>')
        if name == "xl/_rels/workbook.xml.rels":
            return xml.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="%s'
                               b'officeDocument/2006/relationships/externalLink" '
                               b'Target="externalLinks/externalLink1.xml"/></Relationships>' % ns)
        return xml

    data = rewrite(base, edit, add={"xl/externalLinks/externalLink1.xml": link,
                                    "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})
    loaded = read_bytes(data, "")
    (warning,) = [w for w in loaded.warnings if "ander werkboek" in w.message_nl]
    assert "Begroting%202027.xlsx" in warning.message_nl
    assert "externalLink1.xml" not in warning.message_nl


# -- 6. an Excel table's totals row ----------------------------------------------------------
def test_totals_row_of_an_excel_table_is_skipped_in_one_line(
        base: bytes, scenario: Scenario) -> None:
    import openpyxl
    from openpyxl.worksheet.table import Table

    wb = openpyxl.load_workbook(io.BytesIO(base))
    ws = wb["budget"]
    last = ws.max_row
    ws.cell(last + 1, 1, "Totaal")
    ws.cell(last + 1, 2, sum(b.budget_eur for b in scenario.budget))
    ws.add_table(Table(displayName="Budget", ref=f"A1:B{last + 1}", totalsRowCount=1))
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    assert any(n.startswith("xl/tables/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    loaded = read_three_ways(data)
    assert same_data(loaded.scenario, scenario)
    (warning,) = [w for w in loaded.warnings if "totaalrij" in w.message_nl]
    assert warning.sheet == "budget" and warning.row == last + 1
