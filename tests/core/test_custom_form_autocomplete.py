"""The views' own forms and filters follow the generic forms' rule: past THRESHOLD choices a search
(core.widgets) instead of a drop-down, answered by the same endpoint from the same choice function as
the form validates with (core.autocomplete.choices), so it offers exactly what the form accepts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from lodestar.core import autocomplete
from lodestar.finance import models as fin
from lodestar.org.models import Entity
from lodestar.org.vocabularies import organisation_of
from lodestar.results import models as res

from ..finance.factories import section
from ..results.factories import component
from .test_autocomplete import ask, many_entities

pytestmark = pytest.mark.django_db


def _select(html: str, name: str) -> bool:
    return re.search(rf'<select[^>]*name="{name}"', html) is not None


def test_dashboards_and_the_ticket_upload_search_entities_past_the_threshold(
    tree: dict, client_for: Any
) -> None:
    client = client_for("analyst")
    pages = [reverse("portfolio:dashboard"), reverse("service:upload")]
    for page in pages:
        assert _select(client.get(page).content.decode(), "entity"), page  # four entities: a drop-down
    many_entities(tree["a"], autocomplete.THRESHOLD)
    chosen = Entity.objects.get(code="DESA-X042")
    for page in pages:
        html = client.get(f"{page}?entity={chosen.pk}").content.decode()
        assert not _select(html, "entity"), page
        assert 'data-autocomplete="/autocomplete/org.entity/?use=filter"' in html, page
        assert "Extra unit 7<" not in html and 'role="combobox"' in html, page
    # The dashboard keeps the chosen entity, and filters by it.
    html = client.get(f"{pages[0]}?entity={chosen.pk}").content.decode()
    assert f'<input type="hidden" name="entity" value="{chosen.pk}">' in html


def test_an_import_offers_the_sections_organisations_sources_only(tree: dict, client_for: Any) -> None:
    target = section(tree["a"], 1)
    fin.FundingSource.objects.bulk_create(
        [
            fin.FundingSource(
                organisation=organisation_of(tree["a"]),
                code=f"BULK-{n:03d}",
                name={"en": f"Bulk {n}"},
                kind="regular",
            )
            for n in range(autocomplete.THRESHOLD + 1)
        ]
    )
    client = client_for("admin")
    page = client.get(reverse("finance:import_object_sheet", args=[target.pk])).content.decode()
    assert not _select(page, "funding_source") and _select(page, "component")  # no component: a drop-down
    assert "choices=finance.sheet_funding_sources" in page
    answer = ask(
        client,
        "finance.fundingsource",
        choices="finance.sheet_funding_sources",
        scope=str(target.pk),
        q="bulk",
    ).json()
    assert len(answer["results"]) == autocomplete.LIMIT and answer["more"], answer
    # A section the user may not see offers nothing; an unknown function or another model is not found.
    outside = ask(
        client_for("focal_b"),
        "finance.fundingsource",
        choices="finance.sheet_funding_sources",
        scope=str(target.pk),
    )
    assert outside.status_code in (200, 403, 404) and not (
        outside.status_code == 200 and outside.json()["results"]
    )
    assert ask(client, "finance.fundingsource", choices="finance.nothing", scope="1").status_code == 404
    assert (
        ask(client, "org.entity", choices="finance.sheet_funding_sources", scope=str(target.pk)).status_code
        == 404
    )


def test_a_plan_with_many_measures_is_searched_and_the_choice_still_validates(
    tree: dict, client_for: Any
) -> None:
    owner = tree["a"]
    part = component(owner, 1)  # measures of a component: the page lists them under it
    the_plan = part.plan
    res.Indicator.objects.bulk_create(
        [
            res.Indicator(
                entity=owner,
                component=part,
                code=f"M-{n:03d}",
                text={"en": f"Measure {n}"},
                value_type="number",
            )
            for n in range(autocomplete.THRESHOLD + 1)
        ]
    )
    client = client_for("focal_a")
    page = client.get(reverse("results:plan_results", args=[the_plan.pk])).content.decode()
    assert not _select(page, "indicator") and "choices=results.plan_measures" in page
    answer = ask(
        client, "results.indicator", choices="results.plan_measures", scope=str(the_plan.pk), q="M-007"
    )
    assert [row["id"] for row in answer.json()["results"]][:1] == [res.Indicator.objects.get(code="M-007").pk]
    chosen = res.Indicator.objects.get(code="M-042")
    response = client.post(
        reverse("results:enter_actual", args=[the_plan.pk]),
        {"indicator": chosen.pk, "year": 2024, "value": "3"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert res.Observation.objects.filter(indicator=chosen, year=2024, kind="actual").exists()
    nothing = ask(
        client_for("focal_b"), "results.indicator", choices="results.plan_measures", scope=str(the_plan.pk)
    )
    assert nothing.status_code != 200 or nothing.json()["results"] == []
