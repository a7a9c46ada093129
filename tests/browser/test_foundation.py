"""A person logs in, switches to Arabic and Chinese, browses the entity tree, edits a governance
body and sees the change in its history — in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p

from ..conftest import grant, make_entity
from ..factories import body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def switch_language(page: Any, code: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-form select[name=language]", code)


def test_languages_tree_and_governance_body_history(live_server: Any, page: Any) -> None:
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root, location_class="hq")
    make_entity("DESA-STAT", desa, kind="division")
    board = body(root, 1)
    user = get_user_model().objects.create_user("analyst", password="analyst-pw-1")
    grant(user, p.CENTRAL_ANALYST, root)
    base = live_server.url

    login(page, base, "analyst", "analyst-pw-1")

    switch_language(page, "ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert "bootstrap.rtl" in page.inner_html("head")

    switch_language(page, "zh-hans")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute("html", "lang") == "zh-hans"

    page.goto(f"{base}/org/tree/")
    assert page.locator("#entity-tree li", has_text="DESA-STAT").count() == 1
    # The division is indented deeper than its department.
    depth = page.locator("#entity-tree li", has_text="DESA-STAT").get_attribute("style")
    assert "--depth: 2" in depth

    switch_language(page, "en")
    page.goto(f"{base}{board.get_absolute_url()}")
    page.click("text=Edit")
    page.fill("#id_acronym", "ICTB-EDITED")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_url(f"{base}{board.get_absolute_url()}")
    page.click("text=History")
    history = page.locator("table.history-diff")
    assert history.locator("td.after", has_text="ICTB-EDITED").count() == 1
    assert history.locator("text=analyst").count() >= 1
