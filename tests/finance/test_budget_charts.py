"""The budget section page's charts: the sums of the same facts that Table 29C.13 and 29C.16 pivot,
and every bar links to the budget-fact list of exactly the facts it sums."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lodestar.core import permissions as p
from lodestar.core.charts import values_of
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.finance import models as fin
from lodestar.org.models import Entity, RoleAssignment

from .test_budget import loaded, rows  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _client() -> Client:
    user = get_user_model().objects.create_user(username="central", password="x")
    registry[RoleAssignment].service.create(
        data={"user": user, "role": p.CENTRAL_ANALYST, "entity": Entity.objects.get(code="UN")},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    p.forget_grants(user)
    client = Client()
    client.force_login(user)
    return client


def _listed_sum(client: Client, href: str) -> Decimal:
    response = client.get(href + "&per_page=500")
    assert response.status_code == 200, href
    facts = list(response.context["rows"])
    return Decimal(sum(f.amount for f in facts)) / 1000


def test_the_section_charts_are_the_table_figures_and_link_to_their_facts(loaded: dict) -> None:  # noqa: F811
    client = _client()
    section = fin.BudgetSection.objects.get(code="A78-29C")
    page = client.get(f"/finance/budgetsection/{section.pk}/")
    charts = page.context["budget_charts"]
    html = page.content.decode()
    assert 'data-chart="object-chart-spec"' in html and 'data-chart="source-chart-spec"' in html
    by_object = {r["category"]: r for r in values_of(charts["object_chart"])}
    by_source = values_of(charts["source_chart"])
    # By object: the latest period broken down by object, 2023's appropriation, Table 29C.13's
    # second column, row by row.
    assert "2023, Appropriation" in charts["object_chart"]["title"]["text"]
    table = rows("29C.13")
    for name, row in by_object.items():
        assert float(table[name][1].replace(",", "")) == row["value"], name
    assert round(sum(r["value"] for r in by_object.values()), 1) == float(table["Total"][1].replace(",", ""))
    # By source: the period with every source, 2022's expenditure (RB 51,723.9 as in 29C.13).
    assert "2022, Expenditure" in charts["source_chart"]["title"]["text"]
    sources = {r["category"]: r["value"] for r in by_source}
    assert len(sources) == 3 and 51723.9 in sources.values()
    for row in [*by_object.values(), *by_source]:
        assert row["href"]
        assert float(_listed_sum(client, row["href"])) == pytest.approx(row["value"], abs=0.051)
