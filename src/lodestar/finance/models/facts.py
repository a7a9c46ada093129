"""The figures of a budget section: facts, resource changes and the narrative's change explanations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import identity
from lodestar.core.models import ChangeLoggedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

from .sections import BudgetComponent, BudgetSection, Factor, Stage
from .vocabularies import DepartmentGroup, FundingSource, ObjectOfExpenditure, Period


class BudgetFact(ChangeLoggedModel):
    """One figure in whole US dollars: section × component × funding source × object × period × stage.
    Totals, subtotals and percentages are computed from these, never stored."""

    scope_field = "section__entity"

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
    component = models.ForeignKey(
        BudgetComponent, verbose_name=_("component"), null=True, blank=True, on_delete=models.PROTECT
    )
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    object = models.ForeignKey(
        ObjectOfExpenditure,
        verbose_name=_("object of expenditure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty where the document gives no breakdown by object."),
    )
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    measure = models.CharField(
        _("measure"),
        max_length=10,
        choices=[("ict", _("ICT resources")), ("total", _("Total budget of the source"))],
        default="ict",
        help_text=_("The whole budget of a funding source is kept to compute the ICT share of it."),
    )
    group = models.ForeignKey(
        DepartmentGroup,
        verbose_name=_("department group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Where the document gives the figure by department or office (e.g. A/65/491 annex I)."),
    )
    amount = models.BigIntegerField(_("amount (US dollars)"))
    allocated = models.BooleanField(
        _("allocated"),
        default=False,
        help_text=_("The document gives only the row and column totals; this cell is an allocation of them."),
    )

    class Meta:
        verbose_name = _("budget fact")
        verbose_name_plural = _("budget facts")
        indexes = [
            models.Index(fields=["section", "stage", "period"]),
            # The budget tables' one grouped read of a section (documents/cube.py): every column it
            # reads, in its GROUP BY order, so that the database sums from the index alone, in order.
            models.Index(
                fields=[
                    "section",
                    "measure",
                    "component",
                    "funding_source",
                    "object",
                    "period",
                    "stage",
                    "amount",
                ],
                name="finance_fact_cube",
            ),
        ]
        constraints = [
            identity(
                "section",
                "component",
                "group",
                "funding_source",
                "object",
                "period",
                "stage",
                "measure",
                nullable=("component", "group", "object"),
                name="finance_fact_identity",
            )
        ]

    def __str__(self) -> str:
        # The dimensions by their names (their ids mean nothing to a reader of the change log).
        parts = [self.section.code, self.component, self.funding_source, self.object, self.period]
        return f"{' · '.join(str(p) for p in parts if p)} ({self.get_stage_display()})"

    def clean(self) -> None:
        from ..validation import check_vocabulary

        check_vocabulary(self)


class ResourceChange(TranslatedModelMixin, ChangeLoggedModel):
    """A change between the base year and the proposal, by factor, with its explanation and mandate."""

    scope_field = "section__entity"

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
    component = models.ForeignKey(
        BudgetComponent, verbose_name=_("component"), null=True, blank=True, on_delete=models.PROTECT
    )
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    object = models.ForeignKey(
        ObjectOfExpenditure,
        verbose_name=_("object of expenditure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT)
    factor = models.CharField(_("factor"), max_length=20, choices=Factor.choices)
    amount = models.BigIntegerField(_("amount (US dollars)"))
    allocated = models.BooleanField(_("allocated"), default=False)

    class Meta:
        verbose_name = _("resource change")
        verbose_name_plural = _("resource changes")
        # The budget tables' grouped read of a section's changes for one year (documents/cube.py).
        indexes = [
            models.Index(
                fields=["section", "period", "component", "funding_source", "object", "factor", "amount"],
                name="finance_change_cube",
            )
        ]
        constraints = [
            identity(
                "section",
                "component",
                "funding_source",
                "object",
                "period",
                "factor",
                nullable=("component", "object"),
                name="finance_change_identity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_factor_display()} {self.amount}"

    def clean(self) -> None:
        from ..validation import check_vocabulary

        check_vocabulary(self)


class ChangeExplanation(TranslatedModelMixin, ChangeLoggedModel):
    """A paragraph of the variance narrative giving an amount, reconciled against the table lines."""

    scope_field = "section__entity"

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
    paragraph = models.CharField(_("paragraph"), max_length=30, help_text=_("e.g. 29C.64 (a)"))
    component = models.ForeignKey(
        BudgetComponent, verbose_name=_("component"), null=True, blank=True, on_delete=models.PROTECT
    )
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for the regular budget, whose changes are given by factor."),
    )
    object = models.ForeignKey(
        ObjectOfExpenditure,
        verbose_name=_("object of expenditure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    factor = models.CharField(_("factor"), max_length=20, choices=Factor.choices, blank=True)
    amount = models.BigIntegerField(_("amount (US dollars)"))
    text = TranslatedTextField(_("explanation"), max_length=2000, blank=True)
    mandate = models.CharField(
        _("mandate"), max_length=100, blank=True, help_text=_("e.g. resolution 77/250")
    )
    reconcile = models.BooleanField(
        _("reconcile"),
        default=True,
        help_text=_("Compare this amount, summed with the others of the same line, with the table."),
    )

    class Meta:
        ordering = ["section", "paragraph", "pk"]
        verbose_name = _("change explanation")
        verbose_name_plural = _("change explanations")

    def __str__(self) -> str:
        return f"¶{self.paragraph}"
