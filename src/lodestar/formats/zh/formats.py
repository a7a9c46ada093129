"""Django's formats in zh: 2018年12月31日."""

from lodestar.formats.base import language_formats

# Django reads a format module's names as attributes (django.utils.formats.get_format).
globals().update(language_formats("zh", date="Y年n月j日", month_day="n月j日", year_month="Y年n月"))
