from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .. import dates, formatting, history, scoped_cache
from ..context_processors import menu_for
from ..registry import Registration
from ..tables import translated_html
from ..translation import TranslatedTextField

register = template.Library()


@register.simple_tag
def model_url(registration: Registration, action: str, pk: Any = None) -> str:
    args = [pk] if pk is not None else []
    return reverse(registration.url_name(action), args=args)


@register.simple_tag(takes_context=True)
def areas_menu(context: template.Context) -> str:
    """The site's menu of areas for this reader: the same for every reader of one scope and language
    (which models their grants let them view), so rendered once and kept (core.scoped_cache)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""

    def render() -> str:
        menu = context.get("menu")  # the page's lazy menu; a template rendered without it builds one
        return render_to_string("core/_areas_menu.html", {"menu": menu_for(user) if menu is None else menu})

    full = scoped_cache.stable_key("areas-menu", user, "")
    # Rendered by a template (autoescaped) before it was cached.
    return mark_safe(scoped_cache.cached_for_scope("areas-menu", user, "", render, full=full))  # noqa: S308


NAME_FIELDS = ("name", "title", "text", "subject")


@register.filter
def with_name(obj: Any) -> str:
    """A record as a person finds it in a list of results: its code or short label with its name
    ("A71-P25-HQ-SP1.2-EAb (b) — Improved efficiency …"), when its usual label is a composed key."""
    shown = str(obj)
    for field_name in NAME_FIELDS:
        try:
            field = obj._meta.get_field(field_name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, TranslatedTextField) or not hasattr(obj, "tr"):
            continue
        name = obj.tr(field_name).strip()
        if len(name) > 120:
            name = name[:119].rstrip() + "…"
        if name and name not in shown:
            return f"{shown} — {name}"
        return shown
    return shown


@register.filter
def tr(obj: Any, field_name: str) -> str:
    """A translated field of a record, in the reader's language with a visible fallback."""
    return translated_html(getattr(obj, field_name, None), getattr(obj, "original_language", None))


@register.filter
def history_value(value: Any) -> str:
    return history.value_text(value, formatting.format_stored)


# The pages' formatter (core.formatting, core.dates) in the active language; "—" for nothing.


@register.filter
def number(value: Any) -> str:
    """A count or a stored decimal: "4,000"; "12500.0000" → "12,500"."""
    return formatting.format_decimal(value)


@register.filter
def money(value: Any) -> str:
    """Dollars, whole unless cents are stored: "40,272.5"."""
    return formatting.format_money(value)


@register.filter
def percent(value: Any) -> str:
    """A computed percentage, whole or to one decimal, without the sign: "42.5"; fr "42,5"."""
    return formatting.format_percent(value)


@register.filter
def un_date(value: Any) -> str:
    """A date (or a date-time's date) as the UN write it: "31 December 2018"."""
    return dates.format_date(value or None)


@register.filter
def un_datetime(value: Any) -> str:
    """A date-time with the 24-hour time: "31 December 2018 14:30"."""
    return dates.format_datetime(value or None)


# What Django's json_script escapes, so that the data cannot close its <script> element.
SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


@register.filter
def json_data(value: Any, element_id: str) -> SafeString:
    """Django's ``json_script``, the same bytes, escaped by three replaces: its ``str.translate`` goes
    a character at a time, 3 ms for a chart of 50 kB (a dashboard's bars per body and year)."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    for character, escaped in SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308
