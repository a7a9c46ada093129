"""Status, ageing, carry-over and implementation rate: pure functions over plain values, so that they
are tested without a database and used alike by the pages, the tables and the checks."""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

IMPLEMENTED = "implemented"
UNDER_IMPLEMENTATION = "under_implementation"
NOT_STARTED = "not_started"
NOT_IMPLEMENTED = "not_implemented"
OVERTAKEN = "overtaken"
CLOSED = frozenset({IMPLEMENTED, OVERTAKEN})
AGEING_YEARS = 2


@dataclass(frozen=True)
class ValidatedStatus:
    """One validated update: what management reported and, if given, what the body assessed."""

    addressee_id: int
    as_of: datetime.date
    reported: str
    assessed: str = ""
    order: int = 0  # the update's pk: later wins between two updates of the same date


def latest_per_addressee(
    updates: Iterable[ValidatedStatus], as_of: datetime.date | None = None
) -> dict[int, ValidatedStatus]:
    latest: dict[int, ValidatedStatus] = {}
    for u in updates:
        if as_of is not None and u.as_of > as_of:
            continue
        current = latest.get(u.addressee_id)
        if current is None or (u.as_of, u.order) > (current.as_of, current.order):
            latest[u.addressee_id] = u
    return latest


def combine(statuses: Sequence[str | None]) -> str | None:
    """The status of a recommendation from the statuses of its addressees: closed only when every
    addressee is closed; otherwise the most advanced open state; None when none is known."""
    known = [s for s in statuses if s]
    if not known:
        return None
    if len(known) == len(statuses) and all(s in CLOSED for s in known):
        return IMPLEMENTED if IMPLEMENTED in known else OVERTAKEN
    open_states = [s for s in known if s not in CLOSED]
    for state in (UNDER_IMPLEMENTATION, NOT_STARTED, NOT_IMPLEMENTED):
        if state in open_states:
            return state
    return UNDER_IMPLEMENTATION  # some addressees closed, others not yet reported


