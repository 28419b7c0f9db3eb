"""The package around the workbook (Open Packaging Conventions, ECMA-376 part 2): where its parts
are, found through their relationships, wherever the writer put them.

The package relationships (`_rels/.rels`) name the workbook part (`officeDocument`): usually
`xl/workbook.xml`, but any path is valid (`workbook.xml` at the root, `wb/book.xml`, ...). A
part's own relationships are in `<folder>/_rels/<name>.rels`; their targets are relative to the
part's folder, or absolute (starting with '/'). Part names are compared without regard to case,
as OPC prescribes, and some writers put backslashes in the zip member names
(`xl\\worksheets\\sheet1.xml`): `PartNames` maps every spelling to the member that holds it.

The XML here is parsed with expat, refusing any DOCTYPE (the container check refuses entity
declarations in every part, but this module also serves that check before it has run), and
only parts of a bounded size are read. This module is the bottom of the reader: it imports
nothing of the project.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

MAX_PACKAGE_PART = 16 * 1024 * 1024  # `_rels/.rels` and `[Content_Types].xml` read whole
PEEK_BYTES = 4096  # the start of a part whose content type does not say what it is
CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK_ROOT = re.compile(r"<(?:[\w.-]+:)?workbook[\s>/]")
_GENERIC_XML = ("", "application/xml", "text/xml")


def local_name(name: str) -> str:
    return name.rpartition(":")[2]


def _no_doctype(*_args: Any) -> None:
    raise ValueError("DOCTYPE")


def xml_parser() -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _no_doctype
    p.EntityDeclHandler = _no_doctype
    return p


def elements(xml: bytes, tags: set[str]) -> Iterable[tuple[str, dict[str, str]]]:
    """(local tag, attributes) of the elements named `tags` of a part, in document order."""
    out: list[tuple[str, dict[str, str]]] = []
    p = xml_parser()

    def start(name: str, attrs: dict[str, str]) -> None:
        local = local_name(name)
        if local in tags:
            out.append((local, attrs))

    p.StartElementHandler = start
    p.Parse(xml, True)
    return out


def part_key(name: str) -> str:
    """A part name as compared: '/' separators, no leading '/', lower case."""
    return name.replace("\\", "/").lstrip("/").lower()


class PartNames:
    """The zip members of a package by part name, in any spelling (case, '\\' or '/')."""

    def __init__(self, names: Iterable[str]) -> None:
        self.members: dict[str, str] = {}
        for name in names:
            key = part_key(name)
            if key and not key.endswith("/"):
                self.members.setdefault(key, name)

    def member(self, part: str) -> str | None:
        """The zip member holding `part` (also written percent-encoded), or None."""
        key = part_key(part)
        found = self.members.get(key)
        if found is None and "%" in key:
            found = self.members.get(part_key(unquote(part)))
        return found


def resolve(source: str, target: str) -> str:
    """A relationship's target as a part name ('/'-separated, no leading '/'): relative to the
    folder of `source` (the part whose relationships these are; '' for the package)."""
    target = target.replace("\\", "/")
    folder = "" if target.startswith("/") else source.replace("\\", "/").rpartition("/")[0]
    out: list[str] = []
    for part in f"{folder}/{target}".split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
        else:
            out.append(part)
    return "/".join(out)


def rels_part(part: str) -> str:
    """The name of the part that holds the relationships of `part` ('' for the package)."""
    folder, _sep, base = part.replace("\\", "/").rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def relationships(xml: bytes, source: str) -> list[tuple[str, str, str, str]]:
    """(id, type, target, target mode) of a relationships part; internal targets resolved to
    part names from `source` (the part they belong to; '' for the package)."""
    out = []
    for tag, attrs in elements(xml, {"Relationship"}):
        if tag != "Relationship":
            continue
        target = attrs.get("Target", "")
        mode = attrs.get("TargetMode", "")
        if mode != "External":
            target = resolve(source, target)
        out.append((attrs.get("Id", ""), attrs.get("Type", ""), target, mode))
    return out


def is_workbook_type(content_type: str | None) -> bool:
    """A workbook's main part: xlsx, xlsm, xltx, xltm or xlam (not xlsb: that is binary)."""
    ct = (content_type or "").lower()
    return ct.endswith(".main+xml") and ("spreadsheetml" in ct or "ms-excel" in ct)


def find_workbook(archive: zipfile.ZipFile, parts: PartNames) -> str | None:
    """The zip member of the workbook part, found as OPC says, or None when there is none.

    Tried in turn: the package relationship of type officeDocument, a part whose declared
    content type is a workbook's, and `xl/workbook.xml`. A candidate is taken when its content
    type is a workbook's, when it is `xl/workbook.xml` (as before: damage in it is then
    described), or when its content type says only "XML" and the part starts as a workbook.
    """
    overrides, defaults = _content_types(archive, parts)
    candidates = [target for _id, rel_type, target, mode in _package_rels(archive, parts)
                  if mode != "External" and rel_type.endswith("/officeDocument")]
    candidates += [name for name, ct in overrides.items() if is_workbook_type(ct)]
    candidates.append("xl/workbook.xml")
    for candidate in candidates:
        member = parts.member(candidate)
        if member is None:
            continue
        key = part_key(member)
        content_type = overrides.get(key)
        if content_type is None:
            content_type = defaults.get(key.rpartition(".")[2] if "." in key else "")
        if key == "xl/workbook.xml" or is_workbook_type(content_type):
            return member
        if (content_type or "").lower() in _GENERIC_XML and _starts_as_workbook(archive, member):
            return member
    return None


def _read_small(archive: zipfile.ZipFile, member: str | None) -> bytes | None:
    if member is None:
        return None
    try:
        if archive.getinfo(member).file_size > MAX_PACKAGE_PART:
            return None
        return archive.read(member)
    except Exception:  # noqa: BLE001 - a damaged part is as good as none here
        return None


def _package_rels(archive: zipfile.ZipFile,
                  parts: PartNames) -> list[tuple[str, str, str, str]]:
    xml = _read_small(archive, parts.member("_rels/.rels"))
    if xml is None:
        return []
    try:
        return relationships(xml, "")
    except Exception:  # noqa: BLE001 - unreadable package relationships: look further
        return []


def _content_types(archive: zipfile.ZipFile,
                   parts: PartNames) -> tuple[dict[str, str], dict[str, str]]:
    """(part key -> content type of its Override, extension -> content type of its Default)."""
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    xml = _read_small(archive, parts.member(CONTENT_TYPES))
    if xml is None:
        return overrides, defaults
    try:
        for tag, attrs in elements(xml, {"Override", "Default"}):
            if tag == "Override":
                overrides[part_key(attrs.get("PartName", ""))] = attrs.get("ContentType", "")
            else:
                defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
    except Exception:  # noqa: BLE001 - unreadable content types: the relationships decide
        return {}, {}
    return overrides, defaults


def _starts_as_workbook(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether a part's root element, in its first bytes, is a spreadsheet `workbook`."""
    try:
        with archive.open(member) as stream:
            head = stream.read(PEEK_BYTES)
    except Exception:  # noqa: BLE001 - a damaged part is no workbook to take
        return False
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = head.decode(encoding, "ignore")
    return bool(_WORKBOOK_ROOT.search(text))
