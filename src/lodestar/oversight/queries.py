"""Reads of the register through the permission funnel, in a fixed number of queries.

A recommendation is visible to whoever may view its lead entity or one of its addressed entities
(``Recommendation.also_visible_through``), so that the focal points of *each* addressed entity see it. Draft
and returned updates are visible only to those who may change them (their own entity's editors and
the central roles) and to oversight reviewers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from lodestar.core.permissions import CHANGE, VIEW, restrict

from .analysis import RecFacts, ValidatedStatus
from .models import Addressee, OversightReport, Recommendation, StatusUpdate
from .services import VALIDATE

State = StatusUpdate.State


def visible_recommendations(user: Any, queryset: QuerySet | None = None) -> QuerySet:
    # Recommendation.also_visible_through lets the funnel reach addressed entities too.
    return restrict(user, VIEW, queryset if queryset is not None else Recommendation.objects.all())


def visible_updates(user: Any, queryset: QuerySet | None = None) -> QuerySet:
    """Updates the user may read: validated, proposed and reviewed ones of visible recommendations;
    drafts and returned ones only where the user may change them or validates."""
    qs = queryset if queryset is not None else StatusUpdate.objects.all()
    shared = Q(
        addressee__recommendation__in=visible_recommendations(user).values("pk"),
        state__in=[State.PROPOSED, State.REVIEWED, State.VALIDATED],
    )
    private = Q(pk__in=[])
    for action in (CHANGE, VALIDATE):
        private |= Q(pk__in=restrict(user, action, StatusUpdate).values("pk"))
    return qs.filter(shared | private)


def updates_of(user: Any, rec: Recommendation) -> QuerySet:
    """The updates of one recommendation that ``user`` may read, the recommendation being visible to
    them (its page found it through the funnel): ``visible_updates``'s rule, with every subquery
    narrowed to this recommendation instead of run over the whole register."""
    qs = StatusUpdate.objects.filter(addressee__recommendation=rec)
    private = Q(pk__in=[])
    for action in (CHANGE, VALIDATE):
        private |= Q(pk__in=restrict(user, action, qs).values("pk"))
    return qs.filter(Q(state__in=[State.PROPOSED, State.REVIEWED, State.VALIDATED]) | private)


def _earliest(issued: datetime.date, known: str) -> datetime.date | None:
    if known == OversightReport.DateKnown.MONTH:
        return issued.replace(day=1)
    if known == OversightReport.DateKnown.YEAR:
        return issued.replace(month=1, day=1)
    return None


def facts_for(recommendations: QuerySet) -> dict[int, RecFacts]:
    """RecFacts of the given recommendations in three queries, whatever their number."""
    rows = list(
        recommendations.values_list(
            "pk", "report__date", "report__date_known", "revised_target_date", "original_target_date"
        )
    )
    facts = {
        pk: RecFacts(
            pk=pk,
            issued=issued,
            target=revised or original,
            addressee_ids=[],
            issued_earliest=_earliest(issued, known),
        )
        for pk, issued, known, revised, original in rows
    }
    addressees: dict[int, int] = {}
    for pk, rec_id in Addressee.objects.filter(recommendation_id__in=facts).values_list(
        "pk", "recommendation_id"
    ):
        facts[rec_id].addressee_ids.append(pk)
        addressees[pk] = rec_id
    for pk, addressee_id, as_of, reported, assessed in StatusUpdate.objects.filter(
        addressee_id__in=addressees, state=State.VALIDATED
    ).values_list("pk", "addressee_id", "as_of", "reported_status", "assessed_status"):
        facts[addressees[addressee_id]].updates.append(
            ValidatedStatus(addressee_id, as_of, reported, assessed or "", pk)
        )
    return facts


def facts_of(
    rec: Recommendation, addressees: Iterable[Addressee], updates: Iterable[StatusUpdate]
) -> RecFacts:
    """``facts_for`` of one recommendation from what its page has read already (the recommendation
    with its report, its addressees, its updates: validated ones are visible to every reader)."""
    facts = RecFacts(
        pk=rec.pk,
        issued=rec.report.date,
        target=rec.revised_target_date or rec.original_target_date,
        addressee_ids=[a.pk for a in addressees],
        issued_earliest=_earliest(rec.report.date, rec.report.date_known),
    )
    facts.updates = [
        ValidatedStatus(u.addressee_id, u.as_of, u.reported_status, u.assessed_status or "", u.pk)
        for u in updates
        if u.state == State.VALIDATED
    ]
    return facts


def counts_by(items: list[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """{group: {status: n, "total": n}} from (group, status) pairs."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for group, status in items:
        table[group][status or "unknown"] += 1
        table[group]["total"] += 1
    return {k: dict(v) for k, v in table.items()}


def today() -> datetime.date:
    return datetime.date.today()
