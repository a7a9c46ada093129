"""Domain services of the organisation app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from lodestar.core.services import ModelService

from .models import Entity


class EntityService(ModelService):
    """Keeps the materialised tree path right and the tree free of cycles."""

    def clean(self, obj: Any, *, is_new: bool) -> None:
        parent = obj.parent
        if parent is None:
            return
        if not is_new and (parent.pk == obj.pk or parent.tree_path.startswith(obj.tree_path)):
            raise ValidationError(
                {"parent": _("An entity cannot be placed under itself or one of its descendants.")}
            )

    def after_save(self, obj: Entity, *, is_new: bool, before: dict | None) -> None:
        old_path = obj.tree_path
        new_path = f"{obj.parent.tree_path if obj.parent_id else '/'}{obj.pk}/"
        if old_path == new_path:
            return
        Entity.objects.filter(pk=obj.pk).update(tree_path=new_path)
        obj.tree_path = new_path
        if old_path:
            # Move the whole subtree in one statement: replace the old prefix with the new one.
            Entity.objects.filter(tree_path__startswith=old_path).exclude(pk=obj.pk).update(
                tree_path=Concat(Value(new_path), Substr("tree_path", len(old_path) + 1))
            )

    def before_delete(self, obj: Entity) -> None:
        if obj.children.exists():
            raise ValidationError(_("Delete or move the entities under this one first."))


class LoginService(ModelService):
    """New logins get no usable password until an administrator sets one."""

    def clean(self, obj: Any, *, is_new: bool) -> None:
        if is_new and not obj.password:
            obj.set_unusable_password()
