"""The milestone acceptance workflow: the project manager submits a milestone with its evidence, a
central analyst accepts it or returns it with a reason. Status changes only through these
transitions, whatever the entry point (web form, API, import): the generic update refuses them."""

from __future__ import annotations

import contextvars
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lodestar.core import handoffs
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import can
from lodestar.core.services import ModelService

from .models import Milestone

# Custom actions of the Milestone policy (see registrations.py): who may submit, who may decide.
SUBMIT = "submit"
DECIDE = "decide"

Status = Milestone.Status
WORKFLOW_FIELDS = ("status", "return_reason")

# Which transition is under way in this thread/task, if any; set only by the methods below, so that
# a generic update cannot move a status. ``True`` also marks trusted loads (check=False).
_transition: contextvars.ContextVar[str | bool | None] = contextvars.ContextVar(
    "milestone_transition", default=None
)

# One whole sentence per transition, so that each language can phrase it.
REFUSED = {
    "submit": gettext_lazy("Only an open or returned milestone can be submitted for acceptance."),
    "accept": gettext_lazy("Only a milestone submitted for acceptance can be accepted."),
    "return": gettext_lazy("Only a milestone submitted for acceptance can be returned."),
}
ALLOWED = {
    "submit": ({Status.OPEN, Status.RETURNED}, Status.SUBMITTED),
    "accept": ({Status.SUBMITTED}, Status.ACCEPTED),
    "return": ({Status.SUBMITTED}, Status.RETURNED),
}

# The hand-off each transition announces (core.handoffs; the workspace notifies the next person).
HANDOFFS = {
    "submit": handoffs.MILESTONE_SUBMITTED,
    "accept": handoffs.MILESTONE_ACCEPTED,
    "return": handoffs.MILESTONE_RETURNED,
}


def has_evidence(milestone: Milestone) -> bool:
    return milestone.has_evidence()


def may_submit(user: Any, milestone: Milestone) -> bool:
    return milestone.status in ALLOWED["submit"][0] and can(user, SUBMIT, milestone)


def may_decide(user: Any, milestone: Milestone) -> bool:
    return milestone.status == Status.SUBMITTED and can(user, DECIDE, milestone)


class MilestoneService(ModelService):
    """Writes of milestones; status and the reason for return move only through transitions."""

    def create(self, *, data: dict[str, Any], user: Any, check: bool = True, **kwargs: Any) -> models.Model:
        # Trusted loads (reference data, fixtures: check=False) may record any past state.
        token = _transition.set(True if not check else _transition.get())
        try:
            return super().create(data=data, user=user, check=check, **kwargs)
        finally:
            _transition.reset(token)

    def update(
        self, obj: models.Model, *, data: dict[str, Any], user: Any, check: bool = True, **kwargs: Any
    ) -> models.Model:
        token = _transition.set(True if not check else _transition.get())
        try:
            return super().update(obj, data=data, user=user, check=check, **kwargs)
        finally:
            _transition.reset(token)

    def clean(self, obj: Milestone, *, is_new: bool) -> None:
        if _transition.get() is not None:
            return
        if is_new:
            if obj.status != Status.OPEN or obj.return_reason:
                raise ValidationError(
                    {"status": _("A new milestone is open; it is then submitted for acceptance.")}
                )
            return
        stored = Milestone.objects.filter(pk=obj.pk).values("status", "return_reason").first() or {}
        if any(stored.get(name) != getattr(obj, name) for name in WORKFLOW_FIELDS):
            raise ValidationError(
                {
                    "status": _(
                        "The status of a milestone changes only through its actions: the project "
                        "manager submits it with evidence, a central analyst accepts or returns it."
                    )
                }
            )
        if obj.status == Status.ACCEPTED:
            raise ValidationError(_("An accepted milestone is closed; it can no longer be changed."))

    # Transitions ----------------------------------------------------------------------------
    def _move(
        self,
        milestone: Milestone,
        name: str,
        *,
        user: Any,
        data: dict[str, Any],
        source: str,
        expected_version: int | None,
    ) -> Milestone:
        sources, target = ALLOWED[name]
        current = Milestone.objects.get(pk=milestone.pk)
        if current.status not in sources:
            raise ValidationError(str(REFUSED[name]))
        token = _transition.set(name)
        try:
            saved = super().update(
                current,
                data={**data, "status": target},
                user=user,
                source=source,
                expected_version=expected_version,
            )
        finally:
            _transition.reset(token)
        handoffs.announce(saved, HANDOFFS[name], actor=user)
        return saved

    def submit(
        self,
        milestone: Milestone,
        *,
        user: Any,
        source: str = ObjectChange.Source.USER,
        expected_version: int | None = None,
    ) -> Milestone:
        """Open or returned → submitted, by the project manager (or the entity's focal point), only
        with evidence: a link or at least one evidence file."""
        if not can(user, SUBMIT, milestone):
            raise PermissionDenied(_("Only the project's manager may submit its milestones."))
        if not has_evidence(milestone):
            raise ValidationError(
                _("Attach evidence (a file or a link) before submitting the milestone for acceptance.")
            )
        return self._move(
            milestone, "submit", user=user, data={}, source=source, expected_version=expected_version
        )

    def accept(
        self,
        milestone: Milestone,
        *,
        user: Any,
        source: str = ObjectChange.Source.USER,
        expected_version: int | None = None,
    ) -> Milestone:
        """Submitted → accepted, by a central analyst; then it counts in earned progress."""
        if not can(user, DECIDE, milestone):
            raise PermissionDenied(_("Only a central analyst may accept a milestone."))
        if not has_evidence(milestone):
            raise ValidationError(_("A milestone is accepted only with evidence."))
        return self._move(
            milestone,
            "accept",
            user=user,
            data={"return_reason": {}},
            source=source,
            expected_version=expected_version,
        )

    def return_(
        self,
        milestone: Milestone,
        *,
        user: Any,
        reason: dict[str, str],
        source: str = ObjectChange.Source.USER,
        expected_version: int | None = None,
    ) -> Milestone:
        """Submitted → returned to the manager, by a central analyst, with a reason."""
        if not can(user, DECIDE, milestone):
            raise PermissionDenied(_("Only a central analyst may return a milestone."))
        reason = {k: v.strip() for k, v in (reason or {}).items() if v and v.strip()}
        if not reason:
            raise ValidationError({"return_reason": _("Say why the milestone is returned.")})
        return self._move(
            milestone,
            "return",
            user=user,
            data={"return_reason": reason},
            source=source,
            expected_version=expected_version,
        )
