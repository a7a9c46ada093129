from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.finance import models as fin
from lodestar.org.vocabularies import organisation_of


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def funding_source(owner: Any, n: int) -> fin.FundingSource:
    return create(
        fin.FundingSource,
        organisation=organisation_of(owner),
        code=f"{owner.code}-FS{n}",
        name={"en": f"Source {n}"},
        kind="regular",
    )


def object_of_expenditure(owner: Any, n: int) -> fin.ObjectOfExpenditure:
    return create(
        fin.ObjectOfExpenditure,
        organisation=organisation_of(owner),
        code=f"{owner.code}-OE{n}",
        name={"en": f"Object {n}"},
        category="non_post",
    )


def period(owner: Any, n: int) -> fin.Period:
    return create(
        fin.Period,
        code=f"{owner.code[:6]}-P{n}",
        kind="year",
        start=datetime.date(2000 + n, 1, 1),
        end=datetime.date(2000 + n, 12, 31),
    )


def section(owner: Any, n: int) -> fin.BudgetSection:
    return create(
        fin.BudgetSection,
        code=f"{owner.code}-S{n}",
        symbol=f"TEST/{owner.code}/{n}",
        number=str(n),
        title={"en": f"Section {n}"},
        budget_year=2024,
        entity=owner,
    )


def component(owner: Any, n: int) -> fin.BudgetComponent:
    return create(
        fin.BudgetComponent,
        section=section(owner, 100 + n),
        code=f"{owner.code}-C{n}",
        part="programme",
        number=str(n),
        title={"en": f"Subprogramme {n}"},
    )


def _dims(owner: Any, n: int) -> dict[str, Any]:
    return {
        "section": section(owner, 200 + n),
        "funding_source": funding_source(owner, 200 + n),
        "period": period(owner, 20 + n),
    }


def budget_fact(owner: Any, n: int) -> fin.BudgetFact:
    return create(
        fin.BudgetFact,
        **_dims(owner, n),
        object=object_of_expenditure(owner, 200 + n),
        stage="appropriation",
        amount=1000 * n,
    )


def resource_change(owner: Any, n: int) -> fin.ResourceChange:
    return create(fin.ResourceChange, **_dims(owner, n + 30), factor="other", amount=500 * n)


def change_explanation(owner: Any, n: int) -> fin.ChangeExplanation:
    return create(
        fin.ChangeExplanation,
        section=section(owner, 300 + n),
        paragraph=f"1.{n}",
        factor="other",
        amount=100 * n,
        text={"en": "Explained"},
    )


def post(owner: Any, n: int) -> fin.Post:
    return create(
        fin.Post, **_dims(owner, n + 60), category="professional", grade="P-4", stage="approved", count=n
    )


def post_action(owner: Any, n: int) -> fin.PostAction:
    return create(fin.PostAction, **_dims(owner, n + 80), grade="P-3", action="new", count=1)


def printed_figure(owner: Any, n: int) -> fin.PrintedFigure:
    return create(
        fin.PrintedFigure,
        section=section(owner, 400 + n),
        document=f"TEST/{owner.code}",
        table_number=f"T{n}",
        row="total",
        column="exp",
        value=Decimal("1.00"),
    )


def cost_share(owner: Any, n: int) -> fin.CostShare:
    return create(
        fin.CostShare,
        formula=f"{owner.code}-F{n}",
        funding_source=funding_source(owner, 500 + n),
        share=Decimal("15.00"),
    )


def department_group(owner: Any, n: int) -> fin.DepartmentGroup:
    return create(
        fin.DepartmentGroup,
        organisation=organisation_of(owner),
        code=f"{owner.code}-DG{n}",
        name={"en": f"Group {n}"},
        entity=owner,
    )


def personnel_count(owner: Any, n: int) -> fin.PersonnelCount:
    return create(
        fin.PersonnelCount,
        section=section(owner, 600 + n),
        group=department_group(owner, 600 + n),
        kind="contractor",
        as_at=datetime.date(2010, 3, 31),
        count=10 * n,
        source="annex II",
    )


FACTORIES = {
    fin.FundingSource: funding_source,
    fin.ObjectOfExpenditure: object_of_expenditure,
    fin.Period: period,
    fin.BudgetSection: section,
    fin.BudgetComponent: component,
    fin.BudgetFact: budget_fact,
    fin.ResourceChange: resource_change,
    fin.ChangeExplanation: change_explanation,
    fin.Post: post,
    fin.PostAction: post_action,
    fin.PrintedFigure: printed_figure,
    fin.CostShare: cost_share,
    fin.DepartmentGroup: department_group,
    fin.PersonnelCount: personnel_count,
}
CHANGES = {
    fin.FundingSource: ("order", 7),
    fin.ObjectOfExpenditure: ("order", 7),
    fin.Period: ("code", "P-RENAMED"),
    fin.BudgetSection: ("budget_year", 2025),
    fin.BudgetComponent: ("order", 7),
    fin.BudgetFact: ("amount", 123456),
    fin.ResourceChange: ("amount", -4700),
    fin.ChangeExplanation: ("mandate", "resolution 77/250"),
    fin.Post: ("count", 9),
    fin.PostAction: ("count", -1),
    fin.PrintedFigure: ("value", Decimal("2.5")),
    fin.CostShare: ("share", Decimal("62.00")),
    fin.DepartmentGroup: ("order", 7),
    fin.PersonnelCount: ("count", 99),
}
