"""The service-performance models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import menu_links, register

from . import models

SERVICE = _("Service performance")
CENTRAL_WRITES = {ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL}
menu_links.append((SERVICE, _("Service dashboard"), "service:dashboard"))
menu_links.append((SERVICE, _("Upload a ticket export"), "service:upload"))

for vocabulary, fields in (
    (models.Metric, ["code", "name", "unit", "lower_is_better", "measure", "organisation"]),
    (models.TicketFormat, ["code", "name", "opened_column", "entity_column", "organisation"]),
):
    register(
        vocabulary,
        list_fields=fields,
        search_fields=["code", "name"],
        filter_fields=["organisation"],
        natural_key=("code",),
        policy=CENTRAL_WRITES,
        menu_group=SERVICE,
        ordering=("organisation__code", "code"),
    )
register(
    models.Service,
    list_fields=["code", "name", "core", "project", "entity"],
    search_fields=["code", "name"],
    filter_fields=["entity", "core", "project"],
    natural_key=("code",),
    menu_group=SERVICE,
    ordering=("code",),
)
register(
    models.ServiceLevelAgreement,
    list_fields=["code", "name", "service", "client", "valid_from", "entity"],
    search_fields=["code", "name"],
    filter_fields=["entity", "service", "client"],
    natural_key=("code",),
    menu_group=SERVICE,
    ordering=("code",),
)
register(
    models.SlaTarget,
    list_fields=["agreement", "metric", "target", "source"],
    search_fields=["agreement__code", "source"],
    filter_fields=["agreement", "metric"],
    menu_group=SERVICE,
    ordering=("agreement__code", "metric__code"),
)
register(
    models.KpiObservation,
    list_fields=["entity", "service", "metric", "period_end", "kind", "value", "source"],
    search_fields=["source"],
    filter_fields=["entity", "service", "metric", "kind", "period_end"],
    menu_group=SERVICE,
    ordering=("entity__code", "service__code", "metric__code", "period_end", "kind"),
)
register(
    models.SatisfactionSurvey,
    list_fields=["code", "name", "year", "target_percent", "printed_overall_percent", "entity"],
    search_fields=["code", "name"],
    filter_fields=["entity", "year"],
    natural_key=("code",),
    menu_group=SERVICE,
    ordering=("year", "code"),
)
register(
    models.SurveyScore,
    list_fields=["survey", "service", "score_percent", "respondents"],
    search_fields=["survey__code", "service__code"],
    filter_fields=["survey", "service"],
    menu_group=SERVICE,
    ordering=("survey__code", "service__code"),
)
register(
    models.TicketBatch,
    list_fields=[
        "file_name",
        "format",
        "status",
        "tickets",
        "rejected",
        "first_opened",
        "last_opened",
        "entity",
    ],
    search_fields=["file_name"],
    filter_fields=["entity", "format", "status"],
    menu_group=SERVICE,
    ordering=("-created",),
    # A batch is made by uploading an export (service:upload or the upload API); by hand only a
    # central analyst corrects its description.
    policy=CENTRAL_WRITES,
)
