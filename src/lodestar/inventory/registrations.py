"""The inventory models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, IMPORT
from lodestar.core.registry import menu_links, register

from . import models, views

INVENTORY = _("ICT inventory")
menu_links.append((INVENTORY, _("Application portfolio"), "inventory:portfolio"))

register(
    models.Facility,
    list_fields=["code", "name", "kind", "operator", "leased", "entity"],
    search_fields=["code", "name", "location"],
    filter_fields=["entity", "kind", "operator", "leased"],
    natural_key=("code",),
    menu_group=INVENTORY,
    ordering=("code",),
)
register(
    models.Application,
    list_fields=["code", "name", "scope", "status", "disposition", "criticality", "entity"],
    search_fields=["code", "name", "platform", "duplicate_group"],
    filter_fields=["entity", "scope", "status", "disposition", "criticality", "hosting"],
    natural_key=("code",),
    menu_group=INVENTORY,
    ordering=("code",),
)
register(
    models.Website,
    list_fields=["url", "name", "audience", "tier", "last_validated", "entity"],
    search_fields=["url", "name", "platform"],
    filter_fields=["entity", "audience", "tier", "accessibility", "security"],
    natural_key=("url",),
    menu_group=INVENTORY,
    ordering=("url",),
)
register(
    models.Server,
    list_fields=["code", "kind", "facility", "operating_system", "entity"],
    search_fields=["code", "operating_system"],
    filter_fields=["entity", "kind", "facility"],
    natural_key=("code",),
    menu_group=INVENTORY,
    ordering=("code",),
)
register(
    models.DeviceCount,
    list_fields=["entity", "kind", "as_of", "count"],
    search_fields=["kind"],
    filter_fields=["entity", "kind", "as_of"],
    natural_key=("entity", "kind", "as_of"),
    menu_group=INVENTORY,
    ordering=("entity__code", "as_of", "kind"),
)
register(
    models.ServiceDesk,
    list_fields=["code", "name", "hours", "fte", "requests_per_year", "entity"],
    search_fields=["code", "name", "location"],
    filter_fields=["entity", "hours"],
    natural_key=("code",),
    menu_group=INVENTORY,
    ordering=("code",),
)
register(
    models.Contract,
    list_fields=["reference", "vendor", "kind", "awarded", "renewal", "entity"],
    search_fields=["reference", "vendor", "scope"],
    filter_fields=["entity", "kind"],
    natural_key=("reference",),
    menu_group=INVENTORY,
    ordering=("reference",),
)
register(
    models.IctPersonnel,
    list_fields=["entity", "personnel_type", "grade", "standard_title", "headcount", "fte", "in_ict_unit"],
    search_fields=["job_title", "standard_title", "function"],
    filter_fields=["entity", "personnel_type", "job_family", "in_ict_unit"],
    menu_group=INVENTORY,
    ordering=("entity__code", "personnel_type", "grade", "pk"),
)
register(
    models.IctExpenditure,
    list_fields=["entity", "period", "object", "funding_source", "amount"],
    search_fields=["entity__code"],
    filter_fields=["entity", "period", "object", "funding_source"],
    natural_key=("entity", "period", "object", "funding_source"),
    menu_group=INVENTORY,
    ordering=("entity__code", "period__start", "object__code", "funding_source__code"),
)
register(
    models.AggregateFigure,
    list_fields=["measure", "area", "group", "as_of", "value", "quality", "entity"],
    search_fields=["source"],
    filter_fields=["measure", "group", "area", "as_of", "quality", "entity"],
    natural_key=("entity", "measure", "group", "area", "as_of"),
    menu_group=INVENTORY,
    ordering=("as_of", "measure", "area", "group"),
)
register(
    models.BaselineSnapshot,
    list_fields=["code", "name", "as_of", "campaign", "status", "entity"],
    search_fields=["code", "name"],
    filter_fields=["status", "entity"],
    natural_key=("code",),
    menu_group=INVENTORY,
    ordering=("-as_of", "code"),
    policy={ADD: CENTRAL, CHANGE: CENTRAL, IMPORT: CENTRAL},
    detail_template="inventory/snapshot_detail.html",
    extra_context=views.snapshot_context,
)
