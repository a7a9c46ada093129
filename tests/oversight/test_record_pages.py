"""Record pages that carry their work: the status-update page shows its evidence, its steps and
the way back; the recommendation page explains its status; the list has a status column and the
filters people look for (status, addressed to my entity, past target), in constant queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core.registry import registry
from lodestar.oversight import services
from lodestar.oversight.models import Addressee, StatusUpdate

from ..conftest import login
from .factories import recommendation, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def recs(tree: dict) -> dict[str, Any]:
    shared = report(tree["root"], 1)
    return {
        "both": recommendation(tree["a"], 1, report=shared, other_entities=[tree["b"]]),
        "future": recommendation(tree["a"], 2, report=shared, original_target_date=datetime.date(2999, 1, 1)),
        "dm": recommendation(tree["b"], 3, report=shared),
    }


def validated(users: dict, addressee: Addressee, status: str) -> StatusUpdate:
    focal = users["focal_a" if addressee.entity.code == "DESA" else "focal_b"]
    data = {
        "addressee": addressee,
        "as_of": datetime.date(2024, 1, 31),
        "reported_status": status,
        "evidence_link": "https://example.org/evidence.pdf",
    }
    update = registry[StatusUpdate].service.create(data=data, user=focal)
    update = services.transition(update, services.PROPOSE, user=focal)
    update = services.transition(update, services.REVIEW, user=users["analyst"])
    return services.transition(update, services.VALIDATE, user=users["reviewer"], assessed_status=status)


def test_the_status_update_page_shows_evidence_steps_and_the_way_back(
    recs: dict, users: dict, tree: dict
) -> None:
    addressee = Addressee.objects.get(recommendation=recs["both"], entity=tree["a"])
    update = registry[StatusUpdate].service.create(
        data={"addressee": addressee, "as_of": datetime.date(2024, 1, 31), "reported_status": "implemented",
              "evidence_link": "https://example.org/proof.pdf"},
        user=users["focal_a"],
    )  # fmt: skip
    url = reverse("oversight:statusupdate_detail", args=[update.pk])
    page = login(users["focal_a"]).get(url).content.decode()
    assert "https://example.org/proof.pdf" in page
    assert reverse("oversight:workflow", args=[update.pk, "propose"]) in page
    assert 'id="back-to-recommendation"' in page
    assert reverse("oversight:recommendation_page", args=[recs["both"].pk]) in page
    response = login(users["focal_a"]).post(
        reverse("oversight:workflow", args=[update.pk, "propose"]), {"next": url}
    )
    assert response["Location"] == url
    assert "No step of the workflow is yours" in login(users["focal_a"]).get(url).content.decode()


def test_the_recommendation_page_explains_why_it_is_still_open(recs: dict, users: dict, tree: dict) -> None:
    validated(users, Addressee.objects.get(recommendation=recs["both"], entity=tree["a"]), "implemented")
    page = (
        login(users["reader"])
        .get(reverse("oversight:recommendation_page", args=[recs["both"].pk]))
        .content.decode()
    )
    assert 'id="status-explained"' in page and "every addressed entity" in page
    assert 'data-status="under_implementation"' in page  # DM has not reported yet
    assert page.count("Not yet reported") >= 1


def test_the_list_has_a_status_column_and_filters(recs: dict, users: dict, tree: dict) -> None:
    validated(users, Addressee.objects.get(recommendation=recs["future"], entity=tree["a"]), "implemented")
    client = login(users["focal_b"])
    url = reverse("oversight:recommendation_list")
    page = client.get(url).content.decode()
    assert "Current status" in page and str(recs["future"]) not in page  # DESA's alone
    mine = client.get(url, {"addressed_to_mine": "true"}).content.decode()
    # Addressed to DM: the shared one led by DESA is listed, as is DM's own.
    assert str(recs["both"]) in mine and str(recs["dm"]) in mine
    analyst = login(users["analyst"])
    done = analyst.get(url, {"current_status": "implemented"}).content.decode()
    assert str(recs["future"]) in done and str(recs["dm"]) not in done
    late = analyst.get(url, {"past_target": "true"}).content.decode()
    assert str(recs["dm"]) in late and str(recs["future"]) not in late and "past target" in late


def test_the_list_takes_the_same_queries_whatever_the_number_of_rows(
    recs: dict, users: dict, tree: dict
) -> None:
    client = login(users["analyst"])
    url = reverse("oversight:recommendation_list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"past_target": "true"}).status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        recommendation(tree["a"], 20 + n, report=recs["dm"].report)
    assert queries() == few
