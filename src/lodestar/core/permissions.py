"""The one permission funnel: ``restrict(user, action, model)``.

Roles are granted to a user at an entity (org.RoleAssignment) and reach that entity and every
entity below it in the tree. Default deny: a user with no grant for an action sees nothing.
Lists, details, counts, search, exports, imports, documents and the API all read through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT = "view", "add", "change", "delete", "import", "export"
ACTIONS = (VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT)

ADMINISTRATOR = "administrator"
CENTRAL_ANALYST = "central_analyst"
FOCAL_POINT = "entity_focal_point"
PROJECT_MANAGER = "project_manager"
OVERSIGHT_REVIEWER = "oversight_reviewer"
READER = "reader"

ROLE_CHOICES = [
    (ADMINISTRATOR, _("Administrator")),
    (CENTRAL_ANALYST, _("Central analyst (CIO office)")),
    (FOCAL_POINT, _("Entity ICT focal point")),
    (PROJECT_MANAGER, _("Project manager")),
    (OVERSIGHT_REVIEWER, _("Oversight reviewer")),
    (READER, _("Reader")),
]
ALL_ROLES = frozenset(code for code, _label in ROLE_CHOICES)
EDITORS = frozenset({ADMINISTRATOR, CENTRAL_ANALYST, FOCAL_POINT})
CENTRAL = frozenset({ADMINISTRATOR, CENTRAL_ANALYST})

# What each role may do unless a model's registration says otherwise.
DEFAULT_POLICY: dict[str, frozenset[str]] = {
    VIEW: ALL_ROLES,
    EXPORT: ALL_ROLES,
    ADD: EDITORS,
    CHANGE: EDITORS,
    IMPORT: EDITORS,
    DELETE: CENTRAL,
}

ALL = "__all__"  # marker: no restriction (superuser)


def policy_for(model: type[models.Model]) -> dict[str, frozenset[str]]:
    from .registry import registry

    registration = registry.get(model)
    if registration is not None and registration.policy:
        return {**DEFAULT_POLICY, **registration.policy}
    return DEFAULT_POLICY


def _grants(user: Any) -> list[tuple[str, str]]:
    """(role, entity tree path) pairs for the user, cached on the user object for the request."""
    cached = getattr(user, "_lodestar_grants", None)
    if cached is not None:
        return cached
    RoleAssignment = apps.get_model("org", "RoleAssignment")
    grants = list(RoleAssignment.objects.filter(user_id=user.pk).values_list("role", "entity__tree_path"))
    user._lodestar_grants = grants
    return grants


def grants(user: Any) -> list[tuple[str, str]]:
    """The user's (role, entity tree path) pairs: for pages that sort work by the role it is for."""
    if user is None or not user.is_authenticated:
        return []
    return list(_grants(user))


def forget_grants(user: Any) -> None:
    if hasattr(user, "_lodestar_grants"):
        del user._lodestar_grants


