"""Writes of the oversight register: the lead entity is always an addressee, workflow fields move
only through ``transition``, and only an oversight reviewer sets the assessed status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from lodestar.core import handoffs
from lodestar.core.attachments import attachments_for
from lodestar.core.models import ImportBatch, ObjectChange
from lodestar.core.permissions import CHANGE, can
from lodestar.core.registry import registry
from lodestar.core.services import ModelService

from . import spans
from .models import Addressee, ImplementationStatus, Recommendation, StatusUpdate

State = StatusUpdate.State
Source = ObjectChange.Source

# Custom actions of the status-update policy (see registrations.py): who may take each step.
PROPOSE, REVIEW, VALIDATE, RETURN = "propose", "review", "validate", "return"
WORKFLOW_FIELDS = ("state", "return_reason", "assessed_status", "assessed_comment", "proposed_by",
                   "reviewed_by", "validated_by")  # fmt: skip


class RecommendationService(ModelService):
    """Fills the code, and keeps one addressee row per responsible entity (the lead entity and the
    entities it is also addressed to) so that each entity's focal points see it."""

    def clean(self, obj: models.Model, *, is_new: bool) -> None:
        if not obj.code and obj.report_id and obj.reference:
            obj.code = f"{obj.report.symbol} {obj.reference}"[:160]

    @transaction.atomic
    def create(self, *, data: dict[str, Any], user: Any, **kwargs: Any) -> models.Model:
        obj = super().create(data=data, user=user, **kwargs)
        sync_addressees(obj, user=user, source=kwargs.get("source", Source.USER), batch=kwargs.get("batch"))
        return obj

    @transaction.atomic
    def update(self, obj: models.Model, *, data: dict[str, Any], user: Any, **kwargs: Any) -> models.Model:
        obj = super().update(obj, data=data, user=user, **kwargs)
        sync_addressees(obj, user=user, source=kwargs.get("source", Source.USER), batch=kwargs.get("batch"))
        return obj


def _related_id(before: dict | None, name: str) -> int | None:
    """The id a foreign key held before a write, from its history entry ({id, repr})."""
    value = (before or {}).get(name)
    return value.get("id") if isinstance(value, dict) else None


class AddresseeService(ModelService):
    """Keeps the recommendation's status spans (``spans``): who it is addressed to decides when it is
    closed. Its hooks are bulk-safe: the set-at-a-time import refreshes the spans of every
    recommendation of the file at once (``after_bulk_write``)."""

    bulk_safe_hooks = ("after_save", "delete")

    def after_save(self, obj: models.Model, *, is_new: bool, before: dict | None) -> None:
        spans.refresh({obj.recommendation_id, _related_id(before, "recommendation") or obj.recommendation_id})

    @transaction.atomic
    def delete(self, obj: models.Model, *, user: Any, **kwargs: Any) -> Any:
        recommendation = obj.recommendation_id
        deleted = super().delete(obj, user=user, **kwargs)
        spans.refresh([recommendation])
        return deleted

    def after_bulk_write(self, written: list[models.Model], before: list[dict]) -> None:
        moved_from = {_related_id(b, "recommendation") for b in before} - {None}
        spans.refresh({*(a.recommendation_id for a in written), *moved_from})


def sync_addressees(
    recommendation: Recommendation,
    *,
    user: Any = None,
    source: str = Source.SYSTEM,
    batch: ImportBatch | None = None,
) -> None:
    """One addressee per responsible entity; one that has status updates is never dropped silently."""
    wanted = {recommendation.entity_id, *recommendation.other_entities.values_list("pk", flat=True)}
    service = registry[Addressee].service
    existing = {a.entity_id: a for a in Addressee.objects.filter(recommendation=recommendation)}
    for entity_id in sorted(wanted - set(existing)):
        # Follows from the recommendation the user was allowed to write: no separate grant needed.
        service.create(
            data={"recommendation": recommendation, "entity_id": entity_id},
            user=user,
            source=source,
            batch=batch,
            check=False,
        )
    for entity_id, addressee in existing.items():
        if entity_id in wanted:
            continue
        if addressee.updates.exists():
            raise ValidationError(
                _("%(entity)s has status updates on this recommendation; it stays addressed.")
                % {"entity": addressee.entity}
            )
        service.delete(addressee, user=user, source=source, batch=batch, check=False)


