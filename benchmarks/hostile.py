"""Hostile but valid-looking workbooks, generated fast by writing the sheet XML directly.

Used by tests/test_upload_limits.py and benchmarks/bench_read.py. Each function returns the
bytes of an xlsx built on a small valid workbook (`base`), with one part added or replaced:

    extra_sheet(base, rows)              an extra sheet the app ignores, `rows` rows of numbers
    extra_sheet(base, rows, formula=True)  the same with one formula cell
    long_parks(base, rows)               the parks sheet continued to `rows` rows (an id each)
    huge_shared_strings(base, n)         a shared-strings table of `n` strings, the parks' texts last
    external_link(base)                  cached values from another workbook on a file server
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_CT = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_REL = REL_NS + b"/worksheet"


def _rewrite(base: bytes, edit: Callable[[str, bytes], bytes | None],
             add: dict[str, Callable[[], Iterator[bytes]]] | None = None) -> bytes:
    """Copy `base`, passing each part through `edit` (None drops it); stream in `add` parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            content = edit(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(info.filename, content)
        for name, chunks in (add or {}).items():
            with dst.open(name, "w", force_zip64=True) as fh:
                for chunk in chunks():
                    fh.write(chunk)
    return out.getvalue()


def _sheet_rows(first: int, last: int, cells: Callable[[int], bytes]) -> Iterator[bytes]:
    batch: list[bytes] = []
    for r in range(first, last + 1):
        batch.append(b'<row r="%d">%s</row>' % (r, cells(r)))
        if len(batch) == 20_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


def _add_sheet(base: bytes, title: bytes, part: str,
               chunks: Callable[[], Iterator[bytes]]) -> bytes:
    rid = b"rIdHostile"

    def edit(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return content.replace(b"</sheets>", b'<sheet name="%s" sheetId="99" r:id="%s"/>'
                                   b"</sheets>" % (title, rid))
        if name == "xl/_rels/workbook.xml.rels":
            target = part.removeprefix("xl/").encode()
            return content.replace(b"</Relationships>", b'<Relationship Id="%s" Type="%s" '
                                   b'Target="%s"/></Relationships>' % (rid, SHEET_REL, target))
        if name == "[Content_Types].xml":
            return content.replace(b"</Types>", b'<Override PartName="/%s" ContentType="%s"/>'
                                   b"</Types>" % (part.encode(), SHEET_CT))
        return content

    return _rewrite(base, edit, {part: chunks})


def extra_sheet(base: bytes, rows: int, *, formula: bool = False) -> bytes:
    """An extra sheet 'ruwe_data' with `rows` rows of five numbers (about 185 bytes a row)."""
    template = b"".join(b'<c r="%s%%d"><v>%%d.%d</v></c>' % (bytes([65 + c]), c)
                        for c in range(5))

    def cells(r: int) -> bytes:
        out = template % ((r, r) * 5)
        if formula and r == rows:
            out += b'<c r="F%d"><f>SUM(A1:A%d)</f></c>' % (r, r)
        return out

    def chunks() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>' % MAIN_NS
        yield from _sheet_rows(1, rows, cells)
        yield b"</sheetData></worksheet>"

    return _add_sheet(base, b"ruwe_data", "xl/worksheets/sheet_hostile.xml", chunks)


def _part_of(base: bytes, title: str) -> str:
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    m = re.search(rb'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(title.encode()), book)
    assert m, title
    t = re.search(rb'Id="%s"[^>]*Target="([^"]+)"' % re.escape(m.group(1)), rels) or \
        re.search(rb'Target="([^"]+)"[^>]*Id="%s"' % re.escape(m.group(1)), rels)
    assert t, title
    target = t.group(1).decode()
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def long_parks(base: bytes, rows: int, title: str = "parks") -> bytes:
    """The parks sheet of `base` continued up to row `rows` + 1 with rows holding only an id.

    About 60 bytes a row, so a million rows stay under the 200 MB a workbook may inflate to
    (complete park rows would not) and only the reader's own row limit can stop them.
    """
    part = _part_of(base, title)
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        xml = z.read(part)
    head, _sep, rest = xml.partition(b"</sheetData>")
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', head))

    def cells(r: int) -> bytes:
        return b'<c r="A%d" t="inlineStr"><is><t>P%d</t></is></c>' % (r, r)

    def chunks() -> Iterator[bytes]:
        yield head
        yield from _sheet_rows(last + 1, rows + 1, cells)
        yield b"</sheetData>" + rest

    return _rewrite(base, lambda name, c: None if name == part else c, {part: chunks})


def huge_shared_strings(base: bytes, n: int) -> bytes:
    """A shared-strings table of `n` junk strings followed by the texts the sheets use.

    Every inline string of `base` becomes a shared string whose index is past the junk, so a
    reader must find the last entries of a large table.
    """
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    texts: list[bytes] = []
    index: dict[bytes, int] = {}
    inline = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>',
                        re.DOTALL)

    def share(m: re.Match[bytes]) -> bytes:
        text = m.group(3)
        if text not in index:
            index[text] = n + len(texts)
            texts.append(text)
        return b'<c %st="s"%s><v>%d</v></c>' % (m.group(1), m.group(2), index[text])

    for name in list(parts):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            parts[name] = inline.sub(share, parts[name])

    def chunks() -> Iterator[bytes]:
        total = n + len(texts)
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" ' \
              b'uniqueCount="%d">' % (MAIN_NS, total, total)
        batch = []
        for i in range(n):
            batch.append(b"<si><t>opvulling %d</t></si>" % i)
            if len(batch) == 50_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)
        yield b"".join(b"<si><t>%s</t></si>" % t for t in texts)
        yield b"</sst>"

    def edit(name: str, content: bytes) -> bytes | None:
        if name in parts and name.startswith("xl/worksheets/"):
            return parts[name]
        if name == "xl/sharedStrings.xml":
            return None
        if name == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in content:
            return content.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="%s/'
                                   b'sharedStrings" Target="sharedStrings.xml"/>'
                                   b"</Relationships>" % REL_NS)
        if name == "[Content_Types].xml" and b"sharedStrings" not in content:
            return content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                   b'ContentType="application/vnd.openxmlformats-officedocument.'
                                   b'spreadsheetml.sharedStrings+xml"/></Types>')
        return content

    return _rewrite(base, edit, {"xl/sharedStrings.xml": chunks})


