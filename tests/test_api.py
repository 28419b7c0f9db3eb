"""The public API (`allocation.load_workbook`, `solve`, `evaluate`) works on every call, also
after the modules behind it were imported in any order (a submodule named like the function
would replace it on the package after its first import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import importlib, allocation
{first}
from tests.conftest import make_small_scenario
from allocation.workbook import write_scenario
sc = make_small_scenario()
data = write_scenario(sc)
for _ in range(2):
    loaded = allocation.load_workbook(data)
    res = allocation.solve(loaded)
    ev = allocation.evaluate(loaded, res.allocation)
    assert res.status == "optimal", res.status
    assert ev.feasible and abs(ev.objective - res.objective) <= 1e-6 * max(1, res.objective)
    for name in ("pipeline", "evaluation", "workbook", "run", "solution", "explain", "model"):
        importlib.import_module("allocation." + name)
print("ok")
"""


@pytest.mark.parametrize("first", [
    "",
    "import allocation.pipeline, allocation.evaluation, allocation.workbook",
    "from allocation import pipeline, evaluation, explain, run, solution, ties",
])
def test_public_api_survives_second_call(first: str) -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(first=first)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("ok")
