"""The set-at-a-time import path, for lists whose service adds no rule of its own (facts such as
budget figures, posts, observations): the same checks as the row-by-row path, with a constant
number of queries whatever the file's length.

- foreign keys: one query per related model for all the codes of the file (with the joins the
  permission check follows, so that checking a row's owner costs no query);
- stored records: one query for the records the rows name by id, one for those they name by
  identity (the model's identity constraint);
- each row: the cell parsing rule (``core.cells``), the model's field checks and ``clean``, the check
  constraints (evaluated in Python, same message), in-file duplicates, the permission;
- commit: ``bulk_create`` / ``bulk_update`` and one history entry per written row, in bulk, in the
  same transaction; the database's constraints stay the last word (a record saved by someone else
  since the preview refuses the whole file, nothing is written).

``importing`` calls ``eligible`` and, if it says yes, ``run``; any other list goes row by row through
its service, which is what gives domain rules (workflows, the entity tree) their say.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cells, history, references
from .constraints import identity_fields
from .languages import DATA_LANGUAGES
from .models import ImportBatch, ObjectChange
from .permissions import ADD, CHANGE, can, entity_path_of, restrict
from .registry import Registration
from .scoped_cache import forget_generation
from .services import ModelService
from .translation import TranslatedTextField

HOOKS = ("clean", "after_save", "before_delete", "create", "update", "delete")
BATCH = 1000
PROGRESS_EVERY = 100  # rows between two progress reports (importing.Progress)


def eligible(registration: Registration) -> bool:
    service = type(registration.service)
    # A hook the service declares bulk-safe is enforced here too, by its ``bulk_row_check`` (issued
    # documents' locks: refusing a locked fact needs no row-by-row write).
    safe = getattr(service, "bulk_safe_hooks", ())
    if any(hook not in safe and getattr(service, hook) is not getattr(ModelService, hook) for hook in HOOKS):
        return False
    model = registration.model
    names = set(registration.columns_for_import)
    if any(model._meta.get_field(n).many_to_many for n in names):
        return False
    key = identity_fields(model)
    if not key:
        return False
    # Uniqueness other than the identity would be checked only by the database at commit.
    uniques = [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    single = [f for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    return len(uniques) == 1 and not single and not model._meta.unique_together


def _scope_joins(model: type[models.Model]) -> list[str]:
    """The joins from a related model to its owning entity, for ``entity_path_of`` without queries."""
    path = getattr(model, "scope_field", None)
    if not path:
        return []
    parts = path.split("__")
    return ["__".join(parts[: i + 1]) for i in range(len(parts))]


def _lookup_codes(user: Any, model: type[models.Model], codes: set[str]) -> dict[str, Any]:
    found = references.resolve(user, model, codes)
    joins = [j for j in _scope_joins(model) if model._meta.get_field(j.split("__")[0]).is_relation]
    if joins and found:
        # Again with the joins the permission check follows (entity_path_of), in one query.
        by_pk = {
            o.pk: o
            for o in model._default_manager.filter(pk__in=[o.pk for o in found.values()]).select_related(
                *[j for j in joins if j.count("__") < 3]
            )
        }
        found = {code: by_pk[o.pk] for code, o in found.items()}
    return found


_LOOKUPS = {
    "exact": operator.eq,
    "gte": operator.ge,
    "gt": operator.gt,
    "lte": operator.le,
    "lt": operator.lt,
}


def _holds(condition: Any, obj: models.Model) -> bool | None:
    """A check constraint's condition on an unsaved record, in Python; None when it is not one of
    the simple forms (field lookup gte/gt/lte/lt/exact/isnull, and/or/not)."""
    if isinstance(condition, models.Q):
        results = [_holds(child, obj) for child in condition.children]
        if any(r is None for r in results):
            return None
        value = all(results) if condition.connector == models.Q.AND else any(results)
        return not value if condition.negated else value
    if isinstance(condition, tuple) and len(condition) == 2:
        name, expected = condition
        field_name, _sep, lookup = name.partition("__")
        lookup = lookup or "exact"
        try:
            field = obj._meta.get_field(field_name)
        except Exception:
            return None
        actual = getattr(obj, field.attname)
        if lookup == "isnull":
            return (actual is None) is bool(expected)
        if lookup not in _LOOKUPS or isinstance(expected, models.Expression):
            return None
        if actual is None:
            return False if lookup != "exact" else expected is None
        return _LOOKUPS[lookup](actual, expected)
    return None


def _check_constraints(obj: models.Model) -> list[str]:
    errors = []
    for constraint in obj._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        holds = _holds(constraint.condition, obj)
        if holds is None:
            try:
                constraint.validate(type(obj), obj)
            except ValidationError as error:
                errors.extend(error.messages)
        elif not holds:
            errors.append(str(constraint.get_violation_error_message()))
    return errors


def _comparable(obj: models.Model, names: list[str]) -> tuple:
    values = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        if isinstance(field, models.DecimalField) and value is not None:
            value = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
        values.append(value)
    return tuple(values)


def _value(field: models.Field, raw: str) -> Any:
    """A cell as the field stores it, by the one parsing rule; ValidationError when refused."""
    try:
        text = cells.parse(raw, field)
    except cells.CellError as error:
        raise ValidationError(error.message) from error
    if text == "":
        if field.has_default() and not field.blank:
            return field.get_default()
        return None if field.null else ""
    if isinstance(field, models.BooleanField):
        return text == "true"
    return field.to_python(text)


def run(
    registration: Registration,
    sheet: Any,
    user: Any,
    result: Any,
    *,
    batch: ImportBatch | None,
    write: bool,
    row_class: type,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    model = registration.model
    names = list(registration.columns_for_import)
    fields = {n: model._meta.get_field(n) for n in names}
    key = tuple(identity_fields(model))
    relations = {n: f for n, f in fields.items() if f.is_relation}
    codes: dict[str, set[str]] = {n: set() for n in relations}
    ids: set[int] = set()
    for _number, values in sheet.rows:
        for name in relations:
            if values.get(name, "").strip():
                codes[name].add(values[name].strip())
        raw_id = values.get("id", "").strip()
        if raw_id.isdigit():
            ids.add(int(raw_id))
    by_model: dict[type, dict[str, Any]] = {}
    for name, f in relations.items():
        wanted = codes[name] - set(by_model.get(f.related_model, {}))
        by_model.setdefault(f.related_model, {}).update(_lookup_codes(user, f.related_model, wanted))
    changeable = restrict(user, CHANGE, model)
    joins = [f.name for f in relations.values()]
    stored_by_id = {o.pk: o for o in changeable.filter(pk__in=ids).select_related(*joins)} if ids else {}
    key_attnames = [model._meta.get_field(k).attname for k in key]
    stored_by_key: dict[tuple, Any] = {}
    first = model._meta.get_field(key[0])
    first_values = {
        (by_model[first.related_model][c].pk if first.is_relation else c)
        for c in (codes[key[0]] if first.is_relation else {v.get(key[0], "") for _n, v in sheet.rows})
        if not first.is_relation or c in by_model[first.related_model]
    }
    for obj in model._default_manager.filter(**{f"{first.attname}__in": first_values}).select_related(*joins):
        stored_by_key[tuple(getattr(obj, a) for a in key_attnames)] = obj
    changeable_ids = (
        set(changeable.filter(pk__in=[o.pk for o in stored_by_key.values()]).values_list("pk", flat=True))
        if stored_by_key
        else set()
    )
    compared = [n for n in names if not isinstance(fields[n], TranslatedTextField)]
    translated = [n for n in names if isinstance(fields[n], TranslatedTextField)]
    seen: dict[tuple, int] = {}
    # The service's own row rule for the set-at-a-time path (one preparation, no query per row).
    make_check = getattr(registration.service, "bulk_row_check", None)
    row_check: Callable[[Any, Any], list[str]] | None = make_check() if make_check else None
    creates: list[models.Model] = []
    updates: list[tuple[models.Model, dict[str, Any]]] = []
    total = len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        row = row_class(row=number, action="create")
        result.rows.append(row)
        raw_id = values.get("id", "").strip()
        stored = None
        if raw_id:
            stored = stored_by_id.get(int(raw_id)) if raw_id.isdigit() else None
            if stored is None:
                row.errors.append(
                    _("there is no record with id %(id)s that you may change.") % {"id": raw_id}
                )
                continue
        obj = model()
        refused: set[str] = set()
        for name, f in fields.items():
            if isinstance(f, TranslatedTextField):
                text = {lang: values.get(f"{name}_{lang}", "") for lang in DATA_LANGUAGES}
                setattr(obj, name, {k: v for k, v in text.items() if v})
                continue
            raw = values.get(name, "").strip() if name in values else None
            if raw is None and stored is not None:
                setattr(obj, f.attname, getattr(stored, f.attname))  # a column left out keeps its value
                continue
            if f.is_relation:
                if not raw:
                    setattr(obj, f.name, None)
                    if not f.blank:
                        refused.add(name)
                        row.refuse(
                            name,
                            _("column %(column)s: %(error)s")
                            % {"column": name, "error": _("This field is required.")},
                        )
                    continue
                target = by_model[f.related_model].get(raw)
                if target is None:
                    refused.add(name)
                    row.refuse(
                        name,
                        _("column %(column)s: no %(model)s with code %(codes)s that you may see.")
                        % {"column": name, "model": f.related_model._meta.verbose_name, "codes": raw},
                    )
                    continue
                setattr(obj, f.name, target)
                continue
            try:
                setattr(obj, f.attname, _value(f, raw or ""))
            except ValidationError as error:
                refused.add(name)
                for m in error.messages:
                    row.refuse(name, _("column %(column)s: %(error)s") % {"column": name, "error": m})
        if stored is not None:
            obj.pk, obj.version, obj.created = stored.pk, stored.version, stored.created
        try:
            obj.clean_fields(exclude=[*refused, *relations, "version", "created", "last_updated"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                # A translated field's cell is its first language's column.
                translated_field = isinstance(fields.get(name), TranslatedTextField)
                column = f"{name}_{DATA_LANGUAGES[0]}" if translated_field else name
                for m in messages:
                    row.refuse(column, _("column %(column)s: %(error)s") % {"column": name, "error": m})
        if not row.errors:
            try:
                obj.clean()
            except ValidationError as error:
                row.errors.extend(error.messages)
            row.errors.extend(_check_constraints(obj))
        if row.errors:
            continue
        identity = tuple(getattr(obj, a) for a in key_attnames)
        if identity in seen:
            row.errors.append(
                _("duplicate: rows %(other)s and %(row)s are the same record (%(fields)s = %(values)s).")
                % {
                    "other": seen[identity],
                    "row": number,
                    "fields": ", ".join(key),
                    "values": ", ".join(values.get(k, "") for k in key),
                }
            )
            continue
        seen[identity] = number
        if stored is None and identity in stored_by_key:
            stored = stored_by_key[identity]
            if stored.pk not in changeable_ids:
                row.errors.append(
                    _("this %(model)s already exists (“%(record)s”) and you may not change it.")
                    % {"model": registration.verbose_name, "record": stored}
                )
                continue
            obj.pk, obj.version, obj.created = stored.pk, stored.version, stored.created
        elif stored is not None and stored_by_key.get(identity, stored).pk != stored.pk:
            row.errors.append(
                _("This %(model)s already exists: “%(record)s” (id %(id)s). Change that record instead.")
                % {
                    "model": registration.verbose_name,
                    "record": stored_by_key[identity],
                    "id": stored_by_key[identity].pk,
                }
            )
            continue
        if not can(user, CHANGE if stored is not None else ADD, obj):
            row.errors.append(
                _("You may not add this record under this entity.")
                if stored is None
                else _("You may not change this record.")
            )
            continue
        if row_check is not None:
            row.errors.extend(row_check(obj, stored))
            if row.errors:
                continue
        row.label = " · ".join(values.get(k, "") or "—" for k in key)
        if stored is None:
            creates.append(obj)
            continue
        row.action = "update"
        if _comparable(obj, compared) == _comparable(stored, compared) and all(
            (getattr(obj, n) or {}) == (getattr(stored, n) or {}) for n in translated
        ):
            row.action = "unchanged"
            continue
        updates.append((obj, history.serialize(stored)))
    if write and result.ok:
        after = getattr(registration.service, "after_bulk_write", None)
        _write(model, names, creates, updates, user=user, batch=batch, after=after)


def _write(
    model: type[models.Model],
    names: list[str],
    creates: list[models.Model],
    updates: list[tuple[models.Model, dict[str, Any]]],
    *,
    user: Any,
    batch: ImportBatch | None,
    after: Callable[[list[models.Model], list[dict[str, Any]]], None] | None = None,
) -> None:
    """``after(written, before)``: the service's derived data kept in the same transaction, once for
    the whole file (``after_bulk_write``, where its ``after_save`` would run once per row)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            model._default_manager.bulk_create(creates, batch_size=BATCH)
            for obj, _before in updates:
                obj.version += 1
                obj.last_updated = now
            attnames = [model._meta.get_field(n).attname for n in names]
            model._default_manager.bulk_update(
                [o for o, _b in updates], [*attnames, "version", "last_updated"], batch_size=BATCH
            )
            if after is not None:
                after([*creates, *(o for o, _b in updates)], [b for _o, b in updates])
    except IntegrityError as error:
        raise ValidationError(
            _("Nothing was written: a record was saved by someone else since the preview (%(error)s).")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    reprs: dict[tuple[type, Any], str] = {}
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    common = {
        "user": user if authenticated else None,
        "user_name": user.get_username() if authenticated else "",
        "source": ObjectChange.Source.IMPORT,
        "import_batch": batch,
        "content_type": content_type,
    }
    entries = [
        ObjectChange(
            action=ObjectChange.Action.CREATE,
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            entity_path=entity_path_of(obj),
            postchange_data=history.serialize(obj, reprs),
            **common,
        )
        for obj in creates
    ] + [
        ObjectChange(
            action=ObjectChange.Action.UPDATE,
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            entity_path=entity_path_of(obj),
            prechange_data=before,
            postchange_data=history.serialize(obj, reprs),
            **common,
        )
        for obj, before in updates
    ]
    ObjectChange.objects.bulk_create(entries, batch_size=BATCH)
    forget_generation()
