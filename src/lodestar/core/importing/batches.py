"""Uploaded files kept as batches: preview now, commit later, exactly once (web, API, CLI)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ImportBatch
from ..registry import Registration, registry
from .results import ImportResult, Progress
from .rows import read, validate


def preview_upload(
    registration: Registration, *, content: bytes, filename: str, user: Any, max_bytes: int
) -> tuple[ImportBatch, ImportResult]:
    """Read and check an uploaded file and keep it as a batch to commit later (web, API, CLI)."""
    from django.utils import timezone

    prune_uploads(now=timezone.now())
    result = read(registration, content=content, filename=filename, user=user, max_bytes=max_bytes)
    batch = ImportBatch.objects.create(
        user=user,
        model_label=registration.label,
        filename=filename[:255],
        content=content,
        status=ImportBatch.Status.PREVIEW if result.ok else ImportBatch.Status.REFUSED,
        summary={**result.counts(), "errors": result.messages()[:1000]},
    )
    return batch, result


def prune_uploads(*, now: Any) -> int:
    """Forget the content of uploaded files older than LODESTAR_IMPORT_KEEP_HOURS (the batch row and
    its summary stay, so the history entries that name it still say which file they came from).
    Runs on every upload and from ``./lodestar prune_imports``."""
    import datetime as dt

    from django.conf import settings

    hours = float(getattr(settings, "LODESTAR_IMPORT_KEEP_HOURS", 24 * 7))
    old = ImportBatch.objects.filter(created__lt=now - dt.timedelta(hours=hours)).exclude(content=b"")
    # A preview never committed in that time can no longer be committed: mark it refused.
    old.filter(status=ImportBatch.Status.PREVIEW).update(status=ImportBatch.Status.REFUSED)
    return old.update(content=b"")


class AlreadyCommitted(Exception):
    """A second commit of the same preview (a double click, a retried request)."""


def commit_batch(
    batch_id: int,
    *,
    user: Any,
    max_bytes: int,
    expected: str = ImportBatch.Status.PREVIEW,
    progress: Progress | None = None,
) -> tuple[ImportBatch, ImportResult]:
    """Commit a previewed upload exactly once: the batch row is locked for the whole commit, so a
    concurrent second commit waits, then finds it committed and writes nothing. All rows or none.
    The background commit (core.importjobs) finds the batch marked ``committing`` instead."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, user=user).first()
        if batch is None:
            raise ImportBatch.DoesNotExist
        if batch.status != expected:
            raise AlreadyCommitted(
                _("This import was already committed.")
                if batch.status == ImportBatch.Status.COMMITTED
                else _("This import was refused; upload the corrected file again.")
            )
        registration = registry.by_label(batch.model_label)
        result = read(
            registration,
            content=bytes(batch.content),
            filename=batch.filename,
            user=user,
            max_bytes=max_bytes,
            batch=batch,
            write=True,
            progress=progress,
        )
        if result.ok:
            batch.status = ImportBatch.Status.COMMITTED
            batch.summary = result.counts()
            batch.save(update_fields=["status", "summary"])
            return batch, result
    # Refused at commit (the data changed since the preview): nothing of the file was kept.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.REFUSED, summary={**result.counts(), "errors": result.messages()[:1000]}
    )
    batch.status = ImportBatch.Status.REFUSED
    return batch, result


class FileNotKept(Exception):
    """A kept upload whose content was pruned (LODESTAR_IMPORT_KEEP_HOURS): choose the file again."""


def recheck_batch(
    batch_id: int, *, registration: Registration, user: Any, max_bytes: int
) -> tuple[ImportBatch, ImportResult]:
    """Check a kept upload again, without uploading it anew: after a refused preview the person
    corrects what the file names (a vocabulary code, a parent record) and asks again. The same
    batch becomes a preview that can be committed, or stays refused with the new messages."""
    from django.utils import timezone

    prune_uploads(now=timezone.now())
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, user=user, model_label=registration.label)
            .first()
        )
        if batch is None:
            raise ImportBatch.DoesNotExist
        if batch.status not in (ImportBatch.Status.REFUSED, ImportBatch.Status.PREVIEW):
            raise AlreadyCommitted(
                _("This import was already committed.")
                if batch.status == ImportBatch.Status.COMMITTED
                else _("This import is already being committed.")
            )
        if not batch.content:
            raise FileNotKept(
                _("The file %(file)s is no longer kept; choose it again.") % {"file": batch.filename}
            )
        result = read(
            registration,
            content=bytes(batch.content),
            filename=batch.filename,
            user=user,
            max_bytes=max_bytes,
        )
        batch.status = ImportBatch.Status.PREVIEW if result.ok else ImportBatch.Status.REFUSED
        batch.summary = {**result.counts(), "errors": result.messages()[:1000]}
        batch.task_id = ""  # checked here, so committed here too
        batch.save(update_fields=["status", "summary", "task_id"])
    return batch, result


def commit(
    registration: Registration, result: ImportResult, *, user: Any, batch: ImportBatch | None
) -> dict[str, int]:
    """Write a validated sheet kept in ``result`` (used by code that built the sheet itself)."""
    if not result.ok:
        raise ValidationError(result.messages())
    if result.sheet is None:
        raise ValueError("commit needs the result of validate()")
    written = validate(registration, result.sheet, user, batch=batch, write=True)
    if not written.ok:
        raise ValidationError(
            [_("Nothing was written: %(error)s") % {"error": m} for m in written.messages()]
        )
    return written.counts()
