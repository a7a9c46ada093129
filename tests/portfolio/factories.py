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


# -- reference data and printed tables --------------------------------------------------------------


def _finance_dimensions(owner: org.Entity, n: int) -> tuple[Any, Any]:
    from lodestar.finance import models as fin
    from lodestar.org.vocabularies import organisation_of

    organisation = organisation_of(owner)
    obj = fin.ObjectOfExpenditure.objects.filter(
        organisation=organisation, code=f"PRJ-OBJ{n}"
    ).first() or create(
        fin.ObjectOfExpenditure,
        organisation=organisation,
        code=f"PRJ-OBJ{n}",
        name={"en": f"Object {n}"},
        category="non_post",
    )
    period = fin.Period.objects.filter(code=f"PB{n}").first() or create(
        fin.Period,
        code=f"PB{n}",
        kind="biennium",
        start=datetime.date(2010 + 2 * n, 1, 1),
        end=datetime.date(2011 + 2 * n, 12, 31),
    )
    return obj, period


def project_phase(owner: org.Entity, n: int) -> prj.ProjectPhase:
    return create(
        prj.ProjectPhase,
        project=project(owner, n, "PH"),
        order=n,
        name={"en": f"Phase {n}", "zh": f"第 {n} 阶段"},
        cost=1_000_000 * n,
    )


def project_cost(owner: org.Entity, n: int) -> prj.ProjectCost:
    obj, period = _finance_dimensions(owner, n)
    return create(prj.ProjectCost, project=project(owner, n, "C"), object=obj, period=period, amount=383_200)


def benefit(owner: org.Entity, n: int) -> prj.Benefit:
    return create(
        prj.Benefit,
        project=project(owner, n, "B"),
        category={"en": f"Staff labour {n}"},
        low=18_700_000,
        high=25_300_000,
    )


def change_request(owner: org.Entity, n: int) -> prj.ChangeRequest:
    return create(
        prj.ChangeRequest,
        project=project(owner, n, "CR"),
        reference=f"CR-{n}",
        description={"en": "Phase 2 closed, phase 3 added."},
        previous_end=datetime.date(2016, 12, 31),
        new_end=datetime.date(2018, 2, 28),
    )


def printed_cell(owner: org.Entity, n: int) -> prj.PrintedCell:
    return create(
        prj.PrintedCell,
        programme=programme(owner, 200 + n),
        document="A/65/491",
        table_number="T-TEST",
        row=f"row{owner.code}{n}",
        column="total",
        value=Decimal("1.50"),
    )


def cost_baseline(owner: org.Entity, n: int) -> prj.CostBaseline:
    return create(prj.CostBaseline, project=project(owner, n, "CB"), part="labour", value=Decimal("95.4"))


def programme_activity(owner: org.Entity, n: int) -> prj.ProgrammeActivity:
    return create(
        prj.ProgrammeActivity,
        programme=programme(owner, 300 + n),
        order=n,
        element={"en": f"Element {n}", "zh": f"要素 {n}"},
        progress={"en": "Pilot completed"},
        plan={"en": "Roll out (medium)"},
        horizon="medium",
    )


FACTORIES.update(
    {
        prj.CostBaseline: cost_baseline,
        prj.ProgrammeActivity: programme_activity,
        prj.ProjectPhase: project_phase,
        prj.ProjectCost: project_cost,
        prj.Benefit: benefit,
        prj.ChangeRequest: change_request,
        prj.PrintedCell: printed_cell,
    }
)
CHANGES.update(
    {
        prj.CostBaseline: ("value", Decimal("39.6")),
        prj.ProgrammeActivity: ("horizon", "long"),
        prj.ProjectPhase: ("cost", 2_000_000),
        prj.ProjectCost: ("amount", 400_000),
        prj.Benefit: ("high", 26_000_000),
        prj.ChangeRequest: ("document", "A/73/384"),
        prj.PrintedCell: ("value", Decimal("2.50")),
    }
)
