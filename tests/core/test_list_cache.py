"""The rendered list tables and API list pages kept per reader's scope (core.scoped_cache): shared by
the readers of one scope, never by another scope, and fresh again after every recorded write."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.core.registry import registry
from lodestar.oversight.models import Recommendation
from tests.oversight.factories import recommendation

pytestmark = pytest.mark.django_db

LIST = "/oversight/recommendation/"
API = "/api/oversight/recommendation/"


def _codes(client: Any) -> tuple[str, set[str]]:
    page = client.get(LIST).content.decode()
    api = {row["reference"] for row in client.get(API).json()["results"]}
    return page, api


def test_a_write_shows_at_once_on_a_cached_list_and_api_page(tree: dict, client_for: Any) -> None:
    analyst = client_for("analyst")
    recommendation(tree["a"], 1, reference="para. 101")
    page, api = _codes(analyst)
    assert "para. 101" in page and api == {"para. 101"}
    _codes(analyst)  # served from the cache now
    recommendation(tree["b"], 2, reference="para. 202")  # through the service: a new generation
    page, api = _codes(analyst)
    assert "para. 202" in page and api == {"para. 101", "para. 202"}
    rec = Recommendation.objects.get(reference="para. 202")
    registry[Recommendation].service.update(rec, data={"reference": "para. 203"}, user=None, check=False)
    page, api = _codes(analyst)
    assert "para. 203" in page and api == {"para. 101", "para. 203"}


def test_readers_of_another_scope_never_get_a_cached_page(tree: dict, client_for: Any) -> None:
    recommendation(tree["a"], 1, reference="para. 101")
    recommendation(tree["b"], 2, reference="para. 202")
    page, api = _codes(client_for("analyst"))  # cached for the analyst's scope (the root)
    assert "para. 101" in page and "para. 202" in page and len(api) == 2
    page, api = _codes(client_for("focal_b"))
    assert "para. 202" in page and "para. 101" not in page and api == {"para. 202"}
    page, api = _codes(client_for("focal_a"))
    assert "para. 101" in page and "para. 202" not in page and api == {"para. 101"}


def test_the_next_reader_of_a_scope_reads_the_table_from_the_cache(tree: dict, client_for: Any) -> None:
    for n in range(5):
        recommendation(tree["a"], n)
    client = client_for("analyst")
    with CaptureQueriesContext(connection) as first:
        assert client.get(LIST).status_code == 200
    with CaptureQueriesContext(connection) as again:
        second = client.get(LIST)
    assert second.status_code == 200 and len(again) < len(first)
    assert 'id="total">5<' in second.content.decode()
    with CaptureQueriesContext(connection) as api_first:
        client.get(API + "?page_size=2")
    with CaptureQueriesContext(connection) as api_again:
        body = client.get(API + "?page_size=2").json()
    assert len(api_again) < len(api_first) and body["count"] == 5
    assert body["next"].startswith("http://testserver" + API)
