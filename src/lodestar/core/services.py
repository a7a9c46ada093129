"""Writes go through services: validate, write in one transaction, record history explicitly.

Views, forms, serializers and importers call a model's service (``registry[model].service``);
domain apps subclass ``ModelService`` for their own rules (the entity tree, for instance).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import history
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
        obj.full_clean()
        self._check(user, ADD, obj, check)
        obj.save()
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
        current.full_clean()
        self._check(user, CHANGE, current, check)  # the new owner must be in scope too
        current.save()
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
    ) -> None:
        self._check(user, DELETE, obj, check)
        self.before_delete(obj)
        before = history.serialize(obj)
        pk = obj.pk
        record = history.record(
            ObjectChange.Action.DELETE,
            obj,
            user=user,
            source=source,
            before=before,
            batch=batch,
            object_id=pk,
        )
        try:
            obj.delete()
        except models.ProtectedError as error:
            names = sorted({str(o._meta.verbose_name) for o in error.protected_objects})
            raise ValidationError(
                _("This record cannot be deleted while other records refer to it: %(names)s.")
                % {"names": ", ".join(names)}
            ) from error
        except models.RestrictedError as error:
            raise ValidationError(
                _("This record cannot be deleted while other records refer to it.")
            ) from error
        return record
