"""Properties of reading: any valid Scenario survives write_scenario -> read_workbook unchanged,
and any workbook, however messy, reads the same through the app's reader, its expat path and
the openpyxl reference reader (tests/workbook_oracle.py)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocation.domain import (
    GOALS,
    BudgetYear,
    Category,
    Park,
    ReturnSegment,
    Scenario,
    Settings,
    WorkbookError,
)
from allocation.workbook import RISKY_PREFIXES, write_scenario
from benchmarks import hostile
from tests.workbook_oracle import read_three_ways

# Texts as a user could have typed them: any letters, digits, punctuation, symbols and inner
# spaces (surrounding white space is trimmed by the reader, so it is not generated).
TEXT = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")),
    min_size=1, max_size=25,
).map(str.strip).filter(bool)
RISKY_TEXT = st.builds(lambda p, t: p + t, st.sampled_from([p for p in RISKY_PREFIXES
                                                            if p.strip()]), TEXT)
ANY_TEXT = st.one_of(TEXT, RISKY_TEXT, st.sampled_from(["#N/A", "ja", "12.500", "1001", "nan"]))
IDS = st.from_regex(r"[A-Za-z0-9_.\-]{1,12}", fullmatch=True)


def number(lo: float, hi: float, *, lo_open: bool = False) -> st.SearchStrategy[float]:
    ints = st.integers(int(lo) + (1 if lo_open else 0), int(hi)).map(float)
    floats = st.floats(lo, hi, exclude_min=lo_open, allow_nan=False, allow_infinity=False,
                       allow_subnormal=False)
    return st.one_of(ints, floats)


SHARE = number(0, 1)
EUR = number(0, 1e10)


@st.composite
def parks(draw: Any, n: int) -> list[Park]:
    ids = draw(st.lists(IDS, min_size=n, max_size=n, unique=True))
    out = []
    for pid in ids:
        out.append(Park(
            park_id=pid,
            name=draw(ANY_TEXT.filter(lambda t: len(t) <= 200)),
            municipality=draw(ANY_TEXT),
            region=draw(st.none() | ANY_TEXT),
            latitude=draw(st.none() | number(-90, 90)),
            longitude=draw(st.none() | number(-180, 180)),
            area_ha=draw(number(0, 10_000, lo_open=True)),
            companies=draw(st.integers(0, 100_000)),
            jobs=draw(st.integers(0, 1_000_000)),
            strategic=draw(st.booleans()),
            organisation_level=draw(st.integers(0, 4)),
            draagvlak=draw(SHARE),
            private_capacity_eur=draw(EUR),
            municipal_team=draw(st.booleans()),
            absorption_capacity_eur=draw(st.none() | EUR),
            **{f"potential_{g}": draw(SHARE) for g in GOALS},
        ))
    return out


@st.composite
def categories(draw: Any) -> list[Category]:
    ids = draw(st.lists(ANY_TEXT.filter(lambda t: len(t) <= 64), min_size=1, max_size=4,
                        unique=True))
    return [Category(
        category=cid,
        label=draw(st.just("") | ANY_TEXT),
        min_private_share=draw(number(0, 0.95)),
        min_organisation_level=draw(st.integers(0, 4)),
        requires_municipal_team=draw(st.booleans()),
        min_draagvlak=draw(SHARE),
        max_per_park_year_eur=draw(st.none() | EUR),
        **{f"impact_{g}": draw(number(0, 1e6)) for g in GOALS},
    ) for cid in ids]


@st.composite
def returns(draw: Any) -> list[ReturnSegment]:
    bounds = sorted(draw(st.lists(number(0, 1000, lo_open=True), max_size=3, unique=True)))
    mults = sorted(draw(st.lists(number(0, 1e6), min_size=len(bounds) + 1,
                                 max_size=len(bounds) + 1)), reverse=True)
    shares: list[float | None] = [*bounds, None]
    return [ReturnSegment(up_to_share=s, multiplier=m) for s, m in zip(shares, mults,
                                                                        strict=True)]


@st.composite
def scenarios(draw: Any) -> Scenario:
    cats = draw(categories())
    weights = draw(st.lists(number(0, 1e6), min_size=4, max_size=4).filter(
        lambda w: sum(w) > 0))
    settings_ = Settings(
        **{f"weight_{g}": w for g, w in zip(GOALS, weights, strict=True)},
        discount_rate=draw(number(0, 0.5)),
        draagvlak_effect=draw(SHARE),
        capacity_growth=draw(number(0, 1000)),
        carry_over=draw(st.booleans()),
        organisation_category=draw(st.sampled_from([c.category for c in cats])),
        strategic_floor_eur=draw(EUR),
        max_municipality_share=draw(number(0, 1, lo_open=True)),
        **{f"capacity_level_{k}": draw(EUR) for k in range(5)},
    )
    start = draw(st.integers(2000, 2090))
    n_years = draw(st.integers(1, min(30, 2101 - start)))
    budget = [BudgetYear(year=start + i, budget_eur=draw(EUR)) for i in range(n_years)]
    return Scenario(
        parks=tuple(draw(parks(draw(st.integers(1, 5))))),
        budget=tuple(budget),
        categories=tuple(cats),
        returns=tuple(draw(returns())),
        settings=settings_,
        source="generated",
    )


# Explore new examples on a developer's machine; CI replays a fixed set so a merge never fails on
# an example nobody saw before.
@settings(max_examples=25, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_write_then_read_gives_the_same_scenario(scenario: Scenario) -> None:
    loaded = read_three_ways(write_scenario(scenario), source_name="x.xlsx")
    assert loaded.warnings == []
    assert loaded.scenario.model_dump(exclude={"source"}) == scenario.model_dump(
        exclude={"source"})
    assert loaded.scenario.content_hash() == scenario.content_hash()
    assert loaded.scenario.source == "x.xlsx"


# -- messy workbooks: every reader sees the same cells --------------------------------------
PARK_COLUMNS = ["park_id", "naam", "gemeente", "oppervlakte_ha", "bedrijven", "banen",
                "organisatiegraad", "draagvlak", "draagkracht_eur", "potentieel_energie",
                "potentieel_circulariteit", "potentieel_economie", "potentieel_samenwerking",
                "strategisch", "regio"]
CELL = st.one_of(
    st.none(),
    st.integers(-5, 200),
    st.integers(2, 100),  # a share written as a percentage, formatted or not
    st.integers(10**15, 10**17),  # beyond a double's exact integers
    st.floats(-1e3, 1e11, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(["", "  ", " ja ", "nee", "x", "12.500", "€ 12.500", "50%", "#N/A", "=A1",
                     "=1/0", "nan", "1001", "A-1", "park 1", "été", "_x000D_", "a\nb", "0.5",
                     "TRUE", "#DIV/0!"]),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
)
SHARES = {"draagvlak", "potentieel_energie", "potentieel_circulariteit", "potentieel_economie",
          "potentieel_samenwerking"}
FORMATS = st.sampled_from(["General", "General", "0%", "0.00%", "yyyy-mm-dd", '"x%"0', "0.00",
                           "[h]:mm", "@"])


VALID = {"park_id": "P1", "naam": "Park", "gemeente": "Lindenhoven", "oppervlakte_ha": 12.5,
         "bedrijven": 40, "banen": 300, "organisatiegraad": 2, "draagvlak": 0.6,
         "draagkracht_eur": 20_000, "potentieel_energie": 0.5, "potentieel_circulariteit": 0.4,
         "potentieel_economie": 0.3, "potentieel_samenwerking": 0.7, "strategisch": "ja",
         "regio": "Oost", "extra": "iets", None: None}


@st.composite
def messy_workbooks(draw: Any) -> bytes:
    """A parks sheet of mostly valid rows in which some cells are replaced by anything a
    spreadsheet can hold, in any number format; optional hidden rows and columns, a merge,
    saved formula results, shared strings."""
    header = draw(st.permutations(PARK_COLUMNS))[:draw(st.integers(10, len(PARK_COLUMNS)))]
    header += draw(st.lists(st.sampled_from(["extra", None, "draagvlak"]), max_size=2))
    n_rows = draw(st.integers(0, 6))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = draw(st.sampled_from(["parks", "Terreinen", " PARKS "]))
    for c, name in enumerate(header, start=1):
        ws.cell(row=1, column=c, value=name)
    for r in range(2, n_rows + 2):
        for c, name in enumerate(header, start=1):
            value = VALID[name]
            if isinstance(value, str) and name == "park_id":
                value = f"P{r}"
            percent = False
            if name in SHARES and draw(st.integers(0, 2)) == 0:
                value, percent = draw(st.sampled_from([0.5, 50, 150, 1, 0])), True
            elif draw(st.integers(0, 5)) == 0:
                value = draw(CELL)
            cell = ws.cell(row=r, column=c, value=value)
            if percent:
                cell.number_format = draw(st.sampled_from(["0%", "0.0%", '0.00" %"']))
            elif draw(st.integers(0, 3)) == 0:
                cell.number_format = draw(FORMATS)
    budget = wb.create_sheet("budget")
    budget.append(["jaar", "budget_eur"])
    for i in range(draw(st.integers(0, 3))):
        budget.append([2026 + i, draw(CELL)])
    if draw(st.booleans()):
        wb.create_sheet("notities").append(["x", draw(CELL)])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if draw(st.booleans()):  # a spreadsheet program saved some formula results
        data = hostile._rewrite(data, lambda name, x: re.sub(
            rb"<v\s*/>|<v></v>", b"<v>7</v>", x, count=2) if "worksheets" in name else x)
    if draw(st.booleans()):  # texts in a shared-strings table, as Excel writes them
        data = hostile.huge_shared_strings(data, draw(st.integers(0, 3)))
    return data


@settings(max_examples=60, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(messy_workbooks())
def test_every_reader_reads_a_messy_workbook_the_same(data: bytes) -> None:
    try:
        read_three_ways(data)  # asserts that the three outcomes are equal
    except WorkbookError:
        pass  # refused the same way by all three: that is the point
