"""The answers to a self-certification control: stable codes, shown in the reader's language, the
old stored words moved to codes by a migration; the dashboard in a fixed number of queries
whatever the number of self-certification campaigns."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.campaigns import services as campaigns
from lodestar.campaigns.models import Answer, Campaign
from lodestar.compliance import services
from lodestar.core.registry import registry

from .factories import instrument

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def _campaign(tree: dict, users: dict, n: int) -> Campaign:
    analyst = users["analyst"]
    campaign = registry[Campaign].service.create(
        data={
            "code": f"SC-T{n}",
            "kind": "self_certification",
            "name": {"en": f"Self-certification {n}"},
            "entity": tree["root"],
            "opens": TODAY - datetime.timedelta(days=5 + n),
            "deadline": TODAY + datetime.timedelta(days=20),
            "scope_entities": [tree["a"], tree["b"]],
        },
        user=analyst,
    )
    services.add_control(
        campaign, instrument=instrument(tree["root"], 40 + n), code="C1", text={"en": "Access"}, user=analyst
    )
    campaigns.launch(campaign, user=analyst)
    return campaign


def test_control_answers_are_codes_shown_in_the_readers_language(
    tree: dict, users: dict, client_for: Any
) -> None:
    campaign = _campaign(tree, users, 1)
    a = campaign.assignments.get(entity=tree["a"])
    # The English words (what an older client or import file sends) are stored as the code.
    assert campaigns.save_answers(a, {"C1": "Partly compliant"}, user=users["focal_a"]) == {}
    assert Answer.objects.get(assignment=a, item__code="C1").value == "partly_compliant"
    assert campaigns.save_answers(a, {"C1": "maybe"}, user=users["focal_a"]) != {}
    url = reverse("campaigns:assignment_page", args=[a.pk])
    focal = client_for("focal_a")
    french = focal.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="partly_compliant" selected>Partiellement conforme</option>' in french
    assert '<option value="not_compliant">Non conforme</option>' in french
    chinese = focal.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="compliant">合规</option>' in chinese
    assert "partly compliant" not in chinese and "部分合规" in chinese


def test_the_migration_moves_stored_words_to_codes(tree: dict, users: dict) -> None:
    campaign = _campaign(tree, users, 1)
    control = campaign.controls.get()
    item = control.answer_item
    type(item).objects.filter(pk=item.pk).update(choices="compliant;partly compliant;not compliant")
    a = campaign.assignments.get(entity=tree["a"])
    Answer.objects.create(assignment=a, item=item, value="not compliant")
    migration = importlib.import_module("lodestar.compliance.migrations.0002_control_answer_codes")
    migration.forwards(apps, None)
    item.refresh_from_db()
    assert item.choice_list() == ["compliant", "partly_compliant", "not_compliant"]
    assert Answer.objects.get(assignment=a, item=item).value == "not_compliant"
    migration.backwards(apps, None)
    assert Answer.objects.get(assignment=a, item=item).value == "not compliant"


def test_the_dashboard_queries_do_not_grow_with_the_campaigns(
    tree: dict, users: dict, client_for: Any
) -> None:
    analyst = client_for("analyst")
    url = reverse("compliance:dashboard") + f"?as_at={TODAY}"
    first = _campaign(tree, users, 1)
    campaigns.save_answers(
        first.assignments.get(entity=tree["a"]), {"C1": "compliant"}, user=users["focal_a"]
    )
    analyst.get(url)  # caches warmed (vocabularies, sessions) before counting
    cache.clear()  # the figures and the inbox count computed afresh, as after the writes below
    with CaptureQueriesContext(connection) as one:
        page = analyst.get(url)
    assert page.status_code == 200 and page.content.decode().count("data-campaign=") == 1
    for n in (2, 3):
        _campaign(tree, users, n)
    with CaptureQueriesContext(connection) as three:
        page = analyst.get(url)
    assert page.content.decode().count("data-campaign=") == 3
    assert len(three) == len(one), [q["sql"] for q in three.captured_queries]
