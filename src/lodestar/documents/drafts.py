"""Drafts: a document rendered from the current data, in one language and format, by the background
worker rather than inside the request (assembling a long document and laying it out as PDF takes
the CPU of many requests).

``find_or_queue`` answers a request: the person's finished draft of that document, language and
format at the current data version (the newest history record's id, core.scoped_cache) when there
is one, else the unfinished one already queued for the same key, else a new draft and its task.
The task renders exactly what the request used to render (``services.render_document`` with the
person's permissions) and keeps the bytes and their sha256; a failure is kept with its message.
The command line (``./lodestar document``) still renders in the process: no request to protect.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lodestar.core import tasks
from lodestar.core.scoped_cache import generation
from lodestar.core.tasks import task

from . import services
from .access import readable_documents
from .models import Document, DraftRendering

KEPT_FOR = timedelta(days=1)  # the housekeeping deletes drafts older than this
PURGE_EVERY = timedelta(hours=1)


@task()
def render_draft(document_id: int, lang: str, fmt: str, user_id: int, draft_id: int) -> dict[str, Any]:
    """Render the document for that person, as the request did, and keep the bytes on the draft.
    A refusal or a failed rendering is kept on the draft with its message, then raised again, so
    that the task is recorded failed too (with its traceback, for operators)."""
    draft = DraftRendering.objects.get(pk=draft_id)
    try:
        user = get_user_model().objects.get(pk=user_id, is_active=True)
        record = readable_documents(user).filter(pk=document_id).first()
        if record is None:
            raise PermissionDenied(_("No such document, or it is outside your entities."))
        content = services.render_document(record, lang, fmt, user=user)
    except Exception as error:
        draft.error = str(error) or type(error).__name__
        draft.finished = timezone.now()
        draft.save(update_fields=["error", "finished"])
        raise
    draft.content = content
    draft.sha256 = hashlib.sha256(content).hexdigest()
    draft.finished = timezone.now()
    draft.save(update_fields=["content", "sha256", "finished"])
    # Only the newest rendering of the same thing is worth keeping for this person.
    DraftRendering.objects.filter(
        document_id=document_id, language=lang, format=fmt, requested_by_id=user_id, pk__lt=draft.pk
    ).exclude(finished=None).delete()
    return {"draft": draft.pk, "sha256": draft.sha256, "bytes": len(content)}


@task()
def purge_drafts() -> dict[str, int]:
    """Scheduled with the worker's housekeeping: drafts older than a day go."""
    deleted, _by_model = DraftRendering.objects.filter(created__lt=timezone.now() - KEPT_FOR).delete()
    return {"deleted": deleted}


def schedule() -> None:
    if (purge_drafts, PURGE_EVERY) not in tasks.scheduled:
        tasks.scheduled.append((purge_drafts, PURGE_EVERY))


def _task_result(draft: DraftRendering) -> Any:
    from django_tasks_db.models import DBTaskResult

    if not draft.task_id:
        return None
    return DBTaskResult.objects.filter(pk=draft.task_id).first()


def refresh(draft: DraftRendering) -> DraftRendering:
    """An unfinished draft whose task failed without reaching it (its worker died and the task was
    reaped, or the task vanished) is finished with the task's reason, so that it is asked again."""
    if draft.finished is not None:
        return draft
    result = _task_result(draft)
    if result is not None and result.status != "FAILED":
        return draft
    if result is None and draft.task_id == "":
        return draft  # being queued in another request's transaction
    lines = ((result.traceback or "") if result is not None else "").strip().splitlines()
    draft.error = (lines[-1] if lines else "") or _("The background task was lost.")
    draft.finished = timezone.now()
    draft.save(update_fields=["error", "finished"])
    return draft


def status(draft: DraftRendering) -> str:
    """READY (waiting for the worker), RUNNING, SUCCESSFUL or FAILED, as for the issue tasks."""
    if draft.finished is not None:
        return "FAILED" if draft.error else "SUCCESSFUL"
    result = _task_result(draft)
    return "RUNNING" if result is not None and result.status == "RUNNING" else "READY"


def find_or_queue(record: Document, lang: str, fmt: str, *, user: Any) -> DraftRendering:
    """The person's draft for the current data: finished, on its way, or queued now."""
    version = generation()
    key = {"document": record, "language": lang, "format": fmt, "requested_by": user, "data_version": version}
    found = DraftRendering.objects.filter(**key).exclude(finished__isnull=False, error__gt="").first()
    if found is not None:
        found = refresh(found)
        if not found.error:
            return found
    try:
        with transaction.atomic():
            draft = DraftRendering.objects.create(**key)
            result = render_draft.enqueue(
                document_id=record.pk, lang=lang, fmt=fmt, user_id=user.pk, draft_id=draft.pk
            )
            draft.task_id = str(result.id)
            draft.save(update_fields=["task_id"])
    except IntegrityError:  # another request queued the same one a moment ago
        return DraftRendering.objects.get(finished__isnull=True, **key)
    return draft


def of_user(record: Document, draft_id: int, user: Any) -> DraftRendering | None:
    """One of this person's drafts of the document (nobody else's)."""
    draft = DraftRendering.objects.filter(pk=draft_id, document=record, requested_by=user).first()
    return refresh(draft) if draft is not None else None
