"""Issue 10, "Done when" 1: a second organisation entered only through the API and imports — a root,
six entities, its own entity kinds, grades (B-3, outside the UN's list), funding sources (a regular
budget coded REG, no other assessed source), a budget section with components A, B.1 and B.2, posts,
a project and an audit report with five recommendations — gets correct budget tables from the
existing builders with no code change, and sees nothing of the UN (nor the UN of it)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lodestar.core.registry import registry
from lodestar.finance.documents import builders
from lodestar.finance.models import FundingSource
from lodestar.oversight.models import Recommendation

TITLE = {"en": "Resources"}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(rows: list[dict[str, Any]]) -> bytes:
    headers = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def imported(client: Client, label: str, rows: list[dict[str, Any]]) -> None:
    """Preview then commit a CSV through the model's import page, as a person would."""
    url = reverse(registry.by_label(label).url_name("import"))
    preview = client.post(url, {"file": SimpleUploadedFile("rows.csv", _csv(rows))})
    assert preview.status_code == 200, (label, preview.context["result"].messages())
    commit = client.post(url, {"batch": preview.context["batch"].pk})
    assert commit.status_code == 302, (label, commit.context and commit.context["result"].messages())


def refused(client: Client, label: str, rows: list[dict[str, Any]]) -> list[str]:
    url = reverse(registry.by_label(label).url_name("import"))
    preview = client.post(url, {"file": SimpleUploadedFile("rows.csv", _csv(rows))})
    assert preview.status_code == 400, label
    return preview.context["result"].messages()


def posted(client: Client, label: str, data: dict[str, Any]) -> dict[str, Any]:
    app, model = label.split(".")
    response = client.post(f"/api/{app}/{model}/", data, content_type="application/json")
    assert response.status_code == 201, (label, response.content)
    return response.json()


