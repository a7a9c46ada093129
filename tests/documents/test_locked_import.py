"""An issued budget section locks its facts on the set-at-a-time import path too: the list keeps that
path (a constant number of queries), and a row of an issued period is refused naming the document."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lodestar.core import bulkimport
from lodestar.core.registry import registry
from lodestar.documents import models as docs
from lodestar.documents.types import BUDGET_SECTION
from lodestar.finance import models as fin
from tests.finance import factories as ff

URL = "/finance/budgetfact/import/"
HEADER = "section,funding_source,object,period,stage,measure,amount"


def _year(owner: Any, code: str) -> fin.Period:
    year = int(code)
    return ff.create(
        fin.Period,
        code=code,
        kind="year",
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
    )


@pytest.fixture
def issued(tree: dict) -> dict[str, Any]:
    owner = tree["a"]
    section = ff.section(owner, 1)
    document = ff.create(
        docs.Document,
        symbol="TEST/LOCK/1",
        document_type=BUDGET_SECTION,
        title={"en": "Proposed budget"},
        entity=owner,
        parameters={"budget_section": section.code, "budget_year": 2024},
    )
    docs.Issue.objects.create(document=document, language="en", issued_at=timezone.now(), snapshot={})
    return {
        "section": section,
        "source": ff.funding_source(owner, 1),
        "object": ff.object_of_expenditure(owner, 1),
        "locked": _year(owner, "2024"),  # the budget year
        "open": _year(owner, "2030"),  # outside the document's three years
    }


def _file(dims: dict, *periods: str) -> SimpleUploadedFile:
    rows = [
        f"{dims['section'].code},{dims['source'].code},{dims['object'].code},{p},estimate,total,100"
        for p in periods
    ]
    return SimpleUploadedFile("facts.csv", ("\n".join([HEADER, *rows]) + "\n").encode())


def test_the_lock_keeps_budget_facts_on_the_set_at_a_time_path() -> None:
    service = type(registry[fin.BudgetFact].service)
    assert getattr(service, "_locks_installed", False)
    assert bulkimport.eligible(registry[fin.BudgetFact])


@pytest.mark.django_db
def test_a_row_of_an_issued_period_is_refused_naming_the_document(issued: dict, client_for: Any) -> None:
    client = client_for("analyst")
    response = client.post(URL, {"file": _file(issued, "2030", "2024")})
    assert response.status_code == 400
    text = " ".join(response.context["result"].messages())
    assert "Row 3" in text and "TEST/LOCK/1" in text
    assert "Row 2" not in text
    assert not fin.BudgetFact.objects.exists()
    # Outside the issued years the same file shape imports.
    allowed = client.post(URL, {"file": _file(issued, "2030")})
    assert allowed.status_code == 200
    assert client.post(URL, {"batch": allowed.context["batch"].pk}).status_code == 302
    assert fin.BudgetFact.objects.get().period == issued["open"]
