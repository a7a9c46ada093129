"""Documents over the API (same authentication as /api/): a record's tables and issued versions, a
rendering in a language and format (from the current data by the background worker: 202 and the
draft to poll, then the file), issuing a language version, opening a corrigendum. The records
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

from . import drafts, jobs, services
from .access import readable_documents
from .models import Document, DraftRendering
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


def _file_response(content: bytes, symbol: str, lang: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(symbol, lang, fmt)}"'
    return response


def _draft_payload(request: Request, record: Document, draft: DraftRendering) -> dict[str, Any]:
    status = drafts.status(draft)
    done = status == "SUCCESSFUL"
    return {
        "id": draft.pk,
        "language": draft.language,
        "format": draft.format,
        "status": status,
        "error": draft.error,
        "data_version": draft.data_version,
        "created": draft.created.isoformat(),
        "finished": draft.finished.isoformat() if draft.finished else None,
        "sha256": draft.sha256 if done else None,
        "url": request.build_absolute_uri(reverse("documents:api_draft", args=[record.pk, draft.pk])),
        "download_url": request.build_absolute_uri(
            reverse("documents:api_draft_file", args=[record.pk, draft.pk])
        )
        if done
        else None,
    }


@extend_schema(
    responses={200: OpenApiTypes.BINARY, 202: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    description="Render from the current data: the file when the caller's draft of the current data "
    "is ready (200), else 202 and the URL of the draft to poll. ?as_issued=1 renders the latest issue.",
)
@api_view(["GET"])
def document_render(request: Request, pk: int, lang: str, fmt: str) -> Any:
    record = _record(request, pk)
    if record is None or lang not in DATA_LANGUAGES or fmt not in FORMATS:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    if request.query_params.get("as_issued") == "1":  # the stored snapshot: cheap, in the request
        try:
            content = services.render_document(record, lang, fmt, user=request.user, as_issued=True)
        except ValueError as error:
            return Response({"detail": str(error)}, status=404)
        return _file_response(content, record.symbol, lang, fmt)
    draft = drafts.find_or_queue(record, lang, fmt, user=request.user)
    if draft.ready:
        return _file_response(bytes(draft.content), record.symbol, lang, fmt)
    return Response(_draft_payload(request, record, draft), status=202)


@extend_schema(
    responses=dict.fromkeys((200, 404), OpenApiTypes.OBJECT),
    description="Where one of the caller's draft renderings stands (READY, RUNNING, SUCCESSFUL with "
    "its download URL, FAILED with the reason).",
)
@api_view(["GET"])
def document_draft(request: Request, pk: int, draft_pk: int) -> Response:
    record = _record(request, pk)
    draft = drafts.of_user(record, draft_pk, request.user) if record is not None else None
    if draft is None:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    return Response(_draft_payload(request, record, draft))


@extend_schema(
    responses={200: OpenApiTypes.BINARY, 404: OpenApiTypes.OBJECT},
    description="The bytes of one of the caller's finished draft renderings.",
)
@api_view(["GET"])
def document_draft_file(request: Request, pk: int, draft_pk: int) -> Any:
    record = _record(request, pk)
    draft = drafts.of_user(record, draft_pk, request.user) if record is not None else None
    if draft is None or not draft.ready:
        return Response({"detail": _(NOT_FOUND["detail"])}, status=404)
    response = _file_response(bytes(draft.content), record.symbol, draft.language, draft.format)
    response["X-Content-SHA256"] = draft.sha256
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
