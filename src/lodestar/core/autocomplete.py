"""Choices of a foreign key, and the scoped autocomplete endpoint that serves them to the browser.

A form field or a list filter whose choices run past ``THRESHOLD`` does not print them all: its
widget (``core.widgets``) renders only the chosen values and ``lodestar.js`` asks
``GET /autocomplete/<app>.<model>/?q=…&field=<app>.<model>.<name>&use=add|change|filter`` for a
page of matches. The endpoint builds its choices with the same function as the form and the
filter (``choice_queryset``), through the permission funnel, so it offers exactly what the form
accepts and never a record the user may not see. Its query count does not depend on the table's
size: one query for the matches (plus the session and the user's grants).

A view's own form (an import's funding source, a plan's measure) registers its choice function
under a name (``@choices("finance.sheet_funding_sources")``): the form takes its queryset from it
and the endpoint, asked ``?choices=<name>&scope=<the record the form is about>``, answers from it,
so there too the browser is offered exactly what the form accepts (``offer`` gives the widget).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .languages import data_code
from .permissions import ADD, CHANGE, VIEW, can, restrict
from .registry import Registration, registry
from .translation import TranslatedTextField

THRESHOLD = 50  # more choices than this: an autocomplete instead of a drop-down
LIMIT = 20  # matches per answer
FILTER = "filter"
USES = (ADD, CHANGE, FILTER)
# Fields a person types to find a record, when its registration names no search fields.
NAMING_FIELDS = ("code", "acronym", "symbol", "name", "title", "username")


ChoiceFunction = Callable[[Any, str], models.QuerySet]  # (user, scope) -> what the user may choose


@dataclass(frozen=True)
class Choices:
    function: ChoiceFunction
    search: tuple[str, ...] = ()  # the fields typed into, when not the target's search fields


CHOICES: dict[str, Choices] = {}


def choices(name: str, search: tuple[str, ...] = ()) -> Callable[[ChoiceFunction], ChoiceFunction]:
    """Register a view's choice function (user, scope) -> queryset under ``name``; it returns
    nothing (``.none()``) for a scope the user may not see."""

    def register(function: ChoiceFunction) -> ChoiceFunction:
        CHOICES[name] = Choices(function, search)
        return function

    return register


def registration_for(model: type[models.Model]) -> Registration | None:
    """The registration of ``model``, or of a registered proxy of it (logins for users)."""
    found = registry.get(model)
    if found is not None:
        return found
    for registration in registry:
        if registration.model._meta.concrete_model is model:
            return registration
    return None


def _owner_field(model: type[models.Model]) -> str | None:
    scope_field = getattr(model, "scope_field", None)
    if scope_field:
        return scope_field.split("__")[0]
    return "parent" if scope_field == "" else None


def choice_queryset(user: Any, registration: Registration, name: str, use: str) -> models.QuerySet:
    """What ``user`` may choose for the relation ``name`` of ``registration``'s model, in a form
    adding or changing a record (``use`` ADD / CHANGE) or in its list's filter (FILTER)."""
    from .forms import organisation_choices, owner_choices

    model = registration.model
    field = model._meta.get_field(name)
    related = field.related_model
    scope_field = getattr(model, "scope_field", None)
    if use == FILTER:
        queryset = _viewable(user, related)
    elif name == _owner_field(model) and related._meta.label_lower == "org.entity":
        queryset = owner_choices(user, use, model)
    elif name == getattr(model, "organisation_field", None) and scope_field is None:
        queryset = organisation_choices(user, use, model)
    else:
        queryset = _viewable(user, related)
    limit = field.get_limit_choices_to() if hasattr(field, "get_limit_choices_to") else None
    return queryset.complex_filter(limit) if limit else queryset


def _viewable(user: Any, related: type[models.Model]) -> models.QuerySet:
    related_registration = registry.get(related)
    base = related_registration.base_queryset() if related_registration else related._default_manager.all()
    return restrict(user, VIEW, base)


def is_large(queryset: models.QuerySet) -> bool:
    """More than THRESHOLD choices? (Counts at most THRESHOLD + 1 rows.)"""
    return queryset.order_by()[: THRESHOLD + 1].count() > THRESHOLD


def url_for(
    registration: Registration, name: str | None, use: str, related: type[models.Model]
) -> str | None:
    """The endpoint for relation ``name`` of ``registration`` (None: any record of ``related`` the
    user may view, as a list's own extra filters offer)."""
    target = registration_for(related)
    if target is None:  # the endpoint answers for registered models only
        return None
    url = reverse("autocomplete", args=[target.label])
    if name is None:
        return url + "?" + urlencode({"use": FILTER})
    return url + "?" + urlencode({"field": f"{registration.label}.{name}", "use": use})


def choices_url(name: str, related: type[models.Model], scope: Any = "") -> str | None:
    """The endpoint answering from the choice function ``name`` for the record ``scope``."""
    target = registration_for(related)
    if target is None:
        return None
    return reverse("autocomplete", args=[target.label]) + "?" + urlencode({"choices": name, "scope": scope})


