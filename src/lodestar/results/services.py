"""Domain services of the results app: owners default to the parent's, and actual values are
entered through the observation service (history recorded)."""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.core.services import ModelService

from .models import Indicator, Observation


class ResultsService(ModelService):
    """Decimals are kept at the field's scale, so that saving an unchanged form changes nothing."""

    def clean(self, obj: Any, *, is_new: bool) -> None:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                value = getattr(obj, field.attname)
                if value in (None, ""):
                    continue
                with contextlib.suppress(InvalidOperation):  # full_clean reports a bad number
                    scale = Decimal(1).scaleb(-field.decimal_places)
                    setattr(obj, field.attname, Decimal(str(value)).quantize(scale))


class OwnedByParentService(ResultsService):
    """A record created without an owner is owned by the owner of its parent record."""

    parent_fields: tuple[str, ...] = ("result", "component", "plan", "indicator", "deliverable")

    def clean(self, obj: Any, *, is_new: bool) -> None:
        super().clean(obj, is_new=is_new)
        if getattr(obj, "entity_id", "missing") is None:
            for name in self.parent_fields:
                parent = getattr(obj, name, None) if hasattr(obj, name) else None
                if parent is not None and getattr(parent, "entity_id", None):
                    obj.entity_id = parent.entity_id
                    break


class ComponentService(OwnedByParentService):
    def clean(self, obj: Any, *, is_new: bool) -> None:
        super().clean(obj, is_new=is_new)
        parent = obj.parent
        while parent is not None:
            if obj.pk and parent.pk == obj.pk:
                raise ValidationError({"parent": _("A component cannot be part of itself.")})
            if parent.plan_id != obj.plan_id:
                raise ValidationError({"parent": _("The parent belongs to another programme plan.")})
            parent = parent.parent


class ObservationService(ResultsService):
    def clean(self, obj: Observation, *, is_new: bool) -> None:
        super().clean(obj, is_new=is_new)
        indicator = obj.indicator if obj.indicator_id else None
        numeric = indicator is not None and indicator.value_type == Indicator.ValueType.NUMBER
        if numeric and obj.value is None and not obj.text:
            raise ValidationError({"value": _("This indicator takes a number.")})


def enter_observation(
    indicator: Indicator,
    *,
    year: int,
    kind: str = Observation.Kind.ACTUAL,
    value: Decimal | None = None,
    text: dict[str, str] | None = None,
    met: str = "",
    reason: dict[str, str] | None = None,
    user: Any,
    source: str = ObjectChange.Source.USER,
) -> Observation:
    """Record a year's value of an indicator: creates or updates the one observation for that year
    and kind, with the permission check and history of the observation service."""
    service = registry[Observation].service
    data: dict[str, Any] = {
        "value": value,
        "met": met or "",
        "reason": reason or {},
    }
    if text is not None:
        data["text"] = text
    existing = Observation.objects.filter(indicator=indicator, year=year, kind=kind).first()
    if existing is None:
        return service.create(
            data={"indicator": indicator, "year": year, "kind": kind, "text": text or {}, **data},
            user=user,
            source=source,
        )
    return service.update(existing, data=data, user=user, source=source)
