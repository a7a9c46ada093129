"""Budget dimensions shared by every domain that records money: funding sources, objects of
expenditure, periods and department groups."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, OrganisationOwnedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files, e.g. RB, XB, POSTS, 2024, 2010-2011.")


class FundingSource(TranslatedModelMixin, OrganisationOwnedModel):
    """Regular budget, other assessed, extrabudgetary, support account, peacekeeping, capital… of one
    organisation. The tables find the regular budget by its kind, never by its code, and number the
    sources they print in their order."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular budget")
        OTHER_ASSESSED = "other_assessed", _("Other assessed")
        EXTRABUDGETARY = "extrabudgetary", _("Extrabudgetary")
        SUPPORT_ACCOUNT = "support_account", _("Support account for peacekeeping operations")
        PEACEKEEPING = "peacekeeping", _("Peacekeeping special accounts")
        CAPITAL = "capital", _("Capital")
        PROJECT = "project", _("Project (e.g. Umoja)")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=200)
    table_label = TranslatedTextField(
        _("label in tables"),
        max_length=200,
        blank=True,
        help_text=_("The heading of the source in the budget tables, after its number; the name if empty."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="finance_fundingsource_code_unique")
        ]

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.organisation_id and self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The source is part of a source of another organisation.")})

    def __str__(self) -> str:
        return self.tr("name") or self.code


class ObjectOfExpenditure(TranslatedModelMixin, OrganisationOwnedModel):
    """Posts, other staff costs, consultants, travel… rolled up to post and non-post."""

    class Category(models.TextChoices):
        POST = "post", _("Post")
        NON_POST = "non_post", _("Non-post")

    code = models.CharField(_("code"), max_length=40, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=200)
    category = models.CharField(_("main category"), max_length=10, choices=Category.choices)
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("object of expenditure")
        verbose_name_plural = _("objects of expenditure")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="finance_object_code_unique")
        ]

    def __str__(self) -> str:
        return self.tr("name") or self.code


class Period(ChangeLoggedModel):
    """A calendar year, a biennium, a July–June peacekeeping year or a quarter."""

    class Kind(models.TextChoices):
        YEAR = "year", _("Calendar year")
        BIENNIUM = "biennium", _("Biennium")
        PEACEKEEPING_YEAR = "peacekeeping_year", _("Peacekeeping year (July–June)")
        QUARTER = "quarter", _("Quarter")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["start", "end"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The period ends before it starts.")})

    @property
    def years(self) -> float:
        return ((self.end - self.start).days + 1) / 365.25

    @classmethod
    def year_bounds(cls, year: int) -> tuple[datetime.date, datetime.date]:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class DepartmentGroup(TranslatedModelMixin, OrganisationOwnedModel):
    """A department, office or group of them as a document reports it (A/65/491 annexes I and II:
    "Department of Field Support and field missions", "Other Headquarters departments"). Linked to
    the entity it is, or is led by, where the organisation tree has one; a group with no single
    entity ("Other Headquarters departments", "Regional commissions") has none."""

    code = models.CharField(_("code"), max_length=40, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    entity = models.ForeignKey(
        "org.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The entity the group is, or is led by; empty for a group of several."),
    )
    members = TranslatedTextField(
        _("members"), max_length=500, blank=True, help_text=_("What the document counts in the group.")
    )
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("department group")
        verbose_name_plural = _("department groups")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="finance_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.tr("name") or self.code
