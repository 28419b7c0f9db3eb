"""Every `--json` output of the CLI is strict JSON (issue 26, item 4): parsed with a parser that
refuses NaN and Infinity, on the demo, on an infeasible scenario and on time-limited ones; a
time limit that comes before any allocation exits 4 (EXIT_NO_PLAN) with the reason.

The commands with `--json` (grep `"--json"` in allocation/cli and allocation/request/cli.py):
solve, replan, analyse frontier|leverage|choice|baselines|robustness|weights, scenarios
save|list|show|compare|decisions|audit, request merge.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_model import ORG, park, scenario

from allocation import pipeline
from allocation import run as run_module
from allocation.cli import EXIT_INFEASIBLE, EXIT_NO_PLAN, EXIT_OK, main
from allocation.cli.common import (
    NO_ALLOCATION_PRICE_EN,
    NO_SHADOW_PRICE_EN,
    NULL_REASONS,
    to_json,
)
from allocation.workbook import write_scenario

ANALYSES = {  # small, fast options per analysis
    "frontier": ["--points", "3"], "leverage": [], "choice": ["--force-out", "MW001"],
    "baselines": ["--draws", "2", "--workers", "1"],
    "robustness": ["--draws", "2", "--workers", "1"],
    "weights": ["--draws", "2", "--workers", "1"],
}


def _refuse(constant: str) -> Any:
    raise ValueError(f"not strict JSON: {constant}")


def strict(text: str) -> Any:
    """The one JSON value in `text`, read the strict way (NaN, Infinity refused)."""
    return json.loads(text, parse_constant=_refuse)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, strict(out)


# -- workbooks ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from benchmarks.generate import generate_scenario

    root = tmp_path_factory.mktemp("books")
    demo = root / "demo.xlsx"
    assert main(["demo", str(demo)]) == EXIT_OK  # as the README says: the demo command
    cat = ORG.model_copy(update={"max_per_park_year_eur": 3_000})
    infeasible = root / "infeasible.xlsx"
    write_scenario(scenario([park("A", strategic=True), park("B")], [10_000], categories=(cat,),
                            strategic_floor_eur=5_000), infeasible)
    large = root / "generated700.xlsx"
    write_scenario(generate_scenario(700, 10, seed=1), large)
    return {"demo": demo, "infeasible": infeasible, "large": large}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'db' / 'scenarios.sqlite'}"
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", url)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return url


@pytest.fixture
def stops_early(monkeypatch: pytest.MonkeyPatch):
    """Make every HiGHS run stop after `n` simplex iterations, the way it stops at the time
    limit (read_run: status "time_limit" with the point reached, or none): a time-limited run
    that does not depend on the machine's speed."""
    def limit(n: int) -> None:
        monkeypatch.setitem(run_module.SOLVER_OPTIONS, "simplex_iteration_limit", n)
    return limit


# -- the printer itself ------------------------------------------------------------------------


def test_to_json_turns_non_finite_numbers_into_null_with_a_reason():
    data = {"a": np.float64("nan"), "b": {"2026": math.inf, "2027": np.float32(1.5)},
            "c": [np.int64(3), -math.inf, np.bool_(True)], "d": np.array([1.0, np.nan]),
            "ok": "text", NULL_REASONS: [{"field": "x", "value": "none", "reason": "given"}]}
    out = strict(to_json(data, {"b": "no price", "c[]": "no bound"}))
    assert out["a"] is None and out["b"] == {"2026": None, "2027": 1.5}
    assert out["c"] == [3, None, True] and out["d"] == [1.0, None] and out["ok"] == "text"
    reasons = {n["field"]: n for n in out[NULL_REASONS]}
    assert set(reasons) == {"x", "a", "b.2026", "c[1]", "d[1]"}
    assert reasons["b.2026"]["reason"] == "no price" and reasons["b.2026"]["value"] == "Infinity"
    assert reasons["c[1]"]["reason"] == "no bound" and reasons["c[1]"]["value"] == "-Infinity"
    assert reasons["a"]["value"] == "NaN" and "not a finite number" in reasons["a"]["reason"]
    assert reasons["x"]["reason"] == "given"  # what the caller said is kept
    # a None where the caller said what nulls mean is reported too, elsewhere not
    out = strict(to_json({"p": {"a": None, "b": 1.0}, "q": None}, {"p": "no price"}))
    assert out[NULL_REASONS] == [{"field": "p.a", "value": "none", "reason": "no price"}]


