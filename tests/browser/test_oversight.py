"""Closing an oversight recommendation takes three people, in a real Chromium: the entity's focal
point proposes "implemented" with evidence, a central analyst reviews, an oversight reviewer sends
it back once with a reason and then validates it with the assessed status."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.oversight.models import StatusUpdate

from ..conftest import grant, make_entity
from ..oversight.factories import recommendation
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(name: str, role: str, entity: Any) -> None:
    user = get_user_model().objects.create_user(name, password=f"{name}-pw-1")
    grant(user, role, entity)


def _as(browser: Any, base: str, name: str) -> Any:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, base, name, f"{name}-pw-1")
    return page


def _click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_three_people_close_a_recommendation(live_server: Any, browser: Any) -> None:
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    other = make_entity("DESA", root, location_class="hq")
    rec = recommendation(oict, 1)
    _user("focal", p.FOCAL_POINT, oict)
    _user("outsider", p.FOCAL_POINT, other)
    _user("analyst", p.CENTRAL_ANALYST, root)
    _user("reviewer", p.OVERSIGHT_REVIEWER, root)
    base = live_server.url
    url = f"{base}/oversight/r/{rec.pk}/"

    # 1. The focal point reports "implemented" with evidence, as a draft, then proposes it.
    focal = _as(browser, base, "focal")
    focal.goto(url)
    assert focal.locator("#status-reported").inner_text() == "Not yet reported"
    focal.select_option("#id_reported_status", "implemented")
    focal.fill("#id_comment", "Policy issued")
    focal.fill("#id_evidence_link", "https://example.org/policy.pdf")
    _click(focal, "#update-form button[type=submit]")
    row = focal.locator("#timeline tbody tr[data-state='draft']")
    assert row.count() == 1 and "Policy issued" in row.inner_text()

    # The draft is invisible to another entity's focal point (the recommendation itself too).
    outsider = _as(browser, base, "outsider")
    assert outsider.goto(url).status == 404

    _click(focal, "#timeline form.workflow-propose button")
    assert focal.locator("#timeline tbody tr[data-state='proposed']").count() == 1
    assert focal.locator("#timeline form.workflow-review").count() == 0  # not for the proposer

    # 2. The central analyst reviews; there is no validate button for them.
    analyst = _as(browser, base, "analyst")
    analyst.goto(url)
    assert analyst.locator("#timeline form.workflow-validate").count() == 0
    _click(analyst, "#timeline form.workflow-review button")
    assert analyst.locator("#timeline tbody tr[data-state='reviewed']").count() == 1

    # 3. The reviewer returns it once with a reason ...
    reviewer = _as(browser, base, "reviewer")
    reviewer.goto(url)
    reviewer.fill("#timeline form.workflow-return input[name=reason]", "The evidence link is a draft policy")
    _click(reviewer, "#timeline form.workflow-return button")
    returned = reviewer.locator("#timeline tbody tr[data-state='returned']")
    assert "The evidence link is a draft policy" in returned.inner_text()

    # ... the focal point sees the reason and proposes again, the analyst reviews again ...
    focal.goto(url)
    assert "The evidence link is a draft policy" in focal.locator("#timeline .return-reason").inner_text()
    _click(focal, "#timeline form.workflow-propose button")
    analyst.goto(url)
    _click(analyst, "#timeline form.workflow-review button")

    # ... and the reviewer validates with the status the Board assesses.
    reviewer.goto(url)
    reviewer.select_option("#timeline form.workflow-validate select[name=assessed_status]", "implemented")
    reviewer.fill("#timeline form.workflow-validate input[name=assessed_comment]", "Verified")
    _click(reviewer, "#timeline form.workflow-validate button")
    assert reviewer.locator(".alert-success").count() == 1
    assert reviewer.locator("#status-reported").get_attribute("data-status") == "implemented"
    assert reviewer.locator("#status-assessed").get_attribute("data-status") == "implemented"
    assert "Verified" in reviewer.locator("#timeline td.assessed").inner_text()

    update = StatusUpdate.objects.get()
    assert update.state == "validated" and update.validated_by.username == "reviewer"
    assert update.proposed_by.username == "focal" and update.reviewed_by.username == "analyst"
    for page in (focal, outsider, analyst, reviewer):
        page.context.close()
