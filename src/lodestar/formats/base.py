"""What every language's format module shares: 24-hour time, ISO input and short forms."""

from __future__ import annotations

from typing import Any

TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# The first input format is also how a form shows a date: ISO, which <input type="date"> needs.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
NUMBER_GROUPING = 3


def language_formats(lang: str, *, date: str, month_day: str, year_month: str) -> dict[str, Any]:
    """A language's whole format module: its own date patterns (the UN's: core.dates), the
    separators of core.numbers, and what every language shares (above)."""
    from lodestar.core.numbers import SEPARATORS

    thousands, decimal = SEPARATORS[lang]
    return {
        "DATE_FORMAT": date,
        "DATETIME_FORMAT": date + " H:i",
        "MONTH_DAY_FORMAT": month_day,
        "YEAR_MONTH_FORMAT": year_month,
        "THOUSAND_SEPARATOR": thousands,
        "DECIMAL_SEPARATOR": decimal,
        "TIME_FORMAT": TIME_FORMAT,
        "SHORT_DATE_FORMAT": SHORT_DATE_FORMAT,
        "SHORT_DATETIME_FORMAT": SHORT_DATETIME_FORMAT,
        "FIRST_DAY_OF_WEEK": FIRST_DAY_OF_WEEK,
        "DATE_INPUT_FORMATS": DATE_INPUT_FORMATS,
        "TIME_INPUT_FORMATS": TIME_INPUT_FORMATS,
        "DATETIME_INPUT_FORMATS": DATETIME_INPUT_FORMATS,
        "NUMBER_GROUPING": NUMBER_GROUPING,
    }
