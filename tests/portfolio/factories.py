"""Factories of the portfolio models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org
from lodestar.portfolio import models as prj


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def programme(owner: org.Entity, n: int) -> prj.Programme:
    return create(prj.Programme, entity=owner, code=f"{owner.code}-PRG{n}", name={"en": f"Programme {n}"})


def project(owner: org.Entity, n: int, tag: str = "", **extra: Any) -> prj.Project:
    return create(
        prj.Project,
        entity=owner,
        code=f"{owner.code}-PRJ{tag}{n}",
        name={"en": f"Project {n}", "zh": f"项目 {n}"},
        programme=programme(owner, 100 + n) if not tag else None,
        **extra,
    )


def milestone(owner: org.Entity, n: int) -> prj.Milestone:
    return create(
        prj.Milestone,
        project=project(owner, n, "M"),
        name={"en": f"Milestone {n}"},
        phase="Build",
        baseline_due=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        weight=2,
    )


def status_report(owner: org.Entity, n: int) -> prj.StatusReport:
    return create(
        prj.StatusReport,
        project=project(owner, n, "S"),
        period=f"{2018 + n}",
        declared_percent=Decimal("40.00"),
        health="green",
    )


FACTORIES = {
    prj.Programme: programme,
    prj.Project: project,
    prj.Milestone: milestone,
    prj.StatusReport: status_report,
}
CHANGES = {
    prj.Programme: ("source", "A/73/384"),
    prj.Project: ("source", "A/73/384, annex II"),
    prj.Milestone: ("weight", 5),
    prj.StatusReport: ("declared_percent", Decimal("55.00")),
}
