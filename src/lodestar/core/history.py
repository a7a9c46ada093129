"""Writing and reading the change history. Services call ``record``; nothing else writes it."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ImportBatch, ObjectChange
from .permissions import entity_path_of

# Derived or bookkeeping columns that are not part of what a person changed.
NOT_HISTORY = frozenset({"created", "last_updated", "tree_path", "password", "last_login"})


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def serialize(obj: models.Model) -> dict[str, Any]:
    """The record's own fields as JSON-safe values; foreign keys as {id, repr}."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in NOT_HISTORY or field.primary_key:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if related_id is None:
                data[field.name] = None
            else:
                related = getattr(obj, field.name)
                data[field.name] = {"id": related_id, "repr": str(related)[:200]}
        else:
            value = getattr(obj, field.attname)
            if isinstance(field, models.DecimalField) and isinstance(value, decimal.Decimal):
                # As the database keeps it: a typed or imported 15 is the stored 15.00, not a change.
                value = value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
            data[field.name] = _value(value)
    for field in obj._meta.many_to_many:
        if obj.pk is not None:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def record(
    action: str,
    obj: models.Model,
    *,
    user: Any,
    source: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    batch: ImportBatch | None = None,
    object_id: int | None = None,
) -> ObjectChange | None:
    """Write one history record; returns None for an update that changed nothing."""
    if action == ObjectChange.Action.DELETE:
        after = None
    elif after is None:
        after = serialize(obj)
    if action == ObjectChange.Action.UPDATE and before == after:
        return None
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return ObjectChange.objects.create(
        user=user if authenticated else None,
        user_name=user.get_username() if authenticated else "",
        action=action,
        source=source,
        import_batch=batch,
        content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
        object_id=object_id if object_id is not None else obj.pk,
        object_repr=str(obj)[:300],
        entity_path=entity_path_of(obj),
        prechange_data=before,
        postchange_data=after,
    )


def changes_for(obj: models.Model):
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False), object_id=obj.pk
    ).select_related("user")
