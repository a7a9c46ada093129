"""Django's formats in ru: 31 декабря 2018 г. (E: the month in the genitive)."""

from lodestar.formats.base import language_formats

# Django reads a format module's names as attributes (django.utils.formats.get_format).
globals().update(language_formats("ru", date=r"j E Y \г.", month_day="j E", year_month="F Y"))
