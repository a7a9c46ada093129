"""Writes of the compliance domain: the next review of an instrument follows from its cycle, a
self-certification control is a pair of campaign questions (answer, evidence), a review finding is
raised into the oversight register through that register's own service, and a status update of a
security action item moves the item's status. Every write records history."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lodestar.campaigns.models import Campaign, CampaignItem
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import ADD, CHANGE, can
from lodestar.core.registry import registry
from lodestar.core.services import ModelService

from .models import CertificationControl, PolicyInstrument, ReviewFinding
from .security import ActionStatusUpdate

Source = ObjectChange.Source

# The answers a focal point may give to a control: stable codes in the campaign's answers, shown
# in the reader's language (registered with the campaign engine in ``apps.ready``).
CONTROL_ANSWERS = {
    "compliant": pgettext_lazy("self-certification answer", "Compliant"),
    "partly_compliant": pgettext_lazy("self-certification answer", "Partly compliant"),
    "not_compliant": pgettext_lazy("self-certification answer", "Not compliant"),
}
CONTROL_CHOICES = tuple(CONTROL_ANSWERS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # The last day of a shorter month when the day does not exist in it (31 January + 1 month).
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class PolicyInstrumentService(ModelService):
    def clean(self, obj: models.Model, *, is_new: bool) -> None:
        if obj.next_review is None and obj.issued and obj.review_cycle_months:
            obj.next_review = add_months(obj.issued, obj.review_cycle_months)


class ActionStatusUpdateService(ModelService):
    """The latest cycle's update gives the item its status (the item keeps its history)."""

    def after_save(self, obj: models.Model, *, is_new: bool, before: dict | None) -> None:
        latest = ActionStatusUpdate.objects.filter(item_id=obj.item_id).order_by("-cycle").first()
        if latest is not None and latest.pk == obj.pk and obj.item.status != obj.status:
            data: dict[str, Any] = {"status": obj.status}
            if obj.evidence:
                data["evidence"] = obj.evidence
            registry[type(obj.item)].service.update(
                obj.item, data=data, user=None, source=Source.SYSTEM, check=False
            )


class CertificationControlService(ModelService):
    """A control is created with its two campaign questions, whatever the entry point (page,
    API, import, loader): one for the answer (required) and one for the evidence (asked, not
    enforced, so that an incomplete form can be submitted and counted as incomplete — the seeds'
    own situation)."""

    @transaction.atomic
    def create(self, *, data: dict[str, Any], user: Any, **kwargs: Any) -> models.Model:
        campaign = data.get("campaign")
        if not isinstance(campaign, Campaign):
            raise ValidationError({"campaign": _("Choose the self-certification campaign.")})
        campaign = Campaign.objects.get(pk=campaign.pk)  # its status as stored, not as last read
        if campaign.kind != Campaign.Kind.SELF_CERTIFICATION:
            raise ValidationError(
                {"campaign": _("Controls are asked only in a self-certification campaign.")}
            )
        if campaign.status != Campaign.Status.DRAFT:
            raise ValidationError({"campaign": _("Controls are added before the campaign is launched.")})
        if kwargs.get("check", True) and not can(user, CHANGE, campaign):
            raise PermissionDenied(_("You may not change this campaign."))
        code, text = data.get("code") or "", data.get("text") or {}
        if not code:
            raise ValidationError({"code": _("This field cannot be blank.")})
        items = registry[CampaignItem].service
        order = campaign.items.count() + 1
        common = {"user": user, "source": kwargs.get("source", Source.USER), "check": False}
        answer = items.create(
            data={
                "campaign": campaign,
                "code": code,
                "order": order,
                "kind": CampaignItem.Kind.CHOICE,
                "label": text,
                "choices": ";".join(CONTROL_CHOICES),
                "required": True,
            },
            **common,
        )
        evidence = items.create(
            data={
                "campaign": campaign,
                "code": f"{code}-evidence",
                "order": order + 1,
                "kind": CampaignItem.Kind.TEXT,
                "label": {
                    lang: f"{EVIDENCE_PREFIX.get(lang, 'Evidence')}: {value}" for lang, value in text.items()
                },
                "required": False,
            },
            **common,
        )
        return super().create(
            data={**data, "answer_item": answer, "evidence_item": evidence}, user=user, **kwargs
        )


# The label of the evidence question, in the languages a control's text may come in.
EVIDENCE_PREFIX = {"en": "Evidence", "fr": "Justificatifs", "es": "Pruebas", "ru": "Подтверждение",
                   "zh": "证据", "ar": "الأدلة"}  # fmt: skip


def add_control(
    campaign: Campaign,
    *,
    instrument: PolicyInstrument,
    code: str,
    text: dict[str, str],
    user: Any,
    source: str = Source.USER,
    check: bool = True,
) -> CertificationControl:
    """Ask a control of a policy in a draft self-certification campaign."""
    return registry[CertificationControl].service.create(
        data={"campaign": campaign, "instrument": instrument, "code": code, "text": text},
        user=user,
        source=source,
        check=check,
    )


@transaction.atomic
def raise_recommendation(
    finding: ReviewFinding, *, user: Any, source: str = Source.USER, check: bool = True
) -> Any:
    """Make a finding a recommendation of the oversight register (once), addressed to the entity
    reviewed, under the report the review was issued as."""
    from lodestar.oversight.models import Recommendation

    finding = ReviewFinding.objects.select_related("review__report", "review__entity").get(pk=finding.pk)
    review = finding.review
    if finding.recommendation_id:
        raise ValidationError(_("This finding is already a recommendation."))
    if review.report_id is None:
        raise ValidationError(_("Name the report the review was issued as before raising its findings."))
    recommendation_service = registry[Recommendation].service
    recommendation = recommendation_service.create(
        data={
            "entity": review.entity,
            "report": review.report,
            "reference": f"{review.code} {finding.reference}"[:100],
            "text": finding.text,
            "topic": "compliance",
        },
        user=user,
        source=source,
        check=False,
    )
    if check and not can(user, ADD, recommendation):
        raise PermissionDenied(_("You may not add recommendations for this entity."))
    registry[ReviewFinding].service.update(
        finding, data={"recommendation": recommendation}, user=user, source=source, check=False
    )
    return recommendation
