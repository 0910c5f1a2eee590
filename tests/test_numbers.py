"""numbers.py: printed amounts → Decimal, exactly."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetx.values.numbers import figure_edits, format_amount, is_amount, malformed_figure, parse_amount, restore_separators


@pytest.mark.parametrize(("text", "value"), [
    ("1,388.82", "1388.82"),
    ("120258,600", "120258600"),  # only the last group separated
    ("1388.82", "1388.82"),
    ("１，３８８．８２", "1388.82"),  # full-width digits and separators
    (" 1,388.82 ", "1388.82"),
    ("0.00", "0.00"),
    ("0.70", "0.70"),
    ("140.00", "140.00"),
    ("0.123456", "0.123456"),
    ("84,209,967", "84209967"),  # amounts in 元: integers with separators
    ("84209967", "84209967"),
    ("84,209,967.13", "84209967.13"),
    ("19439,054.50", "19439054.50"),
    ("（12.5）", "-12.5"),
    ("(12.5)", "-12.5"),
    ("-3.20", "-3.20"),
    ("－3.20", "-3.20"),  # full-width hyphen-minus
    ("\u22123.20", "-3.20"),  # U+2212 MINUS SIGN, as typesetting and some fonts give it
    (".5", "0.5"),
])
def test_parse_amount(text: str, value: str) -> None:
    parsed = parse_amount(text)
    assert parsed == Decimal(value)
    # The printed precision is kept: 0.70 stays 0.70, 140.00 stays 140.00.
    assert str(parsed) == value


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000"])
def test_blank_is_none(text: str | None) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["-", "—", "－", "–", "--", "——", "/"])
def test_zero_marks_are_zero(text: str) -> None:
    assert parse_amount(text) == Decimal(0)
    assert is_amount(text)


def test_ellipsis_zero_mark() -> None:
    assert parse_amount("…") == Decimal(0)


@pytest.mark.parametrize("text", ["abc", "1,38.82", "1234,56", "2023,2024", "12.5%", "1.2.3", "万元", "201 一般公共服务支出", "1,388.82万元"])
def test_not_an_amount(text: str) -> None:
    assert not is_amount(text)
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


@pytest.mark.parametrize(("value", "separators", "text"), [
    ("1388.82", True, "1,388.82"), ("1388.82", False, "1388.82"), ("-1234.50", True, "-1,234.50"),
    ("0.00", True, "0.00"), ("84209967", True, "84,209,967"),
])
def test_format_amount(value: str, separators: bool, text: str) -> None:
    assert format_amount(Decimal(value), separators) == text


amounts = st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(min_value=-10**12, max_value=10**12, places=places,
                               allow_nan=False, allow_infinity=False))


@given(amounts, st.booleans())
def test_rendered_amount_parses_back_to_itself(value: Decimal, separators: bool) -> None:
    parsed = parse_amount(format_amount(value, separators))
    assert parsed == value
    assert parsed is not None and parsed.as_tuple().exponent == value.as_tuple().exponent


@given(amounts.filter(lambda d: d > 0))
def test_bracketed_amount_is_negative(value: Decimal) -> None:
    assert parse_amount(f"（{format_amount(value)}）") == -value


@given(st.sampled_from(["", " ", "-", "—", "0", "0.00"]))
def test_blank_and_zero_marks(text: str) -> None:
    parsed = parse_amount(text)
    assert (parsed is None) if not text.strip() else (parsed == 0)


@pytest.mark.parametrize("text, malformed", [
    ("288,280,7399", True), ("1,23.45", True), ("12,34", True),
    ("288,280,739", False), ("1388.82", False), ("125360,898", False), ("-", False), ("一般", False)])
def test_a_figure_grouped_as_no_amount_is_malformed(text: str, malformed: bool) -> None:
    assert malformed_figure(text) is malformed


def test_the_readings_of_a_malformed_figure_are_one_digit_away_and_well_grouped() -> None:
    assert figure_edits("288,280,7399") == ["288,280,399", "288,280,739", "288,280,799"]
    edits = figure_edits("1,23.45")  # a digit lost: every digit in every place that groups
    assert "1,223.45" in edits and "1,023.45" in edits and "12,345" not in edits
    assert all(is_amount(e) and e.count(",") == 1 for e in edits)
    assert figure_edits("1,388.82") == []  # well-formed: nothing to repair


@pytest.mark.parametrize(("read", "fixed"), [
    ("7,627:46", "7,627.46"),  # a scan's blurred decimal point
    ("1.481.31", "1,481.31"),  # a thousands comma read as a point
    ("117.252.13", "117,252.13"),
    ("2,026;17", "2,026.17"),
    ("21375878,15", "21375878.15"),  # ungrouped (西安): the one separator is the point
    ("1378:41", "1378.41"),
    ("2010301", "2010301"),  # a code: digits alone are never touched
    ("12.5", "12.5"),  # one decimal: not an amount's two places, left as read
    ("1.2345.67", "1.2345.67"),  # no amount groups its digits so
])
def test_restore_separators(read: str, fixed: str) -> None:
    assert restore_separators(read) == fixed
