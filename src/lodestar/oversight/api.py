"""The closure workflow over the API: propose, review, validate or return a status update.

The generic API (core.api) reads and writes the register; the workflow steps have their own
policies (services.transition), so they are offered here, at
/oversight/api/update/<id>/<propose|review|validate|return>/, with the same authentication as /api/.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from lodestar.core.api.serializers import serializer_class
from lodestar.core.api.viewsets import as_api_error
from lodestar.core.registry import registry

from . import queries, services
from .models import StatusUpdate

ACTIONS = (services.PROPOSE, services.REVIEW, services.VALIDATE, services.RETURN)


def _text(data: Any, name: str) -> str:
    value = data.get(name, "") if hasattr(data, "get") else ""
    return "" if value is None else str(value)


@extend_schema(
    request=inline_serializer(
        "StatusUpdateStep",
        {
            "reason": serializers.CharField(required=False, help_text="Why it is returned (return only)."),
            "assessed_status": serializers.CharField(
                required=False, help_text="The status the oversight body assesses (validate only)."
            ),
            "assessed_comment": serializers.CharField(required=False),
        },
    ),
    responses=dict.fromkeys((200, 400, 403, 404), OpenApiTypes.OBJECT),
    description="Propose (responsible entity), review (central analyst), validate or return "
    "(oversight reviewer) a status update of a recommendation.",
)
@api_view(["POST"])
def status_update_step(request: Request, pk: int, action: str) -> Response:
    update = queries.visible_updates(request.user).filter(pk=pk).first()
    if update is None:
        return Response({"detail": _("No such record, or it is outside your entities.")}, status=404)
    try:
        saved = services.transition(
            update,
            action,
            user=request.user,
            reason=_text(request.data, "reason"),
            assessed_status=_text(request.data, "assessed_status"),
            assessed_comment=_text(request.data, "assessed_comment"),
        )
    except (PermissionDenied, ValidationError) as error:
        raise as_api_error(error) from error
    data = dict(serializer_class(registry[StatusUpdate])(saved, context={"request": request}).data)
    # The workflow fields are not editable through the generic API, so they are not serialised there.
    data.update(
        {
            "state": saved.state,
            "assessed_status": saved.assessed_status,
            "return_reason": saved.return_reason,
            "allowed_actions": services.allowed_actions(request.user, saved),
        }
    )
    return Response(data)
