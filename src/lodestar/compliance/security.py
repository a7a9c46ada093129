"""Information security (SEC): the action plan as items per entity with a status update due every
reporting cycle, security assessments, vulnerabilities, incidents and the owners' attestation of
how much of their information they classified. Threat statistics are results indicators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files and links, e.g. DC-2026-INV.")


class ActionStatus(models.TextChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    PARTIAL = "partial", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")


class ActionItem(TranslatedModelMixin, ScopedModel):
    """One point of the information-security action plan for one entity (SEC-E01). An item not
    implemented is an open deficiency: it owes a status update every reporting cycle."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    plan = models.CharField(_("plan"), max_length=100, help_text=_("e.g. the 10-point action plan"))
    point = models.PositiveSmallIntegerField(
        _("point"), null=True, blank=True, help_text=_("Its number in the plan, when the source gives it.")
    )
    title = TranslatedTextField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    evidence = TranslatedTextField(_("evidence"), blank=True, textarea=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "point", "code"]
        verbose_name = _("security action item")
        verbose_name_plural = _("security action items")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('title')}"

    @property
    def open(self) -> bool:
        return self.status != ActionStatus.IMPLEMENTED

    def clean(self) -> None:
        if self.status == ActionStatus.IMPLEMENTED and not self.tr("evidence"):
            raise ValidationError({"evidence": _("An implemented item needs its evidence.")})


class ActionStatusUpdate(TranslatedModelMixin, ChangeLoggedModel):
    """The status of an action item reported for one reporting cycle (a year)."""

    item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, related_name="updates"
    )
    cycle = models.PositiveSmallIntegerField(_("reporting cycle"), help_text=_("The year reported on."))
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    progress = TranslatedTextField(_("progress"), textarea=True)
    evidence = TranslatedTextField(_("evidence"), blank=True, textarea=True)

    scope_field = "item__entity"

    class Meta:
        ordering = ["item", "-cycle"]
        verbose_name = _("action status update")
        verbose_name_plural = _("action status updates")
        constraints = [
            models.UniqueConstraint(fields=["item", "cycle"], name="compliance_update_cycle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} · {self.cycle}"

    def clean(self) -> None:
        if self.status == ActionStatus.IMPLEMENTED and not self.tr("evidence"):
            raise ValidationError({"evidence": _("An implemented item needs its evidence.")})


class SecurityAssessment(TranslatedModelMixin, ScopedModel):
    """An information-security assessment of a system before production or after a change (SEC-E02)."""

    class Trigger(models.TextChoices):
        NEW_SYSTEM = "new_system", _("New system")
        MAJOR_CHANGE = "major_change", _("Major change")
        PERIODIC = "periodic", _("Periodic review")

    class Assessor(models.TextChoices):
        CENTRAL = "central", _("Central ICT office")
        THIRD_PARTY = "third_party", _("Third party")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    application = models.ForeignKey(
        "inventory.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    system = models.CharField(_("system"), max_length=200, blank=True)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    assessor = models.CharField(_("assessor"), max_length=20, choices=Assessor.choices)
    assessed = models.DateField(_("assessed on"))
    findings = TranslatedTextField(_("findings"), blank=True, textarea=True)
    remediation = TranslatedTextField(_("remediation"), blank=True, textarea=True)
    remediated = models.DateField(_("remediated on"), null=True, blank=True)

    class Meta:
        ordering = ["-assessed", "code"]
        verbose_name = _("security assessment")
        verbose_name_plural = _("security assessments")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if not self.application_id and not self.system:
            raise ValidationError({"system": _("Name the system or choose the application.")})


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Vulnerability(TranslatedModelMixin, ScopedModel):
    """A published technical vulnerability found in a system, and the response to it (SEC-E03)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    application = models.ForeignKey(
        "inventory.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    advisory = models.CharField(_("advisory"), max_length=100, blank=True, help_text=_("e.g. a CVE number"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    reported = models.DateField(_("reported on"))
    responded = models.DateField(_("responded on"), null=True, blank=True)
    response = TranslatedTextField(_("response"), blank=True, textarea=True)

    class Meta:
        ordering = ["-reported", "code"]
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.responded and self.reported and self.responded < self.reported:
            raise ValidationError({"responded": _("The response is before the report.")})


class SecurityIncident(TranslatedModelMixin, ScopedModel):
    """A security incident, its response and the lessons shared (SEC-E04)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=100)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    detected = models.DateField(_("detected on"))
    resolved = models.DateField(_("resolved on"), null=True, blank=True)
    response = TranslatedTextField(_("response"), blank=True, textarea=True)
    lessons = TranslatedTextField(_("lessons learned"), blank=True, textarea=True)

    class Meta:
        ordering = ["-detected", "code"]
        verbose_name = _("security incident")
        verbose_name_plural = _("security incidents")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.resolved and self.detected and self.resolved < self.detected:
            raise ValidationError({"resolved": _("The resolution is before the detection.")})


class ClassificationAttestation(ScopedModel):
    """How much of an entity's information its owner says is classified, and who attests it
    (SEC-E06): the central office cannot verify, so the owner's signature is the evidence."""

    as_of = models.DateField(_("as of"))
    assets = models.PositiveIntegerField(_("information assets"))
    classified = models.PositiveIntegerField(_("classified"))
    attested_by = models.CharField(_("attested by"), max_length=200, blank=True)
    attested_on = models.DateField(_("attested on"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        ordering = ["entity__code", "-as_of"]
        verbose_name = _("classification attestation")
        verbose_name_plural = _("classification attestations")
        constraints = [
            models.UniqueConstraint(fields=["entity", "as_of"], name="compliance_attestation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entity.code} · {self.as_of}"

    @property
    def coverage(self) -> float | None:
        return self.classified / self.assets * 100 if self.assets else None

    def clean(self) -> None:
        if self.classified > self.assets:
            raise ValidationError({"classified": _("More classified assets than assets.")})
        if bool(self.attested_by) != bool(self.attested_on):
            raise ValidationError({"attested_on": _("An attestation names who attested it and when.")})
