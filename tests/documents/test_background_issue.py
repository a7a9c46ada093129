"""Issuing from the document page runs in the background worker: the page shows the task waiting,
refreshes itself (htmx, no inline script) until it is done, then shows the issued version; a
rendering that fails leaves nothing issued and the page says why."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lodestar.core import tasks
from lodestar.documents import services
from lodestar.documents.models import Document, Issue, IssuedFile, LanguageVersion

from .factories import create

# The worker closes its database connections after each task, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(tree: dict[str, Any]) -> Document:
    record = create(
        Document,
        symbol="A/79/97",
        document_type="follow_up_annex",
        title={"en": "Follow-up", "fr": "Suivi"},
        entity=tree["root"],
    )
    create(LanguageVersion, document=record, language="fr", job_number="24-00003")
    return record


@pytest.fixture
def quick_renderers(monkeypatch: pytest.MonkeyPatch) -> None:
    # PDF and DOCX take long to render; the API test renders them for real.
    for fmt in ("pdf", "docx"):
        monkeypatch.setitem(services.RENDERERS, fmt, lambda doc, fmt=fmt: f"{fmt} of {doc}".encode()[:40])


def test_the_page_shows_the_issue_waiting_then_issued(
    record: Document, client_for: Any, quick_renderers: None
) -> None:
    client: Client = client_for("analyst")
    page_url = f"/documents/d/{record.pk}/"
    response = client.post(f"{page_url}issue/", {"lang": "fr"}, follow=True)
    page = response.content.decode()
    assert "being issued in Français in the background" in page
    assert 'data-status="READY"' in page and 'hx-trigger="every 2s"' in page
    assert not Issue.objects.exists()
    partial = client.get(f"{page_url}issuing/", headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="issuing"') and "Waiting for the worker" in (
        partial.content.decode()
    )
    tasks.run_worker(batch=True, interval=0)
    done = client.get(f"{page_url}issuing/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"  # htmx reloads the page, now with the issued version
    page = client.get(f"{page_url}?lang=fr").content.decode()
    assert '<tr data-lang="fr">' in page and 'data-status="SUCCESSFUL"' in page
    assert 'hx-trigger="every 2s"' not in page  # nothing left to follow
    assert IssuedFile.objects.filter(issue__language="fr").count() == 4


def test_a_failed_rendering_issues_nothing_and_the_page_says_why(
    record: Document, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(doc: Any) -> bytes:
        raise RuntimeError("font missing")

    monkeypatch.setitem(services.RENDERERS, "pdf", broken)
    client: Client = client_for("analyst")
    client.post(f"/documents/d/{record.pk}/issue/", {"lang": "fr"})
    tasks.run_worker(batch=True, interval=0)
    assert not Issue.objects.exists() and not IssuedFile.objects.exists()  # all formats or none
    page = client.get(f"/documents/d/{record.pk}/").content.decode()
    assert 'data-status="FAILED"' in page and "RuntimeError: font missing" in page


def test_a_reader_may_not_queue_an_issue(record: Document, client_for: Any) -> None:
    response = client_for("reader").post(f"/documents/d/{record.pk}/issue/", {"lang": "fr"}, follow=True)
    assert "Only a central analyst may issue" in response.content.decode()
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()
