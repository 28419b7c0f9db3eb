"""The input workbook: read it safely into a `Scenario`, and write template, scenario and results.

Reading happens in three stages (WORKBOOK.md is the contract):

1. `_check_container` looks at the raw bytes *before* any parser sees them: size, file type
   (CSV, old .xls, .ods, encrypted workbook, truncated download, ...), zip bombs and XML entity
   declarations. It only streams; it never inflates a whole part into memory.
2. openpyxl loads the workbook (values as cached by the spreadsheet program; a second load with
   formulas only when the file has formulas, to find formulas without a saved result).
3. `_Reader` turns each sheet into rows using one column table (`SHEETS`) that also drives the
   writers, so names, types and explanations live in one place. Every problem is collected as
   an `InputIssue` in the user's words (sheet and column as written, spreadsheet row, value
   found, what was expected, Dutch and English); pydantic errors are translated, never shown.

Writing uses the same table: `write_template`, `write_scenario` and `write_results` all build the
input sheets with `write_input_sheets`, and every table goes through `write_table`, which makes
user text that a spreadsheet could execute (`=`, `+`, `-`, `@`, tab, CR) a plain text cell.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from allocation import format as fmt
from allocation.domain import (
    DEFAULT_CATEGORIES,
    DEFAULT_RETURNS,
    GOAL_LABELS_NL,
    GOALS,
    MAX_EUR,
    MAX_PARKS,
    MAX_YEARS,
    SETTING_KEYS,
    BudgetYear,
    Category,
    InputIssue,
    LoadedWorkbook,
    Park,
    ReturnSegment,
    Scenario,
    Settings,
    WorkbookError,
)
from allocation.result import status_label

if TYPE_CHECKING:  # openpyxl loads lazily: `import allocation` stays cheap
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from allocation.result import AllocationResult


__all__ = [
    "read_workbook",
    "load_workbook",
    "write_template",
    "write_scenario",
    "write_results",
    "write_input_sheets",
    "write_table",
    "SHEETS",
    "MAX_FILE_BYTES",
    "MAX_INFLATED_BYTES",
]

# -- limits ---------------------------------------------------------------------------------
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_INFLATED_BYTES = 200 * 1024 * 1024
# Deflate cannot do better than ~1030:1; real spreadsheets stay far below 100:1.
MAX_RATIO = 500
RATIO_MIN_BYTES = 1024 * 1024  # only large parts are judged by their ratio
MAX_TEXT = 32_767
MAX_WORKSHEET_ROWS = 1_000_000  # over all sheets; a guard against parser time, not a data rule
TEMPLATE_YEARS = tuple(range(2026, 2031))

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"}
)
# Text a spreadsheet may treat as a formula (OWASP "CSV injection" list).
RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# -- the column table (one idea, one place) -------------------------------------------------
@dataclass(frozen=True)
class Col:
    """One column of an input sheet.

    kind: id | text | number | int | bool | share.  `required`: the column must be present and
    every row needs a value; otherwise an empty cell leaves the domain default.
    """

    name: str
    nl: str
    kind: str
    required: bool
    help_nl: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # lower bound excluded (> instead of >=)
    max_len: int = MAX_TEXT
    fmt: str = "General"
    width: int = 14


@dataclass(frozen=True)
class SheetSpec:
    name: str
    nl: str
    required: bool
    columns: tuple[Col, ...]
    help_nl: str

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


EUR_FMT = '"€ "#,##0'
SHARE_FMT = "0.00"

_GOAL_NL_COL = {
    "energy": "energie",
    "circularity": "circulariteit",
    "economy": "economie",
    "cooperation": "samenwerking",
}

PARKS = SheetSpec(
    "parks", "terreinen", True,
    (
        Col("park_id", "terrein_id", "id", True,
            "Unieke code van het terrein: letters, cijfers, '-', '_' of '.', hoogstens 64 tekens.",
            max_len=64, width=14),
        Col("name", "naam", "text", True, "Naam van het bedrijventerrein (hoogstens 200 tekens).",
            max_len=200, width=34),
        Col("municipality", "gemeente", "text", True, "Gemeente waarin het terrein ligt.",
            width=20),
        Col("region", "regio", "text", False, "Regio (optioneel), voor overzichten per regio.",
            width=20),
        Col("latitude", "breedtegraad", "number", False,
            "Breedtegraad in WGS84 (optioneel), voor de kaart, bijv. 52.0912.",
            lo=-90, hi=90, fmt="0.0000", width=13),
        Col("longitude", "lengtegraad", "number", False,
            "Lengtegraad in WGS84 (optioneel), voor de kaart, bijv. 5.9190.",
            lo=-180, hi=180, fmt="0.0000", width=13),
        Col("area_ha", "oppervlakte_ha", "number", True,
            "Bruto oppervlakte in hectare (groter dan 0, hoogstens 10.000).",
            lo=0, hi=10_000, lo_open=True, fmt="0.0", width=15),
        Col("companies", "bedrijven", "int", True, "Aantal gevestigde bedrijven (geheel getal).",
            lo=0, hi=100_000, fmt="0", width=11),
        Col("jobs", "banen", "int", True, "Aantal banen (werkzame personen, geheel getal).",
            lo=0, hi=1_000_000, fmt="0", width=10),
        Col("strategic", "strategisch", "bool", False,
            "ja/nee: strategisch terrein voor de provincie (leeg = nee).", width=12),
        Col("organisation_level", "organisatiegraad", "int", True,
            "Organisatiegraad 0-4: 0 geen, 1 informeel netwerk, 2 ondernemersvereniging, "
            "3 parkmanagement met parkmanager, 4 BIZ en/of coöperatie.",
            lo=0, hi=4, fmt="0", width=16),
        Col("draagvlak", "draagvlak", "share", True,
            "Draagvlak (willen) als aandeel 0-1: hoeveel ondernemers de aanpak steunen.",
            fmt=SHARE_FMT, width=11),
        Col("private_capacity_eur", "draagkracht_eur", "number", True,
            "Draagkracht (kunnen) in euro per jaar: wat de bedrijven samen per jaar kunnen "
            "meefinancieren.", lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
        Col("municipal_team", "gebiedsteam", "bool", False,
            "ja/nee: de gemeente heeft een vast gebiedsgericht ambtelijk team voor dit terrein "
            "(leeg = nee).", width=12),
        Col("absorption_capacity_eur", "absorptiecapaciteit_eur", "number", False,
            "Optioneel: publiek geld in euro per jaar dat de parkorganisatie kan besteden. Leeg = "
            "de instelling capacity_level_<organisatiegraad>.",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=22),
        *(
            Col(f"potential_{g}", f"potentieel_{_GOAL_NL_COL[g]}", "share", True,
                f"Potentieel voor {GOAL_LABELS_NL[g].lower()} als aandeel 0-1.",
                fmt=SHARE_FMT, width=14)
            for g in GOALS
        ),
    ),
    "Eén rij per bedrijventerrein.",
)

BUDGET = SheetSpec(
    "budget", "budget", True,
    (
        Col("year", "jaar", "int", True,
            "Begrotingsjaar; opeenvolgende jaren zonder gaten of herhalingen, hoogstens 30.",
            lo=2000, hi=2100, fmt="0", width=8),
        Col("budget_eur", "budget_eur", "number", True,
            "Provinciaal transitiebudget in euro voor dat jaar.",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=16),
    ),
    "Eén rij per jaar.",
)

CATEGORIES = SheetSpec(
    "categories", "categorieen", False,
    (
        Col("category", "categorie", "text", True, "Code van de bestedingscategorie.",
            max_len=64, width=16),
        Col("label", "omschrijving", "text", False, "Omschrijving voor schermen en rapporten.",
            width=34),
        Col("min_private_share", "min_privaat_aandeel", "share", True,
            "Minimaal privaat aandeel van de totale projectkosten (0-0,95); 0,5 betekent: "
            "elke publieke euro vraagt een private euro.", hi=0.95, fmt=SHARE_FMT, width=18),
        Col("min_organisation_level", "min_organisatiegraad", "int", False,
            "Minimale organisatiegraad (0-4) van het terrein.", lo=0, hi=4, fmt="0", width=19),
        Col("requires_municipal_team", "vereist_gebiedsteam", "bool", False,
            "ja/nee: alleen voor terreinen met een gebiedsteam van de gemeente.", width=18),
        Col("min_draagvlak", "min_draagvlak", "share", False,
            "Minimaal draagvlak (0-1) van het terrein.", fmt=SHARE_FMT, width=14),
        Col("max_per_park_year_eur", "max_per_terrein_jaar_eur", "number", False,
            "Optioneel plafond in euro publiek geld per terrein per jaar (leeg = geen plafond).",
            lo=0, hi=MAX_EUR, fmt=EUR_FMT, width=22),
        *(
            Col(f"impact_{g}", f"impact_{_GOAL_NL_COL[g]}", "number", False,
                f"Effect op {GOAL_LABELS_NL[g].lower()}: waardepunten per € 1.000 totale "
                "projectkosten bij volledig potentieel (0 of meer).",
                lo=0, hi=1e6, fmt="0.00", width=14)
            for g in GOALS
        ),
    ),
    "Eén rij per bestedingscategorie. Ontbreekt het blad, dan gelden de standaardcategorieën.",
)

RETURNS = SheetSpec(
    "returns", "rendement", False,
    (
        Col("up_to_share", "tot_aandeel", "number", False,
            "Afnemende meeropbrengst: segment loopt tot dit aandeel van de capaciteit van het "
            "terrein over de hele looptijd; strikt oplopend, leeg in de laatste rij.",
            lo=0, hi=1000, lo_open=True, fmt=SHARE_FMT, width=12),
        Col("multiplier", "factor", "number", True,
            "Factor op de waarde in dit segment (0 of meer, nooit hoger dan de rij erboven).",
            lo=0, hi=1e6, fmt=SHARE_FMT, width=10),
    ),
    "Afnemende meeropbrengst: één rij per segment.",
)

SETTINGS = SheetSpec(
    "settings", "instellingen", False,
    (
        Col("key", "sleutel", "text", True, "Naam van de instelling (zie hieronder).", width=26),
        Col("value", "waarde", "any", False, "Waarde van de instelling.", width=16),
    ),
    "Twee kolommen: sleutel en waarde. Een onbekende sleutel is een fout.",
)

SHEETS: tuple[SheetSpec, ...] = (PARKS, BUDGET, CATEGORIES, RETURNS, SETTINGS)

# Settings keys: (kind, lo, hi, lo_open, number format, Dutch explanation).
_W = "Gewicht van het doel {g} (0 of meer); de gewichten worden genormaliseerd."
SETTING_SPECS: dict[str, tuple[str, float | None, float | None, bool, str, str]] = {
    **{
        f"weight_{g}": ("number", 0, 1e6, False, "0.00", _W.format(g=GOAL_LABELS_NL[g].lower()))
        for g in GOALS
    },
    "discount_rate": ("share", 0, 0.5, False, "0.000",
                      "Discontovoet per jaar (0-0,5): later geld telt iets minder."),
    "draagvlak_effect": ("share", 0, 1, False, SHARE_FMT,
                         "Effect van draagvlak op de effectiviteit (0-1)."),
    "capacity_growth": ("number", 0, 1000, False, SHARE_FMT,
                        "Fasering: extra absorptiecapaciteit per euro die eerder aan de "
                        "organisatiecategorie is besteed (0 of meer)."),
    "carry_over": ("bool", None, None, False, "General",
                   "ja/nee: niet besteed budget schuift door naar volgende jaren."),
    "organisation_category": ("text", None, None, False, "General",
                              "Code van de categorie die de organisatiekracht versterkt."),
    "strategic_floor_eur": ("number", 0, MAX_EUR, False, EUR_FMT,
                            "Minimumbedrag per jaar voor strategische terreinen in de "
                            "organisatiecategorie (0 = geen vloer)."),
    "max_municipality_share": ("share", 0, 1, True, SHARE_FMT,
                               "Maximaal aandeel van het totale budget per gemeente (>0 en "
                               "hoogstens 1)."),
    **{
        f"capacity_level_{k}": ("number", 0, MAX_EUR, False, EUR_FMT,
                                f"Absorptiecapaciteit in euro per jaar bij organisatiegraad {k}.")
        for k in range(5)
    },
}
assert set(SETTING_SPECS) == set(SETTING_KEYS), "settings table out of date with Settings"

# Sheets the project writes that carry no input (silently skipped when reading).
INFO_SHEETS = frozenset({"toelichting", "explanation"})
RESULT_SHEETS = (
    "samenvatting", "verdeling", "per_terrein", "per_gemeente", "per_categorie", "per_jaar",
    "toelichting_terreinen",
)


# -- small helpers --------------------------------------------------------------------------
def _norm(name: Any) -> str:
    """Match names without regard to case, accents, NBSP and surrounding/inner white space."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", "_", text.replace("\xa0", " ").strip()).casefold()


