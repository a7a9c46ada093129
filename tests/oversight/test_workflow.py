"""Scope and the three-step closure: focal points see and update only what is addressed to their
entity, central analysts review, oversight reviewers alone validate and set the assessed status."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lodestar.core.history import changes_for
from lodestar.core.registry import registry
from lodestar.oversight import services
from lodestar.oversight.models import Addressee, Recommendation, StatusUpdate
from lodestar.oversight.queries import facts_for, visible_recommendations, visible_updates

from .factories import recommendation, report

pytestmark = pytest.mark.django_db
State = StatusUpdate.State


@pytest.fixture
def recs(tree: dict, users: dict) -> dict[str, Recommendation]:
    shared_report = report(tree["root"], 1)
    return {
        # Led by DESA, also addressed to DM: focal points of both see it.
        "both": recommendation(tree["a"], 1, report=shared_report, other_entities=[tree["b"]]),
        "desa": recommendation(tree["a"], 2, report=shared_report),
        "dm": recommendation(tree["b"], 3, report=shared_report),
    }


def draft(user: Any, addressee: Addressee, **extra: Any) -> StatusUpdate:
    data = {
        "addressee": addressee,
        "as_of": datetime.date(2024, 1, 31),
        "reported_status": "implemented",
        "comment": {"en": "Done"},
        "evidence_link": "https://example.org/evidence.pdf",
        **extra,
    }
    return registry[StatusUpdate].service.create(data=data, user=user)


def test_each_addressed_entity_sees_the_recommendation(recs: dict, users: dict, tree: dict) -> None:
    both = recs["both"]
    assert {a.entity.code for a in both.addressees.all()} == {"DESA", "DM"}
    seen = {name: set(visible_recommendations(users[name]).values_list("pk", flat=True)) for name in users}
    assert seen["focal_a"] == {recs["both"].pk, recs["desa"].pk}
    assert seen["focal_b"] == {recs["both"].pk, recs["dm"].pk}
    assert seen["reviewer"] == seen["analyst"] == seen["reader"] == {r.pk for r in recs.values()}
    assert seen["nobody"] == set()


def test_the_generic_pages_and_the_api_show_a_shared_recommendation_to_each_addressee(
    recs: dict, users: dict
) -> None:
    both, dm_only = recs["both"], recs["dm"]
    client = _client(users["focal_b"])  # DM's focal point; DESA leads "both"
    listing = client.get(reverse("oversight:recommendation_list")).content.decode()
    assert reverse("oversight:recommendation_detail", args=[both.pk]) in listing
    assert client.get(reverse("oversight:recommendation_detail", args=[both.pk])).status_code == 200
    api = client.get("/api/oversight/recommendation/").json()
    assert {row["id"] for row in api["results"]} == {both.pk, dm_only.pk}
    # ... and its changes, on its history page and in the change log, though recorded under the lead.
    registry[Recommendation].service.update(both, data={"topic": "Shared-topic-42"}, user=users["analyst"])
    history = client.get(reverse("oversight:recommendation_history", args=[both.pk])).content.decode()
    assert "Shared-topic-42" in history
    assert "Shared-topic-42" in client.get(reverse("change_log")).content.decode()
    # Reading through an addressed entity never grants editing: the lead entity keeps the text.
    assert client.get(reverse("oversight:recommendation_edit", args=[both.pk])).status_code in (403, 404)
    assert client.patch(
        f"/api/oversight/recommendation/{both.pk}/", {"topic": "x"}, content_type="application/json"
    ).status_code in (403, 404)


def test_focal_points_report_only_for_their_entity(recs: dict, users: dict, tree: dict) -> None:
    dm_row = Addressee.objects.get(recommendation=recs["both"], entity=tree["b"])
    desa_row = Addressee.objects.get(recommendation=recs["both"], entity=tree["a"])
    assert services.may_add_update(users["focal_b"], dm_row)
    assert not services.may_add_update(users["focal_b"], desa_row)
    with pytest.raises(PermissionDenied):
        draft(users["focal_b"], desa_row)
    with pytest.raises(PermissionDenied):
        draft(users["reader"], desa_row)


def test_drafts_are_invisible_to_other_entities(recs: dict, users: dict, tree: dict) -> None:
    desa_row = Addressee.objects.get(recommendation=recs["both"], entity=tree["a"])
    update = draft(users["focal_a"], desa_row)
    visible = {name: set(visible_updates(users[name]).values_list("pk", flat=True)) for name in users}
    assert (
        update.pk in visible["focal_a"]
        and update.pk in visible["analyst"]
        and update.pk in visible["reviewer"]
    )
    assert update.pk not in visible["focal_b"] and update.pk not in visible["reader"]
    # Nor through the generic list and API: readers reach updates only on the recommendation pages.
    assert _client(users["reader"]).get("/oversight/statusupdate/").status_code == 403
    assert _client(users["focal_b"]).get(f"/api/oversight/statusupdate/{update.pk}/").status_code == 404
    services.transition(update, services.PROPOSE, user=users["focal_a"])
    # Once proposed, the other addressed entity sees it on the shared recommendation.
    assert visible_updates(users["focal_b"]).filter(pk=update.pk).exists()
    page = reverse("oversight:recommendation_page", args=[recs["both"].pk])
    client_b = _client(users["focal_b"])
    assert client_b.get(page).status_code == 200
    assert client_b.get(reverse("oversight:recommendation_page", args=[recs["desa"].pk])).status_code == 404


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_three_step_closure_with_a_return(recs: dict, users: dict, tree: dict) -> None:
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    update = draft(users["focal_a"], row, evidence_link="", evidence_description={})
    # Proposing "implemented" needs evidence.
    with pytest.raises(ValidationError):
        services.transition(update, services.PROPOSE, user=users["focal_a"])
    update = registry[StatusUpdate].service.update(
        update, data={"evidence_link": "https://example.org/e.pdf"}, user=users["focal_a"]
    )
    assert services.allowed_actions(users["focal_a"], update) == [services.PROPOSE]
    update = services.transition(update, services.PROPOSE, user=users["focal_a"])
    assert update.state == State.PROPOSED and update.proposed_by == users["focal_a"]
    # The focal point cannot review or validate; the reviewer cannot validate before review.
    for name, action in [
        ("focal_a", services.REVIEW),
        ("focal_a", services.VALIDATE),
        ("reviewer", services.VALIDATE),
    ]:
        with pytest.raises(PermissionDenied):
            services.transition(update, action, user=users[name])
    # Proposed updates are frozen for their author.
    with pytest.raises(PermissionDenied):
        registry[StatusUpdate].service.update(
            update, data={"as_of": datetime.date(2024, 2, 1)}, user=users["focal_a"]
        )
    update = services.transition(update, services.REVIEW, user=users["analyst"])
    assert update.state == State.REVIEWED
    with pytest.raises(PermissionDenied):  # the analyst does not validate
        services.transition(update, services.VALIDATE, user=users["analyst"], assessed_status="implemented")
    with pytest.raises(ValidationError):  # a return needs a reason
        services.transition(update, services.RETURN, user=users["reviewer"], reason=" ")
    update = services.transition(
        update, services.RETURN, user=users["reviewer"], reason="Evidence is a draft"
    )
    assert update.state == State.RETURNED and update.return_reason == "Evidence is a draft"
    assert services.may_edit_update(users["focal_a"], update)
    update = services.transition(update, services.PROPOSE, user=users["focal_a"])
    update = services.transition(update, services.REVIEW, user=users["analyst"])
    with pytest.raises(ValidationError):  # validation states what the body assessed
        services.transition(update, services.VALIDATE, user=users["reviewer"])
    update = services.transition(
        update,
        services.VALIDATE,
        user=users["reviewer"],
        assessed_status="implemented",
        assessed_comment="OK",
    )
    assert update.state == State.VALIDATED and update.validated_by == users["reviewer"]
    facts = facts_for(Recommendation.objects.filter(pk=recs["desa"].pk))[recs["desa"].pk]
    assert facts.status() == "implemented" and facts.assessed() == "implemented"
    # Every step is in the update's history.
    states = [c.postchange_data.get("state") for c in changes_for(update).order_by("time", "id")]
    assert states == [
        "draft",
        "draft",
        "proposed",
        "reviewed",
        "returned",
        "proposed",
        "reviewed",
        "validated",
    ]


def test_assessed_status_and_state_never_move_through_an_edit(recs: dict, users: dict, tree: dict) -> None:
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    for name, field, value in [
        ("focal_a", "assessed_status", "implemented"),
        ("focal_a", "state", "validated"),
        ("analyst", "assessed_status", "implemented"),
    ]:
        with pytest.raises(PermissionDenied):
            draft(users[name], row, **{field: value})
    update = draft(users["focal_a"], row)
    client = _client(users["focal_a"])
    response = client.patch(
        f"/api/oversight/statusupdate/{update.pk}/",
        {"state": "validated", "version": update.version},
        content_type="application/json",
    )
    assert StatusUpdate.objects.get(pk=update.pk).state == State.DRAFT, response.content


def test_the_same_person_does_not_propose_and_review(recs: dict, users: dict, tree: dict) -> None:
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    update = draft(users["analyst"], row)
    update = services.transition(update, services.PROPOSE, user=users["analyst"])
    assert services.REVIEW not in services.allowed_actions(users["analyst"], update)
    with pytest.raises(PermissionDenied):
        services.transition(update, services.REVIEW, user=users["analyst"])


def test_workflow_buttons_through_the_web(recs: dict, users: dict, tree: dict) -> None:
    page = reverse("oversight:recommendation_page", args=[recs["desa"].pk])
    focal = _client(users["focal_a"])
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    response = focal.post(
        reverse("oversight:add_update", args=[recs["desa"].pk]),
        {
            "addressee": row.pk,
            "as_of": "2024-01-31",
            "reported_status": "under_implementation",
            "comment": "Begun",
        },
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get(addressee=row)
    assert "workflow-propose" in focal.get(page).content.decode()
    assert focal.post(reverse("oversight:workflow", args=[update.pk, "propose"])).status_code == 302
    assert focal.post(reverse("oversight:workflow", args=[update.pk, "review"])).status_code == 403
    assert (
        _client(users["focal_b"]).post(reverse("oversight:workflow", args=[update.pk, "review"])).status_code
        == 404
    )
    analyst_page = _client(users["analyst"]).get(page).content.decode()
    assert "workflow-review" in analyst_page and "workflow-validate" not in analyst_page
    # Not allowed to report for another entity through the form either.
    other = Addressee.objects.get(recommendation=recs["dm"], entity=tree["b"])
    refused = focal.post(
        reverse("oversight:add_update", args=[recs["dm"].pk]),
        {"addressee": other.pk, "as_of": "2024-01-31", "reported_status": "implemented"},
    )
    assert refused.status_code == 404


def test_the_update_form_chooses_no_status_for_the_person(recs: dict, users: dict, tree: dict) -> None:
    focal = _client(users["focal_a"])
    page = focal.get(reverse("oversight:recommendation_page", args=[recs["desa"].pk])).content.decode()
    select = page[page.index('id="id_reported_status"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>' in select and 'implemented" selected' not in select
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    response = focal.post(
        reverse("oversight:add_update", args=[recs["desa"].pk]), {"addressee": row.pk, "as_of": "2024-01-31"}
    )
    assert response.status_code == 400 or "This field is required" in response.content.decode()
    assert not StatusUpdate.objects.filter(addressee=row).exists()


def test_an_evidence_file_is_evidence_enough(
    recs: dict, users: dict, tree: dict, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.EVIDENCE_ROOT = tmp_path
    row = Addressee.objects.get(recommendation=recs["both"], entity=tree["a"])
    update = draft(users["focal_a"], row, evidence_link="", evidence_description={})
    with pytest.raises(ValidationError):
        services.transition(update, services.PROPOSE, user=users["focal_a"])
    attach = reverse("oversight:attach", args=[update.pk])
    pdf = b"%PDF-1.4\n% evidence\n"
    # Another entity's focal point cannot attach to it; a file that is not what it says is refused.
    assert (
        _client(users["focal_b"]).post(attach, {"file": SimpleUploadedFile("e.pdf", pdf)}).status_code == 404
    )
    focal = _client(users["focal_a"])
    focal.post(attach, {"file": SimpleUploadedFile("e.pdf", b"<html>not a pdf</html>")})
    assert not services.has_evidence(update)
    assert focal.post(attach, {"file": SimpleUploadedFile("policy.pdf", pdf)}).status_code == 302
    assert services.has_evidence(update)
    update = services.transition(update, services.PROPOSE, user=users["focal_a"])
    page = focal.get(reverse("oversight:recommendation_page", args=[recs["both"].pk])).content.decode()
    assert "policy.pdf" in page and "attach-form" not in page  # frozen once proposed
    assert any("evidence files" in (c.postchange_data or {}) for c in changes_for(update))


def test_the_update_form_takes_a_file(
    recs: dict, users: dict, tree: dict, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.EVIDENCE_ROOT = tmp_path
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    focal = _client(users["focal_a"])
    url = reverse("oversight:add_update", args=[recs["desa"].pk])
    data = {"addressee": row.pk, "as_of": "2024-01-31", "reported_status": "implemented"}
    refused = focal.post(url, {**data, "evidence_file": SimpleUploadedFile("x.exe", b"MZ")})
    assert refused.status_code == 400 and not StatusUpdate.objects.exists()  # no draft without its file
    ok = focal.post(url, {**data, "evidence_file": SimpleUploadedFile("e.pdf", b"%PDF-1.4\n")})
    assert ok.status_code == 302
    update = StatusUpdate.objects.get()
    assert services.has_evidence(update) and services.transition(
        update, services.PROPOSE, user=users["focal_a"]
    )


def test_a_validated_update_is_not_deleted(recs: dict, users: dict, tree: dict) -> None:
    from .factories import create

    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    update = create(
        StatusUpdate,
        addressee=row,
        as_of=datetime.date(2018, 7, 31),
        reported_status="implemented",
        state="validated",
    )
    with pytest.raises(PermissionDenied):
        registry[StatusUpdate].service.delete(update, user=users["analyst"])
    response = _client(users["analyst"]).post(reverse("oversight:statusupdate_delete", args=[update.pk]))
    assert response.status_code == 403 and StatusUpdate.objects.filter(pk=update.pk).exists()
    # Nor swept away with its recommendation.
    with pytest.raises(ValidationError):
        registry[Recommendation].service.delete(recs["desa"], user=users["analyst"])


def test_the_three_steps_through_the_api(recs: dict, users: dict, tree: dict) -> None:
    row = Addressee.objects.get(recommendation=recs["desa"], entity=tree["a"])
    update = draft(users["focal_a"], row)

    def step(user: str, action: str, **body: str) -> Any:
        return _client(users[user]).post(
            reverse(f"oversight:api_{action}", args=[update.pk]), body, content_type="application/json"
        )

    assert step("focal_b", services.PROPOSE).status_code == 404  # a draft of another entity is invisible
    assert step("focal_a", services.REVIEW).status_code == 403
    response = step("focal_a", services.PROPOSE)
    assert response.status_code == 200 and response.json()["state"] == State.PROPOSED
    assert step("analyst", services.REVIEW).status_code == 200
    assert step("reviewer", services.VALIDATE).status_code == 400  # no assessed status given
    assert step("reviewer", services.VALIDATE, assessed_status="no-such-status").status_code == 400
    assert StatusUpdate.objects.get(pk=update.pk).state == State.REVIEWED
    response = step("reviewer", services.VALIDATE, assessed_status="implemented", assessed_comment="OK")
    assert response.status_code == 200 and response.json()["assessed_status"] == "implemented"
    steps = [c.diff() for c in changes_for(StatusUpdate.objects.get(pk=update.pk))]
    moves = sorted(after for diff in steps for name, before, after in diff if name == "state" and before)
    assert moves == [State.PROPOSED, State.REVIEWED, State.VALIDATED], steps
