"""The figures of the compliance domain, computed from stored records: the register by kind and
status, self-certification completeness and policy coverage, compliance rates of websites and of
systems, classification coverage, and each entity's profile. Every function reads through the
caller's queryset (already restricted to the user's scope) with a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from lodestar.campaigns.models import Answer, Assignment, Campaign

from .models import CertificationControl, CertificationTally, ConformanceAssessment, PolicyInstrument

ANSWERED = (Assignment.State.SUBMITTED, Assignment.State.ACCEPTED)


def percent(part: int, whole: int) -> Decimal | None:
    """A percentage to one decimal, rounded half up as the documents print them; None for 0 of 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class RegisterSummary:
    by_kind: dict[str, int]
    by_status: dict[str, int]
    in_force: int
    unnamed: int
    total: int


def register_summary(instruments: QuerySet[PolicyInstrument]) -> RegisterSummary:
    """Instruments counted (a record may stand for several unnamed ones), by kind and by status."""
    by_kind: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    in_force = unnamed = total = 0
    rows = instruments.values_list("kind", "status", "count", "named", "superseded_by_id")
    for kind, status, count, named, superseded in rows:
        total += count
        by_status[status] += count
        if status != PolicyInstrument.Status.MISSING:
            by_kind[kind] += count
            if superseded is None:
                in_force += count
        if not named:
            unnamed += count
    return RegisterSummary(dict(by_kind), dict(by_status), in_force, unnamed, total)


@dataclass
class Certification:
    """Where a self-certification campaign stands: complete returns of the entities asked, and the
    share of the policies in force that it covers."""

    campaign: Campaign
    asked: int
    complete: int
    answered: int
    transcribed_asked: int
    transcribed_complete: int
    policies_in_scope: int
    policies_in_force: int
    state_of: dict[int, str] = field(default_factory=dict)  # entity id -> complete|incomplete|not_answered

    @property
    def completeness(self) -> Decimal | None:
        return percent(self.complete, self.asked)

    @property
    def coverage(self) -> Decimal | None:
        return percent(self.policies_in_scope, self.policies_in_force)

    @property
    def transcribed(self) -> bool:
        return bool(self.transcribed_asked)


def complete_assignments(campaign: Campaign) -> dict[int, str]:
    """Per entity asked: "complete" when its return is submitted or accepted and every control has
    an answer and its evidence, "incomplete" when submitted otherwise, else "not_answered"."""
    return _states([campaign.pk])[campaign.pk]


def _states(campaign_ids: list[int]) -> dict[int, dict[int, str]]:
    """``complete_assignments`` of several campaigns at once, in three queries whatever their number."""
    needed: dict[int, set[int]] = defaultdict(set)
    controls = CertificationControl.objects.filter(campaign_id__in=campaign_ids)
    for campaign_id, answer, evidence in controls.values_list(
        "campaign_id", "answer_item_id", "evidence_item_id"
    ):
        needed[campaign_id].update((answer, evidence))
    items = {item for pair in needed.values() for item in pair}
    given: dict[int, set[int]] = defaultdict(set)
    answers = Answer.objects.filter(assignment__campaign_id__in=campaign_ids, item_id__in=items).exclude(
        value=""
    )
    for assignment_id, item_id in answers.values_list("assignment_id", "item_id"):
        given[assignment_id].add(item_id)
    states: dict[int, dict[int, str]] = {pk: {} for pk in campaign_ids}
    rows = Assignment.objects.filter(campaign_id__in=campaign_ids)
    for pk, campaign_id, entity_id, state in rows.values_list("pk", "campaign_id", "entity_id", "state"):
        if state not in ANSWERED:
            states[campaign_id][entity_id] = "not_answered"
        elif needed[campaign_id] and needed[campaign_id] <= given[pk]:
            states[campaign_id][entity_id] = "complete"
        else:
            states[campaign_id][entity_id] = "incomplete"
    return states


def certification(campaign: Campaign, instruments: QuerySet[PolicyInstrument]) -> Certification:
    return certifications([campaign], instruments)[0]


