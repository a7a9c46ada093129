"""Large imports as background work: the check (the preview) and the commit of a big file run in
the worker (``./lodestar worker``, or the demo's own thread), so that no request spends more than
a moment of CPU on it; the import page and the API follow the batch until it is done.

- ``runs_in_background`` decides from a cheap estimate of the file's cells (no parsing: the bytes
  of a CSV's lines, the unpacked size of a workbook's sheet); small files stay synchronous.
- ``queue_check`` keeps the upload as a batch ``checking`` and enqueues ``check_import``;
  ``queue_commit`` marks a previewed batch ``committing`` (once: a second click finds it so) and
  enqueues ``commit_import``. The commit is the same all-or-nothing ``importing.commit_batch``.
- Progress (rows done / rows in the file) goes to the cache, not the database: the check and the
  commit run inside one transaction, which no other connection can see into until it ends. With
  a shared cache (LODESTAR_CACHE_URL) every application server sees it; without one, only the
  process running the worker (the demo) does, and others show the bar without a count.
- A task that fails, or is reaped as stuck, leaves its batch ``refused`` with the reason, and
  nothing of the file written.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from . import importing
from .models import ImportBatch
from .registry import Registration, registry
from .tasks import task

ACTIVE = (ImportBatch.Status.CHECKING, ImportBatch.Status.COMMITTING)
# Bytes of worksheet XML per cell, at the least (<c r="A1" t="s"><v>0</v></c>): the unpacked size
# divided by it over-estimates the cells, so a doubtful file goes to the worker.
XML_BYTES_PER_CELL = 20
PREVIEW_ROWS = 500  # rows of a background preview kept for the page (the counts cover them all)


def estimated_cells(content: bytes, filename: str) -> int:
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                sheets = [i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
        except zipfile.BadZipFile:
            return 0  # refused at once by the synchronous path, with its message
        return max(sheets, default=0) // XML_BYTES_PER_CELL
    first_line = content[: content.find(b"\n")] if b"\n" in content else content
    width = max(first_line.count(b","), first_line.count(b";"), first_line.count(b"\t")) + 1
    return content.count(b"\n") * width


def runs_in_background(content: bytes, filename: str) -> bool:
    return estimated_cells(content, filename) >= settings.LODESTAR_IMPORT_BACKGROUND_CELLS


# Progress ---------------------------------------------------------------------------------------


def _progress_key(batch_id: int) -> str:
    return f"lodestar:import-progress:{batch_id}"


def _reporter(batch_id: int) -> importing.Progress:
    def report(done: int, total: int) -> None:
        cache.set(_progress_key(batch_id), (done, total), timeout=24 * 3600)

    return report


def progress_of(batch: ImportBatch) -> tuple[int | None, int]:
    """(rows done or None when not known here, rows in the file or 0 before it is read)."""
    known = cache.get(_progress_key(batch.pk))
    if known is None:
        return None, batch.rows_total
    return int(known[0]), int(known[1])


# Queueing -------------------------------------------------------------------------------------


def queue_check(registration: Registration, *, content: bytes, filename: str, user: Any) -> ImportBatch:
    from django.utils import timezone

    importing.prune_uploads(now=timezone.now())
    batch = ImportBatch.objects.create(
        user=user,
        model_label=registration.label,
        filename=filename[:255],
        content=content,
        status=ImportBatch.Status.CHECKING,
        # The messages are written in the language of the person who uploaded the file.
        summary={"language": translation.get_language() or settings.LANGUAGE_CODE},
    )
    result = check_import.enqueue(batch_id=batch.pk)
    batch.task_id = str(result.id)
    batch.save(update_fields=["task_id"])
    return batch


def queue_commit(batch_id: int, *, user: Any) -> ImportBatch:
    """Hand a previewed batch to the worker for its commit, exactly once."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, user=user).first()
        if batch is None:
            raise ImportBatch.DoesNotExist
        if batch.status != ImportBatch.Status.PREVIEW:
            raise importing.AlreadyCommitted(
                _("This import is already being committed.")
                if batch.status == ImportBatch.Status.COMMITTING
                else _("This import was already committed.")
                if batch.status == ImportBatch.Status.COMMITTED
                else _("This import was refused; upload the corrected file again.")
            )
        cache.delete(_progress_key(batch.pk))
        result = commit_import.enqueue(batch_id=batch.pk)
        batch.status = ImportBatch.Status.COMMITTING
        batch.task_id = str(result.id)
        batch.summary = {**batch.summary, "language": translation.get_language() or settings.LANGUAGE_CODE}
        batch.save(update_fields=["status", "task_id", "summary"])
    return batch


