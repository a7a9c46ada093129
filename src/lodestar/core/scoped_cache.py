"""Figures cached per permission scope, invalidated by every recorded write.

Hundreds of focal points open the same dashboards in the week before a reporting deadline; what a
dashboard shows depends only on what its reader may see (the funnel's grants: role and entity) and
on the facts. So the computed figures are kept in the cache under

    topic · scope (superuser flag + the user's grants) · generation · the request's own key

where the generation is the newest history record's id: every write goes through a service that
records history (core.history.record), so any write makes a new generation and the next reader
computes afresh — on every server and worker at once, which a per-process counter could not do with
the local-memory cache. Reading the generation is one indexed query (the maximum of a primary key).
Writes that bypass the services (bulk loads of benchmarks, migrations) are covered by the timeout.

Only figures and the parts of a page that hold nothing but them are cached (a dashboard's figures,
a list's rendered table, an API list's rows), never a whole page: the page around them (navigation,
messages, the CSRF token) is the reader's own. What belongs to one person rather than to a scope (the
count of the work waiting for them) is kept under ``user_key``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .permissions import _grants

T = TypeVar("T")

# Seconds: a safety net for writes made outside the services; every service write invalidates at once.
TIMEOUT = int(getattr(settings, "LODESTAR_FIGURES_CACHE_SECONDS", 600))


def scope_of(user: Any) -> str:
    """Readers with the same grants see the same figures: they share one cache entry."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "anonymous"
    if user.is_superuser:
        return "superuser"
    grants = sorted(set(_grants(user)))
    return hashlib.sha256(repr(grants).encode()).hexdigest()[:24]


# A page asks the generation for each thing it reads from the cache (its table, the work count): read
# once per request (GenerationPerRequest), and forgotten by every history record written meanwhile.
_per_request: ContextVar[dict[str, int] | None] = ContextVar("lodestar_generation", default=None)


def generation() -> int:
    from .models import ObjectChange

    memo = _per_request.get()
    if memo is not None and "newest" in memo:
        return memo["newest"]
    newest = ObjectChange.objects.aggregate(newest=Max("pk"))["newest"] or 0
    if memo is not None:
        memo["newest"] = newest
    return newest


def forget_generation() -> None:
    """A history record was written: the next ``generation()`` reads the newest id again."""
    memo = _per_request.get()
    if memo is not None:
        memo.pop("newest", None)


class GenerationPerRequest:
    """Middleware: one read of the generation per request, however many cached parts the page has."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _per_request.set({})
        try:
            return self.get_response(request)
        finally:
            _per_request.reset(token)


@functools.cache
def release() -> str:
    """What the code and templates are: rendered parts outlive a process in a shared cache (Redis),
    and a release that changes a template or what a figure holds must not read the parts the
    previous one cached. Their content, not their dates, so that every server of one release agrees."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".mo"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def scope_key(topic: str, user: Any, key: str) -> str:
    """The cache key of ``key``'s figures (or rendered part, ``rendered_for_scope``) for this
    reader's scope at the current generation."""
    raw = f"{release()}|{topic}|{scope_of(user)}|{generation()}|{get_language()}|{key}"
    return "figures:" + hashlib.sha256(raw.encode()).hexdigest()


def user_key(topic: str, user: Any, key: str) -> str:
    """Like ``scope_key`` for what belongs to one person (the work waiting for them), not to a scope."""
    raw = f"{release()}|{topic}|user:{user.pk}|{generation()}|{key}"
    return "figures:" + hashlib.sha256(raw.encode()).hexdigest()


def stable_key(topic: str, user: Any, key: str) -> str:
    """Like ``scope_key`` for what depends on the reader's grants and language but on no recorded
    data (the menu of the areas they may open): it outlives writes, not a change of grants."""
    raw = f"{release()}|{topic}|{scope_of(user)}|{get_language()}|{key}"
    return "scope:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_for_scope(
    topic: str, user: Any, key: str, compute: Callable[[], T], *, full: str | None = None
) -> T:
    """``compute()``'s result for this reader's scope, from the cache while nothing was written."""
    full = full or scope_key(topic, user, key)
    found = cache.get(full)
    if found is not None:
        return found
    value = compute()
    cache.set(full, value, TIMEOUT)
    return value


def rendered_for_scope(
    topic: str,
    request: HttpRequest,
    key: str,
    template_name: str,
    context: Callable[[], dict[str, Any]],
) -> SafeString:
    """``template_name`` rendered with ``context()`` for this reader's scope, from the cache while
    nothing was written: on a hit neither the figures nor the template are touched, so a dashboard
    costs what its page around it costs. The part must hold nothing of the reader's own (no CSRF
    token, no per-person actions): readers of one scope share it."""

    def render() -> str:
        # Without the request: no context processor runs for the part (the navigation, the reader's
        # work counts, the CSRF token), so it cannot show anything of the reader's own even by mistake,
        # and a miss does not compute the page's context twice.
        return render_to_string(template_name, context())

    # Rendered by a template (autoescaped) before it was cached.
    return mark_safe(cached_for_scope(topic, request.user, key, render))  # noqa: S308
