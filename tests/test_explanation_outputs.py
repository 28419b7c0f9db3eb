"""The app's explanation panel, the results workbook and `solve --json` say the same thing:
all three come from `result.explanation_table`."""

from __future__ import annotations

import contextlib
import io
import json
import math

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from allocation.cli import main
from allocation.pipeline import solve
from allocation.result import EXPLANATION_TABLE_NL, PARK_LIMITS, explanation_table
from allocation.workbook import write_scenario
from tests.test_pages import APP, goto, tmp_store  # noqa: F401 - the fixture is used


@pytest.fixture(scope="module")
def app_scenario():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    from ui import state

    return at.session_state[state.SCENARIO]


def test_json_workbook_and_panel_agree(tmp_path, app_scenario):
    sc = app_scenario
    explanations = solve(sc).explanations
    table = explanation_table(explanations, [p.park_id for p in sc.parks])
    assert len(table) == len(sc.parks)
    # solve --json and the results workbook, in one CLI run
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    write_scenario(sc, src)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["solve", str(src), "--json", "--output", str(out)]) == 0
    data = json.loads(buf.getvalue())
    by_id = {e["park_id"]: e for e in data["explanations"]}
    ws = openpyxl.load_workbook(out)["toelichting_terreinen"]
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    sheet = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    for row in table.to_dict("records"):
        pid = row["park_id"]
        j, s = by_id[pid], sheet[pid]
        assert j["code"] == s[EXPLANATION_TABLE_NL["code"]] == row["code"]
        assert j["message"] == s[EXPLANATION_TABLE_NL["message"]] == row["message"]
        assert j["what_would_change"] == row["what_would_change"]
        assert (s[EXPLANATION_TABLE_NL["what_would_change"]] or "") == row["what_would_change"]
        for k in PARK_LIMITS:
            col = f"marginal_value_{k}"
            want = row[col]
            cell = s[EXPLANATION_TABLE_NL[col]]
            if math.isnan(want):
                assert j["marginal_value"][k] is None and cell is None
            else:
                assert j["marginal_value"][k] == pytest.approx(want)
                assert cell == pytest.approx(want)
    assert {e["code"] for e in data["explanations"]} - {"not_eligible"}

    # the app's panel for a few parks
    at = goto(AppTest.from_file(APP, default_timeout=120), "views/draagvlak.py")
    for pid in [p.park_id for p in sc.parks][:4]:
        at.selectbox[0].set_value(pid).run()
        shown = "\n".join(str(e.value) for kind in ("text", "markdown", "caption")
                          for e in getattr(at, kind))
        row = table[table["park_id"] == pid].iloc[0]
        assert row["message"] in shown
        assert row["what_would_change"] in shown.replace("\\", "")
        mv_text = explanations[pid].marginal_value_text("nl")
        if mv_text:
            assert mv_text in shown
