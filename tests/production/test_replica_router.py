"""Reports and exports read from the replica when one is configured; writes never do."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from lodestar.core import routers
from lodestar.org.models import Entity


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if LODESTAR_REPLICA_URL were set (the alias itself is not opened by these tests).
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def test_reads_go_to_the_replica_only_inside_a_report(with_replica: None) -> None:
    router = routers.ReplicaRouter()
    assert router.db_for_read(Entity) is None
    with routers.reading_from_replica():
        assert router.db_for_read(Entity) == "replica"
        assert router.db_for_write(Entity) == "default"
    assert router.db_for_read(Entity) is None
    assert router.allow_migrate("replica", "org") is False and router.allow_migrate("default", "org") is True


def test_without_a_replica_everything_reads_the_primary() -> None:
    with routers.reading_from_replica():
        assert routers.ReplicaRouter().db_for_read(Entity) is None


@pytest.mark.parametrize(
    ("method", "url", "replica"),
    [
        ("get", "/org/entity/?export=csv", True),
        ("get", "/documents/", True),
        ("get", "/org/entity/", False),
        ("post", "/org/entity/?export=csv", False),
        ("post", "/documents/", False),
    ],
)
def test_the_middleware_sends_exports_and_documents_to_the_replica(
    with_replica: None, method: str, url: str, replica: bool
) -> None:
    seen = []

    def view(request: Any) -> Any:
        seen.append(routers.ReplicaRouter().db_for_read(Entity))
        return "response"

    middleware = routers.ReplicaForReportsMiddleware(view)
    assert middleware(getattr(RequestFactory(), method)(url)) == "response"
    assert seen == (["replica"] if replica else [None])
