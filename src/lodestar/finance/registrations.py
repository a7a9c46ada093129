from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import register

from . import models

BUDGET = _("Budget")
CENTRAL_WRITES = {ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL}

register(
    models.FundingSource,
    list_fields=["code", "name", "kind", "parent", "order"],
    search_fields=["code", "name"],
    filter_fields=["kind"],
    natural_key=("code",),
    policy=CENTRAL_WRITES,
    menu_group=BUDGET,
    ordering=("order", "code"),
)
register(
    models.ObjectOfExpenditure,
    list_fields=["code", "name", "category", "order"],
    search_fields=["code", "name"],
    filter_fields=["category"],
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
