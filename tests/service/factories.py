"""Factories of the service-performance models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org
from lodestar.org.vocabularies import organisation_of
from lodestar.service import models as svc


def create(model: type, **data: Any) -> Any:
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def metric(owner: org.Entity, n: int) -> svc.Metric:
    return create(
        svc.Metric,
        organisation=organisation_of(owner),
        code=f"{owner.code}-M{n}",
        name={"en": f"Metric {n}"},
        order=n,
        unit="minutes",
        lower_is_better=True,
    )


def ticket_format(owner: org.Entity, n: int) -> svc.TicketFormat:
    return create(
        svc.TicketFormat,
        organisation=organisation_of(owner),
        code=f"{owner.code}-TF{n}",
        name={"en": f"Tool {n}"},
        ticket_id_column="number",
        opened_column="opened_at",
        entity_column="u_entity",
    )


def service(owner: org.Entity, n: int, tag: str = "") -> svc.Service:
    # Each factory that needs a service makes its own (tag), so no two make the same code.
    return create(svc.Service, entity=owner, code=f"{owner.code}-S{tag}{n}", name={"en": f"Service {n}"})


def agreement(owner: org.Entity, n: int) -> svc.ServiceLevelAgreement:
    return create(
        svc.ServiceLevelAgreement,
        entity=owner,
        code=f"{owner.code}-SLA{n}",
        name={"en": f"Agreement {n}"},
        service=service(owner, n, "A"),
    )


def sla_target(owner: org.Entity, n: int) -> svc.SlaTarget:
    return create(
        svc.SlaTarget,
        agreement=agreement(owner, 2000 + n),
        metric=metric(owner, 2000 + n),
        target=Decimal(60),
    )


def kpi(owner: org.Entity, n: int) -> svc.KpiObservation:
    return create(
        svc.KpiObservation,
        entity=owner,
        service=service(owner, n, "K"),
        metric=metric(owner, 3000 + n),
        period_end=datetime.date(2018, 6, 30),
        kind="actual",
        value=Decimal(48),
    )


def survey(owner: org.Entity, n: int) -> svc.SatisfactionSurvey:
    return create(
        svc.SatisfactionSurvey,
        entity=owner,
        code=f"{owner.code}-SV{n}",
        name={"en": f"Survey {n}"},
        year=2009,
        target_percent=Decimal(80),
    )


def survey_score(owner: org.Entity, n: int) -> svc.SurveyScore:
    return create(
        svc.SurveyScore,
        survey=survey(owner, 4000 + n),
        service=service(owner, n, "V"),
        score_percent=Decimal(70),
    )


def ticket_batch(owner: org.Entity, n: int) -> svc.TicketBatch:
    return create(
        svc.TicketBatch, entity=owner, format=ticket_format(owner, 5000 + n), file_name=f"export-{n}.csv"
    )


FACTORIES = {
    svc.Metric: metric,
    svc.TicketFormat: ticket_format,
    svc.Service: service,
    svc.ServiceLevelAgreement: agreement,
    svc.SlaTarget: sla_target,
    svc.KpiObservation: kpi,
    svc.SatisfactionSurvey: survey,
    svc.SurveyScore: survey_score,
    svc.TicketBatch: ticket_batch,
}
CHANGES = {
    svc.Metric: ("lower_is_better", False),
    svc.TicketFormat: ("satisfaction_scale", 5),
    svc.Service: ("core", True),
    svc.ServiceLevelAgreement: ("source", "A/65/491 ¶122"),
    svc.SlaTarget: ("target", Decimal(45)),
    svc.KpiObservation: ("value", Decimal(50)),
    svc.SatisfactionSurvey: ("respondents", 1200),
    svc.SurveyScore: ("respondents", 300),
    svc.TicketBatch: ("file_name", "renamed.csv"),
}
