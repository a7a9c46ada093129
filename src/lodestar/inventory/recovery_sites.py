"""Disaster recovery (DRC) sites and exercises: which site recovers which (DRC-E06; A/65/491 ¶66,
¶71, ¶76, ¶78, figure III), and the business-continuity / organisational-resilience exercises a
continuity unit runs (DRC-E07; A/71/6 (Prog. 25) ¶25.51). Where a source gives a period rather than
a date (an annual exercise of a biennium), the period is kept as printed and the date left empty.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check
from lodestar.core.models import ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

from .models import CODE_HELP, Facility


class DrSitePairing(TranslatedModelMixin, ScopedModel):
    """A primary site and the site that recovers it. ``mutual`` when each recovers the other (the
    two enterprise data centres, A/65/491 ¶71)."""

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    primary = models.ForeignKey(
        Facility, verbose_name=_("primary site"), on_delete=models.PROTECT, related_name="+"
    )
    secondary = models.ForeignKey(
        Facility,
        verbose_name=_("secondary or recovery site"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mutual = models.BooleanField(
        _("mutual"), default=False, help_text=_("Each site is the other's recovery site.")
    )
    protected = TranslatedTextField(_("what is protected or hosted"), max_length=1000, blank=True)
    services_to = models.CharField(_("recovery services to other organisations"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("DR site pairing")
        verbose_name_plural = _("DR site pairings")
        constraints = [
            models.UniqueConstraint(fields=["primary", "secondary"], name="inventory_drsitepairing_unique"),
            check(
                ~models.Q(primary=models.F("secondary")),
                name="inventory_drsitepairing_distinct",
                message=_("A site cannot be its own recovery site."),
            ),
        ]

    def __str__(self) -> str:
        arrow = "↔" if self.mutual else "→"
        return f"{self.primary.code} {arrow} {self.secondary.code}"


class ResilienceExercise(TranslatedModelMixin, ScopedModel):
    """A business-continuity / organisational-resilience exercise: a test of the organisational
    resilience management system (ORMS), an emergency-management simulation or crisis training for
    decision makers."""

    class Kind(models.TextChoices):
        ORMS_TEST = "orms_test", _("ORMS test")
        SIMULATION = "simulation", _("Emergency management simulation")
        CRISIS_TRAINING = "crisis_training", _("Crisis decision-maker training")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = TranslatedTextField(_("description"), max_length=1000, blank=True)
    location = TranslatedTextField(_("location"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    period = models.CharField(
        _("period as printed"),
        max_length=100,
        blank=True,
        help_text=_("When the source gives a period or a year rather than a date."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("resilience exercise")
        verbose_name_plural = _("resilience exercises")

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else self.period
        return f"{self.code} · {self.get_kind_display()} · {when}"

    def clean(self) -> None:
        if self.date is None and not self.period.strip():
            raise ValidationError({"period": _("Give the date or the period the source prints.")})
