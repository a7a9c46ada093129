"""Helpers for the generic harness: post data from a form, the right users for a model."""

from __future__ import annotations

from typing import Any

from django import forms

from lodestar.core import permissions as p
from lodestar.core.languages import DATA_LANGUAGES
from lodestar.core.translation import TranslatedTextFormField


def post_data(form: forms.BaseForm, **changes: Any) -> dict[str, Any]:
    """What a browser would submit for this form unchanged, with ``changes`` applied."""
    data: dict[str, Any] = {}
    for name, bound in form.fields.items():
        value = changes.get(name, form[name].value())
        if isinstance(bound, TranslatedTextFormField):
            value = value if isinstance(value, dict) else bound.widget.decompress(value)
            if isinstance(value, list):
                value = dict(zip(DATA_LANGUAGES, value, strict=True))
            for lang in DATA_LANGUAGES:
                data[f"{name}_{lang}"] = value.get(lang, "")
        elif isinstance(bound, forms.ModelMultipleChoiceField):
            data[name] = [getattr(v, "pk", v) for v in (value or [])]
        elif isinstance(bound, forms.NullBooleanField):
            data[name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(bound, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = getattr(value, "pk", value)
    return data


def editor_for(model: type, users: dict[str, Any]) -> str:
    """The least-privileged demo user who may change records of ``model`` in entity A."""
    for name in ("focal_a", "analyst", "admin"):
        roles = p.policy_for(model)[p.CHANGE]
        role = {"focal_a": p.FOCAL_POINT, "analyst": p.CENTRAL_ANALYST, "admin": p.ADMINISTRATOR}[name]
        if role in roles:
            return name
    return "admin"


def viewer_in_a(model: type) -> str | None:
    """A user scoped to entity A who may view the model, if the policy lets focal points view it."""
    return "focal_a" if p.FOCAL_POINT in p.policy_for(model)[p.VIEW] else None
