"""Evidence files attached to any record: checked on the way in, stored outside the web root,
served only to users who may view the record they evidence.

Any app reuses it: ``add_attachment(target, uploaded_file, user=…)`` stores a file against a record
(history is recorded on that record), ``attachments_for(target)`` lists them, and the views below
serve and delete them. Files are stored under ``settings.EVIDENCE_ROOT`` with a random name; the
name the user gave is kept only as data (see docs/decisions/0007-evidence-files.md).
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import history
from .models import ObjectChange
from .permissions import CENTRAL, CHANGE, VIEW, _grants, can, entity_path_of

# Extension → media type sent back when the file is downloaded (never the type the browser sent).
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
ALLOWED_EXTENSIONS = tuple(MEDIA_TYPES)
# Office Open XML files are ZIP archives; this member tells a document from a workbook.
OOXML_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
CHUNK = 64 * 1024


def evidence_root() -> Path:
    # Read at call time so that tests (and deployments) can point it elsewhere.
    return Path(settings.EVIDENCE_ROOT)


def evidence_storage() -> Storage:
    """Where evidence files are kept, through Django's storage API: the "evidence" storage when
    one is configured (LODESTAR_STORAGE=s3: an S3-compatible store through django-storages),
    otherwise the evidence folder (LODESTAR_EVIDENCE_ROOT, shared by the servers)."""
    if "evidence" in settings.STORAGES:
        return storages["evidence"]
    return FileSystemStorage(location=evidence_root())


def storage_key(storage_name: str) -> str:
    # Two hex characters of fan-out, so that no folder holds every file.
    return f"{storage_name[:2]}/{storage_name}"


def remove_stored(keys: Iterable[str]) -> None:
    storage = evidence_storage()
    for key in keys:
        storage.delete(key)


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


class Attachment(models.Model):
    """A file evidencing a record (a milestone, a recommendation's status update …)."""

    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField(gettext_lazy("record id"))
    target = GenericForeignKey("target_type", "target_id")
    file_name = models.CharField(gettext_lazy("file name"), max_length=255)
    media_type = models.CharField(gettext_lazy("file type"), max_length=120)
    size = models.PositiveBigIntegerField(gettext_lazy("size in bytes"))
    sha256 = models.CharField(gettext_lazy("SHA-256"), max_length=64)
    # Random, never derived from the user's file name: no path tricks, nothing guessable.
    storage_name = models.CharField(max_length=100, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by_name = models.CharField(gettext_lazy("uploaded by"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = gettext_lazy("evidence file")
        verbose_name_plural = gettext_lazy("evidence files")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("attachments:download", args=[self.pk])

    @property
    def key(self) -> str:
        """The file's name in the evidence storage."""
        return storage_key(self.storage_name)

    @property
    def path(self) -> Path:
        """The file on disk, when evidence is kept in the evidence folder (the default)."""
        return evidence_root() / self.key

    def describe(self) -> str:
        """How the file appears in the target's history: name, size and checksum."""
        return f"{self.file_name} ({self.size} B, sha256 {self.sha256[:12]}…)"


# Validation ----------------------------------------------------------------------------------


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _clean_name(name: str) -> str:
    # Keep only the last path component and drop control characters; the name is data, not a path.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or "file"


def _head(uploaded: Any, length: int = 8) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def _is_ooxml(uploaded: Any, extension: str) -> bool:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return OOXML_MEMBER[extension] in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def _is_text(uploaded: Any) -> bool:
    # CSV and text have no magic number: accept UTF-8 (with or without BOM) without NUL bytes.
    uploaded.seek(0)
    data = b"".join(uploaded.chunks(CHUNK)) if hasattr(uploaded, "chunks") else uploaded.read()
    uploaded.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def validate_upload(uploaded: Any) -> str:
    """Refuse what is not allowed evidence; returns the lower-case extension of an accepted file."""
    name = _clean_name(getattr(uploaded, "name", "") or "")
    extension = _extension(name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of this type are not accepted as evidence. Accepted types: %(types)s.")
            % {"types": ", ".join(e.upper() for e in ALLOWED_EXTENSIONS if e != "jpeg")},
            code="type",
        )
    size = uploaded.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is too large: %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(max_bytes() / 1024 / 1024, 1)},
            code="size",
        )
    if extension in MAGIC:
        head = _head(uploaded)
        sniffed = any(head.startswith(magic) for magic in MAGIC[extension])
        if sniffed and extension in OOXML_MEMBER:
            sniffed = _is_ooxml(uploaded, extension)
    else:
        sniffed = _is_text(uploaded)
    if not sniffed:
        raise ValidationError(
            _("The content of the file is not a %(type)s file, whatever its name says.")
            % {"type": extension.upper()},
            code="content",
        )
    return extension


# Writes --------------------------------------------------------------------------------------


def attachments_for(target: models.Model) -> models.QuerySet:
    content_type = ContentType.objects.get_for_model(type(target), for_concrete_model=False)
    return Attachment.objects.filter(target_type=content_type, target_id=target.pk)


def attachments_for_many(targets: Iterable[models.Model]) -> dict[int, list[Attachment]]:
    """Attachments of many records of one model, in one query (pages list them per row)."""
    targets = list(targets)
    found: dict[int, list[Attachment]] = {t.pk: [] for t in targets}
    if not targets:
        return found
    content_type = ContentType.objects.get_for_model(type(targets[0]), for_concrete_model=False)
    for attachment in Attachment.objects.filter(target_type=content_type, target_id__in=list(found)):
        found[attachment.target_id].append(attachment)
    return found


def _record_on_target(target: models.Model, user: Any, before: list[str], after: list[str]) -> None:
    # The change is recorded on the evidenced record, so that its history says a file came or went.
    history.record(
        ObjectChange.Action.UPDATE,
        target,
        user=user,
        source=ObjectChange.Source.USER,
        before={"evidence files": before},
        after={"evidence files": after},
    )


@transaction.atomic
def add_attachment(target: models.Model, uploaded: Any, *, user: Any, check: bool = True) -> Attachment:
    """Validate, store and record one evidence file against ``target`` (the user must be able to
    change it)."""
    if check and not can(user, CHANGE, target):
        raise PermissionDenied(_("You may not add evidence to this record."))
    validate_upload(uploaded)
    extension = _extension(_clean_name(uploaded.name))
    before = [a.describe() for a in attachments_for(target)]
    storage_name = secrets.token_hex(16)
    digest = hashlib.sha256()
    size = 0
    uploaded.seek(0)
    for chunk in uploaded.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    storage = evidence_storage()
    saved = storage.save(storage_key(storage_name), uploaded)
    try:
        if saved != storage_key(storage_name):  # the name is random: a clash means a broken store
            raise OSError(f"the evidence storage kept the file as {saved}")
        authenticated = user is not None and getattr(user, "is_authenticated", False)
        attachment = Attachment.objects.create(
            target_type=ContentType.objects.get_for_model(type(target), for_concrete_model=False),
            target_id=target.pk,
            file_name=_clean_name(uploaded.name),
            media_type=MEDIA_TYPES[extension],
            size=size,
            sha256=digest.hexdigest(),
            storage_name=storage_name,
            uploaded_by=user if authenticated else None,
            uploaded_by_name=user.get_username() if authenticated else "",
        )
        _record_on_target(target, user, before, [*before, attachment.describe()])
    except BaseException:
        storage.delete(saved)  # no orphan file when the database write fails
        raise
    return attachment


def may_delete(user: Any, attachment: Attachment) -> bool:
    """Central roles (administrator, central analyst) reaching the record may delete evidence."""
    target = attachment.target
    if target is None or not can(user, VIEW, target):
        return False
    if user.is_superuser:
        return True
    path = entity_path_of(target)
    return any(role in CENTRAL and (not path or path.startswith(p)) for role, p in _grants(user))


@transaction.atomic
def delete_attachment(attachment: Attachment, *, user: Any) -> None:
    if not may_delete(user, attachment):
        raise PermissionDenied(_("Only the central analysts may delete evidence files."))
    target = attachment.target
    before = [a.describe() for a in attachments_for(target)]
    after = [d for d in before if d != attachment.describe()]
    stored = attachment.key
    attachment.delete()
    _record_on_target(target, user, before, after)
    transaction.on_commit(lambda: remove_stored([stored]))


# Views ---------------------------------------------------------------------------------------


def visible_attachment(user: Any, pk: int) -> Attachment:
    """The attachment if the user may view the record it evidences; otherwise 404, so that the
    existence of evidence outside the user's entities does not leak."""
    attachment = Attachment.objects.select_related("target_type").filter(pk=pk).first()
    target = attachment.target if attachment is not None else None
    if target is None or not can(user, VIEW, target):
        raise Http404(_("No such file, or it is outside your entities."))
    return attachment


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = visible_attachment(request.user, pk)
    storage = evidence_storage()
    # Through the application, not a link to the store: the permission check above is the gate.
    if not storage.exists(attachment.key):
        raise Http404(_("The stored file is missing."))
    response = FileResponse(
        storage.open(attachment.key, "rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.media_type,
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered it, nothing in it may run or load.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = visible_attachment(request.user, pk)
    target = attachment.target
    delete_attachment(attachment, user=request.user)  # PermissionDenied → 403 for non-central users
    messages.success(request, _("Deleted the evidence file %(name)s.") % {"name": attachment.file_name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(target.get_absolute_url() if hasattr(target, "get_absolute_url") else "home")


app_name = "attachments"
urlpatterns = [
    path("<int:pk>/", download, name="download"),
    path("<int:pk>/delete/", delete, name="delete"),
]
