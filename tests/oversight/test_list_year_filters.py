"""The year filters the dashboard's charts link to refuse a year no date can hold (0, 10,000, a
fraction) as invalid input — a message on the list page, 400 from the API — never a server error
(the API fuzzing found year 0)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.oversight.factories import recommendation, report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["issued_year", "issued_by_year"])
def test_a_year_no_date_can_hold_is_refused_not_a_server_error(
    tree: dict, client_for: Any, name: str
) -> None:
    issued_in = report(tree["root"], 1)
    recommendation(tree["a"], 1, report=issued_in, reference="para. 101")
    analyst = client_for("analyst")
    for year in ("0", "0.0", "-1", "10000", "2018.5", "99999999999999999999"):
        api = analyst.get("/api/oversight/recommendation/", {name: year})
        assert api.status_code == 400, (year, api.status_code)
        assert name in api.json()
        page = analyst.get("/oversight/recommendation/", {name: year})
        assert page.status_code == 200 and 'class="alert alert-warning"' in page.content.decode()
    found = analyst.get("/api/oversight/recommendation/", {name: str(issued_in.date.year)}).json()
    assert [r["reference"] for r in found["results"]] == ["para. 101"]
