"""The portfolio models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, EDITORS, FOCAL_POINT, IMPORT, PROJECT_MANAGER
from lodestar.core.registry import menu_links, register
from lodestar.documents.tables import printed_figure_context

from . import lists, models, views
from .services import DECIDE, SUBMIT, MilestoneService

MILESTONE_EDITORS = EDITORS | {PROJECT_MANAGER}

PORTFOLIO = _("Project portfolio")
menu_links.append((PORTFOLIO, _("Portfolio dashboard"), "portfolio:dashboard"))

register(
    models.Programme,
    list_fields=["code", "name", "entity"],
    search_fields=["code", "name"],
    filter_fields=["entity"],
    natural_key=("code",),
    menu_group=PORTFOLIO,
)
register(
    models.Project,
    list_fields=["code", "name", "programme", "status", "current_end", "entity"],
    search_fields=["code", "name"],
    filter_fields=["programme", "status", "entity"],
    natural_key=("code",),
    menu_group=PORTFOLIO,
    detail_template="portfolio/project_detail.html",
    extra_context=views.project_context,
    extra_filters=lists.filters,
)
register(
    models.Milestone,
    list_fields=["project", "name", "phase", "current_due", "weight", "reported_status", "status"],
    search_fields=["name"],
    filter_fields=["project", "reported_status", "status"],
    menu_group=PORTFOLIO,
    ordering=("project__code", "order", "pk"),
    # Project managers edit their milestones; submitting and deciding are workflow actions
    # (services.MilestoneService) with their own roles.
    policy={
        ADD: MILESTONE_EDITORS,
        CHANGE: MILESTONE_EDITORS,
        IMPORT: MILESTONE_EDITORS,
        SUBMIT: frozenset({PROJECT_MANAGER, FOCAL_POINT}),
        DECIDE: CENTRAL,
    },
    service_class=MilestoneService,
)
register(
    models.StatusReport,
    list_fields=["project", "period", "declared_percent", "declared_completed", "health"],
    search_fields=["period"],
    filter_fields=["project", "health"],
    natural_key=("project", "period"),
    menu_group=PORTFOLIO,
    ordering=("project__code", "period"),
)

# -- reference data and printed tables (phases, costs, benefits, change requests, printed figures) --
register(
    models.ProjectPhase,
    list_fields=["project", "order", "name", "start", "end", "cost", "declared_percent"],
    search_fields=["name"],
    filter_fields=["project"],
    natural_key=("project", "order"),
    menu_group=PORTFOLIO,
    ordering=("project__code", "order", "pk"),
)
register(
    models.ProjectCost,
    list_fields=["project", "object", "period", "funding_source", "amount"],
    search_fields=["project__code"],
    filter_fields=["project", "object", "period", "funding_source"],
    menu_group=PORTFOLIO,
    ordering=("project__code", "period__start", "object__order", "pk"),
)
register(
    models.Benefit,
    list_fields=["project", "category", "estimated", "low", "high", "realised", "realised_as_of"],
    search_fields=["category"],
    filter_fields=["project", "estimated"],
    menu_group=PORTFOLIO,
    ordering=("project__code", "order", "pk"),
)
register(
    models.CostBaseline,
    list_fields=["project", "part", "value", "where"],
    search_fields=["where"],
    filter_fields=["project", "part"],
    menu_group=PORTFOLIO,
    natural_key=("project", "part"),
    ordering=("project__code", "part"),
)
register(
    models.ChangeRequest,
    list_fields=["project", "reference", "previous_end", "new_end", "approved_by", "approved_on"],
    search_fields=["reference", "description"],
    filter_fields=["project", "approved_by"],
    menu_group=PORTFOLIO,
    ordering=("project__code", "approved_on", "pk"),
)
register(
    models.PrintedCell,
    list_fields=["document", "table_number", "row", "column", "value", "unit", "where", "programme"],
    search_fields=["document", "table_number", "row"],
    filter_fields=["programme", "document"],
    menu_group=PORTFOLIO,
    extra_context=printed_figure_context,
    ordering=("document", "table_number", "row", "column"),
)
register(
    models.ProgrammeActivity,
    list_fields=["programme", "order", "element", "horizon", "source"],
    search_fields=["element", "activity", "progress", "plan"],
    filter_fields=["programme", "horizon"],
    natural_key=("programme", "order"),
    menu_group=PORTFOLIO,
    ordering=("programme__code", "order", "pk"),
)
