"""The oversight models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import (
    ADD,
    CENTRAL,
    CHANGE,
    DELETE,
    EDITORS,
    EXPORT,
    IMPORT,
    OVERSIGHT_REVIEWER,
    VIEW,
)
from lodestar.core.registry import menu_links, register
from lodestar.documents.tables import printed_figure_context

from . import lists, models, services, views

OVERSIGHT = _("Oversight")
# The register itself (bodies, reports, recommendations, who they are addressed to) is kept by the
# central analysts and the oversight reviewers; entities write only their status updates.
REGISTER_KEEPERS = CENTRAL | {OVERSIGHT_REVIEWER}
KEEPERS_WRITE = {ADD: REGISTER_KEEPERS, CHANGE: REGISTER_KEEPERS, IMPORT: REGISTER_KEEPERS, DELETE: CENTRAL}

register(
    models.OversightBodyKind,
    list_fields=["code", "name", "order", "organisation"],
    search_fields=["code", "name"],
    filter_fields=["organisation"],
    natural_key=("code",),
    policy=KEEPERS_WRITE,
    menu_group=OVERSIGHT,
    ordering=("organisation__code", "order", "code"),
)
register(
    models.OversightBody,
    list_fields=["code", "acronym", "name", "kind", "organisation"],
    search_fields=["code", "acronym", "name"],
    filter_fields=["organisation", "kind"],
    natural_key=("code",),
    policy=KEEPERS_WRITE,
    menu_group=OVERSIGHT,
    ordering=("order", "code"),
)
register(
    models.OversightReport,
    list_fields=["symbol", "body", "title", "date", "session"],
    search_fields=["symbol", "title", "subject"],
    filter_fields=["body", "session"],
    natural_key=("symbol",),
    policy=KEEPERS_WRITE,
    menu_group=OVERSIGHT,
    ordering=("date", "symbol"),
)
register(
    models.Recommendation,
    list_fields=[
        "code",
        "report",
        "reference",
        "text",
        "entity",
        "priority",
        "original_target_date",
        "revised_target_date",
    ],  # fmt: skip
    search_fields=["code", "reference", "text", "topic"],
    filter_fields=["report", "entity", "priority", "kind"],
    form_fields=[
        "report",
        "reference",
        "code",
        "text",
        "original_language",
        "kind",
        "topic",
        "entity",
        "other_entities",
        "priority",
        "acceptance",
        "original_target_date",
        "revised_target_date",
        "target_as_printed",
        "projects",
        "governance_bodies",
        "budget_sections",
        "predecessor",
        "order",
    ],  # fmt: skip
    # Report by symbol and entities by code in import files (the registry's natural keys).
    natural_key=("code", "report", "reference"),
    policy=KEEPERS_WRITE,
    service_class=services.RecommendationService,
    menu_group=OVERSIGHT,
    ordering=("report__date", "report__symbol", "order", "pk"),
    also_select=("report",),
    detail_template="oversight/recommendation_generic.html",
    extra_context=views.generic_detail_context,
    extra_columns=lists.columns,
    extra_filters=lists.filters,
)
register(
    models.Addressee,
    list_fields=["recommendation", "entity", "responsibility"],
    search_fields=["responsibility"],
    filter_fields=["entity"],
    policy=KEEPERS_WRITE,
    menu_group=OVERSIGHT,
    ordering=("recommendation__code", "pk"),
    also_select=("recommendation__report", "entity"),
    service_class=services.AddresseeService,
)
register(
    models.StatusUpdate,
    list_fields=["addressee", "as_of", "reported_status", "state", "assessed_status", "source"],
    search_fields=["source"],
    filter_fields=["state", "reported_status", "assessed_status"],
    # Workflow fields move only through the workflow (services.transition), never through a form.
    form_fields=[
        "addressee",
        "as_of",
        "reported_status",
        "comment",
        "original_language",
        "evidence_link",
        "evidence_description",
        "source",
    ],  # fmt: skip
    policy={
        # Drafts are private to their entity and the central roles: roles that only read (readers,
        # project managers) see updates on the recommendation pages, where drafts are filtered out.
        VIEW: EDITORS | {OVERSIGHT_REVIEWER},
        EXPORT: EDITORS | {OVERSIGHT_REVIEWER},
        DELETE: CENTRAL,
        services.PROPOSE: EDITORS,
        services.REVIEW: CENTRAL,
        services.VALIDATE: frozenset({OVERSIGHT_REVIEWER}),
    },
    service_class=services.StatusUpdateService,
    menu_group=OVERSIGHT,
    ordering=("addressee__recommendation__code", "as_of", "pk"),
    also_select=("addressee__recommendation__report", "addressee__entity"),
    detail_template="oversight/statusupdate_generic.html",
    extra_context=views.status_update_context,
)
register(
    models.PrintedSummary,
    list_fields=["document", "table_number", "row", "column", "value", "organisation"],
    search_fields=["document"],
    filter_fields=["organisation", "document"],
    natural_key=("document", "table_number", "row", "column"),
    policy=KEEPERS_WRITE,
    menu_group=OVERSIGHT,
    extra_context=printed_figure_context,
    ordering=("document", "table_number", "row", "column"),
)

menu_links.append((OVERSIGHT, _("Oversight dashboard"), "oversight:dashboard"))
