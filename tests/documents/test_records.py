"""Document records and types: the four UN documents are records of the reference data, their tables
found through the record; a new budget section (another organisation's, or the next budget year) gets
its whole set of tables, numbered with its own prefix, from its record alone, made through the API."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.assemble import assemble
from lodestar.documents.models import Document, LanguageVersion
from lodestar.documents.tables import document_definition, find
from lodestar.finance import models as fin
from lodestar.org.models import Entity, RoleAssignment
from lodestar.reference.loader import Loader

pytestmark = pytest.mark.django_db
A78 = "A/78/6 (Sect. 29C)"


@pytest.fixture
def loaded(db: Any) -> dict:
    return Loader().run()


def analyst(entity: Entity, name: str = "analyst") -> APIClient:
    user = get_user_model().objects.create_user(username=name, password="x")
    registry[RoleAssignment].service.create(
        data={"user": user, "role": p.CENTRAL_ANALYST, "entity": entity},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    client = APIClient()
    client.force_authenticate(user)
    client.force_login(user)  # the table pages are web pages
    return client


def test_the_four_documents_are_records_and_their_tables_follow(loaded: dict) -> None:
    records = dict(Document.objects.values_list("symbol", "document_type"))
    assert records == {
        A78: "budget_section",
        "A/73/384": "ict_progress_report",
        "A/71/6 (Prog. 25)": "strategic_framework",
        "A/65/491": "structural_review",
    }
    un = Document.objects.get(symbol=A78)
    assert un.entity.code == "UN" and un.versions.count() == 6
    assert LanguageVersion.objects.get(document=un, language="zh").job_number == "23-07688"
    tables = list(document_definition(A78).tables)
    assert tables[:3] == ["29C.1", "29C.2", "29C.3"]
    assert {"29C.13", "29C.16", "29C.18", "29C.19", "29C.20", "29C.23", "annex II"} <= set(tables)
    assert find(A78, "29C.13").render().formatted("en")[-1][-1] == "53,980.9"
    assert find(A78, "29C.23").render().title == (
        "Table 29C.23. Subprogramme 3: evolution of financial and post resources"
    )
    assert find("A/73/384", "annex III.I").render().unit_line == "A/73/160"
    assert [n for n in document_definition("A/73/384").tables if n.startswith("annex III.II.")] == [
        "annex III.II.A",
        "annex III.II.B",
        "annex III.II.C",
    ]
    assert {"annex I", "annex II.A"} <= set(document_definition("A/73/384").tables)
    assert "SP1.1" in document_definition("A/71/6 (Prog. 25)").tables
    assert {"13", "15", "17", "annex I"} <= set(document_definition("A/65/491").tables)
    # Each comes out whole, its tables as its sections, in every language.
    parts = {
        symbol: {p.code: len(p.tables) for p in assemble(Document.objects.get(symbol=symbol), "ar").parts}
        for symbol in records
    }
    assert parts["A/73/384"] == {"annex I": 1, "annex II": 3, "annex III": 5}
    assert parts["A/71/6 (Prog. 25)"] == {"programme": 43}  # 42 logical frameworks and the mandates
    # Tables 1-4 (the status of the management framework and the programmes); 17 budget and project
    # tables; table 5, figures 4-7 and the key ratios of the baseline; table 6 and the cost baselines
    # of the business cases.
    assert parts["A/65/491"]["strategy"] == 4
    assert sum(parts["A/65/491"].values()) == 29
    # The programme part: tables 29C.1-29C.12 and the legislative mandates of para. 29C.15.
    assert parts[A78] == {"programme": 13, "resources": 11, "annex II": 1}
    out = io.StringIO()
    call_command("table", A78, "29C.13", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["rows"][-1]["cells"][-1]["text"] == "53,980.9"


def test_a_record_with_a_wrong_type_or_parameter_is_refused(loaded: dict) -> None:
    client = analyst(Entity.objects.get(code="UN"))
    root = Entity.objects.get(code="UN").pk
    response = client.post(
        "/api/documents/document/",
        {
            "symbol": "A/79/6 (Sect. 29C)",
            "document_type": "budget_section",
            "title": {"en": "x"},
            "entity": root,
        },
        format="json",
    )
    assert response.status_code == 400 and "budget_section" in response.content.decode()
    response = client.post(
        "/api/documents/document/",
        {
            "symbol": "A/79/6 (Sect. 29C)",
            "document_type": "budget_section",
            "title": {"en": "x"},
            "entity": root,
            "parameters": {"budget_section": "A78-29C", "budget_year": 2025, "colour": "red"},
        },
        format="json",
    )
    assert response.status_code == 400 and "colour" in response.content.decode()


def test_next_budget_year_of_the_un_section_gets_its_tables_from_its_record(loaded: dict) -> None:
    client = analyst(Entity.objects.get(code="UN"))
    response = client.post(
        "/api/documents/document/",
        {
            "symbol": "A/79/6 (Sect. 29C)",
            "document_type": "budget_section",
            "title": {"en": "Proposed programme budget for 2025, Section 29C"},
            "entity": Entity.objects.get(code="UN").pk,
            "parameters": {"budget_section": "A78-29C", "budget_year": 2025},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    tables = document_definition("A/79/6 (Sect. 29C)").tables
    assert {"29C.13", "29C.14", "29C.18", "29C.20", "29C.23"} <= set(tables)
    data = tables["29C.13"].render()
    assert data.columns[1:3] == ["2023 expenditure", "2024 appropriation"]
    assert data.columns[-1] == "2025 estimate (before recosting)"
    # The 2024 proposal (53,980.9 in A/78/6) is the base year of the next: no figures are typed in.
    assert tables["29C.14"].render().title.endswith("proposed posts and post changes for 2025")


def test_another_organisations_section_entered_through_the_api_gets_its_whole_set(loaded: dict) -> None:
    """A second organisation: its root entity, budget section 29X with two components and a few facts,
    and its document record, all through the API: the tables are numbered 29X.13 ... with no code."""
    org = registry[Entity].service.create(
        data={"code": "ORG2", "kind": "organisation", "name": {"en": "Second organisation"}},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    client = analyst(org, "analyst2")

    def post(url: str, data: dict) -> dict:
        response = client.post(url, data, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    section = post(
        "/api/finance/budgetsection/",
        {
            "code": "O2-29X",
            "symbol": "O2/24/6 (Sect. 29X)",
            "number": "29X",
            "budget_year": 2024,
            "title": {"en": "ICT office"},
            "entity": org.pk,
        },
    )
    edm = post(
        "/api/finance/budgetcomponent/",
        {
            "section": section["id"],
            "code": "O2-EDM",
            "part": "edm",
            "title": {"en": "Executive direction"},
            "order": 1,
        },
    )
    sp1 = post(
        "/api/finance/budgetcomponent/",
        {
            "section": section["id"],
            "code": "O2-SP1",
            "part": "programme",
            "number": "1",
            "title": {"en": "Operations"},
            "order": 2,
        },
    )
    # Its own vocabulary: the UN's sources and objects are not its to use.
    rb = post(
        "/api/finance/fundingsource/",
        {"organisation": org.pk, "code": "CORE", "kind": "regular", "name": {"en": "Core"}, "order": 1},
    )["id"]
    posts, travel = (
        post(
            "/api/finance/objectofexpenditure/",
            {"organisation": org.pk, "code": code, "category": category, "name": {"en": name}, "order": n},
        )["id"]
        for n, (code, category, name) in enumerate(
            [("POSTS", "post", "Posts"), ("TRAVEL", "non_post", "Travel of staff")], start=1
        )
    )
    periods = {y: fin.Period.objects.get(code=str(y)).pk for y in (2022, 2023, 2024)}
    for comp, obj, year, stage, amount in [
        (edm["id"], posts, 2023, "appropriation", 1_000_000),
        (edm["id"], posts, 2024, "estimate", 1_100_000),
        (sp1["id"], travel, 2023, "appropriation", 200_000),
        (sp1["id"], travel, 2024, "estimate", 150_000),
    ]:
        post(
            "/api/finance/budgetfact/",
            {
                "section": section["id"],
                "component": comp,
                "funding_source": rb,
                "object": obj,
                "period": periods[year],
                "stage": stage,
                "measure": "ict",
                "amount": amount,
            },
        )
    post(
        "/api/documents/document/",
        {
            "symbol": "O2/24/6 (Sect. 29X)",
            "document_type": "budget_section",
            "title": {"en": "ICT office"},
            "entity": org.pk,
            "parameters": {"budget_section": "O2-29X", "budget_year": 2024},
        },
    )
    tables = document_definition("O2/24/6 (Sect. 29X)").tables
    assert {"29X.13", "29X.14", "29X.15", "29X.16", "29X.17", "29X.18", "29X.19", "29X.20", "29X.21"} <= set(
        tables
    )
    response = client.get("/documents/table/O2/24/6 (Sect. 29X)/29X.13/?format=json")
    assert response.status_code == 200
    total = response.json()["rows"][-1]
    assert total["label"] == "Total" and [c["text"] for c in total["cells"]][1:2] == ["1,200.0"]
    assert total["cells"][-1]["text"] == "1,250.0"
    assert find("O2/24/6 (Sect. 29X)", "29X.21").render().title.startswith("Table 29X.21. Subprogramme 1:")
    # The other organisation's analyst does not see the UN's documents.
    assert client.get("/documents/table/A/78/6 (Sect. 29C)/29C.13/?format=json").status_code == 404
