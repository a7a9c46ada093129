"""Large imports run in the background worker: the page shows a progress bar that htmx refreshes,
then the preview; the commit runs there too, all rows or none; the API answers 202 with a URL to
poll. A failed or stuck task leaves its batch refused with the reason, nothing written."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from lodestar.core import importing, importjobs, tasks
from lodestar.core.models import ImportBatch, ObjectChange
from lodestar.finance import models as fin
from tests.finance import factories as ff

# The worker closes its database connections after each task, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)
HEADER = "section,funding_source,category,grade,period,stage,count"


@pytest.fixture
def posts_csv(tree: dict, settings: Any) -> Any:
    settings.LODESTAR_IMPORT_BACKGROUND_CELLS = 50  # so that a file of a few rows goes to the worker
    section, source, period = (
        ff.section(tree["a"], 1),
        ff.funding_source(tree["a"], 1),
        ff.period(tree["a"], 1),
    )

    def make(*counts: str) -> bytes:
        lines = [
            f"{section.code},{source.code},professional,P-{n},{period.code},approved,{c}"
            for n, c in enumerate(counts)
        ]
        return ("\n".join([HEADER, *lines]) + "\n").encode()

    return make


def work() -> None:
    tasks.run_worker(batch=True, interval=0)


def test_the_estimate_sends_only_a_large_file_to_the_worker(posts_csv: Any, settings: Any) -> None:
    assert importjobs.estimated_cells(posts_csv("1", "2"), "posts.csv") == 3 * 7
    assert not importjobs.runs_in_background(posts_csv("1"), "posts.csv")
    assert importjobs.runs_in_background(posts_csv(*["1"] * 10), "posts.csv")
    settings.LODESTAR_IMPORT_BACKGROUND_CELLS = 20_000
    assert not importjobs.runs_in_background(posts_csv(*["1"] * 10), "posts.csv")


def test_the_page_follows_a_large_import_from_progress_bar_to_preview_to_commit(
    posts_csv: Any, client_for: Any
) -> None:
    client = client_for("analyst")
    url = reverse("finance:post_import")
    response = client.post(
        url, {"file": SimpleUploadedFile("posts.csv", posts_csv(*[str(n) for n in range(30)]))}
    )
    assert response.status_code == 302 and "?batch=" in response.url
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.CHECKING and batch.task_id

    page = client.get(response.url).content.decode()
    assert 'id="import-progress"' in page and 'hx-trigger="every 1s"' in page
    assert "<script>" not in page  # the refresh is htmx's attributes, no inline script (CSP)
    partial = client.get(response.url, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and partial.content.decode().startswith('<div id="import-progress"')
    assert fin.Post.objects.count() == 0

    work()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and batch.rows_total == 30
    assert importjobs.progress_of(batch) == (30, 30)
    done = client.get(response.url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == response.url  # htmx then loads the whole page: the preview
    page = client.get(response.url).content.decode()
    assert "30 to create, 0 to update, 0 unchanged" in page and 'id="commit"' in page
    assert fin.Post.objects.count() == 0  # a preview writes nothing

    committing = client.post(url, {"batch": batch.pk})
    assert committing.status_code == 302 and committing.url == response.url
    assert "in the background" in client.get(committing.url).content.decode()
    again = client.post(url, {"batch": batch.pk}, follow=True)  # a second click queues nothing
    assert "already being committed" in again.content.decode()
    assert DBTaskResult.objects.filter(task_path=importjobs.commit_import.module_path).count() == 1

    work()
    finished = client.get(committing.url)
    assert finished.status_code == 302 and finished.url == reverse("finance:post_list")
    assert fin.Post.objects.count() == 30
    assert ObjectChange.objects.filter(import_batch=batch).count() == 30  # history, row by row
    assert ImportBatch.objects.get().status == ImportBatch.Status.COMMITTED


def test_a_refused_large_file_reports_its_errors_with_their_rows(posts_csv: Any, client_for: Any) -> None:
    client = client_for("analyst")
    url = reverse("finance:post_import")
    content = posts_csv(*["1"] * 20, "-1", "2")
    response = client.post(url, {"file": SimpleUploadedFile("posts.csv", content)})
    work()
    page = client.get(response.url).content.decode()
    assert "Row 22:" in page and "cannot be negative" in page and 'id="id_file"' in page
    assert ImportBatch.objects.get().status == ImportBatch.Status.REFUSED
    assert fin.Post.objects.count() == 0


def test_a_commit_that_fails_half_way_writes_nothing_and_says_why(
    posts_csv: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("analyst")
    url = reverse("finance:post_import")
    response = client.post(url, {"file": SimpleUploadedFile("posts.csv", posts_csv(*["1"] * 25))})
    work()
    batch = ImportBatch.objects.get()
    client.post(url, {"batch": batch.pk})
    service = type(importing.registry.by_label("finance.post").service)
    original, calls = service.create, []

    def create_then_fail(self: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 10:
            raise RuntimeError("disk full")
        return original(self, **kwargs)

    monkeypatch.setattr(service, "create", create_then_fail)
    work()
    assert len(calls) == 10 and fin.Post.objects.count() == 0  # the nine rows before were undone
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED
    assert DBTaskResult.objects.get(pk=batch.task_id).status == "FAILED"
    page = client.get(response.url).content.decode()
    assert "The import stopped with an error; nothing was written: RuntimeError: disk full" in page


def test_a_stuck_check_is_reaped_and_its_batch_refused(
    posts_csv: Any, client_for: Any, settings: Any
) -> None:
    client = client_for("analyst")
    response = client.post(
        reverse("finance:post_import"), {"file": SimpleUploadedFile("posts.csv", posts_csv(*["1"] * 20))}
    )
    batch = ImportBatch.objects.get()
    # Its worker was killed while checking the file.
    DBTaskResult.objects.filter(pk=batch.task_id).update(
        status="RUNNING",
        started_at=timezone.now() - settings.LODESTAR_TASK_TIMEOUT - timedelta(minutes=1),
        worker_ids=["gone-1"],
    )
    assert tasks.reap_stuck() == 1
    page = client.get(response.url).content.decode()
    assert "The import stopped with an error" in page and "TaskStuck" in page
    assert ImportBatch.objects.get().status == ImportBatch.Status.REFUSED


def test_progress_is_reported_while_the_rows_are_checked(
    posts_csv: Any, users: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []
    report = importjobs._reporter

    def recording(batch_id: int) -> Any:
        inner = report(batch_id)

        def both(done: int, total: int) -> None:
            # What another process would read from the shared cache at that moment.
            inner(done, total)
            seen.append(cache.get(f"lodestar:import-progress:{batch_id}"))

        return both

    monkeypatch.setattr(importjobs, "_reporter", recording)
    registration = importing.registry.by_label("finance.post")
    batch = importjobs.queue_check(
        registration, content=posts_csv(*["1"] * 250), filename="posts.csv", user=users["analyst"]
    )
    work()
    assert [tuple(s) for s in seen] == [(0, 250), (0, 250), (100, 250), (200, 250), (250, 250)]
    assert ImportBatch.objects.get(pk=batch.pk).rows_total == 250


def test_the_api_answers_202_and_a_url_to_poll_for_the_preview_and_the_commit(
    posts_csv: Any, users: dict, tmp_path: Path
) -> None:
    api = APIClient()
    api.force_authenticate(users["analyst"])
    upload = SimpleUploadedFile("posts.csv", posts_csv(*["4"] * 12))
    queued = api.post("/api/finance/post/import/", {"file": upload}, format="multipart")
    assert queued.status_code == 202, queued.content
    body = queued.json()
    assert body["status"] == "checking" and body["url"].endswith(f"/api/finance/post/import/{body['batch']}/")
    polled = api.get(body["url"]).json()
    assert polled["status"] == "checking" and "rows_done" in polled
    work()
    preview = api.get(body["url"]).json()
    assert preview["status"] == "preview" and preview["created"] == 12 and len(preview["rows"]) == 12
    commit = api.post(f"/api/finance/post/import/{body['batch']}/commit/")
    assert commit.status_code == 202 and commit.json()["status"] == "committing"
    assert api.post(f"/api/finance/post/import/{body['batch']}/commit/").status_code == 409
    work()
    done = api.get(body["url"]).json()
    assert done["status"] == "committed" and done["created"] == 12
    assert fin.Post.objects.count() == 12
    other = APIClient()
    other.force_authenticate(users["focal_a"])
    assert other.get(body["url"]).status_code in (403, 404)  # another person's batch is not theirs
