from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lodestar.org.models import GovernanceBody

from ..factories import body


@pytest.mark.django_db
def test_openapi_schema_and_docs(client_for: Any) -> None:
    client = client_for("reader")
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/org/governancebody/" in paths and "/api/org/entity/{id}/" in paths
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_token_authentication(users: dict) -> None:
    token = Token.objects.create(user=users["reader"])
    client = APIClient()
    assert client.get("/api/org/entity/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/org/entity/")
    assert response.status_code == 200 and response.json()["count"] == 4


@pytest.mark.django_db
def test_api_writes_go_through_services_with_concurrency_check(tree: dict, users: dict) -> None:
    client = APIClient()
    client.force_authenticate(users["analyst"])
    board = body(tree["a"], 1)
    url = f"/api/org/governancebody/{board.pk}/"
    ok = client.patch(url, {"acronym": "B1", "version": board.version}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == board.version + 1
    stale = client.patch(url, {"acronym": "B2", "version": board.version}, format="json")
    assert stale.status_code == 409
    assert GovernanceBody.objects.get(pk=board.pk).acronym == "B1"
    history = board.__class__.objects.get(pk=board.pk)
    assert history.version == 2


@pytest.mark.django_db
def test_api_create_is_limited_to_the_callers_entities(tree: dict, users: dict) -> None:
    client = APIClient()
    client.force_authenticate(users["focal_a"])
    payload = {
        "code": "X-1",
        "name": {"en": "ICT unit", "zh": "信通技术股"},
        "delivery_type": "entity_ict_unit",
    }
    refused = client.post("/api/org/ictunit/", {**payload, "entity": tree["b"].pk}, format="json")
    assert refused.status_code == 400 and "entity" in refused.json()
    created = client.post("/api/org/ictunit/", {**payload, "entity": tree["a"].pk}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["name"] == {"en": "ICT unit", "zh": "信通技术股"}
    bad = client.post(
        "/api/org/ictunit/",
        {**payload, "code": "X-2", "entity": tree["a"].pk, "name": {"xx": "?"}},
        format="json",
    )
    assert bad.status_code == 400 and "name" in bad.json()
