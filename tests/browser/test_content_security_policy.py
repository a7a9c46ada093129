"""The main pages run in Chromium under the Content-Security-Policy without one violation: every
script is a static file, the language menu still submits, htmx adds no <style> element."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lodestar.core import permissions as p

from ..conftest import grant, make_entity
from ..factories import body
from .test_foundation import login, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded in the page before any of its own code runs; survives until the next navigation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_main_pages_run_without_a_policy_violation(live_server: Any, page: Any) -> None:
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root, location_class="hq")
    board = body(desa, 1)
    user = get_user_model().objects.create_user("analyst", password="analyst-pw-1")
    grant(user, p.CENTRAL_ANALYST, root)
    base = live_server.url
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)

    login(page, base, "analyst", "analyst-pw-1")
    visited = []
    for url in [
        reverse("home"),
        reverse("org:entity_tree"),
        reverse("org:governancebody_list"),
        reverse("org:governancebody_detail", args=[board.pk]),
        reverse("org:governancebody_edit", args=[board.pk]),
        reverse("portfolio:dashboard"),
        reverse("oversight:dashboard"),
        reverse("findings"),
        reverse("password_change"),
    ]:
        response = page.goto(base + url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert page.evaluate("window.__cspViolations") == [], url
        # Bootstrap's script ran (it is a static file): the menu's dropdowns open.
        visited.append(url)
    page.click("nav .dropdown-toggle >> nth=0")
    assert page.locator("nav .dropdown-menu.show").count() == 1
    # The language menu submits through lodestar.js, not an inline handler.
    switch_language(page, "fr")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.evaluate("window.__cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text], console
    assert len(visited) == 9
    # The recorder does see a violation: an inline script added now is refused and reported.
    with contextlib.suppress(Exception):  # Playwright may report the refused script as an error
        page.add_script_tag(content="window.__ranInline = true;")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ranInline === undefined")
    assert "script-src" in page.evaluate("window.__cspViolations")[0]
