"""``GET /api/inbox/``: my work, the same list as the inbox page."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import inbox

InboxItem = inline_serializer(
    "InboxItem",
    {
        "kind": serializers.CharField(help_text="The step: update_propose, update_review, …"),
        "action": serializers.CharField(help_text="What is to be done, in the request's language."),
        "record": serializers.CharField(help_text="The record's name."),
        "record_model": serializers.CharField(help_text="app_label.Model of the record."),
        "record_id": serializers.IntegerField(),
        "entity": serializers.CharField(allow_null=True, help_text="The entity's code."),
        "due_date": serializers.DateField(allow_null=True),
        "overdue": serializers.BooleanField(),
        "returned": serializers.BooleanField(),
        "return_reason": serializers.CharField(allow_blank=True),
        "url": serializers.CharField(help_text="The page where the step is taken."),
    },
    many=True,
)


@extend_schema(
    responses=inline_serializer("Inbox", {"count": serializers.IntegerField(), "results": InboxItem}),
    description="Every workflow step waiting for the authenticated user, overdue first.",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def inbox_api(request: Request) -> Response:
    work = inbox.items(request.user)
    results = [
        {
            "kind": item.kind,
            "action": item.action_label,
            "record": item.record,
            "record_model": item.obj._meta.label,
            "record_id": item.obj.pk,
            "entity": getattr(item.entity, "code", None),
            "due_date": item.due.isoformat() if item.due else None,
            "overdue": item.overdue,
            "returned": item.returned,
            "return_reason": item.return_reason,
            "url": request.build_absolute_uri(item.url),
        }
        for item in work
    ]
    return Response({"count": len(results), "results": results})
