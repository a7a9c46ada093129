"""Baseline snapshots: the key ICT figures of a scope as at a date, computed from the accepted
submissions of a data call, frozen when approved and kept to compare with the next snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

# models.py defines the vocabularies before it imports this module.
from .models import FunctionalArea, Group, Measure, Quality


class BaselineSnapshot(TranslatedModelMixin, ScopedModel):
    """The figures of the owning entity and everything below it, as at a date."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = TranslatedTextField(_("name"), max_length=300)
    as_of = models.DateField(_("as at"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("data call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The figures come from this data call's accepted submissions."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("compared with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-as_of", "code"]
        verbose_name = _("baseline snapshot")
        verbose_name_plural = _("baseline snapshots")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class BaselineValue(ChangeLoggedModel):
    """One computed figure of a snapshot, with its data-quality flag."""

    snapshot = models.ForeignKey(BaselineSnapshot, on_delete=models.CASCADE, related_name="values")
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    group = models.CharField(_("group of entities"), max_length=30, choices=Group.choices)
    area = models.CharField(_("functional area"), max_length=30, choices=FunctionalArea.choices, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    quality = models.CharField(_("data quality"), max_length=10, choices=Quality.choices)

    scope_field = "snapshot__entity"

    class Meta:
        ordering = ["snapshot", "measure", "area", "group"]
        verbose_name = _("baseline value")
        verbose_name_plural = _("baseline values")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "measure", "group", "area"], name="inventory_baselinevalue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.code} · {self.measure} · {self.group} · {self.value}"