def _shown(value: Any, limit: int = 60) -> str:
    """The value as the user typed it, shortened for a message."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _fmt_num(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


_SHEET_LOOKUP: dict[str, SheetSpec] = {}
for _spec in SHEETS:
    _SHEET_LOOKUP[_norm(_spec.name)] = _spec
    _SHEET_LOOKUP[_norm(_spec.nl)] = _spec
_COL_LOOKUP: dict[str, dict[str, Col]] = {
    s.name: {**{_norm(c.name): c for c in s.columns}, **{_norm(c.nl): c for c in s.columns}}
    for s in SHEETS
}
_EURO_TEXT = re.compile(r"^(?:€\s*)?(\d+|\d{1,3}(?:\.\d{3})+)$")
_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


class _Bad:
    """Marker for a cell that produced an issue."""


BAD = _Bad()


# -- stage 1: the container, before any parser -----------------------------------------------
def _refuse(nl: str, en: str, value: str | None = None) -> WorkbookError:
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
        return _refuse(
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
    return _refuse(
        f"Dit is {what[0]}, geen .xlsx-werkmap. {_SAVE_AS[0]}",
        f"This is {what[1]}, not an .xlsx workbook. {_SAVE_AS[1]}",
    )


@dataclass
class _ContainerInfo:
    has_formulas: bool
    rows: int


def _check_container(data: bytes) -> _ContainerInfo:
    """Refuse what is not a safe xlsx, before openpyxl parses anything (WORKBOOK.md, hard cases)."""
    size = len(data)
    if size == 0:
        raise _refuse(
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
        raise _refuse(
            f"Dit is {what[0]}, geen Excel-werkmap (.xlsx). {_SAVE_AS[0]} U kunt ook het "
            "sjabloon gebruiken.",
            f"This is {what[1]}, not an Excel workbook (.xlsx). {_SAVE_AS[1]} You can also use "
            "the template.",
        )
    truncated = _refuse(
        "Het bestand is beschadigd of onvolledig (bijvoorbeeld een afgebroken download of "
        "e-mailbijlage). Download of kopieer het opnieuw, of sla het opnieuw op in een "
        "spreadsheetprogramma.",
        "The file is damaged or incomplete (for example an interrupted download or e-mail "
        "attachment). Download or copy it again, or save it again in a spreadsheet program.",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise truncated from None
    names = {i.filename for i in infos}
    if "mimetype" in names:
        try:
            mime = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
        except Exception:  # noqa: BLE001 - a broken mimetype entry is just "not xlsx"
            mime = ""
        if mime.startswith("application/vnd.oasis.opendocument"):
            kind = "spreadsheet" in mime
            raise _refuse(
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
        raise _refuse(
            "Het zip-archief is met een wachtwoord versleuteld. Sla het werkboek zonder "
            "wachtwoord op als .xlsx.",
            "The zip archive is encrypted with a password. Save the workbook without a password "
            "as .xlsx.",
        )
    declared = sum(i.file_size for i in infos)
    bomb = _refuse(
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
    if "xl/workbook.xml" not in names and not any(
        n.lower().startswith("xl/workbook") for n in names
    ):
        if any(n.lower() == "xl/workbook.bin" for n in names):
            what = ("een binaire Excel-werkmap (.xlsb)", "a binary Excel workbook (.xlsb)")
        elif any(n.startswith("word/") for n in names):
            what = ("een Word-document", "a Word document")
        elif any(n.startswith("ppt/") for n in names):
            what = ("een PowerPoint-presentatie", "a PowerPoint presentation")
        else:
            what = ("een zip-archief", "a zip archive")
        raise _refuse(
            f"Dit is {what[0]}, geen Excel-werkmap (.xlsx). {_SAVE_AS[0]}",
            f"This is {what[1]}, not an Excel workbook (.xlsx). {_SAVE_AS[1]}",
        )
    return _scan_parts(archive, infos, truncated)


def _too_big(size: int) -> WorkbookError:
    mb = size / 1024 / 1024
    return _refuse(
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
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], truncated: WorkbookError
) -> _ContainerInfo:
    """Stream every XML part once: entity declarations, real inflated size, formulas, rows.

    Non-finite numbers (`<v>NaN</v>`) are found here too: openpyxl cannot load a workbook
    holding them, so they are reported by cell before it tries.
    """
    inflated = 0
    has_formulas = False
    rows = 0
    nonfinite_parts: list[zipfile.ZipInfo] = []
    chunk_size = 1 << 16
    for info in infos:
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = name.startswith("xl/worksheets/")
        tail = b""
        try:
            with archive.open(info) as stream:
                while True:
                    chunk = stream.read(chunk_size)
                    if not chunk:
                        break
                    inflated += len(chunk)
                    if inflated > MAX_INFLATED_BYTES:
                        raise _refuse(
                            "Het bestand pakt uit tot meer dan 200 MB en is geweigerd.",
                            "The file inflates to more than 200 MB and was refused.",
                        )
                    joined = tail + chunk
                    window = joined.lower()
                    if any(mark in window for mark in _DANGEROUS):
                        raise _refuse(
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
        raise _refuse(
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
    return _ContainerInfo(has_formulas=has_formulas, rows=rows)


def _source_bytes(src: str | Path | bytes | bytearray | memoryview) -> tuple[bytes, str]:
    if isinstance(src, bytes | bytearray | memoryview):
        data = bytes(src)
        return data, ""
    path = Path(src)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError(str(path))
    except FileNotFoundError:
        raise _refuse(f"Bestand niet gevonden: {path}", f"File not found: {path}") from None
    except IsADirectoryError:
        raise _refuse(f"Dit is een map, geen bestand: {path}",
                      f"This is a folder, not a file: {path}") from None
    except OSError as err:
        raise _refuse(f"Het bestand kan niet worden geopend: {err}",
                      f"The file cannot be opened: {err}") from None
    if size > MAX_FILE_BYTES:  # refuse without reading it into memory
        raise _too_big(size)
    try:
        return path.read_bytes(), path.name
    except OSError as err:
        raise _refuse(f"Het bestand kan niet worden gelezen: {err}",
                      f"The file cannot be read: {err}") from None


def _open(data: bytes, *, data_only: bool) -> Workbook:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (extensions, styles); we only read data.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(data), data_only=data_only, keep_vba=False, keep_links=False,
                rich_text=False,
            )
    except Exception as err:  # noqa: BLE001 - any parser failure becomes a sentence
        raise _refuse(
            "Het bestand lijkt een Excel-werkmap, maar kan niet worden gelezen "
            f"({type(err).__name__}). Open het in een spreadsheetprogramma en sla het opnieuw op "
            "als .xlsx.",
            f"The file looks like an Excel workbook but cannot be read ({type(err).__name__}). "
            "Open it in a spreadsheet program and save it again as .xlsx.",
        ) from None


# -- stage 3: sheets to rows ----------------------------------------------------------------
@dataclass
class _Row:
    number: int
    values: dict[str, Any]  # canonical column -> parsed value (only non-empty, valid cells)
    bad: bool = False  # some cell of this row was reported
    percent: frozenset[str] = frozenset()  # columns whose cell is formatted as a percentage


@dataclass
class _Table:
    sheet: str  # the title as in the user's file
    spec: SheetSpec
    headers: dict[str, str]  # canonical column -> header as written
    rows: list[_Row]


class _Reader:
    def __init__(self, wb: Workbook, wb_formulas: Workbook | None) -> None:
        self.wb = wb
        self.wb_f = wb_formulas
        self.errors: list[InputIssue] = []
        self.warnings: list[InputIssue] = []

    # issues --------------------------------------------------------------------------------
    def err(self, sheet: str, row: int | None, column: str | None, value: Any, nl: str,
            en: str) -> None:
        shown = None if value is None else _shown(value)
        self.errors.append(InputIssue(sheet, row, column, shown, nl, en))

    def warn(self, sheet: str, row: int | None, column: str | None, nl: str, en: str) -> None:
        self.warnings.append(InputIssue(sheet, row, column, None, nl, en, severity="warning"))

    # sheets --------------------------------------------------------------------------------
    def pick_sheets(self) -> dict[str, Worksheet]:
        found: dict[str, list[Worksheet]] = {s.name: [] for s in SHEETS}
        for ws in self.wb.worksheets:
            spec = _SHEET_LOOKUP.get(_norm(ws.title))
            hidden = ws.sheet_state != "visible"
            if spec is None:
                if _norm(ws.title) in INFO_SHEETS:
                    continue
                if hidden:
                    self.warn(ws.title, None, None,
                              f"Verborgen blad '{ws.title}' wordt genegeerd.",
                              f"Hidden sheet '{ws.title}' is ignored.")
                else:
                    self.warn(ws.title, None, None,
                              f"Onbekend blad '{ws.title}' wordt genegeerd.",
                              f"Unknown sheet '{ws.title}' is ignored.")
                continue
            found[spec.name].append(ws)
        for chart in getattr(self.wb, "chartsheets", []):
            self.warn(chart.title, None, None,
                      f"Grafiekblad '{chart.title}' wordt genegeerd.",
                      f"Chart sheet '{chart.title}' is ignored.")
        chosen: dict[str, Worksheet] = {}
        for spec in SHEETS:
            sheets = found[spec.name]
            visible = [w for w in sheets if w.sheet_state == "visible"]
            hidden = [w for w in sheets if w.sheet_state != "visible"]
            names = f"'{spec.nl}' / '{spec.name}'"
            if len(visible) > 1:
                titles = " en ".join(f"'{w.title}'" for w in visible)
                titles_en = " and ".join(f"'{w.title}'" for w in visible)
                self.err(visible[1].title, None, None, None,
                         f"De bladen {titles} betekenen allebei {names}; houd er één over.",
                         f"Sheets {titles_en} both mean {names}; keep only one.")
                continue
            if visible:
                chosen[spec.name] = visible[0]
                for w in hidden:
                    self.warn(w.title, None, None,
                              f"Verborgen blad '{w.title}' wordt genegeerd; blad "
                              f"'{visible[0].title}' wordt gebruikt.",
                              f"Hidden sheet '{w.title}' is ignored; sheet "
                              f"'{visible[0].title}' is used.")
            elif hidden and spec.required:
                chosen[spec.name] = hidden[0]
                self.warn(hidden[0].title, None, None,
                          f"Blad '{hidden[0].title}' is verborgen, maar verplicht; het wordt "
                          "toch gelezen.",
                          f"Sheet '{hidden[0].title}' is hidden but required; it is read "
                          "anyway.")
            elif hidden:
                self.warn(hidden[0].title, None, None,
                          f"Verborgen blad '{hidden[0].title}' wordt genegeerd; de "
                          "standaardwaarden gelden.",
                          f"Hidden sheet '{hidden[0].title}' is ignored; the defaults apply.")
            elif spec.required:
                self.err(spec.nl, None, None, None,
                         f"Het verplichte blad '{spec.nl}' (of '{spec.name}') ontbreekt.",
                         f"The required sheet '{spec.name}' (or '{spec.nl}') is missing.")
        return chosen

    def formula_ws(self, ws: Worksheet) -> Worksheet | None:
        if self.wb_f is None:
            return None
        try:
            return self.wb_f[ws.title]
        except KeyError:
            return None

    # cells ---------------------------------------------------------------------------------
    def raw(self, ws: Worksheet, ws_f: Worksheet | None, sheet: str, r: int, c: int,
            column: str) -> Any:
        """The cell's value, or None when empty, or BAD after reporting a problem."""
        cell = ws.cell(row=r, column=c)
        value = cell.value
        ref = f"{cell.column_letter}{r}" if hasattr(cell, "column_letter") else f"R{r}C{c}"
        if value is None and ws_f is not None:
            fcell = ws_f.cell(row=r, column=c)
            formula = fcell.value
            if fcell.data_type == "f" or (formula is not None and not isinstance(
                    formula, str | int | float | bool | _dt.datetime | _dt.date | _dt.time)):
                text = formula if isinstance(formula, str) else getattr(formula, "text", "")
                self.err(sheet, r, column, text or "(formule)",
                         f"Cel {ref} bevat een formule zonder opgeslagen uitkomst. Open het "
                         "bestand in een spreadsheetprogramma (Excel, LibreOffice) en sla het op, "
                         "zodat de uitkomsten worden berekend.",
                         f"Cell {ref} holds a formula without a saved result. Open the file in "
                         "a spreadsheet program (Excel, LibreOffice) and save it, so the results "
                         "are calculated.")
                return BAD
        if value is None:
            return None
        if cell.data_type == "e":  # a text cell "#N/A" (typed with ') is just text
            self.err(sheet, r, column, value,
                     f"Cel {ref} bevat de Excel-foutwaarde {value}; herstel de formule of vul "
                     "een waarde in.",
                     f"Cell {ref} holds the Excel error value {value}; fix the formula or enter "
                     "a value.")
            return BAD
        if isinstance(value, float) and not math.isfinite(value):
            self.err(sheet, r, column, value,
                     f"Cel {ref} bevat {value!r}, geen geldig getal.",
                     f"Cell {ref} holds {value!r}, not a valid number.")
            return BAD
        if isinstance(value, _dt.datetime | _dt.date | _dt.time | _dt.timedelta):
            self.err(sheet, r, column, value,
                     f"Cel {ref} bevat een datum of tijd; verwacht wordt een getal of tekst. "
                     "Geef de cel de opmaak 'Standaard'.",
                     f"Cell {ref} holds a date or time; a number or text is expected. Give the "
                     "cell the 'General' format.")
            return BAD
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                self.err(sheet, r, column, value,
                         f"Cel {ref} bevat {len(value)} tekens; hoogstens {MAX_TEXT} zijn "
                         "toegestaan.",
                         f"Cell {ref} holds {len(value)} characters; at most {MAX_TEXT} are "
                         "allowed.")
                return BAD
            value = value.strip()
            if value == "":
                return None
        return value

    def is_percent(self, ws: Worksheet, r: int, c: int) -> bool:
        number_format = re.sub(r'"[^"]*"', "", ws.cell(row=r, column=c).number_format or "")
        return "%" in number_format

    def parse(self, col: Col, value: Any, sheet: str, r: int, header: str,
              percent: bool) -> Any:
        """Typed value of a non-empty cell, or BAD after reporting a problem."""
        kind, lo, hi, lo_open = col.kind, col.lo, col.hi, col.lo_open
        if kind == "bool":
            return self.parse_bool(value, sheet, r, header)
        if kind in ("text", "id"):
            return self.parse_text(col, kind, value, sheet, r, header)
        num = self.parse_number(value, sheet, r, header, share=(kind == "share"))
        if num is BAD:
            return BAD
        if kind == "share":
            lo = 0.0 if lo is None else lo
            hi = 1.0 if hi is None else hi
            if num > 1 and not percent and num <= 100:
                self.err(sheet, r, header, value,
                         f"Een aandeel is een getal van 0 tot en met 1; {_fmt_num(num)} is te "
                         f"groot. Bedoelt u {_fmt_num(num / 100)}? (Of geef de cel de opmaak "
                         "percentage.)",
                         f"A share is a number from 0 to 1; {_fmt_num(num)} is too large. Did "
                         f"you mean {_fmt_num(num / 100)}? (Or format the cell as a "
                         "percentage.)")
                return BAD
        if kind == "int":
            if float(num) != int(num):
                self.err(sheet, r, header, value,
                         f"Verwacht een geheel getal; {_fmt_num(num)} heeft decimalen.",
                         f"A whole number is expected; {_fmt_num(num)} has decimals.")
                return BAD
            num = int(num)
        too_low = lo is not None and (num <= lo if lo_open else num < lo)
        too_high = hi is not None and num > hi
        if too_low or too_high:
            low_nl = (f"groter dan {_fmt_num(lo)}" if lo_open else f"minstens {_fmt_num(lo)}"
                      ) if lo is not None else ""
            low_en = (f"greater than {_fmt_num(lo)}" if lo_open else f"at least {_fmt_num(lo)}"
                      ) if lo is not None else ""
            parts_nl = [p for p in (low_nl, f"hoogstens {_fmt_num(hi)}" if hi is not None
                                    else "") if p]
            parts_en = [p for p in (low_en, f"at most {_fmt_num(hi)}" if hi is not None
                                    else "") if p]
            self.err(sheet, r, header, value,
                     f"Waarde {_fmt_num(num)} ligt buiten het toegestane bereik: "
                     f"{' en '.join(parts_nl)}.",
                     f"Value {_fmt_num(num)} is out of range: it must be "
                     f"{' and '.join(parts_en)}.")
            return BAD
        return num

    def parse_number(self, value: Any, sheet: str, r: int, header: str,
                     share: bool = False) -> Any:
        if isinstance(value, bool):
            self.err(sheet, r, header, value,
                     f"Verwacht een getal, gevonden de waarheidswaarde {value}.",
                     f"A number is expected, found the boolean {value}.")
            return BAD
        if isinstance(value, int | float):
            return value
        text = str(value).strip()
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity", "oneindig"):
            self.err(sheet, r, header, value,
                     f"'{text}' is geen geldig getal.", f"'{text}' is not a valid number.")
            return BAD
        m = _EURO_TEXT.match(text)
        if m:
            return int(m.group(1).replace(".", ""))
        if text.endswith("%"):
            hint_nl = hint_en = ""
            try:
                pct = float(text[:-1].strip().replace(",", "."))
                hint_nl = f" Typ {_fmt_num(pct / 100)}"
                hint_en = f" Type {_fmt_num(pct / 100)}"
            except ValueError:
                pass
            self.err(sheet, r, header, value,
                     f"Een percentage als tekst wordt niet gelezen.{hint_nl or ' Typ een getal'}"
                     " in de cel, of een getal met de opmaak percentage.",
                     f"A percentage written as text is not read.{hint_en or ' Type a number'} "
                     "in the cell, or a number formatted as a percentage.")
            return BAD
        self.err(sheet, r, header, value,
                 "Verwacht een getal, gevonden tekst. Typ het getal in de cel (bijv. 12500 of "
                 "€ 12.500 voor hele euro's); tekst als '12.5' of '1.234,56' is dubbelzinnig.",
                 "A number is expected, found text. Type the number in the cell (e.g. 12500 or "
                 "€ 12.500 for whole euros); text like '12.5' or '1.234,56' is ambiguous.")
        return BAD

    def parse_bool(self, value: Any, sheet: str, r: int, header: str) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in ("ja", "yes", "true", "waar", "1", "x", "j", "y"):
            return True
        if text in ("nee", "no", "false", "onwaar", "0", "n"):
            return False
        self.err(sheet, r, header, value,
                 "Verwacht ja of nee (ook: waar/onwaar, 1/0, x of leeg).",
                 "Expected yes or no (also: ja/nee, true/false, 1/0, x or empty).")
        return BAD

    def parse_text(self, col: Col, kind: str, value: Any, sheet: str, r: int,
                   header: str) -> Any:
        if isinstance(value, bool):
            text = "TRUE" if value else "FALSE"
        elif isinstance(value, int):
            text = str(value)
        elif isinstance(value, float):
            text = str(int(value)) if value.is_integer() else repr(value)
        else:
            text = str(value)
        if len(text) > col.max_len:
            self.err(sheet, r, header, text,
                     f"Tekst van {len(text)} tekens; hoogstens {col.max_len} zijn toegestaan.",
                     f"Text of {len(text)} characters; at most {col.max_len} are allowed.")
            return BAD
        if kind == "id" and not _ID_RE.match(text):
            self.err(sheet, r, header, text,
                     "Een code mag alleen letters (zonder accenten), cijfers, '-', '_' en '.' "
                     "bevatten, zonder spaties.",
                     "A code may only contain letters (without accents), digits, '-', '_' and "
                     "'.', without spaces.")
            return BAD
        return text

    # tables --------------------------------------------------------------------------------
    def table(self, ws: Worksheet, spec: SheetSpec) -> _Table | None:
        sheet = ws.title
        ws_f = self.formula_ws(ws)
        max_row, max_col = ws.max_row, ws.max_column
        headers: dict[str, str] = {}
        positions: dict[str, int] = {}
        header_cells = [ws.cell(row=1, column=c).value for c in range(1, max_col + 1)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in header_cells):
            self.err(sheet, 1, None, None,
                     f"Blad '{sheet}' heeft geen kopregel: zet de kolomnamen in rij 1 (zie het "
                     "sjabloon).",
                     f"Sheet '{sheet}' has no header row: put the column names in row 1 (see "
                     "the template).")
            return None
        lookup = _COL_LOOKUP[spec.name]
        from openpyxl.utils import get_column_letter

        for c, value in enumerate(header_cells, start=1):
            letter = get_column_letter(c)
            if value is None or (isinstance(value, str) and not value.strip()):
                has_data = any(ws.cell(row=r, column=c).value not in (None, "")
                               for r in range(2, max_row + 1))
                if has_data:
                    self.warn(sheet, None, letter,
                              f"Kolom {letter} heeft waarden maar geen kolomnaam; de kolom wordt "
                              "genegeerd.",
                              f"Column {letter} has values but no name; it is ignored.")
                continue
            written = str(value).strip()
            col = lookup.get(_norm(value))
            if col is None:
                self.warn(sheet, None, written,
                          f"Onbekende kolom '{written}' wordt genegeerd.",
                          f"Unknown column '{written}' is ignored.")
                continue
            if col.name in headers:
                first = headers[col.name]
                self.err(sheet, 1, written, written,
                         f"Kolom '{written}' (kolom {letter}) komt twee keer voor (ook als "
                         f"'{first}', kolom {get_column_letter(positions[col.name])}); "
                         "houd er één over.",
                         f"Column '{written}' (column {letter}) appears twice (also as "
                         f"'{first}', column {get_column_letter(positions[col.name])}); keep "
                         "only one.")
                continue
            headers[col.name] = written
            positions[col.name] = c
        ok = True
        for col in spec.columns:
            if col.required and col.name not in headers:
                ok = False
                self.err(sheet, 1, col.nl, None,
                         f"Verplichte kolom '{col.nl}' (of '{col.name}') ontbreekt. {col.help_nl}",
                         f"Required column '{col.name}' (or '{col.nl}') is missing.")
        for merged in ws.merged_cells.ranges:
            span = (f"{merged.min_row}" if merged.min_row == merged.max_row
                    else f"{merged.min_row}-{merged.max_row}")
            self.err(sheet, merged.min_row, None, str(merged.coord),
                     f"Samengevoegde cellen {merged.coord} (rij {span}): maak de samenvoeging "
                     "ongedaan en vul elke cel apart in.",
                     f"Merged cells {merged.coord} (rows {span}): unmerge them and fill in every "
                     "cell.")
            ok = False
        hidden_cols = []
        for dim in ws.column_dimensions.values():
            if dim.hidden and dim.min is not None:
                for name, pos in positions.items():
                    if dim.min <= pos <= (dim.max or dim.min):
                        hidden_cols.append(headers[name])
        if hidden_cols:
            self.warn(sheet, None, ", ".join(hidden_cols),
                      f"Verborgen kolommen worden gewoon gelezen: {', '.join(hidden_cols)}.",
                      f"Hidden columns are read like any other: {', '.join(hidden_cols)}.")
        if not ok:
            return None
        limit = MAX_PARKS if spec is PARKS else 10_000
        rows: list[_Row] = []
        hidden_rows: list[int] = []
        count = 0
        other_cols = [c for c in range(1, max_col + 1) if c not in positions.values()]
        # only shares (and setting values) read the cell format: it is slow to look up
        percent_cols = [n for n in positions if spec.col(n).kind in ("share", "any")]
        for r in range(2, max_row + 1):
            raw: dict[str, Any] = {}
            failed: set[str] = set()
            for name, c in positions.items():
                value = self.raw(ws, ws_f, sheet, r, c, headers[name])
                if value is BAD:
                    failed.add(name)
                elif value is not None:
                    raw[name] = value
            if not raw and not failed and not any(
                ws.cell(row=r, column=c).value not in (None, "") for c in other_cols
            ):
                continue  # a fully empty row
            count += 1
            if count > limit:
                continue
            if ws.row_dimensions[r].hidden:
                hidden_rows.append(r)
            values: dict[str, Any] = {}
            percent = frozenset(n for n in percent_cols if self.is_percent(ws, r, positions[n]))
            for name, value in raw.items():
                col = spec.col(name)
                if col.kind == "any":
                    values[name] = value
                    continue
                parsed = self.parse(col, value, sheet, r, headers[name], name in percent)
                if parsed is BAD:
                    failed.add(name)
                else:
                    values[name] = parsed
            for col in spec.columns:
                if col.required and col.name in headers and col.name not in raw \
                        and col.name not in failed:
                    failed.add(col.name)
                    self.err(sheet, r, headers[col.name], None,
                             f"Lege cel; hier is een waarde verplicht. {col.help_nl}",
                             "Empty cell; a value is required here.")
            rows.append(_Row(r, values, bad=bool(failed), percent=percent))
        if count > limit:
            what = "terreinen" if spec is PARKS else "rijen"
            self.err(sheet, None, None, str(count),
                     f"Het blad heeft {count} {what}; hoogstens {limit} zijn toegestaan.",
                     f"The sheet has {count} {'parks' if spec is PARKS else 'rows'}; at most "
                     f"{limit} are allowed.")
        if hidden_rows:
            shown = ", ".join(str(r) for r in hidden_rows[:10]) + (
                " …" if len(hidden_rows) > 10 else "")
            self.warn(sheet, hidden_rows[0], None,
                      f"Verborgen rijen worden gewoon gelezen: rij {shown}.",
                      f"Hidden rows are read like any other: row {shown}.")
        return _Table(sheet, spec, headers, rows)


