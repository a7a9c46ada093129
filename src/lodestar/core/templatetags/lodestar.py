from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..registry import Registration
from ..tables import translated_html

register = template.Library()


@register.simple_tag
def model_url(registration: Registration, action: str, pk: Any = None) -> str:
    args = [pk] if pk is not None else []
    return reverse(registration.url_name(action), args=args)


@register.filter
def tr(obj: Any, field_name: str) -> str:
    """A translated field of a record, in the reader's language with a visible fallback."""
    return translated_html(getattr(obj, field_name, None), getattr(obj, "original_language", None))


@register.filter
def history_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and set(value) == {"id", "repr"}:
        return str(value["repr"])
    if isinstance(value, dict):
        return format_html("{}", "; ".join(f"{k}: {v}" for k, v in value.items()))
    return str(value)


@register.filter
def percent(value: Any) -> str:
    return "—" if value is None else f"{value}"
