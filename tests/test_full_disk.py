"""Every writer of the command line on a full disk (issue 27, finding 9): a Dutch sentence, no
traceback, and no partial file: what is on disk afterwards is whole or absent.

The disk is made "full" with a file-size limit (RLIMIT_FSIZE, as `ulimit -f`): a write past it
fails with EFBIG exactly where a full disk fails with ENOSPC (Python ignores SIGXFSZ)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("disk") / "demo.xlsx"
    subprocess.run([sys.executable, "-m", "allocation", "demo", str(path)], cwd=ROOT, check=True,
                   capture_output=True)
    return path


def _run_limited(args: list[str], limit_bytes: int, cwd: Path) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "allocation", *args], cwd=cwd, env=env,
                          preexec_fn=limit, capture_output=True, text=True, timeout=300)


def _whole(path: Path) -> bool:
    """A file that is complete: an xlsx that opens as a zip with its parts, a PDF with its end."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".xlsx":
        try:
            with zipfile.ZipFile(path) as z:
                return z.testzip() is None and "[Content_Types].xml" in z.namelist()
        except zipfile.BadZipFile:
            return False
    return True


@pytest.mark.parametrize(("command", "limit"), [
    (["template", "out.xlsx"], 8_000),
    (["demo", "out.xlsx"], 8_000),
    (["demo", "out.xlsx"], 40_000),
    (["rollforward", "{demo}", "out.xlsx"], 40_000),
    (["replan", "{demo}", "--output", "out.xlsx"], 40_000),
    (["solve", "{demo}", "--output", "out.xlsx"], 40_000),
    (["factsheets", "{demo}", "sheets"], 5_000),
])
def test_writer_on_a_full_disk(command: list[str], limit: int, demo: Path,
                               tmp_path: Path) -> None:
    args = [a.replace("{demo}", str(demo)) for a in command]
    done = _run_limited(args, limit, tmp_path)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert "Onverwachte fout" not in done.stderr
    if done.returncode != 0:
        assert "geen half bestand" in done.stderr, done.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(_whole(p) for p in written), [(p.name, p.stat().st_size) for p in written]
    assert not any(p.name.startswith(".") or p.suffix == ".tmp" for p in written), written


def test_a_name_too_long_is_a_mistake_in_the_command(tmp_path: Path) -> None:
    done = _run_limited(["template", "a" * 300 + ".xlsx"], 10**9, tmp_path)
    assert done.returncode == 2
    assert "De bestandsnaam is te lang" in done.stderr and "Traceback" not in done.stderr


def test_ctrl_c_during_parallel_draws_is_one_sentence(tmp_path: Path) -> None:
    """Issue 27, finding 12: Ctrl-C (SIGINT to the whole process group, as a terminal sends it)
    during the weight-stability draws printed the workers' tracebacks. Now one sentence."""
    import signal
    import time

    from allocation.workbook import write_scenario
    from benchmarks.generate import generate_scenario

    book = tmp_path / "groot.xlsx"
    write_scenario(generate_scenario(300, 6, 1), book)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "allocation", "analyse", str(book), "weights",
                             "--draws", "5000", "--workers", "2"], cwd=tmp_path, env=env,
                            start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(6)  # the pool is running its draws (5.000 take far longer)
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.strip() == "Afgebroken (Ctrl-C); een uitvoerbestand is heel of niet geschreven.", err
