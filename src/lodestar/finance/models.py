"""Budget dimensions shared by every domain that records money: funding sources, objects of
expenditure and periods. Budget facts, posts and the printed tables build on these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.constraints import check, identity
from lodestar.core.models import ChangeLoggedModel, OrganisationOwnedModel, ScopedModel
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


# -- budget sections, facts, changes, posts -------------------------------------------------------


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
        indexes = [models.Index(fields=["section", "stage", "period"])]
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
        from .validation import check_vocabulary

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
        from .validation import check_vocabulary

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
        from .validation import check_grade

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
        from .validation import check_grade

        check_grade(self)


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