# -- assembling the scenario ----------------------------------------------------------------
def _translate(err: ValidationError, sheet: str, row: int | None,
               headers: dict[str, str]) -> list[InputIssue]:
    """Pydantic's report in the user's words (sheet, row, column as written)."""
    issues = []
    for e in err.errors(include_url=False):
        loc = [str(x) for x in e.get("loc", ())]
        field = loc[0] if loc else None
        column = headers.get(field, field) if field else None
        value = e.get("input")
        shown = None if value is None or isinstance(value, dict) else _shown(value)
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        issues.append(InputIssue(sheet, row, column, shown,
                                 f"Waarde niet geaccepteerd: {msg}.",
                                 f"Value not accepted: {msg}."))
    return issues


M = TypeVar("M", bound=BaseModel)


def _unique_models(t: _Table, id_field: str, model: type[M], errors: list[InputIssue],
                   duplicate_nl: str, duplicate_en: str) -> list[M]:
    """One model per usable row; an id that repeats is an error naming the first row."""
    out: list[M] = []
    seen: dict[str, int] = {}
    for row in t.rows:
        key = row.values.get(id_field)
        if isinstance(key, str):
            if key in seen:
                errors.append(InputIssue(
                    t.sheet, row.number, t.headers[id_field], key,
                    duplicate_nl.format(id=key, row=seen[key]),
                    duplicate_en.format(id=key, row=seen[key])))
            else:
                seen[key] = row.number
        if row.bad:
            continue
        try:
            out.append(model(**row.values))
        except ValidationError as e:
            errors.extend(_translate(e, t.sheet, row.number, t.headers))
    return out


