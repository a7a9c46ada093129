"""Project portfolio: strategic programmes, projects, milestones accepted on evidence, and status
declared by reporting period. Earned progress and completion integrity live in ``progress``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files and links, e.g. ICT-UNITE-SD.")


class Programme(TranslatedModelMixin, ScopedModel):
    """A strategic programme grouping projects, e.g. the ICT strategy (A/69/517)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("strategic programme")
        verbose_name_plural = _("strategic programmes")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class Project(TranslatedModelMixin, ScopedModel):
    """A project owned by its sponsor entity, with an objective and a measurable target."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("strategic programme"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    description = TranslatedTextField(_("description"), blank=True, textarea=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONGOING)
    baseline_end = models.DateField(_("baseline end date"), null=True, blank=True)
    current_end = models.DateField(_("current end date"), null=True, blank=True)
    objective = TranslatedTextField(_("objective"), blank=True, textarea=True)
    target_indicator = TranslatedTextField(_("target indicator"), max_length=500, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    actual_value = models.DecimalField(
        _("actual value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    target_status = models.CharField(
        _("target met"),
        max_length=10,
        choices=[("met", _("Met")), ("not_met", _("Not met"))],
        blank=True,
        help_text=_("As found by a review (e.g. the Board of Auditors); overrides the figures."),
    )
    waiver_body = models.ForeignKey(
        "org.GovernanceBody",
        verbose_name=_("completion waived by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    waiver_date = models.DateField(_("waiver date"), null=True, blank=True)
    waiver_reason = TranslatedTextField(_("waiver reason"), blank=True, textarea=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.waiver_body_id and not self.waiver_reason:
            raise ValidationError({"waiver_reason": _("A waiver needs a reason.")})

    def target_met(self) -> bool | None:
        """True or False when known, None when there is no evidence either way."""
        if self.target_status:
            return self.target_status == "met"
        if self.target_value is None or self.actual_value is None:
            return None
        if self.lower_is_better:
            return self.actual_value <= self.target_value
        return self.actual_value >= self.target_value


class Milestone(TranslatedModelMixin, ChangeLoggedModel):
    """A milestone: counted in earned progress only once a central analyst accepted its evidence."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted for acceptance")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = TranslatedTextField(_("name"), max_length=300)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    baseline_due = models.DateField(_("baseline due date"), null=True, blank=True)
    current_due = models.DateField(_("current due date"), null=True, blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence_link = models.URLField(_("evidence link"), blank=True)
    return_reason = TranslatedTextField(_("reason for return"), blank=True, textarea=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.project} · {self.tr('name')}"

    def clean(self) -> None:
        if self.status == self.Status.ACCEPTED and not self.evidence_link:
            raise ValidationError({"evidence_link": _("A milestone is accepted only with evidence.")})
        if self.status == self.Status.RETURNED and not self.return_reason:
            raise ValidationError({"return_reason": _("Say why the milestone is returned.")})


class StatusReport(TranslatedModelMixin, ChangeLoggedModel):
    """The status of a project as declared for one reporting period (e.g. a progress report)."""

    class Health(models.TextChoices):
        GREEN = "green", _("On track")
        AMBER = "amber", _("At risk")
        RED = "red", _("Off track")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.CharField(_("reporting period"), max_length=40)
    document = models.CharField(_("document symbol"), max_length=60, blank=True)
    declared_percent = models.DecimalField(
        # xgettext:no-python-format
        _("declared % complete"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    declared_completed = models.BooleanField(_("declared completed"), default=False)
    health = models.CharField(_("health"), max_length=10, choices=Health.choices, blank=True)
    reason = TranslatedTextField(_("reason"), blank=True, textarea=True)

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "period"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="portfolio_statusreport_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.period}"

    def clean(self) -> None:
        if self.declared_percent is not None and not (0 <= self.declared_percent <= 100):
            raise ValidationError({"declared_percent": _("A percentage is between 0 and 100.")})
        if self.health in (self.Health.AMBER, self.Health.RED) and not self.reason:
            raise ValidationError({"reason": _("Say why the project is at risk or off track.")})

    @property
    def claims_completion(self) -> bool:
        return self.declared_completed or (self.declared_percent is not None and self.declared_percent >= 100)
