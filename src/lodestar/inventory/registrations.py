"""The inventory models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import menu_links, register

from . import models, views

INVENTORY = _("ICT inventory")
DISASTER_RECOVERY = _("Disaster recovery")
menu_links.append((INVENTORY, _("Application portfolio"), "inventory:portfolio"))
menu_links.append((DISASTER_RECOVERY, _("DR readiness"), "inventory:dr_dashboard"))

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

# Disaster recovery (DRC): the organisation's recovery-time tiers, the critical lists and processes,
# plans and tests. The readiness page (views_dr.dashboard) is computed from plans and tests.
register(
    models.RecoveryTier,
    list_fields=["code", "name", "up_to_hours", "critical", "order", "organisation"],
    search_fields=["code", "name"],
    filter_fields=["organisation", "critical"],
    natural_key=("code",),
    policy={ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL},
    menu_group=DISASTER_RECOVERY,
    ordering=("organisation__code", "order", "code"),
)
register(
    models.CriticalList,
    list_fields=["code", "name", "drawn_up_by", "as_of", "printed_count", "entity"],
    search_fields=["code", "name", "drawn_up_by"],
    filter_fields=["entity"],
    natural_key=("code",),
    menu_group=DISASTER_RECOVERY,
    ordering=("code",),
)
register(
    models.CriticalApplication,
    list_fields=["application", "critical_list", "tier", "duty_station", "entity"],
    search_fields=["application__code", "duty_station"],
    filter_fields=["entity", "critical_list", "tier", "duty_station"],
    menu_group=DISASTER_RECOVERY,
    ordering=("critical_list__code", "application__code"),
)
register(
    models.CriticalProcess,
    list_fields=["code", "name", "tier", "staff_required", "entity"],
    search_fields=["code", "name"],
    filter_fields=["entity", "tier"],
    natural_key=("code",),
    menu_group=DISASTER_RECOVERY,
    ordering=("code",),
)
register(
    models.DrPlan,
    list_fields=["application", "plan_version", "documented", "approved_on"],
    search_fields=["application__application__code", "reference"],
    filter_fields=["documented"],
    menu_group=DISASTER_RECOVERY,
    ordering=("application__application__code", "plan_version"),
    also_select=("application__application", "application__critical_list"),
)
register(
    models.DrTest,
    list_fields=["plan", "date", "kind", "result", "evidence"],
    search_fields=["plan__application__application__code", "evidence", "scope"],
    filter_fields=["kind", "result"],
    menu_group=DISASTER_RECOVERY,
    ordering=("-date", "pk"),
    also_select=("plan__application__application", "plan__application__critical_list"),
)
register(
    models.DrSitePairing,
    list_fields=["code", "primary", "secondary", "mutual", "services_to", "entity"],
    search_fields=["code", "primary__code", "secondary__code", "services_to"],
    filter_fields=["entity", "mutual", "primary", "secondary"],
    natural_key=("code",),
    menu_group=DISASTER_RECOVERY,
    ordering=("code",),
    also_select=("primary", "secondary"),
)
register(
    models.ResilienceExercise,
    list_fields=["code", "kind", "location", "date", "period", "entity"],
    search_fields=["code", "period", "source"],
    filter_fields=["entity", "kind"],
    natural_key=("code",),
    menu_group=DISASTER_RECOVERY,
    ordering=("code",),
)
