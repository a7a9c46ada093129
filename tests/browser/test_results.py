"""The responsible unit enters a year's actual value of a performance measure on the results page
and sees the measure's table change — in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.results.models import Observation

from ..conftest import grant, make_entity
from ..results.factories import indicator
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_an_actual_value_and_see_the_table_change(live_server: Any, page: Any) -> None:
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    measure = indicator(oict, 1)
    plan = measure.result.component.plan
    user = get_user_model().objects.create_user("focal", password="focal-pw-1")
    grant(user, p.FOCAL_POINT, oict)
    base = live_server.url

    login(page, base, "focal", "focal-pw-1")
    page.goto(f"{base}/results/plan/{plan.pk}/results/")
    table = page.locator(f"table.measure[data-indicator='{measure.code}']")
    assert table.locator("tr[data-year='2023']").count() == 0

    page.select_option("#id_indicator", str(measure.pk))
    page.fill("#id_year", "2023")
    page.fill("#id_value", "4321")
    page.select_option("#id_met", "yes")
    page.click("#actual-form button[type=submit]")
    page.wait_for_selector(f"table.measure[data-indicator='{measure.code}'] tr[data-year='2023']")

    row = table.locator("tr.obs-actual[data-year='2023']")
    assert "4,321" in row.inner_text()  # grouped as English writes it
    assert "Met" in row.inner_text()
    assert page.locator(".alert-success").count() == 1
    assert page.locator("table.bar-chart", has_text="4,321").count() == 1
    assert Observation.objects.get(indicator=measure, year=2023, kind="actual").value == 4321