def test_to_json_on_a_list_puts_the_reason_in_the_element_that_holds_the_null():
    out = strict(to_json([{"id": 1, "v": 2.0}, {"id": 2, "v": float("nan"), "w": {"x": None}}]))
    assert NULL_REASONS not in out[0]
    assert out[1]["v"] is None
    assert [n["field"] for n in out[1][NULL_REASONS]] == ["v"]
    assert out[1]["w"] == {"x": None}  # a null given as null is not reported


def test_to_json_never_writes_nan():
    # the same object through the standard library would not be JSON at all
    raw = json.dumps({"x": float("nan")})
    with pytest.raises(ValueError):
        strict(raw)
    assert strict(to_json({"x": float("nan")}))["x"] is None


# -- every command with --json, on the demo and on an infeasible scenario ---------------------


@pytest.mark.parametrize("which", ["demo", "infeasible"])
def test_solve_and_replan_json_are_strict(books, capsys, which):
    code, data = run(capsys, "solve", str(books[which]), "--json")
    assert code == (EXIT_OK if which == "demo" else EXIT_INFEASIBLE)
    assert data["status"] == ("optimal" if which == "demo" else "infeasible")
    if which == "demo":
        assert data[NULL_REASONS] == []
    else:  # no allocation, so no budget price: null, and said why
        assert set(data["budget_shadow_price"].values()) == {None}
        assert {n["field"]: n["reason"] for n in data[NULL_REASONS]} == {
            f"budget_shadow_price.{y}": NO_ALLOCATION_PRICE_EN for y in data["years"]}
    code, data = run(capsys, "replan", str(books[which]), "--json")
    assert code == (EXIT_OK if which == "demo" else EXIT_INFEASIBLE)
    assert data["status"] in ("optimal", "infeasible")


@pytest.mark.parametrize("name", list(ANALYSES))
@pytest.mark.parametrize("which", ["demo", "infeasible"])
def test_every_analysis_json_is_strict(books, capsys, which, name):
    options = list(ANALYSES[name])
    if which == "infeasible" and name == "choice":
        options = ["--force-out", "B"]
    code, data = run(capsys, "analyse", str(books[which]), name, *options, "--json")
    assert isinstance(data, dict) and "status" in data
    assert code in (EXIT_OK, EXIT_INFEASIBLE)
    if which == "infeasible":
        assert data["status"] == "infeasible" and code == EXIT_INFEASIBLE


def test_scenarios_json_is_strict(books, db, capsys):
    code, demo = run(capsys, "scenarios", "save", str(books["demo"]), "--name", "Demo",
                     "--json")
    assert code == EXIT_OK and demo["status"] == "optimal"
    code, bad = run(capsys, "scenarios", "save", str(books["infeasible"]), "--name", "Bodem",
                    "--json")
    assert code == EXIT_INFEASIBLE and bad["status"] == "infeasible"
    code, rows = run(capsys, "scenarios", "list", "--json")
    assert code == EXIT_OK and len(rows) == 2
    for sid in (demo["id"], bad["id"]):
        code, shown = run(capsys, "scenarios", "show", str(sid), "--json")
        assert code == EXIT_OK and shown["id"] == sid
    code, compared = run(capsys, "scenarios", "compare", str(demo["id"]), str(bad["id"]),
                         "--json")
    assert code == EXIT_OK and len(compared["labels"]) == 2
    # the infeasible scenario has no objective, leverage, ...: null, each with its reason
    nulls = {f"kpis[{i}].{k}" for i, row in enumerate(compared["kpis"])
             for k, v in row.items() if v is None}
    assert nulls
    said = {n["field"]: n["reason"] for n in compared[NULL_REASONS]}
    assert nulls <= set(said)  # every null of the table has its reason
    assert all("does not exist for this scenario" in said[f] for f in nulls)
    main(["scenarios", "decide", str(demo["id"]), "--rationale", "past"])
    capsys.readouterr()
    for what in ("decisions", "audit"):
        code, rows = run(capsys, "scenarios", what, "--json")
        assert code == EXIT_OK and rows


def test_request_merge_json_is_strict(books, tmp_path, capsys):
    outdir = tmp_path / "uitvraag"
    outdir.mkdir()
    assert main(["request", "make", str(books["demo"]), str(outdir), "--by", "region"]) == 0
    capsys.readouterr()
    returns = sorted(str(p) for p in outdir.glob("*.xlsx"))
    code, data = run(capsys, "request", "merge", str(books["demo"]), *returns, "--output",
                     str(tmp_path / "samen.xlsx"), "--json")
    assert code in (0, 2) and data["status"] in ("ok", "input_error")
    assert len(data["files"]) == len(returns)


