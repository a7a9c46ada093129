"""The one parsing rule of import files, the same whatever the user's language.

- Dates are ISO 8601, ``YYYY-MM-DD`` (a workbook's date cells arrive in that form already);
  ``01/02/2027`` means 1 February in French and 2 January in English, so it is refused.
- Booleans are ``true``/``false``, ``yes``/``no``, ``1``/``0``, or those words in one of the six
  UN languages; anything else (``off``, ``x``, ``maybe``) is refused, never read as true.
- Numbers use a full stop for decimals and no thousands separator (``1234.5``; ``-3``); a workbook's
  number cells arrive in that form already.
- Choices are the stored codes (``proposed``), or the label in the interface language.

Each function returns the normalised text the form reads, or raises ``CellError`` whose message
says what to write instead.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext as _

TRUE_WORDS = frozenset(
    {"true", "yes", "1", "oui", "vrai", "sí", "si", "verdadero", "да", "истина", "是", "真", "نعم", "صحيح"}
)
FALSE_WORDS = frozenset({"false", "no", "0", "non", "faux", "falso", "нет", "ложь", "否", "假", "لا", "خطأ"})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


class CellError(ValueError):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def boolean(value: str) -> str:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return "true"
    if word in FALSE_WORDS:
        return "false"
    raise CellError(
        _("“%(value)s” is not a yes/no value; write true or false (also yes/no, 1/0).") % {"value": value}
    )


def date(value: str) -> str:
    if ISO_DATE.match(value.strip()):
        return value.strip()
    raise CellError(
        _("“%(value)s” is not a date in the form YYYY-MM-DD (e.g. 2027-02-01 for 1 February 2027).")
        % {"value": value}
    )


def datetime(value: str) -> str:
    if ISO_DATETIME.match(value.strip()):
        return value.strip()
    raise CellError(
        _("“%(value)s” is not a date and time in the form YYYY-MM-DD HH:MM (e.g. 2027-02-01 14:30).")
        % {"value": value}
    )


def number(value: str) -> str:
    text = value.strip()
    if NUMBER.match(text):
        return text
    raise CellError(
        _(
            "“%(value)s” is not a number as imports read them: digits, a full stop for decimals, "
            "no thousands separator (e.g. 1234.5)."
        )
        % {"value": value}
    )


def choice(value: str, field: models.Field) -> str:
    text = value.strip()
    if text in _codes(field):  # the common case, without translating every label
        return text
    codes = {str(code): str(label) for code, label in field.flatchoices}
    by_label = {label.lower(): code for code, label in codes.items()}
    if text.lower() in by_label:
        return by_label[text.lower()]
    raise CellError(
        _("“%(value)s” is not one of the allowed values: %(allowed)s.")
        % {"value": value, "allowed": ", ".join(codes)}
    )


_CODES: dict[models.Field, frozenset[str]] = {}


def _codes(field: models.Field) -> frozenset[str]:
    if field not in _CODES:
        _CODES[field] = frozenset(str(code) for code, _label in field.flatchoices)
    return _CODES[field]


def parse(value: str, field: models.Field) -> str:
    """``value`` normalised for ``field``'s form field, or CellError. Blank stays blank."""
    if value.strip() == "":
        return ""
    if field.choices:
        return choice(value, field)
    if isinstance(field, models.BooleanField):
        return boolean(value)
    if isinstance(field, models.DateTimeField):
        return datetime(value)
    if isinstance(field, models.DateField):
        return date(value)
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return number(value)
    return value
