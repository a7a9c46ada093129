"""URL patterns generated from the registry: ``<app>:<model>_<action>``."""

from __future__ import annotations

from django.urls import URLPattern, path

from .registry import registry
from .views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from .views.imports import ImportTemplateView, ObjectImportView


def model_urls(app_label: str) -> list[URLPattern]:
    patterns = []
    for r in registry.for_app(app_label):
        base = r.model_name
        patterns += [
            path(f"{base}/", ObjectListView.as_view(registration=r), name=f"{base}_list"),
            path(f"{base}/add/", ObjectEditView.as_view(registration=r), name=f"{base}_add"),
            path(f"{base}/import/", ObjectImportView.as_view(registration=r), name=f"{base}_import"),
            path(
                f"{base}/import/template/",
                ImportTemplateView.as_view(registration=r),
                name=f"{base}_import_template",
            ),
            path(f"{base}/<int:pk>/", ObjectDetailView.as_view(registration=r), name=f"{base}_detail"),
            path(f"{base}/<int:pk>/edit/", ObjectEditView.as_view(registration=r), name=f"{base}_edit"),
            path(f"{base}/<int:pk>/delete/", ObjectDeleteView.as_view(registration=r), name=f"{base}_delete"),
            path(
                f"{base}/<int:pk>/history/", ObjectHistoryView.as_view(registration=r), name=f"{base}_history"
            ),
        ]
    return patterns
