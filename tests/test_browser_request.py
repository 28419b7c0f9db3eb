"""Browser test of the data round on the Gegevens page (headless Chromium): make the request
workbooks, download them, upload three returns (one with a conflict: a locked value changed),
read the merge report, accept all, see the provenance of one value, and download the current
data to check that exactly the changed values were taken.

Reuses the server and page fixtures of tests/test_browser.py. Screenshots go to
tests/artifacts/ and /tmp/request_*.png.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from allocation import format as fmt
from allocation.workbook import read_workbook
from tests.test_browser import (  # noqa: F401 - fixtures used by name
    ARTIFACTS,
    browser,
    no_traceback,
    page,
    pytestmark,
    server,
    settle,
)
from tests.test_request import edit, park, park_diff


def _shot(pg: Any, name: str, anchor: str) -> None:
    """A screenshot with `anchor` at the top (the app's main area scrolls by itself)."""
    pg.get_by_text(anchor).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    pg.wait_for_timeout(300)
    path = ARTIFACTS / f"request_{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    shutil.copy(path, f"/tmp/request_{name}.png")


def _wait_text(pg: Any, text: str) -> None:
    pg.get_by_text(text).first.wait_for()
    settle(pg)


def _make_round(pg: Any, tmp_path: Path) -> tuple[dict[str, bytes], bytes]:
    """Click 'Uitvraag maken' and download the zip: the workbooks by name, and uitvraag.json."""
    pg.get_by_role("button", name="Uitvraag maken").click()
    _wait_text(pg, "uitvraagwerkboek(en) gemaakt")
    no_traceback(pg)
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Alle uitvraagwerkboeken downloaden (.zip)").click()
    zpath = tmp_path / info.value.suggested_filename
    info.value.save_as(zpath)
    with zipfile.ZipFile(zpath) as z:
        files = {n: z.read(n) for n in sorted(z.namelist()) if n.endswith(".xlsx")}
        return files, z.read("uitvraag.json")


def _upload_returns(pg: Any, returns: list[tuple[str, bytes]]) -> None:
    uploader = pg.locator("[data-testid=stFileUploader]").filter(
        has_text="Teruggestuurde werkboeken")
    uploader.locator("input[type=file]").set_input_files(files=[
        {"name": n, "mimeType": "application/octet-stream", "buffer": b} for n, b in returns])
    _wait_text(pg, "3. Samenvoegrapport")
    no_traceback(pg)


def test_request_round_in_the_browser(server, page, tmp_path: Path) -> None:  # noqa: F811
    pg = page
    pg.goto(f"{server}/gegevens")
    settle(pg)
    no_traceback(pg)

    # 1. make the requests (one per municipality, the default fields) and download them
    pg.get_by_text("Uitvraag aan gemeenten en parkorganisaties").wait_for()
    pg.get_by_text("1. Uitvraagwerkboeken maken").click()
    files, manifest = _make_round(pg, tmp_path)
    _shot(pg, "1_made", "Uitvraag aan gemeenten en parkorganisaties")
    names = list(files)
    assert len(names) == 20 and b'"round_id"' in manifest

    # the data as the app holds them (the demo), to compare with after the merge
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Huidige gegevens als werkboek (.xlsx)").click()
    before_path = tmp_path / "voor.xlsx"
    info.value.save_as(before_path)
    before = read_workbook(before_path).scenario

    # 2. three returns: two with changes, one with a conflict (a locked column changed)
    fa, fb, fc = names[0], names[1], names[2]

    def first_park(data: bytes) -> str:
        ws = openpyxl.load_workbook(io.BytesIO(data))["terreinen"]
        return str(ws.cell(2, 1).value)

    x, y, z_ = first_park(files[fa]), first_park(files[fb]), first_park(files[fc])
    ret_a = edit(files[fa], {(x, "companies"): park(before, x).companies + 3})
    ret_b = edit(files[fb], {(y, "jobs"): park(before, y).jobs + 11})
    ret_c = edit(files[fc], {(z_, "area_ha"): park(before, z_).area_ha + 50,  # locked
                             (z_, "municipal_team"):
                             "nee" if park(before, z_).municipal_team else "ja"})
    _upload_returns(pg, [(fa, ret_a), (fb, ret_b), (fc, ret_c)])
    body = pg.inner_text("body")
    assert "3 van 3 bestand(en) gebruikt" in body
    assert "conflict: niet gevraagd, niet overgenomen" in body
    assert "1 conflict(en)" in body
    assert "Geen antwoord voor" in body
    report = pg.locator("[data-testid=stTable]").filter(has_text="Beoordeling")
    text = report.inner_text()
    for needle in (x, y, z_, fa, fb, fc, "wijziging", fmt.by_kind(park(before, x).companies + 3, "number")):
        assert needle in text, needle
    _shot(pg, "2_report", "3. Samenvoegrapport")

    # 3. accept all: the changes are taken, the conflict is not
    pg.get_by_role("button", name="Alles overnemen").click()
    _wait_text(pg, "overgenomen uit uitvraagronde")
    no_traceback(pg)
    assert "3 waarde(n) van 3 terrein(en) overgenomen" in pg.inner_text("body")

    # 4. the provenance of one value
    pg.get_by_text("Herkomst per terrein").wait_for()
    box = pg.locator("[data-testid=stSelectbox]").filter(has_text="Terrein").last
    box.click()
    pg.get_by_role("option", name=f"{y} · {park(before, y).name}").click()
    settle(pg)
    prov = pg.locator("[data-testid=stTable]").filter(has_text="Samengevoegd").inner_text()
    assert fb in prov and fmt.by_kind(park(before, y).jobs + 11, "number") in prov and "gemeente" in prov
    assert "U-" in prov
    _shot(pg, "3_provenance", "Uitvraag aan gemeenten en parkorganisaties")

    # 5. the active data have exactly the changed values
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Huidige gegevens als werkboek (.xlsx)").click()
    after_path = tmp_path / "na.xlsx"
    info.value.save_as(after_path)
    after = read_workbook(after_path).scenario
    assert park_diff(before, after) == {
        (x, "companies"): (park(before, x).companies, park(before, x).companies + 3),
        (y, "jobs"): (park(before, y).jobs, park(before, y).jobs + 11),
        (z_, "municipal_team"): (park(before, z_).municipal_team,
                                 not park(before, z_).municipal_team),
    }


def test_monitoring_round_in_the_browser(server, page, tmp_path: Path) -> None:  # noqa: F811
    import datetime as dt

    pg = page
    pg.goto(f"{server}/gegevens")
    settle(pg)
    pg.get_by_text("Uitvraag aan gemeenten en parkorganisaties").wait_for()
    pg.get_by_text("Monitoringsronde", exact=True).click()
    settle(pg)
    expander = pg.get_by_text("1. Uitvraagwerkboeken maken")
    if not pg.get_by_role("button", name="Uitvraag maken").is_visible():
        expander.click()
    pg.get_by_text("parkorganisatie", exact=True).click()
    settle(pg)
    files, _manifest = _make_round(pg, tmp_path)
    name, data = next(iter(files.items()))
    ws = openpyxl.load_workbook(io.BytesIO(data))["monitoring"]
    pid = str(ws.cell(2, 1).value)
    ret = edit(data, {(pid, "participating_companies"): 23}, sheet="monitoring")
    _upload_returns(pg, [(name, ret)])
    assert "1 van 1 bestand(en) gebruikt" in pg.inner_text("body")
    pg.get_by_role("button", name="Alles overnemen").click()
    _wait_text(pg, "overgenomen uit uitvraagronde")
    no_traceback(pg)
    box = pg.locator("[data-testid=stSelectbox]").filter(has_text="Terrein").last
    box.click()
    pg.get_by_role("option", name=re.compile(f"^{pid} ")).click()
    settle(pg)
    prov = pg.locator("[data-testid=stTable]").filter(has_text="Samengevoegd").inner_text()
    today = dt.date.today()
    assert f"({today.day:02d}-{today.month:02d}-{today.year})" in prov
    assert "23" in prov and name in prov and "parkorganisatie" in prov.lower()
    _shot(pg, "4_monitoring", "Herkomst per terrein")

    # the same page in English
    pg.locator("[data-testid=stSidebar]").get_by_text("EN", exact=True).click()
    settle(pg)
    no_traceback(pg)
    pg.get_by_text("Data round with municipalities and park organisations").wait_for()
    pg.get_by_text("Provenance per park").wait_for()
    _shot(pg, "5_english", "Data round with municipalities and park organisations")
    pg.locator("[data-testid=stSidebar]").get_by_text("NL", exact=True).click()
    settle(pg)


def test_two_files_for_one_park_choose_and_accept_per_park(
        server, page, tmp_path: Path) -> None:  # noqa: F811
    pg = page
    pg.goto(f"{server}/gegevens")
    settle(pg)
    pg.get_by_text("1. Uitvraagwerkboeken maken").click()
    files, _manifest = _make_round(pg, tmp_path)
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Huidige gegevens als werkboek (.xlsx)").click()
    info.value.save_as(tmp_path / "voor.xlsx")
    before = read_workbook(tmp_path / "voor.xlsx").scenario
    (fa, da), (fb, db) = list(files.items())[3:5]
    x = str(openpyxl.load_workbook(io.BytesIO(da))["terreinen"].cell(2, 1).value)
    y = str(openpyxl.load_workbook(io.BytesIO(db))["terreinen"].cell(2, 1).value)
    cx = park(before, x).companies
    second = fa.replace(".xlsx", "_versie2.xlsx")
    _upload_returns(pg, [(fa, edit(da, {(x, "companies"): cx + 1})),
                         (second, edit(da, {(x, "companies"): cx + 2})),
                         (fb, edit(db, {(y, "jobs"): park(before, y).jobs + 4}))])
    assert "conflict: twee bestanden" in pg.inner_text("body")
    pg.get_by_text("Twee bestanden voor één terrein: welk bestand telt?").wait_for()
    _shot(pg, "6_two_files", "3. Samenvoegrapport")
    # the analyst takes the second version for park x, and only park x
    pg.locator("[data-testid=stSelectbox]").filter(has_text=f"Terrein {x}").click()
    pg.get_by_role("option", name=second).click()
    settle(pg)
    pg.locator("[data-testid=stMultiSelect]").filter(
        has_text="Of kies de terreinen die u overneemt").click()
    pg.get_by_role("option", name=f"{x} · {park(before, x).name}").click()
    pg.keyboard.press("Escape")
    settle(pg)
    pg.get_by_role("button", name="Gekozen terreinen overnemen").click()
    _wait_text(pg, "overgenomen uit uitvraagronde")
    no_traceback(pg)
    assert "1 waarde(n) van 1 terrein(en) overgenomen" in pg.inner_text("body")
    prov = pg.locator("[data-testid=stTable]").filter(has_text="Samengevoegd").inner_text()
    assert second in prov and fmt.by_kind(cx + 2, "number") in prov
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Huidige gegevens als werkboek (.xlsx)").click()
    info.value.save_as(tmp_path / "na.xlsx")
    after = read_workbook(tmp_path / "na.xlsx").scenario
    assert park_diff(before, after) == {(x, "companies"): (cx, cx + 2)}
