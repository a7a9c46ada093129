"""Service-desk ticket exports. Each tool names its columns its own way (ServiceNow's ``number`` and
``opened_at``, iNeed's, a local desk's spreadsheet…): a ``TicketFormat`` maps them onto one scale
(ticket id, entity, service, kind, opened, resolved, satisfaction in per cent), so that entities on
different tools are compared on the same figures. A ``TicketBatch`` is one uploaded export, stored
as Parquet on that scale and aggregated into KPI observations (``service.ingest``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import OrganisationOwnedModel, ScopedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

# The one scale every export is mapped onto; a format names the export's column for each.
CANONICAL_COLUMNS = ("ticket_id", "opened", "entity", "service", "kind", "resolved", "satisfaction")


class TicketFormat(TranslatedModelMixin, OrganisationOwnedModel):
    """How one service-desk tool's export names the figures of the common scale."""

    code = models.CharField(_("code"), max_length=40)
    name = TranslatedTextField(_("name"), max_length=300)
    # The export's column for each figure of the common scale (empty: the tool does not export it).
    ticket_id_column = models.CharField(_("ticket id column"), max_length=100)
    opened_column = models.CharField(_("date opened column"), max_length=100)
    entity_column = models.CharField(_("entity column"), max_length=100)
    service_column = models.CharField(_("service column"), max_length=100, blank=True)
    kind_column = models.CharField(
        _("kind column"),
        max_length=100,
        blank=True,
        help_text=_("Empty when the tool exports incidents only."),
    )
    resolved_column = models.CharField(_("date resolved column"), max_length=100, blank=True)
    satisfaction_column = models.CharField(_("satisfaction column"), max_length=100, blank=True)
    incident_values = models.CharField(
        _("values that mean an incident"),
        max_length=300,
        blank=True,
        help_text=_("Separated by semicolons, e.g. incident; Incident"),
    )
    request_values = models.CharField(
        _("values that mean a service request"), max_length=300, blank=True, help_text=_("e.g. sc_req_item")
    )
    satisfaction_scale = models.PositiveSmallIntegerField(
        _("satisfaction scale"),
        default=100,
        help_text=_(
            "The highest satisfaction score of the tool (5 for one to five stars, 100 for per cent)."
        ),
    )

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = _("ticket export format")
        verbose_name_plural = _("ticket export formats")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="service_ticketformat_code_unique")
        ]

    def __str__(self) -> str:
        return self.tr("name") or self.code

    @property
    def columns(self) -> dict[str, str]:
        """The export's column of each figure of the common scale that the tool exports."""
        named = {name: getattr(self, f"{name}_column").strip() for name in CANONICAL_COLUMNS}
        return {name: column for name, column in named.items() if column}

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if not self.satisfaction_scale:
            raise ValidationError({"satisfaction_scale": _("The scale must be at least 1.")})


class TicketBatch(ScopedModel):
    """One uploaded ticket export, owned by the entity that sent it; its tickets may name that
    entity's units. Stored as Parquet on the common scale; aggregated into monthly KPIs."""

    class Status(models.TextChoices):
        STORED = "stored", _("Stored")
        AGGREGATED = "aggregated", _("Aggregated")

    format = models.ForeignKey(
        TicketFormat, verbose_name=_("export format"), on_delete=models.PROTECT, related_name="batches"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    parquet = models.CharField(_("stored as"), max_length=300, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STORED, editable=False
    )
    tickets = models.PositiveIntegerField(_("tickets"), default=0, editable=False)
    rejected = models.PositiveIntegerField(
        _("rows refused"),
        default=0,
        editable=False,
        help_text=_("Rows without an id, a date opened or an entity."),
    )
    first_opened = models.DateField(_("first opened"), null=True, blank=True, editable=False)
    last_opened = models.DateField(_("last opened"), null=True, blank=True, editable=False)
    summary = models.TextField(_("summary"), blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("ticket batch")
        verbose_name_plural = _("ticket batches")

    def __str__(self) -> str:
        return f"{self.file_name} · {self.entity.code if self.entity_id else ''}"
