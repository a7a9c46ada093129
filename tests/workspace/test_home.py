"""Home pages by role: each role starts from what it looks after; the table directory stays."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.oversight.models import Addressee

from .test_inbox import draft, login, recommendation, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(tree: dict) -> Any:
    return recommendation(
        tree["a"], 1, report=report(tree["root"], 1), original_target_date=datetime.date(2019, 12, 31)
    )


def home(user: Any) -> str:
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_focal_point_sees_what_is_asked_of_the_entity_and_what_is_late(late: Any, users: dict) -> None:
    page = home(users["focal_a"])
    assert 'id="home-entity"' in page and 'id="late-count"' in page
    assert reverse("oversight:recommendation_page", args=[late.pk]) in page
    assert 'id="home-queues"' not in page and 'id="home-validate"' not in page
    # DM's focal point has nothing late: the DESA recommendation is not addressed to DM.
    assert reverse("oversight:recommendation_page", args=[late.pk]) not in home(users["focal_b"])


def test_the_analyst_sees_the_queues_and_the_reviewer_what_awaits_validation(
    late: Any, users: dict, tree: dict
) -> None:
    update = draft(users["focal_a"], Addressee.objects.get(recommendation=late, entity=tree["a"]))
    login(users["focal_a"]).post(reverse("oversight:workflow", args=[update.pk, "propose"]))
    page = home(users["analyst"])
    assert 'data-queue="update_review">1<' in page and 'id="open-campaigns"' in page
    login(users["analyst"]).post(reverse("oversight:workflow", args=[update.pk, "review"]))
    page = home(users["reviewer"])
    assert 'id="home-validate"' in page and str(late) in page
    assert 'data-queue="update_review">0<' in home(users["analyst"])


def test_the_reader_sees_dashboards_and_documents_and_the_directory_stays(users: dict, tree: dict) -> None:
    page = home(users["reader"])
    assert 'id="home-dashboards"' in page and 'id="home-documents"' in page
    assert reverse("oversight:dashboard") in page and reverse("directory") in page
    directory = login(users["reader"]).get(reverse("directory")).content.decode()
    assert "badge text-bg-secondary" in directory  # the table counts


def test_the_home_page_takes_the_same_queries_whatever_the_number_of_items(
    late: Any, users: dict, tree: dict
) -> None:
    client = login(users["focal_a"])
    addressee = Addressee.objects.get(recommendation=late, entity=tree["a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home"))
        return len(captured)

    draft(users["focal_a"], addressee)
    few = queries()
    for n in range(4):
        draft(users["focal_a"], addressee, as_of=datetime.date(2024, 3, 1 + n))
        recommendation(tree["a"], 10 + n, report=late.report)
    assert queries() == few
