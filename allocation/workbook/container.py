"""Stage 1 of reading: the raw bytes, before any parser sees them (docs/contracts/WORKBOOK.md, hard cases).

Size, file type (CSV, old .xls, .ods, encrypted workbook, truncated download, ...), zip bombs and
XML entity declarations. It only streams; it never inflates a whole part into memory. A zip is a
workbook when its package relationships lead to a workbook part, wherever that is (`opc`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from allocation.domain import (
    InputIssue,
    WorkbookError,
)
from allocation.workbook.opc import PartNames, find_workbook, part_key
from allocation.workbook.spec import (
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    MAX_RATIO,
    MAX_WORKSHEET_ROWS,
    MAX_ZIP_ENTRIES,
    RATIO_MIN_BYTES,
)


# -- stage 1: the container, before any parser -----------------------------------------------
def refuse(nl: str, en: str, value: str | None = None) -> WorkbookError:
    return WorkbookError([InputIssue("", None, None, value, nl, en)])


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS = (
    "Open het in een spreadsheetprogramma (Excel, LibreOffice) en sla het op als "
    "Excel-werkmap (.xlsx).",
    "Open it in a spreadsheet program (Excel, LibreOffice) and save it as an Excel workbook "
    "(.xlsx).",
)
_RE_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_RE_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_DANGEROUS = (b"<!doctype", b"<!entity")


def _describe_non_zip(data: bytes) -> tuple[str, str]:
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "een PDF-document", "a PDF document"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "een afbeelding", "an image"
    text: str | None = None
    for enc in ("utf-8-sig", "utf-16"):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        try:  # a cut multi-byte character at the end of the sample is fine
            text = head[:-4].decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is not None and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        stripped = text.lstrip().lower()
        if stripped.startswith(("<html", "<!doctype html", "<table")):
            return "een HTML-pagina (webpagina)", "an HTML page (web page)"
        if stripped.startswith("<?xml") or stripped.startswith("<"):
            return ("een XML-bestand (bijv. 'XML-spreadsheet 2003')",
                    "an XML file (e.g. 'XML Spreadsheet 2003')")
        if any(sep in text for sep in (",", ";", "\t")):
            return ("een tekstbestand met scheidingstekens (CSV)",
                    "a text file with separators (CSV)")
        return "een tekstbestand", "a text file"
    return "een onbekend binair bestand", "an unknown binary file"


def _check_ole(data: bytes) -> WorkbookError:
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode(
        "utf-16-le"
    ) in data:
        return refuse(
            "Het werkboek is met een wachtwoord versleuteld en kan niet worden gelezen. Open het "
            "in Excel, verwijder het wachtwoord (Bestand > Info > Werkmap beveiligen > "
            "Versleutelen met wachtwoord: leeg maken) en sla het op.",
            "The workbook is encrypted with a password and cannot be read. Open it in Excel, "
            "remove the password (File > Info > Protect Workbook > Encrypt with Password: clear "
            "it) and save it.",
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        what = ("een oud Excel-bestand (.xls, Excel 97-2003)",
                "an old Excel file (.xls, Excel 97-2003)")
    else:
        what = ("een bestand in het oude Office-formaat (bijv. .xls of .doc)",
                "a file in the old Office format (e.g. .xls or .doc)")
    return refuse(
        f"Dit is {what[0]}, geen .xlsx-werkmap. {_SAVE_AS[0]}",
        f"This is {what[1]}, not an .xlsx workbook. {_SAVE_AS[1]}",
    )


@dataclass
class ContainerInfo:
    has_formulas: bool
    rows: int


def check_container(data: bytes, *, deep: bool = False) -> ContainerInfo:
    """Refuse what is not a safe xlsx, before any XML parser sees it (docs/contracts/WORKBOOK.md, hard cases).

    `deep` also scans the sheets for formulas, rows and non-finite numbers, which only the
    openpyxl reference reader needs (openpyxl loads every sheet and cannot load NaN cells); the
    app's reader bounds rows per sheet itself and reads only the sheets it needs.
    """
    size = len(data)
    if size == 0:
        raise refuse(
            "Het bestand is leeg (0 bytes). Kies het werkboek opnieuw; download het zo nodig "
            "opnieuw.",
            "The file is empty (0 bytes). Choose the workbook again; download it again if needed.",
        )
    if size > MAX_FILE_BYTES:
        raise _too_big(size)
    if data.startswith(_OLE_MAGIC):
        raise _check_ole(data)
    if not data.startswith(_ZIP_MAGIC):
        if data.startswith((b"PK\x05\x06", b"PK\x07\x08")):
            what = ("een leeg of gesplitst zip-archief", "an empty or split zip archive")
        else:
            what = _describe_non_zip(data)
        raise refuse(
            f"Dit is {what[0]}, geen Excel-werkmap (.xlsx). {_SAVE_AS[0]} U kunt ook het "
            "sjabloon gebruiken.",
            f"This is {what[1]}, not an Excel workbook (.xlsx). {_SAVE_AS[1]} You can also use "
            "the template.",
        )
    truncated = refuse(
        "Het bestand is beschadigd of onvolledig (bijvoorbeeld een afgebroken download of "
        "e-mailbijlage). Download of kopieer het opnieuw, of sla het opnieuw op in een "
        "spreadsheetprogramma.",
        "The file is damaged or incomplete (for example an interrupted download or e-mail "
        "attachment). Download or copy it again, or save it again in a spreadsheet program.",
    )
    entries = _declared_entries(data)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise _too_many_entries(entries)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise truncated from None
    if len(infos) > MAX_ZIP_ENTRIES:  # a zip64 count, or a directory that says otherwise
        raise _too_many_entries(len(infos))
    names = {i.filename for i in infos}
    if "mimetype" in names:
        try:
            mime = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
        except Exception:  # noqa: BLE001 - a broken mimetype entry is just "not xlsx"
            mime = ""
        if mime.startswith("application/vnd.oasis.opendocument"):
            kind = "spreadsheet" in mime
            raise refuse(
                ("Dit is een OpenDocument-rekenblad (.ods, bijv. uit LibreOffice)"
                 if kind else f"Dit is een OpenDocument-bestand ({mime})")
                + ", geen .xlsx-werkmap. Kies in LibreOffice 'Opslaan als' > Excel 2007-365 "
                "(.xlsx).",
                ("This is an OpenDocument spreadsheet (.ods, e.g. from LibreOffice)"
                 if kind else f"This is an OpenDocument file ({mime})")
                + ", not an .xlsx workbook. In LibreOffice choose 'Save as' > Excel 2007-365 "
                "(.xlsx).",
            )
    if any(i.flag_bits & 0x1 for i in infos):
        raise refuse(
            "Het zip-archief is met een wachtwoord versleuteld. Sla het werkboek zonder "
            "wachtwoord op als .xlsx.",
            "The zip archive is encrypted with a password. Save the workbook without a password "
            "as .xlsx.",
        )
    declared = sum(i.file_size for i in infos)
    bomb = refuse(
        "Het bestand pakt uit tot een onredelijk grote omvang (meer dan 200 MB of een "
        "onwaarschijnlijke compressie) en is daarom geweigerd. Controleer of dit echt het "
        "werkboek is; sla het zo nodig opnieuw op met alleen de benodigde bladen.",
        "The file inflates to an unreasonable size (more than 200 MB or an implausible "
        "compression ratio) and was refused. Check that this really is the workbook; save it "
        "again with only the sheets needed.",
    )
    if declared > MAX_INFLATED_BYTES:
        raise bomb
    for info in infos:
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise bomb
    # every part streamed first: an entity declaration in the package relationships is refused
    # as such, not taken for a package without a workbook
    scanned = _scan_parts(archive, infos, truncated, deep=deep)
    parts = PartNames(names)
    if find_workbook(archive, parts) is None:
        keys = parts.members.keys()
        if any(k.endswith(".bin") and "workbook" in k for k in keys):
            what = ("een binaire Excel-werkmap (.xlsb)", "a binary Excel workbook (.xlsb)")
        elif any(k.startswith("word/") for k in keys):
            what = ("een Word-document", "a Word document")
        elif any(k.startswith("ppt/") for k in keys):
            what = ("een PowerPoint-presentatie", "a PowerPoint presentation")
        else:
            what = ("een zip-archief", "a zip archive")
        raise refuse(
            f"Dit is {what[0]}, geen Excel-werkmap (.xlsx). {_SAVE_AS[0]}",
            f"This is {what[1]}, not an Excel workbook (.xlsx). {_SAVE_AS[1]}",
        )
    return scanned


def _declared_entries(data: bytes) -> int | None:
    """The entry count of the zip's end-of-central-directory record, read before the
    directory itself is parsed, zip64 included (None when not found: `zipfile` counts)."""
    tail = data[-(22 + 65_535):]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    total = int.from_bytes(tail[at + 10:at + 12], "little")
    if total != 0xFFFF:
        return total
    locator = tail[at - 20:at] if at >= 20 else b""  # zip64: the count is in its own record
    if not locator.startswith(b"PK\x06\x07"):
        return None
    offset = int.from_bytes(locator[8:16], "little")
    record = data[offset:offset + 56]
    if not record.startswith(b"PK\x06\x06"):
        return None
    return int.from_bytes(record[32:40], "little")


def _too_many_entries(entries: int) -> WorkbookError:
    count_nl, limit_nl = (f"{n:,}".replace(",", ".") for n in (entries, MAX_ZIP_ENTRIES))
    return refuse(
        f"Het bestand bestaat uit {count_nl} onderdelen; een werkmap heeft er hooguit enkele "
        f"honderden en de grens is {limit_nl}. Het bestand is geweigerd. Controleer of dit "
        "echt het werkboek is, of sla het opnieuw op met alleen de benodigde bladen.",
        f"The file consists of {entries:,} parts; a workbook has a few hundred at most and the "
        f"limit is {MAX_ZIP_ENTRIES:,}. The file was refused. Check that this really is the "
        "workbook, or save it again with only the sheets needed.",
        str(entries))


def _too_big(size: int) -> WorkbookError:
    mb = size / 1024 / 1024
    return refuse(
        f"Het bestand is {mb:.1f} MB; de grens is 20 MB. Verwijder overbodige bladen, "
        "afbeeldingen en opmaak en sla het opnieuw op.".replace(".", ",", 1),
        f"The file is {mb:.1f} MB; the limit is 20 MB. Remove unneeded sheets, images and "
        "formatting and save it again.",
        f"{mb:.1f} MB",
    )


_RE_NONFINITE = re.compile(rb"<(?:\w+:)?v>\s*[+-]?(?:nan|inf(?:inity)?)\s*<", re.IGNORECASE)
_RE_NONFINITE_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]+)(\d+)"[^>]*>(?:(?!</(?:\w+:)?c>).){0,2000}?'
    rb"<(?:\w+:)?v>\s*([+-]?(?:nan|inf(?:inity)?))\s*<",
    re.IGNORECASE | re.DOTALL,
)


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet title (only used to word a message)."""
    from defusedxml import ElementTree

    titles: dict[str, str] = {}
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        for el in book.iter():
            if el.tag.endswith("}sheet") or el.tag == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                target = targets.get(rid, "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                titles[part.lower()] = el.get("name", part)
    except Exception:  # noqa: BLE001 - titles only improve a message
        pass
    return titles


def _scan_parts(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], truncated: WorkbookError, *,
    deep: bool,
) -> ContainerInfo:
    """Stream every XML part once: real inflated size and entity declarations; with `deep`,
    also formulas, rows and non-finite numbers in the sheets.

    Non-finite numbers (`<v>NaN</v>`) are found by `deep` because openpyxl cannot load a
    workbook holding them, so they are reported by cell before it tries.
    """
    inflated = 0
    has_formulas = False
    rows = 0
    nonfinite_parts: list[zipfile.ZipInfo] = []
    chunk_size = 1 << 20
    for info in infos:
        name = part_key(info.filename)
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = deep and "worksheets/" in name
        tail = b""
        try:
            with archive.open(info) as stream:
                while True:
                    chunk = stream.read(chunk_size)
                    if not chunk:
                        break
                    inflated += len(chunk)
                    if inflated > MAX_INFLATED_BYTES:
                        raise refuse(
                            "Het bestand pakt uit tot meer dan 200 MB en is geweigerd.",
                            "The file inflates to more than 200 MB and was refused.",
                        )
                    joined = tail + chunk
                    # "<!" starts every declaration; looking for it first keeps large parts fast
                    if b"<!" in joined and any(mark in joined.lower() for mark in _DANGEROUS):
                        raise refuse(
                            f"Het onderdeel '{info.filename}' van het bestand bevat een "
                            "XML-declaratie (DOCTYPE/ENTITY) die in een gewone werkmap niet "
                            "voorkomt; het bestand is uit veiligheidsoverwegingen geweigerd. "
                            "Sla het werkboek opnieuw op in een spreadsheetprogramma.",
                            f"Part '{info.filename}' of the file contains an XML declaration "
                            "(DOCTYPE/ENTITY) that ordinary workbooks never contain; the file "
                            "was refused for safety. Save the workbook again in a spreadsheet "
                            "program.",
                        )
                    if is_sheet:
                        if not has_formulas and _RE_FORMULA.search(joined):
                            has_formulas = True
                        if (not nonfinite_parts or nonfinite_parts[-1] is not info) and \
                                _RE_NONFINITE.search(joined):
                            nonfinite_parts.append(info)
                        rows += len(_RE_ROW.findall(chunk))
                    tail = chunk[-64:]
        except WorkbookError:
            raise
        except Exception:  # noqa: BLE001 - zlib/CRC/EOF errors: damaged data is "damaged"
            raise truncated from None
    if rows > MAX_WORKSHEET_ROWS:
        raise refuse(
            f"Het werkboek heeft {rows} rijen; dat is meer dan {MAX_WORKSHEET_ROWS} en te veel "
            "om te lezen. Verwijder overbodige bladen of rijen.",
            f"The workbook has {rows} rows; more than {MAX_WORKSHEET_ROWS} is too many to "
            "read. Remove unneeded sheets or rows.",
        )
    if nonfinite_parts:
        titles = _sheet_titles(archive)
        issues = []
        for info in nonfinite_parts:
            sheet = titles.get(info.filename.lower(), info.filename)
            for m in _RE_NONFINITE_CELL.finditer(archive.read(info)):
                ref = (m.group(1) + m.group(2)).decode("ascii").upper()
                token = m.group(3).decode("ascii")
                issues.append(InputIssue(
                    sheet, int(m.group(2)), None, token,
                    f"Cel {ref} bevat {token}, geen geldig getal. Vul een getal in.",
                    f"Cell {ref} holds {token}, not a valid number. Enter a number."))
        if issues:
            raise WorkbookError(issues)
    return ContainerInfo(has_formulas=has_formulas, rows=rows)


def source_bytes(src: str | Path | bytes | bytearray | memoryview) -> tuple[bytes, str]:
    if isinstance(src, bytes | bytearray | memoryview):
        data = bytes(src)
        return data, ""
    path = Path(src)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError(str(path))
    except FileNotFoundError:
        raise refuse(f"Bestand niet gevonden: {path}", f"File not found: {path}") from None
    except IsADirectoryError:
        raise refuse(f"Dit is een map, geen bestand: {path}",
                      f"This is a folder, not a file: {path}") from None
    except OSError as err:
        raise refuse(f"Het bestand kan niet worden geopend: {err}",
                      f"The file cannot be opened: {err}") from None
    if size > MAX_FILE_BYTES:  # refuse without reading it into memory
        raise _too_big(size)
    try:
        return path.read_bytes(), path.name
    except OSError as err:
        raise refuse(f"Het bestand kan niet worden gelezen: {err}",
                      f"The file cannot be read: {err}") from None
