"""Cadence compliance of governance bodies, computed per body per year from recorded meetings.

"Every six weeks" gives floor(days in year / 42) required meetings (8 in 2018); "at least N a year"
gives N. A year counts only inside the body's complete-record window (records_from…records_to),
so that a year with no data is not reported as a year without meetings.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet

from .models import BodyOutput, Cadence, GovernanceBody


def required_meetings(body: GovernanceBody, year: int) -> int:
    n = body.cadence_n or 0
    days = (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days
    match body.cadence:
        case Cadence.EVERY_N_WEEKS:
            return days // (7 * n) if n else 0
        case Cadence.MIN_PER_YEAR:
            return n
        case Cadence.PER_MONTH:
            return 12 * n
        case Cadence.PER_QUARTER:
            return 4 * n
    return 0


@dataclass(frozen=True)
class YearCompliance:
    body: GovernanceBody
    year: int
    meetings_required: int
    meetings_held: int
    annual_reports_required: int
    annual_reports_produced: int
    project_updates_required: int
    project_updates_received: int

    @property
    def meeting_rate(self) -> Decimal | None:
        if not self.meetings_required:
            return None
        rate = Decimal(self.meetings_held * 100) / Decimal(self.meetings_required)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def meetings_met(self) -> bool:
        return self.meetings_held >= self.meetings_required

    @property
    def reports_met(self) -> bool:
        return self.annual_reports_produced >= self.annual_reports_required

    @property
    def updates_met(self) -> bool:
        return self.project_updates_received >= self.project_updates_required

    @property
    def compliant(self) -> bool:
        return self.meetings_met and self.reports_met and self.updates_met


def record_years(body: GovernanceBody, today: datetime.date | None = None) -> range:
    if not body.records_from:
        return range(0)
    last = body.records_to or (today or datetime.date.today()).year
    if body.valid_to:
        last = min(last, body.valid_to.year)
    return range(body.records_from, last + 1)


def compliance(bodies: QuerySet[GovernanceBody] | list[GovernanceBody], today: datetime.date | None = None):
    """Compliance rows for every body and every year of its complete record (3 queries in all)."""
    bodies = list(bodies)
    ids = [b.pk for b in bodies]
    from .models import Meeting

    meetings = Counter(
        {
            (row["body_id"], row["year"]): row["n"]
            for row in Meeting.objects.filter(body_id__in=ids)
            .values("body_id", "year")
            .annotate(n=Count("pk"))
        }
    )
    outputs = Counter(
        {
            (row["body_id"], row["year"], row["kind"]): row["n"]
            for row in BodyOutput.objects.filter(body_id__in=ids)
            .values("body_id", "year", "kind")
            .annotate(n=Count("pk"))
        }
    )
    rows: list[YearCompliance] = []
    for body in bodies:
        for year in record_years(body, today):
            rows.append(
                YearCompliance(
                    body=body,
                    year=year,
                    meetings_required=required_meetings(body, year),
                    meetings_held=meetings[(body.pk, year)],
                    annual_reports_required=body.annual_reports_required,
                    annual_reports_produced=outputs[(body.pk, year, BodyOutput.Kind.ANNUAL_REPORT)],
                    project_updates_required=body.project_updates_required,
                    project_updates_received=outputs[(body.pk, year, BodyOutput.Kind.PROJECT_UPDATE)],
                )
            )
    return rows
