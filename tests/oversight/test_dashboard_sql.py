"""The oversight dashboard counted by the database (``aggregates.dashboard``) gives exactly the
figures of the Python computation it replaced (``recount.dashboard_in_python``), on a generated
register with every status, updates in every workflow state, reopened recommendations, updates dated
before the issue, after the as-at day and on the same day, several addressees, reports dated to
the day, month or year, and recommendations with and without target dates: for a central analyst
and a focal point, at several dates."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.oversight import aggregates, recount, spans
from lodestar.oversight import models as ovs

STATES = ["implemented", "under_implementation", "not_started", "not_implemented", "overtaken"]
WORKFLOW = ["validated", "validated", "validated", "proposed", "reviewed", "draft", "returned"]


def generate(tree: dict, seed: int, count: int) -> None:
    """A register written by bulk inserts, as the benchmark writes it."""
    rng = random.Random(seed)
    root = tree["root"]
    entities = [tree["a"], tree["b"], tree["a_child"], root]
    bodies = ovs.OversightBody.objects.bulk_create(
        [
            ovs.OversightBody(
                organisation=root, code=f"B{seed}-{n}", acronym=f"B{n}", name={"en": f"Body {n}"}
            )
            for n in range(3)
        ]
    )
    known = ["day", "day", "day", "month", "year"]
    reports = ovs.OversightReport.objects.bulk_create(
        [
            ovs.OversightReport(
                symbol=f"A/{seed}/{n}",
                body=bodies[n % 3],
                title={"en": f"Report {n}"},
                date=datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4500)),
                date_known=rng.choice(known),
            )
            for n in range(max(2, count // 8))
        ]
    )
    recs = []
    for i in range(count):
        original = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4000))
        recs.append(
            ovs.Recommendation(
                entity=rng.choice(entities),
                code=f"R{seed}-{i}",
                report=rng.choice(reports),
                reference=f"para. {i}",
                text={"en": f"Recommendation {i}"},
                original_target_date=original if rng.random() < 0.8 else None,
                revised_target_date=original + datetime.timedelta(days=400) if rng.random() < 0.2 else None,
                order=rng.randrange(0, 5),  # ties in the order: the pk decides
            )
        )
    recs = ovs.Recommendation.objects.bulk_create(recs)
    through = ovs.Recommendation.other_entities.through
    addressees, links = [], []
    for rec in recs:
        addressees.append(ovs.Addressee(recommendation=rec, entity_id=rec.entity_id))
        for other in rng.sample([e for e in entities if e.pk != rec.entity_id], rng.choice([0, 0, 1, 2])):
            addressees.append(ovs.Addressee(recommendation=rec, entity=other))
            links.append(through(recommendation_id=rec.pk, entity_id=other.pk))
    through.objects.bulk_create(links)
    addressees = ovs.Addressee.objects.bulk_create(addressees)
    issued = {r.pk: r.report.date for r in recs}
    updates = []
    for a in addressees:
        for _n in range(rng.choice([0, 1, 2, 3, 4])):
            state = rng.choice(WORKFLOW)
            day = issued[a.recommendation_id] + datetime.timedelta(days=rng.randrange(-60, 3000) // 90 * 90)
            updates.append(
                ovs.StatusUpdate(
                    addressee=a,
                    as_of=day,
                    reported_status=rng.choice(STATES),
                    state=state,
                    assessed_status=rng.choice(["", *STATES]) if state == "validated" else "",
                )
            )
    ovs.StatusUpdate.objects.bulk_create(updates)
    spans.refresh([r.pk for r in recs])  # as the services do with each write


DAYS = [datetime.date(2016, 6, 30), datetime.date(2019, 12, 31), datetime.date(2024, 3, 1)]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_database_figures_equal_the_python_ones(tree: dict, users: dict[str, Any], seed: int) -> None:
    generate(tree, seed, 160)
    for name in ("analyst", "focal_a"):
        for today in [*DAYS, datetime.date.today()]:
            expected = recount.dashboard_in_python(users[name], today)
            assert expected["total"], (name, today)  # the register is not empty at that date
            assert aggregates.dashboard(users[name], today) == expected, (name, today)


def test_an_empty_register_and_a_user_who_sees_nothing(tree: dict, users: dict[str, Any]) -> None:
    today = datetime.date(2020, 1, 1)
    assert aggregates.dashboard(users["analyst"], today) == recount.dashboard_in_python(
        users["analyst"], today
    )
    generate(tree, 3, 20)
    assert aggregates.dashboard(users["nobody"], today) == recount.dashboard_in_python(users["nobody"], today)


def test_the_query_count_does_not_grow_with_the_register(tree: dict, users: dict[str, Any]) -> None:
    today = datetime.date(2024, 1, 1)
    generate(tree, 4, 10)
    aggregates.dashboard(users["analyst"], today)  # the user's roles, read once per user
    with CaptureQueriesContext(connection) as small:
        aggregates.dashboard(users["analyst"], today)
    generate(tree, 5, 200)
    with CaptureQueriesContext(connection) as large:
        aggregates.dashboard(users["analyst"], today)
    assert len(small) == len(large)
