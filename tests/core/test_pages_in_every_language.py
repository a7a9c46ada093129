"""The domain pages built outside the generic views (dashboards, a project's page, a recommendation's
page, a budget section's tables) render in every UN language, Arabic right to left, in Arabic digits
nowhere they would break the layout: one request each, status 200 and the page's own direction."""

from __future__ import annotations

from typing import Any

import pytest

from ..finance.factories import budget_fact
from ..oversight.factories import status_update
from ..portfolio.factories import milestone, status_report

LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")


@pytest.mark.django_db
def test_domain_pages_render_in_every_language(tree: dict, client_for: Any) -> None:
    update = status_update(tree["a"], 1)
    step = milestone(tree["a"], 1)
    status_report(tree["a"], 2)
    fact = budget_fact(tree["a"], 1)
    pages = [
        "/oversight/",
        f"/oversight/r/{update.addressee.recommendation_id}/",
        "/portfolio/",
        step.project.get_absolute_url(),
        fact.section.get_absolute_url(),
        "/results/",
        "/documents/",
        "/org/governance/compliance/",
        "/compliance/",
        "/compliance/security/",
        f"/compliance/entity/{tree['a'].pk}/",
        "/inventory/dr/",
        "/service/",
        "/service/tickets/upload/",
    ]
    client = client_for("analyst")
    for code in LANGUAGES:
        client.cookies["django_language"] = code
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (code, url)
            html = response.content.decode()
            assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in html, (code, url)
