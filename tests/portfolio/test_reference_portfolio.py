"""The portfolio reference data: A/73/384 annex II and the A/65/491 structural-review projects load
once, match the projects already known from A/74/588, and keep the seeds' facts."""

from __future__ import annotations

import datetime
import json
import re
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.org.models import Entity
from lodestar.portfolio import models as prj
from tests.conftest import grant

from ..reference_snapshot import reference_data

CODE = "PRJ-UNSUPPORTED-COMPLETION"


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    return reference_data()


def test_the_portfolio_is_loaded_with_its_history(loaded: dict[str, int]) -> None:
    # Loading twice changes nothing: tests/reference/test_reference_data.py, for every domain.
    ours = {str(m._meta.verbose_name_plural) for m in apps.get_app_config("portfolio").get_models()}
    assert [key for key in loaded if key.rsplit(" ", 1)[0] in ours]
    assert ObjectChange.objects.filter(content_type__app_label="portfolio", source="reference").exists()


def test_annex_ii_projects_reuse_the_acabq_ones(loaded: dict[str, int]) -> None:
    strategy = prj.Project.objects.filter(programme__code="ICT-STRATEGY")
    assert strategy.count() == 20
    for code in ("ICT-UNITE-SD", "ICT-APP-CONSOL", "ICT-WEB-RATION", "ICT-ENOC"):
        project = prj.Project.objects.get(code=code)
        assert set(project.reports.values_list("document", flat=True)) >= {"A/70/364", "A/73/384", "A/74/588"}
    usd = prj.Project.objects.get(code="ICT-UNITE-SD")
    assert usd.start_date == datetime.date(2015, 1, 1)
    assert usd.reports.get(document="A/73/384").declared_percent == 93
    assert usd.milestones.count() == 4
    assert usd.milestones.filter(status="accepted").count() == 0  # "completed" is not "accepted"
    dr = prj.Project.objects.get(code="ICT-DR")
    assert [p.declared_percent for p in dr.phases.all()] == [100, 25]
    cr = prj.ChangeRequest.objects.get(project__code="ICT-EBIA")
    assert cr.schedule_delta_days == (datetime.date(2018, 2, 28) - datetime.date(2016, 12, 31)).days


def test_structural_review_projects(loaded: dict[str, int]) -> None:
    review = prj.Programme.objects.get(code="ICT-STRUCTURAL-REVIEW")
    assert review.cost_share_formula == "UMOJA"
    codes = list(review.projects.order_by("order").values_list("code", flat=True))
    assert codes == ["SR-SD-GLOBAL", "SR-DC-STREAM", "SR-ICT-RATION", "SR-OICT"]
    total = sum(prj.ProjectCost.objects.filter(project__programme=review).values_list("amount", flat=True))
    assert total == 140_675_300
    sd = prj.Project.objects.get(code="SR-SD-GLOBAL")
    assert sum(p.cost for p in sd.phases.all()) == 58_000_000
    assert [b.low for b in sd.benefits.all()] == [18_700_000, 6_600_000, 9_600_000]
    # ¶115 footnote a: not estimated, not zero.
    ration = prj.Benefit.objects.get(project__code="SR-ICT-RATION")
    assert ration.estimated is False and ration.low is None and ration.high is None
    assert prj.Programme.objects.filter(code__in=["ICT-KM", "ICT-RM", "ICT-IM"]).count() == 3


def test_benefits_are_realised_after_a_year_of_operation() -> None:
    project = prj.Project(operations_start=datetime.date(2016, 2, 29))
    assert project.benefits_from == datetime.date(2017, 2, 28)
    assert prj.Project(operations_start=datetime.date(2015, 7, 1)).benefits_from == datetime.date(2016, 7, 1)
    assert prj.Project().benefits_from is None


def _analyst() -> Client:
    user = get_user_model().objects.create_user(username="analyst", password="pw-analyst")
    grant(user, p.CENTRAL_ANALYST, Entity.objects.get(code="UN"))
    client = Client()
    client.force_login(user)
    return client


def test_reported_states_beside_the_evidence_and_two_severities_of_unsupported_completion(
    loaded: dict[str, int],
) -> None:
    # The 37 seeded milestones keep the state A/73/384 reported, none of them accepted.
    seeded = prj.Milestone.objects.filter(project__programme__code="ICT-STRATEGY")
    assert seeded.count() == 37 and not seeded.filter(status="accepted").exists()
    states = {
        s: seeded.filter(reported_status=s).count() for s in ("completed", "in_progress", "on_hold", "")
    }
    assert states == {"completed": 23, "in_progress": 10, "on_hold": 1, "": 3}
    assert set(seeded.exclude(reported_status="").values_list("reported_in", flat=True)) == {"A/73/384"}
    undated = seeded.get(project__code="ICT-DR", order=1)  # completed, no date: the state is not in the name
    assert undated.tr("name") == "Review the Secretariat-wide list of critical applications"
    assert undated.reported_status == "completed" and undated.completed_on is None

    out = StringIO()
    call_command("check", "--as-at", "2018-12-31", "--format", "json", "--code", CODE, stdout=out)
    found: dict[str, set[str]] = {}
    for f in json.loads(out.getvalue()):
        found.setdefault(f["data"]["project"], set()).add(f["severity"])
    acabq = {"ICT-UNITE-SD", "ICT-APP-CONSOL", "ICT-WEB-RATION", "ICT-ENOC"}
    assert {code: found[code] for code in acabq} == {code: {"error"} for code in acabq}
    assert found["ICT-EBIA"] == {"warning"} and found["ICT-MPLS"] == {"warning"}
    assert set(found) == acabq | {"ICT-EBIA", "ICT-MPLS"}

    # The dashboard: earned stays evidence-based; no seeded project is "off track" for want of
    # evidence; EBIA and MPLS show "reported complete, not verified".
    client = _analyst()
    response = client.get(reverse("portfolio:dashboard") + "?as_at=2018-12-31")
    html = response.content.decode()
    summaries = {s.project.code: s for s in response.context["summaries"]}
    assert summaries["ICT-EBIA"].earned == 0 and summaries["ICT-EBIA"].reported == 100
    red = {code for code, s in summaries.items() if s.health == "red"}
    assert red == acabq  # contradicted, not merely unverified
    row = re.search(r'<tr data-project="ICT-MPLS">(.*?)</tr>', html, re.S).group(1)
    assert 'data-verification="unverified"' in row and 'data-health="green"' in row
    assert response.context["as_at"] == datetime.date(2018, 12, 31)
    # The project page shows the reported state of each milestone and the warning's own wording.
    ebia = prj.Project.objects.get(code="ICT-EBIA")
    page = client.get(reverse("portfolio:project_page", args=[ebia.code]), follow=True).content.decode()
    assert 'data-completion="unverified"' in page and 'data-completion="contradicted"' not in page
    assert page.count('data-reported="completed"') == 5
    enoc = prj.Project.objects.get(code="ICT-ENOC")
    page = client.get(reverse("portfolio:project_page", args=[enoc.code]), follow=True).content.decode()
    assert 'data-completion="contradicted"' in page and 'data-reported="in_progress"' in page
