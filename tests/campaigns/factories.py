"""Factories of the campaign models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

import datetime
from typing import Any

from lodestar.campaigns import models as cmp
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def campaign(owner: org.Entity, n: int) -> cmp.Campaign:
    return create(
        cmp.Campaign,
        entity=owner,
        code=f"{owner.code}-DC{n}",
        name={"en": f"Data call {n}", "zh": f"数据征集 {n}"},
        opens=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 31),
    )


def item(owner: org.Entity, n: int) -> cmp.CampaignItem:
    return create(
        cmp.CampaignItem,
        campaign=campaign(owner, 100 + n),
        code=f"Q{n}",
        kind="number",
        label={"en": f"How many servers? ({n})"},
    )


def assignment(owner: org.Entity, n: int) -> cmp.Assignment:
    return create(cmp.Assignment, campaign=campaign(owner, 200 + n), entity=owner)


FACTORIES = {cmp.Campaign: campaign, cmp.CampaignItem: item, cmp.Assignment: assignment}
CHANGES = {
    cmp.Campaign: ("source", "A/65/491"),
    cmp.CampaignItem: ("required", False),
    cmp.Assignment: ("contact", "Jane Doe, ICT focal point"),
}
