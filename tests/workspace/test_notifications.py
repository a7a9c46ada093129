"""Notifications: each hand-off tells the people whose job the next step is, in the application and
by e-mail (at once, in a daily digest, or not at all, as each person chooses); deadlines near are
reminded; the e-mails and the daily round are background tasks of the worker."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lodestar.campaigns import services as campaigns
from lodestar.campaigns.models import Campaign, CampaignItem
from lodestar.core import tasks
from lodestar.oversight.models import Addressee
from lodestar.workspace import notify
from lodestar.workspace.models import Notification, Preference

from ..campaigns.factories import create as create_campaign_record
from .test_inbox import draft, login, recommendation, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(tree: dict, users: dict) -> Any:
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()
    rec = recommendation(tree["a"], 1, report=report(tree["root"], 1))
    return draft(users["focal_a"], Addressee.objects.get(recommendation=rec, entity=tree["a"]))


def told(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("event", flat=True))


def test_each_hand_off_tells_the_next_person_in_the_application(
    update: Any, users: dict, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        login(users["focal_a"]).post(reverse("oversight:workflow", args=[update.pk, "propose"]))
    assert told(users["analyst"]) == ["update_proposed"]
    assert told(users["reviewer"]) == told(users["focal_b"]) == told(users["focal_a"]) == []
    assert len(callbacks) == 1  # the e-mail task is queued once the step is committed

    login(users["analyst"]).post(reverse("oversight:workflow", args=[update.pk, "review"]))
    assert told(users["reviewer"]) == ["update_reviewed"]
    login(users["reviewer"]).post(
        reverse("oversight:workflow", args=[update.pk, "return"]), {"reason": "Why?"}
    )
    assert told(users["focal_a"]) == ["update_returned"]  # the proposer, who is also the focal point

    client = login(users["focal_a"])
    page = client.get(reverse("workspace:notifications")).content.decode()
    assert "returned the status update on" in page and "reviewer" in page
    assert 'id="unread-count">1<' in client.get(reverse("workspace:inbox")).content.decode()
    note = Notification.objects.get(recipient=users["focal_a"])
    response = client.get(reverse("workspace:open_notification", args=[note.pk]))
    assert response["Location"].endswith(f"#update-{update.pk}")
    assert Notification.objects.get(pk=note.pk).read_at is not None
    # Nobody opens another person's notification.
    assert (
        login(users["analyst"]).get(reverse("workspace:open_notification", args=[note.pk])).status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_e_mail_goes_out_from_the_worker_at_once_or_in_the_daily_digest(tree: dict, users: dict) -> None:
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()
    rec = recommendation(tree["a"], 1, report=report(tree["root"], 1))
    first = draft(users["focal_a"], Addressee.objects.get(recommendation=rec, entity=tree["a"]))
    second = draft(users["focal_a"], Addressee.objects.get(recommendation=rec, entity=tree["a"]))
    mail.outbox.clear()
    login(users["focal_a"]).post(reverse("oversight:workflow", args=[first.pk, "propose"]))
    assert mail.outbox == []  # queued, not sent by the request
    tasks.run_worker(batch=True, interval=0)
    [message] = mail.outbox
    assert message.to == ["analyst@example.org"] and "awaits your review" in message.subject

    Preference.objects.create(user=users["analyst"], delivery=Preference.Delivery.DIGEST)
    mail.outbox.clear()
    login(users["focal_a"]).post(reverse("oversight:workflow", args=[second.pk, "propose"]))
    tasks.run_worker(batch=True, interval=0)
    assert mail.outbox == []
    assert notify.send_digests() == 1
    [digest] = mail.outbox
    assert digest.to == ["analyst@example.org"] and "awaits your review" in digest.body
    assert notify.send_digests() == 0  # each notification is e-mailed once


def test_the_daily_round_is_scheduled_with_the_worker() -> None:
    assert (notify.daily_notifications, notify.EVERY) in tasks.scheduled
    assert notify.daily_notifications in [scheduled for scheduled, _every in tasks._schedule()]


def test_deadline_reminders_go_to_who_owes_the_step_once(update: Any, users: dict) -> None:
    target = update.addressee.recommendation.target_date
    assert notify.deadline_reminders(target - datetime.timedelta(days=3)) == 0
    assert notify.deadline_reminders(target - datetime.timedelta(days=7)) == 1
    assert told(users["focal_a"]) == ["deadline:update_propose"]
    assert notify.deadline_reminders(target - datetime.timedelta(days=7)) == 0
    note = Notification.objects.get(recipient=users["focal_a"])
    assert "Propose the status update" in notify.message(note)


def test_issuing_a_data_call_tells_the_entities_focal_points(tree: dict, users: dict) -> None:
    campaign = create_campaign_record(
        Campaign,
        entity=tree["root"],
        code="DC-1",
        name={"en": "Inventory 2026"},
        opens=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 31),
    )
    campaign.scope_entities.set([tree["a"]])
    create_campaign_record(
        CampaignItem, campaign=campaign, code="Q1", kind="number", label={"en": "Servers?"}
    )
    campaigns.launch(campaign, user=users["analyst"])
    assert told(users["focal_a"]) == ["assignment_issued"]
    assert told(users["focal_b"]) == []
    page = login(users["focal_a"]).get(reverse("workspace:notifications")).content.decode()
    assert "Inventory 2026" in page and "asks your entity for an answer" in page


def test_a_person_chooses_the_digest(users: dict) -> None:
    client: Client = login(users["reader"])
    assert client.get(reverse("workspace:preferences")).status_code == 200
    client.post(reverse("workspace:preferences"), {"delivery": "digest"})
    assert Preference.objects.get(user=users["reader"]).delivery == "digest"
    assert client.post(reverse("workspace:preferences"), {"delivery": "loud"}).status_code == 400
