"""`python -m allocation scenarios ...` end to end on real workbooks, solves and a SQLite file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from allocation.cli import main
from allocation.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from test_store import make_scenario  # the worked example of docs/contracts/MODEL.md

pytest.importorskip("allocation.pipeline")
workbook = pytest.importorskip("allocation.workbook")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'db' / 'scenarios.sqlite'}"
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", url)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return url


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "basis.xlsx"
    workbook.write_scenario(make_scenario(), path)
    return path


@pytest.fixture
def infeasible_book(tmp_path) -> Path:
    path = tmp_path / "bodem.xlsx"
    workbook.write_scenario(make_scenario().with_settings(strategic_floor_eur=200_000), path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["scenarios", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_save_list_show_versions(db, book, capsys):
    code, out, err = run(capsys, "save", str(book), "--name", "Basis", "--author", "Analist",
                         "--note", "eerste")
    assert code == 0, err
    first = int(out.strip())
    assert "versie 1" in err
    code, out, _ = run(capsys, "save", str(book), "--name", "Basis", "--json")
    assert code == 0
    second = json.loads(out)
    assert second["version"] == 2 and second["id"] != first
    assert second["summary"]["objective"] == pytest.approx(216.3022, rel=1e-6)
    assert second["summary"]["status"] == "optimal"
    assert set(second["summary"]["value_by_goal"]) == {"energy", "circularity", "economy",
                                                       "cooperation"}

    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert [(r["name"], r["version"]) for r in rows] == [("Basis", 2)]
    code, out, _ = run(capsys, "list", "--json", "--all")
    assert sorted(r["version"] for r in json.loads(out)) == [1, 2]
    code, out, _ = run(capsys, "list")
    assert code == 0 and "Basis" in out and "optimaal" in out

    code, out, _ = run(capsys, "show", str(first))
    assert code == 0
    assert "Basis (versie 1)" in out and "Analist" in out and "Notitie: eerste" in out
    assert "2 terreinen" in out
    code, out, _ = run(capsys, "show", str(first), "--json")
    data = json.loads(out)
    assert data["input"]["parks"] == 2 and data["input"]["years"] == [2026, 2027]
    with open_store(db) as s:
        assert s.get(first).scenario.content_hash() == make_scenario().content_hash()


def test_export_re_solves_into_a_results_workbook(db, book, tmp_path, capsys):
    _, out, _ = run(capsys, "save", str(book), "--name", "Basis")
    sid = out.strip()
    target = tmp_path / "uit" / "resultaat.xlsx"
    target.parent.mkdir()
    code, out, err = run(capsys, "export", sid, str(target))
    assert code == 0, err
    assert "Let op" not in err  # same objective as when it was saved
    loaded = workbook.read_workbook(target)  # a results workbook reads back as input
    assert loaded.scenario.content_hash() == make_scenario().content_hash()
    assert len(openpyxl.load_workbook(target).sheetnames) > 3


def test_delete_restore_rename(db, book, capsys):
    _, out, _ = run(capsys, "save", str(book), "--name", "Basis")
    sid = out.strip()
    code, out, _ = run(capsys, "delete", sid)
    assert code == 0 and "verwijderd" in out
    _, out, _ = run(capsys, "list", "--json")
    assert json.loads(out) == []
    _, out, _ = run(capsys, "list", "--json", "--deleted")
    assert json.loads(out)[0]["deleted"] is True
    assert run(capsys, "restore", sid)[0] == 0
    assert run(capsys, "rename", sid, "Voorstel GS")[0] == 0
    _, out, _ = run(capsys, "list", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Voorstel GS"]


def test_infeasible_scenario_is_saved_with_status_and_exits_3(db, infeasible_book, tmp_path,
                                                              capsys):
    code, out, err = run(capsys, "save", str(infeasible_book), "--name", "Te hoge bodem")
    assert code == 3
    sid = int(out.strip())
    assert "onhaalbaar" in err
    with open_store(db) as s:
        saved = s.get(sid)
    assert saved.status == "infeasible" and saved.summary["objective"] is None
    code, _, err = run(capsys, "export", str(sid), str(tmp_path / "x.xlsx"))
    assert code == 3 and "Geen resultatenwerkboek" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_input_errors_exit_2_and_save_nothing(db, book, tmp_path, capsys):
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"dit is geen werkboek")
    code, out, err = run(capsys, "save", str(bad), "--name", "x")
    assert code == 2 and err.strip()
    code, _, err = run(capsys, "save", str(book), "--name", "   ")
    assert code == 2 and "naam" in err.lower()
    code, _, err = run(capsys, "save", str(tmp_path / "bestaat-niet.xlsx"), "--name", "x")
    assert code == 2
    with open_store(db) as s:
        assert s.list(include_deleted=True, all_versions=True) == []
    for argv in (["show", "999"], ["delete", "999"], ["export", "999", str(tmp_path / "o.xlsx")],
                 ["decide", "999", "--rationale", "x"], ["compare", "1", "999"]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "geen opgeslagen scenario met id" in err, argv
    with pytest.raises(SystemExit) as exit_info:
        main(["scenarios", "show", "abc"])
    assert exit_info.value.code == 2
    capsys.readouterr()


def test_compare_and_decisions(db, book, tmp_path, capsys):
    _, out, _ = run(capsys, "save", str(book), "--name", "Basis")
    a = out.strip()
    krap = tmp_path / "krap.xlsx"
    workbook.write_scenario(make_scenario(budget=20_000), krap)
    _, out, _ = run(capsys, "save", str(krap), "--name", "Krap")
    b = out.strip()
    target = tmp_path / "vergelijking.xlsx"
    code, out, err = run(capsys, "compare", a, b, "--output", str(target))
    assert code == 0, err
    assert "Basis (v1) (referentie)" in out and "Waardepunten" in out
    wb = openpyxl.load_workbook(target)
    assert "Per terrein" in wb.sheetnames and "Aannames" in wb.sheetnames
    code, out, _ = run(capsys, "compare", a, b, "--json")
    data = json.loads(out)
    assert data["labels"] == ["Basis (v1)", "Krap (v1)"]
    assert any(r["key"] == "2026" for r in data["assumptions"])
    for ids in ([a], [a, b, a, b, a]):
        code, _, err = run(capsys, "compare", *ids)
        assert code == 2 and "2 tot 4" in err

    code, out, _ = run(capsys, "decide", b, "--rationale", "=Past binnen de begroting",
                       "--author", "GS")
    assert code == 0 and "Krap" in out
    log = tmp_path / "besluiten.xlsx"
    code, out, _ = run(capsys, "decisions", "--output", str(log))
    assert code == 0 and "=Past binnen de begroting" in out
    ws = openpyxl.load_workbook(log).active
    assert ws.cell(row=2, column=2).value == "Krap"
    assert ws.cell(row=2, column=5).value == "=Past binnen de begroting"
    assert ws.cell(row=2, column=5).data_type == "s"
    _, out, _ = run(capsys, "decisions", "--json")
    assert json.loads(out)[0]["kpis"]["status"] == "optimal"


def test_db_option_overrides_environment(db, book, tmp_path, capsys):
    other = f"sqlite:///{tmp_path / 'ander.sqlite'}"
    assert run(capsys, "save", str(book), "--name", "Elders", "--db", other)[0] == 0
    _, out, _ = run(capsys, "list", "--json")
    assert json.loads(out) == []
    _, out, _ = run(capsys, "list", "--json", "--db", other)
    assert [r["name"] for r in json.loads(out)] == ["Elders"]


def test_corrupt_database_is_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "scenarios.sqlite"
    path.write_bytes(b"\x00garbage" * 500)
    proc = subprocess.run(
        [sys.executable, "-m", "allocation", "scenarios", "list", "--db", f"sqlite:///{path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "beschadigd" in proc.stderr
    assert io.StringIO(proc.stdout).read() == ""


# -- edges (issue 14, finding 6) -------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "-1", "1e-9", "nan", "inf", "-inf", "abc", "1e9"])
def test_time_limit_must_be_positive_and_sane(db, book, tmp_path, capsys, limit):
    out = tmp_path / "r.xlsx"
    for argv in (["solve", str(book), "--output", str(out), f"--time-limit={limit}"],
                 ["scenarios", "save", str(book), "--name", "x", f"--time-limit={limit}"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "tijdslimiet" in err or "geen getal" in err
    assert not out.exists()
    with open_store(db) as s:
        assert s.list(all_versions=True, include_deleted=True) == []


def test_huge_and_unknown_ids_exit_2_with_a_sentence(db, book, capsys):
    for argv in (["scenarios", "show", "99999999999999999999999"],
                 ["scenarios", "delete", "2147483648"], ["scenarios", "show", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "geen opgeslagen scenario met id" in err and "Overflow" not in err
    code, _, err = run(capsys, "show", "2147483647")
    assert code == 2 and "geen opgeslagen scenario met id 2147483647" in err


@pytest.fixture
def no_solve(monkeypatch):
    """Fail the test if a solve starts: output paths must be checked before the work."""
    import allocation.pipeline

    def refuse(*_a, **_k):
        raise AssertionError("solved before checking the output path")

    monkeypatch.setattr(allocation.pipeline, "solve", refuse)


def test_output_paths_are_checked_before_the_solve(db, book, tmp_path, capsys, no_solve):
    missing = tmp_path / "bestaat-niet" / "uit.xlsx"
    with open_store(db) as s:
        sid = str(s.save(make_scenario(), {"status": "optimal"}, "Basis").id)
        sid2 = str(s.save(make_scenario(budget=1.0), {"status": "optimal"}, "Ander").id)
    for argv in (["solve", str(book), "--output", str(missing)],
                 ["scenarios", "export", sid, str(missing)],
                 ["scenarios", "compare", sid, sid2, "--output", str(missing)],
                 ["scenarios", "decisions", "--output", str(missing)],
                 ["scenarios", "audit", "--output", str(missing)],
                 ["scenarios", "backup", str(missing)],
                 ["scenarios", "export", sid, str(tmp_path)],  # a folder
                 ["scenarios", "export", sid, str(tmp_path / "uit.csv")]):  # wrong kind
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2, argv
        assert ("bestaat niet" in err or "is een map" in err or "eindigen op" in err), err
        assert "Traceback" not in err
    assert not missing.parent.exists()


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails like a full disk
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from allocation.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_full_disk_leaves_no_empty_or_partial_file(db, book, tmp_path):
    """Finding 6: a full disk left a 0-byte results file. Writes past a size limit fail here
    with EFBIG, as they would with ENOSPC; an earlier file of the same name stays as it was."""
    target = tmp_path / "resultaat.xlsx"
    for argv, expect_exit in ((["2000", "solve", str(book), "--output", str(target)], 1),
                              (["200000", "scenarios", "backup", str(tmp_path / "b.json")], 1)):
        if argv[1] == "scenarios":
            with open_store(db) as s:  # a backup of well over the limit, a database under it
                for i in range(20):
                    s.save(make_scenario(budget=1.0 + i), {"status": "optimal"}, "Basis",
                           note="x" * 18_000)
        proc = subprocess.run([sys.executable, "-c", FULL_DISK, *argv], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == expect_exit, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "geen half bestand" in proc.stderr
        assert {p.name for p in tmp_path.iterdir()} - {"db", "xdg"} == {"basis.xlsx"}
    target.write_bytes(b"eerder resultaat")
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, "2000", "solve", str(book), "--output",
                           str(target)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert target.read_bytes() == b"eerder resultaat"


def test_backup_and_restore_backup_commands(db, book, tmp_path, capsys):
    run(capsys, "save", str(book), "--name", "Basis", "--author", "Analist")
    backup = tmp_path / "backup.json"
    code, out, err = run(capsys, "backup", str(backup))
    assert code == 0, err
    assert "1 scenarioversies" in out
    fresh = f"sqlite:///{tmp_path / 'nieuw.sqlite'}"
    code, out, err = run(capsys, "restore-backup", str(backup), "--db", fresh)
    assert code == 0, err
    _, out, _ = run(capsys, "list", "--json", "--db", fresh)
    assert [(r["name"], r["author"]) for r in json.loads(out)] == [("Basis", "Analist")]
    code, _, err = run(capsys, "restore-backup", str(backup), "--db", fresh)
    assert code == 2 and "lege database" in err
    code, _, err = run(capsys, "restore-backup", str(book), "--db", fresh)
    assert code == 2 and "geen Draagkracht-reservekopie" in err
    code, out, _ = run(capsys, "audit", "--db", fresh)
    assert "Analist: opgeslagen 'Basis' v1" in out and "reservekopie terug" in out


def test_audit_command_and_skipped_rows(db, book, tmp_path, capsys):
    _, out, _ = run(capsys, "save", str(book), "--name", "Basis", "--author", "Analist")
    sid = out.strip()
    run(capsys, "rename", sid, "Voorstel")
    code, out, _ = run(capsys, "audit", sid, "--json")
    entries = json.loads(out)
    assert [e["action"] for e in entries] == ["save", "rename"]
    assert entries[0]["actor"] == "Analist" and entries[1]["actor"]  # the OS account
    path = Path(db.removeprefix("sqlite:///"))
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("UPDATE scenarios SET created_at = 'gisteren'")
    con.commit()
    con.close()
    code, out, err = run(capsys, "list")
    assert code == 0 and "Nog geen opgeslagen" in out and "overgeslagen" in err
    code, _, err = run(capsys, "show", sid)
    assert code == 2 and "wordt niet geopend" in err


def _risky_cells(path: Path) -> list[tuple[str, str, str]]:
    """Every cell a spreadsheet would execute: formulas, or risky text without quote prefix."""
    found = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    found.append((ws.title, c.coordinate, str(c.value)))
                elif isinstance(c.value, str) and c.value[:1] in "=+-@\t\r" \
                        and not c.quotePrefix:
                    found.append((ws.title, c.coordinate, c.value))
    return found


def test_no_cli_output_holds_an_executable_formula(db, tmp_path, capsys):
    """Issue 14 item 4 for the files the CLI writes: user text that a spreadsheet would run
    (=, +, -, @ first) stays text in the results, comparison, decision-log and audit files."""
    evil = "=cmd|' /C calc'!A0"
    book = tmp_path / "kwaad.xlsx"
    workbook.write_scenario(make_scenario(), book)
    code, out, err = run(capsys, "save", str(book), "--name", evil, "--author", "@SUM(1+1)",
                         "--note", "=HYPERLINK(\"http://x\")")
    assert code == 0, err
    a = out.strip()
    _, out, _ = run(capsys, "save", str(book), "--name", "+31 andere")
    b = out.strip()
    run(capsys, "decide", a, "--rationale", "-2+3 gekozen", "--author", "=1+1")
    outputs = {"export": tmp_path / "r.xlsx", "compare": tmp_path / "c.xlsx",
               "decisions": tmp_path / "d.xlsx", "audit": tmp_path / "a.xlsx"}
    assert run(capsys, "export", a, str(outputs["export"]))[0] == 0
    assert run(capsys, "compare", a, b, "--output", str(outputs["compare"]))[0] == 0
    assert run(capsys, "decisions", "--output", str(outputs["decisions"]))[0] == 0
    assert run(capsys, "audit", "--output", str(outputs["audit"]))[0] == 0
    for kind, path in outputs.items():
        assert _risky_cells(path) == [], kind
    texts = {c.value for ws in openpyxl.load_workbook(outputs["audit"]).worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {evil, "@SUM(1+1)", "=1+1"} <= texts  # kept literally, as text
