"""Posts, post changes and the other personnel of a budget section."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check, identity
from lodestar.core.models import ChangeLoggedModel

from .sections import BudgetComponent, BudgetSection, Factor, Stage
from .vocabularies import FundingSource, Period


class Post(ChangeLoggedModel):
    """Posts of one category/grade, funding source and unit in one period and stage."""

    scope_field = "section__entity"

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
    component = models.ForeignKey(
        BudgetComponent, verbose_name=_("component"), null=True, blank=True, on_delete=models.PROTECT
    )
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "org.Entity",
        verbose_name=_("organisational unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Codes of the organisation's grade vocabulary (org.GradeCategory, org.Grade), checked in clean.
    category = models.CharField(
        _("category"),
        max_length=20,
        blank=True,
        help_text=_("A grade category of the organisation; empty to take the grade's."),
    )
    grade = models.CharField(
        _("grade"), max_length=20, blank=True, help_text=_("e.g. P-4, GS (OL); empty if not given")
    )
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    count = models.IntegerField(_("number of posts"))
    allocated = models.BooleanField(_("allocated"), default=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            identity(
                "section",
                "component",
                "funding_source",
                "unit",
                "category",
                "grade",
                "period",
                "stage",
                nullable=("component", "unit"),
                name="finance_post_identity",
            ),
            check(
                models.Q(count__gte=0),
                name="finance_post_count_not_negative",
                message=_("A number of posts cannot be negative; record a reduction as a post action."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.grade or self.category}"

    def clean(self) -> None:
        from ..validation import check_grade

        check_grade(self)


class PostAction(ChangeLoggedModel):
    """A post change: new, redeployed, abolished, reclassified or converted (signed count)."""

    scope_field = "section__entity"

    class Action(models.TextChoices):
        NEW = "new", _("New")
        REDEPLOYED = "redeployed", _("Redeployed")
        ABOLISHED = "abolished", _("Abolished")
        RECLASSIFIED = "reclassified", _("Reclassified")
        CONVERTED = "converted", _("Converted")

    section = models.ForeignKey(BudgetSection, verbose_name=_("budget section"), on_delete=models.CASCADE)
    component = models.ForeignKey(
        BudgetComponent, verbose_name=_("component"), null=True, blank=True, on_delete=models.PROTECT
    )
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "org.Entity",
        verbose_name=_("organisational unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit that receives the new or redeployed post."),
    )
    category = models.CharField(_("category"), max_length=20, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    factor = models.CharField(_("factor"), max_length=20, choices=Factor.choices, default=Factor.OTHER)
    count = models.IntegerField(
        _("change in posts"), help_text=_("Negative for posts abolished or moved out.")
    )

    class Meta:
        verbose_name = _("post action")
        verbose_name_plural = _("post actions")
        constraints = [
            identity(
                "section",
                "component",
                "funding_source",
                "unit",
                "category",
                "grade",
                "period",
                "action",
                "factor",
                nullable=("component", "unit"),
                name="finance_postaction_identity",
            ),
            check(
                ~models.Q(count=0),
                name="finance_postaction_count_not_zero",
                message=_("A post action changes at least one post (the count is not 0)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.count}"

    def clean(self) -> None:
        from ..validation import check_grade

        check_grade(self)
