"""My work: each person's inbox holds the steps that wait for them, by role and scope, overdue
first; the count in the navigation bar and GET /api/inbox/ say the same; steps are taken from it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core import permissions as p
from lodestar.core.registry import registry
from lodestar.oversight.models import Addressee, StatusUpdate
from lodestar.portfolio import models as prj
from lodestar.workspace import inbox

from ..conftest import grant, login
from ..oversight.factories import recommendation, report
from ..portfolio.factories import create, project

pytestmark = pytest.mark.django_db
State = StatusUpdate.State


def draft(user: Any, addressee: Addressee, **extra: Any) -> StatusUpdate:
    data = {
        "addressee": addressee,
        "as_of": datetime.date(2024, 1, 31),
        "reported_status": "under_implementation",
        "comment": {"en": "Working on it"},
        **extra,
    }
    return registry[StatusUpdate].service.create(data=data, user=user)


@pytest.fixture
def recs(tree: dict) -> dict[str, Any]:
    shared = report(tree["root"], 1)
    return {
        "late": recommendation(tree["a"], 1, report=shared, original_target_date=datetime.date(2019, 12, 31)),
        "later": recommendation(tree["a"], 2, report=shared, original_target_date=datetime.date(2099, 1, 1)),
        "dm": recommendation(tree["b"], 3, report=shared),
    }


def kinds(user: Any) -> list[tuple[str, int]]:
    return [(item.kind, item.obj.pk) for item in inbox.items(user)]


def test_an_update_moves_from_inbox_to_inbox_as_it_is_proposed_reviewed_and_validated(
    recs: dict, users: dict, tree: dict
) -> None:
    addressee = Addressee.objects.get(recommendation=recs["late"], entity=tree["a"])
    update = draft(users["focal_a"], addressee)
    # The draft waits for DESA's focal point only: not DM's, not the analyst who could also propose.
    assert kinds(users["focal_a"]) == [("update_propose", update.pk)]
    assert kinds(users["focal_b"]) == kinds(users["analyst"]) == kinds(users["reviewer"]) == []
    assert inbox.count(users["focal_a"]) == 1

    client = login(users["focal_a"])
    response = client.post(
        reverse("oversight:workflow", args=[update.pk, "propose"]), {"next": reverse("workspace:inbox")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:inbox")
    assert kinds(users["focal_a"]) == []
    assert kinds(users["analyst"]) == [("update_review", update.pk)]

    login(users["analyst"]).post(reverse("oversight:workflow", args=[update.pk, "review"]))
    assert kinds(users["analyst"]) == []
    assert kinds(users["reviewer"]) == [("update_validate", update.pk)]

    login(users["reviewer"]).post(
        reverse("oversight:workflow", args=[update.pk, "validate"]), {"assessed_status": "implemented"}
    )
    assert StatusUpdate.objects.get(pk=update.pk).state == State.VALIDATED
    assert all(kinds(users[name]) == [] for name in ("focal_a", "analyst", "reviewer"))


def test_a_returned_update_comes_back_with_its_reason(recs: dict, users: dict, tree: dict) -> None:
    addressee = Addressee.objects.get(recommendation=recs["late"], entity=tree["a"])
    update = draft(users["focal_a"], addressee)
    login(users["focal_a"]).post(reverse("oversight:workflow", args=[update.pk, "propose"]))
    login(users["analyst"]).post(
        reverse("oversight:workflow", args=[update.pk, "return"]), {"reason": "No evidence attached"}
    )
    [item] = inbox.items(users["focal_a"])
    assert item.returned and item.return_reason == "No evidence attached"
    page = login(users["focal_a"]).get(reverse("workspace:inbox")).content.decode()
    assert "No evidence attached" in page and "correct it and send it again" in page


def test_overdue_work_comes_first_and_the_page_offers_the_step(recs: dict, users: dict, tree: dict) -> None:
    later = draft(users["focal_a"], Addressee.objects.get(recommendation=recs["later"], entity=tree["a"]))
    late = draft(users["focal_a"], Addressee.objects.get(recommendation=recs["late"], entity=tree["a"]))
    work = inbox.items(users["focal_a"], datetime.date(2024, 6, 1))
    assert [(i.obj.pk, i.overdue, i.due) for i in work] == [
        (late.pk, True, datetime.date(2019, 12, 31)),
        (later.pk, False, datetime.date(2099, 1, 1)),
    ]
    page = login(users["focal_a"]).get(reverse("workspace:inbox")).content.decode()
    assert reverse("oversight:workflow", args=[late.pk, "propose"]) in page
    assert 'id="inbox-count">2<' in page


def test_the_api_lists_the_same_work(recs: dict, users: dict, tree: dict) -> None:
    update = draft(users["focal_a"], Addressee.objects.get(recommendation=recs["late"], entity=tree["a"]))
    body = login(users["focal_a"]).get("/api/inbox/").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["kind"] == "update_propose" and row["record_id"] == update.pk
    assert row["record_model"] == "oversight.StatusUpdate" and row["entity"] == "DESA"
    assert row["due_date"] == "2019-12-31" and row["overdue"] is True
    assert row["url"].endswith(f"#update-{update.pk}")
    assert Client().get("/api/inbox/").status_code in (401, 403)


def test_milestones_wait_for_the_manager_then_the_analyst(
    tree: dict, users: dict, settings: Any, tmp_path: Any
) -> None:
    settings.EVIDENCE_ROOT = tmp_path
    manager = get_user_model().objects.create_user("manager_a", password="pw")
    grant(manager, p.PROJECT_MANAGER, tree["a"])
    owner = project(tree["a"], 1)
    due = create(
        prj.Milestone,
        project=owner,
        name={"en": "Due soon"},
        baseline_due=datetime.date(2020, 1, 1),
        evidence_link="https://example.org/e.pdf",
    )
    create(prj.Milestone, project=owner, name={"en": "Far away"}, baseline_due=datetime.date(2999, 1, 1))
    assert kinds(manager) == [("milestone_submit", due.pk)]
    response = login(manager).post(
        reverse("portfolio:milestone_submit", args=[due.pk]), {"next": reverse("workspace:inbox")}
    )
    assert response["Location"] == reverse("workspace:inbox")
    assert kinds(manager) == []
    assert kinds(users["analyst"]) == [("milestone_accept", due.pk)]
    login(users["analyst"]).post(reverse("portfolio:milestone_accept", args=[due.pk]))
    assert prj.Milestone.objects.get(pk=due.pk).status == "accepted"
    assert kinds(users["analyst"]) == []


def test_next_never_leaves_the_site(recs: dict, users: dict, tree: dict) -> None:
    update = draft(users["focal_a"], Addressee.objects.get(recommendation=recs["late"], entity=tree["a"]))
    response = login(users["focal_a"]).post(
        reverse("oversight:workflow", args=[update.pk, "propose"]), {"next": "https://evil.example/"}
    )
    assert "evil" not in response["Location"]


def test_the_inbox_and_its_count_take_the_same_queries_whatever_the_number_of_items(
    recs: dict, users: dict, tree: dict
) -> None:
    client = login(users["focal_a"])
    addressee = Addressee.objects.get(recommendation=recs["late"], entity=tree["a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workspace:inbox")).status_code == 200
        return len(captured)

    draft(users["focal_a"], addressee)
    few = queries()
    for n in range(5):
        draft(users["focal_a"], addressee, as_of=datetime.date(2024, 2, 1 + n))
    assert queries() == few


def test_the_count_is_one_query_and_says_as_many_as_the_inbox_lists(
    recs: dict, users: dict, tree: dict
) -> None:
    """A person with several roles waits at steps of every kind: the navigation bar's count, one
    query over them all, is the number of items the inbox lists."""
    many = get_user_model().objects.create_user("many", password="pw")
    for role, entity in ((p.FOCAL_POINT, tree["a"]), (p.CENTRAL_ANALYST, tree["root"])):
        grant(many, role, entity)
    draft(users["focal_a"], Addressee.objects.get(recommendation=recs["late"], entity=tree["a"]))
    proposed = draft(users["focal_b"], Addressee.objects.get(recommendation=recs["dm"], entity=tree["b"]))
    StatusUpdate.objects.filter(pk=proposed.pk).update(state=State.PROPOSED, proposed_by=users["focal_b"])
    owner = project(tree["a"], 1)
    for name, status in (("Due", prj.Milestone.Status.OPEN), ("Sent", prj.Milestone.Status.SUBMITTED)):
        create(prj.Milestone, project=owner, name={"en": name}, baseline_due=datetime.date(2020, 1, 1))
        prj.Milestone.objects.filter(project=owner, name__en=name).update(status=status)
    listed = inbox.items(many)
    assert sorted(item.kind for item in listed) == [
        "milestone_accept", "milestone_submit", "update_propose", "update_review"
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        assert inbox.count(many) == len(listed)
    assert sum("COUNT(" in query["sql"] for query in captured) == 1
