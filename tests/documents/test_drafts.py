"""Rendering from the current data runs in the background worker ("drafts"): the format button
queues a rendering for the person and answers with a page that follows it (htmx, no inline
script); once the worker is done the same button gives the file, until a fact changes. A draft is
the person's own (what a document shows depends on what its reader may see)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from lodestar.core import tasks
from lodestar.documents import drafts, services
from lodestar.documents.models import Document, DraftRendering, LanguageVersion

from .factories import create

# The worker closes its database connections after each task, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(tree: dict[str, Any]) -> Document:
    record = create(
        Document,
        symbol="A/79/96",
        document_type="follow_up_annex",
        title={"en": "Follow-up", "ar": "متابعة التوصيات"},
        entity=tree["root"],
    )
    create(LanguageVersion, document=record, language="ar", job_number="24-00004")
    return record


@pytest.fixture
def quick_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(services.RENDERERS, "pdf", lambda doc: b"%PDF-1.7 " + doc.symbol.encode())


def queued() -> int:
    return DBTaskResult.objects.filter(task_path=drafts.render_draft.module_path).count()


def test_queued_then_served_after_the_worker_runs(record: Document, client_for: Any, quick_pdf: None) -> None:
    client: Client = client_for("reader")
    url = f"/documents/d/{record.pk}/render/ar/pdf/"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("text/html")
    page = first.content.decode()
    draft = DraftRendering.objects.get()
    poll = f"/documents/d/{record.pk}/drafts/{draft.pk}/"
    assert 'data-status="READY"' in page and f'hx-get="{poll}"' in page and 'hx-trigger="every 1s"' in page
    assert "is being prepared" in page and 'dir="ltr"' in page
    again = client.get(url)  # asked again while unfinished: the same draft, nothing new queued
    assert "is being prepared" in again.content.decode()
    assert DraftRendering.objects.count() == 1 and queued() == 1

    tasks.run_worker(batch=True, interval=0)
    partial = client.get(poll, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="draft"') and 'data-status="SUCCESSFUL"' in partial
    assert "hx-trigger" not in partial  # nothing left to follow
    assert f'href="{poll}file/"' in partial and "data-follow-when-ready" in partial
    served = client.get(url)
    assert served.status_code == 200 and served.content == b"%PDF-1.7 A/79/96"
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment; filename=")
    assert queued() == 1  # served from the draft, not rendered again
    downloaded = client.get(f"{poll}file/")
    assert downloaded.content == served.content and downloaded["X-Content-SHA256"] == (
        DraftRendering.objects.get().sha256
    )
    inline = client.get(f"/documents/d/{record.pk}/render/ar/pdf/?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")


def test_after_a_fact_changes_a_new_draft_is_queued_not_the_stale_one(
    record: Document, client_for: Any, quick_pdf: None
) -> None:
    client: Client = client_for("reader")
    url = f"/documents/d/{record.pk}/render/ar/pdf/"
    client.get(url)
    tasks.run_worker(batch=True, interval=0)
    assert client.get(url)["Content-Type"] == "application/pdf"
    create(LanguageVersion, document=record, language="fr", job_number="24-00005")  # a recorded write
    stale = client.get(url)
    assert stale["Content-Type"].startswith("text/html") and "is being prepared" in stale.content.decode()
    assert queued() == 2
    tasks.run_worker(batch=True, interval=0)
    assert client.get(url)["Content-Type"] == "application/pdf"
    # Only the newest draft of the same thing is kept for the person.
    assert DraftRendering.objects.count() == 1


def test_another_reader_does_not_get_my_draft(record: Document, client_for: Any, quick_pdf: None) -> None:
    mine, theirs = client_for("focal_a"), client_for("focal_b")
    url = f"/documents/d/{record.pk}/render/ar/pdf/"
    mine.get(url)
    tasks.run_worker(batch=True, interval=0)
    draft = DraftRendering.objects.get()
    assert mine.get(url)["Content-Type"] == "application/pdf"
    assert theirs.get(f"/documents/d/{record.pk}/drafts/{draft.pk}/").status_code == 404
    assert theirs.get(f"/documents/d/{record.pk}/drafts/{draft.pk}/file/").status_code == 404
    other = theirs.get(url)
    assert "is being prepared" in other.content.decode()  # rendered for their own entities
    assert DraftRendering.objects.filter(requested_by__username="focal_b").count() == 1
    # Out of the organisation altogether: no document, no draft.
    assert client_for("nobody").get(url).status_code == 404


def test_a_failure_is_shown_with_its_message_and_may_be_tried_again(
    record: Document, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(doc: Any) -> bytes:
        raise ValueError("No font for this script")

    monkeypatch.setitem(services.RENDERERS, "pdf", broken)
    client: Client = client_for("reader")
    url = f"/documents/d/{record.pk}/render/ar/pdf/"
    client.get(url)
    tasks.run_worker(batch=True, interval=0)
    draft = DraftRendering.objects.get()
    page = client.get(f"/documents/d/{record.pk}/drafts/{draft.pk}/", headers={"HX-Request": "true"})
    text = page.content.decode()
    assert 'data-status="FAILED"' in text and "No font for this script" in text and "hx-trigger" not in text
    assert f'href="{url}"' in text  # try again
    assert DBTaskResult.objects.get().status == "FAILED"
    assert client.get(f"/documents/d/{record.pk}/drafts/{draft.pk}/file/").status_code == 404
    client.get(url)  # asked again: a new rendering, the failed one is not served
    assert queued() == 2


def test_a_draft_whose_task_was_reaped_is_asked_again(record: Document, client_for: Any) -> None:
    client: Client = client_for("reader")
    url = f"/documents/d/{record.pk}/render/ar/html/"
    client.get(url)
    result = DBTaskResult.objects.get()
    result.set_failed(tasks.TaskStuck("worker lost"))
    client.get(url)
    assert queued() == 2
    assert DraftRendering.objects.filter(error__contains="worker lost").count() == 1


def test_the_preview_frame_gets_a_bare_page_in_arabic(record: Document, client_for: Any) -> None:
    client: Client = client_for("reader")
    client.post("/i18n/setlang/", {"language": "ar"})
    response = client.get(f"/documents/d/{record.pk}/render/ar/html/?inline=1")
    # The document page frames it (every other page refuses frames).
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert client.get(f"/documents/d/{record.pk}/")["X-Frame-Options"] == "DENY"
    page = response.content.decode()
    assert 'dir="rtl"' in page and "bootstrap.rtl.min.css" in page and 'class="navbar' not in page
    assert "?inline=1" in page and "<script>" not in page
    assert "يجري إعداد A/79/96" in page  # "being prepared", in Arabic
    tasks.run_worker(batch=True, interval=0)
    served = client.get(f"/documents/d/{record.pk}/render/ar/html/?inline=1")
    assert served["Content-Type"].startswith("text/html") and "متابعة التوصيات" in served.content.decode()
    assert "style-src 'self' 'unsafe-inline'" in served["Content-Security-Policy"]  # its print layout
    assert "script-src 'self'" in served["Content-Security-Policy"]


def test_the_database_refuses_two_unfinished_drafts_of_the_same_thing(
    record: Document, users: dict[str, Any]
) -> None:
    key = {"document": record, "language": "ar", "format": "pdf", "requested_by": users["reader"]}
    DraftRendering.objects.create(data_version=7, **key)
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftRendering.objects.create(data_version=7, **key)
    DraftRendering.objects.create(data_version=8, **key)  # another data version: another draft
    DraftRendering.objects.create(data_version=7, finished=timezone.now(), error="x", **key)  # finished


def test_old_drafts_are_purged(record: Document, users: dict[str, Any]) -> None:
    keep = DraftRendering.objects.create(
        document=record, language="ar", format="pdf", requested_by=users["reader"], data_version=1
    )
    old = DraftRendering.objects.create(
        document=record, language="ar", format="html", requested_by=users["reader"], data_version=1
    )
    DraftRendering.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=2))
    assert drafts.purge_drafts.call() == {"deleted": 1}
    assert list(DraftRendering.objects.all()) == [keep]
    assert (drafts.purge_drafts, drafts.PURGE_EVERY) in tasks.scheduled


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_answers_202_then_the_file(record: Document, users: dict[str, Any], quick_pdf: None) -> None:
    reader = api(users["reader"])
    url = f"/documents/api/document/{record.pk}/render/ar/pdf/"
    first = reader.get(url)
    assert first.status_code == 202, first.content
    body = first.json()
    assert body["status"] == "READY" and body["download_url"] is None and body["format"] == "pdf"
    assert reader.get(url).status_code == 202 and queued() == 1
    assert api(users["focal_b"]).get(body["url"]).status_code == 404  # not theirs
    tasks.run_worker(batch=True, interval=0)
    done = reader.get(body["url"]).json()
    assert done["status"] == "SUCCESSFUL" and done["sha256"], done
    file = reader.get(done["download_url"])
    assert file.status_code == 200 and file.content == b"%PDF-1.7 A/79/96"
    served = reader.get(url)
    assert served.status_code == 200 and served.content == file.content
    assert served["Content-Disposition"].startswith("attachment; filename=")
