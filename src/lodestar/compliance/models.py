"""Policies and compliance: the register of ICT policy instruments and technology standards, the
self-certification controls asked through a campaign, compliance reviews and their findings, and
the conformance of systems with the standards and the enterprise architecture. The information
security plan lives in ``security.py`` (imported below so that Django sees its models).

Kinds of instrument are the organisation's own vocabulary; nothing of the UN's is in code.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField
from lodestar.org.vocabularies import VocabularyEntry

CODE_HELP = _("A short stable code used in import files and links, e.g. DC-2026-INV.")


class InstrumentKind(VocabularyEntry):
    """A kind of policy instrument: policy, guideline, technical procedure, standard…"""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("kind of instrument")
        verbose_name_plural = _("kinds of instrument")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="compliance_instrumentkind_unique")
        ]


class PolicyInstrument(TranslatedModelMixin, ScopedModel):
    """A policy, guideline or technical procedure (POL-E01). One record may stand for several
    instruments that a source counts without naming them (``count`` > 1, ``named`` off), so that
    totals stay honest without invented titles."""

    vocabulary_fields = {"kind": "compliance.InstrumentKind"}  # shown by name (core.codes)

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        NEEDS_REVISION = "needs_revision", _("Needs revision")
        MISSING = "missing", _("Missing")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    title = TranslatedTextField(_("title"), max_length=500)
    kind = models.CharField(_("type"), max_length=40)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    approving_body = models.ForeignKey(
        "org.GovernanceBody",
        verbose_name=_("approving body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued = models.DateField(_("issue date"), null=True, blank=True)
    review_cycle_months = models.PositiveSmallIntegerField(_("review cycle (months)"), null=True, blank=True)
    next_review = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("Left empty: the issue date plus the review cycle."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    count = models.PositiveSmallIntegerField(_("instruments counted"), default=1)
    named = models.BooleanField(
        _("named in the source"),
        default=True,
        help_text=_("Off when the record stands for instruments a source counts but does not name."),
    )
    as_of = models.DateField(_("as at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('title')}"

    def clean(self) -> None:
        from lodestar.org.vocabularies import check_code, organisation_of

        if self.entity_id:
            check_code(InstrumentKind, organisation_of(self.entity), "kind", self.kind)
        if self.status == self.Status.MISSING and self.issued:
            raise ValidationError({"issued": _("A missing instrument has no issue date.")})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("An instrument does not supersede itself.")})

    @property
    def in_force(self) -> bool:
        # An instrument that needs revision is still the one in force until it is replaced.
        return self.status != self.Status.MISSING and self.superseded_by_id is None

    def review_due(self) -> datetime.date | None:
        return self.next_review


class TechnologyStandard(TranslatedModelMixin, ScopedModel):
    """An approved hardware or software standard with its expiry (POL-E02); extensions move it."""

    class Category(models.TextChoices):
        FORMAL = "formal", _("Formal standard")
        RESEARCH = "research", _("Research standard")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    item = TranslatedTextField(_("item"), max_length=300)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    approved = models.DateField(_("approved on"))
    expires = models.DateField(_("expires on"))
    procurement_informed = models.DateField(_("communicated to procurement"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("technology standard")
        verbose_name_plural = _("technology standards")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('item')}"

    def clean(self) -> None:
        if self.approved and self.expires and self.expires < self.approved:
            raise ValidationError({"expires": _("The expiry is before the approval.")})


class StandardExtension(ChangeLoggedModel):
    """One extension of a standard's validity; the latest one gives its expiry."""

    standard = models.ForeignKey(
        TechnologyStandard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="extensions"
    )
    approved = models.DateField(_("approved on"))
    new_expiry = models.DateField(_("new expiry"))
    reason = models.TextField(_("reason"), blank=True)

    scope_field = "standard__entity"

    class Meta:
        ordering = ["standard", "approved"]
        verbose_name = _("standard extension")
        verbose_name_plural = _("standard extensions")

    def __str__(self) -> str:
        return f"{self.standard.code} → {self.new_expiry}"

    def clean(self) -> None:
        if self.standard_id and self.new_expiry and self.new_expiry <= self.standard.expires:
            raise ValidationError({"new_expiry": _("An extension ends after the current expiry.")})


