"""API lists: row URLs filled from one template give the records' own addresses; many-to-many values
read as ids only; a cursor walks a list without a count, in id order, whatever its length."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lodestar.org.models import Entity


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_row_urls_are_the_records_own(tree: dict, users: dict) -> None:
    rows = _client(users["analyst"]).get("/api/org/entity/").json()["results"]
    assert len(rows) == 4
    for row in rows:
        own = Entity.objects.get(pk=row["id"]).get_absolute_url()
        assert row["url"] == f"http://testserver{own}"


@pytest.mark.django_db
def test_a_cursor_walks_the_whole_list_in_id_order_without_a_count(tree: dict, users: dict) -> None:
    client = _client(users["analyst"])
    seen, url = [], "/api/org/entity/?pagination=cursor&page_size=3"
    while url:
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url).json()
        assert "count" not in answer
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        seen += [row["id"] for row in answer["results"]]
        url = answer["next"]
    assert seen == sorted(Entity.objects.values_list("pk", flat=True))
    # Page numbers stay the default, with their count.
    assert client.get("/api/org/entity/?page_size=3").json()["count"] == 4
