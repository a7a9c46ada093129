"""Writes go through services: validate, write in one transaction, record history explicitly.

Views, forms, serializers and importers call a model's service (``registry[model].service``);
domain apps subclass ``ModelService`` for their own rules (the entity tree, for instance).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import history
from .constraints import identity_fields
from .models import ImportBatch, ObjectChange
from .permissions import ADD, CHANGE, DELETE, can

Source = ObjectChange.Source

# One whole sentence per action, so that each language can phrase it (a verb spliced into a
# sentence cannot be translated).
DENIED = {
    "add": gettext_lazy("You may not add this record under this entity."),
    "change": gettext_lazy("You may not change this record."),
    "delete": gettext_lazy("You may not delete this record."),
}


class ConflictError(Exception):
    """Someone else saved the record after the editor loaded it."""

    def __init__(self, obj: models.Model, expected: int):
        self.obj = obj
        self.expected = expected
        super().__init__(
            _(
                "This record was changed by someone else while you were editing it (your version %(mine)s, "
                "now %(theirs)s). Reload it, then apply your change again."
            )
            % {"mine": expected, "theirs": obj.version}
        )


def _unique_race(error: IntegrityError) -> ValidationError:
    # Two writers passed validation at the same moment; the database kept one. A clean refusal,
    # never a 500: the second one re-reads and sees the first one's record.
    return ValidationError(
        _("Another record with the same identifying values was saved at the same moment: %(error)s")
        % {"error": str(error).splitlines()[0][:200]}
    )


class ModelService:
    """Create, update and delete for one model, with permission checks and history."""

    def __init__(self, model: type[models.Model]):
        self.model = model

    # Hooks for domain rules -------------------------------------------------------------
    def clean(self, obj: models.Model, *, is_new: bool) -> None:
        """Domain validation beyond the model's own; raise ValidationError."""

    def after_save(self, obj: models.Model, *, is_new: bool, before: dict | None) -> None:
        """Derived data to maintain after a write (inside the transaction)."""

    def before_delete(self, obj: models.Model) -> None:
        """Refuse deletes that would break the domain; raise ValidationError."""

    # Writes -------------------------------------------------------------------------------
    def _assign(self, obj: models.Model, data: dict[str, Any]) -> dict[str, Any]:
        many: dict[str, Any] = {}
        m2m_names = {f.name for f in obj._meta.many_to_many}
        for name, value in data.items():
            if name in m2m_names:
                many[name] = value
            else:
                setattr(obj, name, value)
        return many

    def existing_duplicate(self, obj: models.Model) -> models.Model | None:
        """The stored record with the same identity (the model's first unique constraint), if any."""
        names = identity_fields(self.model)
        if not names:
            return None
        lookup = {}
        for name in names:
            field = self.model._meta.get_field(name)
            lookup[field.attname if field.is_relation else name] = getattr(obj, field.attname)
        queryset = self.model._default_manager.filter(
            **{(f"{k}__isnull" if v is None else k): (True if v is None else v) for k, v in lookup.items()}
        )
        if obj.pk is not None:
            queryset = queryset.exclude(pk=obj.pk)
        return queryset.first()

    def refuse_duplicate(self, obj: models.Model) -> None:
        existing = self.existing_duplicate(obj)
        if existing is not None:
            raise ValidationError(
                _("This %(model)s already exists: “%(record)s” (id %(id)s). Change that record instead.")
                % {"model": self.model._meta.verbose_name, "record": existing, "id": existing.pk}
            )

    def _save(self, obj: models.Model) -> None:
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as error:
            raise _unique_race(error) from error

    def _check(self, user: Any, action: str, obj: models.Model, check: bool) -> None:
        if check and not can(user, action, obj):
            raise PermissionDenied(DENIED.get(action, DENIED["change"]))

    @transaction.atomic
    def create(
        self,
        *,
        data: dict[str, Any],
        user: Any,
        source: str = Source.USER,
        batch: ImportBatch | None = None,
        check: bool = True,
    ) -> models.Model:
        obj = self.model()
        many = self._assign(obj, data)
        self.clean(obj, is_new=True)
        self.refuse_duplicate(obj)
        obj.full_clean()
        self._check(user, ADD, obj, check)
        self._save(obj)
        for name, value in many.items():
            getattr(obj, name).set(value)
        self.after_save(obj, is_new=True, before=None)
        history.record(ObjectChange.Action.CREATE, obj, user=user, source=source, batch=batch)
        return obj

    @transaction.atomic
    def update(
        self,
        obj: models.Model,
        *,
        data: dict[str, Any],
        user: Any,
        expected_version: int | None = None,
        source: str = Source.USER,
        batch: ImportBatch | None = None,
        check: bool = True,
    ) -> models.Model:
        # Lock and re-read so the version check and the "before" picture are current.
        current = self.model._default_manager.select_for_update().get(pk=obj.pk)
        versioned = hasattr(current, "version")
        if versioned and expected_version is not None and current.version != expected_version:
            raise ConflictError(current, expected_version)
        self._check(user, CHANGE, current, check)
        before = history.serialize(current)
        many = self._assign(current, data)
        self.clean(current, is_new=False)
        self.refuse_duplicate(current)
        current.full_clean()
        self._check(user, CHANGE, current, check)  # the new owner must be in scope too
        self._save(current)
        for name, value in many.items():
            getattr(current, name).set(value)
        after = history.serialize(current)
        if {k: v for k, v in after.items() if k != "version"} != {
            k: v for k, v in before.items() if k != "version"
        }:
            if versioned:
                type(current)._default_manager.filter(pk=current.pk).update(version=F("version") + 1)
                current.version += 1
                after["version"] = current.version
            self.after_save(current, is_new=False, before=before)
            history.record(
                ObjectChange.Action.UPDATE,
                current,
                user=user,
                source=source,
                before=before,
                after=after,
                batch=batch,
            )
        return current

    @transaction.atomic
    def delete(
        self,
        obj: models.Model,
        *,
        user: Any,
        source: str = Source.USER,
        batch: ImportBatch | None = None,
        check: bool = True,
        expected_version: int | None = None,
    ) -> ObjectChange | None:
        self._check(user, DELETE, obj, check)
        if expected_version is not None and hasattr(obj, "version"):
            current = self.model._default_manager.select_for_update().get(pk=obj.pk)
            if current.version != expected_version:
                raise ConflictError(current, expected_version)
        self.before_delete(obj)
        try:
            cascaded = history.deleted_with(obj)
        except models.ProtectedError as error:
            raise _protected(error) from error
        except models.RestrictedError as error:
            raise ValidationError(
                _("This record cannot be deleted while other records refer to it.")
            ) from error
        # One history entry per deleted record: the record itself, then what the database removes
        # with it (a project's milestones and costs, a login's role grants). Evidence files of every
        # deleted record are deleted with it (docs/decisions/0009-deleted-records-evidence.md).
        records = [obj, *cascaded]
        evidence = history.delete_evidence(records)
        entries = [
            history.record(
                ObjectChange.Action.DELETE,
                o,
                user=user,
                source=source,
                before={**history.serialize(o), **evidence.get((o._meta.concrete_model, o.pk), {})},
                batch=batch,
                object_id=o.pk,
            )
            for o in records
        ]
        record = entries[0]
        try:
            obj.delete()
        except models.ProtectedError as error:
            raise _protected(error) from error
        except models.RestrictedError as error:
            raise ValidationError(
                _("This record cannot be deleted while other records refer to it.")
            ) from error
        return record


def _protected(error: models.ProtectedError) -> ValidationError:
    names = sorted({str(o._meta.verbose_name) for o in error.protected_objects})
    return ValidationError(
        _("This record cannot be deleted while other records refer to it: %(names)s.")
        % {"names": ", ".join(names)}
    )
