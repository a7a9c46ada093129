"""History names the records a many-to-many field points to, not their ids ("[1, 2]"), in a fixed
number of queries per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lodestar.core.history import changes_for
from lodestar.core.registry import registry
from lodestar.oversight.models import Recommendation

from ..oversight.factories import recommendation, report

pytestmark = pytest.mark.django_db


def test_history_shows_the_names_of_related_records(tree: dict, users: dict) -> None:
    rec = recommendation(tree["a"], 1, report=report(tree["root"], 1))
    service = registry[Recommendation].service
    service.update(rec, data={"other_entities": [tree["b"]]}, user=users["analyst"])
    change = changes_for(rec).first()
    with translation.override("en"):
        rows = {label: (before, after) for label, before, after in change.labelled_diff()}
    field = str(Recommendation._meta.get_field("other_entities").verbose_name)
    assert rows[field] == ("—", str(tree["b"]))

    client = Client()
    client.force_login(users["analyst"])
    url = reverse("oversight:recommendation_history", args=[rec.pk])

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return len(captured), page

    few, page = queries()
    assert f"[{tree['b'].pk}]" not in page
    for other in (tree["a_child"], tree["root"], tree["b"]):
        service.update(
            Recommendation.objects.get(pk=rec.pk), data={"other_entities": [other]}, user=users["analyst"]
        )
    many, page = queries()
    assert many == few
    assert "[" + str(tree["root"].pk) + "]" not in page
