"""Documents over the API: an analyst issues a language version (sha256 per format), renders it again
as issued, opens a corrigendum; a reader may read and download but not issue."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from rest_framework.test import APIClient

from lodestar.core import tasks
from lodestar.documents.models import Document, LanguageVersion

from .factories import create

# The worker closes its database connections after each task, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


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
    # Rendered by the background worker: 202 and the task's URL to poll.
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["status"] == "READY" and queued["language"] == "ru" and queued["issue"] is None
    twice = analyst.post(f"{base}/issue/", {"lang": "ru"}, format="json")
    assert twice.status_code == 400 and "already being issued" in twice.content.decode()
    tasks.run_worker(batch=True, interval=0)
    done = analyst.get(queued["url"]).json()
    assert done["status"] == "SUCCESSFUL", done
    assert reader.get(queued["url"]).status_code == 200  # a reader may follow it too
    files = done["issue"]["files"]
    assert set(files) == {"html", "pdf", "docx", "xlsx"}
    for fmt, item in files.items():
        again = reader.get(f"{base}/render/ru/{fmt}/?as_issued=1")
        assert again.status_code == 200 and hashlib.sha256(again.content).hexdigest() == item["sha256"], fmt
    # From the current data: rendered by the worker (202 and the draft to poll), then the file.
    assert reader.get(f"{base}/render/ru/html/").status_code == 202
    tasks.run_worker(batch=True, interval=0)
    assert "Последующие меры" in reader.get(f"{base}/render/ru/html/").content.decode()
    again = analyst.post(f"{base}/issue/", {"lang": "ru"}, format="json")
    assert again.status_code == 400 and "corrigendum" in again.content.decode()
    assert analyst.post(f"{base}/corrigendum/", {"reason": ""}, format="json").status_code == 400
    opened = analyst.post(f"{base}/corrigendum/", {"reason": "Typo in the title"}, format="json")
    assert opened.status_code == 201 and opened.json()["number"] == 1
    detail = reader.get(f"{base}/").json()
    assert detail["corrigenda"] == [{"number": 1, "reason": "Typo in the title", "open": True}]
    assert [i["language"] for i in detail["issues"]] == ["ru"]
    assert [(t["language"], t["status"]) for t in detail["tasks"]] == [("ru", "SUCCESSFUL")]
    assert analyst.get(f"{base}/tasks/not-a-task/").status_code == 404
