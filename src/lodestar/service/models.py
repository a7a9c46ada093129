"""Service performance (SVC): the service catalogue, service-level agreements and their targets,
KPIs as observations per entity, service and period, satisfaction surveys, and the service-desk
ticket exports they are computed from (``service.tickets``). A service names the portfolio project
that delivered it, so a project declared complete can be read against its service's KPIs
(A/74/588 ¶10).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check, identity
from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField
from lodestar.org.vocabularies import VocabularyEntry

CODE_HELP = _("A short stable code used in import files and links, e.g. UNITE-SD.")


class Metric(VocabularyEntry):
    """A measure of service performance the organisation tracks (mean resolution time, request
    handling time, satisfaction …); ``measure`` says which ticket figure computes it, if any."""

    class Unit(models.TextChoices):
        MINUTES = "minutes", _("minutes")
        HOURS = "hours", _("hours")
        DAYS = "days", _("days")
        PERCENT = "percent", _("per cent")
        COUNT = "count", _("count")

    class Measure(models.TextChoices):
        RESOLUTION_MINUTES = "resolution_minutes", _("Mean resolution time of incidents (minutes)")
        HANDLING_DAYS = "handling_days", _("Mean handling time of service requests (days)")
        SATISFACTION = "satisfaction", _("Mean satisfaction (%)")
        TICKETS = "tickets", _("Tickets opened")

    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    measure = models.CharField(
        _("computed from tickets as"),
        max_length=30,
        choices=Measure.choices,
        blank=True,
        help_text=_("The figure of a ticket export that gives this metric; empty when it is reported."),
    )

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("service metric")
        verbose_name_plural = _("service metrics")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="service_metric_code_unique")
        ]

    def misses(self, value: object, target: object) -> bool:
        """Does ``value`` miss ``target`` in this metric's direction?"""
        if value is None or target is None:
            return False
        return value > target if self.lower_is_better else value < target  # type: ignore[operator]


class Service(TranslatedModelMixin, ScopedModel):
    """A service of the catalogue, owned by the entity that provides it."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    description = TranslatedTextField(_("description"), blank=True, textarea=True)
    core = models.BooleanField(_("core service"), default=False)
    service_levels = models.CharField(_("service-level options"), max_length=300, blank=True)
    project = models.ForeignKey(
        "portfolio.Project",
        verbose_name=_("delivered by project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class ServiceLevelAgreement(TranslatedModelMixin, ScopedModel):
    """An agreement between the provider (the owning entity) and a client entity on a service;
    its targets are ``SlaTarget`` rows, one per metric."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="agreements"
    )
    client = models.ForeignKey(
        "org.Entity",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the agreement covers every client of the service."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service-level agreement")
        verbose_name_plural = _("service-level agreements")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The agreement cannot end before it starts.")})


class SlaTarget(ChangeLoggedModel):
    """The target an agreement sets for one metric."""

    agreement = models.ForeignKey(
        ServiceLevelAgreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_field = "agreement__entity"

    class Meta:
        ordering = ["agreement", "metric"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "metric"], name="service_slatarget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} · {self.metric}"


class KpiObservation(ScopedModel):
    """One value of a metric for one entity (the one served), service and period: a baseline, a
    target or an actual; reported (with its source) or computed from a ticket batch."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        TARGET = "target", _("Target")
        ACTUAL = "actual", _("Actual")

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kpis",
    )
    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period starts"), null=True, blank=True)
    period_end = models.DateField(
        _("period ends (as at)"),
        help_text=_("The last day the value covers, or the date it is reported as at."),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.ACTUAL)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    batch = models.ForeignKey(
        "service.TicketBatch",
        verbose_name=_("ticket batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
        editable=False,
    )

    class Meta:
        ordering = ["entity", "service", "metric", "period_end", "kind"]
        verbose_name = _("KPI observation")
        verbose_name_plural = _("KPI observations")
        constraints = [
            identity(
                "entity",
                "service",
                "metric",
                "period_end",
                "kind",
                nullable=("service",),
                name="service_kpi_identity",
            ),
            check(
                models.Q(period_start__isnull=True) | models.Q(period_start__lte=models.F("period_end")),
                name="service_kpi_period",
                message=_("A period cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["service", "metric", "period_end"], name="service_kpi_series_idx")]

    def __str__(self) -> str:
        service = self.service.code if self.service_id else "—"
        return f"{service} · {self.metric} · {self.period_end} · {self.get_kind_display()}"


class SatisfactionSurvey(TranslatedModelMixin, ScopedModel):
    """A user-satisfaction survey of the owning entity's services: the overall score its report
    prints and the target, beside the scores per service it recorded (A/65/491 ¶28)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    target_percent = models.DecimalField(
        _("target (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    printed_overall_percent = models.DecimalField(
        _("overall score printed (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "code"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            check(
                models.Q(target_percent__isnull=True)
                | models.Q(target_percent__gte=0, target_percent__lte=100),
                name="service_survey_target",
                message=_("A percentage is between 0 and 100."),
            ),
            check(
                models.Q(printed_overall_percent__isnull=True)
                | models.Q(printed_overall_percent__gte=0, printed_overall_percent__lte=100),
                name="service_survey_overall",
                message=_("A percentage is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class SurveyScore(ChangeLoggedModel):
    """The score one service obtained in a survey."""

    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="scores"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    score_percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1)
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)

    scope_field = "survey__entity"

    class Meta:
        ordering = ["survey", "service"]
        verbose_name = _("survey score")
        verbose_name_plural = _("survey scores")
        constraints = [
            models.UniqueConstraint(fields=["survey", "service"], name="service_surveyscore_unique"),
            check(
                models.Q(score_percent__gte=0, score_percent__lte=100),
                name="service_surveyscore_percent",
                message=_("A percentage is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.code} · {self.service.code}"


from .tickets import TicketBatch, TicketFormat  # noqa: E402, F401 - models of this app, in their module
