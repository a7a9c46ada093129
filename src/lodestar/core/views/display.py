"""How a field's value is shown on a detail page."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import codes, formatting
from ..registry import Registration
from ..tables import translated_html
from ..translation import TranslatedTextField

HIDDEN = {"id", "tree_path", "version", "password"}
LAST = ("created", "last_updated")


def _link(obj: models.Model) -> SafeString:
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return format_html('<a href="{}">{}</a>', url, obj) if url else format_html("{}", obj)


def display(obj: models.Model, field: models.Field) -> SafeString | str:
    if isinstance(field, TranslatedTextField):
        value = getattr(obj, field.name)
        return translated_html(value, getattr(obj, "original_language", None)) if value else "—"
    if field.many_to_many:
        return format_html_join(", ", "{}", ((_link(o),) for o in getattr(obj, field.name).all()))
    if field.many_to_one or field.one_to_one:
        value = getattr(obj, field.name)
        return _link(value) if value is not None else "—"
    value = getattr(obj, field.attname)
    if field.name in codes.vocabulary_fields(type(obj)):
        return str(codes.display(obj, field.name)) if value not in (None, "") else "—"
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")() if value not in (None, "") else "—"
    if isinstance(field, models.BooleanField):
        return {True: _("Yes"), False: _("No"), None: _("Unknown")}[value]
    if isinstance(value, models.Model):
        return _link(value)
    if value in (None, ""):
        return "—"
    return field_value(field, value)


def field_value(field: models.Field, value: Any) -> str:
    """A number, date or text of ``field`` in the reader's language (core.formatting)."""
    if field.primary_key or (isinstance(field, models.IntegerField) and formatting.is_year_field(field.name)):
        return str(value)
    return formatting.format_value(value)


def detail_rows(registration: Registration, obj: models.Model) -> list[tuple[str, Any]]:
    names = registration.detail_fields
    if names is None:
        names = [
            f.name
            for f in obj._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in HIDDEN
        ]
        # Bookkeeping stamps after the record's own fields.
        names = [n for n in names if n not in LAST] + [n for n in LAST if n in names]
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        rows.append((str(field.verbose_name), display(obj, field)))
    return rows
