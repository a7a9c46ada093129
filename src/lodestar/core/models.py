"""The base model ladder and the change history every write records.

ChangeLoggedModel → (ScopedModel) → domain models. History is written explicitly by services
(see ``history.record``), never by signals, so bulk paths cannot bypass it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import codes


class ChangeLoggedModel(models.Model):
    """Created/updated stamps and an edit version used to detect concurrent edits."""

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # ORM path from this model to its owning org.Entity ("" when the model *is* the entity);
    # None means the record is not scoped to an entity (visible to roles held at the root).
    scope_field: ClassVar[str | None] = None
    # Further ORM paths to entities whose viewers may also *read* the record (never change it),
    # e.g. the addressed entities of a recommendation whose lead is another entity.
    also_visible_through: ClassVar[tuple[str, ...]] = ()
    # ORM path to the organisation (a root org.Entity) that owns a record belonging to no entity:
    # a vocabulary (funding sources, grades…), an oversight report. None with scope_field None
    # means a truly universal record (periods) read by every user the policy allows.
    organisation_field: ClassVar[str | None] = None

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])


class ScopedModel(ChangeLoggedModel):
    """A record owned by one entity; roles granted at that entity or above reach it."""

    entity = models.ForeignKey(
        "org.Entity",
        verbose_name=_("owning entity"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_field: ClassVar[str | None] = "entity"

    class Meta:
        abstract = True


class OrganisationOwnedModel(ChangeLoggedModel):
    """A record owned by an organisation (a root of the entity tree) rather than by an entity: read
    by anyone holding a role in that organisation, written only through a role held at its root."""

    organisation = models.ForeignKey(
        "org.Entity",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"parent__isnull": True},
        help_text=_("The organisation (a root of the entity tree) whose vocabulary this is."),
    )
    organisation_field: ClassVar[str | None] = "organisation"

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        organisation = getattr(self, "organisation", None) if self.organisation_id else None
        if organisation is not None and organisation.parent_id is not None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"organisation": _("An organisation is a root of the entity tree.")})


class ObjectChange(models.Model):
    """One create, update or delete of one record: who, when, what it was before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")

    class Source(models.TextChoices):
        USER = "user", _("Edited in the web interface")
        API = "api", _("Edited through the API")
        IMPORT = "import", _("Imported from a file")
        REFERENCE = "reference", _("Loaded from the reference data")
        SYSTEM = "system", _("Changed by the system")

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.USER)
    import_batch = models.ForeignKey(
        "core.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    # Tree path of the owning entity at the time of the change, so that history stays scoped
    # even after the record is deleted or moved.
    entity_path = models.CharField(max_length=255, blank=True, db_index=True)
    prechange_data = models.JSONField(null=True, blank=True)
    postchange_data = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that changed."""
        before = self.prechange_data or {}
        after = self.postchange_data or {}
        keys = [k for k in {**before, **after} if k not in ("version",)]
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def labelled_diff(self) -> list[tuple[str, object, object]]:
        """``diff`` for people: the field's verbose name and choice labels instead of stored codes."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        fields = {f.name: f for f in model._meta.get_fields()} if model is not None else {}
        coded = codes.vocabulary_fields(model)
        rows = []
        for name, before, after in self.diff():
            field = fields.get(name)
            if field is None or not hasattr(field, "verbose_name"):
                rows.append((name, before, after))
                continue
            if field.many_to_many:
                # Stored as the related records' ids: shown by their names (core.history.name_related).
                names = related_names(self, field)
                rows.append((str(field.verbose_name), _named(before, names), _named(after, names)))
                continue
            if name in coded:
                # A code of the organisation's vocabulary: shown by its name (core.codes).
                names = code_names(self)
                label, org = coded[name], codes.root_of_path(self.entity_path)
                rows.append(
                    (
                        str(field.verbose_name),
                        codes.name(names, label, org, before),
                        codes.name(names, label, org, after),
                    )
                )
                continue
            choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
            rows.append(
                (
                    str(field.verbose_name),
                    _display(before, choices),
                    _display(after, choices),
                )
            )
        return rows


def code_names(change: ObjectChange) -> codes.Names:
    """The names of the vocabulary codes ``change`` names: those the page fetched for all its
    changes at once (core.history.name_related), else fetched for this change."""
    fetched = getattr(change, "_code_names", None)
    if fetched is not None:
        return fetched
    model = ContentType.objects.get_for_id(change.content_type_id).model_class()
    change._code_names = codes.fetch(change_codes(change, model))
    return change._code_names


def change_codes(change: ObjectChange, model: type[models.Model] | None) -> list[tuple[str, str]]:
    """(vocabulary label, code) of every coded field ``change`` alters."""
    coded = codes.vocabulary_fields(model)
    wanted = []
    for name, before, after in change.diff():
        if name in coded:
            wanted += [(coded[name], v) for v in (before, after) if isinstance(v, str) and v]
    return wanted


def related_names(change: ObjectChange, field: models.Field) -> dict[int, str]:
    """{id: name} of the records a many-to-many field of ``change`` names: those the page fetched
    for all its changes at once (core.history.name_related), else fetched for this change."""
    fetched = getattr(change, "_related_names", None)
    if fetched is not None and field.related_model in fetched:
        return fetched[field.related_model]
    ids = {
        pk
        for value in (
            (change.prechange_data or {}).get(field.name),
            (change.postchange_data or {}).get(field.name),
        )
        if isinstance(value, list)
        for pk in value
    }
    return {obj.pk: str(obj) for obj in field.related_model._default_manager.filter(pk__in=ids)}


def _named(value: object, names: dict[int, str]) -> object:
    if not isinstance(value, list):
        return value
    return "; ".join(names.get(pk, str(_("(deleted record)"))) for pk in value) or "—"


def _display(value: object, choices: dict) -> object:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if choices and isinstance(value, str | int) and value in choices:
        return choices[value]
    return value


class ImportBatch(models.Model):
    """An uploaded file being imported: parsed, previewed, then committed all-or-nothing."""

    class Status(models.TextChoices):
        # A large file is checked, and committed, by the background worker (core.importjobs).
        CHECKING = "checking", _("Being checked")
        PREVIEW = "preview", _("Previewed")
        COMMITTING = "committing", _("Being committed")
        REFUSED = "refused", _("Refused")
        COMMITTED = "committed", _("Committed")

    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model_label = models.CharField(max_length=100)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField(default=dict, blank=True)
    # Background work: the django-tasks result running the check or the commit, and the size of
    # the file in rows once read (the rows done so far are in the cache: core.importjobs).
    task_id = models.CharField(max_length=64, blank=True)
    rows_total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


from .attachments import Attachment  # noqa: E402, F401 - a model of this app, in its own module
