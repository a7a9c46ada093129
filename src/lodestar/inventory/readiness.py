"""DR readiness computed from plans and tests (DRC-S02, DRC-C01): a critical application is
*documented* when it has a documented plan, *tested* when a test of one of its plans passed in the
year up to the as-at date, *exercised* when that passed test was a full DR exercise. Shares are
taken over the applications a list counts — its printed count when the source names fewer than it
counts, so that unnamed applications count as not ready rather than vanishing from the denominator.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from .recovery import CriticalApplication, CriticalList, DrPlan, DrTest

TESTED_WITHIN = datetime.timedelta(days=365)


@dataclass
class State:
    documented: bool = False
    tested: bool = False
    exercised: bool = False
    last_test: datetime.date | None = None


@dataclass
class Readiness:
    counted: int = 0
    named: int = 0
    documented: int = 0
    tested: int = 0
    exercised: int = 0
    printed_count: int | None = None
    printed_exercised: Decimal | None = None
    members: list[tuple[Any, State]] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def documented_percent(self) -> Decimal | None:
        return self._share(self.documented, self.counted)

    @property
    def tested_percent(self) -> Decimal | None:
        return self._share(self.tested, self.counted)

    @property
    def exercised_percent(self) -> Decimal | None:
        return self._share(self.exercised, self.counted)

    @property
    def unnamed(self) -> int:
        return max(0, self.counted - self.named)

    def add(self, member: Any, state: State) -> None:
        self.named += 1
        self.documented += state.documented
        self.tested += state.tested
        self.exercised += state.exercised
        self.members.append((member, state))


def states(applications: QuerySet[CriticalApplication], as_at: datetime.date) -> dict[int, State]:
    """The readiness of each critical application: two queries, whatever the number of rows."""
    ids = list(applications.values_list("pk", flat=True))
    result = {pk: State() for pk in ids}
    for app_id in (
        DrPlan.objects.filter(application_id__in=ids, documented=True)
        .values_list("application_id", flat=True)
        .distinct()
    ):
        result[app_id].documented = True
    since = as_at - TESTED_WITHIN
    tests = DrTest.objects.filter(
        plan__application_id__in=ids, date__gt=since, date__lte=as_at, result=DrTest.Result.PASSED
    ).values_list("plan__application_id", "kind", "date")
    for app_id, kind, date in tests:
        state = result[app_id]
        state.tested = True
        state.exercised = state.exercised or kind == DrTest.Kind.EXERCISE
        state.last_test = max(filter(None, (state.last_test, date)))
    return result


def by_list(
    lists: QuerySet[CriticalList], applications: QuerySet[CriticalApplication], as_at: datetime.date
) -> list[tuple[CriticalList, Readiness]]:
    members = list(applications.select_related("application", "critical_list", "tier"))
    state = states(applications, as_at)
    grouped: dict[int, Readiness] = defaultdict(Readiness)
    for member in members:
        grouped[member.critical_list_id].add(member, state[member.pk])
    result = []
    for critical_list in lists:
        readiness = grouped[critical_list.pk]
        readiness.printed_count = critical_list.printed_count
        readiness.printed_exercised = critical_list.printed_exercised_percent
        readiness.counted = max(readiness.named, critical_list.printed_count or 0)
        result.append((critical_list, readiness))
    return result


def by_duty_station(
    applications: QuerySet[CriticalApplication], as_at: datetime.date
) -> list[tuple[str, Readiness]]:
    """The maturity of each duty station (DRC-X01): its named critical applications' readiness, an
    application counted once however many lists name it."""
    state = states(applications, as_at)
    seen: dict[str, dict[int, State]] = defaultdict(dict)
    for pk, station, application_id in applications.values_list("pk", "duty_station", "application_id"):
        mine = seen[station or ""].setdefault(application_id, State())
        other = state[pk]
        mine.documented |= other.documented
        mine.tested |= other.tested
        mine.exercised |= other.exercised
    result = []
    for station in sorted(seen):
        readiness = Readiness()
        for application_id, one in seen[station].items():
            readiness.add(application_id, one)
        readiness.counted = readiness.named
        result.append((station, readiness))
    return result
