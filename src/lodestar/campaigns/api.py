"""The assignment workflow over the API, at /campaigns/api/assignment/<id>/<action>/ (the generic
API has no hook for extra actions), with the same authentication as /api/: answers (JSON object of
question code → answer), upload (multipart: item code and file), submit, accept, return (reason)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lodestar.core.api.viewsets import as_api_error
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import VIEW, restrict
from lodestar.core.services import ConflictError

from . import services
from .models import Assignment, CampaignItem

ACTIONS = ("answers", "upload", "submit", "accept", "return")
API = ObjectChange.Source.API


def _state(assignment: Assignment) -> dict[str, Any]:
    assignment.refresh_from_db()
    files = {f.item.code: f for f in assignment.section_files.select_related("item")}
    return {
        "id": assignment.pk,
        "campaign": assignment.campaign.code,
        "entity": assignment.entity.code,
        "state": assignment.state,
        "version": assignment.version,
        "return_reason": assignment.return_reason,
        "answers": {a.item.code: a.value for a in assignment.answers.select_related("item")},
        "sections": {
            code: {"file": f.filename, "rows": f.row_count, "problems": f.problems}
            for code, f in files.items()
        },
    }


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=dict.fromkeys((200, 400, 403, 404, 409), OpenApiTypes.OBJECT),
    description="Answer, upload a section, submit (focal point); accept or return (central analyst).",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser, MultiPartParser, FormParser])
def assignment_action(request: Request, pk: int, action: str) -> Response:
    assignment = (
        restrict(request.user, VIEW, Assignment.objects.select_related("campaign", "entity"))
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        return Response({"detail": _("No such record, or it is outside your entities.")}, status=404)
    if request.method == "GET":
        return Response(_state(assignment))
    data = request.data if hasattr(request.data, "get") else {}
    raw = data.get("version")
    version = int(raw) if str(raw or "").isdigit() else None
    try:
        if action == "answers":
            values = data.get("answers", data)
            values = (
                {str(k): str(v) for k, v in values.items() if k != "version"}
                if hasattr(values, "items")
                else {}
            )
            problems = services.save_answers(assignment, values, user=request.user, source=API)
            if problems:
                return Response({"answers": problems}, status=400)
        elif action == "upload":
            file = request.FILES.get("file")
            item = assignment.campaign.items.filter(
                code=data.get("item", ""), kind=CampaignItem.Kind.SECTION
            ).first()
            if file is None or item is None:
                return Response(
                    {"detail": _("Send the section's code as 'item' and the spreadsheet as 'file'.")},
                    status=400,
                )
            saved = services.upload_section(
                assignment, item, content=file.read(), filename=file.name, user=request.user, source=API
            )
            if saved.problems:
                return Response({"problems": saved.problems, **_state(assignment)}, status=400)
        elif action == "submit":
            services.submit(assignment, user=request.user, source=API, expected_version=version)
        elif action == "accept":
            services.accept(assignment, user=request.user, source=API, expected_version=version)
        else:
            services.return_(
                assignment,
                reason=str(data.get("reason", "")),
                user=request.user,
                source=API,
                expected_version=version,
            )
    except (PermissionDenied, ConflictError, ValidationError) as error:
        raise as_api_error(error) from error
    return Response(_state(assignment))
