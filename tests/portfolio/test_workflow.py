"""The milestone acceptance workflow: the manager submits with evidence, a central analyst accepts or
returns with a reason; no entry point (service, web form, API, import) moves a status otherwise."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lodestar.core import permissions as p
from lodestar.core.attachments import add_attachment
from lodestar.core.forms import form_class
from lodestar.core.history import changes_for
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.portfolio import models as prj
from lodestar.portfolio.views import summarise

from ..conftest import grant, login
from ..core.harness import post_data
from .factories import create, project

PDF = b"%PDF-1.4\n%%EOF\n"
LINK = "https://undocs.org/A/74/588"
service = registry[prj.Milestone].service


@pytest.fixture(autouse=True)
def evidence_root(settings: Any, tmp_path: Path) -> Path:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def manager(tree: dict, users: dict) -> Any:
    user = get_user_model().objects.create_user("manager_a", password="pw-manager")
    grant(user, p.PROJECT_MANAGER, tree["a"])
    return user


@pytest.fixture
def manager_b(tree: dict, users: dict) -> Any:
    user = get_user_model().objects.create_user("manager_b", password="pw-manager")
    grant(user, p.PROJECT_MANAGER, tree["b"])
    return user


@pytest.fixture
def milestones(tree: dict) -> list[prj.Milestone]:
    owner = project(tree["a"], 1)
    return [
        create(
            prj.Milestone,
            project=owner,
            name={"en": f"Step {n}"},
            weight=weight,
            baseline_due=datetime.date(2020, n, 1),
            order=n,
        )
        for n, weight in ((1, 1), (2, 3))
    ]


def fresh(m: prj.Milestone) -> prj.Milestone:
    return prj.Milestone.objects.get(pk=m.pk)


@pytest.mark.django_db
def test_submit_accept_and_earned_progress(milestones: list, manager: Any, users: dict) -> None:
    first, second = milestones
    service.update(first, data={"evidence_link": LINK}, user=manager)
    first = service.submit(fresh(first), user=manager)
    assert first.status == "submitted"
    accepted = service.accept(first, user=users["analyst"])
    assert accepted.status == "accepted"
    owner = accepted.project
    summary = summarise(owner, list(owner.milestones.all()), [], datetime.date(2020, 1, 1))
    assert str(summary.earned) == "25.00"  # weight 1 of 4
    kinds = [c.postchange_data.get("status") for c in changes_for(first).order_by("id")]
    assert kinds[-2:] == ["submitted", "accepted"]
    assert changes_for(first).first().user == users["analyst"]


@pytest.mark.django_db
def test_submitting_needs_evidence_a_link_or_a_file(milestones: list, manager: Any) -> None:
    first, second = milestones
    with pytest.raises(ValidationError):
        service.submit(first, user=manager)
    assert fresh(first).status == "open"
    add_attachment(second, SimpleUploadedFile("proof.pdf", PDF), user=manager)
    assert service.submit(fresh(second), user=manager).status == "submitted"


@pytest.mark.django_db
def test_a_file_alone_is_enough_evidence_to_accept(milestones: list, manager: Any, users: dict) -> None:
    second = milestones[1]
    add_attachment(second, SimpleUploadedFile("proof.pdf", PDF), user=manager)
    service.submit(fresh(second), user=manager)
    assert service.accept(fresh(second), user=users["analyst"]).status == "accepted"


@pytest.mark.django_db
def test_only_the_manager_submits_and_only_a_central_analyst_decides(
    milestones: list, manager: Any, manager_b: Any, users: dict
) -> None:
    first = milestones[0]
    service.update(first, data={"evidence_link": LINK}, user=manager)
    for outsider in (manager_b, users["focal_b"], users["analyst"], users["reader"]):
        with pytest.raises(PermissionDenied):
            service.submit(fresh(first), user=outsider)
    service.submit(fresh(first), user=users["focal_a"])  # the entity's focal point may, too
    for not_central in (manager, users["focal_a"], users["reviewer"]):
        with pytest.raises(PermissionDenied):
            service.accept(fresh(first), user=not_central)
        with pytest.raises(PermissionDenied):
            service.return_(fresh(first), user=not_central, reason={"en": "no"})
    assert fresh(first).status == "submitted"


@pytest.mark.django_db
def test_return_needs_a_reason_then_resubmit_and_accept(milestones: list, manager: Any, users: dict) -> None:
    first = milestones[0]
    service.update(first, data={"evidence_link": LINK}, user=manager)
    service.submit(fresh(first), user=manager)
    with pytest.raises(ValidationError):
        service.return_(fresh(first), user=users["analyst"], reason={"en": "  "})
    returned = service.return_(fresh(first), user=users["analyst"], reason={"en": "The link is a draft."})
    assert returned.status == "returned" and returned.return_reason == {"en": "The link is a draft."}
    with pytest.raises(ValidationError):
        service.accept(fresh(first), user=users["analyst"])  # not submitted any more
    service.submit(fresh(first), user=manager)
    accepted = service.accept(fresh(first), user=users["admin"])
    assert accepted.status == "accepted" and accepted.return_reason == {}
    statuses = [c.postchange_data["status"] for c in changes_for(first).order_by("id")]
    assert statuses == ["open", "open", "submitted", "returned", "submitted", "accepted"]
    with pytest.raises(ValidationError):
        service.submit(fresh(first), user=manager)  # accepted is final


@pytest.mark.django_db
def test_no_generic_write_moves_a_status(milestones: list, manager: Any, users: dict) -> None:
    first = milestones[0]
    service.update(first, data={"evidence_link": LINK}, user=manager)
    for user in (manager, users["analyst"]):
        for status in ("submitted", "accepted", "returned"):
            with pytest.raises(ValidationError):
                service.update(fresh(first), data={"status": status, "return_reason": {"en": "x"}}, user=user)
    with pytest.raises(ValidationError):
        service.create(
            data={"project": first.project, "name": {"en": "x"}, "status": "accepted", "evidence_link": LINK},
            user=users["analyst"],
        )
    assert fresh(first).status == "open"


@pytest.mark.django_db
def test_web_form_api_and_import_cannot_accept(milestones: list, manager: Any, users: dict) -> None:
    first = milestones[0]
    service.update(first, data={"evidence_link": LINK}, user=manager)
    first = fresh(first)
    r = registry[prj.Milestone]
    analyst = login(users["analyst"])

    form = form_class(r)(instance=first, user=users["analyst"], registration=r, action=p.CHANGE)
    unchanged = analyst.post(reverse("portfolio:milestone_edit", args=[first.pk]), post_data(form))
    assert unchanged.status_code == 302  # the form itself is fine …
    data = post_data(form, status="accepted")
    response = analyst.post(reverse("portfolio:milestone_edit", args=[first.pk]), data)
    assert response.status_code == 400  # … but not a status moved through it
    assert "status" in response.context["form"].errors

    api = analyst.patch(
        f"/api/portfolio/milestone/{first.pk}/",
        {"status": "accepted", "version": prj.Milestone.objects.get(pk=first.pk).version},
        content_type="application/json",
    )
    assert api.status_code == 400 and "status" in api.json(), api.content

    exported = analyst.get(reverse("portfolio:milestone_list") + "?export=csv").content.decode("utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(exported)) if row["id"] == str(first.pk)]
    rows[0]["status"] = "accepted"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    before = ObjectChange.objects.count()
    url = reverse("portfolio:milestone_import")
    preview = analyst.post(url, {"file": SimpleUploadedFile("m.csv", out.getvalue().encode())})
    result = preview.context["result"]
    if preview.status_code == 200 and result.counts()["update"]:
        committed = analyst.post(url, {"batch": preview.context["batch"].pk}, follow=True)
        assert "changes only through its actions" in committed.content.decode()
    # What the importer calls on commit, whatever its preview found:
    with pytest.raises(ValidationError):
        service.update(
            fresh(first),
            data={"status": "accepted"},
            user=users["analyst"],
            source=ObjectChange.Source.IMPORT,
        )
    assert ObjectChange.objects.count() == before
    assert fresh(first).status == "open"


@pytest.mark.django_db
def test_the_project_page_offers_the_actions_of_whoever_may_act(
    milestones: list, manager: Any, users: dict
) -> None:
    first = milestones[0]
    page = reverse("portfolio:project_detail", args=[first.project_id])
    submit_url = reverse("portfolio:milestone_submit", args=[first.pk])
    accept_url = reverse("portfolio:milestone_accept", args=[first.pk])
    manager_client, analyst = login(manager), login(users["analyst"])

    html = manager_client.get(page).content.decode()
    assert submit_url in html and accept_url not in html
    # Without evidence the submission is refused with a message, and nothing changes.
    response = manager_client.post(submit_url, follow=True)
    assert "Attach evidence" in response.content.decode()
    assert fresh(first).status == "open"

    upload = manager_client.post(
        reverse("portfolio:milestone_evidence", args=[first.pk]),
        {"file": SimpleUploadedFile("proof.pdf", PDF)},
    )
    assert upload.status_code == 302
    refused = manager_client.post(
        reverse("portfolio:milestone_evidence", args=[first.pk]),
        {"file": SimpleUploadedFile("proof.pdf", b"<html>")},
        follow=True,
    )
    assert "is not a PDF file" in refused.content.decode()
    assert manager_client.post(submit_url).status_code == 302
    assert fresh(first).status == "submitted"

    html = analyst.get(page).content.decode()
    assert accept_url in html and submit_url not in html and "proof.pdf" in html
    assert manager_client.post(accept_url).status_code == 403
    response = analyst.post(
        reverse("portfolio:milestone_return", args=[first.pk]), {"reason": ""}, follow=True
    )
    assert fresh(first).status == "submitted" and "Say why" in response.content.decode()
    analyst.post(reverse("portfolio:milestone_return", args=[first.pk]), {"reason": "Unsigned"})
    assert fresh(first).status == "returned"
    assert "Unsigned" in manager_client.get(page).content.decode()


@pytest.mark.django_db
def test_out_of_scope_managers_see_nothing(milestones: list, manager_b: Any) -> None:
    first = milestones[0]
    client = login(manager_b)
    for name in (
        "milestone_submit",
        "milestone_accept",
        "milestone_return",
        "milestone_evidence",
        "milestone_progress",
    ):
        assert client.post(reverse(f"portfolio:{name}", args=[first.pk])).status_code == 404, name
    assert client.get(reverse("portfolio:project_detail", args=[first.project_id])).status_code == 404
    assert client.get(reverse("portfolio:project_page", args=[first.project.code])).status_code == 404


@pytest.mark.django_db
def test_manager_updates_dates_and_link_from_the_project_page(milestones: list, manager: Any) -> None:
    first = milestones[0]
    client = login(manager)
    response = client.post(
        reverse("portfolio:milestone_progress", args=[first.pk]),
        {
            f"m{first.pk}-current_due": "2020-03-15",
            f"m{first.pk}-completed_on": "2020-03-10",
            f"m{first.pk}-evidence_link": LINK,
            f"m{first.pk}-version": first.version,
        },
    )
    assert response.status_code == 302
    saved = fresh(first)
    assert saved.current_due == datetime.date(2020, 3, 15) and saved.evidence_link == LINK
    assert changes_for(saved).first().user == manager
    # A stale version is refused, not silently overwritten.
    stale = client.post(
        reverse("portfolio:milestone_progress", args=[first.pk]),
        {f"m{first.pk}-current_due": "2020-04-01", f"m{first.pk}-version": first.version},
        follow=True,
    )
    assert fresh(first).current_due == datetime.date(2020, 3, 15)
    assert "changed by someone else" in stale.content.decode()


@pytest.mark.django_db
def test_project_page_by_code(milestones: list, manager: Any) -> None:
    owner = milestones[0].project
    response = login(manager).get(reverse("portfolio:project_page", args=[owner.code]))
    assert response.status_code == 302 and response["Location"] == owner.get_absolute_url()


@pytest.mark.django_db
def test_the_page_shows_an_unsupported_completion_claim(milestones: list, manager: Any) -> None:
    owner = milestones[0].project
    create(prj.StatusReport, project=owner, period="2019", declared_percent=100)
    html = login(manager).get(owner.get_absolute_url()).content.decode()
    assert 'data-code="PRJ-UNSUPPORTED-COMPLETION"' in html


@pytest.mark.django_db
def test_api_actions(milestones: list, manager: Any, manager_b: Any, users: dict) -> None:
    first = milestones[0]
    service.update(first, data={"evidence_link": LINK}, user=manager)

    def post(user: Any, action: str, **data: Any) -> Any:
        url = reverse(f"portfolio:api_{action}", args=[first.pk])
        return login(user).post(url, data, content_type="application/json")

    assert Client().post(reverse("portfolio:api_submit", args=[first.pk])).status_code in (401, 403)
    assert post(manager_b, "submit").status_code == 404
    assert post(users["analyst"], "submit").status_code == 403
    assert post(manager, "submit", version=99).status_code == 409
    submitted = post(manager, "submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert post(manager, "accept").status_code == 403
    assert post(users["analyst"], "return").status_code == 400  # no reason
    returned = post(users["analyst"], "return", reason="Unsigned")
    assert returned.status_code == 200 and returned.json()["return_reason"] == {"en": "Unsigned"}
    assert post(users["analyst"], "accept").status_code == 400  # returned, not submitted
    post(manager, "submit")
    assert post(users["analyst"], "accept").json()["status"] == "accepted"
    assert changes_for(first).first().source == ObjectChange.Source.API
