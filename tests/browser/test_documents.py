"""Issuing and reading documents in a real Chromium: a central analyst issues the Arabic version of a
document from its page; a reader finds it on the documents page and downloads the issued Arabic PDF,
whose bytes are the ones kept at issue."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.core import tasks
from lodestar.documents.models import Document, DraftRendering, IssuedFile, LanguageVersion

from ..conftest import grant, make_entity
from ..documents.factories import create
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_issues_arabic_and_a_reader_downloads_it(live_server: Any, browser: Any) -> None:
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root)
    record = create(
        Document,
        symbol="A/79/99",
        document_type="follow_up_annex",
        title={"en": "Follow-up of recommendations", "ar": "متابعة التوصيات"},
        organ={"en": "General Assembly", "ar": "الجمعية العامة"},
        entity=root,
    )
    create(LanguageVersion, document=record, language="ar", job_number="24-00001")
    User = get_user_model()
    analyst = User.objects.create_user("analyst", password="analyst-pw-1")
    grant(analyst, p.CENTRAL_ANALYST, root)
    reader = User.objects.create_user("reader", password="reader-pw-1")
    grant(reader, p.READER, desa)  # a reader in a department reads the organisation's documents

    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    login(page, live_server.url, "analyst", "analyst-pw-1")
    page.goto(f"{live_server.url}/documents/d/{record.pk}/")
    with page.expect_navigation():  # the language picker submits itself (lodestar.js, not inline script)
        page.select_option("#doc-lang", "ar")
    assert "lang=ar" in page.url
    with page.expect_navigation():
        page.click("#issue-button")
    assert page.locator('.issue-task[data-lang="ar"]').count() == 1  # queued for the worker
    # The worker (a thread here, as in ./lodestar demo) renders every format; htmx polls the task
    # and reloads the page when it is done.
    worker = tasks.run_worker(in_thread=True, interval=0.2)
    try:
        page.wait_for_selector('#issued tr[data-lang="ar"]', timeout=180000)
    finally:
        assert worker is not None and worker.stop(timeout=60)
    assert page.locator('.issue-task[data-lang="ar"][data-status="SUCCESSFUL"]').count() == 1
    context.close()

    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    login(page, live_server.url, "reader", "reader-pw-1")
    page.goto(f"{live_server.url}/documents/")
    link = page.locator('.issued[data-lang="ar"] a', has_text="PDF")
    with page.expect_download() as download_info:
        link.click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    stored = IssuedFile.objects.get(issue__document=record, issue__language="ar", format="pdf")
    assert hashlib.sha256(content).hexdigest() == stored.sha256
    assert page.locator("#issue-button").count() == 0  # readers have no issue action
    context.close()


def test_a_format_button_prepares_the_file_in_the_background_then_downloads_it(
    live_server: Any, browser: Any
) -> None:
    root = make_entity("UN", kind="organisation")
    record = create(
        Document,
        symbol="A/79/95",
        document_type="follow_up_annex",
        title={"en": "Follow-up of recommendations"},
        entity=root,
    )
    User = get_user_model()
    reader = User.objects.create_user("reader", password="reader-pw-1")
    grant(reader, p.READER, root)
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    login(page, live_server.url, "reader", "reader-pw-1")
    page.goto(f"{live_server.url}/documents/d/{record.pk}/?lang=en")
    with page.expect_navigation():
        page.locator("#downloads a", has_text="PDF").click()
    assert page.locator('#draft[data-status="READY"]').count() == 1  # queued for the worker
    assert "being prepared" in page.locator("#draft").inner_text()
    # The worker renders it; htmx follows the draft and, once it is done, the file comes by itself.
    with page.expect_download(timeout=180000) as download_info:
        worker = tasks.run_worker(in_thread=True, interval=0.2)
    try:
        content = Path(download_info.value.path()).read_bytes()
    finally:
        assert worker is not None and worker.stop(timeout=60)
    assert content.startswith(b"%PDF")
    draft = DraftRendering.objects.get(document=record, format="pdf", requested_by=reader)
    assert hashlib.sha256(content).hexdigest() == draft.sha256
    assert page.locator('#draft[data-status="SUCCESSFUL"] #draft-download').count() == 1
    # The page's preview frame had queued the HTML too: the worker rendered it, the frame shows it.
    page.goto(f"{live_server.url}/documents/d/{record.pk}/?lang=en")
    preview = page.frame_locator("iframe")
    assert "Follow-up of recommendations" in preview.locator("header.cover h1").inner_text()
    context.close()
