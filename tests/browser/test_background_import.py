"""A large import in a real Chromium: the page shows the progress bar, htmx follows the worker (a
thread here, as in ./lodestar demo) to the preview, the commit runs in the background too, and
the list then holds every row — in Arabic, right to left, as in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.core import tasks
from lodestar.finance import models as fin

from ..conftest import grant, make_entity
from ..finance import factories as ff
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_large_import_goes_from_progress_bar_to_preview_to_the_list(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path, language: str
) -> None:
    settings.LODESTAR_IMPORT_BACKGROUND_CELLS = 50
    root = make_entity("UN", kind="organisation")
    section, source, period = ff.section(root, 1), ff.funding_source(root, 1), ff.period(root, 1)
    analyst = get_user_model().objects.create_user("analyst", password="analyst-pw-1")
    grant(analyst, p.CENTRAL_ANALYST, root)
    lines = [
        f"{section.code},{source.code},professional,P-{n},{period.code},approved,{n % 7}" for n in range(40)
    ]
    upload = tmp_path / "posts.csv"
    upload.write_text("\n".join(["section,funding_source,category,grade,period,stage,count", *lines]) + "\n")

    context = browser.new_context(locale="ar" if language == "ar" else "en-GB")
    page = context.new_page()
    page.set_default_timeout(60000)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login(page, live_server.url, "analyst", "analyst-pw-1")
    page.goto(f"{live_server.url}/finance/post/import/")
    assert page.url.endswith("/finance/post/import/"), page.url
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.click('form[enctype="multipart/form-data"] button[type=submit]')
    assert page.locator("#import-progress .progress").count() == 1  # queued: the bar, no preview
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    worker = tasks.run_worker(in_thread=True, interval=0.2)
    try:
        page.wait_for_selector("#import-preview")  # htmx polled, then loaded the preview
        assert fin.Post.objects.count() == 0
        page.click("#commit")
        page.wait_for_url(f"{live_server.url}/finance/post/", timeout=120000)
    finally:
        assert worker is not None and worker.stop(timeout=60)
    assert fin.Post.objects.count() == 40
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    context.close()
