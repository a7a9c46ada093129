"""The one engine for asking the entities: a campaign (a data call, a self-certification, a survey)
asks every entity in its scope the same items — typed questions, or spreadsheet sections in the
import format of a registered list —, each entity answers in its assignment, a central analyst
accepts or returns it, and on acceptance the sections' rows become the entity's records.

Assignment states move only through ``services`` (they are not editable fields), so no form, import
or API update can skip the review.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files and links, e.g. DC-2026-INV.")

# The words shown for the stable codes of a "one of a list" question, in the reader's language.
# An app that asks such questions registers its codes once (e.g. compliance: the control answers);
# a code that nobody registered is shown as it is stored.
CHOICE_LABELS: dict[str, Any] = {}


def register_choice_labels(labels: dict[str, Any]) -> None:
    """Give words (lazily translated) to choice codes stored in campaign answers."""
    CHOICE_LABELS.update(labels)


def choice_label(code: str) -> str:
    return str(CHOICE_LABELS.get(code, code))


class Campaign(TranslatedModelMixin, ScopedModel):
    """What is asked, of whom, by when. The owning entity is the office that runs it."""

    class Kind(models.TextChoices):
        DATA_CALL = "data_call", _("Data call")
        SELF_CERTIFICATION = "self_certification", _("Self-certification")
        SURVEY = "survey", _("Survey")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.DATA_CALL)
    name = TranslatedTextField(_("name"), max_length=300)
    instructions = TranslatedTextField(_("instructions"), blank=True, textarea=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("campaign owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opens = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    as_of = models.DateField(
        _("figures as at"), null=True, blank=True, help_text=_("The date the answers describe, if any.")
    )
    # The scope: the entities chosen one by one, and/or the entities below a node of the tree that
    # match a filter (type, location class). ``launch`` turns it into one assignment per entity.
    scope_entities = models.ManyToManyField(
        "org.Entity", verbose_name=_("entities asked"), blank=True, related_name="+"
    )
    scope_root = models.ForeignKey(
        "org.Entity",
        verbose_name=_("entities below"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ask every entity below this one that matches the filter."),
    )
    scope_kinds = models.CharField(
        _("of the types"),
        max_length=300,
        blank=True,
        help_text=_("Entity type codes separated by ';', e.g. department; office_away. Blank: all types."),
    )
    scope_location_class = models.CharField(
        _("in the location class"), max_length=20, blank=True, help_text=_("Blank: every location class.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    # The focal points of every entity asked read the campaign they answer.
    also_visible_through = ("assignments__entity",)

    class Meta:
        ordering = ["-opens", "code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"

    def clean(self) -> None:
        if self.opens and self.deadline and self.deadline < self.opens:
            raise ValidationError({"deadline": _("The deadline is before the opening date.")})
        from lodestar.org.vocabularies import EntityKind, LocationClass, check_code, organisation_of

        # Types and location classes are the organisation's own vocabularies, not choices in code.
        organisation = organisation_of(self.entity if self.entity_id else self.scope_root)
        if organisation is not None:
            for code in self.kind_codes():
                check_code(EntityKind, organisation, "scope_kinds", code)
            check_code(LocationClass, organisation, "scope_location_class", self.scope_location_class)

    def kind_codes(self) -> list[str]:
        return [k.strip() for k in self.scope_kinds.split(";") if k.strip()]

    def is_late(self, today: datetime.date) -> bool:
        return today > self.deadline


class CampaignItem(TranslatedModelMixin, ChangeLoggedModel):
    """One thing asked: a typed question, or a spreadsheet section in a registered list's format."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")
        CHOICE = "choice", _("One of a list")
        SECTION = "section", _("Spreadsheet section")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("order"), default=1)
    code = models.CharField(
        _("code"), max_length=60, help_text=_("Unique within the campaign, e.g. Q1 or apps.")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    label = TranslatedTextField(_("question or section"), max_length=500)
    help_text = TranslatedTextField(_("help"), blank=True, textarea=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.CharField(
        _("choices"),
        max_length=500,
        blank=True,
        help_text=_("For 'one of a list': the choices separated by ';'."),
    )
    list_label = models.CharField(
        _("list"),
        max_length=100,
        blank=True,
        help_text=_(
            "For a spreadsheet section: the list whose import format it uses, e.g. inventory.application."
        ),
    )

    scope_field = "campaign__entity"

    class Meta:
        ordering = ["campaign", "order", "pk"]
        verbose_name = _("campaign item")
        verbose_name_plural = _("campaign items")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="campaigns_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} · {self.code}"

    def choice_list(self) -> list[str]:
        """The stable codes of the choices, as stored in the answers."""
        return [c.strip() for c in self.choices.split(";") if c.strip()]

    def choice_options(self) -> list[tuple[str, str]]:
        """(code, words in the reader's language) for each choice."""
        return [(code, choice_label(code)) for code in self.choice_list()]

    def choice_code(self, value: str) -> str | None:
        """The code a typed answer stands for: the code itself, or its words in the current language
        or in English (an import file or an API client may send either), ignoring case."""
        from django.utils.translation import override

        wanted = value.strip().casefold()
        for code, words in self.choice_options():
            if wanted in (code.casefold(), words.casefold()):
                return code
        with override("en"):
            for code, words in self.choice_options():
                if wanted == words.casefold():
                    return code
        return None

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and not self.choice_list():
            raise ValidationError({"choices": _("List the choices, separated by ';'.")})
        if self.kind == self.Kind.SECTION:
            from lodestar.core.registry import registry

            try:
                registry.by_label(self.list_label)
            except KeyError:
                raise ValidationError(
                    {"list_label": _("No list %(label)s is registered.") % {"label": self.list_label}}
                ) from None
        elif self.list_label:
            raise ValidationError({"list_label": _("Only a spreadsheet section names a list.")})


class Assignment(ScopedModel):
    """What one entity is asked in one campaign, and where its answer stands."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assignments"
    )
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Who answers for the entity, for questions.")
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.NOT_STARTED,
        editable=False,
        db_index=True,
    )
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    prefilled = models.BooleanField(_("pre-filled from the previous campaign"), default=False, editable=False)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # Readers of the office that runs the campaign follow every entity's answer.
    also_visible_through = ("campaign__entity",)

    class Meta:
        ordering = ["campaign", "entity__code"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "entity"], name="campaigns_assignment_unique")
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"{self.campaign.code} · {self.entity.code}"

    def page_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:assignment_page", args=[self.pk])

    @property
    def answered(self) -> bool:
        return self.state in (self.State.SUBMITTED, self.State.ACCEPTED)

    def is_late(self, today: datetime.date) -> bool:
        return not self.answered and self.campaign.is_late(today)


class Answer(ChangeLoggedModel):
    """The answer of one assignment to one question, as typed (checked against the item's type)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(CampaignItem, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("answer"), blank=True)

    scope_field = "assignment__entity"

    class Meta:
        ordering = ["assignment", "item__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assignment", "item"], name="campaigns_answer_unique")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.value}"


class SectionFile(ChangeLoggedModel):
    """The spreadsheet an entity uploaded for one section, with the problems found in its cells.
    On acceptance its rows are imported; ``batch`` is then the import batch that every record's
    history names as its source."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="section_files")
    item = models.ForeignKey(CampaignItem, on_delete=models.CASCADE, related_name="section_files")
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    batch = models.ForeignKey(
        "core.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_field = "assignment__entity"

    class Meta:
        ordering = ["assignment", "item__order"]
        verbose_name = _("section file")
        verbose_name_plural = _("section files")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "item"], name="campaigns_sectionfile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.filename}"

    @property
    def valid(self) -> bool:
        return not self.problems


class Reminder(models.Model):
    """A reminder sent to an entity's focal points: by e-mail and shown in the application."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Deadline approaching")
        AFTER = "after", _("Deadline passed")
        CHASE = "chase", _("Chased by the analyst")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    sent = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_field = "assignment__entity"

    class Meta:
        ordering = ["-sent"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_kind_display()} · {self.sent_on}"
