"""The portfolio dashboard's totals counted by the database (``figures.totals``) equal those of the
Python computation they replaced (every visible project summarised from all its milestones and
reports, ``views.summarise``), on a generated portfolio with every milestone status and reported
state, slipped and overdue milestones, weightless projects, waivers, measured targets and reports
claiming completion: for a central analyst and a focal point, at several dates."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from lodestar.portfolio import figures
from lodestar.portfolio import models as prj
from lodestar.portfolio.views import _visible_projects, summarise


def generate(tree: dict, seed: int, count: int) -> None:
    rng = random.Random(seed)
    owners = [tree["a"], tree["b"], tree["a_child"], tree["root"]]
    body = None
    projects = prj.Project.objects.bulk_create(
        [
            prj.Project(
                entity=rng.choice(owners),
                code=f"P{seed}-{i}",
                name={"en": f"Project {i}"},
                start_date=datetime.date(2016, 1, 1),
                target_status=rng.choice(["", "", "", "met", "not_met"]),
                target_value=Decimal(1000) if rng.random() < 0.5 else None,
                actual_value=Decimal(rng.choice([800, 1000, 1200])) if rng.random() < 0.6 else None,
                lower_is_better=rng.random() < 0.3,
                waiver_body=body,
                waiver_reason={"en": "Waived."} if rng.random() < 0.1 else {},
            )
            for i in range(count)
        ]
    )
    milestones, reports = [], []
    for p in projects:
        for m in range(rng.choice([0, 1, 3, 6])):
            baseline = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3000))
            milestones.append(
                prj.Milestone(
                    project=p,
                    name={"en": f"M{m}"},
                    weight=rng.choice([0, 1, 1, 2, 5]),
                    status=rng.choice(["open", "submitted", "accepted", "accepted", "returned"]),
                    reported_status=rng.choice(["", "", "completed", "in_progress", "on_hold"]),
                    baseline_due=baseline if rng.random() < 0.9 else None,
                    current_due=baseline + datetime.timedelta(days=rng.choice([0, 0, 90]))
                    if rng.random() < 0.8
                    else None,
                    completed_on=baseline if rng.random() < 0.5 else None,
                    order=m,
                )
            )
        for period in rng.sample(["2018", "2019", "2020", "2021-2022"], rng.choice([0, 1, 2, 3])):
            reports.append(
                prj.StatusReport(
                    project=p,
                    period=period,
                    declared_percent=Decimal(rng.choice(["0", "33.33", "50", "66.67", "99.99", "100"]))
                    if rng.random() < 0.9
                    else None,
                    declared_completed=rng.random() < 0.2,
                    health="green",
                )
            )
    prj.Milestone.objects.bulk_create(milestones)
    prj.StatusReport.objects.bulk_create(reports)


def python_totals(user: Any, today: datetime.date) -> dict[str, Any]:
    """The totals as the dashboard computed them before: every project summarised in Python."""
    summaries = [
        summarise(p, list(p.milestones.all()), list(p.reports.all()), today)
        for p in _visible_projects(user, prj.Project.objects.all(), figures_only=True)
    ]
    health = Counter(s.health for s in summaries)
    return {
        "count": len(summaries),
        "health_counts": [(key, str(label), health[key]) for key, label in prj.StatusReport.Health.choices],
        "unverified_total": sum(1 for s in summaries if s.unverified),
        "unsupported_total": sum(len(s.unsupported) for s in summaries),
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_the_database_totals_equal_the_python_ones(tree: dict, users: dict[str, Any], seed: int) -> None:
    generate(tree, seed, 120)
    for name in ("analyst", "focal_a"):
        for today in (datetime.date(2018, 6, 30), datetime.date(2021, 1, 1), datetime.date.today()):
            expected = python_totals(users[name], today)
            assert expected["count"], name
            assert figures.totals(users[name], prj.Project.objects.all(), today) == expected, (name, today)


def test_the_dashboard_pages_show_the_totals(tree: dict, users: dict[str, Any], client_for: Any) -> None:
    generate(tree, 3, 120)
    client = client_for("analyst")
    first = client.get("/portfolio/")
    today = first.context["as_at"]
    expected = python_totals(users["analyst"], today)
    assert first.context["health_counts"] == expected["health_counts"]
    assert first.context["unverified_total"] == expected["unverified_total"]
    assert first.context["page"].paginator.count == 120
    second = client.get("/portfolio/?page=3")  # the last page: 20 of them
    assert len(second.context["summaries"]) == 20
    codes = sorted(p.code for p in prj.Project.objects.all())
    assert [s.project.code for s in second.context["summaries"]] == codes[100:]


def test_an_empty_portfolio(tree: dict, client_for: Any) -> None:
    response = client_for("analyst").get("/portfolio/")
    assert response.status_code == 200
    assert response.context["summaries"] == [] and response.context["page"].paginator.count == 0
