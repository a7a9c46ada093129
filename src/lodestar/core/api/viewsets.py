"""API endpoints generated from the registry; reads via ``restrict``, writes via services."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.utils.encoders import JSONEncoder

from .. import importing, importjobs, importtemplate
from ..filters import filterset_class
from ..languages import data_code
from ..models import ImportBatch, ObjectChange
from ..permissions import ADD, CHANGE, DELETE, IMPORT, VIEW, can, restrict
from ..registry import Registration, registry
from ..scoped_cache import cached_for_scope
from ..services import ConflictError
from .serializers import serializer_class

ACTION_FOR = {
    "list": VIEW,
    "retrieve": VIEW,
    "create": ADD,
    "update": CHANGE,
    "partial_update": CHANGE,
    "destroy": DELETE,
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "version_required"
    default_detail = (
        "Send the version of the record you read, as an If-Match header or a version field, so that "
        "a change made by someone else since is not overwritten."
    )


def _result_json(batch: ImportBatch | None, result: importing.ImportResult) -> dict[str, Any]:
    counts = result.counts()
    return {
        "batch": batch.pk if batch else None,
        "status": batch.status if batch else None,
        "created": counts["create"],
        "updated": counts["update"],
        "unchanged": counts["unchanged"],
        "refused": counts["error"],
        "file_errors": result.file_errors,
        "rows": [
            {"row": r.row, "action": "error" if r.errors else r.action, "record": r.label, "errors": r.errors}
            for r in result.rows
        ],
    }


def as_api_error(error: Exception) -> Exception:
    """A service's refusal as the API answers it: 409, 403 or 400 with the field messages."""
    if isinstance(error, ConflictError):
        return Conflict(str(error))
    if isinstance(error, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(error))
    if isinstance(error, DjangoValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        return exceptions.ValidationError(detail)
    return error


class RegisteredViewSet(viewsets.ModelViewSet):
    registration: Registration

    def get_queryset(self) -> Any:
        action = ACTION_FOR.get(self.action, VIEW)
        r = self.registration
        base = r.api_queryset() if self.request.method == "GET" else r.base_queryset()
        return restrict(self.request.user, action, base).order_by(*r.ordering)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Readers of one scope asking the same page share its rows until the next recorded write
        # (core.scoped_cache). Stored as plain JSON values, so that what is served from the cache is
        # byte for byte what the serializers gave.
        topic = f"api:{self.registration.model._meta.label_lower}"
        key = f"{data_code()}|{request.build_absolute_uri()}"  # the page links are absolute

        def compute() -> Any:
            data = super(RegisteredViewSet, self).list(request, *args, **kwargs).data
            return json.loads(json.dumps(data, cls=JSONEncoder))

        return Response(cached_for_scope(topic, request.user, key, compute))

    def _version(self, instance: Any) -> int | None:
        """The version the client read: required for a versioned record (428 without it)."""
        raw = self.request.data.get("version") if hasattr(self.request.data, "get") else None
        if raw in (None, ""):
            raw = self.request.headers.get("If-Match", "").removeprefix("W/").strip('"') or None
        if raw is None:
            if hasattr(instance, "version"):
                raise PreconditionRequired()
            return None
        try:
            return int(raw)
        except (TypeError, ValueError) as error:
            raise exceptions.ValidationError({"version": ["A whole number is required."]}) from error

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action in ("update", "partial_update", "destroy"):
            # Before the serializer validates, so that a write without a version is told so first.
            self.kwargs.setdefault("_version", self._version(self.get_object()))

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = self.registration.service.create(
                data=dict(serializer.validated_data), user=self.request.user, source=ObjectChange.Source.API
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise as_api_error(error) from error

    def perform_update(self, serializer: Any) -> None:
        try:
            serializer.instance = self.registration.service.update(
                serializer.instance,
                data=dict(serializer.validated_data),
                user=self.request.user,
                expected_version=self.kwargs.get("_version"),
                source=ObjectChange.Source.API,
            )
        except (DjangoValidationError, DjangoPermissionDenied, ConflictError) as error:
            raise as_api_error(error) from error

    def perform_destroy(self, instance: Any) -> None:
        try:
            self.registration.service.delete(
                instance,
                user=self.request.user,
                source=ObjectChange.Source.API,
                expected_version=self.kwargs.get("_version"),
            )
        except (DjangoValidationError, DjangoPermissionDenied, ConflictError) as error:
            raise as_api_error(error) from error

    # Imports: upload → preview (the batch and its rows) → commit -------------------------------
    def _require_import(self) -> None:
        if not can(self.request.user, IMPORT, self.registration.model):
            raise exceptions.PermissionDenied("You may not import into this list.")

    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_preview(self, request: Request) -> Response:
        """Upload a CSV or XLSX file (field ``file``): the preview, 200 when valid, 400 when refused."""
        self._require_import()
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Upload a CSV or XLSX file in the field “file”."]})
        content = upload.read()
        if importjobs.runs_in_background(content, upload.name):
            # A large file: 202 and the batch's URL, to poll until its preview is ready.
            queued = importjobs.queue_check(
                self.registration, content=content, filename=upload.name, user=request.user
            )
            return Response(self._batch_json(request, queued), status=202)
        batch, result = importing.preview_upload(
            self.registration,
            content=content,
            filename=upload.name,
            user=request.user,
            max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES,
        )
        return Response(_result_json(batch, result), status=200 if result.ok else 400)

    def _batch_json(self, request: Request, batch: ImportBatch) -> dict[str, Any]:
        done, total = importjobs.progress_of(batch)
        url = request.build_absolute_uri(reverse(f"{self.basename}-import-batch", kwargs={"batch": batch.pk}))
        payload: dict[str, Any] = {"batch": batch.pk, "status": batch.status, "url": url}
        if batch.status in importjobs.ACTIVE:
            return {**payload, "rows_done": done, "rows_total": total}
        summary = batch.summary or {}
        return {
            **payload,
            "rows_total": batch.rows_total,
            "created": summary.get("create", 0),
            "updated": summary.get("update", 0),
            "unchanged": summary.get("unchanged", 0),
            "refused": summary.get("error", 0),
            "errors": summary.get("errors", []),
            "rows": [{"row": n, "action": a, "record": label} for n, a, label in summary.get("rows", [])],
        }

    @extend_schema(responses={(200, importtemplate.XLSX): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="import/template")
    def import_template(self, request: Request) -> HttpResponse:
        """The workbook to fill for this import (XLSX): the columns it reads, drop-downs of the
        values the caller may use, instructions in the request's language."""
        self._require_import()
        return importtemplate.download(self.registration, request.user)

    def _own_batch(self, request: Request, batch: str) -> ImportBatch:
        """The caller's own upload of this list (404 for anyone else's), once they may import."""
        self._require_import()
        found = ImportBatch.objects.filter(
            pk=batch, user=request.user, model_label=self.registration.label
        ).first()
        if found is None:
            raise exceptions.NotFound()
        return found

    @action(detail=False, methods=["get"], url_path=r"import/(?P<batch>[0-9]+)")
    def import_batch(self, request: Request, batch: str) -> Response:
        """A batch being checked or committed in the background: its status and rows done; then its
        preview (status "preview"), refusal ("refused", with the errors by row) or result."""
        found = self._own_batch(request, batch)
        return Response(self._batch_json(request, importjobs.refresh(found)))

    @action(detail=False, methods=["post"], url_path=r"import/(?P<batch>[0-9]+)/commit")
    def import_commit(self, request: Request, batch: str) -> Response:
        """Commit a previewed batch once: 200 written, 409 already committed, 400 refused; 202 and
        the batch's URL when the batch is in the background worker's hands."""
        found = self._own_batch(request, batch)
        if importjobs.in_background(found):
            try:
                queued = importjobs.queue_commit(found.pk, user=request.user)
            except importing.AlreadyCommitted as error:
                raise Conflict(str(error)) from error
            return Response(self._batch_json(request, queued), status=202)
        try:
            committed, result = importing.commit_batch(
                int(batch), user=request.user, max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES
            )
        except importing.AlreadyCommitted as error:
            raise Conflict(str(error)) from error
        return Response(_result_json(committed, result), status=200 if result.ok else 400)

    @action(detail=False, methods=["post"], url_path=r"import/(?P<batch>[0-9]+)/check")
    def import_recheck(self, request: Request, batch: str) -> Response:
        """Check a refused (or previewed) upload again without sending the file: 200 valid (commit
        it with the same batch), 400 refused, 409 committed, 410 when its file is no longer kept;
        202 and a new batch's URL for a large file, checked in the background."""
        found = self._own_batch(request, batch)
        content = bytes(found.content)
        if content and importjobs.runs_in_background(content, found.filename):
            queued = importjobs.queue_check(
                self.registration, content=content, filename=found.filename, user=request.user
            )
            return Response(self._batch_json(request, queued), status=202)
        try:
            checked, result = importing.recheck_batch(
                found.pk,
                registration=self.registration,
                user=request.user,
                max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES,
            )
        except importing.AlreadyCommitted as error:
            raise Conflict(str(error)) from error
        except importing.FileNotKept as error:
            return Response({"detail": str(error)}, status=410)
        return Response(_result_json(checked, result), status=200 if result.ok else 400)


def viewset_class(registration: Registration) -> type[RegisteredViewSet]:
    return type(
        f"{registration.model.__name__}ViewSet",
        (RegisteredViewSet,),
        {
            "registration": registration,
            "serializer_class": serializer_class(registration),
            "filterset_class": filterset_class(registration),
            "ordering_fields": [
                f.name
                for f in registration.model._meta.concrete_fields
                if f.get_internal_type() not in ("JSONField",)
            ],
            "queryset": registration.model._default_manager.none(),
        },
    )


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for r in registry:
        router.register(
            f"{r.app_label}/{r.model_name}", viewset_class(r), basename=f"{r.app_label}-{r.model_name}"
        )
    return router