def external_link(base: bytes, target: str = "file:///\\\\fileserver\\begroting\\bron.xlsx"
                  ) -> bytes:
    """A workbook that links another workbook (as Excel writes it: externalLink part + rels)."""

    def edit(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            content = content.replace(b"</sheets>", b'</sheets><externalReferences>'
                                      b'<externalReference r:id="rIdExt1"/>'
                                      b"</externalReferences>")
            if b"xmlns:r=" not in content:
                content = content.replace(b"<workbook ", b'<workbook xmlns:r="%s" ' % REL_NS, 1)
            return content
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(b"</Relationships>", b'<Relationship Id="rIdExt1" Type="%s/'
                                   b'externalLink" Target="externalLinks/externalLink1.xml"/>'
                                   b"</Relationships>" % REL_NS)
        return content

    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="%s" xmlns:r="%s">'
            b'<externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/></sheetNames>'
            b"</externalBook></externalLink>" % (MAIN_NS, REL_NS))
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/'
            b'externalLinkPath" Target="%s" TargetMode="External"/></Relationships>'
            % (REL_NS, target.encode()))
    return _rewrite(base, edit, {
        "xl/externalLinks/externalLink1.xml": lambda: iter([link]),
        "xl/externalLinks/_rels/externalLink1.xml.rels": lambda: iter([rels]),
    })
