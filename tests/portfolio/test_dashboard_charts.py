"""The portfolio dashboard's charts and links: the health chart carries the dashboard's counts, every
count and bar links to the project list that shows exactly that count (with the dashboard's own
filters), and the progress chart carries each report's declared % and the earned % of its period."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from lodestar.core.charts import values_of
from lodestar.portfolio import models as prj

from .factories import create, programme
from .test_dashboard import URL, portfolio_project

pytestmark = pytest.mark.django_db


def _on_track(owner: Any, n: int) -> prj.Project:
    project = create(prj.Project, entity=owner, code=f"{owner.code}-G{n}", name={"en": f"Green {n}"})
    create(
        prj.Milestone,
        project=project,
        name={"en": "Design"},
        weight=1,
        status="accepted",
        evidence_link="https://undocs.org/A/74/588",
        baseline_due=datetime.date(2030, 6, 1),
        completed_on=datetime.date(2018, 5, 30),
    )
    create(
        prj.Milestone, project=project, name={"en": "Build"}, weight=1, baseline_due=datetime.date(2031, 1, 1)
    )
    create(prj.StatusReport, project=project, period="2018", declared_percent=Decimal(50), health="green")
    return project


def _listed(client: Any, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["total"]


def test_every_health_count_and_bar_opens_the_list_of_exactly_those_projects(
    tree: dict, client_for: Any
) -> None:
    first = programme(tree["a"], 1)
    for n in range(3):
        portfolio_project(tree["a"], n, first)  # off track: 100 % declared, 25 % earned
    portfolio_project(tree["b"], 9)
    for n in range(2):
        _on_track(tree["a_child"], n)
    client = client_for("analyst")
    for query in ({}, {"entity": tree["a"].pk}, {"programme": first.pk}, {"entity": tree["b"].pk}):
        cache.clear()
        response = client.get(URL, query)
        links = response.context["health_links"]
        counts = {key: n for key, _label, n in response.context["health_counts"]}
        assert {row["key"]: row["count"] for row in links if row["key"] in counts} == counts
        bars = values_of(response.context["health_chart"])
        assert [b["value"] for b in bars] == [row["count"] for row in links]
        assert [b["href"] for b in bars] == [row["href"] for row in links]
        for row in links:
            assert _listed(client, row["href"]) == row["count"], (query, row)
        html = response.content.decode()
        assert f'href="{links[0]["href"].replace("&", "&amp;")}"' in html
    cache.clear()
    everything = client.get(URL).context["health_links"]
    assert {row["key"]: row["count"] for row in everything}["red"] == 4
    assert sum(row["count"] for row in everything if row["key"] != "unverified") == 6


def test_a_focal_point_follows_a_link_and_sees_only_their_projects(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    portfolio_project(tree["b"], 2)
    client = client_for("focal_a")
    links = client.get(URL).context["health_links"]
    red = next(row for row in links if row["key"] == "red")
    assert red["count"] == 1 and _listed(client, red["href"]) == 1


def test_the_progress_chart_has_each_period_declared_and_earned(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    response = client_for("analyst").get(URL)
    points = {(p["series"], p["x"]): p for p in values_of(response.context["progress_chart"])}
    summary = response.context["summaries"][0]
    for row in summary.periods:
        declared = points[(f"{summary.project.code} declared", row.report.period)]
        earned = points[(f"{summary.project.code} earned", row.report.period)]
        assert declared["y"] == float(row.report.declared_percent) and declared["dash"] is True
        assert earned["y"] == float(row.earned) and earned["dash"] is False
        assert declared["href"] == summary.project.get_absolute_url()
    assert len(points) == 2 * len(summary.periods) == 4


def test_the_timeline_has_a_legend_and_a_labelled_today(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    html = client_for("analyst").get(URL, {"as_at": "2019-03-01"}).content.decode()
    assert 'id="timeline-legend"' in html and "Baseline end date" in html
    assert 'id="timeline-today"' in html and "Today 2019-03-01" in html
