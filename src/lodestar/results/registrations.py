"""The results models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import menu_links, register

from . import models, views
from .services import ComponentService, ObservationService, OwnedByParentService, ResultsService

RESULTS = _("Results")
CENTRAL_WRITES = {ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL}

register(
    models.ProgrammePlan,
    list_fields=["code", "symbol", "kind", "title", "period_start", "period_end", "entity"],
    search_fields=["code", "symbol", "title"],
    filter_fields=["kind", "entity"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    detail_template="results/programmeplan_detail.html",
    extra_context=views.plan_context,
    menu_group=RESULTS,
    ordering=("-period_start", "code"),
)
register(
    models.Component,
    list_fields=["code", "number", "kind", "title", "plan", "parent", "location", "entity"],
    search_fields=["code", "title"],
    filter_fields=["plan", "kind", "entity"],
    natural_key=("code",),
    service_class=ComponentService,
    detail_template="results/component_detail.html",
    extra_context=views.component_context,
    menu_group=RESULTS,
    ordering=("plan__code", "order", "code"),
)
register(
    models.StrategyItem,
    list_fields=["reference", "kind", "text", "period", "component", "plan", "entity"],
    search_fields=["reference", "text"],
    filter_fields=["plan", "component", "kind", "entity"],
    natural_key=("plan", "reference"),
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("plan__code", "component__order", "order", "reference"),
)
register(
    models.Objective,
    list_fields=["component", "text", "entity"],
    search_fields=["text"],
    filter_fields=["component", "entity"],
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("component__code", "order"),
)
register(
    models.Result,
    list_fields=["code", "label", "kind", "title", "year", "target_status", "component", "entity"],
    search_fields=["code", "title"],
    filter_fields=["kind", "target_status", "component", "entity"],
    natural_key=("code",),
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("component__code", "order", "code"),
)
register(
    models.Indicator,
    list_fields=["code", "label", "kind", "text", "value_type", "table_number", "result", "entity"],
    search_fields=["code", "text"],
    filter_fields=["kind", "value_type", "result", "component", "plan", "entity"],
    natural_key=("code",),
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("code",),
)
register(
    models.Observation,
    list_fields=["indicator", "year", "kind", "value", "text", "met"],
    search_fields=["text"],
    filter_fields=["indicator", "kind", "met", "year"],
    service_class=ObservationService,
    menu_group=RESULTS,
    ordering=("indicator__code", "year", "kind"),
)
register(
    models.Deliverable,
    list_fields=["code", "category", "role", "number", "text", "table_number", "plan", "entity"],
    search_fields=["code", "text"],
    filter_fields=["plan", "category", "role", "component", "entity"],
    natural_key=("code",),
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("plan__code", "table_number", "order", "code"),
)
register(
    models.DeliverableQuantity,
    list_fields=["deliverable", "year", "kind", "quantity"],
    filter_fields=["deliverable", "kind", "year"],
    service_class=ResultsService,
    menu_group=RESULTS,
    ordering=("deliverable__code", "year", "kind"),
)
register(
    models.Evaluation,
    list_fields=["plan", "year", "kind", "status", "subject", "entity"],
    search_fields=["subject", "findings"],
    filter_fields=["plan", "kind", "status", "entity"],
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("plan__code", "year"),
)
register(
    models.LegislativeMandate,
    list_fields=["symbol", "section", "title", "plan", "component", "entity"],
    search_fields=["symbol", "title"],
    filter_fields=["plan", "component", "entity"],
    service_class=OwnedByParentService,
    menu_group=RESULTS,
    ordering=("plan__code", "order", "symbol"),
)

menu_links.append((RESULTS, _("Results pages"), "results:index"))
