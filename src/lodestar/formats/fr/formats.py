"""Django's formats in fr: 31 décembre 2018."""

from lodestar.formats.base import language_formats

# Django reads a format module's names as attributes (django.utils.formats.get_format).
globals().update(language_formats("fr", date="j F Y", month_day="j F", year_month="F Y"))
