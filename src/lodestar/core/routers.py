"""Reports and exports read from a PostgreSQL read replica when one is configured
(LODESTAR_REPLICA_URL); everything else, and every write, uses the primary.

The replica lags the primary by a little: only reads that tolerate it (a CSV export, a document
rendered from issued data) are sent there, by ``ReplicaForReportsMiddleware`` or explicitly with
``reading_from_replica()``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

REPLICA = "replica"
_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("lodestar_replica_reads", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _replica_reads.get() and replica_configured():
            return REPLICA
        return None  # the primary

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


def is_report_read(request: Any) -> bool:
    """Reads that may lag: exports of lists and the document pages, fetched with GET."""
    if request.method not in ("GET", "HEAD"):
        return False
    return "export" in request.GET or request.path.startswith("/documents/")


class ReplicaForReportsMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if replica_configured() and is_report_read(request):
            with reading_from_replica():
                return self.get_response(request)
        return self.get_response(request)
