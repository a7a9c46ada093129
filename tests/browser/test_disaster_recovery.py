"""A DR test recorded in a real Chromium moves the readiness figure of the DR page: a focal point
records a passed technical test of a documented plan, and the list's tested share goes from 0 to
100 %; the page also works right to left."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.inventory import models as inv

from ..conftest import grant, make_entity
from ..inventory.factories import create
from .test_foundation import login, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recording_a_dr_test_moves_readiness(live_server: Any, page: Any) -> None:
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    app = create(inv.Application, entity=oict, code="UMOJA", name={"en": "Umoja"}, scope="enterprise")
    critical = create(inv.CriticalList, entity=oict, code="CRIT", name={"en": "Critical applications"})
    member = create(
        inv.CriticalApplication, entity=oict, critical_list=critical, application=app, duty_station="New York"
    )
    plan = create(inv.DrPlan, application=member, plan_version="2", documented=True)
    focal = get_user_model().objects.create_user("focal", password="focal-pw-1")
    grant(focal, p.FOCAL_POINT, oict)
    base = live_server.url
    login(page, base, "focal", "focal-pw-1")

    page.goto(f"{base}/inventory/dr/")
    row = "#dr-lists tr[data-list=CRIT]"
    assert page.inner_text(f"{row} .readiness-documented").strip() == "1 (100 %)"
    assert page.inner_text(f"{row} .readiness-tested").strip() == "0 (0 %)"

    with page.expect_navigation():
        page.click("#record-dr-test")
    page.select_option("#id_plan", str(plan.pk))
    page.fill("#id_date", (datetime.date.today() - datetime.timedelta(days=10)).isoformat())
    page.select_option("#id_kind", "technical")
    page.select_option("#id_result", "passed")
    page.fill("#id_evidence", "Failover report 2026-11")
    with page.expect_navigation():
        page.click("form.col-lg-8 button[type=submit]")
    assert inv.DrTest.objects.filter(plan=plan, result="passed").count() == 1

    page.goto(f"{base}/inventory/dr/")
    assert page.inner_text(f"{row} .readiness-tested").strip() == "1 (100 %)"
    assert page.inner_text(f"{row} .readiness-exercised").strip() == "0 (0 %)"

    switch_language(page, "ar")
    page.goto(f"{base}/inventory/dr/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator(f"{row} .readiness-tested").count() == 1
