"""Factories of the oversight models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org
from lodestar.org.vocabularies import organisation_of
from lodestar.oversight import models as ovs


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def body_kind(owner: org.Entity, n: int) -> ovs.OversightBodyKind:
    return create(
        ovs.OversightBodyKind,
        organisation=organisation_of(owner),
        code=f"{owner.code}-OBK{n}",
        name={"en": f"Body kind {n}"},
    )


def body(owner: org.Entity, n: int) -> ovs.OversightBody:
    organisation = organisation_of(owner)
    if not ovs.OversightBodyKind.objects.filter(organisation=organisation, code="external_audit").exists():
        create(
            ovs.OversightBodyKind,
            organisation=organisation,
            code="external_audit",
            name={"en": "External audit"},
        )
    return create(
        ovs.OversightBody,
        organisation=organisation_of(owner),
        code=f"{owner.code}-OB{n}",
        acronym=f"OB{n}",
        name={"en": f"Oversight body {n}", "zh": f"监督机构 {n}"},
        kind="external_audit",
    )


def report(owner: org.Entity, n: int, **extra: Any) -> ovs.OversightReport:
    return create(
        ovs.OversightReport,
        symbol=f"A/{owner.code}/{n}",
        body=extra.pop("body", None) or body(owner, 100 + n),
        title={"en": f"Report {n}"},
        date=extra.pop("date", datetime.date(2018, 7, 1)),
        session=73,
        **extra,
    )


def recommendation(owner: org.Entity, n: int, **extra: Any) -> ovs.Recommendation:
    return create(
        ovs.Recommendation,
        entity=owner,
        report=extra.pop("report", None) or report(owner, 200 + n),
        reference=extra.pop("reference", f"para. {n}"),
        text=extra.pop("text", {"en": f"Recommendation {n}", "zh": f"建议 {n}"}),
        original_target_date=extra.pop("original_target_date", datetime.date(2019, 12, 31)),
        **extra,
    )


def addressee(owner: org.Entity, n: int) -> ovs.Addressee:
    # A recommendation addressed to ``owner`` gets ``owner``'s addressee row from its service.
    rec = recommendation(owner, 300 + n)
    return ovs.Addressee.objects.get(recommendation=rec, entity=owner)


def status_update(owner: org.Entity, n: int, **extra: Any) -> ovs.StatusUpdate:
    return create(
        ovs.StatusUpdate,
        addressee=extra.pop("addressee", None) or addressee(owner, 400 + n),
        as_of=extra.pop("as_of", datetime.date(2018, 7, 31)),
        reported_status=extra.pop("reported_status", "under_implementation"),
        comment={"en": f"Comment {n}"},
        **extra,
    )


def printed_summary(owner: org.Entity, n: int) -> ovs.PrintedSummary:
    return create(
        ovs.PrintedSummary,
        organisation=organisation_of(owner),
        document=f"A/{owner.code}/P{n}",
        table_number="annex",
        row="count",
        column="total",
        value=Decimal("37.0"),
    )


FACTORIES = {
    ovs.OversightBodyKind: body_kind,
    ovs.OversightBody: body,
    ovs.OversightReport: report,
    ovs.Recommendation: recommendation,
    ovs.Addressee: addressee,
    ovs.StatusUpdate: status_update,
    ovs.PrintedSummary: printed_summary,
}
CHANGES = {
    ovs.OversightBodyKind: ("order", 7),
    ovs.OversightBody: ("acronym", "CHG"),
    ovs.OversightReport: ("session", 74),
    ovs.Recommendation: ("topic", "governance"),
    ovs.Addressee: ("responsibility", "Network segmentation"),
    ovs.StatusUpdate: ("source", "A/74/177"),
    ovs.PrintedSummary: ("value", Decimal("36.0")),
}
