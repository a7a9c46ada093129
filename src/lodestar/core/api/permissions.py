from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from ..permissions import ADD, CHANGE, DELETE, VIEW, can

METHOD_ACTIONS = {
    "GET": VIEW,
    "HEAD": VIEW,
    "OPTIONS": VIEW,
    "POST": ADD,
    "PUT": CHANGE,
    "PATCH": CHANGE,
    "DELETE": DELETE,
}


class ScopedPermission(BasePermission):
    """Authenticated users with a role that allows the action somewhere; objects are then limited by
    the view's queryset (``restrict``), so records out of scope answer 404."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        model = getattr(getattr(view, "registration", None), "model", None)
        if model is None:
            return True
        return can(request.user, METHOD_ACTIONS.get(request.method, VIEW), model)
