"""A refused actual value keeps what was typed and shows each error beside its field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from lodestar.results import models as res

from . import factories as f

pytestmark = pytest.mark.django_db


def _field_html(html: str, name: str) -> str:
    match = re.search(rf'<(input|select|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_a_refused_actual_is_shown_again_as_typed_with_its_errors_beside_the_fields(
    tree: dict, client_for: Any
) -> None:
    indicator = f.indicator(tree["a"], 1)
    plan = indicator.result.component.plan
    client = client_for("focal_a")
    url = reverse("results:enter_actual", args=[plan.pk])
    # The form refuses the year; the number typed stays.
    response = client.post(url, {"indicator": indicator.pk, "year": "1900", "value": "42.5", "met": ""})
    assert response.status_code == 400
    html = response.content.decode()
    year = _field_html(html, "year")
    assert 'value="1900"' in year and 'aria-describedby="id_year_error"' in year and "aria-invalid" in year
    assert 'id="id_year_error"' in html and 'value="42.5"' in _field_html(html, "value")
    assert res.Observation.objects.filter(indicator=indicator).count() == 0
    # The service refuses a target not met without its reason: beside the reason field.
    response = client.post(url, {"indicator": indicator.pk, "year": "2023", "value": "7", "met": "no"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_reason_error"' in _field_html(html, "reason")
    error = html[html.index('id="id_reason_error"') :][:300]
    assert "not met" in error
    assert 'value="7"' in _field_html(html, "value")
    assert res.Observation.objects.filter(indicator=indicator).count() == 0
