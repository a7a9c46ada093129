"""Django's formats in es: 31 de diciembre de 2018."""

from lodestar.formats.base import language_formats

# Django reads a format module's names as attributes (django.utils.formats.get_format).
globals().update(
    language_formats("es", date=r"j \d\e F \d\e Y", month_day=r"j \d\e F", year_month=r"F \d\e Y")
)
