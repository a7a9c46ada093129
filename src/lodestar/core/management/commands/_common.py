"""What the import and export commands share: the model named on the command line, and the login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from lodestar.core.registry import Registration, registry


def registration_for(label: str) -> Registration:
    try:
        return registry.by_label(label)
    except KeyError:
        known = ", ".join(sorted(r.label for r in registry))
        raise CommandError(f"No list {label!r}. The lists are: {known}") from None


def user_for(name: str | None) -> Any:
    User = get_user_model()
    if name:
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise CommandError(f"No active login {name!r}.")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("No superuser: name a login with --user.")
    return user