def test_input_error_json_is_strict(tmp_path, capsys):
    bad = tmp_path / "kapot.xlsx"
    bad.write_text("geen werkboek", encoding="utf-8")
    for argv in (["solve", str(bad)], ["replan", str(bad)],
                 ["analyse", str(bad), "frontier", "--points", "3"]):
        code, data = run(capsys, *argv, "--json")
        assert code == 2 and data["status"] == "input_error" and data["problems"]


# -- time limits --------------------------------------------------------------------------------


def test_time_limited_with_an_allocation_has_null_prices_with_their_reason(books, capsys,
                                                                           stops_early):
    stops_early(40)  # a feasible point, not the optimum
    code, data = run(capsys, "solve", str(books["demo"]), "--json")
    assert code == EXIT_OK
    assert data["status"] == "time_limit" and data["allocation"]
    assert 0 < data["objective"] < data["objective_bound"]
    assert set(data["budget_shadow_price"].values()) == {None}  # no proven optimum
    reasons = {n["field"]: n["reason"] for n in data[NULL_REASONS]}
    assert {f"budget_shadow_price.{y}" for y in data["years"]} <= set(reasons)
    assert reasons[f"budget_shadow_price.{data['years'][0]}"] == NO_SHADOW_PRICE_EN


def test_no_allocation_in_time_exits_4_with_status_time_limit(books, capsys, stops_early):
    stops_early(0)  # stopped at its starting point: nothing allocated
    code, data = run(capsys, "solve", str(books["demo"]), "--json")
    assert code == EXIT_NO_PLAN
    assert data["status"] == "time_limit"
    assert data["allocation"] is None and data["objective"] is None
    reasons = {n["field"]: n["reason"] for n in data[NULL_REASONS]}
    assert "time limit came before any allocation" in reasons["allocation"]
    assert "no allocation found" in data["message"]
    code = main(["solve", str(books["demo"])])
    out = capsys.readouterr().out
    assert code == EXIT_NO_PLAN
    assert "Tijdslimiet bereikt" in out and "nog geen verdeling gevonden" in out
    assert "onder het best mogelijke" not in out  # not "at most 100% below the optimum"
    code, data = run(capsys, "replan", str(books["demo"]), "--json")
    assert code == EXIT_NO_PLAN and data["status"] == "time_limit"


@pytest.mark.parametrize("name", ["frontier", "leverage", "choice"])
def test_an_analysis_without_a_plan_in_time_exits_4(books, capsys, stops_early, name):
    stops_early(0)
    code, data = run(capsys, "analyse", str(books["demo"]), name, *ANALYSES[name], "--json")
    assert code == EXIT_NO_PLAN
    assert data["status"] == "time_limit" and "before any allocation" in data["reason"]
    code = main(["analyse", str(books["demo"]), name, *ANALYSES[name]])
    assert code == EXIT_NO_PLAN
    assert "nog geen verdeling gevonden" in capsys.readouterr().out


def test_no_allocation_in_time_is_not_saved_and_exits_4(books, db, capsys, stops_early):
    stops_early(0)
    code = main(["scenarios", "save", str(books["demo"]), "--name", "Te snel"])
    err = capsys.readouterr().err
    assert code == EXIT_NO_PLAN and "Niet opgeslagen" in err and "Tijdslimiet" in err
    code, data = run(capsys, "scenarios", "save", str(books["demo"]), "--name", "Te snel",
                     "--json")
    assert code == EXIT_NO_PLAN
    assert data["status"] == "time_limit" and data["saved"] is False
    assert data["allocation"] is None and "before any allocation" in data["reason"]
    assert run(capsys, "scenarios", "list", "--json") == (EXIT_OK, [])  # nothing saved


def test_generated_700_parks_at_the_least_time_limit(books, capsys):
    """A real clock: 0,1 s on 700 parks ends optimal, at the time limit with an allocation, or
    without one (exit 4); whichever, the JSON is strict and the exit code says which."""
    for argv in (["solve"], ["replan"], ["analyse"]):
        tail = ["frontier", "--points", "3"] if argv == ["analyse"] else []
        code, data = run(capsys, *argv, str(books["large"]), *tail, "--time-limit", "0.1",
                         "--json")
        assert data["status"] in ("optimal", "time_limit", "error")
        if argv != ["analyse"]:
            assert code == {"optimal": EXIT_OK, "time_limit": (
                EXIT_OK if data["allocation"] is not None else EXIT_NO_PLAN)}[data["status"]]


