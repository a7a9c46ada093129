"""Domain services of the organisation app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from lodestar.core import history
from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.services import ModelService
from lodestar.core.tokens import revoke_tokens

from .models import Entity

# A role may be granted only by someone holding that role or a higher one over the entity.
ROLE_RANK = {
    p.ADMINISTRATOR: 3,
    p.CENTRAL_ANALYST: 2,
    p.FOCAL_POINT: 1,
    p.PROJECT_MANAGER: 1,
    p.OVERSIGHT_REVIEWER: 1,
    p.READER: 0,
}


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


@transaction.atomic
def set_password(login: Any, password: str, *, user: Any, validate: bool = True) -> None:
    """Give ``login`` a new password: validated by Django's password validators, its API tokens
    revoked (a token must not outlive the password it was obtained with), the change recorded."""
    if validate:
        validate_password(password, login)
    login.set_password(password)
    login.save(update_fields=["password"])
    revoke_tokens(login)
    history.record(
        ObjectChange.Action.UPDATE,
        login,
        user=user,
        source=ObjectChange.Source.USER,
        before={"password": "…"},
        after={"password": _("(new password set)")},
    )


def highest_rank_over(user: Any, entity: Entity) -> int:
    """The highest role ``user`` holds at ``entity`` or above it (-1: none)."""
    if user.is_superuser:
        return max(ROLE_RANK.values())
    path = entity.tree_path
    return max(
        (
            ROLE_RANK.get(role, -1)
            for role, granted_at in p._grants(user)
            if granted_at and path.startswith(granted_at)
        ),
        default=-1,
    )


def check_grant(user: Any, assignment: Any) -> None:
    """Refuse a grant above the granter's own role, and any change to a superuser's roles."""
    if user is None or user.is_superuser:
        return
    if assignment.user_id and assignment.user.is_superuser:
        raise PermissionDenied(_("Only a superuser may change the roles of a superuser."))
    if assignment.entity_id and highest_rank_over(user, assignment.entity) < ROLE_RANK.get(
        assignment.role, 0
    ):
        raise PermissionDenied(_("You may not grant a role above your own."))


class RoleAssignmentService(ModelService):
    """Nobody grants a role above their own, and only a superuser touches a superuser's roles."""

    def _check(self, user: Any, action: str, obj: Any, check: bool) -> None:
        super()._check(user, action, obj, check)
        if check:
            check_grant(user, obj)