@dataclass
class RecFacts:
    """What the dashboard and the checks need of one recommendation."""

    pk: int
    issued: datetime.date
    target: datetime.date | None
    addressee_ids: list[int]
    updates: list[ValidatedStatus] = field(default_factory=list)
    # The earliest possible date of issue when the seed gives only its month or year (``issued`` is
    # then the last day of it); None when the day is known.
    issued_earliest: datetime.date | None = None
    _timeline: tuple[list[datetime.date], list[bool]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def status(self, as_of: datetime.date | None = None) -> str | None:
        latest = latest_per_addressee(self.updates, as_of)
        return combine([latest[a].reported if a in latest else None for a in self.addressee_ids])

    def assessed(self, as_of: datetime.date | None = None) -> str | None:
        latest = latest_per_addressee(self.updates, as_of)
        return combine([latest[a].assessed if a in latest else None for a in self.addressee_ids])

    def _closures(self) -> tuple[list[datetime.date], list[bool]]:
        """Closed or not from each update date on: the status only changes on those dates, so
        dashboards ask "open at d?" by bisection instead of recombining every update each time.
        Computed once; the updates are complete before the first question (``queries.facts_for``)."""
        if self._timeline is None:
            dates = sorted({u.as_of for u in self.updates})
            self._timeline = (dates, [self.status(d) in CLOSED for d in dates])
        return self._timeline

    def closed_on(self) -> datetime.date | None:
        """The first date from which the recommendation counts as closed (and stays closed)."""
        closed_from = None
        for d, closed in zip(*self._closures(), strict=True):
            # A reopened recommendation counts as closed only from its last closing.
            closed_from = (closed_from or d) if closed else None
        return closed_from

    def is_open(self, as_of: datetime.date | None = None) -> bool:
        if as_of is not None and self.issued > as_of:
            return False
        dates, closed = self._closures()
        index = len(dates) if as_of is None else bisect_right(dates, as_of)
        return not (index and closed[index - 1])


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def aged(fact: RecFacts, today: datetime.date, years: int = AGEING_YEARS) -> bool:
    """Open for more than ``years`` years at ``today`` (certainly: the latest possible issue date)."""
    return fact.is_open(today) and fact.issued < years_before(today, years)


def ageing_unknown(fact: RecFacts, today: datetime.date, years: int = AGEING_YEARS) -> bool:
    """Open, and aged or not depending on an issue day the seed does not give: left out of ageing."""
    limit = years_before(today, years)
    earliest = fact.issued_earliest or fact.issued
    return fact.is_open(today) and earliest < limit <= fact.issued


def past_target(fact: RecFacts, today: datetime.date) -> bool:
    return fact.is_open(today) and fact.target is not None and fact.target < today


def percent(part: int, whole: int) -> Decimal | None:
    """A share to one decimal, half up, as the annexes print it."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CarryOver:
    label: str
    date: datetime.date
    brought_forward: int
    issued: int
    closed: int
    still_open: int
    date_known: str = "day"

    @property
    def carried(self) -> int:
        """Open before it and not closed since: what it carries over besides its own (A/73/384 ¶6)."""
        return self.brought_forward - self.closed


class OpenCounts:
    """How many of some recommendations are open at any date, in logarithmic time per date.

    A recommendation's open/closed state changes only on its update dates; each change is an event
    (+1 closing, -1 reopening) dated no earlier than its issue (before it, it is not open anyway).
    Open at d = issued by d - the net closings by d: the carry-over and rate tables ask this for
    every report and year end, which recounting every recommendation each time made grow with
    reports x recommendations."""

    def __init__(self, facts: Sequence[RecFacts]) -> None:
        self.issued = sorted(f.issued for f in facts)
        events: list[tuple[datetime.date, int]] = []
        for f in facts:
            state = False
            for day, closed in zip(*f._closures(), strict=True):
                if closed != state:
                    events.append((max(day, f.issued), 1 if closed else -1))
                    state = closed
        events.sort()
        self.dates = [day for day, _delta in events]
        self.closed: list[int] = list(accumulate(delta for _day, delta in events))

    def issued_by(self, day: datetime.date) -> int:
        return bisect_right(self.issued, day)

    def open_at(self, day: datetime.date) -> int:
        index = bisect_right(self.dates, day)
        return self.issued_by(day) - (self.closed[index - 1] if index else 0)


def carry_over(
    reports: Sequence[tuple[str, datetime.date, int] | tuple[str, datetime.date, int, str]],
    facts: Sequence[RecFacts],
) -> list[CarryOver]:
    """Per report of one body, in date order: recommendations open before it, issued in it, closed
    since the previous report and still open at its date (outstanding(t) = outstanding(t-1) + new
    - closed, A/73/384 ¶6)."""
    rows = []
    previous: datetime.date | None = None
    counts = OpenCounts(facts)
    closings = sorted(when for when in (f.closed_on() for f in facts) if when is not None)
    for symbol, day, issued, *known in sorted(reports, key=lambda r: (r[1], r[0])):
        brought = 0 if previous is None else counts.open_at(previous)
        closed = bisect_right(closings, day) - (0 if previous is None else bisect_right(closings, previous))
        rows.append(CarryOver(symbol, day, brought, issued, max(closed, 0), counts.open_at(day), *known))
        previous = day
    return rows


@dataclass(frozen=True)
class RatePoint:
    year: int
    issued: int
    closed: int
    rate: Decimal | None
    # The year's own rate, as the reports print it ("27 % of the outstanding recommendations were
    # implemented during 2018", A/73/384 ¶7): implemented during the year / outstanding at its start.
    outstanding: int = 0
    implemented: int = 0
    year_rate: Decimal | None = None


def _year_end(year: int, until: datetime.date) -> datetime.date:
    return min(datetime.date(year, 12, 31), until)


def rate_over_time(facts: Sequence[RecFacts], until: datetime.date) -> list[RatePoint]:
    """At each year end: recommendations issued so far, those closed, and the share closed; and the
    share of the recommendations outstanding at the year's start that were implemented during it."""
    if not facts:
        return []
    first = min(f.issued.year for f in facts)
    counts = OpenCounts(facts)
    # Implemented during a year: open at its start, closed as implemented at its end. That needs a
    # change of state within the year, so only the years of a recommendation's own updates are asked.
    implemented: dict[int, int] = {}
    for f in facts:
        for year in sorted({d.year for d in f._closures()[0] if first <= d.year <= until.year}):
            start, end = datetime.date(year - 1, 12, 31), _year_end(year, until)
            if (
                f.issued <= start
                and f.is_open(start)
                and not f.is_open(end)
                and f.status(end) == IMPLEMENTED
                and (f.closed_on() or end) > start
            ):
                implemented[year] = implemented.get(year, 0) + 1
    points = []
    for year in range(first, until.year + 1):
        end = _year_end(year, until)
        start = datetime.date(year - 1, 12, 31)
        issued = counts.issued_by(end)
        closed = issued - counts.open_at(end)
        outstanding = counts.open_at(start)
        done = implemented.get(year, 0)
        points.append(
            RatePoint(
                year,
                issued,
                closed,
                percent(closed, issued),
                outstanding,
                done,
                percent(done, outstanding),
            )
        )
    return points
