"""A data call in a real Chromium: the analyst launches it to three entities; a focal point uploads
a spreadsheet with two bad cells, sees them named, fixes them and submits; the analyst returns it
once, then accepts; the entity's inventory and the completeness view show it; a late entity is
chased."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from lodestar.campaigns.models import Campaign, CampaignItem, Reminder
from lodestar.core import permissions as p
from lodestar.core.registry import registry
from lodestar.inventory.models import Application

from ..campaigns.test_campaigns import apps_csv
from ..conftest import grant, make_entity
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def upload(page: Any, content: bytes) -> None:
    page.set_input_files(
        "section[data-section=apps] input[type=file]",
        files=[{"name": "applications.csv", "mimeType": "text/csv", "buffer": content}],
    )
    click(page, "section[data-section=apps] .upload-form button[type=submit]")


def test_a_data_call_from_launch_to_acceptance(live_server: Any, page: Any, browser: Any) -> None:
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root, location_class="hq")
    dm = make_entity("DM", root, location_class="hq")
    eca = make_entity("ECA", root, kind="regional_commission", location_class="offices_away")
    User = get_user_model()
    analyst = User.objects.create_user("analyst", password="analyst-pw-1")
    grant(analyst, p.CENTRAL_ANALYST, root)
    focal = User.objects.create_user("focal", password="focal-pw-1", email="focal@desa.un.org")
    grant(focal, p.FOCAL_POINT, desa)
    dm_focal = User.objects.create_user("dm-focal", password="dm-pw-1", email="focal@dm.un.org")
    grant(dm_focal, p.FOCAL_POINT, dm)
    today = datetime.date.today()
    campaign = registry[Campaign].service.create(
        data={
            "code": "DC-2026",
            "name": {"en": "ICT inventory data call 2026"},
            "instructions": {"en": "List every application your entity runs."},
            "entity": root,
            "opens": today - datetime.timedelta(days=30),
            "deadline": today - datetime.timedelta(days=1),
            "scope_entities": [desa, dm, eca],
        },
        user=analyst,
    )
    for order, code, kind, label, list_label in (
        (1, "desks", "number", "How many service desks does your entity run?", ""),
        (2, "apps", "section", "Applications", "inventory.application"),
    ):
        registry[CampaignItem].service.create(
            data={
                "campaign": campaign,
                "order": order,
                "code": code,
                "kind": kind,
                "label": {"en": label},
                "list_label": list_label,
            },
            user=analyst,
        )
    base = live_server.url
    campaign_url = f"{base}/campaigns/c/{campaign.pk}/"

    # The analyst launches the data call to the three entities.
    analyst_context = browser.new_context(locale="en-GB")
    desk = analyst_context.new_page()
    desk.set_default_timeout(15000)
    login(desk, base, "analyst", "analyst-pw-1")
    desk.goto(campaign_url)
    assert "Launch to 3 entities" in desk.inner_text("#launch-form")
    click(desk, "#launch-form button")
    assert desk.inner_text("#campaign-status") == "Open"
    assert desk.get_attribute("#completeness", "data-total") == "3"

    # The focal point of DESA sees what is asked and when it was due.
    login(page, base, "focal", "focal-pw-1")
    page.goto(f"{base}/campaigns/")
    assert "late" in page.inner_text("#asked")
    click(page, "#asked a")
    assert "List every application your entity runs." in page.inner_text("#instructions")

    # A spreadsheet with two bad cells: both are named by row and column; nothing is kept as records.
    upload(page, apps_csv("DESA", ("DESA-UMOJA", "worldwide", "4"), ("DESA-STATS", "local", "a day")))
    problems = page.locator("section[data-section=apps] ul.problems li").all_inner_texts()
    assert len(problems) == 2
    assert problems[0].startswith("Row 2: column scope") and problems[1].startswith("Row 3: column rto_hours")
    assert page.is_disabled("#submit-form button")
    upload(page, apps_csv("DESA", ("DESA-UMOJA", "enterprise", "4"), ("DESA-STATS", "local", "24")))
    assert page.locator("section[data-section=apps] .section-valid").count() == 1
    page.fill("#q-desks", "2")
    click(page, "#answers-form button[type=submit]")
    click(page, "#submit-form button")
    assert page.get_attribute("#assignment-state", "data-state") == "submitted"
    assert not Application.objects.exists()
    assignment = campaign.assignments.get(entity=desa)

    # The analyst returns it once with a reason.
    desk.goto(f"{base}/campaigns/a/{assignment.pk}/")
    desk.fill("#return-form input[name=reason]", "Give the RTO of the statistics system in hours.")
    click(desk, "#return-form button")
    assert desk.get_attribute("#assignment-state", "data-state") == "returned"

    # The focal point reads why, resubmits; the analyst accepts.
    page.reload()
    assert "Give the RTO of the statistics system in hours." in page.inner_text("#return-reason")
    click(page, "#submit-form button")
    desk.goto(f"{base}/campaigns/a/{assignment.pk}/")
    click(desk, "#accept-form button")
    assert desk.get_attribute("#assignment-state", "data-state") == "accepted"

    # The applications are DESA's records now, on its inventory page.
    page.goto(f"{base}/inventory/entity/{desa.pk}/")
    assert page.inner_text("[data-list=application]") == "2"
    assert page.locator("#applications tr[data-code=DESA-UMOJA]").count() == 1

    # Completeness: 1 of 3 submitted and accepted; DM and ECA are late and on the chase list.
    desk.goto(campaign_url)
    assert "1 of 3 entities submitted, 1 of them accepted." in desk.inner_text("#completeness")
    assert desk.get_attribute("#completeness", "data-late") == "2"
    assert desk.locator("#chase tr[data-entity]").count() == 2
    mail.outbox.clear()
    click(desk, "#chase tr[data-entity=DM] button")
    assert "A reminder was sent to the focal points of DM." in desk.inner_text(".alert-success")
    assert Reminder.objects.filter(assignment__entity=dm, kind="chase").count() == 1
    assert [m.to for m in mail.outbox] == [["focal@dm.un.org"]]
    analyst_context.close()
