"""Writes stay correct under concurrency: simultaneous edits of one record answer 200 or 409, never
500; six simultaneous commits of one import preview write once. Threads, real transactions."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from lodestar.core import permissions as p
from lodestar.core.models import ImportBatch, ObjectChange
from lodestar.finance import models as fin
from tests.conftest import grant, make_entity
from tests.finance import factories as ff

pytestmark = pytest.mark.django_db(transaction=True)


def together(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``n`` threads released at the same moment; each thread has its own
    database connection, closed at the end."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # reported as the result, so that the test names it
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def setup() -> dict[str, Any]:
    root = make_entity("UN", kind="organisation")
    a = make_entity("DESA", root, location_class="hq")
    analyst = get_user_model().objects.create_user(username="analyst", password="x")
    grant(analyst, p.CENTRAL_ANALYST, root)
    return {
        "analyst": analyst,
        "section": ff.section(a, 1),
        "source": ff.funding_source(a, 1),
        "period": ff.period(a, 1),
    }


def client(user: Any) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def test_twelve_simultaneous_api_edits_of_one_record_answer_200_or_409(setup: dict) -> None:
    source = setup["source"]
    version = source.version
    clients = [client(setup["analyst"]) for _ in range(12)]

    def edit(i: int) -> int:
        return (
            clients[i]
            .patch(
                f"/api/finance/fundingsource/{source.pk}/",
                {"order": i + 10},
                content_type="application/json",
                HTTP_IF_MATCH=str(version),
            )
            .status_code
        )

    statuses = together(12, edit)
    assert all(s in (200, 409) for s in statuses), statuses
    assert statuses.count(200) == 1, statuses  # one wins; the others read a newer version
    assert fin.FundingSource.objects.get(pk=source.pk).version == version + 1


def test_simultaneous_creates_of_one_code_answer_400_or_409_never_500(setup: dict) -> None:
    clients = [client(setup["analyst"]) for _ in range(6)]
    root = setup["source"].organisation_id

    def create(i: int) -> int:
        return (
            clients[i]
            .post(
                "/api/finance/fundingsource/",
                {"code": "SAME", "name": {"en": "Same"}, "kind": "regular", "organisation": root},
                content_type="application/json",
            )
            .status_code
        )

    statuses = together(6, create)
    assert statuses.count(201) == 1 and all(s in (201, 400, 409) for s in statuses), statuses
    assert fin.FundingSource.objects.filter(code="SAME").count() == 1


def test_six_simultaneous_commits_of_one_preview_write_once(setup: dict) -> None:
    header = "section,funding_source,category,grade,period,stage,count"
    lines = [
        f"{setup['section'].code},{setup['source'].code},professional,P-{g},{setup['period'].code},approved,{g}"
        for g in range(1, 6)
    ]
    content = ("\n".join([header, *lines]) + "\n").encode()
    first = client(setup["analyst"])
    preview = first.post("/finance/post/import/", {"file": SimpleUploadedFile("posts.csv", content)})
    assert preview.status_code == 200, preview.context["result"].messages()
    batch = preview.context["batch"].pk
    clients = [client(setup["analyst"]) for _ in range(6)]

    def commit(i: int) -> int:
        return clients[i].post(f"/api/finance/post/import/{batch}/commit/").status_code

    statuses = together(6, commit)
    assert sorted(statuses) == [200, 409, 409, 409, 409, 409], statuses
    assert fin.Post.objects.count() == 5
    assert ObjectChange.objects.filter(source="import", import_batch_id=batch).count() == 5
    assert ImportBatch.objects.get(pk=batch).status == ImportBatch.Status.COMMITTED
    assert connection.vendor in ("sqlite", "postgresql")
