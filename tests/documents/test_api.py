"""Documents over the API: an analyst issues a language version (sha256 per format), renders it again
as issued, opens a corrigendum; a reader may read and download but not issue."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from rest_framework.test import APIClient

from lodestar.documents.models import Document, LanguageVersion

from .factories import create

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_issue_render_as_issued_and_corrigendum(tree: dict[str, Any], users: dict[str, Any]) -> None:
    record = create(
        Document,
        symbol="A/79/98",
        document_type="follow_up_annex",
        title={"en": "Follow-up", "ru": "Последующие меры"},
        entity=tree["root"],
    )
    create(LanguageVersion, document=record, language="ru", job_number="24-00002")
    reader, analyst = api(users["reader"]), api(users["analyst"])
    base = f"/documents/api/document/{record.pk}"
    assert reader.post(f"{base}/issue/", {"lang": "ru"}, format="json").status_code == 403
    assert (
        analyst.post(f"{base}/issue/", {"lang": "fr"}, format="json").status_code == 400
    )  # no French version
    response = analyst.post(f"{base}/issue/", {"lang": "ru"}, format="json")
    assert response.status_code == 201, response.content
    files = response.json()["files"]
    assert set(files) == {"html", "pdf", "docx", "xlsx"}
    for fmt, item in files.items():
        again = reader.get(f"{base}/render/ru/{fmt}/?as_issued=1")
        assert again.status_code == 200 and hashlib.sha256(again.content).hexdigest() == item["sha256"], fmt
    assert "Последующие меры" in reader.get(f"{base}/render/ru/html/").content.decode()
    again = analyst.post(f"{base}/issue/", {"lang": "ru"}, format="json")
    assert again.status_code == 400 and "corrigendum" in again.content.decode()
    assert analyst.post(f"{base}/corrigendum/", {"reason": ""}, format="json").status_code == 400
    opened = analyst.post(f"{base}/corrigendum/", {"reason": "Typo in the title"}, format="json")
    assert opened.status_code == 201 and opened.json()["number"] == 1
    detail = reader.get(f"{base}/").json()
    assert detail["corrigenda"] == [{"number": 1, "reason": "Typo in the title", "open": True}]
    assert [i["language"] for i in detail["issues"]] == ["ru"]
