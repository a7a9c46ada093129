"""Translated text for data names: one JSON value per field holding the text in each language.

A record also says which language its text was written in (``original_language``); when the
reader's language is missing, the English text is shown, else the original, marked with its
language, so that a fallback is always visible, never passed off as a translation and never in a
third language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .languages import DATA_LANGUAGES, data_code

LANGUAGE_LABELS = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "zh": "中文",
    "ar": "العربية",
}


@dataclass(frozen=True)
class Rendered:
    text: str
    lang: str
    is_fallback: bool


def clean_translations(value: Any) -> dict[str, str]:
    """Keep only known languages with non-blank text."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        return {"en": value.strip()} if value.strip() else {}
    if not isinstance(value, dict):
        raise ValidationError(_("Translated text must be an object keyed by language code."))
    unknown = set(value) - set(DATA_LANGUAGES)
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s. Use en, fr, es, ru, zh or ar."),
            params={"codes": ", ".join(sorted(map(str, unknown)))},
        )
    cleaned = {}
    for lang in DATA_LANGUAGES:
        text = value.get(lang)
        if text is None:
            continue
        if not isinstance(text, str):
            raise ValidationError(_("The %(lang)s text must be a string."), params={"lang": lang})
        if text.strip():
            cleaned[lang] = text.strip()
    return cleaned


# While a document is assembled: {text shown: its language} of every text shown in a language other
# than the one asked for, so that the document marks it where it prints it (documents.assemble).
_FALLBACKS: ContextVar[dict[str, str] | None] = ContextVar("translation_fallbacks", default=None)


@contextmanager
def noting_fallbacks() -> Iterator[dict[str, str]]:
    noted: dict[str, str] = {}
    token = _FALLBACKS.set(noted)
    try:
        yield noted
    finally:
        _FALLBACKS.reset(token)


def render(value: dict[str, str] | None, lang: str | None = None, original: str | None = None) -> Rendered:
    """Text in ``lang``, else in English, else in the original language (marked as a fallback).

    Never a third language: an Arabic reader of a recommendation transcribed from the Chinese edition
    with its English text sees the English, not the Chinese; only a record with no English text at all
    falls back to the language it was written in."""
    value = value or {}
    lang = lang or data_code()
    if value.get(lang):
        return Rendered(value[lang], lang, False)
    for candidate in ("en", original):
        if candidate and value.get(candidate):
            noted = _FALLBACKS.get()
            if noted is not None:
                noted[value[candidate]] = candidate
            return Rendered(value[candidate], candidate, True)
    return Rendered("", lang, False)


def text(value: dict[str, str] | None, lang: str | None = None, original: str | None = None) -> str:
    return render(value, lang, original).text


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "core/widgets/translated_text.html"

    def __init__(self, attrs: dict | None = None, textarea: bool = False):
        widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput()
        # A dict of widgets names the inputs "<field>_<lang>", the same as import file columns.
        super().__init__({lang: widget.__class__(attrs=widget.attrs) for lang in DATA_LANGUAGES}, attrs)

    def decompress(self, value: Any) -> list[str]:
        value = value or {}
        if isinstance(value, str):
            import json

            try:
                value = json.loads(value)
            except ValueError:
                value = {"en": value}
        return [value.get(lang, "") for lang in DATA_LANGUAGES]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        for lang, sub in zip(DATA_LANGUAGES, context["widget"]["subwidgets"], strict=True):
            sub["lang"] = lang
            sub["lang_label"] = LANGUAGE_LABELS[lang]
            sub["attrs"]["lang"] = lang
            sub["attrs"]["dir"] = "rtl" if lang == "ar" else "ltr"
        return context


class TranslatedTextFormField(forms.MultiValueField):
    def __init__(self, *, required: bool = True, textarea: bool = False, max_length: int | None = None, **kw):
        fields = [forms.CharField(required=False, max_length=max_length) for _lang in DATA_LANGUAGES]
        kw.pop("encoder", None)
        kw.pop("decoder", None)
        super().__init__(
            fields,
            widget=TranslatedTextWidget(textarea=textarea),
            require_all_fields=False,
            required=False,
            **kw,
        )
        self.text_required = required

    def compress(self, data_list: list[str]) -> dict[str, str]:
        data_list = data_list or [""] * len(DATA_LANGUAGES)
        return clean_translations(dict(zip(DATA_LANGUAGES, data_list, strict=True)))

    def clean(self, value: Any) -> dict[str, str]:
        result = super().clean(value)
        if self.text_required and not result:
            raise ValidationError(_("Enter the text in at least one language."), code="required")
        return result


class TranslatedTextField(models.JSONField):
    """A JSON object {language code: text}; blank means no text in any language."""

    def __init__(self, *args: Any, textarea: bool = False, max_length: int | None = None, **kwargs: Any):
        self.textarea = textarea
        self.text_max_length = max_length
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        if self.textarea:
            kwargs["textarea"] = True
        if self.text_max_length:
            kwargs["max_length"] = self.text_max_length
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        cleaned = clean_translations(value)
        if not self.blank and not cleaned:
            raise ValidationError(_("Enter the text in at least one language."), code="required")
        if self.text_max_length:
            for lang, text_value in cleaned.items():
                if len(text_value) > self.text_max_length:
                    raise ValidationError(
                        _("The %(lang)s text is longer than %(max)s characters."),
                        params={"lang": lang, "max": self.text_max_length},
                    )

    def formfield(self, **kwargs: Any) -> forms.Field:
        return TranslatedTextFormField(
            required=not self.blank,
            textarea=self.textarea,
            max_length=self.text_max_length,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )


def translated_ordering(field_name: str, lang: str | None = None, with_original: bool = True) -> Any:
    """ORDER BY the text as displayed: the reader's language, else English, else the original."""
    lang = lang or data_code()
    parts: list[Any] = [KT(f"{field_name}__{lang}")]
    if lang != "en":
        parts.append(KT(f"{field_name}__en"))
    if with_original:
        parts.append(
            Case(*(When(original_language=code, then=KT(f"{field_name}__{code}")) for code in DATA_LANGUAGES))
        )
    return Coalesce(*parts, output_field=models.TextField())


class TranslatedModelMixin(models.Model):
    """Records whose text comes in several languages remember the language it was written in."""

    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=[(code, LANGUAGE_LABELS[code]) for code in DATA_LANGUAGES],
        default="en",
    )

    class Meta:
        abstract = True

    def tr(self, field_name: str, lang: str | None = None) -> str:
        return text(getattr(self, field_name), lang, self.original_language)
