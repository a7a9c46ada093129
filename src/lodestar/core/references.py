"""How an import file names a related record: by its natural key, never by a numeric id.

A model registered with a ``natural_key`` is named by its first field (a section by ``A78-29C``, an
entity by ``DESA``). A model without one but with an identity constraint over other records (an
addressee is a recommendation and an entity) is named by the parts of that identity, each by its own
natural key, joined by `` | `` (``A/67/651-12 | DESA``). Anything else falls back to its id.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from .constraints import identity_fields
from .permissions import VIEW, restrict
from .registry import registry

SEPARATOR = " | "


def key_field(model: type[models.Model]) -> str | None:
    registration = registry.get(model)
    if registration is not None and registration.natural_key:
        return registration.natural_key[0]
    return None


def parts(model: type[models.Model]) -> list[tuple[str, str | None]]:
    """(field, related key field or None) of a composite reference; [] when the model has none."""
    if key_field(model) is not None:
        return []
    found = []
    for name in identity_fields(model):
        field = model._meta.get_field(name)
        if field.is_relation:
            related = key_field(field.related_model)
            if related is None:
                return []
            found.append((name, related))
        else:
            found.append((name, None))
    return found


def joins(model: type[models.Model], prefix: str) -> list[str]:
    """select_related paths that let ``reference`` name records of ``model`` without queries."""
    return [f"{prefix}__{name}" for name, related in parts(model) if related is not None]


def reference(obj: models.Model) -> str:
    model = type(obj)
    key = key_field(model)
    if key is not None:
        return str(getattr(obj, key))
    composite = parts(model)
    if not composite:
        return str(obj.pk)
    return SEPARATOR.join(
        str(getattr(getattr(obj, name), related) if related else getattr(obj, name))
        for name, related in composite
    )


def resolve(
    user: Any,
    model: type[models.Model],
    codes: list[str] | set[str],
    ambiguous: set[str] | None = None,
) -> dict[str, models.Model]:
    """The records ``user`` may see that the codes name, by code (one query per 500 codes).

    Codes are unique per organisation, so a user who sees several organisations (a superuser) may
    find one code twice: such a code resolves to nothing and is added to ``ambiguous``."""
    codes = sorted(set(codes))
    found: dict[str, models.Model] = {}
    seen_twice: set[str] = set()
    key = key_field(model)
    composite = parts(model)
    visible = restrict(user, VIEW, model)
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        if key is not None or not composite:
            field = key or "pk"
            if field == "pk":
                chunk = [c for c in chunk if c.isdigit()]
            queryset = visible.filter(**{f"{field}__in": chunk})
            for obj in queryset:
                code = str(getattr(obj, field))
                if code in found:
                    seen_twice.add(code)
                found[code] = obj
            continue
        condition = Q(pk__in=[])
        for code in chunk:
            values = code.split(SEPARATOR.strip())
            if len(values) != len(composite):
                continue
            condition |= Q(
                **{
                    (f"{name}__{related}" if related else name): value.strip()
                    for (name, related), value in zip(composite, values, strict=True)
                }
            )
        queryset = visible.filter(condition).select_related(*[n for n, r in composite if r])
        for obj in queryset:
            code = reference(obj)
            if code in found:
                seen_twice.add(code)
            found[code] = obj
    for code in seen_twice:
        del found[code]
    if ambiguous is not None:
        ambiguous |= seen_twice
    return found
