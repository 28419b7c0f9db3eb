"""Valid but unusual packages (issue 28, item 4): the workbook part outside `xl/`, every part at
the archive root, backslashes in the zip member names, part names in another case, and a minimal
package. Each is made here from the demo workbook (written by the project's template writer),
re-packaged with zipfile: the parts are renamed and every relationship target and content type
rewritten to match, as a writer that lays out its packages that way would. Each must read to
the same scenario as the original on both paths of the app's reader, and python-calamine must
read it too, to the same cells (it is valid), except a workbook part not named `workbook.xml`,
which python-calamine 0.9.1 does not open (valid by OPC all the same)."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

import allocation.workbook.fastgrid as fastgrid
from allocation.demo import make_demo_scenario, write_demo
from allocation.domain import LoadedWorkbook
from allocation.workbook import write_scenario
from allocation.workbook.read import read_bytes
from tests.test_workbook_real_files import refusal, shared_strings_book
from tests.workbook_oracle import read_three_ways

NS = "http://schemas.openxmlformats.org/"
TARGET = re.compile(rb'(<Relationship\b[^>]*?\bTarget=")([^"]*)("[^>]*>)')
PART_NAME = re.compile(rb'(\bPartName=")([^"]*)(")')


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    return out.getvalue()


def source_of(rels_name: str) -> str:
    """The part whose relationships `rels_name` holds ('' for the package)."""
    folder, _sep, base = rels_name.rpartition("/")
    owner_folder = folder.removesuffix("_rels").rstrip("/")
    owner = base.removesuffix(".rels")
    return posixpath.join(owner_folder, owner) if owner else ""


def repackage(data: bytes, rename: Callable[[str], str], *, absolute: bool = False,
              sep: str = "/") -> bytes:
    """`data` with every part renamed by `rename` (given and giving '/'-separated names), the
    relationship parts moved with their parts and every internal target and content-type part
    name rewritten to the new names (relative targets, or absolute with `absolute`), the zip
    members written with `sep` between folders."""
    old = parts_of(data)
    out: dict[str, bytes] = {}
    for name, content in old.items():
        if name.endswith(".rels"):
            source = source_of(name)
            new_source = rename(source) if source else ""
            new_name = posixpath.join(posixpath.dirname(new_source), "_rels",
                                      posixpath.basename(new_source) + ".rels") \
                if source else "_rels/.rels"

            def retarget(m: re.Match[bytes], source: str = source,
                         new_source: str = new_source) -> bytes:
                if b'TargetMode="External"' in m.group(0):
                    return m.group(0)
                target = m.group(2).decode()
                if target.startswith("/"):
                    part = target.lstrip("/")
                else:
                    part = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
                new = rename(part)
                written = "/" + new if absolute else posixpath.relpath(
                    new, posixpath.dirname(new_source) or ".")
                return m.group(1) + written.encode() + m.group(3)

            content = TARGET.sub(retarget, content)
        elif name == "[Content_Types].xml":
            new_name = name
            content = PART_NAME.sub(lambda m: m.group(1) + b"/" + rename(
                m.group(2).decode().lstrip("/")).encode() + m.group(3), content)
        else:
            new_name = rename(name)
        out[new_name.replace("/", sep)] = content
    return zipped(out)


def in_wb(name: str) -> str:
    """The workbook and its parts in `wb/` instead of `xl/`."""
    return "wb/" + name.removeprefix("xl/") if name.startswith("xl/") else name


def moved(name: str) -> str:
    """As `in_wb`, the workbook part itself named `wb/book.xml`."""
    return "wb/book.xml" if name == "xl/workbook.xml" else in_wb(name)


def deep(name: str) -> str:
    """The workbook part as `foo/bar/wb.xml`, its parts where they were."""
    return "foo/bar/wb.xml" if name == "xl/workbook.xml" else name


def at_root(name: str) -> str:
    return posixpath.basename(name)


def upper_case(data: bytes) -> bytes:
    """Zip member names in another case than the relationships and content types write them."""
    return zipped({n if n.startswith("[") else n.upper(): c for n, c in parts_of(data).items()})


NEEDED = re.compile(r"\[Content_Types\]\.xml|_rels/\.rels|xl/workbook\.xml|"
                    r"xl/_rels/workbook\.xml\.rels|xl/worksheets/sheet\d+\.xml|xl/sharedStrings\.xml")


CELL_REF = re.compile(rb'<c r="([A-Z]+)\d+"')


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def without_cell_references(row: re.Match[bytes]) -> bytes:
    """A row's cells without their optional `r` wherever it follows from the cell before."""
    last = 0

    def cell(m: re.Match[bytes]) -> bytes:
        nonlocal last
        col = column_number(m.group(1))
        inferred = col == last + 1
        last = col
        return b"<c" if inferred else m.group(0)

    return CELL_REF.sub(cell, row.group(0))


