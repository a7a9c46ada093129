"""Dates as the United Nations write them in each language, on pages and in e-mails.

    en  31 December 2018        fr  31 décembre 2018        es  31 de diciembre de 2018
    ru  31 декабря 2018 г.      zh  2018年12月31日           ar  31 كانون الأول/ديسمبر 2018

Date-times add the 24-hour time in the site's time zone ("31 December 2018 14:30"). Arabic keeps
Western digits and gives each month its two names (Levantine/Egyptian), as Arabic UN texts do.

The patterns are Django's own (``lodestar/formats/<lang>/formats.py``, FORMAT_MODULE_PATH) so the
``date`` filter, forms and this module print the same thing; the Arabic month names come from our
catalogue, which overrides Django's for the msgids below.
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from .languages import django_code
from .numbers import NIL, language

# Django's month msgids (django.utils.dates.MONTHS), named here so that makemessages keeps them in
# our catalogues: Arabic translates them with the UN double names ("كانون الأول/ديسمبر").
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)


def _format(value: datetime.date, name: str, lang: str | None) -> str:
    if lang is None:
        return date_format(value, name)
    with translation.override(django_code(language(lang))):
        return date_format(value, name)


def format_date(value: datetime.date | None, *, lang: str | None = None) -> str:
    """format_date(date(2018, 12, 31), lang="fr") == "31 décembre 2018"; None → "—"."""
    if value is None:
        return NIL
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _format(value, "DATE_FORMAT", lang)


def format_datetime(value: datetime.datetime | None, *, lang: str | None = None) -> str:
    """The date as format_date writes it and the 24-hour time in the site's time zone."""
    if value is None:
        return NIL
    if not isinstance(value, datetime.datetime):
        return format_date(value, lang=lang)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _format(value, "DATETIME_FORMAT", lang)
