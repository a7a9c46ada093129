"""Budget sections and their components, and the stages and change factors of their figures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField


class BudgetSection(TranslatedModelMixin, ScopedModel):
    """A budget section (e.g. section 29C, OICT) of one budget document, owned by an entity."""

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("e.g. A78-29C"))
    symbol = models.CharField(_("document symbol"), max_length=60, help_text=_("e.g. A/78/6 (Sect. 29C)"))
    number = models.CharField(_("section number"), max_length=20, blank=True, help_text=_("e.g. 29C"))
    title = TranslatedTextField(_("title"), max_length=300)
    budget_year = models.PositiveSmallIntegerField(
        _("budget year"), help_text=_("The year proposed, e.g. 2024.")
    )

    class Meta:
        ordering = ["symbol", "code"]
        verbose_name = _("budget section")
        verbose_name_plural = _("budget sections")

    def __str__(self) -> str:
        return f"{self.symbol} {self.tr('title')}".strip()


class BudgetComponent(TranslatedModelMixin, ChangeLoggedModel):
    """Executive direction and management, a subprogramme of the programme of work, or programme
    support."""

    scope_field = "section__entity"

    class Part(models.TextChoices):
        EDM = "edm", _("Executive direction and management")
        PROGRAMME = "programme", _("Programme of work")
        SUPPORT = "support", _("Programme support")

    section = models.ForeignKey(
        BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE, related_name="components"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_("e.g. 1 for subprogramme 1")
    )
    title = TranslatedTextField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)

    class Meta:
        ordering = ["section", "order", "code"]
        verbose_name = _("budget component")
        verbose_name_plural = _("budget components")

    def __str__(self) -> str:
        return self.tr("title") or self.code

    def clean(self) -> None:
        if self.part == self.Part.PROGRAMME and not self.number:
            raise ValidationError({"number": _("A subprogramme has a number.")})


class Stage(models.TextChoices):
    EXPENDITURE = "expenditure", _("Expenditure")
    APPROPRIATION = "appropriation", _("Appropriation")
    ESTIMATE = "estimate", _("Estimate")
    BEFORE_RECOSTING = "before_recosting", _("Estimate before recosting")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    ANNUALISED = "annualised", _("Annualised")
    REVISED = "revised", _("Revised")


class Factor(models.TextChoices):
    TECHNICAL = "technical", _("Technical adjustments")
    NEW_MANDATES = "new_mandates", _("New and expanded mandates")
    OTHER = "other", _("Other changes")
