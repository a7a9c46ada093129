"""Results-based programme plans: strategic frameworks and programme plans, their subprogrammes and
components, objectives, expected accomplishments and results, indicators with observations by year,
deliverables with planned and actual quantities, evaluations and legislative mandates.

Indicators and observations are generic: an indicator belongs to a result, a component or a plan
(all optional), so later domains (service and security metrics) reuse the same two models.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check
from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files and links, e.g. A78-29C-SP1-R1.")


class ProgrammePlan(TranslatedModelMixin, ScopedModel):
    """A strategic framework (biennial) or a programme plan (annual) of one programme."""

    class Kind(models.TextChoices):
        STRATEGIC_FRAMEWORK = "strategic_framework", _("Strategic framework")
        PROGRAMME_PLAN = "programme_plan", _("Programme plan and performance")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    symbol = models.CharField(_("document symbol"), max_length=60)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = TranslatedTextField(_("title"), max_length=500)
    programme = TranslatedTextField(_("programme"), max_length=300, blank=True)
    section = models.CharField(_("budget section"), max_length=20, blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-period_start", "code"]
        verbose_name = _("programme plan")
        verbose_name_plural = _("programme plans")

    def __str__(self) -> str:
        return f"{self.symbol} ({self.period_start}–{self.period_end})"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The last year is before the first year.")})


class Component(TranslatedModelMixin, ScopedModel):
    """A subprogramme, a component of a subprogramme, or executive direction; owned by the
    responsible unit."""

    class Kind(models.TextChoices):
        SUBPROGRAMME = "subprogramme", _("Subprogramme")
        COMPONENT = "component", _("Component")
        EXECUTIVE_DIRECTION = "executive_direction", _("Executive direction and management")

    plan = models.ForeignKey(
        ProgrammePlan, verbose_name=_("programme plan"), on_delete=models.CASCADE, related_name="components"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    number = models.CharField(_("number"), max_length=20, help_text=_("As printed, e.g. 5 or 5.1."))
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.SUBPROGRAMME)
    location = models.CharField(
        _("location"), max_length=40, blank=True, help_text=_("e.g. Headquarters, Geneva, Vienna, Nairobi")
    )
    title = TranslatedTextField(_("title"), max_length=300)
    strategy = TranslatedTextField(_("strategy"), blank=True, textarea=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("subprogramme or component")
        verbose_name_plural = _("subprogrammes and components")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('title')}"

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A component cannot be part of itself.")})


class Objective(TranslatedModelMixin, ScopedModel):
    """The objective (of the Organization) a subprogramme or component contributes to."""

    component = models.ForeignKey(
        Component,
        verbose_name=_("subprogramme or component"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    text = TranslatedTextField(_("objective"), textarea=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["component", "order", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.tr("text")[:100]


class StrategyItem(TranslatedModelMixin, ScopedModel):
    """One paragraph or lettered item of a strategy: of the programme as a whole (overall
    orientation, no component) or of a subprogramme or component, with its paragraph reference."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        EXPECTED_OUTCOME = "expected_outcome", _("Expected contribution to results")
        EXTERNAL_FACTOR = "external_factor", _("External factors and assumptions")

    plan = models.ForeignKey(
        ProgrammePlan,
        verbose_name=_("programme plan"),
        on_delete=models.CASCADE,
        related_name="strategy_items",
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("subprogramme or component"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="strategy_items",
        help_text=_("Blank for the overall orientation of the programme."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.STRATEGY)
    reference = models.CharField(
        _("paragraph"), max_length=40, help_text=_("As printed, e.g. 29C.21 (a) or 25.52.")
    )
    text = TranslatedTextField(_("text"), textarea=True)
    period = models.CharField(
        _("planned year or period"), max_length=20, blank=True, help_text=_("e.g. 2024 or 2018–2019.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "component", "order", "pk"]
        verbose_name = _("strategy item")
        verbose_name_plural = _("strategy items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="results_strategyitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.tr('text')[:80]}".strip()

    def clean(self) -> None:
        if self.component_id and self.plan_id and self.component.plan_id != self.plan_id:
            raise ValidationError({"component": _("The component belongs to another programme plan.")})


class TargetStatus(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Not known")


class Result(TranslatedModelMixin, ScopedModel):
    """An expected accomplishment (strategic framework) or a result (programme plan)."""

    class Kind(models.TextChoices):
        EXPECTED_ACCOMPLISHMENT = "expected_accomplishment", _("Expected accomplishment")
        PERFORMANCE = "performance", _("Programme performance")
        PLANNED_RESULT = "planned_result", _("Planned result")

    component = models.ForeignKey(
        Component,
        verbose_name=_("subprogramme or component"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    label = models.CharField(
        _("label"), max_length=30, blank=True, help_text=_("As printed, e.g. (a) or Result 1.")
    )
    title = TranslatedTextField(_("title"), textarea=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    narrative = TranslatedTextField(_("narrative"), blank=True, textarea=True)
    target_status = models.CharField(_("target"), max_length=10, choices=TargetStatus.choices, blank=True)
    reason = TranslatedTextField(_("reason the target was not met"), blank=True, textarea=True)
    lessons_learned = TranslatedTextField(_("lessons learned"), blank=True, textarea=True)
    planned_change = TranslatedTextField(_("planned change"), blank=True, textarea=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["component", "order", "code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.code} {self.label}".strip()

    def clean(self) -> None:
        if self.target_status != TargetStatus.NOT_MET and self.reason:
            raise ValidationError({"reason": _("Give a reason only for a target that was not met.")})


class Indicator(TranslatedModelMixin, ScopedModel):
    """A performance measure or indicator of achievement (or any metric) observed over time."""

    class Kind(models.TextChoices):
        PERFORMANCE_MEASURE = "performance_measure", _("Performance measure")
        INDICATOR_OF_ACHIEVEMENT = "indicator_of_achievement", _("Indicator of achievement")
        METRIC = "metric", _("Metric")

    class ValueType(models.TextChoices):
        NUMBER = "number", _("Number")
        TEXT = "text", _("Text")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        REDUCTION = "reduction", _("Reduction")
        THRESHOLD = "threshold", _("Threshold")
        BINARY = "binary", _("Achieved or not")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.PERFORMANCE_MEASURE)
    # What the indicator measures: any of these may be blank, so other domains can reuse it.
    plan = models.ForeignKey(
        ProgrammePlan,
        verbose_name=_("programme plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("subprogramme or component"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    result = models.ForeignKey(
        Result,
        verbose_name=_("result"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    label = models.CharField(_("label"), max_length=30, blank=True, help_text=_("As printed, e.g. (i)."))
    text = TranslatedTextField(_("measure"), textarea=True)
    unit = TranslatedTextField(_("unit"), max_length=100, blank=True)
    value_type = models.CharField(
        _("values"), max_length=10, choices=ValueType.choices, default=ValueType.TEXT
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices, blank=True)
    target = TranslatedTextField(_("target"), max_length=300, blank=True)
    cumulative = models.BooleanField(_("cumulative"), default=False)
    table_number = models.CharField(
        _("printed table or figure"), max_length=30, blank=True, help_text=_("e.g. 29C.3 or 29C.II")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.label}".strip()


class Observation(TranslatedModelMixin, ChangeLoggedModel):
    """One value of an indicator for one year: a baseline, a target, a planned or an actual value."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        TARGET = "target", _("Target")
        PLANNED = "planned", _("Planned")
        ACTUAL = "actual", _("Actual")

    class Met(models.TextChoices):
        YES = "yes", _("Met")
        NO = "no", _("Not met")
        UNKNOWN = "unknown", _("Not known")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    text = TranslatedTextField(_("text"), blank=True, textarea=True)
    met = models.CharField(_("target met"), max_length=10, choices=Met.choices, blank=True)
    reason = TranslatedTextField(_("reason"), blank=True, textarea=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_field = "indicator__entity"

    class Meta:
        ordering = ["indicator", "year", "kind"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "kind"], name="results_observation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year} · {self.get_kind_display()}"

    def clean(self) -> None:
        if self.met == self.Met.NO and not self.reason:
            raise ValidationError({"reason": _("Say why the target was not met.")})
        if self.met != self.Met.NO and self.reason:
            raise ValidationError({"reason": _("Give a reason only for a target that was not met.")})


class Deliverable(TranslatedModelMixin, ScopedModel):
    """A line of a deliverables table: a subcategory (whose quantities are the printed subtotal),
    a group heading, or a numbered item under a subcategory."""

    class Category(models.TextChoices):
        A = "A", _("A. Facilitation of the intergovernmental process and expert bodies")
        B = "B", _("B. Generation and transfer of knowledge")
        C = "C", _("C. Substantive deliverables")
        D = "D", _("D. Communication deliverables")
        E = "E", _("E. Enabling deliverables")

    class Role(models.TextChoices):
        SUBCATEGORY = "subcategory", _("Subcategory (subtotal)")
        HEADING = "heading", _("Heading")
        ITEM = "item", _("Item")

    plan = models.ForeignKey(
        ProgrammePlan, verbose_name=_("programme plan"), on_delete=models.CASCADE, related_name="deliverables"
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("subprogramme or component"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliverables",
        help_text=_("Blank for deliverables common to the whole programme."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("subcategory"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    category = models.CharField(_("category"), max_length=1, choices=Category.choices)
    role = models.CharField(_("line"), max_length=20, choices=Role.choices, default=Role.ITEM)
    number = models.CharField(_("number"), max_length=10, blank=True)
    text = TranslatedTextField(_("deliverable"), textarea=True)
    unit = TranslatedTextField(_("unit"), max_length=200, blank=True)
    note = TranslatedTextField(_("footnote"), blank=True, textarea=True)
    table_number = models.CharField(_("printed table"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "table_number", "order", "code"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return f"{self.code} {self.number}".strip()


class DeliverableQuantity(ChangeLoggedModel):
    """Planned or actual quantity of a deliverable in one year; blank means nil ("—")."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTUAL = "actual", _("Actual")

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="quantities"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_field = "deliverable__entity"

    class Meta:
        ordering = ["deliverable", "year", "-kind"]
        verbose_name = _("deliverable quantity")
        verbose_name_plural = _("deliverable quantities")
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "year", "kind"], name="results_quantity_unique"),
            check(
                models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
                name="results_quantity_not_negative",
                message=_("A quantity of deliverables cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} · {self.year} · {self.get_kind_display()}"


class Evaluation(TranslatedModelMixin, ScopedModel):
    """An evaluation or self-evaluation completed or planned, and how it informed the plan."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluation")
        SELF_EVALUATION = "self_evaluation", _("Self-evaluation")

    class Status(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        PLANNED = "planned", _("Planned")

    plan = models.ForeignKey(
        ProgrammePlan, verbose_name=_("programme plan"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.EVALUATION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.COMPLETED)
    subject = TranslatedTextField(_("subject"), textarea=True)
    findings = TranslatedTextField(_("findings and use"), blank=True, textarea=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "year", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.year} · {self.tr('subject')[:80]}"


class LegislativeMandate(TranslatedModelMixin, ScopedModel):
    """A General Assembly resolution (or other decision) that mandates the programme or a part of it."""

    plan = models.ForeignKey(
        ProgrammePlan, verbose_name=_("programme plan"), on_delete=models.CASCADE, related_name="mandates"
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("subprogramme or component"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    symbol = models.CharField(_("resolution"), max_length=60)
    section = TranslatedTextField(_("section"), max_length=100, blank=True)
    title = TranslatedTextField(_("title"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "component", "order", "symbol"]
        verbose_name = _("legislative mandate")
        verbose_name_plural = _("legislative mandates")

    def __str__(self) -> str:
        return self.symbol
