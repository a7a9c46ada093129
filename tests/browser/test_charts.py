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


def test_oversight_charts_draw_a_segment_opens_its_list_and_axe_finds_nothing_serious(
    live_server: Any, browser: Any, page: Any
) -> None:
    import datetime

    from lodestar.oversight.models import StatusUpdate

    from ..oversight.factories import body, create, recommendation, report
    from .test_accessibility import RUN, SERIOUS, axe_source
    from .test_foundation import switch_language

    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    issued = report(root, 1, body=body(root, 1), date=datetime.date(2018, 7, 1))
    for n in range(3):
        rec = recommendation(oict, n, report=issued)
        if n:
            create(
                StatusUpdate,
                addressee=rec.addressees.get(),
                as_of=datetime.date(2019, 3, 1),
                reported_status="implemented",
                state="validated",
            )
    for n in range(2):
        portfolio_project(oict, n)
    user = get_user_model().objects.create_user("reviewer", password="reviewer-pw-1")
    grant(user, p.CENTRAL_ANALYST, root)
    base = live_server.url
    page.add_init_script(RECORD_VIOLATIONS)
    login(page, base, "reviewer", "reviewer-pw-1")
    page.goto(f"{base}/oversight/")
    status = _drawn(page, "status-chart-spec")
    _drawn(page, "rate-chart-spec")
    assert page.evaluate("window.__cspViolations") == []
    segments = status.locator("svg .mark-rect path")
    assert segments.count() == 2  # implemented (2) and not yet reported (1)
    with page.expect_navigation():
        segments.first.click()
    assert "current_status=implemented" in page.url and f"body={issued.body_id}" in page.url
    assert page.locator("table tbody tr").count() == 2

    # axe-core on both dashboards with their charts drawn, left-to-right and right-to-left.
    source = axe_source()
    context = browser.new_context(locale="en-GB", bypass_csp=True)  # to inject axe-core
    checker = context.new_page()
    checker.set_default_timeout(30000)
    login(checker, base, "reviewer", "reviewer-pw-1")
    found = {}
    for language in ("en", "ar"):
        if language != "en":
            switch_language(checker, language)
        for url, spec_id in (("/portfolio/", "health-chart-spec"), ("/oversight/", "status-chart-spec")):
            checker.goto(f"{base}{url}")
            _drawn(checker, spec_id)
            checker.evaluate(source)
            serious = [v for v in checker.evaluate(RUN) if v["impact"] in SERIOUS]
            if serious:
                found[f"{language} {url}"] = serious
    context.close()
    assert not found, found
