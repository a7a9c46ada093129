"""Notifications: on each hand-off (core.handoffs) the people whose job the next step is are told,
in the application and by e-mail; before a deadline the people who owe the step are reminded.

E-mail goes out through Django's mail framework from background tasks (core.tasks, the database
queue run by ``./lodestar worker``): at once for people who want each notification, in one daily
digest for those who chose it, never for those who chose the application only.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lodestar.core import dates, handoffs
from lodestar.core.permissions import entity_path_of, policy_for
from lodestar.core.tasks import task

from . import inbox
from .models import Notification, Preference, email_language

# Days before a due date when the people who owe a step are reminded.
DAYS_BEFORE = (7, 1)
EVERY = timedelta(days=1)  # the reminders and the digest run once a day

# Whose job the step after each hand-off is (a step of workspace.inbox), and whether the person
# who proposed a status update is told as well.
NEXT_STEP = {
    handoffs.UPDATE_PROPOSED: "update_review",
    handoffs.UPDATE_REVIEWED: "update_validate",
    handoffs.UPDATE_VALIDATED: "update_propose",
    handoffs.UPDATE_RETURNED: "update_propose",
    handoffs.MILESTONE_SUBMITTED: "milestone_accept",
    handoffs.MILESTONE_ACCEPTED: "milestone_submit",
    handoffs.MILESTONE_RETURNED: "milestone_submit",
    handoffs.ASSIGNMENT_ISSUED: "assignment_answer",
    handoffs.ASSIGNMENT_SUBMITTED: "assignment_review",
    handoffs.ASSIGNMENT_RETURNED: "assignment_answer",
    handoffs.ASSIGNMENT_ACCEPTED: "assignment_answer",
}
TELL_PROPOSER = {handoffs.UPDATE_VALIDATED, handoffs.UPDATE_RETURNED}

# The due date of the steps an entity owes, as a database expression (for the reminders).
DEADLINE_STEPS = {
    "update_propose": Coalesce(
        "addressee__recommendation__revised_target_date", "addressee__recommendation__original_target_date"
    ),
    "milestone_submit": Coalesce("current_due", "baseline_due"),
    "assignment_answer": F("campaign__deadline"),
}
DEADLINE = "deadline:"


def message(notification: Notification) -> str:
    """The sentence of a notification, in the active language."""
    values = {
        "record": notification.subject,
        "actor": notification.actor_name or _("someone"),
        "due": dates.format_date(notification.due),
    }
    event = notification.event
    if event.startswith(DEADLINE):
        step = inbox.STEP_BY_CODE.get(event.removeprefix(DEADLINE))
        values["action"] = str(step.label) if step else ""
        return _("Due on %(due)s: %(action)s — %(record)s.") % values
    sentences = {
        handoffs.UPDATE_PROPOSED: _(
            "%(actor)s proposed a status update on %(record)s; it awaits your review."
        ),
        handoffs.UPDATE_REVIEWED: _(
            "%(actor)s reviewed a status update on %(record)s; it awaits your validation."
        ),
        handoffs.UPDATE_VALIDATED: _("%(actor)s validated the status update on %(record)s."),
        handoffs.UPDATE_RETURNED: _(
            "%(actor)s returned the status update on %(record)s; correct it and propose it again."
        ),
        handoffs.MILESTONE_SUBMITTED: _("%(actor)s submitted the milestone %(record)s for acceptance."),
        handoffs.MILESTONE_ACCEPTED: _("%(actor)s accepted the milestone %(record)s."),
        handoffs.MILESTONE_RETURNED: _(
            "%(actor)s returned the milestone %(record)s; correct it and submit it again."
        ),
        handoffs.ASSIGNMENT_ISSUED: _("%(record)s asks your entity for an answer by %(due)s."),
        handoffs.ASSIGNMENT_SUBMITTED: _(
            "%(actor)s submitted the answer to %(record)s; it awaits your review."
        ),
        handoffs.ASSIGNMENT_RETURNED: _(
            "%(actor)s returned the answer to %(record)s; correct it and submit it again."
        ),
        handoffs.ASSIGNMENT_ACCEPTED: _("%(actor)s accepted the answer to %(record)s."),
    }
    return sentences.get(event, notification.subject) % values


def people_for(step: inbox.Step, record: models.Model) -> list[Any]:
    """The active people whose job ``step`` is on ``record``: a grant of one of its roles, allowed
    by the model's policy, at the record's entity or above it."""
    path = entity_path_of(record)
    ancestors = [int(pk) for pk in path.strip("/").split("/") if pk]
    roles = policy_for(step.model).get(step.action, frozenset()) & step.roles
    if not ancestors or not roles:
        return []
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__role__in=roles, role_assignments__entity_id__in=ancestors
        )
        .distinct()
        .order_by("pk")
    )


def _subject(step: inbox.Step, record: models.Model) -> str:
    entity = step.entity(record)
    name = step.record(record)
    code = getattr(entity, "acronym", "") or getattr(entity, "code", "")
    return (f"{name} · {code}" if code else name)[:300]


def _actor_name(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return (actor.get_full_name() or actor.get_username())[:150]


def notify(
    recipients: list[Any], *, event: str, step: inbox.Step, record: models.Model, actor: Any = None
) -> list[Notification]:
    """Store one notification per recipient and queue the e-mails of those who want them at once."""
    if not recipients:
        return []
    common = {
        "event": event,
        "subject": _subject(step, record),
        "actor_name": _actor_name(actor),
        "url": step.url(record),
        "due": step.due(record),
        "record_label": record._meta.label,
        "record_id": record.pk,
    }
    made = Notification.objects.bulk_create([Notification(recipient=r, **common) for r in recipients])
    digest = set(
        Preference.objects.filter(user__in=recipients)
        .exclude(delivery=Preference.Delivery.IMMEDIATE)
        .values_list("user_id", flat=True)
    )
    at_once = [n.pk for n in made if n.recipient_id not in digest and n.recipient.email]
    if at_once:
        # After commit: a step rolled back sends nothing, and the worker finds the rows it names.
        transaction.on_commit(lambda: send_notifications.enqueue(at_once))
    return made


def on_handoff(sender: type, *, record: models.Model, event: str, actor: Any, **kwargs: Any) -> None:
    step = inbox.STEP_BY_CODE[NEXT_STEP[event]]
    recipients = [p for p in people_for(step, record) if p.pk != getattr(actor, "pk", None)]
    if event in TELL_PROPOSER:
        proposer = getattr(record, "proposed_by", None)
        if proposer is not None and proposer.is_active and proposer.pk not in {p.pk for p in recipients}:
            recipients.append(proposer)
    notify(recipients, event=event, step=step, record=record, actor=actor)


def connect() -> None:
    from lodestar.core import tasks

    handoffs.handoff.connect(on_handoff, dispatch_uid="workspace.notify")
    if (daily_notifications, EVERY) not in tasks.scheduled:
        tasks.scheduled.append((daily_notifications, EVERY))


# E-mail -------------------------------------------------------------------------------------


def _link(url: str) -> str:
    return getattr(settings, "LODESTAR_SITE_URL", "").rstrip("/") + url


def _send(recipient: Any, notifications: list[Notification]) -> None:
    # Written in the recipient's language, whatever language the sending request or task runs in.
    with override(email_language(recipient)):
        if len(notifications) == 1:
            subject = message(notifications[0])
        else:
            subject = _("Lodestar: %(count)d notifications") % {"count": len(notifications)}
        body = "\n\n".join(f"{message(n)}\n{_link(n.url)}" for n in notifications)
    send_mail(subject[:200], body, None, [recipient.email])


@task()
def send_notifications(ids: list[int]) -> int:
    """E-mail these notifications, one message each, unless they were e-mailed already."""
    sent = 0
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient")
    for notification in pending:
        if notification.recipient.email:
            _send(notification.recipient, [notification])
            sent += 1
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return sent


def send_digests() -> int:
    """One e-mail per person who chose the daily digest, with what they have not yet been sent."""
    people = (
        get_user_model()
        .objects.filter(workspace_preference__delivery=Preference.Delivery.DIGEST, is_active=True)
        .exclude(email="")
    )
    sent = 0
    for person in people:
        pending = list(
            Notification.objects.filter(recipient=person, emailed_at__isnull=True).order_by("created")
        )
        if not pending:
            continue
        _send(person, pending)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def deadline_reminders(today: datetime.date) -> int:
    """Remind the people who owe a step whose due date is DAYS_BEFORE days away (once per record,
    person and due date)."""
    made = 0
    due_dates = [today + timedelta(days=d) for d in DAYS_BEFORE]
    for code, due_expression in DEADLINE_STEPS.items():
        step = inbox.STEP_BY_CODE[code]
        event = DEADLINE + code
        records = (
            step.model._default_manager.filter(step.condition(None, today))
            .annotate(workspace_due=due_expression)
            .filter(workspace_due__in=due_dates)
            .select_related(*step.related)
        )
        for record in records:
            already = set(
                Notification.objects.filter(
                    event=event, record_label=record._meta.label, record_id=record.pk, due=step.due(record)
                ).values_list("recipient_id", flat=True)
            )
            recipients = [p for p in people_for(step, record) if p.pk not in already]
            made += len(notify(recipients, event=event, step=step, record=record))
    return made


@task()
def daily_notifications() -> dict[str, int]:
    """The day's deadline reminders and digests (scheduled by the worker, core.tasks)."""
    return {
        "reminders": deadline_reminders(timezone.localdate()),
        "digests": send_digests(),
    }
