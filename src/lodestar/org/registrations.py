"""The organisation models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, ADMINISTRATOR, CENTRAL, CHANGE, DELETE, EXPORT, IMPORT, VIEW
from lodestar.core.registry import menu_links, register

from . import models, views
from .services import EntityService, LoginService, RoleAssignmentService

ORGANISATION = _("Organisation")
GOVERNANCE = _("Governance")
CENTRAL_WRITES = {ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL}
ADMIN_ONLY = frozenset({ADMINISTRATOR})

register(
    models.Entity,
    list_fields=["code", "acronym", "name", "kind", "location_class", "parent", "valid_from", "valid_to"],
    search_fields=["code", "acronym", "name"],
    filter_fields=["kind", "location_class", "parent", "proposed"],
    form_fields=[
        "code",
        "parent",
        "kind",
        "acronym",
        "name",
        "original_language",
        "location_class",
        "valid_from",
        "valid_to",
        "proposed",
        "source",
    ],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    service_class=EntityService,
    detail_template="org/entity_detail.html",
    extra_context=views.entity_context,
    menu_group=ORGANISATION,
    ordering=("tree_path",),
)
# An organisation's own vocabularies: read in the organisation, written from its root.
for vocabulary in (models.EntityKind, models.LocationClass, models.GradeCategory):
    register(
        vocabulary,
        list_fields=["code", "name", "order", "organisation"],
        search_fields=["code", "name"],
        filter_fields=["organisation"],
        natural_key=("code",),
        policy=CENTRAL_WRITES,
        menu_group=ORGANISATION,
        ordering=("organisation__code", "order", "code"),
    )
register(
    models.Grade,
    list_fields=["code", "name", "category", "recruitment", "order", "organisation"],
    search_fields=["code", "name"],
    filter_fields=["organisation", "category", "recruitment"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=ORGANISATION,
    ordering=("organisation__code", "category__order", "order", "code"),
)
register(
    models.IctUnit,
    list_fields=["code", "name", "entity", "delivery_type", "head_grade", "aligned_with_oict"],
    search_fields=["code", "name"],
    filter_fields=["entity", "delivery_type", "aligned_with_oict"],
    natural_key=("code",),
    menu_group=ORGANISATION,
    ordering=("code",),
)
register(
    models.Person,
    list_fields=["name", "title", "grade", "entity", "email"],
    search_fields=["name", "title", "email"],
    filter_fields=["entity"],
    form_fields=["name", "title", "grade", "email", "entity"],
    menu_group=ORGANISATION,
    ordering=("name",),
)
register(
    models.RoleAssignment,
    list_fields=["user", "role", "entity"],
    search_fields=["user__username", "role"],
    filter_fields=["role", "entity"],
    policy={
        VIEW: CENTRAL,
        EXPORT: CENTRAL,
        ADD: ADMIN_ONLY,
        CHANGE: ADMIN_ONLY,
        DELETE: ADMIN_ONLY,
        IMPORT: ADMIN_ONLY,
    },
    service_class=RoleAssignmentService,
    menu_group=ORGANISATION,
    ordering=("user__username", "role"),
)
register(
    models.Login,
    list_fields=["username", "first_name", "last_name", "email", "is_active"],
    search_fields=["username", "first_name", "last_name", "email"],
    filter_fields=["is_active"],
    form_fields=["username", "first_name", "last_name", "email", "is_active"],
    natural_key=("username",),
    policy=dict.fromkeys((VIEW, EXPORT, ADD, CHANGE, DELETE, IMPORT), ADMIN_ONLY),
    service_class=LoginService,
    detail_template="org/login_detail.html",
    extra_context=views.login_context,
    menu_group=ORGANISATION,
    ordering=("username",),
)
register(
    models.OrganizationalEvent,
    list_fields=["date", "kind", "instrument", "description", "entity"],
    search_fields=["instrument", "description"],
    filter_fields=["kind", "entity"],
    policy=CENTRAL_WRITES,
    menu_group=ORGANISATION,
    ordering=("date",),
)
register(
    models.OictMandate,
    list_fields=["order", "reference", "text", "status", "resources"],
    search_fields=["reference", "text"],
    filter_fields=["status", "resources"],
    natural_key=("entity", "order"),
    policy=CENTRAL_WRITES,
    menu_group=ORGANISATION,
    ordering=("order",),
)
register(
    models.GovernanceInstrument,
    list_fields=["symbol", "title", "kind", "date", "status"],
    search_fields=["symbol", "title"],
    filter_fields=["kind"],
    natural_key=("symbol",),
    policy=CENTRAL_WRITES,
    menu_group=GOVERNANCE,
    ordering=("symbol",),
)
register(
    models.GovernanceBody,
    list_fields=["code", "name", "kind", "chair", "cadence", "cadence_n", "founding_instrument", "entity"],
    search_fields=["code", "acronym", "name", "chair"],
    filter_fields=["kind", "cadence", "entity", "founding_instrument"],
    natural_key=("code",),
    detail_template="org/governancebody_detail.html",
    extra_context=views.body_context,
    menu_group=GOVERNANCE,
    ordering=("code",),
)
register(
    models.BodyMembership,
    list_fields=["body", "role", "entity", "level", "person"],
    filter_fields=["body", "role", "entity"],
    menu_group=GOVERNANCE,
    ordering=("body__code", "role"),
)
register(
    models.Meeting,
    list_fields=["body", "year", "date", "mode", "note"],
    search_fields=["agenda", "note"],
    filter_fields=["body", "mode"],
    menu_group=GOVERNANCE,
    ordering=("body__code", "year", "date"),
)
register(
    models.Decision,
    list_fields=["meeting", "reference", "text"],
    also_select=("meeting__body",),
    search_fields=["reference", "text"],
    filter_fields=["meeting"],
    menu_group=GOVERNANCE,
)
register(
    models.BodyOutput,
    list_fields=["body", "kind", "year", "date", "reference"],
    filter_fields=["body", "kind"],
    menu_group=GOVERNANCE,
    ordering=("body__code", "year"),
)

menu_links.append((ORGANISATION, _("Entity tree"), "org:entity_tree"))
menu_links.append((GOVERNANCE, _("Cadence compliance"), "org:governance_compliance"))
