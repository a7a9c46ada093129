"""Loads data/service.yaml: metrics, the common ticket format, the services (the Unite Service Desk
linked to its portfolio project), their KPIs as printed, the satisfaction surveys with the KPI each
survey gives, and the agreement holding the satisfaction target."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.org.models import Entity
from lodestar.portfolio.models import Project
from lodestar.service import models as svc


def _text(value: Any) -> dict[str, str]:
    return {"en": value} if isinstance(value, str) else {k: str(v) for k, v in (value or {}).items()}


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load(loader: Any) -> None:
    from .loader import _load

    data = _load("service.yaml") or {}
    if not data:
        return
    organisation = Entity.objects.get(code=data.get("organisation", "UN"))
    metrics = {}
    for row in data.get("metrics", []):
        metrics[row["code"]] = loader.upsert(
            svc.Metric,
            {"organisation": organisation, "code": row["code"]},
            {
                "name": _text(row["name"]),
                "order": row.get("order", 0),
                "unit": row["unit"],
                "lower_is_better": bool(row.get("lower_is_better", False)),
                "measure": row.get("measure", ""),
            },
        )
    for row in data.get("formats", []):
        loader.upsert(
            svc.TicketFormat,
            {"organisation": organisation, "code": row["code"]},
            {
                "name": _text(row["name"]),
                **{f"{k}_column": v for k, v in row["columns"].items()},
                "incident_values": row.get("incident_values", ""),
                "request_values": row.get("request_values", ""),
                "satisfaction_scale": row.get("satisfaction_scale", 100),
            },
        )
    services = {}
    for row in data.get("services", []):
        project = Project.objects.filter(code=row["project"]).first() if row.get("project") else None
        services[row["code"]] = loader.upsert(
            svc.Service,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "name": _text(row["name"]),
                "description": _text(row.get("description")),
                "core": bool(row.get("core", False)),
                "project": project,
                "source": row.get("source", "")[:300],
            },
        )

    def kpi(service: Any, metric: Any, entity: Any, end: datetime.date, kind: str, **values: Any) -> None:
        loader.upsert(
            svc.KpiObservation,
            {"entity": entity, "service": service, "metric": metric, "period_end": end, "kind": kind},
            values,
        )

    for row in data.get("kpis", []):
        kpi(
            services[row["service"]],
            metrics[row["metric"]],
            Entity.objects.get(code=row["entity"]),
            row["as_at"],
            row["kind"],
            value=_decimal(row["value"]),
            source=row.get("source", "")[:300],
        )
    satisfaction = next((m for m in metrics.values() if m.measure == svc.Metric.Measure.SATISFACTION), None)
    for row in data.get("surveys", []):
        survey = loader.upsert(
            svc.SatisfactionSurvey,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "name": _text(row["name"]),
                "year": row["year"],
                "target_percent": _decimal(row.get("target_percent")),
                "printed_overall_percent": _decimal(row.get("printed_overall_percent")),
                "source": row.get("source", "")[:300],
            },
        )
        if satisfaction is not None and row.get("service") and survey.printed_overall_percent is not None:
            # The survey's overall score is the year's satisfaction KPI of the services it covers.
            kpi(
                services[row["service"]],
                satisfaction,
                organisation,
                datetime.date(survey.year, 12, 31),
                svc.KpiObservation.Kind.ACTUAL,
                period_start=datetime.date(survey.year, 1, 1),
                value=survey.printed_overall_percent,
                source=f"{survey.code} ({survey.source})"[:300],
            )
    for row in data.get("agreements", []):
        agreement = loader.upsert(
            svc.ServiceLevelAgreement,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "name": _text(row["name"]),
                "service": services[row["service"]],
                "client": Entity.objects.get(code=row["client"]) if row.get("client") else None,
                "source": row.get("source", "")[:300],
            },
        )
        for target in row.get("targets", []):
            loader.upsert(
                svc.SlaTarget,
                {"agreement": agreement, "metric": metrics[target["metric"]]},
                {"target": _decimal(target["target"]), "source": target.get("source", "")[:300]},
            )
