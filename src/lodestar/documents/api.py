"""Documents over the API (same authentication as /api/): a record's tables and issued versions, a
rendering in a language and format, issuing a language version, opening a corrigendum. The records
themselves are created and edited through the generic API (/api/documents/document/)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from lodestar.core.api.viewsets import as_api_error
from lodestar.core.languages import DATA_LANGUAGES

from . import jobs, services
from .access import readable_documents
from .models import Document
from .render import CONTENT_TYPES, FORMATS, file_name
from .tables import definition_of

NOT_FOUND = {"detail": "No such document, or it is outside your entities."}


def _record(request: Request, pk: int) -> Document | None:
    return readable_documents(request.user).filter(pk=pk).first()


def _issue_payload(record: Document, item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "language": item.language,
        "corrigendum": item.corrigendum.number if item.corrigendum_id else None,
        "issued_at": item.issued_at.isoformat(),
        "files": {
            f.format: {
                "sha256": f.sha256,
                "url": reverse("documents:issued_file", args=[record.pk, item.pk, f.format]),
            }
            for f in item.files.all()
        },
    }


@extend_schema(
    responses=dict.fromkeys((200, 404), OpenApiTypes.OBJECT), description="A document's tables and issues."
)
@api_view(["GET"])
def document_detail(request: Request, pk: int) -> Response:
    record = _record(request, pk)
    if record is None:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    definition = definition_of(record)
    return Response(
        {
            "symbol": record.symbol,
            "document_type": record.document_type,
            "parameters": record.parameters,
            "tables": list(definition.tables),
            "issues": [_issue_payload(record, i) for i in record.issues.select_related("corrigendum")],
            "corrigenda": [
                {"number": c.number, "reason": c.reason, "open": c.is_open} for c in record.corrigenda.all()
            ],
            "tasks": [_task_payload(request, record, t) for t in jobs.recent(record)],
        }
    )


def _task_payload(request: Request, record: Document, described: dict[str, Any]) -> dict[str, Any]:
    payload = {
        **described,
        "enqueued_at": described["enqueued_at"].isoformat() if described["enqueued_at"] else None,
        "finished_at": described["finished_at"].isoformat() if described["finished_at"] else None,
        "url": request.build_absolute_uri(reverse("documents:api_task", args=[record.pk, described["id"]])),
    }
    if described["issue"]:
        item = record.issues.select_related("corrigendum").filter(pk=described["issue"]).first()
        payload["issue"] = _issue_payload(record, item) if item else None
    return payload


@extend_schema(responses=dict.fromkeys((200, 404), OpenApiTypes.OBJECT), description="An issue task.")
@api_view(["GET"])
def document_task(request: Request, pk: int, task_id: str) -> Response:
    """Where the background issue of a language version stands: READY, RUNNING, SUCCESSFUL (with
    the issue and its files) or FAILED (with the reason)."""
    record = _record(request, pk)
    described = jobs.one(record, task_id) if record is not None else None
    if described is None:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    return Response(_task_payload(request, record, described))


@extend_schema(
    responses={200: OpenApiTypes.BINARY, 404: OpenApiTypes.OBJECT}, description="Render from current data."
)
@api_view(["GET"])
def document_render(request: Request, pk: int, lang: str, fmt: str) -> Any:
    record = _record(request, pk)
    if record is None or lang not in DATA_LANGUAGES or fmt not in FORMATS:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    as_issued = request.query_params.get("as_issued") == "1"
    try:
        content = services.render_document(record, lang, fmt, user=request.user, as_issued=as_issued)
    except ValueError as error:
        return Response({"detail": str(error)}, status=404)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(record.symbol, lang, fmt)}"'
    return response


@extend_schema(
    request=OpenApiTypes.OBJECT, responses=dict.fromkeys((202, 400, 403, 404), OpenApiTypes.OBJECT)
)
@api_view(["POST"])
def document_issue(request: Request, pk: int) -> Response:
    """Issue a language version ({"lang": "ar"}) in the background: 202 and the task's URL, which
    answers with the issue and each format's sha256 once it is done."""
    record = _record(request, pk)
    if record is None:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    try:
        task_id = jobs.queue_issue(record, str(request.data.get("lang", "")), user=request.user)
    except (ValidationError, PermissionDenied) as error:
        raise as_api_error(error) from error
    return Response(_task_payload(request, record, jobs.one(record, task_id)), status=202)


@extend_schema(
    request=OpenApiTypes.OBJECT, responses=dict.fromkeys((201, 400, 403, 404), OpenApiTypes.OBJECT)
)
@api_view(["POST"])
def document_corrigendum(request: Request, pk: int) -> Response:
    """Open a corrigendum ({"reason": "..."}): the document's facts may be edited until it is issued."""
    record = _record(request, pk)
    if record is None:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    try:
        corrigendum = services.open_corrigendum(
            record, reason=str(request.data.get("reason", "")), user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        raise as_api_error(error) from error
    return Response({"number": corrigendum.number, "reason": corrigendum.reason, "open": True}, status=201)
