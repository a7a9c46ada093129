"""Background work from the web: start the data-quality checks now, and follow a task's status.

Only the CIO office (administrators and central analysts at the root of the tree, or superusers)
may start checks; the status answers only for a task of this kind.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from . import permissions as p
from .tasks import data_quality_checks


def _may_run_checks(user: Any) -> bool:
    if user.is_superuser:
        return True
    return any(role in p.CENTRAL and path.count("/") == 2 for role, path in p._grants(user))


@login_required
@require_POST
def start_checks(request: HttpRequest) -> JsonResponse:
    if not _may_run_checks(request.user):
        raise PermissionDenied
    result = data_quality_checks.enqueue()
    return JsonResponse({"id": str(result.id), "status": str(result.status)}, status=202)


@login_required
@require_GET
def task_status(request: HttpRequest, pk: str) -> JsonResponse:
    from django_tasks_db.models import DBTaskResult

    if not _may_run_checks(request.user):
        raise PermissionDenied
    result = DBTaskResult.objects.filter(pk=pk, task_path=data_quality_checks.module_path).first()
    if result is None:
        raise Http404
    return JsonResponse(
        {
            "id": str(result.pk),
            "status": result.status,
            "worker_ids": result.worker_ids,
            "result": result.return_value if result.status == "SUCCESSFUL" else None,
        }
    )
