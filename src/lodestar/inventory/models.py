"""The ICT inventory of an entity (A/65/491 ¶102: "no underlying system to track ICT assets"):
applications, websites, data centres and server rooms, servers, end-user devices, local service
desks, contracts, ICT personnel and ICT expenditure. Every record is owned by an entity, so focal
points keep their own and a data call's accepted spreadsheet becomes these records.

Where a source gives only a count for a group of entities, the count is stored as an aggregate
(``baseline.AggregateFigure``), never as invented detail records.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files and links, e.g. UNHQ-APP-0001.")


class Facility(TranslatedModelMixin, ScopedModel):
    """A data centre or server room (A/65/491 ¶151: 211 = 34 data centres + 177 server rooms). Which
    site recovers which is a DrSitePairing (recovery_sites.py)."""

    class Kind(models.TextChoices):
        ENTERPRISE_DATA_CENTRE = "enterprise_data_centre", _("Enterprise data centre")
        PRIMARY_DATA_CENTRE = "primary_data_centre", _("Primary data centre")
        SECONDARY_DATA_CENTRE = "secondary_data_centre", _("Secondary data centre")
        DUTY_STATION_DATA_CENTRE = "duty_station_data_centre", _("Duty-station data centre")
        SERVER_ROOM = "server_room", _("Local server room")

    class Operator(models.TextChoices):
        IN_HOUSE = "in_house", _("Operated by the entity")
        ENTERPRISE = "enterprise", _("Operated by the central ICT office")
        COMMERCIAL = "commercial", _("Commercial provider")
        OTHER_ORGANISATION = "other_organisation", _("Another organisation (e.g. UNICC)")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=30, choices=Operator.choices, blank=True)
    leased = models.BooleanField(_("leased"), default=False)
    lease_end = models.DateField(_("lease ends"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("data centre or server room")
        verbose_name_plural = _("data centres and server rooms")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"

    @property
    def is_data_centre(self) -> bool:
        return self.kind != self.Kind.SERVER_ROOM

    def clean(self) -> None:
        if self.lease_end and not self.leased:
            raise ValidationError({"lease_end": _("Only a leased facility has a lease end date.")})


class Application(TranslatedModelMixin, ScopedModel):
    """An application of the portfolio (INV-E05): 1,994 in 2010, 2,340 in 2014, 1,140 in 2018."""

    class Scope(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        DEPARTMENTAL = "departmental", _("Departmental")
        LOCAL = "local", _("Local")

    class Hosting(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise data centre")
        DUTY_STATION = "duty_station", _("Duty-station data centre")
        EXTERNAL = "external", _("External (cloud or provider)")

    class Lifecycle(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        MIGRATED = "migrated", _("Migrated")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")

    class Disposition(models.TextChoices):
        # Gartner's TIME model, used to rationalise the portfolio.
        TOLERATE = "tolerate", _("Tolerate")
        INVEST = "invest", _("Invest")
        MIGRATE = "migrate", _("Migrate")
        ELIMINATE = "eliminate", _("Eliminate")

    class Criticality(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    hosting = models.CharField(_("hosting"), max_length=20, choices=Hosting.choices, blank=True)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("hosting facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    status = models.CharField(
        _("lifecycle status"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.ACTIVE
    )
    disposition = models.CharField(
        _("TIME disposition"), max_length=20, choices=Disposition.choices, blank=True
    )
    criticality = models.CharField(_("criticality"), max_length=20, choices=Criticality.choices, blank=True)
    rto_hours = models.PositiveIntegerField(_("recovery time objective (hours)"), null=True, blank=True)
    rpo_hours = models.PositiveIntegerField(_("recovery point objective (hours)"), null=True, blank=True)
    duplicate_group = models.CharField(
        _("duplicate-purpose group"),
        max_length=100,
        blank=True,
        help_text=_(
            "Applications serving the same purpose share a group name, so duplicates can be retired."
        ),
    )
    global_service_desk = models.BooleanField(_("supported by the global service desk"), default=False)
    integration_platform = models.BooleanField(_("on the integration platform"), default=False)
    registered = models.BooleanField(_("registered in the application register"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        # Covers the portfolio's counts (by entity, status, disposition and scope) without the table;
        # SQLite prefers a lone disposition index to it, so there is none.
        indexes = [
            models.Index(
                fields=["entity", "status", "disposition", "scope"], name="inventory_app_portfolio_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"

    def clean(self) -> None:
        if self.facility_id and not self.hosting:
            raise ValidationError(
                {"hosting": _("Say how the application is hosted when a facility is named.")}
            )


class Website(TranslatedModelMixin, ScopedModel):
    """A website (INV-E06) with its compliance in the five areas and who validated it, when."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")

    class Tier(models.TextChoices):
        TIER_1 = "1", _("Tier 1")
        TIER_2 = "2", _("Tier 2")
        TIER_3 = "3", _("Tier 3")
        TIER_4 = "4", _("Tier 4")

    class Compliance(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        PARTIAL = "partial", _("Partly compliant")
        NON_COMPLIANT = "non_compliant", _("Not compliant")
        NOT_ASSESSED = "not_assessed", _("Not assessed")

    url = models.URLField(_("address"), max_length=300, unique=True)
    name = TranslatedTextField(_("name"), max_length=300)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    tier = models.CharField(_("harmonisation tier"), max_length=1, choices=Tier.choices, blank=True)
    technology = models.CharField(
        _("technical standards"), max_length=20, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    branding = models.CharField(
        _("branding"), max_length=20, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    multilingualism = models.CharField(
        _("multilingualism"), max_length=20, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    security = models.CharField(
        _("security"), max_length=20, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    accessibility = models.CharField(
        _("accessibility"), max_length=20, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    last_validated = models.DateField(_("last validated"), null=True, blank=True)
    validator = models.CharField(_("validated by"), max_length=200, blank=True)

    AREAS = ("technology", "branding", "multilingualism", "security", "accessibility")

    class Meta:
        ordering = ["url"]
        verbose_name = _("website")
        verbose_name_plural = _("websites")

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        assessed = any(getattr(self, a) != self.Compliance.NOT_ASSESSED for a in self.AREAS)
        if assessed and not (self.last_validated and self.validator):
            raise ValidationError(
                {
                    "last_validated": _(
                        "An assessed website needs the date of its last validation and its validator."
                    )
                }
            )


class Server(ScopedModel):
    """A server (INV-E08), physical or virtual, in a facility."""

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        VIRTUAL = "virtual", _("Virtual")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="servers",
    )
    operating_system = models.CharField(_("operating system"), max_length=100, blank=True)
    decommissioned = models.DateField(_("decommissioned on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("server")
        verbose_name_plural = _("servers")

    def __str__(self) -> str:
        return self.code


class DeviceCount(ScopedModel):
    """End-user devices of one type held by an entity on a date (INV-E10)."""

    class Kind(models.TextChoices):
        DESKTOP = "desktop", _("Desktop")
        LAPTOP = "laptop", _("Laptop")
        SMARTPHONE = "smartphone", _("Smartphone")
        TABLET = "tablet", _("Tablet")
        PRINTER = "printer", _("Printer")
        DESK_PHONE = "desk_phone", _("Desk phone")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    as_of = models.DateField(_("as at"))
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["entity", "as_of", "kind"]
        verbose_name = _("end-user device count")
        verbose_name_plural = _("end-user device counts")
        constraints = [
            models.UniqueConstraint(fields=["entity", "kind", "as_of"], name="inventory_devicecount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.as_of} · {self.count}"


class ServiceDesk(TranslatedModelMixin, ScopedModel):
    """A local service desk (INV-E11): hours, FTE, requests a year, languages served."""

    class Hours(models.TextChoices):
        BUSINESS = "business", _("Business hours")
        EXTENDED = "extended", _("Extended hours")
        ROUND_THE_CLOCK = "24x7", _("24 hours, 7 days")

    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    location = models.CharField(_("location"), max_length=200, blank=True)
    hours = models.CharField(_("hours"), max_length=20, choices=Hours.choices, default=Hours.BUSINESS)
    fte = models.DecimalField(
        _("full-time equivalents"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    requests_per_year = models.PositiveIntegerField(_("requests a year"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True, help_text=_("e.g. en; fr"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("local service desk")
        verbose_name_plural = _("local service desks")

    def __str__(self) -> str:
        return f"{self.code} — {self.tr('name')}"


class Contract(ScopedModel):
    """An ICT contract (INV-E13): vendor, type, scope, award and renewal dates."""

    class Kind(models.TextChoices):
        SYSTEMS = "systems", _("Global systems contract")
        MANAGED_SERVICES = "managed_services", _("Managed services")
        APPLICATION_SERVICES = "application_services", _("Application services")
        LICENCE = "licence", _("Software licence")
        HARDWARE = "hardware", _("Hardware")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    vendor = models.CharField(_("vendor"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=300, blank=True)
    awarded = models.DateField(_("awarded on"), null=True, blank=True)
    renewal = models.DateField(_("renewal due"), null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("ICT contract")
        verbose_name_plural = _("ICT contracts")

    def __str__(self) -> str:
        return f"{self.reference} — {self.vendor}"

    def clean(self) -> None:
        if self.awarded and self.renewal and self.renewal < self.awarded:
            raise ValidationError({"renewal": _("The renewal date is before the award date.")})


class IctPersonnel(ScopedModel):
    """ICT personnel (INV-E03/E04): one line per group of people with the same attributes."""

    class PersonnelType(models.TextChoices):
        STAFF = "staff", _("Staff member")
        CONTRACTOR = "contractor", _("Contractor")
        CONSULTANT = "consultant", _("Consultant")
        UNV = "unv", _("United Nations Volunteer")
        GTA = "gta", _("General temporary assistance")

    class Family(models.TextChoices):
        INFORMATION_MANAGEMENT = "information_management", _("Information management systems and technology")
        TELECOMMUNICATIONS = "telecommunications", _("Telecommunications technology")
        MEDIA = "media", _("Media technology")

    personnel_type = models.CharField(_("personnel type"), max_length=20, choices=PersonnelType.choices)
    grade = models.CharField(_("grade"), max_length=20, blank=True, help_text=_("e.g. P-4, GS-6, FS-5"))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    standard_title = models.CharField(_("standard job title"), max_length=200, blank=True)
    job_family = models.CharField(_("job family"), max_length=30, choices=Family.choices, blank=True)
    function = models.CharField(_("ICT function"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("people"), default=1)
    fte = models.DecimalField(_("full-time equivalents"), max_digits=8, decimal_places=2)
    in_ict_unit = models.BooleanField(_("inside an ICT unit"), default=True)

    class Meta:
        ordering = ["entity", "personnel_type", "grade", "pk"]
        verbose_name = _("ICT personnel")
        verbose_name_plural = _("ICT personnel")

    def __str__(self) -> str:
        title = self.standard_title or self.job_title or self.get_personnel_type_display()
        return f"{title} {self.grade}".strip()

    def clean(self) -> None:
        if self.fte is not None and self.fte > self.headcount:
            raise ValidationError({"fte": _("The full-time equivalents exceed the number of people.")})


class IctExpenditure(ScopedModel):
    """ICT spend of an entity (INV-E16) by period, object of expenditure and funding source."""

    period = models.ForeignKey(
        "finance.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    object = models.ForeignKey(
        "finance.ObjectOfExpenditure",
        verbose_name=_("object of expenditure"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    funding_source = models.ForeignKey(
        "finance.FundingSource", verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount (US dollars)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["entity", "period", "object", "funding_source"]
        verbose_name = _("ICT expenditure")
        verbose_name_plural = _("ICT expenditure")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "period", "object", "funding_source"], name="inventory_expenditure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.object} · {self.funding_source}"


class Quality(models.TextChoices):
    """How far a figure can be trusted (A/65/491 ¶111: data "not always complete or fully reliable")."""

    ESTIMATED = "estimated", _("Estimated")
    REPORTED = "reported", _("Reported")
    VALIDATED = "validated", _("Validated")


class Measure(models.TextChoices):
    """The key ICT figures of a baseline (A/65/491 table 5 and paragraph 151)."""

    ICT_BUDGET = "ict_budget", _("Annual ICT budget (millions of US dollars)")
    ICT_STAFF = "ict_staff", _("ICT staff")
    JOB_TITLES = "job_titles", _("ICT job titles")
    ICT_UNITS = "ict_units", _("ICT units")
    APPLICATIONS = "applications", _("Applications")
    SERVERS = "servers", _("Servers")
    FACILITIES = "facilities", _("Data centres and server rooms")
    DATA_CENTRES = "data_centres", _("Data centres")
    SERVER_ROOMS = "server_rooms", _("Server rooms")
    DEVICES = "devices", _("Desktops and laptops")
    SERVICE_DESKS = "service_desks", _("ICT service desks")
    REQUESTS = "requests", _("Service-desk requests received (per year)")
    VIRTUAL_SERVERS = "virtual_servers", _("Virtual servers")


class Group(models.TextChoices):
    """The group of entities an aggregate counts: a location class, or a combination of them."""

    HQ = "hq", _("United Nations Headquarters")
    OFFICES_AWAY = "offices_away", _("Offices away from Headquarters, regional commissions and other")
    MISSIONS = "missions", _("Peacekeeping and political missions")
    HQ_AND_OFFICES_AWAY = "hq_and_offices_away", _("Headquarters, offices away and other departments")
    ALL = "all", _("All entities (no breakdown given)")


class FunctionalArea(models.TextChoices):
    MANAGEMENT = "management", _("Management and administration")
    SOLUTION_DELIVERY = "solution_delivery", _("Solution delivery")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")


class AggregateFigure(ScopedModel):
    """A figure a source gives only for a group of entities (e.g. "servers at missions: 2,347"):
    stored as the aggregate it is, never spread into invented detail records. The owning entity
    is the one that reported it; ``submission`` the data-call answer it came with."""

    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    group = models.CharField(_("group of entities"), max_length=30, choices=Group.choices)
    area = models.CharField(_("functional area"), max_length=30, choices=FunctionalArea.choices, blank=True)
    as_of = models.DateField(_("as at"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    quality = models.CharField(
        _("data quality"), max_length=10, choices=Quality.choices, default=Quality.REPORTED
    )
    printed_share = models.DecimalField(
        _("share printed (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "The percentage the source prints beside the figure, kept to compare with the computed share."
        ),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    submission = models.ForeignKey(
        "campaigns.Assignment",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["as_of", "measure", "area", "group"]
        verbose_name = _("aggregate figure")
        verbose_name_plural = _("aggregate figures")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "measure", "group", "area", "as_of"], name="inventory_aggregate_unique"
            )
        ]

    def __str__(self) -> str:
        area = f" · {self.get_area_display()}" if self.area else ""
        return f"{self.get_measure_display()}{area} · {self.get_group_display()} · {self.as_of}"


from .baseline import BaselineSnapshot, BaselineValue  # noqa: E402, F401 - models of this app, in their module
from .recovery import (  # noqa: E402, F401 - models of this app, in their module
    CriticalApplication,
    CriticalList,
    CriticalProcess,
    DrPlan,
    DrTest,
    RecoveryTier,
)
from .recovery_sites import DrSitePairing, ResilienceExercise  # noqa: E402, F401 - models of this app