# -- one deadline: solve, tie-break, reasons and diagnosis share the time limit ----------------


def test_each_step_gets_what_is_left_of_the_time_limit(books, monkeypatch):
    from allocation.workbook import read_workbook

    sc = read_workbook(books["infeasible"]).scenario
    given: dict[str, float] = {}
    real_solve_lp, real_diagnose = pipeline.solve_lp, pipeline.explain.diagnose

    def solve_lp(lp, limit, **kw):
        given["solve"] = limit
        time.sleep(0.3)
        return real_solve_lp(lp, limit, **kw)

    def diagnose(scenario, limit=60.0):
        given["diagnosis"] = limit
        return real_diagnose(scenario, limit)

    monkeypatch.setattr(pipeline, "solve_lp", solve_lp)
    monkeypatch.setattr(pipeline.explain, "diagnose", diagnose)
    start = time.perf_counter()
    result = pipeline.solve(sc, time_limit_s=2.0)
    assert result.status == "infeasible"
    assert given["solve"] <= 2.0
    # the diagnosis gets what the solve left, not a fresh 60 s (nor a fresh 2 s)
    assert given["diagnosis"] <= 2.0 - 0.3 + 1e-6
    assert time.perf_counter() - start < 60


def test_a_diagnosis_out_of_time_says_it_may_be_incomplete(books):
    from allocation.explain import diagnose
    from allocation.workbook import read_workbook

    sc = read_workbook(books["infeasible"]).scenario
    full = diagnose(sc)
    assert all(f.rule != "time_limit" for f in full.findings)
    late = diagnose(sc, 0.0)
    assert late.findings[-1].rule == "time_limit"
    assert "mogelijk onvolledig" in late.findings[-1].message_nl
    assert "onvolledig" not in late.summary("nl")  # the summary names a change, not the note


def test_no_time_left_for_the_reasons_says_so_per_park(books, monkeypatch):
    """When the solve used up the time, the re-solves behind the reasons are not started, and
    every park whose reason needs one says the time limit came first."""
    from allocation.workbook import read_workbook

    sc = read_workbook(books["demo"]).scenario
    made: list[int] = []
    real = pipeline.WarmModel

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **kw):
            made.append(1)
            super().__init__(*a, **kw)

    monkeypatch.setattr(pipeline, "WarmModel", Counting)
    real_solve_lp = pipeline.solve_lp

    def slow(lp, limit, **kw):
        out = real_solve_lp(lp, 60.0, **kw)  # optimal whatever the machine's load
        time.sleep(0.25)  # and it ends after the deadline
        return out

    monkeypatch.setattr(pipeline, "solve_lp", slow)
    result = pipeline.solve(sc, time_limit_s=0.2)
    assert result.status == "optimal" and not made
    codes = {e.code for e in result.explanations.values()}
    assert "unproven" in codes


# -- coverage: every command with --json is above, and prints through print_json ---------------

TESTED = {("solve",), ("replan",), *(("analyse", name) for name in ANALYSES),
          *(("scenarios", c) for c in ("save", "list", "show", "compare", "decisions",
                                       "audit")),
          ("request", "merge")}


def _commands_with_json(parser: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    import argparse

    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= _commands_with_json(sub, (*path, name))
        elif "--json" in action.option_strings:
            found.add(path)
    return found


def test_every_command_with_json_is_tested_here():
    from allocation.cli import build_parser

    assert _commands_with_json(build_parser()) == TESTED


def test_no_cli_module_prints_json_but_through_print_json():
    root = Path(__file__).resolve().parents[1] / "allocation"
    for path in [*sorted((root / "cli").glob("*.py")), root / "request" / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        if path.name != "common.py":
            assert "print(json.dumps" not in text.replace(" ", ""), path
            assert "json.dumps(" not in text or path.name == "cli.py", path  # a manifest file


def test_the_hand_over_to_highs_counts_against_the_time_limit(monkeypatch, worked_example):
    from allocation.model import build_model

    real = run_module.to_highs_lp

    def slow(lp):
        time.sleep(0.2)
        return real(lp)

    monkeypatch.setattr(run_module, "to_highs_lp", slow)
    run, h = run_module.run_lp(build_model(worked_example).lp, 1.0)
    assert run.status == "optimal"
    _, limit = h.getOptionValue("time_limit")
    assert 0 < limit <= 1.0 - 0.2 + 1e-6