@pytest.fixture
def acme(tree: dict, users: dict) -> dict[str, Any]:
    root_user = get_user_model().objects.create_superuser(username="instance-admin", password="x")
    su = _client(root_user)
    acme = posted(su, "org.entity", {"code": "ACME", "kind": "organisation", "name": {"en": "Acme Union"}})
    login = posted(su, "org.login", {"username": "acme_admin", "email": "admin@acme.example"})
    posted(su, "org.roleassignment", {"user": login["id"], "role": "administrator", "entity": acme["id"]})
    admin = get_user_model().objects.get(pk=login["id"])
    client = _client(admin)

    # The organisation's own vocabularies.
    imported(
        client,
        "org.entitykind",
        [
            {"organisation": "ACME", "code": c, "name_en": c.title(), "order": n}
            for n, c in enumerate(["directorate", "bureau", "country_office"], start=1)
        ],
    )
    imported(
        client,
        "org.gradecategory",
        [
            {"organisation": "ACME", "code": "INT", "name_en": "International staff", "order": 1},
            {"organisation": "ACME", "code": "LOC", "name_en": "Local staff", "order": 2},
        ],
    )
    imported(
        client,
        "org.grade",
        [
            {"organisation": "ACME", "code": "A-4", "name_en": "A-4", "category": "INT", "order": 1},
            {"organisation": "ACME", "code": "B-3", "name_en": "B-3", "category": "INT", "order": 2},
            {
                "organisation": "ACME",
                "code": "L-5",
                "name_en": "L-5",
                "category": "LOC",
                "order": 1,
                "recruitment": "local",
            },
        ],
    )
    imported(
        client,
        "finance.fundingsource",
        [
            {
                "organisation": "ACME",
                "code": "REG",
                "name_en": "Assessed contributions",
                "table_label_en": "Core budget",
                "kind": "regular",
                "order": 1,
            },
            {
                "organisation": "ACME",
                "code": "VOL",
                "name_en": "Voluntary contributions",
                "kind": "extrabudgetary",
                "order": 2,
            },
        ],
    )
    imported(
        client,
        "finance.objectofexpenditure",
        [
            {"organisation": "ACME", "code": "STAFF", "name_en": "Staff", "category": "post", "order": 1},
            {
                "organisation": "ACME",
                "code": "ICT",
                "name_en": "ICT services",
                "category": "non_post",
                "order": 2,
            },
        ],
    )
    imported(
        client,
        "finance.period",
        [
            {"code": str(y), "kind": "year", "start": f"{y}-01-01", "end": f"{y}-12-31"}
            for y in (2025, 2026, 2027)
        ],
    )

    # Six entities in the organisation's own kinds (a UN kind is refused, listing Acme's).
    messages = refused(client, "org.entity", [{"code": "ACME-X", "parent": "ACME", "kind": "department"}])
    assert any("directorate" in m and "country_office" in m for m in messages), messages
    imported(
        client,
        "org.entity",
        [
            {"code": "ACME-HQ", "parent": "ACME", "kind": "directorate", "name_en": "Headquarters"},
            {"code": "ACME-FIELD", "parent": "ACME", "kind": "directorate", "name_en": "Field operations"},
        ],
    )
    imported(
        client,
        "org.entity",
        [
            {"code": "ACME-ICT", "parent": "ACME-HQ", "kind": "bureau", "name_en": "ICT bureau"},
            {"code": "ACME-FIN", "parent": "ACME-HQ", "kind": "bureau", "name_en": "Finance bureau"},
            {"code": "ACME-CO1", "parent": "ACME-FIELD", "kind": "country_office", "name_en": "Country 1"},
            {"code": "ACME-CO2", "parent": "ACME-FIELD", "kind": "country_office", "name_en": "Country 2"},
        ],
    )

    # A budget section with components A, B.1 and B.2.
    imported(
        client,
        "finance.budgetsection",
        [
            {
                "entity": "ACME-ICT",
                "code": "ACME-ICT-2027",
                "symbol": "ACME/2027/ICT",
                "number": "7",
                "title_en": "ICT",
                "budget_year": 2027,
            }
        ],
    )
    imported(
        client,
        "finance.budgetcomponent",
        [
            {
                "section": "ACME-ICT-2027",
                "code": "ACME-A",
                "part": "edm",
                "title_en": "Direction",
                "order": 1,
            },
            {
                "section": "ACME-ICT-2027",
                "code": "ACME-B1",
                "part": "programme",
                "number": "1",
                "title_en": "Platforms",
                "order": 2,
            },
            {
                "section": "ACME-ICT-2027",
                "code": "ACME-B2",
                "part": "programme",
                "number": "2",
                "title_en": "Services",
                "order": 3,
            },
        ],
    )
    s = "ACME-ICT-2027"
    imported(
        client,
        "finance.budgetfact",
        [
            {
                "section": s,
                "component": c,
                "funding_source": f,
                "object": o,
                "period": p,
                "stage": st,
                "amount": a,
            }
            for c, f, o, p, st, a in [
                ("ACME-A", "REG", "STAFF", "2025", "expenditure", 100_000),
                ("ACME-A", "REG", "STAFF", "2026", "appropriation", 120_000),
                ("ACME-A", "REG", "STAFF", "2027", "proposed", 130_000),
                ("ACME-B1", "REG", "ICT", "2026", "appropriation", 50_000),
                ("ACME-B1", "REG", "ICT", "2027", "proposed", 40_000),
                ("ACME-B2", "REG", "ICT", "2026", "appropriation", 30_000),
                ("ACME-B2", "REG", "ICT", "2027", "proposed", 30_000),
                ("ACME-B1", "VOL", "ICT", "2026", "appropriation", 20_000),
                ("ACME-B1", "VOL", "ICT", "2027", "proposed", 25_000),
            ]
        ],
    )
    # A grade outside the UN's list is refused until it is in the organisation's own list.
    messages = refused(
        client,
        "finance.post",
        [
            {
                "section": s,
                "funding_source": "REG",
                "grade": "P-4",
                "period": "2026",
                "stage": "approved",
                "count": 1,
            }
        ],
    )
    assert any("B-3" in m for m in messages), messages
    imported(
        client,
        "finance.post",
        [
            {
                "section": s,
                "component": c,
                "funding_source": f,
                "grade": g,
                "period": "2026",
                "stage": "approved",
                "count": n,
            }
            for c, f, g, n in [
                ("ACME-A", "REG", "A-4", 2),
                ("ACME-B1", "REG", "B-3", 3),
                ("ACME-B2", "REG", "L-5", 4),
                ("ACME-B1", "VOL", "B-3", 1),
            ]
        ],
    )

    # A project and an audit report with five recommendations.
    entities = {e["code"]: e["id"] for e in client.get("/api/org/entity/?page_size=100").json()["results"]}
    posted(
        client,
        "portfolio.project",
        {"entity": entities["ACME-ICT"], "code": "ACME-ERP", "name": {"en": "ERP"}},
    )
    posted(
        client,
        "oversight.oversightbodykind",
        {"organisation": acme["id"], "code": "audit", "name": {"en": "Audit"}},
    )
    body = posted(
        client,
        "oversight.oversightbody",
        {
            "organisation": acme["id"],
            "code": "ACME-AUDIT",
            "name": {"en": "Acme audit board"},
            "kind": "audit",
        },
    )
    posted(
        client,
        "oversight.oversightreport",
        {
            "symbol": "ACME/AUD/2026/1",
            "body": body["id"],
            "title": {"en": "Audit of ICT"},
            "date": "2026-06-30",
        },
    )
    imported(
        client,
        "oversight.recommendation",
        [
            {
                "report": "ACME/AUD/2026/1",
                "reference": f"para. {n}",
                "text_en": f"Do {n}",
                "entity": "ACME-ICT",
            }
            for n in range(1, 6)
        ],
    )
    return {"admin": admin, "client": client, "section": s}


