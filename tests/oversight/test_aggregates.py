"""The dashboard's counted figures (carry-over, rate over time) give the same numbers as recounting
every recommendation for every report and year, which is how they were computed before: on
generated registers with reopened recommendations, updates dated before issue, several addressees
and dates after the as-at day. And the cached dashboard follows the writes."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.oversight import analysis
from lodestar.oversight.analysis import IMPLEMENTED, CarryOver, RatePoint, RecFacts, ValidatedStatus
from lodestar.oversight.models import StatusUpdate

from ..factories import create
from ..reference_snapshot import reference_data
from .factories import recommendation, report

STATES = ["implemented", "under_implementation", "not_started", "not_implemented", "overtaken"]


def recount_carry_over(reports: list[tuple], facts: list[RecFacts]) -> list[CarryOver]:
    """The figures as first computed: every recommendation asked at every report."""
    rows, previous = [], None
    closings = [when for when in (f.closed_on() for f in facts) if when is not None]
    for symbol, day, issued, *known in sorted(reports, key=lambda r: (r[1], r[0])):
        brought = 0 if previous is None else sum(1 for f in facts if f.is_open(previous))
        closed = sum(1 for when in closings if (previous is None or when > previous) and when <= day)
        still_open = sum(1 for f in facts if f.issued <= day and f.is_open(day))
        rows.append(CarryOver(symbol, day, brought, issued, closed, still_open, *known))
        previous = day
    return rows


def recount_rate(facts: list[RecFacts], until: datetime.date) -> list[RatePoint]:
    points = []
    for year in range(min(f.issued.year for f in facts), until.year + 1):
        end, start = min(datetime.date(year, 12, 31), until), datetime.date(year - 1, 12, 31)
        issued = [f for f in facts if f.issued <= end]
        closed = sum(1 for f in issued if not f.is_open(end))
        outstanding = [f for f in facts if f.issued <= start and f.is_open(start)]
        done = sum(
            1
            for f in outstanding
            if not f.is_open(end) and f.status(end) == IMPLEMENTED and (f.closed_on() or end) > start
        )
        points.append(
            RatePoint(
                year,
                len(issued),
                closed,
                analysis.percent(closed, len(issued)),
                len(outstanding),
                done,
                analysis.percent(done, len(outstanding)),
            )
        )
    return points


def generated(seed: int, count: int) -> list[RecFacts]:
    rng = random.Random(seed)
    facts, next_addressee = [], 1
    for pk in range(1, count + 1):
        issued = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4000))
        addressees = list(range(next_addressee, next_addressee + rng.choice([1, 1, 1, 2, 3])))
        next_addressee += len(addressees)
        updates = [
            ValidatedStatus(
                rng.choice(addressees),
                # Some updates are dated before the issue, some on the same day as another.
                issued + datetime.timedelta(days=rng.randrange(-60, 2500) // 30 * 30),
                rng.choice(STATES),
                rng.choice(["", *STATES]),
                order=n,
            )
            for n in range(rng.randrange(0, 6))
        ]
        facts.append(RecFacts(pk=pk, issued=issued, target=None, addressee_ids=addressees, updates=updates))
    return facts


@pytest.mark.parametrize("seed", range(8))
def test_carry_over_and_rate_match_the_recount(seed: int) -> None:
    facts = generated(seed, 300)
    rng = random.Random(seed)
    days = sorted(
        datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4800)) for _ in range(40)
    )
    reports = [(f"R{n}", day, rng.randrange(0, 30), "day") for n, day in enumerate(days)]
    reports.append(("R-same-day", days[5], 3, "month"))  # two reports of one date
    assert analysis.carry_over(reports, facts) == recount_carry_over(reports, facts)
    for until in (datetime.date(2018, 12, 31), datetime.date(2021, 6, 30), datetime.date(2030, 1, 1)):
        visible = [f for f in facts if f.issued <= until]
        assert analysis.rate_over_time(visible, until) == recount_rate(visible, until)


def test_the_reference_carry_over_and_rate_match_the_recount(db: Any) -> None:
    """The same on the seeds' register (A/73/384 and its annexes) loaded by the reference loader."""

    from lodestar.oversight import queries
    from lodestar.oversight.models import OversightReport, Recommendation

    reference_data()
    facts = queries.facts_for(Recommendation.objects.all())
    if not facts:
        pytest.skip("no recommendations in the reference data")
    until = datetime.date(2018, 12, 31)
    by_body: dict[int, list[RecFacts]] = {}
    for pk, body in Recommendation.objects.values_list("pk", "report__body_id"):
        by_body.setdefault(body, []).append(facts[pk])
    for body, members in by_body.items():
        issued: dict[int, int] = {}
        for rec in Recommendation.objects.filter(report__body_id=body):
            issued[rec.report_id] = issued.get(rec.report_id, 0) + 1
        reports = [
            (r.symbol, r.date, issued[r.pk], r.date_known)
            for r in OversightReport.objects.filter(pk__in=issued)
        ]
        assert analysis.carry_over(reports, members) == recount_carry_over(reports, members)
    visible = [f for f in facts.values() if f.issued <= until]
    assert analysis.rate_over_time(visible, until) == recount_rate(visible, until)


def _status_table(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('id="by-status"') : html.index("</table>", html.index('id="by-status"'))]


def test_the_cached_dashboard_follows_a_validated_update(tree: dict, client_for: Any) -> None:
    client = client_for("reviewer")
    rec = recommendation(tree["a"], 1, report=report(tree["root"], 1))
    response = client.get("/oversight/")
    first = response.context["overall_rows"][0]
    assert first["cells"][0] == 0  # nothing implemented yet
    with CaptureQueriesContext(connection) as hit:
        again = client.get("/oversight/")
    # A hit renders no figures (no context of them): the part is the HTML the miss rendered.
    assert "overall_rows" not in again.context
    assert _status_table(again) == _status_table(response)
    cache_hit_queries = len(hit)
    create(
        StatusUpdate,
        addressee=rec.addressees.get(),
        as_of=datetime.date(2019, 1, 1),
        reported_status="implemented",
        state="validated",
    )  # written through the service, so recorded in history: a new generation
    after = client.get("/oversight/").context["overall_rows"][0]
    assert after["cells"][0] == 1 and after["total"] == 1
    with CaptureQueriesContext(connection) as hit_again:
        client.get("/oversight/")
    assert len(hit_again) == cache_hit_queries
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/oversight/")
    assert len(cold) > cache_hit_queries  # the hit reads neither the facts nor the reports


def test_the_cache_is_per_scope(tree: dict, client_for: Any) -> None:
    """A focal point of another entity shares no figures with the reviewer who sees everything."""
    shared = report(tree["root"], 1)
    recommendation(tree["a"], 1, report=shared)
    recommendation(tree["b"], 2, report=shared)
    assert client_for("reviewer").get("/oversight/").context["total"] == 2
    assert client_for("focal_b").get("/oversight/").context["total"] == 1
    # The reviewer's part again, from the cache: the focal point's did not replace it.
    assert "2 recommendations visible to you" in client_for("reviewer").get("/oversight/").content.decode()
