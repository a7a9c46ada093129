"""The organisation: entities as a dated tree, ICT units, people and roles, governance bodies."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.permissions import ROLE_CHOICES
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

CODE_HELP = _("A short stable code used in import files and links, e.g. OICT or ICT-BOARD.")


class Entity(TranslatedModelMixin, ChangeLoggedModel):
    """A node of the organisation tree: the Secretariat, a department, a mission, a unit…"""

    # Codes of the organisation's vocabularies, shown by their names (core.codes).
    vocabulary_fields = {"kind": "org.EntityKind", "location_class": "org.LocationClass"}

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=CODE_HELP)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Codes of the organisation's own vocabularies (EntityKind, LocationClass), checked in clean():
    # no kind or class of the UN's is a choice in code.
    kind = models.CharField(
        _("type"), max_length=30, help_text=_("A code of the organisation's entity kinds, e.g. department.")
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    name = TranslatedTextField(_("name"), max_length=300)
    location_class = models.CharField(
        _("location class"),
        max_length=20,
        blank=True,
        help_text=_(
            "A code of the organisation's location classes; leave blank to inherit the class of the "
            "parent entity."
        ),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    proposed = models.BooleanField(
        _("proposed structure"),
        default=False,
        help_text=_(
            "A structure that was proposed (for example in a budget proposal) rather than established."
        ),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Materialised path of primary keys ("/1/12/40/"), maintained by the entity service; it lets
    # a role granted at an entity reach every descendant with one indexed prefix match.
    tree_path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    scope_field = ""

    class Meta:
        ordering = ["tree_path"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="org_entity_valid_dates",
            )
        ]

    def __str__(self) -> str:
        label = self.tr("name")
        return f"{self.acronym} — {label}" if self.acronym and self.acronym != label else label

    @property
    def depth(self) -> int:
        return max(self.tree_path.count("/") - 2, 0)

    def effective_location_class(self) -> str:
        node: Entity | None = self
        while node is not None:
            if node.location_class:
                return node.location_class
            node = node.parent
        return ""

    @property
    def is_organisation(self) -> bool:
        return self.parent_id is None

    def organisation(self) -> Entity | None:
        from .vocabularies import organisation_of

        return organisation_of(self) if self.pk else (organisation_of(self.parent) if self.parent else None)

    def get_kind_display(self) -> str:

        organisation = self.organisation()
        entry = EntityKind.objects.filter(organisation=organisation, code=self.kind).first()
        return entry.tr("name") if entry is not None else self.kind

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        if self.parent_id is not None:
            from .vocabularies import EntityKind, LocationClass, check_code, organisation_of

            organisation = organisation_of(self.parent)
            check_code(EntityKind, organisation, "kind", self.kind)
            check_code(LocationClass, organisation, "location_class", self.location_class)


class IctUnit(TranslatedModelMixin, ScopedModel):
    """An ICT organisational unit inside an entity, or a delivery-model unit of OICT."""

    class DeliveryType(models.TextChoices):
        ENTITY_ICT_UNIT = "entity_ict_unit", _("ICT unit of an entity")
        ENTERPRISE_APPLICATION_CENTRE = "enterprise_application_centre", _("Enterprise application centre")
        REGIONAL_TECHNOLOGY_CENTRE = "regional_technology_centre", _("Regional technology centre")
        NETWORK_OPERATIONS_CENTRE = "network_operations_centre", _("Network operations centre")
        DATA_CENTRE = "data_centre", _("Enterprise data centre")
        SERVICE_DESK_CENTRE = "service_desk_centre", _("Service desk centre")

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    delivery_type = models.CharField(
        _("type"), max_length=40, choices=DeliveryType.choices, default=DeliveryType.ENTITY_ICT_UNIT
    )
    head_grade = models.CharField(_("grade of the head"), max_length=10, blank=True)
    aligned_with_oict = models.BooleanField(_("aligned with OICT"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ICT unit")
        verbose_name_plural = _("ICT units")

    def __str__(self) -> str:
        return self.tr("name")


class Person(ScopedModel):
    """A person working in or with an entity; may have a login."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("functional title"), max_length=200, blank=True)
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(ChangeLoggedModel):
    """A role granted to a login at an entity; it applies to the entity and all its descendants."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=ROLE_CHOICES)
    entity = models.ForeignKey(Entity, verbose_name=_("entity"), on_delete=models.PROTECT, related_name="+")

    scope_field = "entity"

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "entity"], name="org_roleassignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.entity.acronym or self.entity}"


class OrganizationalEvent(TranslatedModelMixin, ScopedModel):
    """A restructuring: a creation, merger, transfer or abolition of entities."""

    class Kind(models.TextChoices):
        CREATION = "creation", _("Creation")
        MERGER = "merger", _("Merger")
        RESTRUCTURING = "restructuring", _("Restructuring")
        TRANSFER = "transfer", _("Transfer of functions")
        ABOLITION = "abolition", _("Abolition")

    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    entities = models.ManyToManyField(
        Entity, verbose_name=_("entities concerned"), related_name="organizational_events", blank=True
    )
    instrument = models.CharField(_("instrument"), max_length=100, blank=True)
    description = TranslatedTextField(_("description"), textarea=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("organisational event")
        verbose_name_plural = _("organisational events")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.get_kind_display()}"


class GovernanceInstrument(TranslatedModelMixin, ScopedModel):
    """A bulletin, instruction, resolution or framework that founds or governs something."""

    class Kind(models.TextChoices):
        SGB = "sgb", _("Secretary-General's bulletin")
        AI = "ai", _("Administrative instruction")
        RESOLUTION = "resolution", _("General Assembly resolution")
        FRAMEWORK = "framework", _("Framework")
        OTHER = "other", _("Other")

    symbol = models.CharField(_("symbol"), max_length=60, unique=True)
    title = TranslatedTextField(_("title"), max_length=500)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("governance instrument")
        verbose_name_plural = _("governance instruments")

    def __str__(self) -> str:
        return self.symbol


class Cadence(models.TextChoices):
    EVERY_N_WEEKS = "every_n_weeks", _("Every N weeks")
    MIN_PER_YEAR = "min_per_year", _("At least N times a year")
    PER_MONTH = "per_month", _("N times a month")
    PER_QUARTER = "per_quarter", _("N times a quarter")
    NONE = "none", _("No mandated cadence")


class GovernanceBody(TranslatedModelMixin, ScopedModel):
    """A committee, board or working group with a mandate, a cadence and mandated outputs."""

    class Kind(models.TextChoices):
        EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
        BOARD = "board", _("Board")
        COMMITTEE = "committee", _("Committee")
        WORKING_GROUP = "working_group", _("Working group")
        LOCAL_COMMITTEE = "local_committee", _("Local ICT committee")
        COORDINATION_GROUP = "coordination_group", _("Coordination group")
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")
        SYSTEM_WIDE = "system_wide", _("System-wide network")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        OVERSIGHT = "oversight", _("Oversight body")

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    parent_body = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_bodies",
    )
    chair = TranslatedTextField(_("chair"), max_length=300, blank=True)
    chair_person = models.ForeignKey(
        Person,
        verbose_name=_("chair (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    founding_instrument = models.ForeignKey(
        GovernanceInstrument,
        verbose_name=_("founding instrument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
    )
    mandate = TranslatedTextField(_("mandate"), blank=True, textarea=True)
    membership = TranslatedTextField(_("membership"), blank=True, textarea=True)
    cadence = models.CharField(
        _("mandated cadence"), max_length=20, choices=Cadence.choices, default=Cadence.NONE
    )
    cadence_n = models.PositiveSmallIntegerField(
        _("cadence number"),
        null=True,
        blank=True,
        help_text=_("The N of the cadence (e.g. 6 for every six weeks)."),
    )
    cadence_note = TranslatedTextField(_("cadence note"), blank=True, textarea=True)
    annual_reports_required = models.PositiveSmallIntegerField(
        _("annual reports required per year"), default=0
    )
    project_updates_required = models.PositiveSmallIntegerField(
        _("project updates to receive per year"), default=0
    )
    records_from = models.PositiveSmallIntegerField(
        _("meeting record complete from (year)"),
        null=True,
        blank=True,
        help_text=_("First year for which every meeting is recorded; compliance is computed from here."),
    )
    records_to = models.PositiveSmallIntegerField(
        _("meeting record complete to (year)"),
        null=True,
        blank=True,
        help_text=_("Last year with a complete record; blank means up to the current year."),
    )
    valid_from = models.DateField(_("established"), null=True, blank=True)
    valid_to = models.DateField(_("dissolved"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.tr("name")

    def clean(self) -> None:
        needs_n = self.cadence not in (Cadence.NONE, "")
        if needs_n and not self.cadence_n:
            raise ValidationError({"cadence_n": _("Give the number that goes with this cadence.")})
        if self.records_from and self.records_to and self.records_to < self.records_from:
            raise ValidationError({"records_to": _("The last year is before the first year.")})


class BodyMembership(ScopedModel):
    """A member of a governance body: an entity's representative, by level, optionally a person."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")
        OBSERVER = "observer", _("Observer")

    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    level = models.CharField(_("level"), max_length=40, blank=True, help_text=_("e.g. USG, D-1/D-2"))
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role"]
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")

    def __str__(self) -> str:
        return f"{self.body} · {self.get_role_display()} · {self.entity.acronym or self.entity}"


