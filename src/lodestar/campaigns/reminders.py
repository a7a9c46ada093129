"""Reminders to the focal points of entities that have not answered: a few days before the
deadline, after it, and whenever an analyst chases. Each is an e-mail (Django's mail framework; the
console backend in the demo) and a line the focal point sees on the campaign pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from lodestar.core import dates
from lodestar.core.permissions import FOCAL_POINT, can
from lodestar.workspace.models import email_languages

from .models import Assignment, Campaign, Reminder
from .services import DECIDE, OPEN_STATES

# Days before the deadline when a reminder goes out, and the interval of reminders after it.
DAYS_BEFORE = (7, 1)
EVERY_DAYS_AFTER = 7


def _focal_points(assignment: Assignment) -> list[Any]:
    ancestors = [int(pk) for pk in assignment.entity.tree_path.strip("/").split("/") if pk]
    users = get_user_model().objects.filter(
        role_assignments__role=FOCAL_POINT, role_assignments__entity_id__in=ancestors, is_active=True
    )
    return [u for u in users.distinct() if u.email]


def focal_point_emails(assignment: Assignment) -> list[str]:
    """The e-mail addresses of the focal points of the entity (granted at it or above it)."""
    return sorted({u.email for u in _focal_points(assignment)})


def _by_language(people: list[Any]) -> dict[str, list[str]]:
    """The e-mail addresses of ``people`` grouped by the language they read e-mails in."""
    languages = email_languages(people)
    groups: dict[str, set[str]] = {}
    for person in people:
        groups.setdefault(languages[person.pk], set()).add(person.email)
    return {lang: sorted(emails) for lang, emails in sorted(groups.items())}


def _send(assignment: Assignment, kind: str, today: datetime.date, *, user: Any = None) -> Reminder:
    campaign = assignment.campaign
    groups = _by_language(_focal_points(assignment))
    # One message per language, each written in its readers' language (workspace.Preference).
    for lang, emails in groups.items():
        with override(lang):
            values = {
                "entity": assignment.entity,
                "campaign": campaign.tr("name"),
                "deadline": dates.format_date(campaign.deadline),
                "path": assignment.page_url(),
            }
            subject = _("Reminder: %(campaign)s is due on %(deadline)s") % values
            body = (
                _(
                    "%(entity)s has not yet submitted its answer to %(campaign)s (due %(deadline)s). "
                    "Open it in Lodestar: %(path)s"
                )
                % values
            )
        send_mail(subject, body, None, emails)
    recipients = sorted({email for emails in groups.values() for email in emails})
    return Reminder.objects.create(
        assignment=assignment,
        kind=kind,
        sent_on=today,
        recipients="; ".join(recipients),
        sent_by=user if getattr(user, "is_authenticated", False) else None,
    )


def due_kind(campaign: Campaign, today: datetime.date) -> str | None:
    """Which reminder is due today for an open campaign's unanswered assignments, if any."""
    days_left = (campaign.deadline - today).days
    if days_left in DAYS_BEFORE:
        return Reminder.Kind.BEFORE
    if days_left < 0 and (-days_left) % EVERY_DAYS_AFTER == 1 % EVERY_DAYS_AFTER:
        return Reminder.Kind.AFTER
    return None


def send_reminders(today: datetime.date) -> int:
    """Send today's reminders of every open campaign (once a day at most per assignment)."""
    sent = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        kind = due_kind(campaign, today)
        if kind is None:
            continue
        pending = (
            campaign.assignments.filter(state__in=OPEN_STATES)
            .exclude(reminders__sent_on=today, reminders__kind=kind)
            .select_related("entity", "campaign")
        )
        for assignment in pending:
            _send(assignment, kind, today)
            sent += 1
    return sent


def chase(assignment: Assignment, *, user: Any, today: datetime.date) -> Reminder:
    """An analyst chases one entity now."""
    if not can(user, DECIDE, assignment):
        raise PermissionDenied(_("You may not chase this entity."))
    if assignment.state not in OPEN_STATES:
        raise ValidationError(_("This entity has already submitted its answer."))
    return _send(assignment, Reminder.Kind.CHASE, today, user=user)
