"""Where a campaign stands: x of N entities submitted and accepted, late, never opened, and the
entities to chase. Aggregates over the assignments, so the cost does not grow with what is shown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Assignment, Campaign
from .services import OPEN_STATES

State = Assignment.State


@dataclass
class Completeness:
    total: int
    not_started: int
    in_progress: int
    submitted: int
    returned: int
    accepted: int
    never_opened: int
    late: int

    @property
    def answered(self) -> int:
        return self.submitted + self.accepted


def completeness(campaign: Campaign, today: datetime.date) -> Completeness:
    """x of N: one aggregate query whatever the number of entities."""
    counts = campaign.assignments.aggregate(
        total=Count("pk"),
        never_opened=Count("pk", filter=Q(opened_at__isnull=True, state=State.NOT_STARTED)),
        **{state: Count("pk", filter=Q(state=state)) for state in State.values},
    )
    late = 0
    if campaign.is_late(today):
        late = counts["not_started"] + counts["in_progress"] + counts["returned"]
    return Completeness(late=late, **counts)


def chase_list(campaign: Campaign, today: datetime.date) -> QuerySet[Assignment]:
    """Entities to chase: not answered, the deadline passed (or, before it, never opened)."""
    pending = campaign.assignments.filter(state__in=OPEN_STATES)
    if not campaign.is_late(today):
        pending = pending.filter(opened_at__isnull=True)
    return pending.select_related("entity").order_by("entity__code")