def certifications(
    campaigns: Iterable[Campaign], instruments: QuerySet[PolicyInstrument]
) -> list[Certification]:
    """Where each campaign stands, in a fixed number of queries whatever the number of campaigns."""
    campaigns = list(campaigns)
    ids = [c.pk for c in campaigns]
    states = _states(ids)
    tallies = {t.campaign_id: t for t in CertificationTally.objects.filter(campaign_id__in=ids)}
    counted = dict(instruments.values_list("pk", "count"))  # the instruments the reader sees
    scope: dict[int, set[int]] = defaultdict(set)
    controls = CertificationControl.objects.filter(campaign_id__in=ids)
    for campaign_id, instrument_id in controls.values_list("campaign_id", "instrument_id"):
        scope[campaign_id].add(instrument_id)
    in_force = register_summary(instruments).in_force
    figures = []
    for campaign in campaigns:
        of = states[campaign.pk]
        tally = tallies.get(campaign.pk)
        asked, done = (tally.entities_asked, tally.complete_returns) if tally else (0, 0)
        complete = sum(1 for s in of.values() if s == "complete")
        answered = sum(1 for s in of.values() if s != "not_answered")
        figures.append(
            Certification(
                campaign=campaign,
                asked=len(of) + asked,
                complete=complete + done,
                answered=answered + done,
                transcribed_asked=asked,
                transcribed_complete=done,
                policies_in_scope=sum(counted[i] for i in scope[campaign.pk] if i in counted),
                policies_in_force=in_force,
                state_of=of,
            )
        )
    return figures


def current_campaign(campaigns: QuerySet[Campaign], today: datetime.date) -> Campaign | None:
    """The self-certification of the current cycle: the latest one opened by ``today``."""
    return (
        campaigns.filter(kind=Campaign.Kind.SELF_CERTIFICATION, opens__lte=today)
        .exclude(status=Campaign.Status.DRAFT)
        .order_by("-opens", "-pk")
        .first()
    )


@dataclass
class Rate:
    key: str
    label: str
    conformant: int
    assessed: int
    printed: Decimal | None = None
    printed_source: str = ""

    @property
    def computed(self) -> Decimal | None:
        return percent(self.conformant, self.assessed)


def website_rates(websites: QuerySet[Any]) -> list[Rate]:
    """Per area: the websites assessed compliant, of those assessed (not "not assessed")."""
    from lodestar.inventory.models import Website

    C = Website.Compliance
    counts = websites.aggregate(
        **{f"{a}_ok": Count("pk", filter=Q(**{a: C.COMPLIANT})) for a in Website.AREAS},
        **{f"{a}_n": Count("pk", filter=~Q(**{a: C.NOT_ASSESSED})) for a in Website.AREAS},
    )
    labels = {a: str(Website._meta.get_field(a).verbose_name) for a in Website.AREAS}
    return [Rate(a, labels[a], counts[f"{a}_ok"], counts[f"{a}_n"]) for a in Website.AREAS]


def conformance_rates(assessments: QuerySet[ConformanceAssessment]) -> list[Rate]:
    """Per yardstick: systems whose latest assessment is conformant, of the systems assessed."""
    latest: dict[tuple[str, int], str] = {}
    rows = assessments.order_by("assessed", "pk").values_list("against", "application_id", "result")
    for against, application, result in rows:
        latest[(against, application)] = result
    rates = []
    for key, label in ConformanceAssessment.Against.choices:
        results = [r for (a, _app), r in latest.items() if a == key]
        ok = sum(1 for r in results if r == ConformanceAssessment.Result.CONFORMANT)
        rates.append(Rate(key, str(label), ok, len(results)))
    return rates


@dataclass
class Profile:
    """One entity's compliance: what is certified, what is open, what is late."""

    entity: Any
    certification: str | None  # complete | incomplete | not_answered | None (not asked)
    campaign: Campaign | None
    open_actions: list[Any]
    late_actions: list[Any]
    missing_updates: list[Any]
    open_vulnerabilities: int
    attestation: Any | None
    reviews: list[Any]


def action_states(items: QuerySet[Any], cycle: int, today: datetime.date) -> dict[str, list[Any]]:
    """Open items, those past their deadline, and those without a status update for ``cycle``."""
    from .security import ActionStatus

    rows = list(
        items.exclude(status=ActionStatus.IMPLEMENTED)
        .annotate(this_cycle=Count("updates", filter=Q(updates__cycle=cycle)))
        .select_related("entity")
    )
    return {
        "open": rows,
        "late": [i for i in rows if i.deadline and i.deadline < today],
        "missing_update": [i for i in rows if not i.this_cycle],
    }
