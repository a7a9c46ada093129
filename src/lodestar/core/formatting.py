"""The one formatter of the web pages: numbers as the reader's language prints them.

Documents use ``core.numbers`` (units, thousands or millions; negatives in parentheses; nil as
"—"). Pages show a record's own value, so this layer keeps numbers.py's separators per language and
its half-up rounding, and differs only where a page is not a printed table:

- integers are grouped: "4,000" (en), "4 000" (fr, U+202F), "4.000" (es);
- decimals lose the trailing zeros of storage: Decimal("12500.0000") → "12,500", "0.5" stays;
- money is in whole dollars unless cents are stored ("40,272.5");
- percentages are whole or to one decimal ("42", "42,5" in fr), without the sign: the heading or
  the template carries it;
- zero is "0" (a value, not nil), negatives keep a minus sign, nothing is "—".

Dates are in ``core.dates``. Both take ``lang`` (our two-letter code or a Django code) and default
to the active language.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .languages import data_code
from .numbers import NIL, SEPARATORS, _group, language, quantize

MINUS = "-"
YEARS = range(1900, 2101)  # an integer in this range, in a value whose field is unknown, is a year
MAX_DECIMALS = 4  # a stored ratio or rate rarely carries more meaning than this


def _lang(lang: str | None) -> str:
    return language(lang) if lang else data_code()


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    try:
        # A float through its shortest repr: 0.1 is shown as "0.1", not 0.1000000000000000055…
        return Decimal(str(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _render(number: Decimal, decimals: int, lang: str | None, *, trim: bool = True) -> str:
    thousands, point = SEPARATORS[_lang(lang)]
    rounded = quantize(number, decimals)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    body = _group(whole, thousands) + (point + fraction if fraction else "")
    return MINUS + body if rounded < 0 else body


def format_integer(value: Any, *, lang: str | None = None) -> str:
    """format_integer(4000) == "4,000"; in fr "4 000" (U+202F); None → "—"."""
    number = _as_decimal(value)
    return NIL if number is None else _render(number, 0, lang)


def format_decimal(value: Any, *, decimals: int = MAX_DECIMALS, lang: str | None = None) -> str:
    """A stored decimal without its storage zeros: "12500.0000" → "12,500"; "0.125" → "0.125"."""
    if type(value) is int:
        # What _render gives a whole number, without the Decimal: dashboards format thousands.
        body = _group(str(abs(value)), SEPARATORS[_lang(lang)][0])
        return MINUS + body if value < 0 else body
    number = _as_decimal(value)
    return NIL if number is None else _render(number, decimals, lang)


def format_money(value: Any, *, lang: str | None = None) -> str:
    """Dollars: whole when the cents are nil ("40,272"), else with the cents that matter ("40,272.5")."""
    number = _as_decimal(value)
    return NIL if number is None else _render(number, 2, lang)


def format_percent(value: Any, *, lang: str | None = None) -> str:
    """An already computed percentage, whole or to one decimal: 42.50 → "42.5", 50.00 → "50"."""
    number = _as_decimal(value)
    return NIL if number is None else _render(number, 1, lang)


def format_value(value: Any, *, lang: str | None = None) -> str:
    """Any stored value as a page shows it: numbers and dates formatted, the rest as text."""
    from . import dates

    if value is None or value == "":
        return NIL
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_integer(value, lang=lang)
    if isinstance(value, Decimal | float):
        return format_decimal(value, lang=lang)
    if isinstance(value, datetime.datetime):
        return dates.format_datetime(value, lang=lang)
    if isinstance(value, datetime.date):
        return dates.format_date(value, lang=lang)
    return str(value)


def is_year_field(name: str) -> bool:
    """Years are never grouped ("2018", not "2,018"): fields named year or …_year (not …per_year)."""
    return (name == "year" or name.endswith("_year")) and "per_" not in name


_STORED_DECIMAL = re.compile(r"-?\d+\.\d+")
_STORED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORED_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def format_stored(value: Any, *, lang: str | None = None) -> str:
    """A value as the change history stores it (JSON: decimals and dates as ISO text, the field
    unknown) shown as format_value would show the field's value; years stay ungrouped."""
    from . import dates

    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value in YEARS else format_integer(value, lang=lang)
    if isinstance(value, float):
        return format_decimal(value, lang=lang)
    if not isinstance(value, str):
        return NIL if value is None else str(value)
    if _STORED_DECIMAL.fullmatch(value):
        return format_decimal(Decimal(value), lang=lang)
    if _STORED_DATE.fullmatch(value):
        try:
            return dates.format_date(datetime.date.fromisoformat(value), lang=lang)
        except ValueError:
            return value
    if _STORED_DATETIME.fullmatch(value):
        try:
            return dates.format_datetime(
                datetime.datetime.fromisoformat(value.replace("Z", "+00:00")), lang=lang
            )
        except ValueError:
            return value
    return value