class StatusUpdateService(ModelService):
    """Editors write drafts; the workflow and the assessed status move only through ``transition``."""

    def _guard(self, user: Any, before: StatusUpdate | None, data: dict[str, Any]) -> None:
        if user is None or getattr(user, "is_superuser", False):
            return  # the system (reference loader, factories) and superusers load history as printed
        for name in WORKFLOW_FIELDS:
            if name not in data:
                continue
            old = (
                getattr(before, name)
                if before is not None
                else StatusUpdate._meta.get_field(name).get_default()
            )
            if name.endswith("_by"):
                old = getattr(before, f"{name}_id", None) if before is not None else None
                new = getattr(data[name], "pk", data[name])
            else:
                new = data[name]
            if (new or None) != (old or None):
                raise PermissionDenied(
                    _("The workflow state and the assessed status change only through the workflow buttons.")
                )
        if before is not None and before.state not in (State.DRAFT, State.RETURNED):
            raise PermissionDenied(_("An update is changed only while it is a draft or returned."))

    def create(self, *, data: dict[str, Any], user: Any, **kwargs: Any) -> models.Model:
        self._guard(user, None, data)
        return super().create(data=data, user=user, **kwargs)

    def after_save(self, obj: models.Model, *, is_new: bool, before: dict | None) -> None:
        # Only validated updates make the status spans: a draft, proposal or review changes none.
        if obj.state != State.VALIDATED and (before or {}).get("state") != State.VALIDATED:
            return
        addressees = {obj.addressee_id, _related_id(before, "addressee") or obj.addressee_id}
        spans.refresh(Recommendation.objects.filter(addressees__in=addressees))

    def update(self, obj: models.Model, *, data: dict[str, Any], user: Any, **kwargs: Any) -> models.Model:
        self._guard(user, StatusUpdate.objects.get(pk=obj.pk), data)
        return super().update(obj, data=data, user=user, **kwargs)

    @transaction.atomic
    def delete(self, obj: models.Model, *, user: Any, **kwargs: Any) -> Any:
        # A validated status is part of the audit trail: it is superseded by a later update, not erased.
        if obj.state == State.VALIDATED and not (user is None or getattr(user, "is_superuser", False)):
            raise PermissionDenied(_("A validated update is kept; report a newer status instead."))
        validated, recommendation = obj.state == State.VALIDATED, obj.addressee.recommendation_id
        deleted = super().delete(obj, user=user, **kwargs)
        if validated:
            spans.refresh([recommendation])
        return deleted


def allowed_actions(user: Any, update: StatusUpdate) -> list[str]:
    """The workflow steps ``user`` may take on ``update`` now (for the buttons on the page)."""
    actions = []
    if update.state in (State.DRAFT, State.RETURNED) and can(user, PROPOSE, update):
        actions.append(PROPOSE)
    if update.state == State.PROPOSED and can(user, REVIEW, update) and update.proposed_by_id != user.pk:
        actions.append(REVIEW)
    if update.state == State.REVIEWED and can(user, VALIDATE, update) and update.proposed_by_id != user.pk:
        actions.append(VALIDATE)
    if update.state in (State.PROPOSED, State.REVIEWED) and _may_return(user, update):
        actions.append(RETURN)
    return actions


def _may_return(user: Any, update: StatusUpdate) -> bool:
    # The analyst sends back what is proposed; the reviewer what is proposed or reviewed.
    if update.state == State.PROPOSED:
        return can(user, REVIEW, update) or can(user, VALIDATE, update)
    return can(user, VALIDATE, update)


def transition(
    update: StatusUpdate,
    action: str,
    *,
    user: Any,
    reason: str = "",
    assessed_status: str = "",
    assessed_comment: str = "",
) -> StatusUpdate:
    """Take one workflow step, recorded in the update's history like any other change."""
    if action not in allowed_actions(user, update):
        raise PermissionDenied(_("You may not take this step on this update now."))
    data: dict[str, Any]
    if action == PROPOSE:
        if update.reported_status == ImplementationStatus.IMPLEMENTED and not has_evidence(update):
            raise ValidationError(
                {"evidence_link": _("Proposing a recommendation as implemented needs evidence.")}
            )
        data = {"state": State.PROPOSED, "proposed_by": user, "return_reason": ""}
    elif action == REVIEW:
        data = {"state": State.REVIEWED, "reviewed_by": user}
    elif action == VALIDATE:
        if not assessed_status:
            raise ValidationError({"assessed_status": _("Give the status the oversight body assesses.")})
        data = {
            "state": State.VALIDATED,
            "validated_by": user,
            "assessed_status": assessed_status,
            "assessed_comment": assessed_comment,
        }
    else:
        if not reason.strip():
            raise ValidationError({"return_reason": _("Say why the update is returned.")})
        data = {"state": State.RETURNED, "return_reason": reason.strip()}
    # Permission was checked above against the step's own policy; the generic change check
    # (editors only) does not apply to reviewers, hence check=False and the system guard bypass.
    saved = ModelService.update(
        registry[StatusUpdate].service,
        update,
        data=data,
        user=user,
        check=False,
        source=Source.USER,
    )
    handoffs.announce(saved, HANDOFFS[action], actor=user)
    return saved


# The hand-off each step announces (core.handoffs; the workspace notifies the next person).
HANDOFFS = {
    PROPOSE: handoffs.UPDATE_PROPOSED,
    REVIEW: handoffs.UPDATE_REVIEWED,
    VALIDATE: handoffs.UPDATE_VALIDATED,
    RETURN: handoffs.UPDATE_RETURNED,
}


def has_evidence(update: StatusUpdate) -> bool:
    """A link, a description, or an evidence file (core.attachments) stored against the update."""
    if update.evidence_link or update.evidence_description:
        return True
    return attachments_for(update).exists()


def may_add_update(user: Any, addressee: Addressee) -> bool:
    probe = StatusUpdate(addressee=addressee)
    return can(user, "add", probe)


def reportable_addressees(user: Any, addressees: Iterable[Addressee]) -> list[Addressee]:
    """The addressees ``user`` may report a status for: the one rule of the page's form, of the
    form's POST and of its autocomplete. Load them with their entity (the rule reads its path)."""
    return [a for a in addressees if may_add_update(user, a)]


def may_edit_update(user: Any, update: StatusUpdate) -> bool:
    return update.state in (State.DRAFT, State.RETURNED) and can(user, CHANGE, update)