def _build(reader: _Reader, tables: dict[str, _Table | None], source: str) -> Scenario | None:
    errors = reader.errors
    # parks
    parks: list[Park] = []
    t = tables.get("parks")
    if t is not None:
        if not t.rows:
            errors.append(InputIssue(
                t.sheet, None, None, None,
                f"Blad '{t.sheet}' bevat geen terreinen: vul vanaf rij 2 één rij per "
                "bedrijventerrein in.",
                f"Sheet '{t.sheet}' has no parks: fill in one row per business park from row 2."))
        parks = _unique_models(
            t, "park_id", Park, errors,
            "Terreincode '{id}' komt al voor in rij {row}; elke code moet uniek zijn.",
            "Park id '{id}' already appears in row {row}; every id must be unique.")
    # budget
    budget: list[BudgetYear] = []
    t = tables.get("budget")
    if t is not None:
        if not t.rows:
            errors.append(InputIssue(t.sheet, None, None, None,
                                     f"Blad '{t.sheet}' bevat geen jaren.",
                                     f"Sheet '{t.sheet}' has no years."))
        if len(t.rows) > MAX_YEARS:
            errors.append(InputIssue(
                t.sheet, t.rows[MAX_YEARS].number, None, str(len(t.rows)),
                f"Het blad heeft {len(t.rows)} jaren; hoogstens {MAX_YEARS} zijn toegestaan.",
                f"The sheet has {len(t.rows)} years; at most {MAX_YEARS} are allowed."))
        good = [r for r in t.rows if not r.bad]
        prev: tuple[int, int] | None = None
        for row in good:
            year = row.values["year"]
            if prev is not None and year != prev[0] + 1:
                col = t.headers["year"]
                if year == prev[0]:
                    nl = f"Jaar {year} staat ook al in rij {prev[1]}; elk jaar komt één keer voor."
                    en = f"Year {year} also appears in row {prev[1]}; each year appears once."
                elif year > prev[0]:
                    missing = f"{prev[0] + 1}" + (f"-{year - 1}" if year - 1 > prev[0] + 1 else "")
                    nl = (f"Na {prev[0]} (rij {prev[1]}) volgt {year}: jaar {missing} ontbreekt. "
                          "De jaren moeten opeenvolgend zijn.")
                    en = (f"After {prev[0]} (row {prev[1]}) comes {year}: year {missing} is "
                          "missing. Years must be consecutive.")
                else:
                    nl = (f"Na {prev[0]} (rij {prev[1]}) volgt {year}; zet de jaren oplopend en "
                          "zonder herhalingen.")
                    en = (f"After {prev[0]} (row {prev[1]}) comes {year}; list the years in "
                          "increasing order without repeats.")
                errors.append(InputIssue(t.sheet, row.number, col, str(year), nl, en))
            prev = (year, row.number)
            try:
                budget.append(BudgetYear(**row.values))
            except ValidationError as e:
                errors.extend(_translate(e, t.sheet, row.number, t.headers))
    # categories
    categories: list[Category] = list(DEFAULT_CATEGORIES)
    t = tables.get("categories")
    cat_sheet = t.sheet if t is not None else None
    if t is not None:
        if not t.rows:
            errors.append(InputIssue(
                t.sheet, None, None, None,
                f"Blad '{t.sheet}' bevat geen categorieën; vul ze in of verwijder het blad om "
                "de standaardcategorieën te gebruiken.",
                f"Sheet '{t.sheet}' has no categories; fill them in or remove the sheet to use "
                "the default categories."))
        categories = _unique_models(
            t, "category", Category, errors,
            "Categorie '{id}' komt al voor in rij {row}.",
            "Category '{id}' already appears in row {row}.")
    # returns
    returns: list[ReturnSegment] = list(DEFAULT_RETURNS)
    t = tables.get("returns")
    if t is not None:
        returns = []
        if not t.rows:
            errors.append(InputIssue(
                t.sheet, None, None, None,
                f"Blad '{t.sheet}' bevat geen segmenten; vul ze in of verwijder het blad.",
                f"Sheet '{t.sheet}' has no segments; fill them in or remove the sheet."))
        good = [r for r in t.rows if not r.bad]
        share_col = t.headers.get("up_to_share", RETURNS.col("up_to_share").nl)
        mult_col = t.headers["multiplier"]
        for i, row in enumerate(good):
            share = row.values.get("up_to_share")
            last = i == len(good) - 1
            if share is None and not last:
                errors.append(InputIssue(
                    t.sheet, row.number, share_col, None,
                    "Alleen de laatste rij mag een lege grens hebben.",
                    "Only the last row may have a blank bound."))
            if share is not None and last:
                errors.append(InputIssue(
                    t.sheet, row.number, share_col, _fmt_num(share),
                    "De laatste rij moet een lege grens hebben (het laatste segment is "
                    "onbegrensd).",
                    "The last row must have a blank bound (the last segment is unbounded)."))
            if i > 0:
                before = good[i - 1]
                ps = before.values.get("up_to_share")
                if share is not None and ps is not None and share <= ps:
                    errors.append(InputIssue(
                        t.sheet, row.number, share_col, _fmt_num(share),
                        f"De grenzen moeten strikt oplopen: {_fmt_num(share)} is niet groter "
                        f"dan {_fmt_num(ps)} in rij {before.number}.",
                        f"Bounds must strictly increase: {_fmt_num(share)} is not greater "
                        f"than {_fmt_num(ps)} in row {before.number}."))
                pm, m = before.values.get("multiplier"), row.values.get("multiplier")
                if pm is not None and m is not None and m > pm:
                    errors.append(InputIssue(
                        t.sheet, row.number, mult_col, _fmt_num(m),
                        f"De factor mag niet stijgen: {_fmt_num(m)} is hoger dan {_fmt_num(pm)} "
                        f"in rij {before.number} (afnemende meeropbrengst).",
                        f"The multiplier may not increase: {_fmt_num(m)} is higher than "
                        f"{_fmt_num(pm)} in row {before.number} (diminishing returns)."))
            try:
                returns.append(ReturnSegment(up_to_share=share, multiplier=row.values[
                    "multiplier"]))
            except ValidationError as e:
                errors.extend(_translate(e, t.sheet, row.number, t.headers))
    # settings
    settings_values: dict[str, Any] = {}
    setting_rows: dict[str, int] = {}
    t = tables.get("settings")
    set_sheet = t.sheet if t is not None else "instellingen"
    val_col = t.headers.get("value", "waarde") if t is not None else "waarde"
    if t is not None:
        settings_values, setting_rows = _settings(reader, t)
    settings: Settings | None = None
    try:
        settings = Settings(**settings_values)
    except ValidationError as e:
        weights = [k for k in setting_rows if k.startswith("weight_")]
        for issue in e.errors(include_url=False):
            msg = str(issue.get("msg", "")).removeprefix("Value error, ")
            if "all zero" in msg:
                errors.append(InputIssue(
                    set_sheet, setting_rows[weights[0]] if weights else None,
                    val_col if weights else None, "0",
                    "De doelgewichten (weight_energy, weight_circularity, weight_economy, "
                    "weight_cooperation) zijn allemaal nul; minstens één moet groter dan 0 zijn.",
                    "The goal weights (weight_energy, weight_circularity, weight_economy, "
                    "weight_cooperation) are all zero; at least one must be greater than 0."))
            else:
                errors.append(InputIssue(set_sheet, None, None, None,
                                         f"Instelling niet geaccepteerd: {msg}.",
                                         f"Setting not accepted: {msg}."))
    org = settings_values.get("organisation_category", Settings().organisation_category)
    cat_ids = {c.category for c in categories}
    categories_unreadable = "categories" in tables and tables["categories"] is None
    if not categories_unreadable and categories and org not in cat_ids:
        known = ", ".join(sorted(cat_ids))
        if "organisation_category" in setting_rows:
            errors.append(InputIssue(
                set_sheet, setting_rows["organisation_category"], val_col, org,
                f"organisation_category '{org}' is geen categorie uit blad "
                f"'{cat_sheet or 'categorieen'}' (bekend: {known}).",
                f"organisation_category '{org}' is not a category in sheet "
                f"'{cat_sheet or 'categories'}' (known: {known})."))
        else:
            errors.append(InputIssue(
                cat_sheet or "categorieen", None, None, org,
                f"De organisatiecategorie '{org}' (standaardwaarde van organisation_category) "
                "staat niet in dit blad. Voeg die categorie toe, of zet organisation_category in "
                f"blad 'instellingen' op een van: {known}.",
                f"The organisation category '{org}' (default of organisation_category) is not in "
                "this sheet. Add that category, or set organisation_category in sheet "
                f"'settings' to one of: {known}."))
    if errors or settings is None:
        return None
    try:
        return Scenario(parks=tuple(parks), budget=tuple(budget), categories=tuple(categories),
                        returns=tuple(returns), settings=settings, source=source)
    except ValidationError as e:  # a cross-check the reader did not word itself
        errors.extend(_translate(e, "", None, {}))
        return None


