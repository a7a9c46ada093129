"""Writing and reading the change history. Services call ``record``; nothing else writes it."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils.html import format_html

from . import codes
from .models import ImportBatch, ObjectChange, change_codes
from .permissions import entity_path_of
from .scoped_cache import forget_generation

# Derived or bookkeeping columns that are not part of what a person changed.
NOT_HISTORY = frozenset({"created", "last_updated", "tree_path", "password", "last_login"})


def value_text(value: Any, show: Callable[[Any], str] = str) -> str:
    """A stored before/after value in words: "—" for nothing, a record by its name, a mapping as
    "key: value; …"; ``show`` writes each plain value (the page's formatter, or ``str`` for exports)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and set(value) == {"id", "repr"}:
        return str(value["repr"])
    if isinstance(value, dict):
        return format_html("{}", "; ".join(f"{k}: {show(v)}" for k, v in value.items()))
    return show(value)


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


def serialize(obj: models.Model, reprs: dict[tuple[type, Any], str] | None = None) -> dict[str, Any]:
    """The record's own fields as JSON-safe values; foreign keys as {id, repr}. ``reprs`` caches the
    names of related records across many calls (a bulk write names the same section 10⁵ times)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in NOT_HISTORY or field.primary_key:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if related_id is None:
                data[field.name] = None
            else:
                if reprs is None:
                    name = str(getattr(obj, field.name))[:200]
                else:
                    cache_key = (field.related_model, related_id)
                    if cache_key not in reprs:
                        reprs[cache_key] = str(getattr(obj, field.name))[:200]
                    name = reprs[cache_key]
                data[field.name] = {"id": related_id, "repr": name}
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
    change = ObjectChange.objects.create(
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
    forget_generation()  # what this request reads from the cache next must see the write
    return change


def changes_for(obj: models.Model):
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False), object_id=obj.pk
    ).select_related("user")


def _kept_in_history(model: type[models.Model]) -> bool:
    from .models import ChangeLoggedModel

    concrete = model._meta.concrete_model
    return issubclass(model, ChangeLoggedModel) or concrete is get_user_model()._meta.concrete_model


def deleted_with(obj: models.Model) -> list[models.Model]:
    """The records the database deletes with ``obj`` (cascades), as Django's delete will collect
    them, without ``obj`` itself and without bookkeeping rows (many-to-many links, history)."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    found: list[models.Model] = []
    for model, instances in collector.data.items():
        if _kept_in_history(model):
            found.extend(i for i in instances if not (type(i) is type(obj) and i.pk == obj.pk))
    for queryset in collector.fast_deletes:
        if _kept_in_history(queryset.model):
            found.extend(queryset)
    if obj._meta.proxy:  # a Login is deleted as its concrete User: do not list it twice
        found = [i for i in found if i.pk != obj.pk or not isinstance(i, obj._meta.concrete_model)]
    return sorted(found, key=lambda i: (i._meta.label, i.pk))


def delete_evidence(records: list[models.Model]) -> dict[tuple[type, int], dict[str, list[str]]]:
    """Delete the evidence files of deleted records: the rows now, the stored files once the
    transaction commits (a rolled-back delete keeps them). Returns, per record, the files as its
    history entry keeps them (name, size, checksum)."""
    from .attachments import Attachment, remove_stored

    by_type: dict[int, list[models.Model]] = {}
    for record in records:
        content_type = ContentType.objects.get_for_model(type(record), for_concrete_model=False)
        by_type.setdefault(content_type.pk, []).append(record)
    described: dict[tuple[type, int], dict[str, list[str]]] = {}
    for type_id, targets in by_type.items():
        attachments = list(
            Attachment.objects.filter(target_type_id=type_id, target_id__in=[t.pk for t in targets])
        )
        if not attachments:
            continue
        model = targets[0]._meta.concrete_model
        for attachment in attachments:
            described.setdefault((model, attachment.target_id), {"evidence files": []})[
                "evidence files"
            ].append(attachment.describe())
        keys = [a.key for a in attachments]
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        transaction.on_commit(lambda keys=keys: remove_stored(keys))
    return described


def name_related(changes: list[ObjectChange]) -> list[ObjectChange]:
    """Fetch, in one query per related model, the names of the records the many-to-many fields of
    ``changes`` name (stored as ids), so that a history page shows names in a fixed number of
    queries (ObjectChange.labelled_diff)."""
    wanted: dict[type[models.Model], set[int]] = {}
    plan: list[tuple[ObjectChange, list[models.Field]]] = []
    for change in changes:
        model = ContentType.objects.get_for_id(change.content_type_id).model_class()
        if model is None:
            continue
        changed = {name for name, _before, _after in change.diff()}
        fields = [f for f in model._meta.many_to_many if f.name in changed]
        for field in fields:
            for value in (
                (change.prechange_data or {}).get(field.name),
                (change.postchange_data or {}).get(field.name),
            ):
                if isinstance(value, list):
                    wanted.setdefault(field.related_model, set()).update(value)
        plan.append((change, fields))
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }
    coded = [
        (change, change_codes(change, ContentType.objects.get_for_id(change.content_type_id).model_class()))
        for change in changes
    ]
    code_names = codes.fetch(pair for _change, pairs in coded for pair in pairs)  # one query a vocabulary
    for change, fields in plan:
        change._related_names = {f.related_model: names.get(f.related_model, {}) for f in fields}
    for change, _pairs in coded:
        change._code_names = code_names
    return changes
