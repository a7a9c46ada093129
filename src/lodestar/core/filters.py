"""Filter sets generated from a registration, with a free-text search over its search fields."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .autocomplete import FILTER, choice_queryset
from .languages import DATA_LANGUAGES
from .registry import Registration
from .translation import TranslatedTextField


def search_condition(registration: Registration, value: str) -> Q:
    condition = Q()
    for name in registration.search_fields:
        field = registration.model._meta.get_field(name.split("__")[0])
        if isinstance(field, TranslatedTextField):
            for lang in DATA_LANGUAGES:
                condition |= Q(**{f"{name}__{lang}__icontains": value})
        else:
            condition |= Q(**{f"{name}__icontains": value})
    return condition


def _choices(registration: Registration, name: str):
    def queryset(request: Any) -> models.QuerySet:
        # The same choices as the filter's autocomplete offers (core.autocomplete).
        return choice_queryset(getattr(request, "user", None), registration, name, FILTER)

    return queryset


def filterset_class(registration: Registration) -> type[django_filters.FilterSet]:
    attrs: dict[str, Any] = {}
    for name in registration.filter_fields:
        field = registration.model._meta.get_field(name)
        if field.many_to_one or field.many_to_many or field.one_to_one:
            filter_cls = (
                django_filters.ModelMultipleChoiceFilter
                if field.many_to_many
                else django_filters.ModelChoiceFilter
            )
            attrs[name] = filter_cls(queryset=_choices(registration, name), label=field.verbose_name)
        elif field.choices:
            attrs[name] = django_filters.ChoiceFilter(choices=field.choices, label=field.verbose_name)
        elif isinstance(field, models.BooleanField):
            attrs[name] = django_filters.BooleanFilter(label=field.verbose_name)
    if registration.search_fields:

        def search(queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
            return queryset.filter(search_condition(registration, value)) if value else queryset

        attrs["q"] = django_filters.CharFilter(method=lambda qs, n, v: search(qs, n, v), label=_("Search"))
    if registration.extra_filters is not None:
        attrs.update(registration.extra_filters())
    meta = type(
        "Meta",
        (),
        {"model": registration.model, "fields": [n for n in registration.filter_fields if n not in attrs]},
    )
    attrs["Meta"] = meta
    return type(f"{registration.model.__name__}FilterSet", (django_filters.FilterSet,), attrs)
