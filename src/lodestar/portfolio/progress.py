"""Earned progress, slipped milestones, health and completion integrity: pure functions over plain
values so that they are unit- and property-tested without a database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ACCEPTED = "accepted"


@dataclass(frozen=True)
class MilestoneFacts:
    weight: int
    status: str
    current_due: datetime.date | None = None
    baseline_due: datetime.date | None = None
    completed_on: datetime.date | None = None


def earned_percent(milestones: Iterable[MilestoneFacts]) -> Decimal:
    """Share of the total weight carried by accepted milestones, 0–100, two decimals."""
    items = list(milestones)
    total = sum(m.weight for m in items)
    if total <= 0:
        return Decimal("0.00")
    earned = sum(m.weight for m in items if m.status == ACCEPTED)
    return (Decimal(earned) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def slipped(m: MilestoneFacts, today: datetime.date) -> bool:
    """Slipped: its current due date is later than its baseline, or it is overdue and not accepted."""
    if m.baseline_due and m.current_due and m.current_due > m.baseline_due:
        return True
    due = m.current_due or m.baseline_due
    return m.status != ACCEPTED and due is not None and due < today


def health(declared: Decimal | None, earned: Decimal, slipped_count: int) -> str:
    """RAG health: red when the declaration runs 25 points or more ahead of the evidence, amber when it
    runs ahead at all or milestones slipped, green otherwise."""
    gap = (declared - earned) if declared is not None else Decimal(0)
    if gap >= 25:
        return "red"
    if gap > 0 or slipped_count:
        return "amber"
    return "green"


def completion_supported(milestones: Iterable[MilestoneFacts], target_met: bool | None, waived: bool) -> bool:
    """A completion claim stands only if every milestone is accepted and the target is met, or a
    governance body recorded a waiver with a reason."""
    if waived:
        return True
    return all(m.status == ACCEPTED for m in milestones) and target_met is True


def facts(project) -> list[MilestoneFacts]:  # noqa: ANN001 - a Project
    return [
        MilestoneFacts(m.weight, m.status, m.current_due, m.baseline_due, m.completed_on)
        for m in project.milestones.all()
    ]


def is_waived(project) -> bool:  # noqa: ANN001 - a Project
    return bool(project.waiver_body_id and project.waiver_reason)