def viewable_url(related: type[models.Model]) -> str | None:
    """The endpoint offering any record of ``related`` the user may view (a filter of a page)."""
    target = registration_for(related)
    return None if target is None else url_for(target, None, FILTER, related)


def offer(field: forms.Field, url: str | None) -> None:
    """The autocomplete widget for the relation ``field`` when it has more than THRESHOLD choices
    (a count); the field, its queryset and its validation stay as they are."""
    from .widgets import AutocompleteSelect, AutocompleteSelectMultiple

    if url is None or not isinstance(field, forms.ModelChoiceField) or not is_large(field.queryset):
        return
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget_class = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    widget = widget_class(url=url, attrs=dict(field.widget.attrs))
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget


def enhance(form: forms.BaseForm, registration: Registration, use: str) -> None:
    """Give every relation of ``form`` with more than THRESHOLD choices the autocomplete widget."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        own = registration.filter_fields if use == FILTER else registration.editable_fields
        if name in own:
            url = url_for(registration, name, use, field.queryset.model)
        elif use == FILTER:
            # A list's extra filter (oversight.lists, portfolio.lists) offers what the user may view.
            url = url_for(registration, None, use, field.queryset.model)
        else:
            continue
        offer(field, url)


def match_condition(
    registration: Registration, words: list[str], lang: str, search: tuple[str, ...] = ()
) -> Q:
    """Every word in one of the searched fields; translated names in the reader's language or in
    English (the fallback they are shown in)."""
    names = list(search or registration.search_fields) or [
        n for n in NAMING_FIELDS if registration._field_or_none(n) is not None
    ]
    condition = Q()
    for word in words:
        any_field = Q(pk__in=[])
        for name in names:
            field = registration.model._meta.get_field(name.split("__")[0])
            if isinstance(field, TranslatedTextField):
                for code in {lang, "en"}:
                    any_field |= Q(**{f"{name}__{code}__icontains": word})
            else:
                any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _key_field(registration: Registration) -> str | None:
    """The plain text field a record is known by (its code), to rank exact and prefix matches first."""
    for name in [*registration.search_fields, *NAMING_FIELDS]:
        field = registration._field_or_none(name)
        if field is not None and "__" not in name and isinstance(field, models.CharField):
            return name
    return None


def matches(
    registration: Registration, queryset: models.QuerySet, q: str, search: tuple[str, ...] = ()
) -> models.QuerySet:
    words = q.split()[:5]
    if words:
        queryset = queryset.filter(match_condition(registration, words, data_code(), search))
    ordering = [o for o in registration.ordering if o]
    key = _key_field(registration)
    if key and q:
        rank = Case(
            When(**{f"{key}__iexact": q}, then=Value(0)),
            When(**{f"{key}__istartswith": q}, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(autocomplete_rank=rank)
        ordering = ["autocomplete_rank", *ordering]
    # Names only: the many-to-many values a list prefetches are not shown here.
    return queryset.prefetch_related(None).order_by(*ordering, "pk")


@require_GET
def autocomplete(request: HttpRequest, label: str) -> JsonResponse:
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    try:
        target = registry.by_label(label)
    except KeyError as error:
        raise Http404 from error
    field_label, use = request.GET.get("field", ""), request.GET.get("use", FILTER)
    if use not in USES:
        raise Http404
    search: tuple[str, ...] = ()
    if "choices" in request.GET:
        found_choices = CHOICES.get(request.GET["choices"])
        if found_choices is None or not can(user, VIEW, target.model):
            raise Http404
        queryset = found_choices.function(user, request.GET.get("scope", "")[:40])
        if queryset.model._meta.concrete_model is not target.model._meta.concrete_model:
            raise Http404
        search = found_choices.search
    elif field_label:
        owner_label, _dot, name = field_label.rpartition(".")
        try:
            owner = registry.by_label(owner_label)
            field = owner.model._meta.get_field(name)
        except (KeyError, FieldDoesNotExist) as error:
            raise Http404 from error
        allowed = owner.filter_fields if use == FILTER else owner.editable_fields
        related = getattr(field, "related_model", None)
        if name not in allowed or related is None or target.model._meta.concrete_model is not related:
            raise Http404
        if not can(user, VIEW if use == FILTER else use, owner.model):
            raise PermissionDenied
        queryset = choice_queryset(user, owner, name, use)
    else:
        if not can(user, VIEW, target.model):
            raise PermissionDenied
        queryset = _viewable(user, target.model)
    q = request.GET.get("q", "").strip()[:100]
    found = list(matches(target, queryset, q, search)[: LIMIT + 1])
    return JsonResponse(
        {
            "results": [{"id": obj.pk, "text": str(obj)} for obj in found[:LIMIT]],
            "more": len(found) > LIMIT,
        }
    )
