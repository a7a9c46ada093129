"""API endpoints generated from the registry; reads via ``restrict``, writes via services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status, viewsets
from rest_framework.routers import DefaultRouter

from ..filters import filterset_class
from ..models import ObjectChange
from ..permissions import ADD, CHANGE, DELETE, VIEW, restrict
from ..registry import Registration, registry
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
        return restrict(self.request.user, action, r.base_queryset()).order_by(*r.ordering)

    def _version(self) -> int | None:
        raw = self.request.data.get("version") if hasattr(self.request.data, "get") else None
        if raw in (None, ""):
            raw = self.request.headers.get("If-Match", "").strip('"') or None
        try:
            return int(raw) if raw is not None else None
        except (TypeError, ValueError) as error:
            raise exceptions.ValidationError({"version": ["A whole number is required."]}) from error

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
                expected_version=self._version(),
                source=ObjectChange.Source.API,
            )
        except (DjangoValidationError, DjangoPermissionDenied, ConflictError) as error:
            raise as_api_error(error) from error

    def perform_destroy(self, instance: Any) -> None:
        try:
            self.registration.service.delete(instance, user=self.request.user, source=ObjectChange.Source.API)
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise as_api_error(error) from error


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
