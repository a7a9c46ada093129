"""Disaster recovery (DRC): critical business processes and their recovery-time tier, the lists of
critical applications (an emergency-policy group's list, a continuity unit's analysis), DR plans and
DR tests. Readiness — documented, tested, exercised — is computed from plans and tests
(``inventory.readiness``), never typed in; a list keeps the count and the exercised share its source
prints, so that the printed figure stands beside the computed one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check
from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField
from lodestar.org.vocabularies import VocabularyEntry

from .models import CODE_HELP, Application, Facility


class RecoveryTier(VocabularyEntry):
    """A recovery-time objective tier of the organisation's continuity planning (the UN's: 0–4 h,
    4–24 h, 24–72 h, more than 72 h; the first two are the critical ones, A/65/491 ¶73)."""

    up_to_hours = models.PositiveIntegerField(
        _("up to (hours)"),
        null=True,
        blank=True,
        help_text=_("The longest recovery time of the tier; empty for the open-ended last tier."),
    )
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Processes of this tier count as critical.")
    )

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("recovery-time tier")
        verbose_name_plural = _("recovery-time tiers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="inventory_recoverytier_code_unique"
            )
        ]


class CriticalList(TranslatedModelMixin, ScopedModel):
    """A list of critical applications as a body drew it up. Where the source prints only a count
    (24 applications named critical by the emergency policy group, A/73/384 annex III.A ¶67; 88 linked
    to critical processes, A/65/491 ¶73), the count is kept as printed and the applications named so
    far are the list's members; the difference is reported, not filled with invented names."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    drawn_up_by = models.CharField(_("drawn up by"), max_length=200, blank=True)
    as_of = models.DateField(_("as at"), null=True, blank=True)
    printed_count = models.PositiveIntegerField(
        _("applications counted in the source"), null=True, blank=True
    )
    printed_exercised_percent = models.DecimalField(
        _("exercised share printed (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("The DR exercise progress the source prints, kept beside the computed readiness."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("critical-application list")
        verbose_name_plural = _("critical-application lists")
        constraints = [
            check(
                models.Q(printed_exercised_percent__isnull=True)
                | models.Q(printed_exercised_percent__gte=0, printed_exercised_percent__lte=100),
                name="inventory_criticallist_percent",
                message=_("A percentage is between 0 and 100."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class CriticalApplication(ScopedModel):
    """An application of the inventory on a critical list, with its recovery objectives and the duty
    station whose capacity recovers it (A/65/491 ¶69: DR capacity differs greatly between stations)."""

    critical_list = models.ForeignKey(
        CriticalList, verbose_name=_("critical list"), on_delete=models.CASCADE, related_name="members"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="criticality_entries",
    )
    tier = models.ForeignKey(
        RecoveryTier,
        verbose_name=_("recovery-time tier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rpo_hours = models.PositiveIntegerField(_("recovery point objective (hours)"), null=True, blank=True)
    duty_station = models.CharField(_("duty station"), max_length=100, blank=True)
    recovery_site = models.ForeignKey(
        Facility,
        verbose_name=_("recovery site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["critical_list", "application__code"]
        verbose_name = _("critical application")
        verbose_name_plural = _("critical applications")
        constraints = [
            models.UniqueConstraint(
                fields=["critical_list", "application"], name="inventory_criticalapplication_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.code} · {self.critical_list.code}"


class CriticalProcess(TranslatedModelMixin, ScopedModel):
    """A business process a department names critical, with its recovery-time tier, the ICT
    applications it depends on and the staff it needs (A/65/491 ¶73, DRC-P02)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    tier = models.ForeignKey(
        RecoveryTier, verbose_name=_("recovery-time tier"), on_delete=models.PROTECT, related_name="+"
    )
    applications = models.ManyToManyField(
        Application, verbose_name=_("ICT applications"), blank=True, related_name="critical_processes"
    )
    staff_required = models.PositiveIntegerField(_("staff required"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("critical business process")
        verbose_name_plural = _("critical business processes")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class DrPlan(ChangeLoggedModel):
    """A disaster-recovery plan of one critical application, in a version; ``documented`` once the
    plan is written down and approved."""

    application = models.ForeignKey(
        CriticalApplication,
        verbose_name=_("critical application"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    # Not "version": that name is the edit counter of every record (ChangeLoggedModel).
    plan_version = models.CharField(_("plan version"), max_length=20)
    documented = models.BooleanField(_("documented"), default=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    reference = models.CharField(_("document reference"), max_length=300, blank=True)

    scope_field = "application__entity"

    class Meta:
        ordering = ["application", "plan_version"]
        verbose_name = _("DR plan")
        verbose_name_plural = _("DR plans")
        constraints = [
            models.UniqueConstraint(fields=["application", "plan_version"], name="inventory_drplan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application} · v{self.plan_version}"


class DrTest(ChangeLoggedModel):
    """A test of a DR plan: a technical test (restore, failover of one system) or a full exercise;
    what it covered, its result and the evidence it left."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical test")
        EXERCISE = "exercise", _("Full DR exercise")

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        PARTIAL = "partial", _("Partly passed")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey(
        DrPlan, verbose_name=_("DR plan"), on_delete=models.CASCADE, related_name="tests"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.TECHNICAL)
    scope = models.CharField(_("scope"), max_length=500, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    evidence = models.CharField(
        _("evidence"),
        max_length=300,
        blank=True,
        help_text=_("The test report's reference; files can be attached as well."),
    )

    scope_field = "plan__application__entity"

    class Meta:
        ordering = ["plan", "-date"]
        verbose_name = _("DR test")
        verbose_name_plural = _("DR tests")
        constraints = [
            models.UniqueConstraint(fields=["plan", "date", "kind"], name="inventory_drtest_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.date}"

    def clean(self) -> None:
        if self.result == self.Result.PASSED and not self.evidence.strip():
            raise ValidationError({"evidence": _("A passed test needs its evidence (the test report).")})
