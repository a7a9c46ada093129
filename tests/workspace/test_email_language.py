"""E-mails are written in the recipient's language (workspace.Preference.language), whatever the
language of the request or task that sends them; dates in them as that language writes them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from lodestar.campaigns import reminders, services
from lodestar.workspace import notify
from lodestar.workspace.models import Notification, Preference, email_language

from ..campaigns.test_campaigns import make_campaign
from .test_inbox import login

pytestmark = pytest.mark.django_db


def test_a_french_reader_gets_the_notification_in_french(users: dict) -> None:
    analyst = users["analyst"]
    analyst.email = "analyst@example.org"
    analyst.save()
    assert email_language(analyst) == "en"  # the site's default until chosen
    Preference.objects.create(user=analyst, delivery=Preference.Delivery.DIGEST, language="fr")
    Notification.objects.create(
        recipient=analyst,
        event=notify.DEADLINE + "update_propose",
        subject="BOA-1",
        url="/oversight/",
        record_label="oversight.recommendation",
        record_id=1,
        due=datetime.date(2026, 12, 31),
    )
    mail.outbox.clear()
    with translation.override("en"):  # the worker's language does not matter
        assert notify.send_digests() == 1
    [message] = mail.outbox
    assert "Échéance le 31 décembre 2026" in message.subject, message.subject
    assert "Due on" not in message.body


def test_campaign_reminders_go_out_one_per_language(tree: dict, users: dict) -> None:
    users["focal_a"].email = "desa-focal@un.org"
    users["focal_a"].save()
    Preference.objects.create(user=users["focal_a"], language="fr")
    campaign = make_campaign(tree, users["analyst"], deadline=datetime.date(2026, 12, 31))
    services.launch(campaign, user=users["analyst"])
    mail.outbox.clear()
    reminders.send_reminders(datetime.date(2026, 12, 24))
    french = [m for m in mail.outbox if m.to == ["desa-focal@un.org"]]
    assert french and french[0].subject.startswith("Rappel"), [m.subject for m in mail.outbox]
    assert "31 décembre 2026" in french[0].subject


def test_the_language_is_chosen_on_the_preferences_page(users: dict) -> None:
    client: Any = login(users["reader"])
    page = client.get(reverse("workspace:preferences")).content.decode()
    assert 'name="language"' in page
    client.post(reverse("workspace:preferences"), {"delivery": "immediate", "language": "ru"})
    assert Preference.objects.get(user=users["reader"]).language == "ru"
    assert email_language(users["reader"]) == "ru"