def scope_paths(user: Any, action: str, model: type[models.Model]) -> list[str] | str:
    """Entity tree paths where ``user`` may do ``action`` on ``model`` (or ALL)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return ALL
    allowed_roles = policy_for(model).get(action, frozenset())
    paths = sorted({path for role, path in _grants(user) if role in allowed_roles and path})
    # Drop paths already covered by an ancestor path.
    reduced: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in reduced):
            reduced.append(path)
    return reduced


def _path_lookup(model: type[models.Model]) -> str | None:
    scope_field = getattr(model, "scope_field", None)
    if scope_field is None:
        return None
    return f"{scope_field}__tree_path" if scope_field else "tree_path"


def _root_paths(paths: Iterable[str]) -> bool:
    # A grant at a root entity ("/<id>/" with no parent) covers unscoped records.
    return any(path.count("/") == 2 for path in paths)


def organisation_paths(action: str, paths: Iterable[str]) -> list[str]:
    """Tree paths of the organisations (roots) whose records a user with grants at ``paths`` may
    ``action``: any grant inside an organisation reads its vocabulary; only a grant at its root
    writes it."""
    if action in (VIEW, EXPORT):
        return sorted({"/" + path.split("/")[1] + "/" for path in paths if path.count("/") >= 2})
    return sorted({path for path in paths if path.count("/") == 2})


def _organisation_lookup(model: type[models.Model]) -> str | None:
    if getattr(model, "scope_field", None) is not None:
        return None
    field = getattr(model, "organisation_field", None)
    return f"{field}__tree_path" if field else None


def _unscoped_allowed(action: str, paths: list[str]) -> bool:
    """Universal records, owned by neither an entity nor an organisation (calendar periods, logins),
    are read by anyone the policy allows; they are written only through a role held at a root."""
    return bool(paths) if action in (VIEW, EXPORT) else _root_paths(paths)


def restrict(user: Any, action: str, model_or_queryset: type[models.Model] | QuerySet) -> QuerySet:
    """The records of a model that ``user`` may ``action``; empty by default."""
    if isinstance(model_or_queryset, QuerySet):
        queryset, model = model_or_queryset, model_or_queryset.model
    else:
        model = model_or_queryset
        queryset = model._default_manager.all()
    paths = scope_paths(user, action, model)
    if paths == ALL:
        return queryset
    if not paths:
        return queryset.none()
    scoped_by = getattr(model, "scope_condition", None)
    if scoped_by is not None:
        # A model scoped by something other than one owning entity (logins: by their roles).
        return queryset.filter(scoped_by(action, paths))
    lookup = _path_lookup(model)
    if lookup is None:
        owned_by = _organisation_lookup(model)
        if owned_by is not None:
            return queryset.filter(**{f"{owned_by}__in": organisation_paths(action, paths)})
        return queryset if _unscoped_allowed(action, paths) else queryset.none()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{lookup}__startswith": path})
    readers = _read_through(model, action, paths)
    if readers is not None:
        # A subquery, not a join: a record reached through several entities is listed once.
        condition |= Q(pk__in=model._default_manager.filter(readers).values("pk"))
    return queryset.filter(condition)


def _read_through(model: type[models.Model], action: str, paths: list[str]) -> Q | None:
    """Condition for records readable through ``also_visible_through`` (reads only)."""
    through = getattr(model, "also_visible_through", ())
    if action not in (VIEW, EXPORT) or not through:
        return None
    condition = Q(pk__in=[])
    for relation in through:
        for path in paths:
            condition |= Q(**{f"{relation}__tree_path__startswith": path})
    return condition


def entity_path_of(obj: models.Model) -> str:
    """Tree path of the entity that owns ``obj`` (follows the model's scope_field), or of the
    organisation that owns it (its organisation_field)."""
    scope_field = getattr(type(obj), "scope_field", None)
    if scope_field is None:
        return organisation_path_of(obj)
    target: Any = obj
    for part in scope_field.split("__") if scope_field else []:
        target = getattr(target, part, None)
        if target is None:
            return ""
    path = getattr(target, "tree_path", "") or ""
    if not path and scope_field == "" and getattr(obj, "parent_id", None):
        # An entity not yet saved has no path of its own: it is added under its parent.
        path = getattr(obj.parent, "tree_path", "") or ""
    return path


def organisation_path_of(obj: models.Model) -> str:
    """Tree path of the organisation that owns ``obj``; "" for a universal record."""
    field = getattr(type(obj), "organisation_field", None)
    if getattr(type(obj), "scope_field", None) is not None or not field:
        return ""
    target: Any = obj
    for part in field.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return ""
    return getattr(target, "tree_path", "") or ""


def can(user: Any, action: str, obj_or_model: models.Model | type[models.Model]) -> bool:
    """May ``user`` do ``action`` on this record (or, given a model, on some record of it)?"""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    paths = scope_paths(user, action, model)
    if paths == ALL:
        return True
    if not paths:
        return False
    if isinstance(obj_or_model, type):
        return True
    scoped_by = getattr(model, "scope_condition", None)
    if scoped_by is not None:
        if obj_or_model.pk is None:
            return action == ADD
        return model._default_manager.filter(scoped_by(action, paths), pk=obj_or_model.pk).exists()
    if getattr(model, "scope_field", None) is None:
        if _organisation_lookup(model) is not None:
            return organisation_path_of(obj_or_model) in organisation_paths(action, paths)
        return _unscoped_allowed(action, paths)
    path = entity_path_of(obj_or_model)
    if path and any(path.startswith(p) for p in paths):
        return True
    readers = _read_through(model, action, paths)
    return readers is not None and model._default_manager.filter(readers, pk=obj_or_model.pk).exists()


def restrict_changes(user: Any, queryset: QuerySet) -> QuerySet:
    """History records the user may read: changes to records of models and entities they may view."""
    from django.contrib.contenttypes.models import ContentType

    from .registry import registry

    if user is not None and user.is_authenticated and user.is_superuser:
        return queryset
    condition = Q(pk__in=[])
    for registration in registry:
        paths = scope_paths(user, VIEW, registration.model)
        if not paths:
            continue
        content_type = ContentType.objects.get_for_model(registration.model, for_concrete_model=False)
        by_path = Q()
        for path in paths:
            by_path |= Q(entity_path__startswith=path)
        if _organisation_lookup(registration.model) is not None:
            by_path = Q(entity_path__in=organisation_paths(VIEW, paths))
        elif _root_paths(paths):
            by_path |= Q(entity_path="")
        readers = _read_through(registration.model, VIEW, paths)
        if readers is not None:
            # Records read through a further entity: their history too, while they exist.
            by_path |= Q(object_id__in=registration.model._default_manager.filter(readers).values("pk"))
        condition |= Q(content_type=content_type) & by_path
    return queryset.filter(condition)
