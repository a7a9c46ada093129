"""The one number formatter of every document: UN conventions per language.

Amounts are whole US dollars (int or Decimal, never float) shown in units, thousands or millions
with one decimal; negatives in parentheses "(6.1)"; nil as an em dash "—"; percentages to one
decimal; "not applicable" in each language's UN form. Rounding is half-up, as the documents print.

Separators (thousands, decimal):
    en  ","       "."    25,374.4
    zh  " "       "."    25 374.4   (the Chinese editions print an ordinary space)
    ar  ","       "."    25,374.4   (Western digits, as the Arabic editions' tables)
    fr  U+202F    ","    25 374,4   (narrow no-break space, so that figures never wrap)
    es  U+202F    ","    25 374,4
    ru  U+202F    ","    25 374,4
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

NIL = "—"
NARROW_NBSP = "\u202f"
SEPARATORS: dict[str, tuple[str, str]] = {
    "en": (",", "."),
    "zh": (" ", "."),
    "ar": (",", "."),
    "fr": (NARROW_NBSP, ","),
    "es": (NARROW_NBSP, ","),
    "ru": (NARROW_NBSP, ","),
}
NOT_APPLICABLE = {"en": "n/a", "zh": "不适用", "ar": "غير منطبق", "fr": "s.o.", "es": "n.a.", "ru": "н/п"}
SCALE = {"units": Decimal(1), "thousands": Decimal(1000), "millions": Decimal(1_000_000)}

Unit = Literal["units", "thousands", "millions"]


def _lang(lang: str) -> str:
    code = (lang or "en").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh"
    code = code.split("-")[0]
    return code if code in SEPARATORS else "en"


def _decimal(value: object) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money and counts are never floats: pass an int or a Decimal")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise TypeError(f"expected int or Decimal, got {type(value).__name__}")


def quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group(digits: str, separator: str) -> str:
    head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3 :]
    return separator.join([head, *(rest[i : i + 3] for i in range(0, len(rest), 3))])


def _format(value: Decimal, decimals: int, lang: str) -> str:
    thousands, point = SEPARATORS[_lang(lang)]
    rounded = quantize(value, decimals)
    if rounded == 0:
        return NIL
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    body = _group(whole, thousands) + (point + fraction if decimals else "")
    return f"({body})" if rounded < 0 else body


def format_amount(
    value: Decimal | int | None, *, unit: Unit = "thousands", decimals: int = 1, lang: str = "en"
) -> str:
    """Dollars shown in ``unit``: format_amount(25_374_400) == "25,374.4"."""
    if value is None:
        return NIL
    return _format(_decimal(value) / SCALE[unit], decimals, lang)


def format_number(value: Decimal | int | None, *, decimals: int = 0, lang: str = "en") -> str:
    """Counts (posts, applications): "1,146,629"; zero or nil as "—"."""
    if value is None:
        return NIL
    return _format(_decimal(value), decimals, lang)


def percent_value(
    numerator: Decimal | int | None, denominator: Decimal | int | None, decimals: int = 1
) -> Decimal | None:
    """numerator / denominator × 100, rounded half-up; None when the base is nil or zero."""
    if numerator is None or denominator is None:
        return None
    base = _decimal(denominator)
    if base == 0:
        return None
    return quantize(_decimal(numerator) * 100 / base, decimals)


def format_ratio(
    value: Decimal | int | None, *, decimals: int = 1, lang: str = "en", with_sign: bool = False
) -> str:
    """An already computed percentage; "n/a" when there is none."""
    if value is None:
        return NOT_APPLICABLE[_lang(lang)]
    value = _decimal(value)
    if quantize(value, decimals) == 0:
        return NIL
    text = _format(value, decimals, lang)
    return (
        f"{text}%" if with_sign and not text.startswith("(") else (f"({text[1:-1]}%)" if with_sign else text)
    )


def format_percent(
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    *,
    decimals: int = 1,
    lang: str = "en",
    with_sign: bool = False,
) -> str:
    return format_ratio(
        percent_value(numerator, denominator, decimals), decimals=decimals, lang=lang, with_sign=with_sign
    )


def compare_printed(
    computed: Decimal, printed: Decimal, *, decimals: int
) -> Literal["equal", "rounding", "difference"]:
    """ "rounding" when the figures differ by exactly one unit in the last printed digit."""
    a, b = quantize(_decimal(computed), decimals), quantize(_decimal(printed), decimals)
    if a == b:
        return "equal"
    return "rounding" if abs(a - b) == Decimal(1).scaleb(-decimals) else "difference"


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009,]")


def parse_printed(text: str) -> Decimal | None:
    """A printed cell back to a number: "(6.1)" → -6.1; "—", "-", "", "n/a" → None.

    Accepts "," or "." as the decimal mark when it is followed by one or two digits at the end
    (25 374,4), and otherwise treats "," as a thousands separator (25,374.4)."""
    cleaned = (text or "").strip()
    if cleaned in ("", NIL, "-", "–", "..") or cleaned in NOT_APPLICABLE.values():
        return None
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    cleaned = cleaned.strip("()").rstrip("%").strip()
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:]
    match = re.fullmatch(r"(.*?)[,](\d{1,2})", cleaned)
    if match and "." not in cleaned:
        cleaned = match.group(1) + "." + match.group(2)
    cleaned = _SPACES.sub("", cleaned)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return -number if negative else number