def _settings(reader: _Reader, t: _Table) -> tuple[dict[str, Any], dict[str, int]]:
    """Key/value rows into Settings fields; an unknown key is an error (no silent default)."""
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    key_col = t.headers["key"]
    val_col = t.headers["value"]
    for row in t.rows:
        raw_key = row.values.get("key")
        if raw_key is None:
            if not row.bad:
                reader.err(t.sheet, row.number, key_col, None,
                           "Lege sleutel; vul de naam van de instelling in.",
                           "Empty key; fill in the name of the setting.")
            continue
        key = _norm(raw_key)
        if key not in SETTING_SPECS:
            close = difflib.get_close_matches(key, list(SETTING_SPECS), n=1)
            hint_nl = f" Bedoelt u '{close[0]}'?" if close else ""
            hint_en = f" Did you mean '{close[0]}'?" if close else ""
            reader.err(t.sheet, row.number, key_col, raw_key,
                       f"Onbekende instelling '{raw_key}'.{hint_nl} Bekende sleutels: "
                       + ", ".join(SETTING_SPECS) + ".",
                       f"Unknown setting '{raw_key}'.{hint_en} Known keys: "
                       + ", ".join(SETTING_SPECS) + ".")
            continue
        if key in where:
            reader.err(t.sheet, row.number, key_col, raw_key,
                       f"Instelling '{key}' staat ook al in rij {where[key]}.",
                       f"Setting '{key}' also appears in row {where[key]}.")
            continue
        where[key] = row.number
        if "value" not in row.values:
            if not row.bad:
                default = getattr(Settings(), key)
                reader.warn(t.sheet, row.number, val_col,
                            f"Instelling '{key}' heeft geen waarde; de standaardwaarde "
                            f"{default} geldt.",
                            f"Setting '{key}' has no value; the default {default} applies.")
            continue
        kind, lo, hi, lo_open, _fmt, help_nl = SETTING_SPECS[key]
        col = Col(key, key, kind, False, help_nl, lo=lo, hi=hi, lo_open=lo_open, max_len=64)
        parsed = reader.parse(col, row.values["value"], t.sheet, row.number, val_col,
                              "value" in row.percent)
        if parsed is not BAD:
            values[key] = parsed
    return values, where


