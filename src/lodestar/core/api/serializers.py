"""Serializers generated from a registration. Translated text is an object keyed by language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from ..forms import owner_choices
from ..models import ChangeLoggedModel
from ..permissions import ADD, VIEW, restrict
from ..registry import Registration
from ..translation import TranslatedTextField, clean_translations

PK_SAMPLE = 987654321987  # reversed in place of a pk, then replaced by the mark
PK_MARK = "{pk}"


class TranslatedTextSerializerField(serializers.JSONField):
    def to_internal_value(self, data: Any) -> dict[str, str]:
        try:
            return clean_translations(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class RestrictedRelatedField(serializers.PrimaryKeyRelatedField):
    """Only related records the caller may see can be referenced."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        queryset = super().get_queryset()
        user = getattr(request, "user", None)
        if self.owner_of is not None:
            return queryset.filter(pk__in=owner_choices(user, ADD, self.owner_of).values("pk"))
        return restrict(user, VIEW, queryset)

    def __init__(self, *args: Any, owner_of: Any = None, **kwargs: Any):
        self.owner_of = owner_of
        super().__init__(*args, **kwargs)


class RegisteredSerializer(serializers.ModelSerializer):
    serializer_related_field = RestrictedRelatedField
    url = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        # Reversed once per list and model, then filled in per row: reversing and building an
        # absolute address for each of a hundred rows was a tenth of a list's time.
        templates = self.context.setdefault("_url_templates", {})
        model = type(obj)
        if model not in templates:
            templates[model] = self._url_template(obj)
        template = templates[model]
        if template is not None:
            return template.replace(PK_MARK, str(obj.pk))
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def _url_template(self, obj: Any) -> str | None:
        """The absolute address with the pk marked, when the model uses the generic detail URL."""
        if getattr(type(obj), "get_absolute_url", None) is not ChangeLoggedModel.get_absolute_url:
            return None  # a model with its own address: asked per row
        from django.urls import reverse

        request = self.context.get("request")
        url = reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_detail", args=[PK_SAMPLE])
        url = request.build_absolute_uri(url) if request else url
        return url.replace(f"/{PK_SAMPLE}/", f"/{PK_MARK}/") if f"/{PK_SAMPLE}/" in url else None

    def get_display(self, obj: Any) -> str:
        return str(obj)


def serializer_class(registration: Registration) -> type[serializers.ModelSerializer]:
    model = registration.model
    scope_field = getattr(model, "scope_field", None)
    owner_field = scope_field.split("__")[0] if scope_field else ("parent" if scope_field == "" else None)
    attrs: dict[str, Any] = {}
    extra_kwargs: dict[str, Any] = {}
    for name in registration.editable_fields:
        field = model._meta.get_field(name)
        if isinstance(field, TranslatedTextField):
            attrs[name] = TranslatedTextSerializerField(
                required=not field.blank, help_text=str(field.verbose_name)
            )
        elif name == owner_field and field.related_model._meta.label_lower == "org.entity":
            attrs[name] = RestrictedRelatedField(
                queryset=field.related_model._default_manager.all(),
                owner_of=model,
                allow_null=field.null,
                required=not (field.null or field.blank),
            )
    concrete = {f.name for f in model._meta.concrete_fields}
    stamps = [n for n in ("version", "created", "last_updated") if n in concrete]
    fields = ["id", "url", "display", *registration.editable_fields, *stamps]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "read_only_fields": stamps,
            "extra_kwargs": extra_kwargs,
        },
    )
    attrs["Meta"] = meta
    return type(f"{model.__name__}Serializer", (RegisteredSerializer,), attrs)
