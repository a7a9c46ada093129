"""Django format modules (FORMAT_MODULE_PATH), one per UN language.

They make Django's own formatting (the ``date`` filter, ``{{ value }}``, localized form fields)
agree with the pages' formatter: UN dates (core.dates) and the separators of core.numbers. Input
formats stay ISO 8601 in every language, as imports and ``<input type="date">`` read them.
"""
