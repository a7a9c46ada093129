"""Service performance: ticket exports of two tools mapped onto one scale, stored as Parquet and
aggregated into monthly KPIs; the upload page and API; the SLA and completed-project checks; the
reference KPIs and surveys as printed."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.core.checks import run_checks
from lodestar.service import ingest
from lodestar.service import models as svc

from ..reference_snapshot import reference_data
from .factories import create

# A ServiceNow-like export: its own column names, kinds as table names, satisfaction in 1-5 stars.
TOOL_A = (
    "number,opened_at,resolved_at,u_entity,business_service,sys_class_name,u_rating\n"
    "INC1,2019-01-03 09:00:00,2019-01-03 10:00:00,DESA,DESK,incident,5\n"
    "INC2,2019-01-05 09:00:00,2019-01-05 09:30:00,DESA,DESK,incident,4\n"
    "REQ1,2019-01-07 09:00:00,2019-01-11 09:00:00,DESA,DESK,sc_req_item,\n"
    "INC3,2019-02-01 08:00:00,2019-02-01 09:48:00,DESA-STAT,DESK,incident,3\n"
    ",2019-02-01 08:00:00,,DESA,DESK,incident,\n"
    "INC4,not a date,,DESA,DESK,incident,\n"
    "INC5,2019-02-02 08:00:00,2019-02-02 09:00:00,DM,DESK,incident,5\n"
)


@pytest.fixture(autouse=True)
def ticket_root(settings: Any, tmp_path: Path) -> Path:
    settings.TICKET_ROOT = tmp_path / "tickets"
    return settings.TICKET_ROOT


@pytest.fixture
def setup(tree: dict) -> dict[str, Any]:
    root = tree["root"]
    metrics = {}
    for code, unit, lower, measure in (
        ("MRT", "minutes", True, "resolution_minutes"),
        ("HANDLING", "days", True, "handling_days"),
        ("CSAT", "percent", False, "satisfaction"),
        ("TICKETS", "count", False, "tickets"),
    ):
        metrics[code] = create(
            svc.Metric,
            organisation=root,
            code=code,
            name={"en": code},
            unit=unit,
            lower_is_better=lower,
            measure=measure,
        )
    tool_a = create(
        svc.TicketFormat,
        organisation=root,
        code="TOOL-A",
        name={"en": "Tool A"},
        ticket_id_column="number",
        opened_column="opened_at",
        resolved_column="resolved_at",
        entity_column="u_entity",
        service_column="business_service",
        kind_column="sys_class_name",
        incident_values="incident",
        request_values="sc_req_item",
        satisfaction_column="u_rating",
        satisfaction_scale=5,
    )
    tool_b = create(
        svc.TicketFormat,
        organisation=root,
        code="TOOL-B",
        name={"en": "Tool B"},
        ticket_id_column="Ref",
        opened_column="Logged",
        resolved_column="Closed",
        entity_column="Office",
        service_column="Service",
        satisfaction_column="Score %",
    )
    desk = create(svc.Service, entity=tree["a"], code="DESK", name={"en": "Service desk"})
    return {"metrics": metrics, "tool_a": tool_a, "tool_b": tool_b, "desk": desk}


def _kpi(entity: Any, metric: str, month_end: datetime.date) -> Decimal:
    return svc.KpiObservation.objects.get(
        entity=entity, metric__code=metric, period_end=month_end, kind="actual"
    ).value


def test_an_export_is_mapped_stored_as_parquet_and_aggregated(
    setup: dict, tree: dict, ticket_root: Path
) -> None:
    batch = ingest.store(
        entity=tree["a"], fmt=setup["tool_a"], file_name="a.csv", content=TOOL_A.encode(), user=None
    )
    assert (batch.tickets, batch.rejected) == (5, 2)
    assert (ticket_root / batch.parquet).exists()
    assert batch.first_opened == datetime.date(2019, 1, 3)
    written = ingest.aggregate(batch, user=None)
    january = datetime.date(2019, 1, 31)
    assert _kpi(tree["a"], "MRT", january) == Decimal(45)  # (60 + 30) / 2 minutes
    assert _kpi(tree["a"], "HANDLING", january) == Decimal(4)  # one request, four days
    assert _kpi(tree["a"], "CSAT", january) == Decimal(90)  # 5 and 4 stars of 5
    assert _kpi(tree["a"], "TICKETS", january) == Decimal(3)
    assert _kpi(tree["a_child"], "MRT", datetime.date(2019, 2, 28)) == Decimal(108)
    # DM is not a unit of DESA: its ticket is reported, not written.
    assert not svc.KpiObservation.objects.filter(entity=tree["b"]).exists()
    batch.refresh_from_db()
    assert batch.status == "aggregated" and "DM (1)" in batch.summary
    assert written == 4 + 3  # January: four metrics; February for DESA-STAT: MRT, CSAT, tickets


def test_another_tool_lands_on_the_same_scale(setup: dict, tree: dict) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Logged", "Closed", "Office", "Service", "Score %"])
    sheet.append(
        ["B-1", datetime.datetime(2019, 1, 3, 9), datetime.datetime(2019, 1, 3, 9, 45), "DESA", "DESK", 80]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    batch = ingest.store(
        entity=tree["a"], fmt=setup["tool_b"], file_name="b.xlsx", content=buffer.getvalue(), user=None
    )
    ingest.aggregate(batch, user=None)
    january = datetime.date(2019, 1, 31)
    assert _kpi(tree["a"], "MRT", january) == Decimal(45)
    assert _kpi(tree["a"], "CSAT", january) == Decimal(80)


def test_an_export_without_a_named_column_is_refused_whole(
    setup: dict, tree: dict, ticket_root: Path
) -> None:
    with pytest.raises(ValidationError, match="u_rating"):
        ingest.store(
            entity=tree["a"],
            fmt=setup["tool_a"],
            file_name="a.csv",
            content=TOOL_A.replace("u_rating", "rating").encode(),
            user=None,
        )
    assert not svc.TicketBatch.objects.exists()


def test_upload_page_and_api_respect_scope(setup: dict, tree: dict, users: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    response = client.post(
        reverse("service:upload"),
        {
            "entity": tree["a"].pk,
            "format": setup["tool_a"].pk,
            "file": SimpleUploadedFile("a.csv", TOOL_A.encode(), content_type="text/csv"),
        },
    )
    assert response.status_code == 302
    assert svc.KpiObservation.objects.filter(entity=tree["a"]).count() == 4
    with pytest.raises(PermissionDenied):
        ingest.store(
            entity=tree["a"],
            fmt=setup["tool_a"],
            file_name="a.csv",
            content=TOOL_A.encode(),
            user=users["focal_b"],
        )
    api = client_for("focal_a")
    response = api.post(
        reverse("service:api_upload"),
        {"entity": "DESA", "format": "TOOL-A", "file": SimpleUploadedFile("a.csv", TOOL_A.encode())},
    )
    assert response.status_code == 201, response.content
    assert response.json()["tickets"] == 5
    refused = client_for("focal_b").post(
        reverse("service:api_upload"),
        {"entity": "DESA", "format": "TOOL-A", "file": SimpleUploadedFile("a.csv", TOOL_A.encode())},
    )
    assert refused.status_code in (400, 403)
    assert client.get(reverse("service:dashboard")).status_code == 200


def test_kpi_below_target_and_project_declared_complete(setup: dict, tree: dict) -> None:
    from lodestar.portfolio.models import StatusReport
    from tests.portfolio.factories import project

    done = project(tree["a"], 1)
    create(StatusReport, project=done, period="2019", declared_percent=Decimal(100), declared_completed=True)
    registry_update(setup["desk"], project=done)
    agreement = create(
        svc.ServiceLevelAgreement, entity=tree["a"], code="SLA-1", name={"en": "SLA"}, service=setup["desk"]
    )
    findings = run_checks(["SVC-PROJECT-COMPLETE"])
    assert [f.severity for f in findings] == ["warning"]  # no target: completion cannot be verified
    create(svc.SlaTarget, agreement=agreement, metric=setup["metrics"]["MRT"], target=Decimal(40))
    create(
        svc.KpiObservation,
        entity=tree["a"],
        service=setup["desk"],
        metric=setup["metrics"]["MRT"],
        period_end=datetime.date(2019, 1, 31),
        value=Decimal(45),
    )
    [below] = run_checks(["SVC-SLA-TARGET"])
    assert "45" in below.message and "40" in below.message
    [complete] = run_checks(["SVC-PROJECT-COMPLETE"])
    assert complete.severity == "error" and complete.instance == done


def registry_update(obj: Any, **data: Any) -> Any:
    from lodestar.core.models import ObjectChange
    from lodestar.core.registry import registry

    return registry[type(obj)].service.update(
        obj, data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


@pytest.mark.django_db
def test_reference_kpis_surveys_and_findings() -> None:

    reference_data()
    unite = svc.Service.objects.get(code="UNITE-SD")
    assert unite.project.code == "ICT-UNITE-SD"
    values = {
        (o.metric.code, o.kind): o.value
        for o in svc.KpiObservation.objects.filter(service=unite).select_related("metric")
    }
    assert values == {
        ("RESOLUTION-TIME", "baseline"): 105,
        ("RESOLUTION-TIME", "actual"): 48,
        ("REQUEST-HANDLING", "baseline"): 5,
        ("REQUEST-HANDLING", "actual"): 4,
        ("SATISFACTION", "actual"): 88,
    }
    surveys = {
        s.year: (s.printed_overall_percent, s.target_percent) for s in svc.SatisfactionSurvey.objects.all()
    }
    assert surveys == {2008: (Decimal("71.1"), None), 2009: (Decimal("71.6"), Decimal(80))}
    [below] = run_checks(["SVC-SLA-TARGET"])
    assert "71.6" in below.message and "80" in below.message
    [unverified] = run_checks(["SVC-PROJECT-COMPLETE"])
    assert unverified.instance.code == "ICT-UNITE-SD"


def test_dashboard_reads_the_latest_actual_with_constant_queries(
    setup: dict, tree: dict, client_for: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agreement = create(
        svc.ServiceLevelAgreement, entity=tree["a"], code="SLA-2", name={"en": "SLA"}, service=setup["desk"]
    )
    create(svc.SlaTarget, agreement=agreement, metric=setup["metrics"]["MRT"], target=Decimal(40))

    def month(n: int, value: int) -> None:
        create(
            svc.KpiObservation,
            entity=tree["a"],
            service=setup["desk"],
            metric=setup["metrics"]["MRT"],
            period_end=datetime.date(2017 + n // 12, n % 12 + 1, 28),
            value=Decimal(value),
        )

    month(0, 50)
    month(1, 30)
    client = client_for("analyst")
    with CaptureQueriesContext(connection) as few:
        html = client.get(reverse("service:dashboard")).content.decode()
    assert "badge text-bg-success" in html  # the latest, 30 minutes, meets 40
    for n in range(2, 24):
        month(n, 35)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("service:dashboard")).status_code == 200
    assert len(many) == len(few)
    # Another entity's focal point sees neither the agreement nor DESA's actuals.
    other = client_for("focal_b").get(reverse("service:dashboard")).content.decode()
    assert "SLA-2" not in other
