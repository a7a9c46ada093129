"""Django's formats in ar: 31 كانون الأول/ديسمبر 2018 (month names from our catalogue)."""

from lodestar.formats.base import language_formats

# Django reads a format module's names as attributes (django.utils.formats.get_format).
globals().update(language_formats("ar", date="j F Y", month_day="j F", year_month="F Y"))
