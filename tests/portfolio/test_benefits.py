"""Benefits count as realised only after a year of stable operation; the project page shows a
project's phases, benefits and change requests in scope."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.core.registry import registry
from lodestar.portfolio import models as prj

from ..core.harness import post_data
from .factories import benefit, change_request, create

pytestmark = pytest.mark.django_db


def _realise(user: Any, item: prj.Benefit, amount: int | None, as_of: datetime.date | None) -> prj.Benefit:
    return registry[prj.Benefit].service.update(
        item, data={"realised": amount, "realised_as_of": as_of}, user=user
    )


def test_a_benefit_is_realised_only_after_a_year_of_stable_operation(tree: dict, users: dict) -> None:
    item = benefit(tree["a"], 1)
    analyst = users["analyst"]
    with pytest.raises(ValidationError, match="stable operations"):  # no operations start yet
        _realise(analyst, item, 1_000_000, datetime.date(2024, 1, 31))
    registry[prj.Project].service.update(
        item.project, data={"operations_start": datetime.date(2023, 3, 1)}, user=analyst
    )
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="one year of stable operation"):
        _realise(analyst, item, 1_000_000, datetime.date(2024, 2, 29))
    with pytest.raises(ValidationError):  # an amount needs its date
        _realise(analyst, item, 1_000_000, None)
    with pytest.raises(ValidationError):
        _realise(analyst, item, -1, datetime.date(2024, 3, 1))
    assert prj.Benefit.objects.get(pk=item.pk).realised is None  # nothing half-written
    saved = _realise(analyst, item, 1_000_000, datetime.date(2024, 3, 1))
    assert saved.realised == 1_000_000


def test_the_web_form_says_from_when_a_benefit_may_be_realised(tree: dict, client_for: Any) -> None:
    item = benefit(tree["a"], 2)
    prj.Project.objects.filter(pk=item.project_id).update(operations_start=datetime.date(2023, 3, 1))
    client = client_for("analyst")
    url = f"/portfolio/benefit/{item.pk}/edit/"
    form = client.get(url).context["form"]
    response = client.post(url, post_data(form, realised="5", realised_as_of="2023-12-31"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "realised_as_of" in errors and "2024" in str(errors["realised_as_of"])
    assert prj.Benefit.objects.get(pk=item.pk).realised is None
    response = client.post(url, post_data(form, realised="5", realised_as_of="2024-03-01"))
    assert response.status_code == 302 and prj.Benefit.objects.get(pk=item.pk).realised == 5


def test_the_project_page_shows_phases_benefits_and_change_requests(tree: dict, client_for: Any) -> None:
    item = benefit(tree["a"], 3)
    project = item.project
    create(prj.ProjectPhase, project=project, order=1, name={"en": "Phase one"}, cost=2_000_000)
    create(
        prj.ChangeRequest,
        project=project,
        reference="CR-9",
        description={"en": "Phase 3 added"},
        new_end=datetime.date(2018, 2, 28),
    )
    change_request(tree["b"], 4)  # another entity's project: not on this page
    client = client_for("focal_a")
    with CaptureQueriesContext(connection) as first:
        body = client.get(project.get_absolute_url()).content.decode()
    for expected in ("Phase one", "Staff labour 3", "CR-9", 'id="benefits-from"', "18,700,000"):
        assert expected in body, expected
    assert "CR-4" not in body
    # "All records" opens the phase list filtered to this project.
    other = create(prj.Project, entity=tree["a"], code="OTHER-1", name={"en": "Other"})
    create(prj.ProjectPhase, project=other, order=1, name={"en": "Elsewhere phase"})
    listing = client.get(f"/portfolio/projectphase/?project={project.pk}").content.decode()
    assert f'href="/portfolio/projectphase/?project={project.pk}"' in body
    assert "Phase one" in listing and "Elsewhere phase" not in listing
    for n in range(5):
        create(prj.ProjectPhase, project=project, order=10 + n, name={"en": f"Phase {n}"})
        create(prj.Benefit, project=project, category={"en": f"Extra {n}"}, low=1, high=2)
    with CaptureQueriesContext(connection) as more:
        client.get(project.get_absolute_url())
    assert len(more) == len(first)