class Meeting(TranslatedModelMixin, ChangeLoggedModel):
    """A meeting of a governance body. Some sources give only the year, not the date."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEOCONFERENCE = "videoconference", _("Videoconference")
        HYBRID = "hybrid", _("Hybrid")
        RETREAT = "retreat", _("Retreat")
        WRITTEN = "written", _("Written procedure")
        UNKNOWN = "unknown", _("Not recorded")

    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.UNKNOWN)
    agenda = models.TextField(_("agenda"), blank=True)
    note = TranslatedTextField(_("note"), blank=True, textarea=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_field = "body__entity"

    class Meta:
        ordering = ["body", "year", "date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else str(self.year)
        return f"{self.body} · {when}"

    def clean(self) -> None:
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"year": _("The year does not match the date.")})


class Decision(TranslatedModelMixin, ChangeLoggedModel):
    """A decision taken at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    text = TranslatedTextField(_("decision"), textarea=True)

    scope_field = "meeting__body__entity"

    class Meta:
        ordering = ["meeting", "reference", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.reference or str(self.text.get("en") or next(iter(self.text.values()), ""))[:60]


class BodyOutput(ChangeLoggedModel):
    """A mandated output actually produced or received: an annual report, a quarterly update."""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("Annual report")
        PROJECT_UPDATE = "project_update", _("Quarterly project update")
        OTHER = "other", _("Other output")

    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(_("document or link"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_field = "body__entity"

    class Meta:
        ordering = ["body", "year", "kind"]
        verbose_name = _("body output")
        verbose_name_plural = _("body outputs")

    def __str__(self) -> str:
        return f"{self.body} · {self.get_kind_display()} · {self.year}"


class OictMandate(TranslatedModelMixin, ScopedModel):
    """A line of the mandate of OICT under the approved ICT strategy (A/65/491, table 13)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        EXISTING = "existing", _("Existing")

    class Resources(models.TextChoices):
        NONE = "none", _("None")
        LIMITED = "limited", _("Limited")
        LIMITED_EXCEPT_UMOJA = "limited_except_umoja", _("Limited (except Umoja)")

    order = models.PositiveSmallIntegerField(_("order"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    text = TranslatedTextField(_("mandate"), textarea=True)
    status = models.CharField(_("new or existing"), max_length=10, choices=Status.choices)
    resources = models.CharField(_("resources provided"), max_length=30, choices=Resources.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("OICT mandate")
        verbose_name_plural = _("OICT mandates")
        constraints = [models.UniqueConstraint(fields=["entity", "order"], name="org_oictmandate_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.tr('text')[:80]}"


class Login(User):
    """A user account, managed by administrators (passwords are set, never shown again)."""

    scope_field = None  # logins belong to no entity; their roles do

    @classmethod
    def scope_condition(cls, action: str, paths: list[str]) -> Q:
        """Logins an administrator at ``paths`` may ``action`` (core.permissions.restrict).

        Reads: logins holding a role within those entities, and logins holding no role yet (just
        created; they see nothing). Writes: only logins all of whose roles lie within those
        entities — resetting a password must never hand over access to another entity — and
        never a superuser. A grant at the root of the tree covers every login but superusers.
        """
        from lodestar.core.permissions import EXPORT, VIEW

        at_root = any(path.count("/") == 2 for path in paths)
        within = Q()
        for path in paths:
            within |= Q(entity__tree_path__startswith=path)
        roles = RoleAssignment.objects.filter(user_id=OuterRef("pk"))
        if action in (VIEW, EXPORT):
            if at_root:
                return Q()
            return Q(Exists(roles.filter(within))) | ~Q(Exists(roles))
        not_superuser = Q(is_superuser=False)
        if at_root:
            return not_superuser
        return not_superuser & ~Q(Exists(roles.exclude(within)))

    class Meta:
        proxy = True
        ordering = ["username"]
        verbose_name = _("login")
        verbose_name_plural = _("logins")

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{self.username} ({full})" if full else self.username

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("org:login_detail", args=[self.pk])


from .vocabularies import EntityKind, Grade, GradeCategory, LocationClass  # noqa: E402, F401
