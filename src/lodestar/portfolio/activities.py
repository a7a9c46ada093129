"""What the ICT strategy's programmes do, element by element (A/65/491 tables 1-4): each row a
programme element with its main activity, the progress reported for 2009-2010 and the plan for
2011-2013 with the time frame it reaches. Kept in its own module so models.py stays short; models.py
imports it, so Django sees it as a portfolio model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField


class ProgrammeActivity(TranslatedModelMixin, ChangeLoggedModel):
    """One element of a strategic programme (or of the ICT management framework) as a status table
    reports it. The plan is kept as printed, each planned step with its time frame in parentheses;
    ``horizon`` is the furthest time frame the plan names, so a list can be filtered by it."""

    class Horizon(models.TextChoices):
        # A/65/491 tables 1-4, footnote a: near term by 2011, medium term by 2012, long term 2012 or
        # beyond (overlapping as printed).
        NEAR = "near", _("Near term (by 2011)")
        MEDIUM = "medium", _("Medium term (by 2012)")
        LONG = "long", _("Long term (2012 or beyond)")

    programme = models.ForeignKey(
        "portfolio.Programme",
        verbose_name=_("strategic programme"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    element = TranslatedTextField(_("programme element"), max_length=300)
    activity = TranslatedTextField(_("main activity"), blank=True, textarea=True)
    progress = TranslatedTextField(_("progress to date"), blank=True, textarea=True)
    progress_period = models.CharField(_("progress period"), max_length=20, blank=True, default="2009-2010")
    plan = TranslatedTextField(_("plan"), blank=True, textarea=True)
    plan_period = models.CharField(_("plan period"), max_length=20, blank=True, default="2011-2013")
    horizon = models.CharField(_("furthest time frame"), max_length=10, choices=Horizon.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("e.g. A/65/491 table 2, ¶42-46")
    )

    scope_field = "programme__entity"

    class Meta:
        app_label = "portfolio"
        ordering = ["programme", "order", "pk"]
        verbose_name = _("programme activity")
        verbose_name_plural = _("programme activities")
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="portfolio_programmeactivity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} · {self.tr('element')}"
