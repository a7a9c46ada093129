"""The six official languages, as short data codes, and their mapping to Django language codes."""

from __future__ import annotations

from django.utils import translation

# Data is keyed by these short codes; Django's UI uses "zh-hans" for Chinese.
DATA_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")
RTL_LANGUAGES = frozenset({"ar"})
_TO_DJANGO = {"zh": "zh-hans"}
_FROM_DJANGO = {"zh-hans": "zh", "zh-cn": "zh", "zh-hant": "zh"}


def data_code(django_code: str | None = None) -> str:
    """Short data language code for a Django language code (the active one by default)."""
    code = (django_code or translation.get_language() or "en").lower()
    code = _FROM_DJANGO.get(code, code)
    code = code.split("-")[0]
    return code if code in DATA_LANGUAGES else "en"


def django_code(data_lang: str) -> str:
    return _TO_DJANGO.get(data_lang, data_lang)


def is_rtl(data_lang: str) -> bool:
    return data_lang in RTL_LANGUAGES
