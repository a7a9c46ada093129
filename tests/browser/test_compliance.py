"""A self-certification in a real Chromium: the analyst sees no complete return; a focal point
answers the control with its evidence and submits; the analyst sees the completeness move, and the
entity's compliance profile says it is certified. Then the same page right-to-left in Arabic."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.campaigns import services as campaigns
from lodestar.campaigns.models import Campaign
from lodestar.compliance import services
from lodestar.core import permissions as p
from lodestar.core.registry import registry

from ..compliance.factories import instrument
from ..conftest import grant, make_entity
from .test_foundation import login, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_a_focal_point_certifies_and_the_analyst_sees_completeness_move(
    live_server: Any, page: Any, browser: Any
) -> None:
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root, location_class="hq")
    dm = make_entity("DM", root, location_class="hq")
    User = get_user_model()
    analyst = User.objects.create_user("analyst", password="analyst-pw-1")
    grant(analyst, p.CENTRAL_ANALYST, root)
    focal = User.objects.create_user("focal", password="focal-pw-1")
    grant(focal, p.FOCAL_POINT, desa)
    today = datetime.date.today()
    campaign = registry[Campaign].service.create(
        data={
            "code": "SC-2026",
            "kind": "self_certification",
            "name": {"en": "Self-certification 2026"},
            "entity": root,
            "opens": today - datetime.timedelta(days=3),
            "deadline": today + datetime.timedelta(days=30),
            "scope_entities": [desa, dm],
        },
        user=analyst,
    )
    services.add_control(
        campaign,
        instrument=instrument(root, 1),
        code="C1",
        text={"en": "User access permissions are reviewed every quarter"},
        user=analyst,
    )
    campaigns.launch(campaign, user=analyst)
    base = live_server.url

    desk = browser.new_context(locale="en-GB").new_page()
    desk.set_default_timeout(15000)
    login(desk, base, "analyst", "analyst-pw-1")
    desk.goto(f"{base}/compliance/")
    row = "#certification tr[data-campaign=SC-2026]"
    assert desk.inner_text(f"{row} .complete") == "0"
    assert desk.inner_text(f"{row} .asked") == "2"

    # The focal point of DESA answers the control, gives the evidence and submits.
    login(page, base, "focal", "focal-pw-1")
    assignment = campaign.assignments.get(entity=desa)
    page.goto(f"{base}/campaigns/a/{assignment.pk}/")
    assert "User access permissions are reviewed every quarter" in page.inner_text("#answers-form")
    page.select_option("#q-C1", "compliant")
    page.fill("#q-C1-evidence", "Access review minutes of 31 March, signed by the CIO")
    click(page, "#answers-form button[type=submit]")
    click(page, "#submit-form button")
    assert page.get_attribute("#assignment-state", "data-state") == "submitted"

    # The analyst sees the completeness move: 1 of 2 = 50 %.
    desk.reload()
    assert desk.inner_text(f"{row} .complete") == "1"
    assert desk.inner_text(f"{row} .completeness") == "50"
    desk.goto(f"{base}/compliance/entity/{desa.pk}/")
    assert desk.get_attribute("#certification", "data-state") == "complete"
    desk.goto(f"{base}/compliance/entity/{dm.pk}/")
    assert desk.get_attribute("#certification", "data-state") == "not_answered"

    # The dashboard reads right to left in Arabic.
    switch_language(desk, "ar")
    desk.goto(f"{base}/compliance/")
    assert desk.get_attribute("html", "dir") == "rtl"
    assert desk.inner_text(f"{row} .complete") == "1"
