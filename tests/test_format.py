"""Number formatting (allocation.format): Dutch notation everywhere, in English mode too."""

from __future__ import annotations

import pytest

from allocation import format as fmt


@pytest.mark.parametrize(("value", "text"), [
    (1_234_567, "€ 1.234.567"), (1_234_567.6, "€ 1.234.568"), (0, "€ 0"), (-4_000, "-€ 4.000"),
    (-1234.4, "-€ 1.234"), (-0.4, "€ 0"), (-0.2, "€ 0"),
    (None, "–"), (float("nan"), "–"), (float("inf"), "–"), ("n.v.t.", "–"),
])
def test_eur(value, text):
    assert fmt.eur(value) == text


def test_eur_signed_and_cents():
    assert fmt.eur(1500, signed=True) == "+€ 1.500"
    assert fmt.eur(-1500, signed=True) == "-€ 1.500"
    assert fmt.eur(0.004, signed=True) == "€ 0"
    assert fmt.eur(1234.5, 2) == "€ 1.234,50"


@pytest.mark.parametrize(("value", "text"), [
    (4_200_000, "€ 4,20 mln"), (3_800_000, "€ 3,80 mln"), (19_500_000, "€ 19,5 mln"),
    (1_250_000_000, "€ 1,25 mld"), (350_000, "€ 350.000"), (999_000, "€ 999.000"),
    (12_500, "€ 12.500"), (-4_200_000, "-€ 4,20 mln"), (None, "–"),
])
def test_eur_short(value, text):
    assert fmt.eur_short(value) == text


def test_numbers_percentages_points_ratio_seconds():
    assert fmt.num(1234.56, 1) == "1.234,6"
    assert fmt.num(1234.5, 1) == "1.234,5"
    assert fmt.num(-0.0001, 2) == "0,00"
    assert fmt.num(float("inf")) == "–"
    assert fmt.pct(0.125) == "12,5%"
    assert fmt.pct(0.25) == "25%"
    assert fmt.pct(0.3, 0) == "30%"
    assert fmt.pct(0.05, signed=True) == "+5%"
    assert fmt.points(17225.23, 1) == "17.225,2"
    assert fmt.points(2.5, 1, signed=True) == "+2,5"
    assert fmt.ratio(0.5333) == "0,53 : 1"
    assert fmt.seconds(2.25) == "2,2 s"
    assert fmt.seconds(61.4) == "61 s"
    assert fmt.seconds(0.01) == "< 0,1 s" and fmt.seconds(0.06) == "0,1 s"


def test_comparison_cells_by_kind():
    assert fmt.by_kind(1234.4, "eur") == "€ 1.234"
    assert fmt.by_kind(12.345, "points") == "12,35"
    assert fmt.by_kind(0.12345, "price") == "0,1235"
    assert fmt.by_kind(0.5, "ratio") == "0,50"
    assert fmt.by_kind(12, "int") == "12"
    assert fmt.by_kind(2026, "year") == "2026"
    assert fmt.by_kind(1.5, "other") == "1,5"
    assert fmt.by_kind(7, "text") == "7"
    assert fmt.by_kind("abc", "eur") == "abc"


@pytest.mark.parametrize(("text", "value"), [
    ("6.000.000", 6_000_000), ("6000000", 6_000_000), ("€ 6.000.000", 6_000_000),
    ("€ 1.234.567,50", 1_234_567.5), ("6,5 mln", 6_500_000), ("€ 1,25 mld", 1_250_000_000),
    ("12.500", 12_500), ("0,5", 0.5), ("1.5", 1.5), ("0", 0), ("-4.000", -4_000),
    (" 250 000 ", 250_000), ("100k", 100_000),
])
def test_parse_amount_reads_dutch_notation(text, value):
    assert fmt.parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23.4", "€", "12.34.567", None, "--5",
                                  "1e400"])
def test_parse_amount_refuses_what_is_not_one_number(text):
    assert fmt.parse_amount(text) is None


def test_parse_amount_reads_back_what_num_writes():
    for v in (0, 7, 12_500, 6_000_000, 1_234_567_890, 0.25, 1234.5):
        assert fmt.parse_amount(fmt.num(v, 0 if float(v).is_integer() else 2)) == v


def test_times_are_dutch_time_summer_and_winter():
    from datetime import UTC, datetime

    assert fmt.when(datetime(2026, 3, 1, 9, 30, tzinfo=UTC)) == "01-03-2026 10:30"  # CET
    assert fmt.when(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "01-07-2026 14:00"  # CEST
    assert fmt.when(datetime(2026, 7, 1, 12, 0)) == "01-07-2026 14:00"  # naive = UTC
    assert fmt.when(None) == "–"


def test_amounts_that_never_read_as_the_value_they_replace():
    # issue 26, item 2: a floor of € 30.000,50 lowered to € 30.000 read "van € 30.000 naar
    # € 30.000"
    assert fmt.eur(30_000.5) == fmt.eur(30_000)  # the trap: whole euros hide the difference
    assert fmt.eur_exact(30_000.5) == "€ 30.000,50"
    assert fmt.eur_exact(90_001.5) == "€ 90.001,50"
    assert fmt.eur_exact(30_000) == "€ 30.000"
    assert fmt.eur_exact(0.1 + 0.2) == "€ 0,30"
    assert fmt.eur_exact(None) == "–"
    assert fmt.eur_apart(30_000.5, 30_000) == "€ 30.000,50"
    assert fmt.eur_apart(30_000, 30_000.5) == "€ 30.000"
    assert fmt.eur_apart(30_000.5, 25_000) == fmt.eur(30_000.5)  # apart anyway: no cents
    assert fmt.eur_apart(30_000.504, 30_000.501) == "€ 30.000,50"  # within a cent: the same
    assert fmt.eur_apart(1_000, None) == "€ 1.000"
    assert fmt.pct_apart(0.1006, 0.101) == "10,06%"
    assert fmt.pct_apart(0.101, 0.1006) == "10,1%"  # no trailing zeros from extra decimals
    assert fmt.pct_apart(0.10, 0.12) == "10%"
    assert fmt.pct_apart(None, 0.1) == "–"
    for a, b in ((30_000.5, 30_000), (0.4, 1), (1_234_567.25, 1_234_567), (99.99, 100)):
        assert fmt.eur_apart(a, b) != fmt.eur_apart(b, a)
        assert fmt.parse_amount(fmt.eur_apart(a, b)) == pytest.approx(a, abs=0.5)
    for a, b in ((0.1006, 0.101), (0.16604, 0.166), (0.5, 0.49999)):
        assert fmt.pct_apart(a, b) != fmt.pct_apart(b, a)
