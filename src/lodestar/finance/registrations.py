from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import register
from lodestar.documents.tables import printed_figure_context

from . import models, views

BUDGET = _("Budget")
CENTRAL_WRITES = {ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL}

register(
    models.FundingSource,
    list_fields=["code", "name", "kind", "parent", "order", "organisation"],
    search_fields=["code", "name"],
    filter_fields=["organisation", "kind"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    ordering=("order", "code"),
)
register(
    models.ObjectOfExpenditure,
    list_fields=["code", "name", "category", "order", "organisation"],
    search_fields=["code", "name"],
    filter_fields=["organisation", "category"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    ordering=("order", "code"),
)
register(
    models.Period,
    list_fields=["code", "kind", "start", "end"],
    search_fields=["code"],
    filter_fields=["kind"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    ordering=("start", "end"),
)

register(
    models.BudgetSection,
    list_fields=["code", "symbol", "number", "title", "budget_year", "entity"],
    search_fields=["code", "symbol", "title"],
    filter_fields=["entity", "budget_year"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    detail_template="finance/budgetsection_detail.html",
    extra_context=views.section_context,
    ordering=("symbol", "code"),
)
register(
    models.BudgetComponent,
    list_fields=["code", "section", "part", "number", "title", "order"],
    search_fields=["code", "title"],
    filter_fields=["section", "part"],
    natural_key=("code",),
    menu_group=BUDGET,
    ordering=("section__code", "order", "code"),
)
register(
    models.BudgetFact,
    list_fields=[
        "section",
        "component",
        "group",
        "funding_source",
        "object",
        "period",
        "stage",
        "measure",
        "amount",
    ],
    search_fields=["section__code", "component__code"],
    filter_fields=["section", "component", "group", "funding_source", "object", "period", "stage"],
    menu_group=BUDGET,
    ordering=("section__code", "period__start", "stage", "component__order", "object__order", "pk"),
)
register(
    models.ResourceChange,
    list_fields=["section", "component", "funding_source", "object", "period", "factor", "amount"],
    search_fields=["section__code", "component__code"],
    filter_fields=["section", "component", "funding_source", "object", "period", "factor"],
    menu_group=BUDGET,
    ordering=("section__code", "factor", "pk"),
)
register(
    models.ChangeExplanation,
    list_fields=[
        "section",
        "paragraph",
        "component",
        "funding_source",
        "object",
        "factor",
        "amount",
        "mandate",
    ],
    search_fields=["paragraph", "text", "mandate"],
    filter_fields=["section", "factor"],
    menu_group=BUDGET,
    ordering=("section__code", "paragraph", "pk"),
)
register(
    models.Post,
    list_fields=["section", "component", "funding_source", "category", "grade", "period", "stage", "count"],
    search_fields=["grade", "section__code"],
    filter_fields=["section", "component", "funding_source", "category", "period", "stage"],
    menu_group=BUDGET,
    ordering=("section__code", "period__start", "pk"),
)
register(
    models.PostAction,
    list_fields=[
        "section",
        "component",
        "unit",
        "funding_source",
        "grade",
        "period",
        "action",
        "factor",
        "count",
    ],
    search_fields=["grade", "section__code"],
    filter_fields=["section", "action", "factor"],
    menu_group=BUDGET,
    ordering=("section__code", "pk"),
)
register(
    models.PrintedFigure,
    list_fields=["document", "table_number", "row", "column", "value", "unit", "section"],
    search_fields=["document", "table_number", "row"],
    filter_fields=["section", "document"],
    menu_group=BUDGET,
    extra_context=printed_figure_context,
    ordering=("document", "table_number", "row", "column"),
)
register(
    models.DepartmentGroup,
    list_fields=["code", "name", "entity", "order"],
    search_fields=["code", "name"],
    filter_fields=["entity"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    ordering=("order", "code"),
)
register(
    models.PersonnelCount,
    list_fields=["section", "group", "kind", "category", "as_at", "count", "source"],
    search_fields=["section__code", "source"],
    filter_fields=["section", "group", "kind", "category"],
    menu_group=BUDGET,
    ordering=("section__code", "as_at", "group__order", "kind", "category", "pk"),
)
register(
    models.CostShare,
    list_fields=["formula", "name", "funding_source", "share"],
    search_fields=["formula", "name"],
    filter_fields=["formula", "funding_source"],
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    ordering=("formula", "funding_source__order"),
)
