"""The model registry: a model is registered once, and its views, API, import/export and the
generic tests follow from that registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models
from django.utils.functional import Promise

from .services import ModelService


@dataclass(eq=False)
class Registration:
    model: type[models.Model]
    list_fields: list[str]
    search_fields: list[str] = field(default_factory=list)
    filter_fields: list[str] = field(default_factory=list)
    form_fields: list[str] | None = None
    detail_fields: list[str] | None = None
    import_fields: list[str] | None = None
    # Fields that identify a record to a person (used for foreign keys in import files and to
    # refuse duplicate rows); the first one is shown as the column value in exports.
    natural_key: tuple[str, ...] = ()
    policy: dict[str, frozenset[str]] = field(default_factory=dict)
    service_class: type[ModelService] = ModelService
    detail_template: str | None = None
    menu_group: str | Promise = ""
    ordering: tuple[str, ...] = ("pk",)
    # Extra joins for what the list shows through __str__ of related records (avoids N+1).
    also_select: tuple[str, ...] = ()
    extra_context: Callable[[Any, Any], dict] | None = None  # (request, obj) -> context for detail
    # Computed columns and filters a domain adds to its list (e.g. a recommendation's status):
    # () -> {name: django_tables2 Column} and () -> {name: filter or FilterSet method}.
    extra_columns: Callable[[], dict[str, Any]] | None = None
    extra_filters: Callable[[], dict[str, Any]] | None = None

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}_{action}"

    @cached_property
    def service(self) -> ModelService:
        return self.service_class(self.model)

    @cached_property
    def editable_fields(self) -> list[str]:
        if self.form_fields is not None:
            return list(self.form_fields)
        names = []
        for f in self.model._meta.get_fields():
            if f.auto_created or not getattr(f, "editable", False) or not (f.concrete or f.many_to_many):
                continue
            if f.primary_key or f.name in ("version", "created", "last_updated"):
                continue
            names.append(f.name)
        return names

    @cached_property
    def columns_for_import(self) -> list[str]:
        return list(self.import_fields if self.import_fields is not None else self.editable_fields)

    def _field_or_none(self, name: str) -> Any:
        from django.core.exceptions import FieldDoesNotExist

        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:  # a property of the model shown as a column
            return None

    @cached_property
    def select_related(self) -> list[str]:
        names = []
        for name in {*self.list_fields, *(self.detail_fields or [])}:
            f = self._field_or_none(name.split("__")[0])
            if f is not None and (f.many_to_one or f.one_to_one):
                names.append(f.name)
        return sorted({*names, *self.also_select})

    @cached_property
    def prefetch_related(self) -> list[str]:
        names = []
        for name in {*self.list_fields, *self.editable_fields}:
            f = self._field_or_none(name)
            if f is not None and f.many_to_many:
                names.append(name)
        return sorted(names)

    @cached_property
    def list_select_related(self) -> list[str]:
        """The joins a list page needs: the relations it shows (detail-only ones are not read)."""
        names = []
        for name in self.list_fields:
            f = self._field_or_none(name.split("__")[0])
            if f is not None and (f.many_to_one or f.one_to_one):
                names.append(f.name)
        return sorted({*names, *self.also_select})

    def list_queryset(self) -> models.QuerySet:
        """As ``base_queryset``, for a list page: only the relations its columns show."""
        qs = self.model._default_manager.all()
        if self.list_select_related:
            qs = qs.select_related(*self.list_select_related)
        shown = [n for n in self.prefetch_related if n in self.list_fields]
        return qs.prefetch_related(*shown) if shown else qs

    def base_queryset(self) -> models.QuerySet:
        qs = self.model._default_manager.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def api_queryset(self) -> models.QuerySet:
        """As ``base_queryset``, but the many-to-many values read as ids only: the API answers
        them as id lists, so the related records' columns (names in every language) are not read."""
        qs = self.model._default_manager.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        many = [
            models.Prefetch(
                name, queryset=self.model._meta.get_field(name).related_model._default_manager.only("pk")
            )
            for name in self.prefetch_related
        ]
        return qs.prefetch_related(*many) if many else qs


class Registry:
    def __init__(self) -> None:
        self._by_model: dict[type[models.Model], Registration] = {}

    def register(self, model: type[models.Model], **options: Any) -> Registration:
        if model in self._by_model:
            raise ValueError(f"{model._meta.label} is registered twice")
        registration = Registration(model=model, **options)
        self._by_model[model] = registration
        return registration

    def get(self, model: type[models.Model]) -> Registration | None:
        return self._by_model.get(model)

    def __getitem__(self, model: type[models.Model]) -> Registration:
        return self._by_model[model]

    def __iter__(self) -> Iterator[Registration]:
        return iter(self._by_model.values())

    def for_app(self, app_label: str) -> list[Registration]:
        return [r for r in self if r.app_label == app_label]

    def by_label(self, label: str) -> Registration:
        for registration in self:
            if registration.label == label.lower():
                return registration
        raise KeyError(label)


registry = Registry()
register = registry.register

# Extra pages an app lists in a menu group beside its models: (group, label, url name).
menu_links: list[tuple[str | Promise, str | Promise, str]] = []
