"""My work: every workflow step that waits for a person, computed from the records' states.

A step waits for a person when the permission funnel lets them take it (``restrict`` with the
step's own action: propose, review, validate, submit, decide, answer) *and* it is the job of a
role they hold there: a central analyst may also propose an entity's update, but it is the
entity's focal point whose work it is. Each step is one query (``items``) and all their count
one (``count``), whatever the number of records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lodestar.campaigns import services as campaign_services
from lodestar.campaigns.models import Assignment, Campaign
from lodestar.core.languages import data_code
from lodestar.core.permissions import (
    CENTRAL_ANALYST,
    FOCAL_POINT,
    OVERSIGHT_REVIEWER,
    PROJECT_MANAGER,
    grants,
    policy_for,
    restrict,
)
from lodestar.core.scoped_cache import cached_for_scope, user_key
from lodestar.oversight import services as oversight_services
from lodestar.oversight.models import StatusUpdate
from lodestar.portfolio import services as portfolio_services
from lodestar.portfolio.models import Milestone, Project

# An open milestone enters its manager's inbox this many days before it is due.
MILESTONE_HORIZON_DAYS = 30

UpdateState = StatusUpdate.State
MilestoneStatus = Milestone.Status


@dataclass(frozen=True)
class Step:
    """One kind of work: which records, whose job, and how it is shown."""

    code: str
    model: type[Model]
    action: str  # the permission action of the model's policy
    roles: frozenset[str]  # the roles whose job it is
    label: Promise
    condition: Callable[[Any, datetime.date], Q]
    related: tuple[str, ...]
    due: Callable[[Any], datetime.date | None]
    record: Callable[[Any], str]
    entity: Callable[[Any], Any]
    url: Callable[[Any], str]


def _not_own_proposal(user: Any) -> Q:
    # Separation of duties (oversight.services.allowed_actions): nobody reviews their own proposal.
    return ~Q(proposed_by_id=user.pk) | Q(proposed_by__isnull=True)


def _update_due(update: StatusUpdate) -> datetime.date | None:
    return update.addressee.recommendation.target_date


def _update_url(update: StatusUpdate) -> str:
    page = reverse("oversight:recommendation_page", args=[update.addressee.recommendation_id])
    return f"{page}#update-{update.pk}"


def _milestone_url(milestone: Milestone) -> str:
    return f"{milestone.project.get_absolute_url()}#milestone-{milestone.pk}"


def _milestone_record(milestone: Milestone) -> str:
    return f"{milestone.project.code} · {milestone.tr('name', data_code())}"


def _milestone_to_submit(user: Any, today: datetime.date) -> Q:
    horizon = today + datetime.timedelta(days=MILESTONE_HORIZON_DAYS)
    near = Q(current_due__lte=horizon) | Q(current_due__isnull=True, baseline_due__lte=horizon)
    return (Q(status=MilestoneStatus.RETURNED) | (Q(status=MilestoneStatus.OPEN) & near)) & ~Q(
        project__status__in=[Project.Status.COMPLETED, Project.Status.CLOSED]
    )


def _update_step(code: str, action: str, role: str, label: Promise, condition: Callable[..., Q]) -> Step:
    """The three steps of a status update differ only in their action, role and state."""
    return Step(
        code=code,
        model=StatusUpdate,
        action=action,
        roles=frozenset({role}),
        label=label,
        condition=condition,
        related=("addressee__recommendation__report", "addressee__entity"),
        due=_update_due,
        record=lambda u: str(u.addressee.recommendation),
        entity=lambda u: u.addressee.entity,
        url=_update_url,
    )


STEPS: tuple[Step, ...] = (
    _update_step(
        "update_propose",
        oversight_services.PROPOSE,
        FOCAL_POINT,
        _("Propose the status update"),
        lambda user, today: Q(state__in=[UpdateState.DRAFT, UpdateState.RETURNED]),
    ),
    _update_step(
        "update_review",
        oversight_services.REVIEW,
        CENTRAL_ANALYST,
        _("Review the proposed status update"),
        lambda user, today: Q(state=UpdateState.PROPOSED) & _not_own_proposal(user),
    ),
    _update_step(
        "update_validate",
        oversight_services.VALIDATE,
        OVERSIGHT_REVIEWER,
        _("Validate the reviewed status update"),
        lambda user, today: Q(state=UpdateState.REVIEWED) & _not_own_proposal(user),
    ),
    Step(
        code="milestone_submit",
        model=Milestone,
        action=portfolio_services.SUBMIT,
        roles=frozenset({PROJECT_MANAGER, FOCAL_POINT}),
        label=_("Submit the milestone for acceptance"),
        condition=_milestone_to_submit,
        related=("project__entity",),
        due=lambda m: m.current_due or m.baseline_due,
        record=_milestone_record,
        entity=lambda m: m.project.entity,
        url=_milestone_url,
    ),
    Step(
        code="milestone_accept",
        model=Milestone,
        action=portfolio_services.DECIDE,
        roles=frozenset({CENTRAL_ANALYST}),
        label=_("Accept or return the milestone"),
        condition=lambda user, today: Q(status=MilestoneStatus.SUBMITTED),
        related=("project__entity",),
        due=lambda m: m.current_due or m.baseline_due,
        record=_milestone_record,
        entity=lambda m: m.project.entity,
        url=_milestone_url,
    ),
    Step(
        code="assignment_answer",
        model=Assignment,
        action=campaign_services.ANSWER,
        roles=frozenset({FOCAL_POINT}),
        label=_("Answer the data call"),
        condition=lambda user, today: Q(
            state__in=campaign_services.OPEN_STATES, campaign__status=Campaign.Status.OPEN
        ),
        related=("campaign", "entity"),
        due=lambda a: a.campaign.deadline,
        record=lambda a: a.campaign.tr("name", data_code()) or a.campaign.code,
        entity=lambda a: a.entity,
        url=lambda a: a.page_url(),
    ),
    Step(
        code="assignment_review",
        model=Assignment,
        action=campaign_services.DECIDE,
        roles=frozenset({CENTRAL_ANALYST}),
        label=_("Accept or return the entity's answer"),
        condition=lambda user, today: Q(state=Assignment.State.SUBMITTED),
        related=("campaign", "entity"),
        due=lambda a: a.campaign.deadline,
        record=lambda a: a.campaign.tr("name", data_code()) or a.campaign.code,
        entity=lambda a: a.entity,
        url=lambda a: a.page_url(),
    ),
)
STEP_BY_CODE = {step.code: step for step in STEPS}
RETURNED_LABEL = pgettext_lazy("inbox", "Returned: correct it and send it again")


@dataclass
class Item:
    """One piece of work in a person's inbox."""

    step: Step
    obj: Any
    due: datetime.date | None
    overdue: bool
    returned: bool

    @property
    def kind(self) -> str:
        return self.step.code

    @property
    def record(self) -> str:
        return self.step.record(self.obj)

    @property
    def entity(self) -> Any:
        return self.step.entity(self.obj)

    @property
    def url(self) -> str:
        return self.step.url(self.obj)

    @property
    def action_label(self) -> str:
        return str(RETURNED_LABEL if self.returned else self.step.label)

    @property
    def return_reason(self) -> str:
        reason = getattr(self.obj, "return_reason", "")
        if isinstance(reason, dict):  # a milestone's reason is translated text
            return reason.get(data_code()) or next(iter(reason.values()), "")
        return reason or ""


