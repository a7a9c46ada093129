"""The pages' formatter (core.formatting, core.dates): numbers and dates as each UN language writes
them, on core.numbers' separators; Django's own formatting agrees (format modules)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from lodestar.core import dates, formatting

N = "\u202f"  # narrow no-break space
LANGS = ("en", "fr", "es", "ru", "zh", "ar")


@pytest.mark.parametrize(
    ("lang", "integer", "stored", "negative", "percent"),
    [
        ("en", "4,000", "12,500", "-1,234.5", "42.5"),
        ("fr", f"4{N}000", f"12{N}500", f"-1{N}234,5", "42,5"),
        ("es", "4.000", "12.500", "-1.234,5", "42,5"),
        ("ru", f"4{N}000", f"12{N}500", f"-1{N}234,5", "42,5"),
        ("zh", f"4{N}000", f"12{N}500", f"-1{N}234.5", "42.5"),
        ("ar", f"4{N}000", f"12{N}500", f"-1{N}234.5", "42.5"),
    ],
)
def test_numbers_in_each_language(lang: str, integer: str, stored: str, negative: str, percent: str) -> None:
    assert formatting.format_integer(4000, lang=lang) == integer
    assert formatting.format_decimal(Decimal("12500.0000"), lang=lang) == stored
    assert formatting.format_decimal(Decimal("-1234.50"), lang=lang) == negative
    assert formatting.format_percent(Decimal("42.50"), lang=lang) == percent


def test_storage_zeros_money_percent_and_nothing() -> None:
    assert formatting.format_money(Decimal("40272.50"), lang="en") == "40,272.5"
    assert formatting.format_money(Decimal("40272.00"), lang="en") == "40,272"
    assert formatting.format_money(40272, lang="fr") == f"40{N}272"
    assert formatting.format_percent(Decimal("50.00"), lang="en") == "50"
    assert formatting.format_percent(Decimal("33.333"), lang="fr") == "33,3"
    assert formatting.format_percent(Decimal("0.05"), lang="en") == "0.1"  # half-up, as numbers.py
    assert formatting.format_decimal(0.1, lang="en") == "0.1"
    assert formatting.format_integer(0, lang="en") == "0"  # a value, not nil
    for value in (None, ""):
        assert formatting.format_decimal(value) == "—"
        assert formatting.format_percent(value) == "—"
        assert formatting.format_value(value) == "—"
    assert dates.format_date(None) == "—"
    assert dates.format_datetime(None) == "—"


def test_stored_history_values() -> None:
    assert formatting.format_stored("12500.0000", lang="en") == "12,500"
    assert formatting.format_stored(2018, lang="en") == "2018"  # a year, never "2,018"
    assert formatting.format_stored(125000, lang="en") == "125,000"
    assert formatting.format_stored("2018-12-31", lang="en") == "31 December 2018"
    assert formatting.format_stored("A-1.2", lang="en") == "A-1.2"
    assert formatting.is_year_field("budget_year") and not formatting.is_year_field("requests_per_year")


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "31 December 2018"),
        ("fr", "31 décembre 2018"),
        ("es", "31 de diciembre de 2018"),
        ("ru", "31 декабря 2018 г."),
        ("zh", "2018年12月31日"),
        ("ar", "31 كانون الأول/ديسمبر 2018"),
    ],
)
def test_dates_in_each_language_and_django_agrees(lang: str, shown: str) -> None:
    day = datetime.date(2018, 12, 31)
    assert dates.format_date(day, lang=lang) == shown
    moment = datetime.datetime(2018, 12, 31, 14, 30, tzinfo=datetime.UTC)
    assert dates.format_datetime(moment, lang=lang) == f"{shown} 14:30"
    with translation.override({"zh": "zh-hans"}.get(lang, lang)):
        assert date_format(day, "DATE_FORMAT") == shown
        template = Template("{% load lodestar %}{{ d|date }}|{{ d|un_date }}|{{ x|number }}|{{ p|percent }}")
        rendered = template.render(Context({"d": day, "x": Decimal("12500.0000"), "p": Decimal("7.00")}))
        assert rendered == f"{shown}|{shown}|{formatting.format_decimal(12500, lang=lang)}|7"


def test_may_and_january_in_arabic_and_russian() -> None:
    assert dates.format_date(datetime.date(2027, 5, 1), lang="ar") == "1 أيار/مايو 2027"
    assert dates.format_date(datetime.date(2027, 1, 15), lang="ru") == "15 января 2027 г."