def read_workbook(src: str | Path | bytes, source_name: str | None = None) -> LoadedWorkbook:
    """Read and validate an input workbook; raise `WorkbookError` listing every problem.

    `src` is a path or the file's bytes; `source_name` (default: the file name) is kept as the
    scenario's `source`. Warnings (unknown sheets or columns, hidden parts, ...) come back with
    the scenario, or inside the error.
    """
    data, name = _source_bytes(src)
    info = _check_container(data)
    wb = _open(data, data_only=True)
    wb_f = _open(data, data_only=False) if info.has_formulas else None
    reader = _Reader(wb, wb_f)
    try:
        scenario = _read(reader, source_name or name)
    except WorkbookError:
        raise
    except Exception as err:  # noqa: BLE001 - a safety net: the user gets a sentence
        reader.errors.append(InputIssue(
            "", None, None, None,
            f"Het werkboek kon niet volledig worden gelezen ({type(err).__name__}: {err}). "
            "Vergelijk het met het sjabloon, of sla het opnieuw op als .xlsx.",
            f"The workbook could not be read completely ({type(err).__name__}: {err}). "
            "Compare it with the template, or save it again as .xlsx."))
        scenario = None
    if reader.errors or scenario is None:
        if not reader.errors:  # pragma: no cover - defensive: never fail silently
            reader.errors.append(InputIssue("", None, None, None,
                                            "Het werkboek kon niet worden gelezen.",
                                            "The workbook could not be read."))
        raise WorkbookError(reader.errors, reader.warnings)
    return LoadedWorkbook(scenario=scenario, warnings=reader.warnings)


def _read(reader: _Reader, source: str) -> Scenario | None:
    chosen = reader.pick_sheets()
    tables: dict[str, _Table | None] = {}
    for spec in SHEETS:
        if spec.name in chosen:
            tables[spec.name] = reader.table(chosen[spec.name], spec)
    # build even when a required sheet failed, so the user sees every problem at once
    scenario = _build(reader, tables, source)
    if any(spec.required and tables.get(spec.name) is None for spec in SHEETS):
        return None
    return scenario


def load_workbook(src: str | Path | bytes) -> Scenario:
    """Like `read_workbook`, without the warnings."""
    return read_workbook(src).scenario


# -- writing --------------------------------------------------------------------------------
HEADER_FILL = "DDE7F0"


