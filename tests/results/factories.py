"""Factories of the results models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org
from lodestar.results import models as res

SYSTEM = ObjectChange.Source.SYSTEM


def create(model: type, **data: Any) -> Any:
    return registry[model].service.create(data=data, user=None, source=SYSTEM, check=False)


def plan(owner: org.Entity, n: int, tag: str = "") -> res.ProgrammePlan:
    return create(
        res.ProgrammePlan,
        entity=owner,
        code=f"{owner.code}-PLAN{tag}{n}",
        symbol=f"A/78/6 (Sect. {owner.code}{tag}{n})",
        kind="programme_plan",
        title={"en": f"Plan {n} of {owner.code}", "zh": f"{owner.code} 方案计划 {n}"},
        period_start=2024,
        period_end=2024,
    )


def component(owner: org.Entity, n: int, tag: str = "") -> res.Component:
    return create(
        res.Component,
        entity=owner,
        plan=plan(owner, n, f"C{tag}"),
        code=f"{owner.code}-SP{tag}{n}",
        number=str(n),
        kind="subprogramme",
        title={"en": f"Subprogramme {n}"},
    )


def objective(owner: org.Entity, n: int) -> res.Objective:
    return create(
        res.Objective, entity=owner, component=component(owner, n, "O"), text={"en": f"Objective {n}"}
    )


def strategy_item(owner: org.Entity, n: int) -> res.StrategyItem:
    c = component(owner, n, "S")
    return create(
        res.StrategyItem,
        entity=owner,
        plan=c.plan,
        component=c,
        reference=f"29C.{n} (a)",
        text={"en": f"Strategy item {n}", "zh": f"战略项目 {n}"},
        period="2024",
    )


def result(owner: org.Entity, n: int, tag: str = "") -> res.Result:
    return create(
        res.Result,
        entity=owner,
        component=component(owner, n, f"R{tag}"),
        code=f"{owner.code}-R{tag}{n}",
        kind="planned_result",
        label=f"Result {n}",
        title={"en": f"Result {n}"},
        year=2024,
    )


def indicator(owner: org.Entity, n: int, tag: str = "") -> res.Indicator:
    return create(
        res.Indicator,
        entity=owner,
        result=result(owner, n, f"I{tag}"),
        code=f"{owner.code}-I{tag}{n}",
        text={"en": f"Measure {n}"},
        value_type="number",
    )


def observation(owner: org.Entity, n: int) -> res.Observation:
    return create(
        res.Observation, indicator=indicator(owner, n, "B"), year=2022, kind="actual", value=Decimal(n)
    )


def deliverable(owner: org.Entity, n: int, tag: str = "") -> res.Deliverable:
    return create(
        res.Deliverable,
        entity=owner,
        plan=plan(owner, n, f"D{tag}"),
        code=f"{owner.code}-D{tag}{n}",
        category="A",
        role="item",
        number=str(n),
        text={"en": f"Deliverable {n}"},
        table_number="29C.1",
    )


def quantity(owner: org.Entity, n: int) -> res.DeliverableQuantity:
    return create(
        res.DeliverableQuantity,
        deliverable=deliverable(owner, n, "Q"),
        year=2022,
        kind="planned",
        quantity=n,
    )


def evaluation(owner: org.Entity, n: int) -> res.Evaluation:
    return create(
        res.Evaluation, entity=owner, plan=plan(owner, n, "E"), year=2022, subject={"en": f"Evaluation {n}"}
    )


def mandate(owner: org.Entity, n: int) -> res.LegislativeMandate:
    return create(
        res.LegislativeMandate,
        entity=owner,
        plan=plan(owner, n, "M"),
        symbol=f"63/{n}",
        title={"en": f"Resolution {n}"},
    )


FACTORIES: dict[type, Callable[[org.Entity, int], Any]] = {
    res.ProgrammePlan: plan,
    res.Component: component,
    res.Objective: objective,
    res.StrategyItem: strategy_item,
    res.Result: result,
    res.Indicator: indicator,
    res.Observation: observation,
    res.Deliverable: deliverable,
    res.DeliverableQuantity: quantity,
    res.Evaluation: evaluation,
    res.LegislativeMandate: mandate,
}

CHANGES: dict[type, tuple[str, Any]] = {
    res.ProgrammePlan: ("section", "29C"),
    res.Component: ("location", "Geneva"),
    res.Objective: ("order", 7),
    res.StrategyItem: ("period", "2025"),
    res.Result: ("label", "Result 9"),
    res.Indicator: ("table_number", "29C.3"),
    res.Observation: ("met", "unknown"),
    res.Deliverable: ("number", "9"),
    res.DeliverableQuantity: ("quantity", "42.00"),
    res.Evaluation: ("kind", "self_evaluation"),
    res.LegislativeMandate: ("symbol", "69/262"),
}
