"""Data-quality rules of the compliance domain (``./lodestar check``): an instrument past its review
date, an entity without a complete self-certification in the current cycle, a regional technology
centre without a completed compliance review in the current cycle, and an open security deficiency
without a status update this cycle (A/74/588 ¶18-20). "Today" is the run's as-at date."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lodestar.campaigns.models import Campaign
from lodestar.core.checks import CheckContext, Finding, finding_for, rule

from . import metrics
from .models import ComplianceReview, PolicyInstrument
from .security import ActionItem

Status = PolicyInstrument.Status


@rule("POL-REVIEW-DUE")
def review_overdue(context: CheckContext) -> list[Finding]:
    """An instrument in force past its next review, one found to need revision, one missing."""
    findings = []
    for instrument in PolicyInstrument.objects.filter(superseded_by__isnull=True).select_related("entity"):
        if instrument.status == Status.MISSING:
            message = _("%(code)s is missing: the organisation has no such instrument.")
        elif instrument.next_review and instrument.next_review < context.as_at:
            message = _("%(code)s was due for review on %(date)s.")
        elif instrument.status == Status.NEEDS_REVISION:
            message = _("%(code)s needs revision.")
        else:
            continue
        findings.append(
            finding_for(
                instrument,
                code="POL-REVIEW-DUE",
                severity="warning",
                message=message % {"code": instrument.code, "date": instrument.next_review},
            )
        )
    return findings


def _current_campaigns(context: CheckContext) -> list[Campaign]:
    """The current self-certification of each organisation (campaigns grouped by the root of the
    entity that runs them)."""
    seen: dict[str, Campaign] = {}
    campaigns = (
        Campaign.objects.filter(kind=Campaign.Kind.SELF_CERTIFICATION, opens__lte=context.as_at)
        .exclude(status=Campaign.Status.DRAFT)
        .select_related("entity")
        .order_by("-opens", "-pk")
    )
    for campaign in campaigns:
        seen.setdefault(_root(campaign.entity.tree_path), campaign)
    return list(seen.values())


@rule("POL-CERT-INCOMPLETE")
def certification_incomplete(context: CheckContext) -> list[Finding]:
    findings = []
    for campaign in _current_campaigns(context):
        states = metrics.complete_assignments(campaign)
        for assignment in campaign.assignments.select_related("entity", "campaign"):
            state = states.get(assignment.entity_id)
            if state == "complete":
                continue
            findings.append(
                finding_for(
                    assignment,
                    code="POL-CERT-INCOMPLETE",
                    message=_("%(entity)s has no complete self-certification in %(campaign)s.")
                    % {"entity": assignment.entity.code, "campaign": campaign.code},
                )
            )
        tally = getattr(campaign, "tally", None)
        if tally is not None and tally.complete_returns < tally.entities_asked:
            findings.append(
                finding_for(
                    campaign,
                    code="POL-CERT-INCOMPLETE",
                    message=_(
                        "%(missing)s of %(asked)s entities asked did not submit a complete form in "
                        "%(campaign)s (the source does not name them)."
                    )
                    % {
                        "missing": tally.entities_asked - tally.complete_returns,
                        "asked": tally.entities_asked,
                        "campaign": campaign.code,
                    },
                )
            )
    return findings


def _root(tree_path: str) -> str:
    return tree_path.split("/")[1] if "/" in tree_path else ""


@rule("POL-RTC-NOT-REVIEWED")
def centre_not_reviewed(context: CheckContext) -> list[Finding]:
    """Each regional technology centre (an ICT unit of that delivery type, in force in the cycle)
    without a completed compliance review of the cycle (A/74/588 ¶19: none in 2018). The cycle is
    the year of the organisation's current self-certification (the annual compliance review and
    self-certification go together), else the as-at year."""
    from lodestar.org.models import IctUnit

    cycles = {_root(c.entity.tree_path): c.opens.year for c in _current_campaigns(context)}
    reviews = ComplianceReview.objects.filter(completed=True, centre__isnull=False)
    reviews = reviews.only("centre", "cycle", "date")
    reviewed = {(review.centre_id, review.review_cycle) for review in reviews}
    centres = IctUnit.objects.filter(delivery_type=IctUnit.DeliveryType.REGIONAL_TECHNOLOGY_CENTRE)
    findings = []
    for centre in centres.select_related("entity").order_by("code"):
        cycle = cycles.get(_root(centre.entity.tree_path), context.as_at.year)
        if centre.valid_from and centre.valid_from.year > cycle:
            continue
        if centre.valid_to and centre.valid_to.year < cycle:
            continue
        if (centre.pk, cycle) in reviewed:
            continue
        findings.append(
            finding_for(
                centre,
                code="POL-RTC-NOT-REVIEWED",
                severity="warning",
                message=_("%(centre)s had no completed compliance review in %(cycle)s.")
                % {"centre": centre.code, "cycle": cycle},
                cycle=cycle,
            )
        )
    return findings


@rule("SEC-NO-UPDATE")
def deficiency_without_update(context: CheckContext) -> list[Finding]:
    cycle = context.as_at.year
    states = metrics.action_states(ActionItem.objects.all(), cycle, context.as_at)
    return [
        finding_for(
            item,
            code="SEC-NO-UPDATE",
            message=_("%(code)s is %(status)s and has no status update for %(cycle)s.")
            % {"code": item.code, "status": item.get_status_display(), "cycle": cycle},
        )
        for item in states["missing_update"]
    ]
