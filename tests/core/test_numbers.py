"""UN number conventions: the figures as the seed documents print them, in every language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lodestar.core.numbers import (
    NIL,
    NNBSP,
    compare_printed,
    format_amount,
    format_number,
    format_percent,
    format_ratio,
    parse_printed,
    percent_value,
)

LANGS = ["en", "fr", "es", "ru", "zh", "ar"]


def test_amounts_as_the_documents_print_them() -> None:
    assert format_amount(25_374_400) == "25,374.4"  # thousands, one decimal by default
    assert format_amount(-6_100) == "(6.1)"
    assert format_amount(0) == NIL == "—" and format_amount(None) == NIL
    assert format_amount(774_000_000, unit="millions") == "774.0"
    assert format_amount(53_980_900, unit="units", decimals=0, lang="zh") == f"53{NNBSP}980{NNBSP}900"
    assert format_amount(Decimal("25374400.00"), unit="thousands") == "25,374.4"


@pytest.mark.parametrize(
    ("lang", "amount", "count", "negative"),
    [
        ("en", "25,374.4", "1,146,629", "(6.1)"),
        ("zh", f"25{NNBSP}374.4", f"1{NNBSP}146{NNBSP}629", "(6.1)"),
        ("zh-hans", f"25{NNBSP}374.4", f"1{NNBSP}146{NNBSP}629", "(6.1)"),
        ("fr", f"25{NNBSP}374,4", f"1{NNBSP}146{NNBSP}629", "(6,1)"),
        ("es", "25.374,4", "1.146.629", "(6,1)"),
        ("ru", f"25{NNBSP}374,4", f"1{NNBSP}146{NNBSP}629", "(6,1)"),
        ("ar", f"25{NNBSP}374.4", f"1{NNBSP}146{NNBSP}629", "(6.1)"),
    ],
)
def test_every_language(lang: str, amount: str, count: str, negative: str) -> None:
    assert format_amount(25_374_400, lang=lang) == amount
    assert format_number(1_146_629, lang=lang) == count
    assert format_amount(-6_100, lang=lang) == negative
    assert format_number(0, lang=lang) == NIL
    # The printed Chinese figure "25 374.4" (an ordinary space in the seeds) reads back the same.
    assert parse_printed(amount, lang=lang) == parse_printed("25 374.4") == Decimal("25374.4")


def test_space_separators_never_wrap_and_keep_their_order_in_arabic() -> None:
    import unicodedata

    assert unicodedata.bidirectional(NNBSP) == "CS" and " " not in format_number(1_146_629, lang="ar")


def test_rounding_is_half_up_like_the_printed_tables() -> None:
    assert format_amount(50, decimals=1) == "0.1"  # 0.05 thousand → 0.1, not banker's 0.0
    assert format_amount(150, decimals=1) == "0.2" and format_amount(250, decimals=1) == "0.3"
    assert format_amount(-50) == "(0.1)"
    assert format_amount(49) == NIL  # rounds to nil: printed as nil
    assert format_number(Decimal("2.5")) == "3" and format_number(Decimal("0.05"), decimals=1) == "0.1"
    assert percent_value(1, 8) == Decimal("12.5") and percent_value(1, 16, decimals=1) == Decimal("6.3")


def test_percentages_and_not_applicable() -> None:
    assert percent_value(2, 8) == Decimal("25.0")
    assert percent_value(1, 0) is None and percent_value(None, 5) is None and percent_value(5, None) is None
    assert format_percent(-61, 1000) == "(6.1)"  # as T29C.13 prints a decrease
    assert format_percent(0, 1000) == NIL
    assert format_percent(1, 0) == "n/a" and format_percent(1, None) == "n/a"
    assert [format_percent(1, 0, lang=lang) for lang in LANGS] == [
        "n/a",
        "s.o.",
        "n.a.",
        "н/п",
        "不适用",
        "لا ينطبق",
    ]
    assert format_ratio(Decimal("12.5"), with_sign=True) == "12.5%"
    assert format_ratio(Decimal("-6.1"), with_sign=True) == "(6.1%)"
    assert format_ratio(Decimal("-6.1"), with_sign=True, lang="fr") == f"(6,1{NNBSP}%)"
    assert format_ratio(Decimal("1234.5"), lang="es") == "1.234,5"
    assert format_ratio(None, lang="zh-hans") == "不适用"


@pytest.mark.parametrize("value", [1.5, 0.0, "12", True])
def test_floats_and_other_types_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        format_amount(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_number(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        percent_value(value, 10)  # type: ignore[arg-type]


def test_printed_comparison_reports_rounding_separately() -> None:
    assert compare_printed(Decimal("25374.4"), Decimal("25374.4"), decimals=1) == "equal"
    assert compare_printed(Decimal("25374.44"), Decimal("25374.4"), decimals=1) == "equal"
    assert compare_printed(Decimal("25374.4"), Decimal("25374.5"), decimals=1) == "rounding"
    assert compare_printed(Decimal("25374.5"), Decimal("25374.4"), decimals=1) == "rounding"
    assert compare_printed(Decimal("25374.4"), Decimal("25374.6"), decimals=1) == "difference"
    assert compare_printed(Decimal("25374.4"), Decimal("25375.4"), decimals=1) == "difference"
    assert compare_printed(Decimal("5"), Decimal("3"), decimals=0) == "difference"
    assert compare_printed(Decimal("1146629"), Decimal("1146630"), decimals=0) == "rounding"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(6.1)", "-6.1"),
        ("25 374.4", "25374.4"),
        ("25,374.4", "25374.4"),
        (f"25{NNBSP}374,4", "25374.4"),
        ("25\u00a0374,4", "25374.4"),
        ("1 146 629", "1146629"),
        ("1,146", "1146"),
        ("1.146.629", "1146629"),
        ("5.341,0", "5341.0"),
        ("0,75", "0.75"),
        ("-5", "-5"),
        ("(6.1%)", "-6.1"),
        (f"5,8{NNBSP}%", "5.8"),
        ("774.0", "774.0"),
    ],
)
def test_parse_printed_cells(text: str, expected: str) -> None:
    assert parse_printed(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "—",
        "-",
        "–",
        "..",
        "n/a",
        "N/A",
        "不适用",
        "s.o.",
        "n.a.",
        "н/п",
        "لا ينطبق",
        "abc",
        "(6.1",
        "1,23,456",
    ],
)
def test_parse_printed_nil_and_not_figures(text: str) -> None:
    assert parse_printed(text) is None


def test_parse_printed_in_a_known_language() -> None:
    assert parse_printed("1.146", lang="es") == Decimal("1146")  # Spanish groups with "."
    assert parse_printed("1.146") == Decimal("1.146")  # without a language "." is a decimal point
    assert parse_printed("25,374.4", lang="fr") == Decimal("25374.4")  # another convention still reads


def _rounded(value: int, decimals: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


amounts = st.integers(min_value=-(10**13), max_value=10**13)


@given(amounts, st.sampled_from([*LANGS, "zh-hans"]), st.integers(0, 3))
def test_format_then_parse_round_trips_in_every_language(value: int, lang: str, decimals: int) -> None:
    text = format_amount(value, unit="units", decimals=decimals, lang=lang)
    assert (parse_printed(text, lang=lang) or Decimal(0)) == _rounded(value, decimals)


@given(amounts, st.sampled_from(["en", "zh", "fr", "ru", "ar"]), st.integers(0, 2))
def test_format_then_parse_round_trips_without_knowing_the_language(
    value: int, lang: str, decimals: int
) -> None:
    # Spanish "1.146" cannot be told from English 1.146 without the language; the rest can.
    text = format_amount(value, unit="units", decimals=decimals, lang=lang)
    assert (parse_printed(text) or Decimal(0)) == _rounded(value, decimals)


@given(amounts, st.sampled_from(LANGS))
def test_thousands_round_trip(value: int, lang: str) -> None:
    text = format_amount(value, lang=lang)
    expected = (Decimal(value) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert (parse_printed(text, lang=lang) or Decimal(0)) == expected
