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

# The one scale every export is mapped onto; the first three are required in a format.
CANONICAL_COLUMNS = ("ticket_id", "opened", "entity", "service", "kind", "resolved", "satisfaction")
REQUIRED_COLUMNS = ("ticket_id", "opened", "entity")


class TicketFormat(TranslatedModelMixin, OrganisationOwnedModel):
    """How one service-desk tool's export names the figures of the common scale."""

    code = models.CharField(_("code"), max_length=40)
    name = TranslatedTextField(_("name"), max_length=300)
    columns = models.JSONField(
        _("columns"),
        default=dict,
        help_text=_(
            "The export's column for each figure of the scale: ticket_id, opened, entity (required), "
            "service, kind, resolved, satisfaction."
        ),
    )
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

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if not isinstance(self.columns, dict):
            raise ValidationError({"columns": _("Map each figure of the scale to a column name.")})
        unknown = sorted(set(self.columns) - set(CANONICAL_COLUMNS))
        missing = [c for c in REQUIRED_COLUMNS if not str(self.columns.get(c) or "").strip()]
        if unknown or missing:
            raise ValidationError(
                {
                    "columns": _("Unknown figures: %(unknown)s. Missing: %(missing)s.")
                    % {"unknown": ", ".join(unknown) or "—", "missing": ", ".join(missing) or "—"}
                }
            )
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
