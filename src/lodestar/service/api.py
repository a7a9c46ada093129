"""Uploading a ticket export over the API, at /service/api/tickets/upload/ (multipart: entity code,
format code, file), with the same authentication as /api/; the batch and its KPIs are then read
through the generic API (/api/service/ticketbatch/, /api/service/kpiobservation/)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lodestar.core.api.viewsets import as_api_error
from lodestar.core.permissions import VIEW, restrict
from lodestar.org.models import Entity

from . import ingest
from .tickets import TicketFormat


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=dict.fromkeys((201, 400, 403), OpenApiTypes.OBJECT),
    description="Store a service-desk ticket export and aggregate it into monthly KPIs.",
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def upload_tickets(request: Request) -> Response:
    entity = (
        restrict(request.user, VIEW, Entity.objects.all()).filter(code=request.data.get("entity", "")).first()
    )
    fmt = (
        restrict(request.user, VIEW, TicketFormat.objects.all())
        .filter(code=request.data.get("format", ""))
        .first()
    )
    file = request.FILES.get("file")
    if entity is None or fmt is None or file is None:
        return Response(
            {
                "detail": _(
                    "Send the entity's code as 'entity', the format's code as 'format' "
                    "and the export as 'file'."
                )
            },
            status=400,
        )
    try:
        batch = ingest.store(
            entity=entity, fmt=fmt, file_name=file.name, content=file.read(), user=request.user
        )
        written = ingest.aggregate(batch, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        raise as_api_error(error) from error
    batch.refresh_from_db()
    return Response(
        {
            "id": batch.pk,
            "tickets": batch.tickets,
            "rejected": batch.rejected,
            "observations": written,
            "summary": batch.summary,
        },
        status=201,
    )
