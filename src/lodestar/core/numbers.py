"""The one number formatter of every document: UN editorial conventions per language.

Amounts are whole US dollars (int or Decimal, never float) shown in units, thousands or millions,
rounded half-up as the printed documents round; negatives in parentheses "(6.1)"; nil, or a figure
that rounds to nil, as an em dash "—"; percentages to one decimal without "%" (the column heading
carries the unit) unless asked for; "not applicable" in each language's own form.

Separators, as the United Nations documents print them (evidence in brackets):

    lang  thousands  decimal  example     evidence
    en    ","        "."      25,374.4    UN Editorial Manual, "Numbers": "999,999", "8.5 km"
    zh    U+202F     "."      25 374.4    the Chinese seeds: "25 374.4", "1 146 629" (RPT-F03)
    fr    U+202F     ","      25 374,4    French UN texts: "2 857 900 000 dollars", "5,8 %"
    es    "."        ","      25.374,4    Spanish UN texts: "5.341,0 millones de dólares", "69.132.000"
    ru    U+202F     ","      25 374,4    CLDR ru (no-break space, ","); UN texts extracted as "1471800"
    ar    U+202F     "."      25 374.4    Arabic UN texts: Western digits, "27 489 000", "15.54 مليون"

Every space separator is U+202F NARROW NO-BREAK SPACE: the thin space of the printed tables, it
never lets a figure wrap, and, unlike an ordinary space, its bidirectional class (CS) keeps the
digit groups of a figure in order inside Arabic right-to-left text. Babel's CLDR data agrees on every
decimal mark and on fr and es grouping, but groups zh and ar with ","; the UN documents win.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

NIL = "—"  # em dash: nil or negligible
NNBSP = "\u202f"
SEPARATORS: dict[str, tuple[str, str]] = {
    "en": (",", "."),
    "zh": (NNBSP, "."),
    "fr": (NNBSP, ","),
    "es": (".", ","),
    "ru": (NNBSP, ","),
    "ar": (NNBSP, "."),
}
# "Not applicable" as the tables of each language version abbreviate it: n/a; 不适用 (the Chinese
# seeds, T29C.19); s.o. (sans objet); n.a. (no se aplica); н/п (неприменимо); لا ينطبق.
NOT_APPLICABLE = {"en": "n/a", "zh": "不适用", "fr": "s.o.", "es": "n.a.", "ru": "н/п", "ar": "لا ينطبق"}
PERCENT_SIGN = {"fr": NNBSP + "%"}  # French sets "5,8 %"; the others "5.8%"
SCALE = {"units": Decimal(1), "thousands": Decimal(1000), "millions": Decimal(1_000_000)}

Unit = Literal["units", "thousands", "millions"]
Number = Decimal | int


def language(lang: str | None) -> str:
    """Our two-letter code for a Django or BCP 47 code: "zh-hans" → "zh"; unknown → "en"."""
    code = (lang or "en").lower().replace("_", "-").split("-")[0]
    return code if code in SEPARATORS else "en"


def _decimal(value: object) -> Decimal:
    # Floats cannot hold dollars exactly; refusing them keeps every printed figure reproducible.
    if isinstance(value, float):
        raise TypeError("money and counts are never floats: pass an int or a Decimal")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected int or Decimal, got {type(value).__name__}")
    return Decimal(value)


def quantize(value: Decimal, decimals: int) -> Decimal:
    """Round half-up to ``decimals`` places, as the printed tables do (0.05 → 0.1, not 0.0)."""
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def _format(value: Decimal, decimals: int, lang: str, suffix: str = "") -> str:
    thousands, point = SEPARATORS[language(lang)]
    rounded = quantize(value, decimals)
    if rounded == 0:
        return NIL  # also for figures too small to show: the documents print them as nil
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    body = _group(whole, thousands) + (point + fraction if decimals else "") + suffix
    return f"({body})" if rounded < 0 else body


def format_amount(
    value: Number | None, *, unit: Unit = "thousands", decimals: int = 1, lang: str = "en"
) -> str:
    """Dollars shown in ``unit``: format_amount(25_374_400) == "25,374.4"; nil as "—"."""
    if value is None:
        return NIL
    return _format(_decimal(value) / SCALE[unit], decimals, lang)


def format_number(value: Number | None, *, decimals: int = 0, lang: str = "en") -> str:
    """Counts (posts, applications): format_number(1_146_629, lang="zh") == "1 146 629"."""
    if value is None:
        return NIL
    return _format(_decimal(value), decimals, lang)


def percent_value(numerator: Number | None, denominator: Number | None, decimals: int = 1) -> Decimal | None:
    """numerator / denominator × 100, rounded half-up; None when either is nil or the base is zero."""
    if numerator is None or denominator is None:
        return None
    base = _decimal(denominator)
    if base == 0:
        return None
    return quantize(_decimal(numerator) * 100 / base, decimals)


def format_ratio(
    value: Number | None, *, decimals: int = 1, lang: str = "en", with_sign: bool = False
) -> str:
    """An already computed percentage: "(6.1)"; "n/a" (in ``lang``) when there is none."""
    if value is None:
        return NOT_APPLICABLE[language(lang)]
    suffix = PERCENT_SIGN.get(language(lang), "%") if with_sign else ""
    return _format(_decimal(value), decimals, lang, suffix)


def format_percent(
    numerator: Number | None,
    denominator: Number | None,
    *,
    decimals: int = 1,
    lang: str = "en",
    with_sign: bool = False,
) -> str:
    """format_percent(-61, 1000) == "(6.1)"; "n/a" when the base is nil or zero."""
    value = percent_value(numerator, denominator, decimals)
    return format_ratio(value, decimals=decimals, lang=lang, with_sign=with_sign)


def compare_printed(
    computed: Decimal, printed: Decimal, *, decimals: int
) -> Literal["equal", "rounding", "difference"]:
    """How a computed figure stands against the printed one, at the printed precision.

    "rounding" when they differ by exactly one unit in the last printed digit: the documents round
    each cell on its own, so totals may be off by one (seed-tables.md §6 calls that rounding).
    """
    a, b = quantize(_decimal(computed), decimals), quantize(_decimal(printed), decimals)
    if a == b:
        return "equal"
    return "rounding" if abs(a - b) == Decimal(1).scaleb(-decimals) else "difference"


_NOTHING = {"", NIL, "-", "–", "−", "..", "...", "…", *(v.casefold() for v in NOT_APPLICABLE.values())}
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_NEGATIVE = ("-", "−", "–")


def _plain(text: str, group: str | None, point: str) -> str | None:
    """Digits with ``group`` (if any) between groups of three and ``point`` before decimals → "1234.5"."""
    grouped = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})*|" if group else ""
    pattern = rf"({grouped}\d+)(?:{re.escape(point)}(\d+))?"
    match = re.fullmatch(pattern, text)
    if not match:
        return None
    whole = match.group(1).replace(group, "") if group else match.group(1)
    return whole + ("." + match.group(2) if match.group(2) else "")


def _guess(text: str) -> str | None:
    """Without a language: the later of "," and "." is the decimal mark when both appear; several
    of one are groups; a lone "," before exactly three digits groups (1,146); a lone "." is a point.
    """
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        point = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas:
        point = "." if commas > 1 or re.search(r",\d{3}$", text) else ","
    else:
        point = "," if dots > 1 else "."
    return _plain(text, "," if point == "." else ".", point)


def parse_printed(text: str | None, *, lang: str | None = None) -> Decimal | None:
    """A printed cell back to its number: "(6.1)" → -6.1, "25 374.4" → 25374.4, "1 146 629" →
    1146629; nil, dashes, "n/a" in any language, or text that is no figure → None.

    With ``lang`` the cell is read by that language's separators first (Spanish "1.146" is 1146);
    without, by the guess above, which reads every figure this module prints for en, zh, fr, ru and
    ar with up to two decimals. A trailing "%" is ignored.
    """
    cleaned = _SPACES.sub(" ", text or "").strip()
    if cleaned.casefold() in _NOTHING:
        return None
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1].strip()
    cleaned = cleaned.removesuffix("%").strip()
    if cleaned.startswith(_NEGATIVE):
        negative, cleaned = True, cleaned[1:].strip()
    cleaned = cleaned.replace(" ", "")  # space groups read the same in every language
    plain = None
    if lang:
        group, point = SEPARATORS[language(lang)]
        plain = _plain(cleaned, None if group == NNBSP else group, point)  # spaces are already gone
    plain = plain or _guess(cleaned)
    if plain is None:
        return None
    try:
        number = Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        return None
    return -number if negative else number
