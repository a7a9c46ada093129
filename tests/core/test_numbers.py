from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lodestar.core.numbers import (
    NIL,
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
    assert format_amount(25_374_400) == "25,374.4"
    assert format_amount(25_374_400, lang="zh") == "25 374.4"
    assert format_amount(25_374_400, lang="fr") == "25\u202f374,4"
    assert format_amount(-6_100) == "(6.1)"
    assert format_amount(0) == NIL and format_amount(None) == NIL
    assert format_amount(774_000_000, unit="millions") == "774.0"
    assert format_amount(Decimal("50"), unit="thousands") == "0.1"  # half-up, like the printed tables
    assert format_number(1_146_629, lang="zh") == "1 146 629"
    assert format_number(4_219) == "4,219"


def test_percentages_and_not_applicable() -> None:
    assert percent_value(2, 8) == Decimal("25.0")
    assert format_percent(-61, 1000) == "(6.1)"
    assert format_percent(1, 0) == "n/a" and format_percent(1, 0, lang="zh") == "不适用"
    assert format_ratio(Decimal("12.5"), with_sign=True) == "12.5%"
    assert format_ratio(Decimal("-6.1"), with_sign=True) == "(6.1%)"


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        format_amount(1.5)  # type: ignore[arg-type]


def test_printed_comparison_reports_rounding_separately() -> None:
    assert compare_printed(Decimal("25374.4"), Decimal("25374.4"), decimals=1) == "equal"
    assert compare_printed(Decimal("25374.4"), Decimal("25374.5"), decimals=1) == "rounding"
    assert compare_printed(Decimal("25374.4"), Decimal("25375.4"), decimals=1) == "difference"


def test_parse_printed_cells() -> None:
    assert parse_printed("(6.1)") == Decimal("-6.1")
    assert parse_printed("25 374.4") == Decimal("25374.4")
    assert parse_printed("25,374.4") == Decimal("25374.4")
    assert parse_printed("25\u202f374,4") == Decimal("25374.4")
    assert parse_printed("1 146 629") == Decimal("1146629")
    assert parse_printed("—") is None and parse_printed("n/a") is None and parse_printed("") is None


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(LANGS), st.integers(0, 2))
def test_format_then_parse_round_trips(value: int, lang: str, decimals: int) -> None:
    text = format_amount(value, unit="thousands", decimals=decimals, lang=lang)
    expected = (Decimal(value) / 1000).quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
    parsed = parse_printed(text)
    assert (parsed or Decimal(0)) == expected
