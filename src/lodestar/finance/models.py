"""Budget dimensions shared by every domain that records money: funding sources, objects of
expenditure and periods. Budget facts, posts and the printed tables build on these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files, e.g. RB, XB, POSTS, 2024, 2010-2011.")


class FundingSource(TranslatedModelMixin, ChangeLoggedModel):
    """Regular budget, other assessed, extrabudgetary, support account, peacekeeping, capital…"""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular budget")
        OTHER_ASSESSED = "other_assessed", _("Other assessed")
        EXTRABUDGETARY = "extrabudgetary", _("Extrabudgetary")
        SUPPORT_ACCOUNT = "support_account", _("Support account for peacekeeping operations")
        PEACEKEEPING = "peacekeeping", _("Peacekeeping special accounts")
        CAPITAL = "capital", _("Capital")
        PROJECT = "project", _("Project (e.g. Umoja)")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=200)
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

    def __str__(self) -> str:
        return self.tr("name") or self.code


class ObjectOfExpenditure(TranslatedModelMixin, ChangeLoggedModel):
    """Posts, other staff costs, consultants, travel… rolled up to post and non-post."""

    class Category(models.TextChoices):
        POST = "post", _("Post")
        NON_POST = "non_post", _("Non-post")

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=200)
    category = models.CharField(_("main category"), max_length=10, choices=Category.choices)
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("object of expenditure")
        verbose_name_plural = _("objects of expenditure")

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