def in_background(batch: ImportBatch) -> bool:
    """A batch checked by the worker is committed by it too."""
    return bool(batch.task_id)


def refresh(batch: ImportBatch) -> ImportBatch:
    """The batch as it stands; one whose task failed or was reaped without saying so (its worker
    was killed) is marked refused with the task's reason."""
    if batch.status not in ACTIVE or not batch.task_id:
        return batch
    from django_tasks_db.models import DBTaskResult

    task_result = DBTaskResult.objects.filter(pk=batch.task_id).first()
    if task_result is not None and task_result.status == "FAILED":
        reason = (task_result.traceback or "").strip().splitlines()[-1:] or [task_result.exception_class_path]
        _refuse(batch.pk, reason[0], language=batch.summary.get("language"))
        batch.refresh_from_db()
    return batch


# Results kept for the page --------------------------------------------------------------------


def summary_of(result: importing.ImportResult, language: str | None) -> dict[str, Any]:
    return {
        **result.counts(),
        "errors": result.messages()[:1000],
        "error_count": result.error_count,
        "rows": [[r.row, r.action, r.label] for r in result.rows[:PREVIEW_ROWS] if not r.errors],
        "language": language,
    }


def stored_result(batch: ImportBatch) -> importing.ImportResult:
    """The result of a background check, rebuilt from the batch for the page and the API (the rows
    shown, all the error messages kept)."""
    summary = batch.summary or {}
    rows = [importing.RowResult(row=n, action=a, label=label) for n, a, label in summary.get("rows", [])]
    return importing.ImportResult(file_errors=list(summary.get("errors", [])), rows=rows)


def _refuse(batch_id: int, reason: str, *, language: str | None) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        message = _("The import stopped with an error; nothing was written: %(error)s") % {"error": reason}
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    summary = {**(batch.summary or {}), "errors": [message], "error_count": 1, "rows": []}
    ImportBatch.objects.filter(pk=batch_id, status__in=ACTIVE).update(
        status=ImportBatch.Status.REFUSED, summary=summary
    )


# The tasks ------------------------------------------------------------------------------------


@task()
def check_import(batch_id: int) -> dict[str, Any]:
    """The preview of a large upload: every row checked as the synchronous preview does."""
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    if batch.status != ImportBatch.Status.CHECKING:
        return {"status": batch.status}
    language = batch.summary.get("language")
    report = _reporter(batch.pk)

    def progress(done: int, total: int) -> None:
        if done == 0 and total != batch.rows_total:
            batch.rows_total = total
            ImportBatch.objects.filter(pk=batch.pk).update(rows_total=total)
        report(done, total)

    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            result = importing.read(
                registry.by_label(batch.model_label),
                content=bytes(batch.content),
                filename=batch.filename,
                user=batch.user,
                max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES,
                progress=progress,
            )
    except Exception as error:
        _refuse(batch.pk, f"{type(error).__name__}: {error}", language=language)
        raise
    report(len(result.rows), len(result.rows))
    status = ImportBatch.Status.PREVIEW if result.ok else ImportBatch.Status.REFUSED
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.CHECKING).update(
        status=status, summary=summary_of(result, language)
    )
    return {"status": status, **result.counts()}


@task()
def commit_import(batch_id: int) -> dict[str, Any]:
    """The commit of a large upload checked in the background: all rows or none."""
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    language = batch.summary.get("language")
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            committed, result = importing.commit_batch(
                batch.pk,
                user=batch.user,
                max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES,
                expected=ImportBatch.Status.COMMITTING,
                progress=_reporter(batch.pk),
            )
    except importing.AlreadyCommitted:
        return {"status": ImportBatch.objects.get(pk=batch_id).status}
    except Exception as error:
        _refuse(batch.pk, f"{type(error).__name__}: {error}", language=language)
        raise
    if not result.ok:
        # Refused at commit (the data changed since the preview): the messages row by row.
        ImportBatch.objects.filter(pk=batch.pk).update(summary=summary_of(result, language))
    else:
        ImportBatch.objects.filter(pk=batch.pk).update(
            summary={**result.counts(), "language": language, "rows": [], "errors": []}
        )
    return {"status": committed.status, **result.counts()}


__all__ = [
    "check_import",
    "commit_import",
    "estimated_cells",
    "in_background",
    "progress_of",
    "queue_check",
    "queue_commit",
    "refresh",
    "runs_in_background",
    "stored_result",
]
