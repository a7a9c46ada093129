"""Oversight recommendations register: bodies, their reports, recommendations addressed to entities,
and status updates in two voices (what management reports, what the oversight body assesses).

A recommendation is owned by its lead responsible entity (the ScopedModel entity); every addressed
entity, the lead included, has an ``Addressee`` row scoped to that entity, which carries its status
updates. See docs/decisions/0006-recommendation-scope.md.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lodestar.core.models import ChangeLoggedModel, OrganisationOwnedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField
from lodestar.org.vocabularies import VocabularyEntry, check_code


class ImplementationStatus(models.TextChoices):
    """The Board of Auditors' and the administration's vocabulary (A/73/384 annex III.II)."""

    IMPLEMENTED = "implemented", _("Implemented")
    UNDER_IMPLEMENTATION = "under_implementation", _("Under implementation")
    NOT_STARTED = "not_started", _("Not started")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    OVERTAKEN = "overtaken", _("Overtaken by events")


# A recommendation is closed once a validated update says one of these.
CLOSED_STATUSES = frozenset({ImplementationStatus.IMPLEMENTED, ImplementationStatus.OVERTAKEN})


class OversightBodyKind(VocabularyEntry):
    """A kind of oversight body in an organisation's list (the UN's: external audit, advisory
    committee, internal oversight, inspection and evaluation, legislative organ)."""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("oversight body kind")
        verbose_name_plural = _("oversight body kinds")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="oversight_bodykind_code_unique")
        ]


class OversightBody(TranslatedModelMixin, OrganisationOwnedModel):
    """A body that issues recommendations or requests to one organisation: BoA, ACABQ, OIOS…"""

    vocabulary_fields = {"kind": "oversight.OversightBodyKind"}  # shown by name (core.codes)

    code = models.CharField(_("code"), max_length=30, help_text=_("e.g. BOA, ACABQ, OIOS"))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name = TranslatedTextField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=40, help_text=_("A code of the organisation's oversight body kinds.")
    )
    governance_body = models.ForeignKey(
        "org.GovernanceBody",
        verbose_name=_("governance body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The same body in the governance register, where it is kept there."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("oversight body")
        verbose_name_plural = _("oversight bodies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="oversight_body_code_unique")
        ]

    def __str__(self) -> str:
        return self.acronym or self.code

    def get_kind_display(self) -> str:
        entry = OversightBodyKind.objects.filter(organisation_id=self.organisation_id, code=self.kind).first()
        return entry.tr("name") if entry is not None else self.kind

    def clean(self) -> None:
        super().clean()
        if self.organisation_id:
            check_code(OversightBodyKind, self.organisation, "kind", self.kind)


class OversightReport(TranslatedModelMixin, ChangeLoggedModel):
    """A report of an oversight body, identified by its UN document symbol (e.g. A/74/177)."""

    symbol = models.CharField(_("document symbol"), max_length=60, unique=True)
    body = models.ForeignKey(
        OversightBody, verbose_name=_("oversight body"), on_delete=models.PROTECT, related_name="reports"
    )
    title = TranslatedTextField(_("title"), max_length=500)

    class DateKnown(models.TextChoices):
        DAY = "day", _("Day known")
        MONTH = "month", _("Month only (dated the month's last day)")
        YEAR = "year", _("Year only (dated the year's last day)")

    date = models.DateField(_("date of issue"))
    date_known = models.CharField(
        _("date of issue known to"), max_length=5, choices=DateKnown.choices, default=DateKnown.DAY
    )
    session = models.PositiveSmallIntegerField(_("General Assembly session"), null=True, blank=True)
    subject = TranslatedTextField(_("subject"), max_length=300, blank=True)
    period_covered = models.CharField(_("period covered"), max_length=100, blank=True)

    # A report is addressed to the organisation of its body: read by that organisation's users only.
    organisation_field = "body__organisation"

    class Meta:
        ordering = ["date", "symbol"]
        verbose_name = _("oversight report")
        verbose_name_plural = _("oversight reports")

    def __str__(self) -> str:
        return self.symbol

    def earliest_date(self) -> datetime.date:
        """The earliest day the report can have been issued (``date`` is the latest: the last day
        of the month or year the seed gives)."""
        if self.date_known == self.DateKnown.MONTH:
            return self.date.replace(day=1)
        if self.date_known == self.DateKnown.YEAR:
            return self.date.replace(month=1, day=1)
        return self.date


class Recommendation(TranslatedModelMixin, ScopedModel):
    """One recommendation (or request) of a report, owned by its lead responsible entity."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        REQUEST = "request", _("Request for information")
        EXPECTATION = "expectation", _("Expectation (the body trusts or encourages)")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Acceptance(models.TextChoices):
        # Contexts: these agree with "recommendation", not with the milestone's "Accepted".
        ACCEPTED = "accepted", pgettext_lazy("recommendation acceptance", "Accepted")
        PARTIAL = "partial", pgettext_lazy("recommendation acceptance", "Partially accepted")
        NOT_ACCEPTED = "not_accepted", pgettext_lazy("recommendation acceptance", "Not accepted")

    code = models.CharField(
        _("code"),
        max_length=160,
        unique=True,
        blank=True,
        help_text=_("Left empty, it is made from the report symbol and the paragraph reference."),
    )
    report = models.ForeignKey(
        OversightReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="recommendations"
    )
    reference = models.CharField(
        _("paragraph reference"),
        max_length=100,
        help_text=_('As printed, e.g. "para. 25", "summary, recommendation (a)", "VIII.75".'),
    )
    text = TranslatedTextField(_("text"), textarea=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION)
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    acceptance = models.CharField(_("acceptance"), max_length=15, choices=Acceptance.choices, blank=True)
    original_target_date = models.DateField(_("original target date"), null=True, blank=True)
    revised_target_date = models.DateField(_("revised target date"), null=True, blank=True)
    target_as_printed = TranslatedTextField(
        _("target date as printed"),
        max_length=200,
        blank=True,
        help_text=_('What the source printed in the target-date column, e.g. "Ongoing" (not a date).'),
    )
    other_entities = models.ManyToManyField(
        "org.Entity",
        verbose_name=_("also addressed to"),
        blank=True,
        related_name="+",
        help_text=_("Entities responsible besides the lead entity; each gets its own status updates."),
    )
    projects = models.ManyToManyField(
        "portfolio.Project", verbose_name=_("projects"), blank=True, related_name="+"
    )
    governance_bodies = models.ManyToManyField(
        "org.GovernanceBody", verbose_name=_("governance bodies"), blank=True, related_name="+"
    )
    budget_sections = models.ManyToManyField(
        "finance.BudgetSection", verbose_name=_("budget sections"), blank=True, related_name="+"
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("repeats recommendation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    order = models.PositiveSmallIntegerField(_("order in the report"), default=0)

    # Focal points of every addressed entity read the recommendation; only the lead entity's edit it.
    also_visible_through = ("addressees__entity",)

    class Meta:
        ordering = ["report__date", "report__symbol", "order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["report", "reference"], name="oversight_recommendation_unique")
        ]

    def __str__(self) -> str:
        return self.code or f"{self.report.symbol} {self.reference}"

    @property
    def target_date(self) -> datetime.date | None:
        """The date now in force: the revised one when there is one."""
        return self.revised_target_date or self.original_target_date

    def clean(self) -> None:
        if (
            self.revised_target_date
            and self.original_target_date
            and self.revised_target_date < self.original_target_date
        ):
            raise ValidationError(
                {"revised_target_date": _("A revised target date is not earlier than the original one.")}
            )


class Addressee(ChangeLoggedModel):
    """An entity a recommendation is addressed to; its focal points see and update it from here."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="addressees"
    )
    entity = models.ForeignKey(
        "org.Entity", verbose_name=_("responsible entity"), on_delete=models.PROTECT, related_name="+"
    )
    responsibility = models.CharField(
        _("responsibility"),
        max_length=300,
        blank=True,
        help_text=_("What this entity answers for, where the recommendation splits the work."),
    )

    scope_field = "entity"

    class Meta:
        ordering = ["recommendation", "pk"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "entity"], name="oversight_addressee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} → {self.entity.acronym or self.entity.code}"


class StatusUpdate(TranslatedModelMixin, ChangeLoggedModel):
    """What an addressed entity reports as of a date, and, once validated, what the body assessed.

    Workflow: draft → proposed (the entity) → reviewed (a central analyst) → validated (an
    oversight reviewer, who alone sets the assessed status); a reviewer may return it with a reason.
    """

    class State(models.TextChoices):
        # Contexts: "Proposed" is also a budget stage (the proposed budget); these are workflow states.
        DRAFT = "draft", pgettext_lazy("status update state", "Draft")
        PROPOSED = "proposed", pgettext_lazy("status update state", "Proposed")
        REVIEWED = "reviewed", pgettext_lazy("status update state", "Reviewed")
        VALIDATED = "validated", pgettext_lazy("status update state", "Validated")
        RETURNED = "returned", pgettext_lazy("status update state", "Returned")

    # PROTECT: the status history of a recommendation is audit evidence and is never swept away
    # by deleting the recommendation or one of its addressees.
    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="updates"
    )
    as_of = models.DateField(_("as of"))
    reported_status = models.CharField(
        _("status reported by management"),
        max_length=25,
        choices=ImplementationStatus.choices,
        blank=True,
        help_text=_("Empty only for a status the source document does not state (it prints an action)."),
    )
    comment = TranslatedTextField(_("comment"), blank=True, textarea=True)
    evidence_link = models.URLField(_("evidence link"), blank=True, max_length=500)
    evidence_description = TranslatedTextField(_("evidence"), blank=True, textarea=True)
    state = models.CharField(_("workflow state"), max_length=10, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    assessed_status = models.CharField(
        _("status assessed by the oversight body"),
        max_length=25,
        choices=ImplementationStatus.choices,
        blank=True,
    )
    assessed_comment = models.TextField(_("assessment comment"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("The document that printed this status, if any.")
    )

    scope_field = "addressee__entity"

    class Meta:
        ordering = ["addressee", "as_of", "pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        indexes = [models.Index(fields=["state", "as_of"])]

    def __str__(self) -> str:
        return f"{self.addressee} · {self.as_of} · {self.get_reported_status_display()}"

    def clean(self) -> None:
        if self.state != self.State.DRAFT and self.state != self.State.VALIDATED and not self.reported_status:
            raise ValidationError({"reported_status": _("A proposed update states a status.")})
        if self.state == self.State.RETURNED and not self.return_reason.strip():
            raise ValidationError({"return_reason": _("Say why the update is returned.")})
        # Evidence for "implemented" (a link, a description or an evidence file) is required when
        # the update is proposed: services.transition checks it, since files hang off the record.


class PrintedSummary(OrganisationOwnedModel):
    """A figure of a printed status summary (e.g. A/73/384 annex III.II: 37 recommendations, 10
    implemented…), kept as printed and compared with the counts computed from the register."""

    document = models.CharField(_("document symbol"), max_length=60)
    table_number = models.CharField(_("table"), max_length=30)
    row = models.CharField(_("row key"), max_length=30, help_text=_("count or percent"))
    column = models.CharField(_("column key"), max_length=30, help_text=_("total or a status code"))
    value = models.DecimalField(_("printed value"), max_digits=12, decimal_places=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["document", "table_number", "row", "column"]
        verbose_name = _("printed summary figure")
        verbose_name_plural = _("printed summary figures")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document", "table_number", "row", "column"],
                name="oversight_printed_unique",
            )
        ]

    def __str__(self) -> str:
        from lodestar.documents.tables import printed_name

        return printed_name(self)  # no import keys: the headings, on its page (documents.tables)


class StatusSpan(models.Model):
    """Derived, never edited: the status a recommendation (``addressee`` empty) or one addressee
    (as reported) holds from ``starts`` until ``ends`` (open-ended when empty), computed from the
    validated status updates (``spans.refresh``) in the transaction of every write that changes
    them, so that the dashboard counts spans instead of replaying every update. ``closed``: every
    addressee implemented or overtaken; ``was_closed``: the span before it was; ``closed_since``:
    the day the closed run this span belongs to began."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    addressee = models.ForeignKey(Addressee, null=True, on_delete=models.CASCADE, related_name="+")
    starts = models.DateField()
    ends = models.DateField(null=True)
    status = models.CharField(max_length=30, null=True)
    closed = models.BooleanField(default=False)
    was_closed = models.BooleanField(default=False)
    closed_since = models.DateField(null=True)

    class Meta:
        verbose_name = _("status span")
        verbose_name_plural = _("status spans")

    def __str__(self) -> str:
        return f"{self.recommendation_id}/{self.addressee_id or '-'} {self.starts}–{self.ends or ''}"
