"""Earned progress, slipped milestones, health and completion integrity: pure functions over plain
values so that they are unit- and property-tested without a database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ACCEPTED = "accepted"
RETURNED = "returned"
REPORTED_COMPLETED = "completed"
REPORTED_UNFINISHED = frozenset({"in_progress", "on_hold"})
SUPPORTED, CONTRADICTED, UNVERIFIED = "supported", "contradicted", "unverified"


@dataclass(frozen=True)
class MilestoneFacts:
    weight: int
    status: str
    current_due: datetime.date | None = None
    baseline_due: datetime.date | None = None
    completed_on: datetime.date | None = None
    reported: str = ""  # the state its source reported: completed, in_progress, on_hold or ""


def weighted_percent(part: int, total: int) -> Decimal:
    """``part`` of a total weight, 0–100, two decimals half up (0 without weight)."""
    if total <= 0:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def earned_percent(milestones: Iterable[MilestoneFacts]) -> Decimal:
    """Share of the total weight carried by accepted milestones, 0–100, two decimals."""
    items = list(milestones)
    earned = sum(m.weight for m in items if m.status == ACCEPTED)
    return weighted_percent(earned, sum(m.weight for m in items))


def reported_percent(milestones: Iterable[MilestoneFacts]) -> Decimal:
    """Share of the total weight of milestones accepted or reported completed: what is known, verified
    or not (earned progress stays the accepted share alone)."""
    items = list(milestones)
    done = sum(m.weight for m in items if m.status == ACCEPTED or m.reported == REPORTED_COMPLETED)
    return weighted_percent(done, sum(m.weight for m in items))


def unverified(earned: Decimal, reported: Decimal) -> bool:
    """Reported complete, not verified: the report says more is done than the accepted evidence shows."""
    return reported > earned


def slipped(m: MilestoneFacts, today: datetime.date) -> bool:
    """Slipped: its current due date is later than its baseline, or it is overdue and neither accepted
    nor reported completed (a milestone reported done is unverified, not late)."""
    if m.baseline_due and m.current_due and m.current_due > m.baseline_due:
        return True
    due = m.current_due or m.baseline_due
    done = m.status == ACCEPTED or m.reported == REPORTED_COMPLETED
    return not done and due is not None and due < today


def health(
    declared: Decimal | None,
    earned: Decimal,
    slipped_count: int,
    reported: Decimal | None = None,
    contradicted: bool = False,
) -> str:
    """RAG health from what is known: red only when a completion claim is contradicted (the measured
    target missed, or a milestone known unfinished); amber when the declaration runs ahead of what the
    milestones show (accepted, or reported completed) or milestones slipped; green otherwise. Missing
    evidence alone is never "off track": it is shown as "reported complete, not verified"."""
    if contradicted:
        return "red"
    known = max(earned, reported) if reported is not None else earned
    gap = (declared - known) if declared is not None else Decimal(0)
    if gap > 0 or slipped_count:
        return "amber"
    return "green"


def completion_supported(milestones: Iterable[MilestoneFacts], target_met: bool | None, waived: bool) -> bool:
    """A completion claim stands only if every milestone is accepted and the target is met, or a
    governance body recorded a waiver with a reason."""
    return completion_state(milestones, target_met, waived) == SUPPORTED


def completion_state(milestones: Iterable[MilestoneFacts], target_met: bool | None, waived: bool) -> str:
    """A completion claim is supported (every milestone accepted and the target met, or waived by a
    governance body); contradicted when the measured target is missed, a milestone is known unfinished
    (reported in progress or on hold, or returned), or the accepted milestones say otherwise (some are
    accepted, others neither accepted nor reported completed); else unverified: nothing contradicts it,
    but the evidence or a measured target is missing."""
    items = list(milestones)
    if waived:
        return SUPPORTED
    if target_met is False:
        return CONTRADICTED
    # Accepted evidence outweighs an earlier report that the milestone was unfinished.
    if any(
        m.status != ACCEPTED and (m.reported in REPORTED_UNFINISHED or m.status == RETURNED) for m in items
    ):
        return CONTRADICTED
    accepted = [m for m in items if m.status == ACCEPTED]
    if accepted and any(m.status != ACCEPTED and m.reported != REPORTED_COMPLETED for m in items):
        return CONTRADICTED
    if len(accepted) == len(items) and target_met is True:
        return SUPPORTED
    return UNVERIFIED


def target_met(
    status: str, target: Decimal | None, actual: Decimal | None, lower_is_better: bool
) -> bool | None:
    """True or False when known, None when there is no evidence either way (``Project.target_met``)."""
    if status:
        return status == "met"
    if target is None or actual is None:
        return None
    return actual <= target if lower_is_better else actual >= target


def facts(project) -> list[MilestoneFacts]:  # noqa: ANN001 - a Project
    return [
        MilestoneFacts(m.weight, m.status, m.current_due, m.baseline_due, m.completed_on, m.reported_status)
        for m in project.milestones.all()
    ]


def is_waived(project) -> bool:  # noqa: ANN001 - a Project
    return bool(project.waiver_body_id and project.waiver_reason)


# Dashboard and project page -------------------------------------------------------------------


def period_end(period: str) -> datetime.date | None:
    """The last day of a reporting period written as a year ("2019") or a range ending in a year
    ("2018-2019", "2019/20" is not guessed); None when the period names no year."""
    tail = period.strip().replace("–", "-").split("-")[-1].strip()
    if len(tail) == 4 and tail.isdigit():
        return datetime.date(int(tail), 12, 31)
    return None


def earned_percent_as_of(milestones: Iterable[MilestoneFacts], day: datetime.date) -> Decimal:
    """Earned % counting only milestones accepted and completed on or before ``day``: what the
    evidence supported at the end of a reporting period."""
    items = list(milestones)
    as_of = [
        m
        if (m.status == ACCEPTED and m.completed_on is not None and m.completed_on <= day)
        else MilestoneFacts(m.weight, "open", m.current_due, m.baseline_due, m.completed_on)
        for m in items
    ]
    return earned_percent(as_of)


@dataclass(frozen=True)
class Bar:
    """One project on the timeline, in SVG user units (0 … width)."""

    x: float
    width: float
    baseline_x: float | None
    ticks: tuple[tuple[float, str], ...]  # (x, status) of each milestone


@dataclass(frozen=True)
class Axis:
    start: datetime.date
    end: datetime.date


def timeline_axis(dates: Iterable[datetime.date | None]) -> Axis | None:
    known = [d for d in dates if d is not None]
    if not known:
        return None
    start = datetime.date(min(known).year, 1, 1)
    end = datetime.date(max(known).year + 1, 1, 1)
    return Axis(start, end)


def position(day: datetime.date, axis: Axis, width: float, rtl: bool) -> float:
    span = (axis.end - axis.start).days or 1
    x = (day - axis.start).days / span * width
    # Right-to-left pages read time from right to left too.
    return round(width - x if rtl else x, 1)


def timeline_bar(
    start: datetime.date | None,
    end: datetime.date | None,
    baseline_end: datetime.date | None,
    milestones: Iterable[tuple[datetime.date | None, str]],
    axis: Axis,
    width: float,
    rtl: bool = False,
) -> Bar | None:
    """A bar from the project's start to its current end, the baseline end marked, and a tick per
    dated milestone; None when the project has no dates to draw."""
    if start is None and end is None:
        return None
    first, last = start or end, end or start
    a, b = position(first, axis, width, rtl), position(last, axis, width, rtl)
    return Bar(
        x=min(a, b),
        width=max(abs(b - a), 2.0),  # a one-day project is still visible
        baseline_x=position(baseline_end, axis, width, rtl) if baseline_end else None,
        ticks=tuple(
            (position(day, axis, width, rtl), status) for day, status in milestones if day is not None
        ),
    )


def axis_years(axis: Axis, width: float, rtl: bool = False) -> tuple[tuple[float, int], ...]:
    return tuple(
        (position(datetime.date(year, 1, 1), axis, width, rtl), year)
        for year in range(axis.start.year, axis.end.year + 1)
    )
