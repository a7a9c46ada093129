"""Project portfolio: strategic programmes, projects, milestones accepted on evidence, and status
declared by reporting period. Earned progress and completion integrity live in ``progress``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check, identity
from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

# A/65/491 Figure 8: benefits are realised only after one year of full operation.
BENEFIT_LAG_YEARS = 1

CODE_HELP = _("A short stable code used in import files and links, e.g. ICT-UNITE-SD.")


class Programme(TranslatedModelMixin, ScopedModel):
    """A strategic programme grouping projects, e.g. the ICT strategy (A/69/517)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    cost_share_formula = models.CharField(
        _("cost-sharing formula"),
        max_length=40,
        blank=True,
        help_text=_("The finance cost-sharing formula that splits the costs by source of funds, e.g. UMOJA."),
    )
    # A/65/491 tables 1-4 print the programme's goal and its objectives above the status table.
    goal = TranslatedTextField(_("goal"), blank=True, textarea=True)
    objectives = TranslatedTextField(
        _("objectives"), blank=True, textarea=True, help_text=_("One objective a line, as printed.")
    )

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
    # The finding of a review that the project answers (A/65/491 table 6: key findings -> projects).
    key_finding = TranslatedTextField(_("key finding it answers"), blank=True, textarea=True)
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
    # Added for the reference data (A/73/384 annex II, A/65/491): dates, manager, operations.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    project_manager = models.ForeignKey(
        "org.Person",
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operations_start = models.DateField(
        _("start of stable operations"),
        null=True,
        blank=True,
        help_text=_("Benefits are counted as realised only after one year of stable operation."),
    )
    transitioned_on = models.DateField(_("transitioned to operations on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)
    table_group = models.CharField(
        _("group in tables"),
        max_length=40,
        blank=True,
        help_text=_("Consecutive projects of the same group get a subtotal in the summary tables."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.waiver_body_id and not self.waiver_reason:
            raise ValidationError({"waiver_reason": _("A waiver needs a reason.")})

    @property
    def benefits_from(self) -> datetime.date | None:
        """The date from which benefits may be counted as realised: one year of stable operation
        (A/65/491 Figure 8)."""
        if self.operations_start is None:
            return None
        start = self.operations_start
        try:
            return start.replace(year=start.year + BENEFIT_LAG_YEARS)
        except ValueError:  # 29 February
            return start.replace(year=start.year + BENEFIT_LAG_YEARS, day=28)

    def target_met(self) -> bool | None:
        """True or False when known, None when there is no evidence either way."""
        from .progress import target_met  # the dashboard's totals apply it to plain values too

        return target_met(self.target_status, self.target_value, self.actual_value, self.lower_is_better)


class Milestone(TranslatedModelMixin, ChangeLoggedModel):
    """A milestone: counted in earned progress only once a central analyst accepted its evidence."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted for acceptance")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    class Reported(models.TextChoices):
        """The state the source document reported, kept apart from the accepted-with-evidence status."""

        NOT_REPORTED = "", _("Not reported")
        COMPLETED = "completed", _("Reported completed")
        IN_PROGRESS = "in_progress", _("Reported in progress")
        ON_HOLD = "on_hold", _("Reported on hold")

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
    reported_status = models.CharField(
        _("reported status"), max_length=20, choices=Reported.choices, blank=True, default=""
    )
    reported_in = models.CharField(_("reported in (document)"), max_length=60, blank=True)
    return_reason = TranslatedTextField(_("reason for return"), blank=True, textarea=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        # The inbox counts the milestones waiting at a step (workspace.inbox) by their status: with
        # the index, only those rows are read, not every milestone of the portfolio.
        indexes = [models.Index(fields=["status"], name="portfolio_milestone_status")]
        constraints = [
            check(
                models.Q(weight__lte=100),
                name="portfolio_milestone_weight_percent",
                message=_("A weight is between 0 and 100."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.tr('name')}"

    def has_evidence(self) -> bool:
        """A link or at least one attached file (ADR 0007): either is enough to accept."""
        if self.evidence_link:
            return True
        if self.pk is None:
            return False
        from lodestar.core.attachments import attachments_for

        return attachments_for(self).exists()

    def clean(self) -> None:
        if self.status == self.Status.ACCEPTED and not self.has_evidence():
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
    printed_status = TranslatedTextField(
        _("status as printed"),
        blank=True,
        textarea=True,
        help_text=_("The report's own wording of the status, kept verbatim."),
    )
    transitioned = models.BooleanField(
        _("completed and transitioned to operations"),
        default=False,
        help_text=_("The report counts the project as completed and transitioned to operations."),
    )

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "period"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="portfolio_statusreport_unique"),
            check(
                models.Q(declared_percent__isnull=True)
                | models.Q(declared_percent__gte=0, declared_percent__lte=100),
                name="portfolio_statusreport_percent",
                message=_("A percentage is between 0 and 100."),
            ),
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


# -- phases, costs, benefits, change requests, printed figures ------------------------------------


class ProjectPhase(TranslatedModelMixin, ChangeLoggedModel):
    """A phase or work stream of a project, with its own dates, cost and (where a report gives one per
    phase, e.g. disaster recovery in A/73/384) its own declared percentage."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = TranslatedTextField(_("name"), max_length=300)
    description = TranslatedTextField(_("description"), blank=True, textarea=True)
    start = models.DateField(_("start date"), null=True, blank=True)
    end = models.DateField(_("completion date"), null=True, blank=True)
    cost = models.BigIntegerField(
        _("cost (US dollars)"), null=True, blank=True, help_text=_("As the document gives it; empty if not.")
    )
    declared_percent = models.DecimalField(
        # xgettext:no-python-format
        _("declared % complete"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("project phase")
        verbose_name_plural = _("project phases")
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="portfolio_phase_unique"),
            check(
                models.Q(declared_percent__isnull=True)
                | models.Q(declared_percent__gte=0, declared_percent__lte=100),
                name="portfolio_phase_percent",
                message=_("A percentage is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.tr('name')}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The phase ends before it starts.")})
        if self.declared_percent is not None and not (0 <= self.declared_percent <= 100):
            raise ValidationError({"declared_percent": _("A percentage is between 0 and 100.")})


class ProjectCost(ChangeLoggedModel):
    """One cost of a project in whole US dollars: object of expenditure × period (biennium) ×, where
    known, source of funds. Row, column and project totals are computed from these."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="costs"
    )
    object = models.ForeignKey(
        "finance.ObjectOfExpenditure", verbose_name=_("object of expenditure"), on_delete=models.PROTECT
    )
    period = models.ForeignKey("finance.Period", verbose_name=_("period"), on_delete=models.PROTECT)
    funding_source = models.ForeignKey(
        "finance.FundingSource",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty where the split by source follows the programme's cost-sharing formula."),
    )
    amount = models.BigIntegerField(_("amount (US dollars)"))

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "period", "object"]
        verbose_name = _("project cost")
        verbose_name_plural = _("project costs")
        constraints = [
            identity(
                "project",
                "object",
                "period",
                "funding_source",
                nullable=("funding_source",),
                name="portfolio_cost_identity",
            )
        ]

    def __str__(self) -> str:
        from lodestar.core.formatting import format_integer

        return f"{self.project} · {self.object} · {self.period}: {format_integer(self.amount)}"


class CostBaseline(ChangeLoggedModel):
    """A part of the current annual cost of what a business case replaces, as the document states it
    (A/65/491 ¶132: service desks cost about 135 million a year, 95.4 labour + 39.6 equipment, with
    835 FTE = 618 staff + 217 contractors; ¶160: data centres about 104 million, 552 FTE). The totals
    are computed from the parts; the totals as printed are PrintedCell rows (table "baselines")."""

    class Part(models.TextChoices):
        LABOUR = "labour", _("Labour (millions of US dollars a year)")
        EQUIPMENT = "equipment", _("Equipment (millions of US dollars a year)")
        STAFF = "staff", _("Staff (full-time equivalents)")
        CONTRACTORS = "contractors", _("Contractors (full-time equivalents)")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="cost_baselines"
    )
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=1)
    where = models.CharField(_("stated in"), max_length=60, blank=True)

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "part"]
        verbose_name = _("cost baseline")
        verbose_name_plural = _("cost baselines")
        constraints = [
            models.UniqueConstraint(fields=["project", "part"], name="portfolio_costbaseline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_part_display()}"


class Benefit(TranslatedModelMixin, ChangeLoggedModel):
    """An expected annual benefit of a project by category, as a low–high range in whole US dollars.
    "Not estimated" (A/65/491 ¶115 footnote a) is kept as such, never as zero."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="benefits"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    category = TranslatedTextField(_("category"), max_length=200)
    estimated = models.BooleanField(
        _("quantitatively estimated"),
        default=True,
        help_text=_("Untick where the document says the benefit is hard to quantify."),
    )
    low = models.BigIntegerField(_("low estimate (US dollars a year)"), null=True, blank=True)
    high = models.BigIntegerField(_("high estimate (US dollars a year)"), null=True, blank=True)
    description = TranslatedTextField(_("qualitative description"), blank=True, textarea=True)
    realised = models.BigIntegerField(
        _("realised (US dollars a year)"),
        null=True,
        blank=True,
        help_text=_("Only after one year of stable operation of the project."),
    )
    realised_as_of = models.DateField(_("realised as of"), null=True, blank=True)

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self) -> str:
        return f"{self.project} · {self.tr('category')}"

    def clean(self) -> None:
        if self.estimated and (self.low is None or self.high is None):
            raise ValidationError(_("An estimated benefit has a low and a high figure."))
        if not self.estimated and (self.low is not None or self.high is not None):
            raise ValidationError(_("A benefit that is not estimated has no figures (not zero)."))
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError({"high": _("The high estimate is below the low one.")})
        self._clean_realised()

    def _clean_realised(self) -> None:
        """A benefit counts as realised only after a year of stable operation (A/65/491 Figure 8)."""
        if self.realised is None and self.realised_as_of is None:
            return
        if self.realised is None or self.realised_as_of is None:
            raise ValidationError(_("A realised benefit has an amount and the date it was measured."))
        if self.realised < 0:
            raise ValidationError({"realised": _("A realised benefit is not negative.")})
        counted_from = self.project.benefits_from if self.project_id else None
        if counted_from is None:
            raise ValidationError(
                {"realised": _("Record the project's start of stable operations before realised benefits.")}
            )
        if self.realised_as_of < counted_from:
            raise ValidationError(
                {
                    "realised_as_of": _(
                        "Benefits count as realised only after one year of stable operation, from %(date)s."
                    )
                    % {"date": date_format(counted_from)}
                }
            )


class ChangeRequest(TranslatedModelMixin, ChangeLoggedModel):
    """A change of scope, schedule or cost approved by a governance body on a date."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="change_requests"
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    description = TranslatedTextField(_("description"), textarea=True)
    scope_change = TranslatedTextField(_("change of scope"), blank=True, textarea=True)
    previous_end = models.DateField(_("completion date before"), null=True, blank=True)
    new_end = models.DateField(_("completion date after"), null=True, blank=True)
    cost_delta = models.BigIntegerField(_("change in cost (US dollars)"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "org.GovernanceBody",
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    document = models.CharField(_("reported in"), max_length=60, blank=True)

    scope_field = "project__entity"

    class Meta:
        ordering = ["project", "approved_on", "pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self) -> str:
        return f"{self.project} · {self.reference or self.pk}"

    @property
    def schedule_delta_days(self) -> int | None:
        if self.previous_end is None or self.new_end is None:
            return None
        return (self.new_end - self.previous_end).days


class PrintedCell(ChangeLoggedModel):
    """A figure as a portfolio document prints it (a table cell or a number in the narrative), kept
    beside the one computed from the stored facts; differences are findings of PRJ-PRINTED.
    (finance.PrintedFigure belongs to a budget section; these belong to a programme.)"""

    programme = models.ForeignKey(
        Programme, verbose_name=_("strategic programme"), on_delete=models.CASCADE, related_name="+"
    )
    document = models.CharField(_("document symbol"), max_length=60)
    table_number = models.CharField(_("table"), max_length=30)
    row = models.CharField(_("row key"), max_length=60)
    column = models.CharField(_("column key"), max_length=60)
    value = models.DecimalField(_("printed value"), max_digits=18, decimal_places=2)
    unit = models.CharField(
        _("unit"),
        max_length=12,
        default="thousands",
        help_text=_("thousands, millions, units, percent or count"),
    )
    where = models.CharField(
        _("printed in"), max_length=60, blank=True, help_text=_("e.g. ¶132 when the figure is in the text")
    )

    scope_field = "programme__entity"

    class Meta:
        ordering = ["document", "table_number", "row", "column"]
        verbose_name = _("printed portfolio figure")
        verbose_name_plural = _("printed portfolio figures")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "table_number", "row", "column"], name="portfolio_printed_unique"
            )
        ]

    def __str__(self) -> str:
        from lodestar.documents.tables import printed_name

        return printed_name(self)  # no import keys: the headings, on its page (documents.tables)


# Its own module (models.py stays short); imported here so Django sees it as a portfolio model.
from .activities import ProgrammeActivity  # noqa: E402, F401
