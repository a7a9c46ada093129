"""The portfolio models, registered once: views, API, import/export and tests follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.registry import register

from . import models

PORTFOLIO = _("Project portfolio")

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
)
register(
    models.Milestone,
    list_fields=["project", "name", "phase", "current_due", "weight", "status"],
    search_fields=["name"],
    filter_fields=["project", "status"],
    menu_group=PORTFOLIO,
    ordering=("project__code", "order", "pk"),
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
