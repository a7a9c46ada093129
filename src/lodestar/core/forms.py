"""Forms generated from a registration: foreign-key choices limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from .autocomplete import choice_queryset
from .permissions import ALL, organisation_paths, scope_paths
from .registry import Registration


def owner_choices(user: Any, action: str, model: type[models.Model]) -> models.QuerySet:
    """Entities under which ``user`` may ``action`` records of ``model``."""
    Entity = apps.get_model("org", "Entity")
    paths = scope_paths(user, action, model)
    if paths == ALL:
        return Entity.objects.all()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(tree_path__startswith=path)
    return Entity.objects.filter(condition)


def organisation_choices(user: Any, action: str, model: type[models.Model]) -> models.QuerySet:
    """Organisations (roots) whose records of ``model`` ``user`` may ``action``."""
    Entity = apps.get_model("org", "Entity")
    roots = Entity.objects.filter(parent__isnull=True)
    paths = scope_paths(user, action, model)
    if paths == ALL:
        return roots
    return roots.filter(tree_path__in=organisation_paths(action, paths))


def style_widgets(form: forms.BaseForm, small: bool = False) -> None:
    """Bootstrap classes on every widget (sub-widgets of translated text included)."""
    size = " form-control-sm" if small else ""

    def style(widget: forms.Widget) -> None:
        if isinstance(widget, forms.MultiWidget):
            for sub in widget.widgets:
                style(sub)
            return
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select" + (" form-select-sm" if small else "")
        else:
            css = "form-control" + size
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    for field in form.fields.values():
        style(field.widget)


class RegisteredModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, registration: Registration, action: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.registration = registration
        style_widgets(self)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            try:
                registration.model._meta.get_field(name)
            except FieldDoesNotExist:  # a field a subclass adds
                continue
            # The same choices as the autocomplete endpoint offers (core.autocomplete).
            field.queryset = choice_queryset(user, registration, name, action)
            if (
                name == getattr(registration.model, "organisation_field", None)
                and getattr(registration.model, "scope_field", None) is None
                and not self.instance.pk
                and field.queryset.count() == 1
            ):
                field.initial = field.queryset.first().pk


def form_class(registration: Registration) -> type[RegisteredModelForm]:
    return forms.modelform_factory(
        registration.model, form=RegisteredModelForm, fields=registration.editable_fields
    )
