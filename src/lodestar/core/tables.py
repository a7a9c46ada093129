"""List tables generated from a registration (django-tables2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from . import codes, formatting
from .languages import data_code
from .registry import Registration, registry
from .translation import LANGUAGE_LABELS, TranslatedTextField, render, translated_ordering


def translated_html(value: dict | None, original: str | None = None) -> str:
    shown = render(value, data_code(), original)
    if not shown.is_fallback:
        return format_html('<span lang="{}">{}</span>', shown.lang, shown.text)
    # Visible fallback: the text in another language, marked with that language.
    return format_html(
        '<span lang="{}" dir="auto">{}</span> '
        '<span class="badge text-bg-light border fallback-lang" title="{}">{}</span>',
        shown.lang,
        shown.text,
        LANGUAGE_LABELS.get(shown.lang, shown.lang),
        shown.lang,
    )


def short_label(obj: models.Model) -> str:
    """How a related record is named in a list cell: its acronym or code when it has one."""
    for attr in ("acronym", "code", "symbol"):
        value = getattr(obj, attr, "")
        if value:
            return value
    return str(obj)


SENTINEL = 987654321


def url_maker(name: str) -> Callable[[Any], str]:
    """pk -> the URL ``name`` takes a pk in, from one reversed pattern (not a ``reverse`` per row)."""
    head, tail = reverse(name, args=[SENTINEL]).split(str(SENTINEL), 1)
    return lambda pk: f"{head}{pk}{tail}"


def detail_url_maker(model: type[models.Model]) -> Any:
    """pk -> the record's page (url_maker); None for a model with no page of its own."""
    registration = registry.get(model)
    if registration is None:
        return None
    try:
        return url_maker(registration.url_name("detail"))
    except NoReverseMatch:
        return None


class RowLink:
    """A list row's link to its record, reversed once per table (the script prefix is per request)."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.make: Any = False  # not yet reversed

    def url(self, pk: Any) -> str | None:
        if self.make is False:
            self.make = detail_url_maker(self.model)
        return self.make(pk) if self.make is not None and pk is not None else None


class RelatedColumn(tables.Column):
    def __init__(self, *args: Any, related: type[models.Model] | None = None, **kwargs: Any) -> None:
        self.row_link = RowLink(related) if related is not None else None
        if self.row_link is not None:
            kwargs["linkify"] = lambda value: self.row_link.url(getattr(value, "pk", None))
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return format_html('<span title="{}">{}</span>', value, short_label(value))


class CodeColumn(tables.Column):
    """A code into an organisation's vocabulary, shown by its name: the names of every code on the
    page are fetched together, in one query (core.codes)."""

    def render(self, value: Any, record: models.Model, table: Any, bound_column: Any) -> str:
        cache = table.__dict__.setdefault("_code_names", {})
        if bound_column.name not in cache:
            page = getattr(table, "page", None)
            records = [row.record for row in page.object_list] if page is not None else list(table.data)
            cache[bound_column.name] = codes.names_for_records(records, bound_column.name)
        return cache[bound_column.name].get(record.pk, value)


class FormattedColumn(tables.Column):
    """A number or date cell in the reader's language (core.formatting): "12,500", "31 December 2018"."""

    def __init__(self, *args: Any, year: bool = False, **kwargs: Any) -> None:
        self.year = year
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return str(value) if self.year else formatting.format_value(value)


FORMATTED_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField, models.DateField)


class TranslatedColumn(tables.Column):
    def render(self, value: Any, record: models.Model) -> str:
        return translated_html(value, getattr(record, "original_language", None))

    def order(self, queryset: models.QuerySet, is_descending: bool) -> tuple[models.QuerySet, bool]:
        has_original = any(f.name == "original_language" for f in queryset.model._meta.concrete_fields)
        expression = translated_ordering(self.accessor, with_original=has_original)
        expression = expression.desc(nulls_last=True) if is_descending else expression.asc(nulls_last=True)
        return queryset.order_by(expression, "pk"), True


def table_class(registration: Registration) -> type[tables.Table]:
    attrs: dict[str, Any] = {}
    first = registration.list_fields[0]
    own = RowLink(registration.model)
    for name in registration.list_fields:
        field = registration._field_or_none(name)
        title = capfirst(field.verbose_name) if field is not None else name
        # The first column links to the record itself; other foreign keys link to what they name.
        linkify: Any = (lambda record: own.url(record.pk)) if name == first else False
        if isinstance(field, TranslatedTextField):
            attrs[name] = TranslatedColumn(verbose_name=title, linkify=linkify)
        elif field is not None and field.many_to_many:
            attrs[name] = tables.ManyToManyColumn(verbose_name=title)
        elif field is not None and isinstance(field, models.BooleanField):
            attrs[name] = tables.BooleanColumn(verbose_name=title, null=field.null)
        elif field is not None and name in codes.vocabulary_fields(registration.model):
            attrs[name] = CodeColumn(verbose_name=title, linkify=linkify)
        elif isinstance(field, FORMATTED_FIELDS) and not (field.choices or field.primary_key):
            year = isinstance(field, models.IntegerField) and formatting.is_year_field(name)
            attrs[name] = FormattedColumn(verbose_name=title, linkify=linkify, year=year)
        elif linkify:
            attrs[name] = tables.Column(linkify=linkify, verbose_name=title)
        elif field is not None and (field.many_to_one or field.one_to_one):
            if registry.get(field.related_model) is not None:
                attrs[name] = RelatedColumn(verbose_name=title, related=field.related_model)
            else:  # no page of its own: django-tables2's get_absolute_url rule, as before
                attrs[name] = RelatedColumn(verbose_name=title, linkify=True)
        else:
            attrs[name] = tables.Column(verbose_name=title)
    extra = registration.extra_columns() if registration.extra_columns is not None else {}
    attrs.update(extra)
    meta = type(
        "Meta",
        (),
        {
            "model": registration.model,
            "fields": [*registration.list_fields, *extra],
            "attrs": {"class": "table table-sm table-hover align-middle"},
            "order_by_field": "sort",
            "template_name": "django_tables2/bootstrap5-responsive.html",
        },
    )
    attrs["Meta"] = meta
    return type(f"{registration.model.__name__}Table", (tables.Table,), attrs)