def _rows(table: Any) -> dict[str, list[Any]]:
    return {row.label: [c.value for c in row.cells] for row in table.rows}


@pytest.mark.django_db
def test_the_second_organisation_gets_correct_tables_from_the_existing_builders(acme: dict) -> None:
    admin, s = acme["admin"], acme["section"]
    by_object = _rows(builders.by_object(admin, "en", "ACME/2027/ICT", "1", s, TITLE))
    # columns: exp, appr, technical, new mandates, other, total change, %, estimate
    assert by_object["Staff"][0] == 100_000 and by_object["Staff"][1] == 120_000
    assert by_object["Staff"][7] == 130_000
    assert by_object["ICT services"][1] == 80_000 and by_object["ICT services"][7] == 70_000
    assert by_object["Total"][1] == 200_000 and by_object["Total"][7] == 200_000  # REG only, not VOL

    money = builders.by_source_money(admin, "en", "ACME/2027/ICT", "2", s, TITLE)
    labels = [row.label for row in money.rows]
    # The regular budget coded REG is source (1); with no other assessed source, VOL is (2).
    assert labels[0] == "(1) Core budget" and "(2) Voluntary contributions" in labels
    assert "Subtotal, 1" in labels and "Subtotal, 2" in labels and "Subtotal, 3" not in labels
    subtotal_2 = money.rows[labels.index("Subtotal, 2")].cells
    assert subtotal_2[1].value == 20_000 and subtotal_2[7].value == 25_000
    total = money.rows[-1].cells
    assert total[1].value == 220_000 and total[7].value == 225_000

    grades = builders.posts_by_grade(admin, "en", "ACME/2027/ICT", "3", s, TITLE)
    labels = [row.label for row in grades.rows]
    assert labels == [
        "International staff",
        "A-4",
        "B-3",
        "Subtotal",
        "Local staff",
        "L-5",
        "Subtotal",
        "Total",
    ]
    counts = [row.cells[0].value for row in grades.rows]
    assert counts[1:4] == [2, 3, 5]  # B-3 in its row and in the subtotal
    assert counts[5:] == [4, 4, 9]

    posts = _rows(builders.by_source_posts(admin, "en", "ACME/2027/ICT", "4", s, TITLE))
    assert posts["Total"][0] == 10
    summary = builders.posts_summary(admin, "en", "ACME/2027/ICT", "5", s, TITLE)
    assert summary.rows[0].cells[0].value == 9 and "3 B-3" in summary.rows[0].cells[1].value


@pytest.mark.django_db
def test_the_two_organisations_see_nothing_of_each_other(acme: dict, users: dict, client_for: Any) -> None:
    from lodestar.finance.documents.common import section_of

    un_reader, un_admin = client_for("reader"), client_for("admin")
    for client in (un_reader, un_admin):
        sources = client.get("/api/finance/fundingsource/?page_size=100").json()
        assert "REG" not in {row["code"] for row in sources["results"]}
        reports = client.get("/api/oversight/oversightreport/?page_size=100").json()
        assert "ACME/AUD/2026/1" not in {row["symbol"] for row in reports["results"]}
        recs = client.get("/api/oversight/recommendation/?page_size=100").json()
        assert recs["count"] == 0
        found = client.get(reverse("search") + "?q=Acme").content.decode()
        assert "Acme audit board" not in found and "Core budget" not in found
    assert section_of(users["admin"], acme["section"]).facts == []  # the UN sees none of its facts
    acme_client = acme["client"]
    assert {row["code"] for row in acme_client.get("/api/finance/fundingsource/").json()["results"]} == {
        "REG",
        "VOL",
    }
    assert Recommendation.objects.filter(report__symbol="ACME/AUD/2026/1").count() == 5
    assert acme_client.get("/api/oversight/recommendation/").json()["count"] == 5
    # The UN's RB is invisible to Acme's administrator, who may neither rename it (import or API)
    # nor add to the UN's vocabulary.
    rb = posted(
        client_for("analyst"),
        "finance.fundingsource",
        {
            "organisation": users["admin"].role_assignments.get().entity_id,
            "code": "RB",
            "name": {"en": "Regular"},
            "kind": "regular",
        },
    )
    assert "RB" not in {
        row["code"] for row in acme_client.get("/api/finance/fundingsource/").json()["results"]
    }
    messages = refused(
        acme_client,
        "finance.fundingsource",
        [{"id": rb["id"], "organisation": "UN", "code": "RB", "name_en": "Renamed", "kind": "regular"}],
    )
    assert messages
    patch = acme_client.patch(
        f"/api/finance/fundingsource/{rb['id']}/",
        {"name": {"en": "Renamed"}},
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert FundingSource.objects.get(pk=rb["id"]).name == {"en": "Regular"}
