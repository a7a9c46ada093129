"""The counts in the navigation bar: work waiting for me, notifications not yet read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import inbox
from .models import Notification


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that does not show the navigation bar (an export, an error) runs no query.
    return {
        "inbox_count": SimpleLazyObject(lambda: inbox.count(user)),
        "unread_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        ),
    }
