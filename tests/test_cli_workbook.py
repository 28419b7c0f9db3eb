"""`python -m allocation validate|template|demo` through `allocation.cli.main`."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocation.cli import EXIT_INPUT, EXIT_OK, main
from allocation.domain import Scenario
from allocation.workbook import read_workbook, write_scenario


def test_validate_valid_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 small_scenario: Scenario) -> None:
    path = tmp_path / "ok.xlsx"
    write_scenario(small_scenario, path)
    assert main(["validate", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Geldig" in out and "3 terreinen" in out and "2026–2028" in out
    assert "Waarschuwingen" not in out


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     small_scenario: Scenario) -> None:
    import openpyxl

    path = tmp_path / "fout.xlsx"
    write_scenario(small_scenario, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["terreinen"]
    ws["L2"] = 70  # draagvlak as a percentage number
    ws["A3"] = "P1"  # duplicate id
    wb.create_sheet("notities")
    wb.save(path)
    assert main(["validate", str(path)]) == EXIT_INPUT
    out = capsys.readouterr().out
    assert "2 problemen in" in out
    assert "terreinen, rij 2, kolom draagvlak (waarde: '70')" in out and "0.7" in out
    assert "rij 3, kolom terrein_id" in out and "komt al voor in rij 2" in out
    assert "Waarschuwingen:" in out and "Onbekend blad 'notities'" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "leeg"), (b"a;b\n1;2\n", "CSV"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                                               "oude Office-formaat")],
)
def test_validate_refuses_non_workbooks(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        content: bytes, needle: str) -> None:
    path = tmp_path / "raar.xlsx"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == EXIT_INPUT
    out = capsys.readouterr().out
    assert needle in out and "1 probleem in" in out


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "weg.xlsx")]) == EXIT_INPUT
    captured = capsys.readouterr()
    assert "niet gevonden" in captured.out + captured.err


def test_template_then_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sjabloon.xlsx"
    assert main(["template", str(path)]) == EXIT_OK
    assert "Sjabloon geschreven" in capsys.readouterr().out
    assert main(["validate", str(path)]) == EXIT_INPUT
    out = capsys.readouterr().out
    assert "1 probleem in" in out and "bevat geen terreinen" in out


def test_demo_then_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.xlsx"
    assert main(["demo", str(path)]) == EXIT_OK
    assert "fictieve provincie" in capsys.readouterr().out
    assert main(["validate", str(path)]) == EXIT_OK
    assert "120 terreinen" in capsys.readouterr().out
    assert read_workbook(path).scenario.source == "demo.xlsx"


def test_validate_names_an_external_link(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         small_scenario: Scenario) -> None:
    """Issue 14: a workbook with cached values from \\\\fileserver\\... was accepted silently."""
    from benchmarks import hostile

    path = tmp_path / "gekoppeld.xlsx"
    path.write_bytes(hostile.external_link(write_scenario(small_scenario)))
    assert main(["validate", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Waarschuwingen" in out and "verwijst naar een ander werkboek" in out
    assert "\\\\fileserver\\begroting\\bron.xlsx" in out
