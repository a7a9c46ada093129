"""The portfolio dashboard: figures from the stored facts, scoped, filtered, a server-drawn timeline,
and a number of queries that does not grow with the number of projects."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.portfolio import models as prj
from lodestar.portfolio import progress
from lodestar.portfolio.progress import MilestoneFacts

from .factories import create, programme

URL = "/portfolio/"


def portfolio_project(owner: Any, n: int, programme_: Any = None, **extra: Any) -> prj.Project:
    """A project with two milestones (one accepted) and two status reports."""
    project = create(
        prj.Project,
        entity=owner,
        code=f"{owner.code}-D{n}",
        name={"en": f"Dashboard project {n}"},
        programme=programme_,
        start_date=datetime.date(2018, 1, 1),
        baseline_end=datetime.date(2019, 12, 31),
        current_end=datetime.date(2020, 6, 30),
        **extra,
    )
    create(
        prj.Milestone,
        project=project,
        name={"en": "Design"},
        weight=1,
        status="accepted",
        evidence_link="https://undocs.org/A/74/588",
        baseline_due=datetime.date(2018, 6, 1),
        current_due=datetime.date(2018, 6, 1),
        completed_on=datetime.date(2018, 5, 30),
    )
    create(
        prj.Milestone,
        project=project,
        name={"en": "Go-live"},
        weight=3,
        baseline_due=datetime.date(2019, 6, 1),
        current_due=datetime.date(2020, 3, 1),  # slipped
    )
    create(prj.StatusReport, project=project, period="2018", declared_percent=Decimal(20), health="green")
    create(
        prj.StatusReport,
        project=project,
        period="2019",
        declared_percent=Decimal(100),
        declared_completed=True,
    )
    return project


@pytest.mark.django_db
def test_the_dashboard_shows_declared_earned_slipped_and_unsupported(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    response = client_for("analyst").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<tr data-project="DESA-D1">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'class="text-end declared">100(\.00)?<', row)
    assert 'class="text-end earned">25<' in row
    assert "1 / 2" in row  # one of two milestones slipped
    assert 'data-health="red"' in row  # 100 declared vs 25 earned
    summary = response.context["summaries"][0]
    assert summary.earned == Decimal("25.00") and summary.slipped == 1 and len(summary.unsupported) == 1
    assert response.context["unsupported_total"] == 1


@pytest.mark.django_db
def test_the_dashboard_is_scoped_and_filtered(tree: dict, client_for: Any) -> None:
    first = programme(tree["a"], 1)
    portfolio_project(tree["a"], 1, first)
    portfolio_project(tree["a_child"], 2)
    portfolio_project(tree["b"], 3)

    def codes(who: str, query: str = "") -> set[str]:
        response = client_for(who).get(URL + query)
        assert response.status_code == 200
        return {s.project.code for s in response.context["summaries"]}

    assert codes("focal_a") == {"DESA-D1", "DESA-STAT-D2"}
    assert codes("focal_b") == {"DM-D3"}
    assert codes("analyst") == {"DESA-D1", "DESA-STAT-D2", "DM-D3"}
    assert codes("analyst", f"?programme={first.pk}") == {"DESA-D1"}
    assert codes("analyst", f"?entity={tree['a'].pk}") == {"DESA-D1", "DESA-STAT-D2"}
    assert codes("analyst", f"?entity={tree['a_child'].pk}") == {"DESA-STAT-D2"}
    # An entity outside the user's scope is no filter at all: it cannot widen what they see.
    assert codes("focal_a", f"?entity={tree['b'].pk}") == {"DESA-D1", "DESA-STAT-D2"}
    assert client_for("nobody").get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_the_timeline_is_an_inline_svg(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    create(prj.Project, entity=tree["a"], code="UNDATED", name={"en": "No dates"})
    html = client_for("analyst").get(URL).content.decode()
    svg = re.search(r'<svg id="timeline".*?</svg>', html, re.S).group(0)
    assert svg.count('class="project-bar"') == 1  # a project without dates has no bar
    assert svg.count('class="baseline-end"') == 1
    assert svg.count('class="milestone-tick"') == 2
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert ">2018<" in svg and ">2021<" in svg


@pytest.mark.django_db
def test_query_count_does_not_grow_with_projects(tree: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    prog = programme(tree["a"], 1)
    for n in range(3):
        portfolio_project(tree["a"], n, prog)
    client.get(URL)  # warm the caches (content types, session)
    cache.clear()  # the figures computed afresh: their query count is the one that must not grow
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).context["summaries"]) == 3
    for n in range(3, 30):
        portfolio_project(tree["a"], n, prog)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL).context["summaries"]) == 30
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.django_db
def test_a_large_portfolio_is_shown_a_page_at_a_time_and_counted_whole(tree: dict, client_for: Any) -> None:
    from lodestar.portfolio.views import DASHBOARD_PAGE_SIZE

    client = client_for("analyst")
    total = DASHBOARD_PAGE_SIZE + 3
    for n in range(total):
        portfolio_project(tree["a"], n)
    first = client.get(URL, {"entity": tree["a"].pk})
    body = first.content.decode()
    assert len(first.context["summaries"]) == DASHBOARD_PAGE_SIZE
    assert body.count('class="project-bar"') == DASHBOARD_PAGE_SIZE
    # Every project declares 100 % in 2019 with one milestone of two accepted: all are unsupported.
    assert first.context["unsupported_total"] == total
    assert sum(n for _key, _label, n in first.context["health_counts"]) == total
    assert f"entity={tree['a'].pk}&amp;page=2" in body
    second = client.get(URL, {"entity": tree["a"].pk, "page": 2})
    assert len(second.context["summaries"]) == 3
    shown = {s.project.code for s in [*first.context["summaries"], *second.context["summaries"]]}
    assert len(shown) == total


@pytest.mark.django_db
def test_the_project_page_query_count_does_not_grow_with_milestones(tree: dict, client_for: Any) -> None:
    project = portfolio_project(tree["a"], 1)
    client = client_for("analyst")
    client.get(project.get_absolute_url())
    cache.clear()  # the inbox count computed afresh, as after the writes below
    with CaptureQueriesContext(connection) as few:
        assert client.get(project.get_absolute_url()).status_code == 200
    for n in range(10):
        create(prj.Milestone, project=project, name={"en": f"Extra {n}"}, weight=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(project.get_absolute_url()).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.django_db
def test_the_dashboard_renders_right_to_left(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    client = client_for("analyst")
    client.post(reverse("set_language"), {"language": "ar", "next": URL})
    html = client.get(URL).content.decode()
    assert 'dir="rtl"' in html and 'id="timeline"' in html
    svg = re.search(r'<svg id="timeline".*?</svg>', html, re.S).group(0)
    # Arabic formats 2.5 as "2,5": coordinates must stay plain numbers or the chart falls apart.
    assert not re.search(r'(x|x1|x2|width)="-?\d+,\d', svg)
    assert 'text-anchor="end"' in svg


# Pure functions -------------------------------------------------------------------------------


def test_period_end() -> None:
    assert progress.period_end("2019") == datetime.date(2019, 12, 31)
    assert progress.period_end("2018-2019") == datetime.date(2019, 12, 31)
    assert progress.period_end("2018–2019") == datetime.date(2019, 12, 31)
    assert progress.period_end("Q3") is None


def test_earned_as_of_counts_only_what_was_accepted_and_completed_by_then() -> None:
    ms = [
        MilestoneFacts(1, "accepted", completed_on=datetime.date(2018, 5, 1)),
        MilestoneFacts(1, "accepted", completed_on=datetime.date(2019, 5, 1)),
        MilestoneFacts(2, "submitted", completed_on=datetime.date(2018, 1, 1)),
        MilestoneFacts(4, "accepted"),  # accepted, no completion date: only in the current figure
    ]
    assert progress.earned_percent_as_of(ms, datetime.date(2018, 12, 31)) == Decimal("12.50")
    assert progress.earned_percent_as_of(ms, datetime.date(2019, 12, 31)) == Decimal("25.00")
    assert progress.earned_percent(ms) == Decimal("75.00")


def test_timeline_positions_mirror_right_to_left() -> None:
    axis = progress.timeline_axis([datetime.date(2018, 3, 1), datetime.date(2019, 10, 1), None])
    assert (axis.start, axis.end) == (datetime.date(2018, 1, 1), datetime.date(2020, 1, 1))
    bar = progress.timeline_bar(
        datetime.date(2018, 1, 1), datetime.date(2019, 1, 1), datetime.date(2018, 7, 1), [], axis, 1000
    )
    mirrored = progress.timeline_bar(
        datetime.date(2018, 1, 1),
        datetime.date(2019, 1, 1),
        datetime.date(2018, 7, 1),
        [],
        axis,
        1000,
        rtl=True,
    )
    assert bar.x == 0 and round(bar.width) == 500
    assert mirrored.x == round(1000 - bar.width, 1) and mirrored.width == bar.width
    assert mirrored.baseline_x == round(1000 - bar.baseline_x, 1)
    assert progress.timeline_bar(None, None, None, [], axis, 1000) is None
    assert progress.timeline_axis([None]) is None