def _plain(value: Any) -> Any:
    """A value openpyxl writes as-is: numpy scalars unwrapped, NaN/NA as an empty cell."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bytes):
        try:
            value = item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not isinstance(value, str | int | float | bool):
        try:
            import pandas as pd

            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        return str(value)
    return value


def _put(cell: Any, value: Any) -> None:
    """Write one value; user text that could run as a formula stays plain text.

    Risky text (=, +, -, @, tab, CR first) is stored as a string cell with the quotePrefix
    style, the xlsx equivalent of a leading apostrophe: no spreadsheet evaluates it, and the
    text itself is unchanged, so the reader needs to strip nothing.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _plain(value)
    if isinstance(value, bool):
        value = "ja" if value else "nee"
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # XML 1.0 cannot hold them at all
        cell.value = value
        if value.startswith(RISKY_PREFIXES) or value in EXCEL_ERRORS:
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        # openpyxl writes numbers with 16 significant digits; a double can need 17. Writing
        # the shortest exact text keeps every value exact (Excel writes 17 digits too).
        cell.value = repr(value)
        cell.data_type = "n"
        return
    cell.value = value


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    formats: Sequence[str | None] | None = None,
    widths: Sequence[int | None] | None = None,
    start_row: int = 1,
    freeze: bool = True,
) -> int:
    """Write a header and rows: bold frozen header, number formats, widths that fit.

    Every cell goes through `_put` (formula-injection safe). Returns the last row written.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    longest = [len(str(h)) for h in headers]
    for c, name in enumerate(headers, start=1):
        cell = ws.cell(row=start_row, column=c)
        _put(cell, name)
        cell.font = bold
        cell.fill = fill
    r = start_row
    for r, row in enumerate(rows, start=start_row + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            _put(cell, value)
            number_format = formats[c - 1] if formats and c - 1 < len(formats) else None
            if number_format and number_format != "General" and cell.data_type == "n":
                cell.number_format = number_format
            if cell.value is not None and r - start_row <= 500:
                shown = cell.value if cell.data_type == "s" else _width_text(
                    _plain(value), number_format)
                longest[c - 1] = max(longest[c - 1], min(len(shown), 80))
    for c in range(1, len(headers) + 1):
        given = widths[c - 1] if widths and c - 1 < len(widths) else None
        fitted = min(max(longest[c - 1] + 2, 8), 60)
        ws.column_dimensions[get_column_letter(c)].width = max(given or 0, fitted)
    if freeze and start_row == 1:
        ws.freeze_panes = "A2"
    return r


def _width_text(value: Any, number_format: str | None) -> str:
    if isinstance(value, int | float) and number_format == EUR_FMT:
        return fmt.eur(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _validations(ws: Worksheet, spec: SheetSpec, last_row: int) -> None:
    """Dropdowns and range checks in the spreadsheet itself (the reader checks again)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for c, col in enumerate(spec.columns, start=1):
        rng = f"{get_column_letter(c)}2:{get_column_letter(c)}{last_row}"
        dv: DataValidation | None = None
        if col.kind == "bool":
            dv = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
            dv.error = "Kies ja of nee."
        elif col.kind == "int" and col.lo is not None and col.hi is not None:
            dv = DataValidation(type="whole", operator="between", formula1=_fmt_num(col.lo),
                                formula2=_fmt_num(col.hi), allow_blank=True)
            dv.error = f"Een geheel getal van {_fmt_num(col.lo)} tot en met {_fmt_num(col.hi)}."
        elif col.kind == "share":
            hi = 1 if col.hi is None else col.hi
            dv = DataValidation(type="decimal", operator="between", formula1="0",
                                formula2=_fmt_num(hi), allow_blank=True)
            dv.error = f"Een aandeel: een getal van 0 tot en met {_fmt_num(hi)} (bijv. 0,25)."
        elif col.kind == "number" and col.lo is not None:
            dv = DataValidation(type="decimal", operator="between", formula1=_fmt_num(col.lo),
                                formula2=_fmt_num(col.hi if col.hi is not None else MAX_EUR),
                                allow_blank=True)
            dv.error = f"Een getal van {_fmt_num(col.lo)} tot en met " \
                f"{_fmt_num(col.hi if col.hi is not None else MAX_EUR)}."
        elif col.kind == "id":
            dv = DataValidation(type="textLength", operator="lessThanOrEqual",
                                formula1=str(col.max_len), allow_blank=True)
            dv.error = f"Hoogstens {col.max_len} tekens: letters, cijfers, '-', '_' of '.'."
        if dv is None:
            continue
        dv.errorTitle = col.nl
        dv.showErrorMessage = True
        dv.prompt = col.help_nl[:250]
        dv.promptTitle = col.nl[:32]
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(rng)


def _cell_for(col: Col, value: Any) -> Any:
    if value is None:
        return None
    if col.kind == "bool":
        return "ja" if value else "nee"
    return value


def _spec_rows(spec: SheetSpec, items: Iterable[Any]) -> list[list[Any]]:
    return [[_cell_for(col, getattr(item, col.name)) for col in spec.columns] for item in items]


def _write_spec_sheet(wb: Workbook, spec: SheetSpec, rows: list[list[Any]],
                      validate_rows: int) -> Worksheet:
    ws = wb.create_sheet(spec.nl)
    write_table(ws, [c.nl for c in spec.columns], rows,
                formats=[c.fmt for c in spec.columns], widths=[c.width for c in spec.columns])
    _validations(ws, spec, max(validate_rows, len(rows)) + 1)
    return ws


def _settings_rows(settings: Settings) -> tuple[list[list[Any]], list[str]]:
    rows: list[list[Any]] = []
    fmts: list[str] = []
    for key, (kind, _lo, _hi, _open, number_format, _help) in SETTING_SPECS.items():
        value = getattr(settings, key)
        rows.append([key, ("ja" if value else "nee") if kind == "bool" else value])
        fmts.append(number_format)
    return rows, fmts


TOELICHTING_INTRO = (
    "Toelichting bij het werkboek Draagkracht",
    "Met dit werkboek verdeelt de provincie een meerjarig transitiebudget over "
    "bedrijventerreinen. Publiek geld werkt alleen waar ondernemers willen (draagvlak) én "
    "kunnen (draagkracht: geld, tijd, organisatie). Private cofinanciering is uitgangspunt.",
    "Verplichte bladen: terreinen en budget. De bladen categorieen, rendement en instellingen "
    "zijn optioneel; zonder die bladen gelden de standaardwaarden.",
    "Blad- en kolomnamen mogen Nederlands of Engels zijn (zie de kolom 'Engelse naam'); "
    "hoofdletters en spaties eromheen tellen niet. De kopregel staat in rij 1.",
    "Ja/nee-kolommen: ja/nee, waar/onwaar, 1/0 of x; leeg betekent nee.",
    "Aandelen: een getal van 0 tot en met 1 (bijv. 0,25), of een getal met de opmaak percentage "
    "(25%). Bedragen in euro's als getal; tekst als '€ 12.500' (hele euro's) wordt ook gelezen.",
    "Formules mogen; hun laatst opgeslagen uitkomst wordt gelezen. Lege rijen worden "
    "overgeslagen. Samengevoegde cellen zijn niet toegestaan.",
)


