"""The dashboards' charts in a real Chromium under the real Content-Security-Policy: vega-embed
(from the vl-convert-python bundle, a static file) draws SVG marks with no 'unsafe-eval' and no
policy violation, and a bar opens the list filtered to exactly the count it shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p

from ..conftest import grant, make_entity
from ..portfolio.test_dashboard import portfolio_project
from .test_content_security_policy import RECORD_VIOLATIONS
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drawn(page: Any, spec_id: str) -> Any:
    holder = page.locator(f'[data-chart="{spec_id}"]')
    page.wait_for_selector(
        f'[data-chart="{spec_id}"][data-chart-ready], [data-chart="{spec_id}"][data-chart-error]'
    )
    assert holder.get_attribute("data-chart-error") is None, holder.get_attribute("data-chart-error")
    return holder


def test_portfolio_chart_draws_under_the_csp_and_a_bar_opens_its_list(live_server: Any, page: Any) -> None:
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root, location_class="hq")
    for n in range(3):
        portfolio_project(desa, n)
    user = get_user_model().objects.create_user("analyst", password="analyst-pw-1")
    grant(user, p.CENTRAL_ANALYST, root)
    base = live_server.url
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    login(page, base, "analyst", "analyst-pw-1")

    page.goto(f"{base}/portfolio/")
    holder = _drawn(page, "health-chart-spec")
    bars = holder.locator("svg path[role='graphics-symbol'], svg .mark-rect path")
    assert bars.count() >= 1
    _drawn(page, "progress-chart-spec")
    assert holder.locator("svg").count() == 1
    assert page.evaluate("window.__cspViolations") == [], page.evaluate("window.__cspViolations")
    assert not [m for m in console if "Content Security Policy" in m or "unsafe-eval" in m], console

    # The count badge and the bar for the same health open the same list, of exactly that count.
    badge = page.locator("#health-counts [data-health-count='red'] a.count-link")
    count = int(badge.inner_text())
    assert count == 3  # each declares 100 % with one of two milestones accepted
    with page.expect_navigation():
        holder.locator("svg .mark-rect path").nth(2).click()  # green, amber, red: the third bar
    assert "health_now=red" in page.url
    assert page.locator("table tbody tr").count() == count
