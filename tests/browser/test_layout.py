"""Layout in a real Chromium: at 1366 px the navigation bar stays on one line (in English and in
Russian, whose words are the longest) and no page is wider than the screen; on a 390 px phone a wide
table scrolls inside its own box, never the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.finance.models import BudgetSection
from lodestar.org.models import Entity

from ..conftest import grant
from ..reference_snapshot import reference_data
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# Every table wider than its box must sit in a box that scrolls it (overflow-x auto or scroll).
UNBOXED = """() => [...document.querySelectorAll('main table')].filter(t => {
    if (t.scrollWidth <= t.parentElement.clientWidth) return false;
    for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if (o === 'auto' || o === 'scroll') return false;
    }
    return true;
}).length"""


def test_pages_fit_a_laptop_and_a_phone(live_server: Any, browser: Any) -> None:
    reference_data()
    root = Entity.objects.get(code="UN")
    user = get_user_model().objects.create_user("analyst", password="analyst-pw-1")
    grant(user, p.CENTRAL_ANALYST, root)
    section = BudgetSection.objects.get(symbol="A/78/6 (Sect. 29C)")
    base = live_server.url
    pages = [
        "/",
        f"/finance/budgetsection/{section.pk}/",
        "/oversight/recommendation/",
        "/documents/table/A/78/6 (Sect. 29C)/29C.13/",
        "/oversight/",
        "/portfolio/",
    ]
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(30000)
        login(page, base, "analyst", "analyst-pw-1")
        for language in ("en", "ru"):
            # The language chooser sits in the collapsed menu on a phone: set the choice it stores.
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for path in pages:
                response = page.goto(base + path)
                assert response is not None and response.status == 200, path
                assert page.evaluate("() => document.documentElement.lang") == language
                assert page.evaluate(OVERFLOW) <= 0, (
                    f"{path} at {width} px in {language} is wider than the screen"
                )
                assert page.evaluate(UNBOXED) == 0, (
                    f"{path} at {width} px: a wide table without its own scroll"
                )
            if width >= 1200:
                page.goto(base + "/")
                # One line: the bar is as tall as its brand and one row of links.
                height_of_bar = page.evaluate("() => document.querySelector('nav.navbar').offsetHeight")
                assert height_of_bar <= 64, f"the navigation bar wraps in {language}: {height_of_bar} px"
        context.close()