def _job_condition(user: Any, step: Step) -> Q | None:
    """Where it is this user's job to take the step: entities below a grant of one of its roles.
    None for a superuser, who is shown every step the funnel lets them take."""
    if user.is_superuser:
        return None
    allowed = policy_for(step.model).get(step.action, frozenset()) & step.roles
    scope_field = step.model.scope_field
    lookup = f"{scope_field}__tree_path__startswith" if scope_field else "tree_path__startswith"
    condition = Q(pk__in=[])
    for role, path in grants(user):
        if role in allowed and path:
            condition |= Q(**{lookup: path})
    return condition


def step_queryset(user: Any, step: Step, today: datetime.date | None = None) -> QuerySet:
    """The records at ``step`` that wait for ``user``: through the funnel, then by job."""
    today = today or timezone.localdate()
    queryset = restrict(user, step.action, step.model).filter(step.condition(user, today))
    job = _job_condition(user, step)
    return queryset if job is None else queryset.filter(job)


def _sort_key(item: Item) -> tuple:
    # Overdue first (the oldest due date first), then what falls due soonest, then undated work.
    return (not item.overdue, item.due is None, item.due or datetime.date.max, item.record)


def items(user: Any, today: datetime.date | None = None) -> list[Item]:
    """Every step waiting for ``user``, overdue first: one query per kind of step."""
    if user is None or not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    found: list[Item] = []
    for step in STEPS:
        for obj in step_queryset(user, step, today).select_related(*step.related):
            due = step.due(obj)
            returned = getattr(obj, "state", getattr(obj, "status", "")) == "returned"
            found.append(Item(step, obj, due, due is not None and due < today, returned))
    return sorted(found, key=_sort_key)


def count(user: Any, today: datetime.date | None = None) -> int:
    """How many steps wait for ``user``: one query, for the navigation bar."""
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(user, "_lodestar_inbox_count", None)
    if cached is not None:
        return cached
    today = today or timezone.localdate()

    def compute() -> int:
        # Every step's own rows, counted together (UNION ALL): each branch reads only the rows in
        # its waiting state, where a count per model of `pk IN (its steps)` read the whole table.
        # A record waits at one step only (each waits on another state): the total is what items()
        # lists.
        first, *rest = (step_queryset(user, step, today).order_by().values("pk") for step in STEPS)
        return first.union(*rest, all=True).count()

    # Every page's navigation bar shows it: kept until the next recorded write (a hand-off, a role
    # granted) or the next day, when what falls due changes (core.scoped_cache).
    total = cached_for_scope("inbox-count", user, "", compute, full=user_key("inbox-count", user, str(today)))
    user._lodestar_inbox_count = total
    return total
