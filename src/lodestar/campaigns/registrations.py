"""The campaign models, registered once: views, API, import/export and tests follow. Answers,
uploaded sections and reminders are read and written only through an assignment's page and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, EDITORS, IMPORT
from lodestar.core.registry import menu_links, register

from . import models
from .services import ANSWER, DECIDE

CAMPAIGNS = _("Data calls and campaigns")
menu_links.append((CAMPAIGNS, _("My entity's campaigns"), "campaigns:mine"))

# The central office designs and runs campaigns; entities answer them.
RUN = {ADD: CENTRAL, CHANGE: CENTRAL, IMPORT: CENTRAL, DELETE: CENTRAL}

register(
    models.Campaign,
    list_fields=["code", "name", "kind", "status", "opens", "deadline", "entity"],
    search_fields=["code", "name"],
    filter_fields=["kind", "status", "entity"],
    natural_key=("code",),
    menu_group=CAMPAIGNS,
    policy=RUN,
    ordering=("-opens", "code"),
    detail_template="campaigns/campaign_detail.html",
)
register(
    models.CampaignItem,
    list_fields=["campaign", "order", "code", "kind", "label", "required", "list_label"],
    search_fields=["code", "label"],
    filter_fields=["campaign", "kind"],
    natural_key=("campaign", "code"),
    menu_group=CAMPAIGNS,
    policy=RUN,
    ordering=("campaign__code", "order", "pk"),
)
register(
    models.Assignment,
    list_fields=["campaign", "entity", "state", "submitted_at", "decided_at"],
    detail_fields=["campaign", "entity", "state", "return_reason", "opened_at", "submitted_at", "decided_at"],
    search_fields=["entity__code", "campaign__code"],
    filter_fields=["campaign", "state", "entity"],
    natural_key=("campaign", "entity"),
    menu_group=CAMPAIGNS,
    # Assignments are made by launching a campaign; their state moves only through the workflow.
    policy={**RUN, ANSWER: EDITORS, DECIDE: CENTRAL},
    ordering=("campaign__code", "entity__code"),
)
