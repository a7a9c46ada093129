"""My work in a real Chromium: each person starts from the home page, sees the count of what
waits for them, takes the step from the inbox, and sees the count change — the three steps of an
oversight status update (focal point, analyst, reviewer), and a milestone (manager, analyst)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.core.registry import registry
from lodestar.oversight.models import Addressee, StatusUpdate
from lodestar.portfolio import models as prj

from ..conftest import grant, make_entity
from ..oversight.factories import recommendation
from ..portfolio.factories import create, project
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(name: str, role: str, entity: Any) -> None:
    user = get_user_model().objects.create_user(name, password=f"{name}-pw-1", email=f"{name}@example.org")
    grant(user, role, entity)


def _as(browser: Any, base: str, name: str) -> Any:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, base, name, f"{name}-pw-1")
    return page


def _count(page: Any) -> int:
    return int(page.locator("#inbox-count").inner_text())


def _take_step(page: Any, kind: str, selector: str = "button[type=submit]") -> None:
    """From the home page, open My work and take the step of the row of ``kind``."""
    with page.expect_navigation():
        page.click("#nav-inbox")
    row = page.locator(f"#inbox tbody tr[data-kind='{kind}']")
    assert row.count() == 1
    with page.expect_navigation():
        row.locator(selector).last.click()
    assert page.url.endswith("/workspace/")  # back in the inbox


def test_an_update_goes_from_inbox_to_inbox(live_server: Any, browser: Any) -> None:
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    rec = recommendation(oict, 1)
    _user("focal", p.FOCAL_POINT, oict)
    _user("analyst", p.CENTRAL_ANALYST, root)
    _user("reviewer", p.OVERSIGHT_REVIEWER, root)
    focal_user = get_user_model().objects.get(username="focal")
    registry[StatusUpdate].service.create(
        data={
            "addressee": Addressee.objects.get(recommendation=rec, entity=oict),
            "as_of": datetime.date(2024, 1, 31),
            "reported_status": "implemented",
            "evidence_link": "https://example.org/policy.pdf",
        },
        user=focal_user,
    )
    base = live_server.url

    focal = _as(browser, base, "focal")
    assert _count(focal) == 1 and focal.locator("#home-work [data-kind='update_propose']").count() == 1
    _take_step(focal, "update_propose")
    assert _count(focal) == 0 and "Nothing waits for you" in focal.locator("#inbox").inner_text()

    analyst = _as(browser, base, "analyst")
    assert _count(analyst) == 1
    assert analyst.locator("#home-queues [data-queue='update_review']").inner_text() == "1"
    _take_step(analyst, "update_review")
    assert _count(analyst) == 0

    reviewer = _as(browser, base, "reviewer")
    assert _count(reviewer) == 1 and reviewer.locator("#home-validate").count() == 1
    with reviewer.expect_navigation():
        reviewer.click("#nav-inbox")
    row = reviewer.locator("#inbox tbody tr[data-kind='update_validate']")
    row.locator("select[name=assessed_status]").select_option("implemented")
    with reviewer.expect_navigation():
        row.locator("button[type=submit]").click()
    assert _count(reviewer) == 0
    assert StatusUpdate.objects.get().state == StatusUpdate.State.VALIDATED
    # The focal point was told: the notification counts in the bar and links to the record.
    focal.reload()
    assert focal.locator("#unread-count").inner_text() == "1"


def test_a_milestone_goes_from_the_manager_to_the_analyst(live_server: Any, browser: Any) -> None:
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    owner = project(oict, 1)
    milestone = create(
        prj.Milestone,
        project=owner,
        name={"en": "Go-live"},
        baseline_due=datetime.date(2020, 6, 30),
        evidence_link="https://example.org/go-live.pdf",
    )
    _user("manager", p.PROJECT_MANAGER, oict)
    _user("analyst", p.CENTRAL_ANALYST, root)
    base = live_server.url

    manager = _as(browser, base, "manager")
    assert _count(manager) == 1
    _take_step(manager, "milestone_submit")
    assert _count(manager) == 0

    analyst = _as(browser, base, "analyst")
    assert _count(analyst) == 1
    _take_step(analyst, "milestone_accept")
    assert _count(analyst) == 0
    assert prj.Milestone.objects.get(pk=milestone.pk).status == prj.Milestone.Status.ACCEPTED
