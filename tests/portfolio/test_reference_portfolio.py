"""The portfolio reference data: A/73/384 annex II and the A/65/491 structural-review projects load
once, match the projects already known from A/74/588, and keep the seeds' facts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps

from lodestar.core.models import ObjectChange
from lodestar.portfolio import models as prj
from lodestar.reference.loader import load_reference


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    return load_reference()


def test_loads_twice_without_change(loaded: dict[str, int]) -> None:
    # Only the portfolio's part: other domains' loaders are judged by their own tests.
    ours = {str(m._meta.verbose_name_plural) for m in apps.get_app_config("portfolio").get_models()}
    portfolio = ObjectChange.objects.filter(content_type__app_label="portfolio")
    changes = portfolio.count()
    again = load_reference()
    assert not [key for key in again if key.rsplit(" ", 1)[0] in ours]
    assert portfolio.count() == changes


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