class CertificationControl(TranslatedModelMixin, ChangeLoggedModel):
    """One control of a policy asked in a self-certification campaign: the campaign question that
    takes the entity's answer and the one that takes its evidence (both campaign items, so the
    campaign engine carries answering, review and reminders)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="controls"
    )
    instrument = models.ForeignKey(
        PolicyInstrument, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="controls"
    )
    code = models.CharField(_("code"), max_length=40)
    text = TranslatedTextField(_("control"), max_length=500)
    answer_item = models.OneToOneField(
        "campaigns.CampaignItem", on_delete=models.CASCADE, related_name="+", editable=False
    )
    evidence_item = models.OneToOneField(
        "campaigns.CampaignItem", on_delete=models.CASCADE, related_name="+", editable=False
    )

    scope_field = "campaign__entity"

    class Meta:
        ordering = ["campaign", "code"]
        verbose_name = _("certification control")
        verbose_name_plural = _("certification controls")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="compliance_control_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} · {self.code}"


class CertificationTally(ChangeLoggedModel):
    """Returns a source counts without saying which entity sent them (A/74/588 ¶18: 5 of 70 complete).
    Completeness adds them to the per-entity returns, flagged as transcribed."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tally"
    )
    entities_asked = models.PositiveIntegerField(_("entities asked"))
    complete_returns = models.PositiveIntegerField(_("complete returns"))
    source = models.CharField(_("source"), max_length=300)

    scope_field = "campaign__entity"

    class Meta:
        verbose_name = _("transcribed tally")
        verbose_name_plural = _("transcribed tallies")

    def __str__(self) -> str:
        return f"{self.campaign.code}: {self.complete_returns}/{self.entities_asked}"

    def clean(self) -> None:
        if self.complete_returns > self.entities_asked:
            raise ValidationError({"complete_returns": _("More complete returns than entities asked.")})


class ComplianceReview(TranslatedModelMixin, ScopedModel):
    """A review of the entities' compliance with the policy controls at a location (POL-E05)."""

    class Reviewer(models.TextChoices):
        REGIONAL_CENTRE = "regional_centre", _("Regional technology centre")
        CENTRAL = "central", _("Central ICT office")
        VENDOR = "vendor", _("External vendor")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    reviewer = models.CharField(_("reviewer"), max_length=20, choices=Reviewer.choices)
    scope = TranslatedTextField(_("scope"), textarea=True)
    location = models.CharField(_("location"), max_length=200)
    centre = models.ForeignKey(
        "org.IctUnit",
        verbose_name=_("regional technology centre reviewed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"delivery_type": "regional_technology_centre"},
        help_text=_("The centre this review covers; each centre is expected to be reviewed every cycle."),
    )
    completed = models.BooleanField(_("completed"), default=False)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Empty when the source gives none.")
    )
    cycle = models.PositiveSmallIntegerField(
        _("cycle"),
        null=True,
        blank=True,
        help_text=_("The year of the compliance cycle reviewed. Left empty: the year of the date."),
    )
    report = models.ForeignKey(
        "oversight.OversightReport",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The report its findings are recommendations of, in the oversight register."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "code"]
        verbose_name = _("compliance review")
        verbose_name_plural = _("compliance reviews")

    def __str__(self) -> str:
        return f"{self.code} — {self.location}"

    def clean(self) -> None:
        from lodestar.org.models import IctUnit

        if self.centre_id and self.centre.delivery_type != IctUnit.DeliveryType.REGIONAL_TECHNOLOGY_CENTRE:
            raise ValidationError({"centre": _("Choose a regional technology centre.")})

    @property
    def review_cycle(self) -> int | None:
        return self.cycle or (self.date.year if self.date else None)


class ReviewFinding(TranslatedModelMixin, ChangeLoggedModel):
    """A finding of a compliance review; raised, it becomes a recommendation of the register."""

    review = models.ForeignKey(
        ComplianceReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="findings"
    )
    reference = models.CharField(_("paragraph reference"), max_length=100)
    text = TranslatedTextField(_("text"), textarea=True)
    recommendation = models.OneToOneField(
        "oversight.Recommendation",
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    scope_field = "review__entity"

    class Meta:
        ordering = ["review", "reference"]
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        constraints = [
            models.UniqueConstraint(fields=["review", "reference"], name="compliance_finding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review.code} {self.reference}"


class ConformanceAssessment(TranslatedModelMixin, ScopedModel):
    """An assessment of a system against the ICT standards or the enterprise architecture (POL-E03)."""

    class Against(models.TextChoices):
        STANDARDS = "standards", _("ICT standards")
        ARCHITECTURE = "architecture", _("Enterprise architecture")

    class Result(models.TextChoices):
        CONFORMANT = "conformant", _("Conformant")
        PARTIAL = "partial", _("Partly conformant")
        NOT_CONFORMANT = "not_conformant", _("Not conformant")

    application = models.ForeignKey(
        "inventory.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="+"
    )
    against = models.CharField(_("assessed against"), max_length=20, choices=Against.choices)
    assessed = models.DateField(_("assessed on"))
    assessor = models.CharField(_("assessor"), max_length=200)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    findings = TranslatedTextField(_("findings"), blank=True, textarea=True)

    class Meta:
        ordering = ["-assessed", "application__code"]
        verbose_name = _("conformance assessment")
        verbose_name_plural = _("conformance assessments")

    def __str__(self) -> str:
        return f"{self.application.code} · {self.get_against_display()} · {self.assessed}"

    def clean(self) -> None:
        if self.application_id and self.entity_id and self.application.entity_id != self.entity_id:
            raise ValidationError({"application": _("The application belongs to another entity.")})


from .security import (  # noqa: E402,F401 - the security models belong to this app
    ActionItem,
    ActionStatusUpdate,
    ClassificationAttestation,
    SecurityAssessment,
    SecurityIncident,
    Vulnerability,
)
