"""Figures as a document prints them, cost-sharing formulas and personnel counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check, identity
from lodestar.core.models import ChangeLoggedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

from .sections import BudgetSection
from .vocabularies import DepartmentGroup, FundingSource


class PrintedFigure(ChangeLoggedModel):
    """A figure as the document prints it where it differs from the one computed from the facts."""

    scope_field = "section__entity"

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
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

    class Meta:
        ordering = ["document", "table_number", "row", "column"]
        verbose_name = _("printed figure")
        verbose_name_plural = _("printed figures")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "table_number", "row", "column"], name="finance_printed_unique"
            )
        ]

    def __str__(self) -> str:
        from lodestar.documents.tables import printed_name

        return printed_name(self)  # no import keys: the headings, on its page (documents.tables)


class CostShare(TranslatedModelMixin, ChangeLoggedModel):
    """One funding source's share of a cost-sharing formula (e.g. Umoja: 15 % regular budget, 62 %
    support account, 23 % programme support); the shares of a formula add to 100."""

    formula = models.CharField(_("formula"), max_length=40, help_text=_("e.g. UMOJA-2010"))
    name = TranslatedTextField(_("name"), max_length=200, blank=True)
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    share = models.DecimalField(_("share (per cent)"), max_digits=5, decimal_places=2)

    organisation_field = "funding_source__organisation"  # a formula of the source's organisation

    class Meta:
        ordering = ["formula", "funding_source__order"]
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        constraints = [
            models.UniqueConstraint(fields=["formula", "funding_source"], name="finance_costshare_unique"),
            check(
                models.Q(share__gte=0, share__lte=100),
                name="finance_costshare_share_percent",
                message=_("A share is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        from lodestar.core.formatting import format_percent

        return f"{self.formula}: {self.funding_source} {format_percent(self.share)} %"


class PersonnelCount(ChangeLoggedModel):
    """People working in ICT at a date, by department group, kind and category: staff on posts and
    the non-post personnel (general temporary assistance, contractors, consultants, volunteers) that
    the Post model cannot hold (see docs/decisions/0008-personnel.md)."""

    scope_field = "section__entity"

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff on posts")
        GTA = "gta", _("General temporary assistance")
        CONTRACTOR = "contractor", _("Contractual personnel")
        CONSULTANT = "consultant", _("Consultants")
        UNV = "unv", _("United Nations Volunteers")

    class Category(models.TextChoices):
        ASG = "asg", _("Assistant Secretary-General")
        DIRECTOR = "d", _("Director")
        PROFESSIONAL = "p", _("Professional and above")
        FIELD = "fs_l", _("Field Service and project personnel")
        GENERAL = "gs", _("General Service and related")
        LOCAL = "local", _("Local staff")

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
    group = models.ForeignKey(
        DepartmentGroup, verbose_name=_("department group"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    as_at = models.DateField(_("as at"))
    count = models.PositiveIntegerField(_("number of people"))
    source = models.CharField(_("source"), max_length=60, blank=True, help_text=_("e.g. annex II, para. 198"))

    class Meta:
        ordering = ["section", "as_at", "group__order", "kind", "category"]
        verbose_name = _("personnel count")
        verbose_name_plural = _("personnel counts")
        constraints = [
            identity(
                "section",
                "group",
                "kind",
                "category",
                "as_at",
                nullable=("group",),
                name="finance_personnel_identity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_kind_display()} {self.category}".strip()
