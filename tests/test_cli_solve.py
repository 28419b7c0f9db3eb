"""`python -m allocation solve`: exit codes 0 / 2 / 3, JSON keys, results workbook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_model import ORG, park, scenario

from allocation.cli import EXIT_INFEASIBLE, EXIT_INPUT, EXIT_OK, main
from allocation.workbook import write_scenario

JSON_KEYS = {"status", "message", "objective", "years", "budget_eur", "allocated_public_eur",
             "unallocated_eur", "private_eur", "leverage", "value_by_goal",
             "budget_shadow_price", "timings", "diagnosis", "allocation"}


@pytest.fixture
def worked_xlsx(tmp_path: Path, worked_example) -> Path:
    path = tmp_path / "worked.xlsx"
    write_scenario(worked_example, path)
    return path


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["solve", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_solve_json_optimal(capsys, worked_xlsx):
    code, data = run_json(capsys, str(worked_xlsx))
    assert code == EXIT_OK
    assert JSON_KEYS <= set(data)
    assert data["status"] == "optimal"
    assert data["objective"] == pytest.approx(216.3022, abs=5e-5)
    assert data["years"] == [2026, 2027]
    assert data["budget_shadow_price"] == {"2026": 0.0, "2027": 0.0}
    assert data["diagnosis"] is None
    b = [a for a in data["allocation"] if a["park_id"] == "B"]
    assert [a["public_eur"] for a in b] == pytest.approx([18_000, 18_000])
    assert sum(data["value_by_goal"].values()) == pytest.approx(data["objective"])
    assert set(data["timings"]) >= {"read", "build", "solve", "extract", "explain"}


def test_solve_text_and_results_workbook(capsys, tmp_path, worked_xlsx):
    out_path = tmp_path / "resultaat.xlsx"
    code = main(["solve", str(worked_xlsx), "--output", str(out_path)])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "Optimale verdeling" in out and "Toegekend: € 223.467" in out
    assert "schaduwprijs 0,0000 punten per € 1.000" in out
    assert out_path.exists() and out_path.stat().st_size > 1000


def test_solve_infeasible_exit_3_with_diagnosis(capsys, tmp_path):
    cat = ORG.model_copy(update={"max_per_park_year_eur": 3_000})
    sc = scenario([park("A", strategic=True)], [10_000], categories=(cat,),
                  strategic_floor_eur=5_000)
    path = tmp_path / "infeasible.xlsx"
    write_scenario(sc, path)
    code, data = run_json(capsys, str(path))
    assert code == EXIT_INFEASIBLE
    assert data["status"] == "infeasible"
    assert data["objective"] is None and data["allocation"] == []
    assert data["diagnosis"] and any("cap" in d for d in data["diagnosis"])
    code = main(["solve", str(path)])
    out = capsys.readouterr().out
    assert code == EXIT_INFEASIBLE
    assert "categoriegrens" in out


def test_solve_input_error_exit_2(capsys, tmp_path):
    path = tmp_path / "niet-excel.xlsx"
    path.write_text("park_id,name\nA,B\n", encoding="utf-8")
    code, data = run_json(capsys, str(path))
    assert code == EXIT_INPUT
    assert data["status"] == "input_error" and data["problems"]
    assert main(["solve", str(tmp_path / "missing.xlsx")]) == EXIT_INPUT


def test_module_entry_prints_pure_json(worked_xlsx):
    # a fresh process: HiGHS's banner must not end up in front of the JSON
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "allocation", "solve", str(worked_xlsx),
                           "--json"], capture_output=True, text=True, cwd=root, timeout=120)
    assert proc.returncode == EXIT_OK, proc.stderr
    data = json.loads(proc.stdout)
    assert data["status"] == "optimal"
