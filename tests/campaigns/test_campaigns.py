"""Campaigns end to end through the web pages and the API: launch to the entities in scope, answer
(questions, spreadsheets checked cell by cell), submit, return, accept (rows become the entity's
records with the submission named in their history), completeness, chase, reminders, copy."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from lodestar.campaigns import services
from lodestar.campaigns.models import Assignment, Campaign, CampaignItem, Reminder
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.inventory.models import Application
from lodestar.org.vocabularies import EntityKind

from ..conftest import grant, make_entity

pytestmark = pytest.mark.django_db

HEADER = (
    "id,entity,code,name_en,name_fr,name_es,name_ru,name_zh,name_ar,scope,platform,hosting,facility,status,"
)
HEADER += "disposition,criticality,rto_hours,rpo_hours,duplicate_group,global_service_desk,"
HEADER += "integration_platform,registered\n"


def apps_csv(entity: str, *rows: tuple[str, str, str]) -> bytes:
    """(code, scope, rto) rows of an applications section."""
    lines = [HEADER]
    for code, scope, rto in rows:
        lines.append(f",{entity},{code},App {code},,,,,,{scope},,,,active,invest,,{rto},,,false,false,true\n")
    return "".join(lines).encode()


def make_campaign(tree: dict, analyst: Any, *, deadline: datetime.date | None = None) -> Campaign:
    today = datetime.date.today()
    campaign = registry[Campaign].service.create(
        data={
            "code": "DC-TEST",
            "name": {"en": "ICT data call"},
            "instructions": {"en": "List every application.", "fr": "Énumérez chaque application."},
            "entity": tree["root"],
            "owner": analyst,
            "opens": today - datetime.timedelta(days=10),
            "deadline": deadline or today + datetime.timedelta(days=7),
            "scope_entities": [tree["a"], tree["b"]],
        },
        user=analyst,
    )
    item_service = registry[CampaignItem].service
    item_service.create(
        data={
            "campaign": campaign,
            "order": 1,
            "code": "desks",
            "kind": "number",
            "label": {"en": "Service desks"},
        },
        user=analyst,
    )
    item_service.create(
        data={
            "campaign": campaign,
            "order": 2,
            "code": "apps",
            "kind": "section",
            "label": {"en": "Applications"},
            "list_label": "inventory.application",
        },
        user=analyst,
    )
    return campaign


def upload(client: Any, assignment: Assignment, content: bytes, name: str = "apps.csv") -> Any:
    item = assignment.campaign.items.get(code="apps")
    url = reverse("campaigns:upload", args=[assignment.pk, item.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content, "text/csv")}, follow=True)


def test_the_whole_round_through_the_web_pages(tree: dict, users: dict, client_for: Any) -> None:
    analyst, focal = client_for("analyst"), client_for("focal_a")
    campaign = make_campaign(tree, users["analyst"])
    page = analyst.get(reverse("campaigns:campaign_page", args=[campaign.pk]))
    assert "Launch to 2 entities" in page.content.decode()
    analyst.post(reverse("campaigns:launch", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "open" and campaign.assignments.count() == 2
    mine = focal.get(reverse("campaigns:mine")).content.decode()
    assert "DC-TEST" in mine and "7 days left" in mine
    assignment = campaign.assignments.get(entity=tree["a"])
    page = focal.get(reverse("campaigns:assignment_page", args=[assignment.pk])).content.decode()
    assert "List every application." in page
    assignment.refresh_from_db()
    assert assignment.opened_at is not None

    # Two bad cells: a scope that is no choice (row 2), an RTO that is not a number (row 3).
    bad = apps_csv("DESA", ("DESA-A1", "galactic", "4"), ("DESA-A2", "local", "soon"))
    page = upload(focal, assignment, bad).content.decode()
    assert "Row 2: column scope" in page and "Row 3: column rto_hours" in page
    file = assignment.section_files.get()
    assert [p["row"] for p in file.problems] == [2, 3]
    assert "Submit for review" in page and "the spreadsheet has 2 problem(s)" in page
    refused = focal.post(reverse("campaigns:transition", args=[assignment.pk, "submit"]), follow=True)
    assert "the spreadsheet has 2 problem(s)" in refused.content.decode()
    good = apps_csv("DESA", ("DESA-A1", "enterprise", "4"), ("DESA-A2", "local", "24"))
    assert "The spreadsheet is valid: 2 row(s)." in upload(focal, assignment, good).content.decode()
    bad_answer = focal.post(reverse("campaigns:answers", args=[assignment.pk]), {"q-desks": "many"})
    assert bad_answer.status_code == 400 and "“many” is not a number." in bad_answer.content.decode()
    focal.post(reverse("campaigns:answers", args=[assignment.pk]), {"q-desks": "3"})
    focal.post(reverse("campaigns:transition", args=[assignment.pk, "submit"]))
    assignment.refresh_from_db()
    assert assignment.state == "submitted" and not Application.objects.exists()

    # The focal point may not review its own answer; the analyst returns it once, then accepts.
    focal.post(reverse("campaigns:transition", args=[assignment.pk, "accept"]))
    assignment.refresh_from_db()
    assert assignment.state == "submitted"
    analyst.post(reverse("campaigns:transition", args=[assignment.pk, "return"]), {"reason": "Add the RPO."})
    assignment.refresh_from_db()
    assert assignment.state == "returned"
    assert (
        "Add the RPO."
        in focal.get(reverse("campaigns:assignment_page", args=[assignment.pk])).content.decode()
    )
    focal.post(reverse("campaigns:transition", args=[assignment.pk, "submit"]))
    analyst.post(reverse("campaigns:transition", args=[assignment.pk, "accept"]))
    assignment.refresh_from_db()
    assert assignment.state == "accepted" and assignment.decided_by == users["analyst"]

    # The rows are now DESA's records; their history names the submission's import batch.
    apps = Application.objects.filter(entity=tree["a"]).order_by("code")
    assert [a.code for a in apps] == ["DESA-A1", "DESA-A2"]
    change = ObjectChange.objects.get(
        content_type=ContentType.objects.get_for_model(Application), object_id=apps[0].pk
    )
    assert change.source == "import" and change.import_batch.summary["assignment"] == assignment.pk
    assert assignment.section_files.get().batch == change.import_batch
    inventory = focal.get(reverse("inventory:entity_inventory", args=[tree["a"].pk])).content.decode()
    assert "DESA-A1" in inventory and "DESA-A2" in inventory

    # Completeness: 1 of 2 submitted and accepted; DM never opened it and is on the chase list.
    page = analyst.get(reverse("campaigns:campaign_page", args=[campaign.pk])).content.decode()
    assert "1 of 2 entities submitted, 1 of them accepted." in page
    assert 'data-never-opened="1"' in page and 'id="chase"' in page and 'data-entity="DM"' in page


def test_rows_of_another_entity_are_refused_and_others_see_nothing(
    tree: dict, users: dict, client_for: Any
) -> None:
    campaign = make_campaign(tree, users["analyst"])
    services.launch(campaign, user=users["analyst"])
    assignment = campaign.assignments.get(entity=tree["a"])
    page = upload(client_for("focal_a"), assignment, apps_csv("DM", ("DM-A1", "local", "1"))).content.decode()
    assert "Row 2: column entity: no entity with code DM that you may see." in page
    # An analyst (who sees every entity) uploading for DESA is kept to DESA too.
    services.upload_section(
        assignment,
        campaign.items.get(code="apps"),
        content=apps_csv("DM", ("DM-A1", "local", "1")),
        filename="apps.csv",
        user=users["analyst"],
    )
    problems = assignment.section_files.get().problems
    assert problems == [{"row": 2, "message": "column entity: DM is not DESA or one of its units."}]
    # DM's focal point cannot open, answer or upload DESA's assignment.
    other = client_for("focal_b")
    assert other.get(reverse("campaigns:assignment_page", args=[assignment.pk])).status_code == 404
    assert upload(other, assignment, apps_csv("DM", ("DM-A1", "local", "1"))).status_code == 404
    assert other.post(reverse("campaigns:answers", args=[assignment.pk]), {"q-desks": "1"}).status_code == 404


def test_scope_by_tree_and_filter(tree: dict, users: dict) -> None:
    make_entity("MINUSCA", tree["root"], kind="peacekeeping_mission", location_class="missions")
    campaign = make_campaign(tree, users["analyst"])
    campaign.scope_entities.set([])
    campaign.scope_root = tree["root"]
    campaign.scope_kinds = "department; peacekeeping_mission"
    campaign.save()
    assert [e.code for e in services.entities_in_scope(campaign)] == ["DESA", "DM", "MINUSCA"]
    campaign.scope_location_class = "missions"
    campaign.save()
    assert [e.code for e in services.entities_in_scope(campaign)] == ["MINUSCA"]
    # Types are the organisation's own vocabulary: once it lists them, another code is refused.
    for code in ("organisation", "department", "division", "peacekeeping_mission"):
        EntityKind.objects.create(organisation=tree["root"], code=code, name={"en": code})
    campaign.scope_kinds = "galaxy"
    with pytest.raises(Exception, match="is not one of the entity kinds"):
        campaign.full_clean()


def test_reminders_before_and_after_the_deadline_and_chasing(
    tree: dict, users: dict, client_for: Any
) -> None:
    users["focal_a"].email = "desa-focal@un.org"
    users["focal_a"].save()
    today = datetime.date.today()
    campaign = make_campaign(tree, users["analyst"], deadline=today + datetime.timedelta(days=7))
    services.launch(campaign, user=users["analyst"])
    call_command("send_reminders", today=today.isoformat())
    assert [m.to for m in mail.outbox] == [["desa-focal@un.org"]]
    assert "DC-TEST" not in mail.outbox[0].subject and "ICT data call" in mail.outbox[0].subject
    call_command("send_reminders", today=today.isoformat())  # once a day
    assert len(mail.outbox) == 1
    call_command("send_reminders", today=(today + datetime.timedelta(days=3)).isoformat())
    assert len(mail.outbox) == 1  # no reminder due that day
    call_command("send_reminders", today=(today + datetime.timedelta(days=8)).isoformat())
    assert Reminder.objects.filter(kind="after").count() == 2  # both entities, DM without an address
    # The focal point sees the reminders in the application too.
    assert 'id="reminders"' in client_for("focal_a").get(reverse("campaigns:mine")).content.decode()
    # The analyst chases DM; a focal point may not chase.
    dm = campaign.assignments.get(entity=tree["b"])
    client_for("focal_b").post(reverse("campaigns:chase", args=[dm.pk]))
    assert not dm.reminders.filter(kind="chase").exists()
    client_for("analyst").post(reverse("campaigns:chase", args=[dm.pk]))
    assert dm.reminders.filter(kind="chase", sent_by=users["analyst"]).exists()


def test_copy_for_next_year_prefills_last_years_accepted_answers(
    tree: dict, users: dict, client_for: Any
) -> None:
    analyst = users["analyst"]
    campaign = make_campaign(tree, analyst)
    services.launch(campaign, user=analyst)
    assignment = campaign.assignments.get(entity=tree["a"])
    services.save_answers(assignment, {"desks": "4"}, user=users["focal_a"])
    services.upload_section(
        assignment,
        campaign.items.get(code="apps"),
        content=apps_csv("DESA", ("DESA-A9", "local", "2")),
        filename="apps.csv",
        user=users["focal_a"],
    )
    services.submit(assignment, user=users["focal_a"])
    services.accept(assignment, user=analyst)
    next_year = datetime.date.today() + datetime.timedelta(days=365)
    response = client_for("analyst").post(
        reverse("campaigns:copy", args=[campaign.pk]),
        {
            "code": "DC-NEXT",
            "opens": next_year.isoformat(),
            "deadline": (next_year + datetime.timedelta(30)).isoformat(),
        },
    )
    copy = Campaign.objects.get(code="DC-NEXT")
    assert response.status_code == 302 and copy.previous == campaign and copy.items.count() == 2
    services.launch(copy, user=analyst)
    prefilled = copy.assignments.get(entity=tree["a"])
    assert prefilled.prefilled and prefilled.answers.get().value == "4"
    assert prefilled.section_files.get().filename == "apps.csv"
    assert not copy.assignments.get(entity=tree["b"]).prefilled
    # The template of the section holds the records accepted last year.
    template = client_for("focal_a").get(
        reverse("campaigns:template", args=[prefilled.pk, copy.items.get(code="apps").pk]) + "?format=csv"
    )
    assert template.status_code == 200 and "DESA-A9" in template.content.decode("utf-8-sig")


def test_the_workflow_through_the_api(tree: dict, users: dict) -> None:
    from rest_framework.test import APIClient

    campaign = make_campaign(tree, users["analyst"])
    services.launch(campaign, user=users["analyst"])
    assignment = campaign.assignments.get(entity=tree["a"])
    focal, analyst = APIClient(), APIClient()
    focal.force_authenticate(users["focal_a"])
    analyst.force_authenticate(users["analyst"])
    base = f"/campaigns/api/assignment/{assignment.pk}"
    refused = focal.post(f"{base}/answers/", {"desks": "x"}, format="json")
    assert refused.status_code == 400 and "desks" in refused.json()["answers"]
    assert focal.post(f"{base}/answers/", {"desks": "2"}, format="json").status_code == 200
    bad = focal.post(
        f"{base}/upload/",
        {"item": "apps", "file": SimpleUploadedFile("a.csv", apps_csv("DESA", ("X1", "nowhere", "1")))},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.json()["problems"][0]["row"] == 2
    ok = focal.post(
        f"{base}/upload/",
        {"item": "apps", "file": SimpleUploadedFile("a.csv", apps_csv("DESA", ("X1", "local", "1")))},
        format="multipart",
    )
    assert ok.status_code == 200 and ok.json()["sections"]["apps"]["rows"] == 1
    version = focal.post(f"{base}/submit/", {}, format="json").json()["version"]
    assert focal.post(f"{base}/accept/", {}, format="json").status_code == 403
    assert analyst.post(f"{base}/return/", {}, format="json").status_code == 400  # a reason is needed
    assert analyst.post(f"{base}/accept/", {"version": version - 1}, format="json").status_code == 409
    accepted = analyst.post(f"{base}/accept/", {"version": version}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert Application.objects.get(code="X1").entity == tree["a"]
    other = APIClient()
    other.force_authenticate(users["focal_b"])
    assert other.get(f"{base}/answers/").status_code == 404


def test_state_moves_only_through_the_workflow(tree: dict, users: dict, client_for: Any) -> None:
    campaign = make_campaign(tree, users["analyst"])
    services.launch(campaign, user=users["analyst"])
    assignment = campaign.assignments.get(entity=tree["a"])
    edit = client_for("analyst").get(reverse("campaigns:assignment_edit", args=[assignment.pk]))
    assert 'name="state"' not in edit.content.decode()
    with pytest.raises(Exception, match="Only a submitted assignment can be accepted"):
        services.accept(assignment, user=users["analyst"])
    grant(users["reader"], "entity_focal_point", tree["a_child"])
    assert not services.may_answer(
        users["reader"], assignment
    )  # a unit's focal point does not answer for DESA


@pytest.mark.parametrize("code", ("ar", "zh-hans", "en", "fr", "ru", "es"))
def test_the_campaign_and_inventory_pages_render_in_every_language(
    code: str, tree: dict, users: dict, client_for: Any
) -> None:
    campaign = make_campaign(tree, users["analyst"])
    services.launch(campaign, user=users["analyst"])
    assignment = campaign.assignments.get(entity=tree["a"])
    for who, urls in (
        (
            "analyst",
            [
                reverse("campaigns:campaign_page", args=[campaign.pk]),
                reverse("campaigns:assignment_page", args=[assignment.pk]),
                reverse("inventory:portfolio"),
                reverse("inventory:entity_inventory", args=[tree["root"].pk]),
            ],
        ),
        ("focal_a", [reverse("campaigns:mine"), reverse("campaigns:assignment_page", args=[assignment.pk])]),
    ):
        client = client_for(who)
        client.cookies["django_language"] = code
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (code, url)
            html = response.content.decode()
            assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in html, (code, url)
