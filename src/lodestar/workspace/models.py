"""What the workspace keeps per person: the notifications of hand-offs and deadlines, and how
each person wants them by e-mail. The inbox itself is computed, never stored (workspace.inbox)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """How one person receives notifications by e-mail (in the application they always appear),
    and in which language e-mails are written to them."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("One e-mail per notification, at once")
        DIGEST = "digest", _("One e-mail a day with the day's notifications")
        NONE = "none", _("No e-mail; in the application only")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="workspace_preference",
    )
    delivery = models.CharField(
        _("e-mail delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Empty: the site's default language."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_delivery_display()}"


def email_languages(users: Any) -> dict[Any, str]:
    """{user's pk: the Django language code they read e-mails in}: their choice, or the site's
    (one query for all of them)."""
    chosen = dict(
        Preference.objects.filter(user__in=users).exclude(language="").values_list("user_id", "language")
    )
    return {user.pk: chosen.get(user.pk, settings.LANGUAGE_CODE) for user in users}


def email_language(user: Any) -> str:
    """The Django language code in which ``user`` reads e-mails."""
    return email_languages([user])[user.pk]


class Notification(models.Model):
    """One thing a person is told: a record handed to them (or back to them), or a deadline near.

    The sentence is composed when shown, from ``event`` and ``subject``, so that it reads in the
    language of whoever reads it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("event"), max_length=30)
    subject = models.CharField(_("record"), max_length=300, help_text=_("The record's name when notified."))
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    url = models.CharField(_("address"), max_length=300)
    due = models.DateField(_("due date"), null=True, blank=True)
    # Which record it is about (a deadline reminder is sent once per record, day and recipient).
    record_label = models.CharField(_("kind of record"), max_length=100)
    record_id = models.PositiveBigIntegerField(_("record id"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "recipient"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.event} · {self.subject}"
