"""Document records: an official document of a given type, with its parameters and its language versions.

The record, not the code, holds the symbol: a type (types.py) turns the record's parameters into its
tables. The owner is the organisation (its root entity), so each organisation keeps its own documents.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.languages import DATA_LANGUAGES
from lodestar.core.models import ChangeLoggedModel, ScopedModel
from lodestar.core.translation import LANGUAGE_LABELS, TranslatedModelMixin, TranslatedTextField

from .types import TYPES, type_choices

LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]) for code in DATA_LANGUAGES]


class Document(TranslatedModelMixin, ScopedModel):
    """One official document (one symbol), whatever the languages it is issued in."""

    class Distribution(models.TextChoices):
        GENERAL = "general", _("General")
        LIMITED = "limited", _("Limited")
        RESTRICTED = "restricted", _("Restricted")

    document_type = models.CharField(_("document type"), max_length=40, choices=type_choices)
    symbol = models.CharField(_("symbol"), max_length=80, unique=True, help_text=_("e.g. A/78/6 (Sect. 29C)"))
    title = TranslatedTextField(_("title"), max_length=500)
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_(
            'The document type\'s parameters, e.g. {"budget_section": "A78-29C", "budget_year": 2024}'
        ),
    )
    organ = TranslatedTextField(_("organ"), max_length=200, blank=True)
    session = TranslatedTextField(_("session"), max_length=200, blank=True)
    agenda_items = TranslatedTextField(_("agenda items"), max_length=500, blank=True)
    distribution = models.CharField(
        _("distribution"), max_length=20, choices=Distribution.choices, default=Distribution.GENERAL
    )
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.symbol

    def clean(self) -> None:
        doc_type = TYPES.get(self.document_type)
        if doc_type is None:
            raise ValidationError({"document_type": _("Unknown document type.")})
        if not isinstance(self.parameters, dict):
            raise ValidationError({"parameters": _("The parameters must be an object of names and values.")})
        missing = doc_type.missing_parameters(self.parameters)
        if missing:
            raise ValidationError(
                {
                    "parameters": _("A %(type)s needs the parameter(s): %(names)s.")
                    % {"type": doc_type.name, "names": ", ".join(missing)}
                }
            )
        known = {p.name for p in doc_type.parameters}
        unknown = sorted(set(self.parameters) - known)
        if unknown:
            raise ValidationError(
                {
                    "parameters": _("Unknown parameter(s) %(names)s; a %(type)s takes: %(known)s.")
                    % {"names": ", ".join(unknown), "type": doc_type.name, "known": ", ".join(sorted(known))}
                }
            )

    @property
    def type(self) -> Any:
        return TYPES[self.document_type]


class LanguageVersion(ChangeLoggedModel):
    """The document in one official language: its own job number (23-07688, "10-56792 (C)")."""

    scope_field = "document__entity"

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    job_number = models.CharField(_("job number"), max_length=40, blank=True, help_text=_("e.g. 23-07688"))

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="documents_one_version_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} ({self.language})"


class Narrative(TranslatedModelMixin, ChangeLoggedModel):
    """A paragraph of a document's narrative, stored per language. Figures are never typed in: a
    placeholder ``{29C.13|total|other}`` (table, row key, column key) is replaced by the table's cell
    as the language formats it, so the text and the table cannot disagree."""

    scope_field = "document__entity"

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="narratives"
    )
    part = models.CharField(
        _("part"), max_length=40, help_text=_("The part of the document it belongs to, e.g. resources")
    )
    number = models.CharField(_("paragraph number"), max_length=20, blank=True, help_text=_("e.g. 29C.64"))
    heading = TranslatedTextField(_("heading"), max_length=300, blank=True)
    text = TranslatedTextField(_("text"), textarea=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "part", "order", "pk"]
        verbose_name = _("narrative paragraph")
        verbose_name_plural = _("narrative paragraphs")

    def __str__(self) -> str:
        return f"{self.document.symbol} {self.number or self.part}".strip()


class Corrigendum(ChangeLoggedModel):
    """An analyst reopens an issued document to correct it: while open, its facts may be edited; the
    next issue of a language version is the corrigendum's and locks the facts again."""

    scope_field = "document__entity"

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="corrigenda"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"))
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("corrigendum")
        verbose_name_plural = _("corrigenda")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_corrigendum_number")
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol}/Corr.{self.number}"


class Issue(ChangeLoggedModel):
    """One issued language version: the snapshot of what it showed ("as at") and the exact bytes of
    every format. Never changed: a correction is a new issue under a corrigendum."""

    scope_field = "document__entity"

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="issues"
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    corrigendum = models.ForeignKey(
        Corrigendum, verbose_name=_("corrigendum"), null=True, blank=True, on_delete=models.PROTECT
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.CharField(_("issued by"), max_length=150, blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["document", "language", "-issued_at"]
        verbose_name = _("issued version")
        verbose_name_plural = _("issued versions")

    def __str__(self) -> str:
        corr = f"/Corr.{self.corrigendum.number}" if self.corrigendum_id else ""
        return f"{self.document.symbol}{corr} ({self.language})"


class IssuedFile(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=8)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("sha256"), max_length=64)

    class Meta:
        ordering = ["issue", "format"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "format"], name="documents_one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.format}"


class DraftRendering(models.Model):
    """A rendering of the current data in one language and format, made by the background worker
    for one reader (what a document shows depends on what its reader may see, so drafts are kept
    per person). ``data_version`` is the newest history record's id when it was asked for
    (core.scoped_cache's generation): the draft is served again only while no fact has changed.

    A draft is a copy of derived bytes, not a fact: it records no history (that would itself move
    the generation and make every draft stale at once). Finished drafts replace the person's older
    ones of the same document, language and format, and the worker's housekeeping deletes drafts
    older than a day (documents.drafts)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="drafts"
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    format = models.CharField(_("format"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="draft_renderings",
    )
    data_version = models.BigIntegerField(_("data version"))
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    content = models.BinaryField(_("content"), default=b"")
    sha256 = models.CharField(_("sha256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("draft rendering")
        verbose_name_plural = _("draft renderings")
        indexes = [
            models.Index(
                fields=["document", "language", "format", "requested_by", "data_version"],
                name="documents_draft_key",
            ),
            models.Index(fields=["created"], name="documents_draft_created"),
        ]
        constraints = [
            # Never two unfinished renderings of the same thing for the same person.
            models.UniqueConstraint(
                fields=["document", "language", "format", "requested_by", "data_version"],
                condition=models.Q(finished__isnull=True),
                name="documents_one_unfinished_draft",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} ({self.language}, {self.format}) for {self.requested_by}"

    @property
    def ready(self) -> bool:
        return self.finished is not None and not self.error
