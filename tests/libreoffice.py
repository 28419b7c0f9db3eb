"""Editing a workbook *with LibreOffice* (headless `soffice`, Debian package
libreoffice-calc-nogui) for the round-trip tests.

LibreOffice converts the xlsx to a flat ODF spreadsheet (.fods, one XML file); the test changes
cells in that XML (as a person would in Calc: the value and its shown text), and LibreOffice
writes the xlsx back with its own writer. What comes back is therefore LibreOffice's xlsx, with
its own way of writing validations, protection, hidden sheets and document properties.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

SOFFICE = shutil.which("soffice")
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
TABLE, OFFICE, TEXT = (f"{{{NS[k]}}}" for k in ("table", "office", "text"))


def convert(src: Path, to: str, outdir: Path, profile: Path) -> Path:
    """`soffice --headless --convert-to` with its own profile (tests may run in parallel)."""
    assert SOFFICE, "soffice is not installed (apt-get install libreoffice-calc-nogui)"
    filt = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "fods": "fods"}[to]
    subprocess.run([SOFFICE, "--headless", "--norestore",
                    f"-env:UserInstallation=file://{profile}", "--convert-to", filt,
                    "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    out = outdir / f"{src.stem}.{to}"
    assert out.exists(), f"LibreOffice wrote no {out}"
    return out


def _cells(row: ET.Element) -> list[ET.Element]:
    """The row's cells, with repeated cells expanded (so an index is a column)."""
    out: list[ET.Element] = []
    for cell in list(row):
        if cell.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
            continue
        n = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
        if n > 1 and n < 200:
            idx = list(row).index(cell)
            row.remove(cell)
            del cell.attrib[f"{TABLE}number-columns-repeated"]
            for k in range(n):
                copy = ET.fromstring(ET.tostring(cell))
                row.insert(idx + k, copy)
                out.append(copy)
        else:
            out.append(cell)
    return out


def _text(cell: ET.Element) -> str:
    return "".join("".join(p.itertext()) for p in cell.findall(f"{TEXT}p"))


def _set(cell: ET.Element, value: Any) -> None:
    for key in list(cell.attrib):
        if key.startswith(OFFICE) or "value-type" in key:
            del cell.attrib[key]
    for p in cell.findall(f"{TEXT}p"):
        cell.remove(p)
    if value is None:
        return
    p = ET.SubElement(cell, f"{TEXT}p")
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.set(f"{OFFICE}value-type", "float")
        cell.set(f"{OFFICE}value", repr(value))
        p.text = str(value)
    else:
        cell.set(f"{OFFICE}value-type", "string")
        p.text = str(value)


def edit_with_libreoffice(data: bytes, sheet: str, changes: dict[tuple[str, str], Any],
                          work: Path) -> bytes:
    """`data` (xlsx) with cells changed by LibreOffice: {(row key in column A, header): value}.
    A row key not found in the sheet is appended as a new row (in column A)."""
    src = work / "edit.xlsx"
    src.write_bytes(data)
    profile = work / "lo_profile"
    fods = convert(src, "fods", work, profile)
    original = fods.read_text(encoding="utf-8")
    root_tag = re.search(r"<office:document\b[^>]*>", original)
    assert root_tag is not None
    for prefix, uri in re.findall(r'xmlns:([A-Za-z0-9_-]+)="([^"]+)"', root_tag.group(0)):
        ET.register_namespace(prefix, uri)  # the same prefixes: conditions use them in values
    tree = ET.parse(fods)
    table = next(t for t in tree.iter(f"{TABLE}table") if t.get(f"{TABLE}name") == sheet)
    rows = [r for r in table.iter(f"{TABLE}table-row")]
    header = [_text(c) for c in _cells(rows[0])]
    for (key, column), value in changes.items():
        col = header.index(column)
        target = next((r for r in rows[1:] if _cells(r) and _text(_cells(r)[0]) == key), None)
        if target is None:
            target = ET.fromstring(ET.tostring(rows[1]))
            parent = next(p for p in table.iter() if rows[1] in list(p))
            parent.insert(list(parent).index(rows[1]) + 1, target)
            cells = _cells(target)
            for c in cells:
                _set(c, None)
            _set(cells[0], key)
        _set(_cells(target)[col], value)
    tree.write(fods, xml_declaration=True, encoding="UTF-8")
    written = fods.read_text(encoding="utf-8")
    written = re.sub(r"<office:document\b[^>]*>", lambda _m: root_tag.group(0), written,
                     count=1)
    fods.write_text(written, encoding="utf-8")
    out_dir = work / "back"
    out_dir.mkdir(exist_ok=True)
    return convert(fods, "xlsx", out_dir, profile).read_bytes()
