"""Issuing a document's language version as background work: rendering every format (HTML, PDF,
DOCX, XLSX) of a long document takes the CPU of many requests, so the worker does it and the
document page and the API show where it stands.

``queue_issue`` checks at once what ``services.issue`` would refuse (permission, no such language
version, already issued without an open corrigendum, one already on its way) so that the person
hears it on the spot; the task then calls ``services.issue``, which checks again and writes the
issue and its files in one transaction: a failed rendering leaves nothing half-issued.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lodestar.core.tasks import task
from lodestar.core.translation import LANGUAGE_LABELS

from . import services
from .models import Document

UNFINISHED = ("READY", "RUNNING")
SHOWN_FOR = timedelta(days=1)  # finished tasks stay on the document page this long


@task()
def issue_language_version(document_id: int, lang: str, user_id: int | None) -> dict[str, Any]:
    record = Document.objects.get(pk=document_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    item = services.issue(record, lang, user=user)
    return {
        "issue": item.pk,
        "language": item.language,
        "files": {f.format: f.sha256 for f in item.files.all()},
    }


def _tasks_of(record: Document) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=issue_language_version.module_path, args_kwargs__kwargs__document_id=record.pk
    )


def queue_issue(record: Document, lang: str, *, user: Any) -> str:
    """Enqueue the issue of ``lang``; returns the task's id. Refuses with ValidationError or
    PermissionDenied what the issue itself would refuse."""
    services.check_issuable(record, lang, user=user)
    if _tasks_of(record).filter(status__in=UNFINISHED, args_kwargs__kwargs__lang=lang).exists():
        raise ValidationError(
            _("%(symbol)s is already being issued in this language.") % {"symbol": record.symbol}
        )
    result = issue_language_version.enqueue(
        document_id=record.pk, lang=lang, user_id=getattr(user, "pk", None)
    )
    return str(result.id)


def describe(result: Any) -> dict[str, Any]:
    """A task as the page and the API show it: language, status, when, and the reason of a failure
    (its last line: the refusal's message, not the traceback)."""
    error = ""
    lang = result.args_kwargs.get("kwargs", {}).get("lang", "")
    if result.status == "FAILED":
        lines = (result.traceback or "").strip().splitlines()
        error = lines[-1] if lines else result.exception_class_path
    return {
        "id": str(result.pk),
        "language": lang,
        "language_label": LANGUAGE_LABELS.get(lang, lang),
        "status": result.status,
        "enqueued_at": result.enqueued_at,
        "finished_at": result.finished_at,
        "error": error,
        "issue": (result.return_value or {}).get("issue") if result.status == "SUCCESSFUL" else None,
    }


def recent(record: Document) -> list[dict[str, Any]]:
    """The document's unfinished issue tasks, and those finished within a day, newest first."""
    since = timezone.now() - SHOWN_FOR
    shown = _tasks_of(record).filter(enqueued_at__gte=since).order_by("-enqueued_at")[:20]
    return [describe(r) for r in shown]


def one(record: Document, task_id: str) -> dict[str, Any] | None:
    try:
        found = _tasks_of(record).filter(pk=task_id).first()
    except (ValueError, ValidationError):  # not a task id at all
        return None
    return describe(found) if found is not None else None