def minimal(data: bytes) -> bytes:
    """Only the parts a reader needs: no styles (so no cell style either), theme or
    properties; the relationships and content types name only what is left; a cell's
    reference left out where the one before it implies it (ECMA-376 18.3.1.4 allows that)."""
    parts = {n: c for n, c in parts_of(data).items() if NEEDED.fullmatch(n)}
    for name, content in parts.items():
        if name.startswith("xl/worksheets/"):
            content = re.sub(rb' s="\d+"', b"", content)
            parts[name] = re.sub(rb"<row\b.*?</row>", without_cell_references, content,
                                 flags=re.S)
    kept = {n.encode() for n in parts}

    def named(m: re.Match[bytes]) -> bool:
        target = m.group(2).lstrip(b"/")
        return target in kept or b"xl/" + target in kept

    for name in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):
        parts[name] = TARGET.sub(lambda m: m.group(0) if named(m) else b"", parts[name])
    parts["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/([^"]*)"[^>]*/>',
        lambda m: m.group(0) if m.group(1) in kept else b"", parts["[Content_Types].xml"])
    return zipped(parts)


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo workbook with its monitoring sheets (dates: cell styles found through the
    workbook's relationships) and its texts in a shared-strings table, as Excel keeps them."""
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    write_demo(path)
    return shared_strings_book(path.read_bytes())


@pytest.fixture(scope="module")
def demo_inline() -> bytes:
    """The demo workbook as the template writer makes it (texts inline, no monitoring)."""
    return write_scenario(make_demo_scenario())


def test_the_originals_read_the_same_three_ways(demo: bytes, demo_inline: bytes) -> None:
    """The originals, against which every layout is compared, read as the openpyxl reference
    reads them (openpyxl itself cannot open most of the layouts below)."""
    assert read_three_ways(demo).monitoring is not None
    assert len(read_three_ways(demo_inline).scenario.parks) == 120


def read_both(data: bytes) -> LoadedWorkbook:
    """The app's reader (python-calamine where exact) and its expat path agree; the reading."""
    fast, slow = read_bytes(data, ""), read_bytes(data, "", fast=False)
    assert fast.scenario == slow.scenario and fast.monitoring == slow.monitoring
    assert fast.warnings == slow.warnings
    return fast


def assert_same_reading(variant: bytes, original: bytes) -> None:
    a, b = read_both(variant), read_both(original)
    assert a.scenario == b.scenario
    assert a.monitoring == b.monitoring
    assert a.warnings == b.warnings
    assert len(a.scenario.parks) == 120


def calamine_sheets(data: bytes) -> dict[str, Any]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def member_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()


# -- the layouts ------------------------------------------------------------------------------
LAYOUTS: dict[str, Callable[[bytes], bytes]] = {
    "workbook part in wb/, relative targets": lambda d: repackage(d, in_wb),
    "workbook part in wb/, absolute targets": lambda d: repackage(d, in_wb, absolute=True),
    "every part at the archive root": lambda d: repackage(d, at_root),
    "backslash separators": lambda d: repackage(d, lambda n: n, sep="\\"),
    "backslashes, every part at the root": lambda d: repackage(d, at_root, sep="\\"),
    "member names in upper case": upper_case,
}
# Valid by OPC as well, but python-calamine (0.9.1) reads a workbook part only when it is named
# `workbook.xml`: on these the reader's fast path finds calamine failing and the sheets go
# through expat.
RENAMED_LAYOUTS: dict[str, Callable[[bytes], bytes]] = {
    "workbook part wb/book.xml": lambda d: repackage(d, moved),
    "workbook part wb/book.xml, absolute targets": lambda d: repackage(d, moved, absolute=True),
    "workbook part foo/bar/wb.xml, its parts in xl/": lambda d: repackage(d, deep),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_unusual_but_valid_package_reads_as_the_original(demo: bytes, layout: str) -> None:
    variant = LAYOUTS[layout](demo)
    assert "xl/workbook.xml" not in member_names(variant)
    assert_same_reading(variant, demo)
    # valid: python-calamine reads the same sheets with the same cells
    assert calamine_sheets(variant) == calamine_sheets(demo)


@pytest.mark.parametrize("layout", list(RENAMED_LAYOUTS))
def test_workbook_part_of_another_name_is_found_through_the_relationships(
        demo: bytes, layout: str) -> None:
    variant = RENAMED_LAYOUTS[layout](demo)
    assert not any(n.endswith("workbook.xml") for n in member_names(variant))
    assert_same_reading(variant, demo)


@pytest.mark.parametrize("rename", [in_wb, moved], ids=["wb/workbook.xml", "wb/book.xml"])
def test_another_workbook_in_xl_is_not_read_in_its_place(
        demo_inline: bytes, rename: Callable[[str], str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The package relationships name the workbook in `wb/`; a stray `xl/workbook.xml` with
    sheets of the same names but other parks stays unread, on the fast path (python-calamine
    follows the package relationships too) as on the expat path."""
    variant = parts_of(repackage(demo_inline, rename))
    for name, content in parts_of(demo_inline).items():
        if name.startswith("xl/"):
            variant[name] = content.replace(b"Bedrijvenpark", b"Anderpark")
    assert b"Anderpark" in variant["xl/worksheets/sheet1.xml"]
    data = zipped(variant)
    if rename is in_wb:
        assert "terreinen" in fast_sheets(data, monkeypatch)
    assert_same_reading(data, demo_inline)


@pytest.mark.parametrize("root", [False, True], ids=["in xl/", "at the root"])
@pytest.mark.parametrize("shared", [False, True], ids=["inline texts", "shared strings"])
def test_minimal_package_reads_as_the_original(demo_inline: bytes, shared: bool,
                                               root: bool) -> None:
    """No styles, theme or properties: the demo without monitoring, which has no dates that
    only a cell style makes dates."""
    original = shared_strings_book(demo_inline) if shared else demo_inline
    variant = minimal(original)
    if root:
        variant = repackage(variant, at_root)
    assert_same_reading(variant, original)
    assert calamine_sheets(variant) == calamine_sheets(original)


def fast_sheets(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheets that the app's reader takes from python-calamine when it reads `data`."""
    titles: list[str] = []
    grid = fastgrid.CalamineReader.grid

    def spy(self: fastgrid.CalamineReader, entry: fastgrid.SheetEntry,
            max_rows: int) -> fastgrid.Grid | None:
        out = grid(self, entry, max_rows)
        if out is not None:
            titles.append(entry.title)
        return out

    with monkeypatch.context() as patch:
        patch.setattr(fastgrid.CalamineReader, "grid", spy)
        read_bytes(data, "")
    return titles


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_unusual_package_of_inline_texts_reads_as_the_original_on_the_fast_path(
        demo_inline: bytes, layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The template's own texts (inline), through the python-calamine fast path, which must be
    taken for the sheets (it reads these packages too) and give what the expat path gives."""
    variant = LAYOUTS[layout](demo_inline)
    assert fast_sheets(demo_inline, monkeypatch)  # the check can tell
    assert "terreinen" in fast_sheets(variant, monkeypatch)
    assert_same_reading(variant, demo_inline)
    assert calamine_sheets(variant) == calamine_sheets(demo_inline)


def test_layouts_are_what_they_say(demo: bytes) -> None:
    """The fixtures themselves: where the parts went, and what the relationships say."""
    names = member_names(RENAMED_LAYOUTS["workbook part wb/book.xml"](demo))
    assert "wb/book.xml" in names and "wb/_rels/book.xml.rels" in names
    assert not any(n.startswith("xl/") for n in names)
    moved_rels = parts_of(RENAMED_LAYOUTS["workbook part wb/book.xml"](demo))
    assert b'Target="wb/book.xml"' in moved_rels["_rels/.rels"]
    assert b'Target="worksheets/sheet1.xml"' in moved_rels["wb/_rels/book.xml.rels"]
    far = parts_of(RENAMED_LAYOUTS["workbook part foo/bar/wb.xml, its parts in xl/"](demo))
    assert b'Target="../../xl/worksheets/sheet1.xml"' in far["foo/bar/_rels/wb.xml.rels"]
    root = LAYOUTS["every part at the archive root"](demo)
    assert all("/" not in n or n.startswith("_rels/") for n in member_names(root))
    assert b'Target="workbook.xml"' in parts_of(root)["_rels/.rels"]
    back = member_names(LAYOUTS["backslash separators"](demo))
    assert "xl\\worksheets\\sheet1.xml" in back and "_rels\\.rels" in back
    small = parts_of(minimal(demo))
    assert sorted(n for n in small if not n.startswith("xl/worksheets/")) == [
        "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml", "xl/workbook.xml"]
    assert b"styles" not in small["xl/_rels/workbook.xml.rels"]
    sheets = [c for n, c in small.items() if n.startswith("xl/worksheets/")]
    assert not any(b' s="' in c for c in sheets)
    assert sum(c.count(b"<c>") + c.count(b"<c t=") for c in sheets) > 1000  # no reference


def test_workbook_found_through_content_types_when_the_package_relationship_is_missing(
        demo_inline: bytes) -> None:
    """A package whose `_rels/.rels` does not name the workbook: its content type does."""
    variant = repackage(demo_inline, moved)
    parts = parts_of(variant)
    parts["_rels/.rels"] = re.sub(rb"<Relationship [^>]*officeDocument\"[^>]*/>", b"",
                                  parts["_rels/.rels"])
    assert b"book.xml" not in parts["_rels/.rels"]
    assert_same_reading(zipped(parts), demo_inline)


# -- what still is no workbook ---------------------------------------------------------------
def test_a_zip_that_is_no_workbook_is_still_refused_in_words(demo_inline: bytes) -> None:
    plain = zipped({"readme.txt": b"hallo", "data/book.xml": b"<book/>"})
    assert "een zip-archief, geen Excel-werkmap" in refusal(plain)
    # a package whose main part is a Word document, moved out of word/ as well
    word = zipped({
        "[Content_Types].xml": b'<Types xmlns="%spackage/2006/content-types"><Default '
        b'Extension="xml" ContentType="application/xml"/><Override PartName="/doc/main.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        b'document.main+xml"/></Types>' % NS.encode(),
        "_rels/.rels": b'<Relationships xmlns="%spackage/2006/relationships"><Relationship '
        b'Id="rId1" Type="%sofficeDocument/2006/relationships/officeDocument" '
        b'Target="doc/main.xml"/></Relationships>' % (NS.encode(), NS.encode()),
        "doc/main.xml": b'<w:document xmlns:w="%swordprocessingml/2006/main"/>' % NS.encode(),
    })
    assert "geen Excel-werkmap" in refusal(word)
    # the relationships name a workbook part the package does not hold
    parts = parts_of(repackage(demo_inline, moved))
    del parts["wb/book.xml"]
    assert "een zip-archief, geen Excel-werkmap" in refusal(zipped(parts))
    # an XML part that the package relationships name, but no workbook, its content type
    # saying only "XML"
    parts = parts_of(repackage(demo_inline, moved))
    parts["[Content_Types].xml"] = re.sub(rb'<Override PartName="/wb/book.xml"[^>]*/>', b"",
                                          parts["[Content_Types].xml"])
    parts["wb/book.xml"] = b"<notes><p>geen werkmap</p></notes>"
    assert "geen Excel-werkmap" in refusal(zipped(parts))


def test_binary_workbook_named_by_the_relationships_is_called_xlsb() -> None:
    xlsb = zipped({
        "[Content_Types].xml": b'<Types xmlns="%spackage/2006/content-types"><Override '
        b'PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.'
        b'macroEnabled.main"/></Types>' % NS.encode(),
        "_rels/.rels": b'<Relationships xmlns="%spackage/2006/relationships"><Relationship '
        b'Id="rId1" Type="%sofficeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.bin"/></Relationships>' % (NS.encode(), NS.encode()),
        "xl/workbook.bin": b"\x83\x01\x00",
    })
    assert "binaire Excel-werkmap (.xlsb)" in refusal(xlsb)


def test_entity_declaration_in_moved_package_relationships_is_refused_as_such(
        demo_inline: bytes) -> None:
    """Hostile XML in the relationships that lead to a moved workbook: refused for what it is,
    before any relationship is followed."""
    parts = parts_of(repackage(demo_inline, moved))
    parts["_rels/.rels"] = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "wb/book.xml">]>'
                            + parts["_rels/.rels"].replace(b'Target="wb/book.xml"',
                                                           b'Target="&a;"'))
    text = refusal(zipped(parts))
    assert "DOCTYPE/ENTITY" in text


def test_relationship_targets_resolve_as_opc_says() -> None:
    from allocation.workbook.opc import PartNames, rels_part, resolve

    assert resolve("xl/workbook.xml", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert resolve("xl/workbook.xml", "/xl/worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert resolve("wb/book.xml", "./ws/../ws/./s.xml") == "wb/ws/s.xml"
    assert resolve("foo/bar/wb.xml", "../../xl/styles.xml") == "xl/styles.xml"
    assert resolve("workbook.xml", "../../../sheet1.xml") == "sheet1.xml"  # not above the root
    assert resolve("", "wb\\book.xml") == "wb/book.xml"
    assert resolve("xl\\workbook.xml", "worksheets\\sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert rels_part("wb\\book.xml") == "wb/_rels/book.xml.rels"
    assert rels_part("workbook.xml") == "_rels/workbook.xml.rels"
    parts = PartNames(["XL\\Worksheets\\Sheet 1.xml", "xl/", "_rels/.rels"])
    assert parts.member("/xl/worksheets/sheet 1.xml") == "XL\\Worksheets\\Sheet 1.xml"
    assert parts.member("xl/worksheets/sheet%201.xml") == "XL\\Worksheets\\Sheet 1.xml"
    assert parts.member("xl") is None and parts.member("xl/worksheets/sheet2.xml") is None