def _write_toelichting(wb: Workbook, notes: Sequence[str] = ()) -> Worksheet:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("toelichting")
    intro = [*TOELICHTING_INTRO, *notes]
    for r, line in enumerate(intro, start=1):
        _put(ws.cell(row=r, column=1), line)
        if r == 1:
            ws.cell(row=r, column=1).font = Font(bold=True, size=13)
    start = len(intro) + 2
    rows: list[list[Any]] = []
    for spec in SHEETS:
        for col in spec.columns:
            rows.append([spec.nl, col.nl, col.name, "ja" if col.required else "nee",
                         col.help_nl])
        if spec is SETTINGS:
            for key, (*_x, help_nl) in SETTING_SPECS.items():
                rows.append([spec.nl, key, key, "nee",
                             f"{help_nl} Standaard: {_default_text(key)}."])
    rows.append(["rendement", "(standaard)", "", "",
                 "Zonder blad rendement: tot 0,2 van de capaciteit factor 1; tot 0,5 factor 0,6; "
                 "daarboven factor 0,3."])
    write_table(ws, ["blad", "kolom", "Engelse naam", "verplicht", "uitleg"], rows,
                widths=[14, 26, 26, 10, 100], start_row=start, freeze=False)
    for r in range(start + 1, start + 1 + len(rows)):
        ws.cell(row=r, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["E"].width = 100
    return ws


def _default_text(key: str) -> str:
    value = getattr(Settings(), key)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return _fmt_num(value).replace(".", ",")
    return str(value)


def write_input_sheets(wb: Workbook, scenario: Scenario | None, *,
                       notes: Sequence[str] = ()) -> None:
    """Add the five input sheets and `toelichting` (Dutch names) to `wb`.

    With `scenario=None` this is the template: no parks, default categories, returns and
    settings, and the years `TEMPLATE_YEARS` with budget 0 to fill in.
    """
    parks = scenario.parks if scenario else ()
    budget = scenario.budget if scenario else tuple(
        BudgetYear(year=y, budget_eur=0) for y in TEMPLATE_YEARS)
    categories = scenario.categories if scenario else DEFAULT_CATEGORIES
    returns = scenario.returns if scenario else DEFAULT_RETURNS
    settings = scenario.settings if scenario else Settings()
    _write_spec_sheet(wb, PARKS, _spec_rows(PARKS, parks), validate_rows=MAX_PARKS)
    _write_spec_sheet(wb, BUDGET, _spec_rows(BUDGET, budget), validate_rows=MAX_YEARS)
    _write_spec_sheet(wb, CATEGORIES, _spec_rows(CATEGORIES, categories), validate_rows=50)
    _write_spec_sheet(wb, RETURNS, _spec_rows(RETURNS, returns), validate_rows=20)
    ws = wb.create_sheet(SETTINGS.nl)
    rows, fmts = _settings_rows(settings)
    write_table(ws, [c.nl for c in SETTINGS.columns], rows, widths=[26, 16])
    for r, number_format in enumerate(fmts, start=2):
        cell = ws.cell(row=r, column=2)
        if cell.data_type == "n":
            cell.number_format = number_format
    _write_toelichting(wb, notes)


def new_workbook() -> Workbook:
    """An empty workbook (no default sheet); the results and comparison writers fill it."""
    from openpyxl import Workbook as _Workbook

    wb = _Workbook()
    wb.remove(wb.active)
    return wb


def save_workbook(wb: Workbook, path: Path | str | None) -> bytes:
    """The workbook as xlsx bytes, also written to `path` when given."""
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def write_template(path: Path | str | None = None) -> bytes:
    """An empty input workbook (Dutch names) with defaults, explanations and validation."""
    wb = new_workbook()
    write_input_sheets(wb, None)
    return save_workbook(wb, path)


def write_scenario(scenario: Scenario, path: Path | str | None = None, *,
                   notes: Sequence[str] = ()) -> bytes:
    """A full input workbook that reads back to an equal scenario (apart from `source`)."""
    wb = new_workbook()
    write_input_sheets(wb, scenario, notes=notes)
    return save_workbook(wb, path)


# -- the results workbook -------------------------------------------------------------------


def _frame(df: Any, columns: Sequence[tuple[str, str, str | None]]) -> tuple[
        list[str], list[list[Any]], list[str | None]]:
    """DataFrame -> headers, rows, formats for the (source column, header, format) triples."""
    present = [c for c in columns if df is not None and c[0] in getattr(df, "columns", ())]
    headers = [h for _s, h, _f in present]
    formats = [f for _s, _h, f in present]
    rows: list[list[Any]] = []
    if df is not None and len(df) and present:
        for rec in df[[s for s, _h, _f in present]].itertuples(index=False, name=None):
            rows.append([_plain(v) for v in rec])
    return headers, rows, formats


def _summary_rows(scenario: Scenario, result: AllocationResult) -> list[tuple[str, Any, str]]:
    kpis = result.kpis()
    s = scenario.settings
    rows: list[tuple[str, Any, str]] = [
        ("Bron", scenario.source or "(onbekend)", "General"),
        ("Status", status_label(result.status), "General"),
        ("Melding", result.message_nl, "General"),
        ("Jaren", f"{scenario.years[0]}-{scenario.years[-1]}", "General"),
        ("Aantal terreinen", len(scenario.parks), "0"),
        ("Waardepunten (doelfunctie)", result.objective, "0.0000"),
        ("Budget totaal", kpis["budget_eur"], EUR_FMT),
        ("Toegekend publiek geld", kpis["allocated_public_eur"], EUR_FMT),
        ("Niet toegekend budget", kpis["unallocated_eur"], EUR_FMT),
        ("Privaat geld gemobiliseerd", kpis["private_eur"], EUR_FMT),
        ("Hefboom (private euro per publieke euro)", kpis["leverage"], "0.00"),
        ("Terreinen met budget", kpis["parks_funded"], "0"),
        ("Terreinen die in aanmerking komen", kpis["parks_eligible"], "0"),
        ("Rekentijd solver (seconden)", kpis["solve_seconds"], "0.000"),
    ]
    for g in GOALS:
        rows.append((f"Waardepunten {GOAL_LABELS_NL[g].lower()}",
                     result.value_by_goal.get(g), "0.0000"))
    rows += [
        ("Aanname: gewichten energie / circulariteit / economie / samenwerking",
         " / ".join(_fmt_num(s.weight(g)) for g in GOALS), "General"),
        ("Aanname: discontovoet", s.discount_rate, "0.000"),
        ("Aanname: effect draagvlak", s.draagvlak_effect, SHARE_FMT),
        ("Aanname: groei absorptiecapaciteit (fasering)", s.capacity_growth, SHARE_FMT),
        ("Aanname: niet besteed budget schuift door", "ja" if s.carry_over else "nee",
         "General"),
        ("Aanname: organisatiecategorie", s.organisation_category, "General"),
        ("Aanname: minimum per strategisch terrein per jaar", s.strategic_floor_eur, EUR_FMT),
        ("Aanname: max. aandeel van het budget per gemeente", s.max_municipality_share,
         SHARE_FMT),
        *((f"Aanname: absorptiecapaciteit organisatiegraad {k}", s.capacity_level(k), EUR_FMT)
          for k in range(5)),
        ("Regel bij gelijke uitkomsten", result.tie_break_rule_nl or "(niet opgegeven)",
         "General"),
    ]
    if result.diagnosis is not None:
        for f in result.diagnosis.findings:
            rows.append(("Diagnose", f.message_nl, "General"))
    return rows


def write_results(scenario: Scenario, result: AllocationResult,
                  path: Path | str | None = None) -> bytes:
    """The results workbook: summary and result sheets, plus all input sheets.

    It reads back as an input workbook giving an equal scenario; the result sheets then come
    back as "unknown sheet" warnings.
    """
    from openpyxl.styles import Alignment

    wb = new_workbook()
    ws = wb.create_sheet("samenvatting")
    summary = _summary_rows(scenario, result)
    write_table(ws, ["onderdeel", "waarde"], [[k, v] for k, v, _f in summary], widths=[48, 24])
    for r, (_k, _v, number_format) in enumerate(summary, start=2):
        cell = ws.cell(row=r, column=2)
        if cell.data_type == "n":
            cell.number_format = number_format
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["B"].width = 60

    names = {p.park_id: p for p in scenario.parks}
    labels = {c.category: c.label for c in scenario.categories}
    alloc = result.allocation
    rows = []
    if alloc is not None and len(alloc):
        ordered = alloc.sort_values(["park_id", "category", "year"], kind="stable")
        for rec in ordered.itertuples(index=False):
            park = names.get(str(rec.park_id))
            rows.append([
                str(rec.park_id), park.name if park else None,
                park.municipality if park else None, str(rec.category),
                labels.get(str(rec.category)), int(rec.year),
                _plain(rec.public_eur), _plain(rec.private_eur),
            ])
    write_table(wb.create_sheet("verdeling"),
                ["terrein_id", "naam", "gemeente", "categorie", "omschrijving", "jaar",
                 "publiek_eur", "privaat_eur"], rows,
                formats=[None, None, None, None, None, "0", EUR_FMT, EUR_FMT])

    by_park = result.by_park
    headers, rows, fmts = _frame(by_park, [
        ("park_id", "terrein_id", None), ("name", "naam", None),
        ("municipality", "gemeente", None), ("region", "regio", None),
        ("strategic", "strategisch", None), ("organisation_level", "organisatiegraad", "0"),
        ("draagvlak", "draagvlak", SHARE_FMT),
        ("private_capacity_eur", "draagkracht_eur", EUR_FMT),
        ("eligible", "komt_in_aanmerking", None),
        ("public_eur", "publiek_eur", EUR_FMT), ("private_eur", "privaat_eur", EUR_FMT),
        ("value_points", "waardepunten", "0.0000"), ("code", "reden", None),
        ("explanation_nl", "toelichting", None),
    ])
    write_table(wb.create_sheet("per_terrein"), headers, rows, formats=fmts)

    headers, rows, fmts = _frame(result.by_municipality, [
        ("municipality", "gemeente", None), ("public_eur", "publiek_eur", EUR_FMT),
        ("private_eur", "privaat_eur", EUR_FMT), ("parks_funded", "terreinen_met_budget", "0"),
    ])
    write_table(wb.create_sheet("per_gemeente"), headers, rows, formats=fmts)

    headers, rows, fmts = _frame(result.by_category, [
        ("category", "categorie", None), ("label", "omschrijving", None),
        ("public_eur", "publiek_eur", EUR_FMT), ("private_eur", "privaat_eur", EUR_FMT),
        ("value_points", "waardepunten", "0.0000"),
    ])
    write_table(wb.create_sheet("per_categorie"), headers, rows, formats=fmts)

    headers, rows, fmts = _frame(result.by_year, [
        ("year", "jaar", "0"), ("budget_eur", "budget_eur", EUR_FMT),
        ("public_eur", "publiek_eur", EUR_FMT), ("private_eur", "privaat_eur", EUR_FMT),
        ("unallocated_eur", "niet_toegekend_eur", EUR_FMT),
        ("shadow_price", "schaduwprijs_punten_per_1000_eur", "0.0000"),
    ])
    write_table(wb.create_sheet("per_jaar"), headers, rows, formats=fmts)

    from allocation.result import EXPLANATION_TABLE_NL, explanation_table

    table = explanation_table(result.explanations, list(names), "nl")
    rows = [[r[0], names[r[0]].name, *(None if v != v or v == "" else v for v in r[1:])]
            for r in table.itertuples(index=False)]
    ws = wb.create_sheet("toelichting_terreinen")
    headers = [EXPLANATION_TABLE_NL[c] for c in table.columns]
    write_table(ws, [headers[0], "naam", *headers[1:]], rows,
                widths=[14, 30, 18, 80, 60] + [16] * (len(headers) - 4),
                formats=[None] * 5 + ["0.0000"] * (len(headers) - 4))
    ws.column_dimensions["D"].width = 80
    ws.column_dimensions["E"].width = 60
    for r in range(2, len(rows) + 2):
        for c in (4, 5):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")

    write_input_sheets(wb, scenario, notes=(
        "Dit is een resultatenwerkboek: de bladen samenvatting, verdeling, per_terrein, "
        "per_gemeente, per_categorie, per_jaar en toelichting_terreinen tonen de uitkomst; de "
        "bladen terreinen, budget, categorieen, rendement en instellingen zijn de invoer en "
        "kunnen opnieuw worden ingelezen.",
        "Schaduwprijs: de extra waardepunten die € 1.000 meer budget in dat jaar zou opleveren "
        "(0 = het budget is in dat jaar niet de beperkende factor).",
    ))
    return save_workbook(wb, path)
