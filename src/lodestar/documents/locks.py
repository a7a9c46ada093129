"""Issued documents lock the facts of their period: an edit is refused, naming the document, until an
analyst opens a corrigendum. Domain apps declare which of their records a document type's issue locks
(``lock(type, model, covers)``); the documents app wraps those models' services at start-up, so every
surface (web, API, import) meets the same refusal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Covers = Callable[[Any, Mapping[str, Any]], bool]  # (record being written, document parameters) -> locked?

LOCKS: dict[type, list[tuple[str, Covers]]] = {}


def lock(type_code: str, model: type, covers: Covers) -> None:
    LOCKS.setdefault(model, []).append((type_code, covers))


def issued_documents(model: type) -> list[Any]:
    """The issued, not reopened documents of the types that lock ``model`` (one query)."""
    from .models import Document

    types = {code for code, _c in LOCKS.get(model, [])}
    if not types:
        return []
    return list(
        Document.objects.filter(document_type__in=types, issues__isnull=False)
        .exclude(corrigenda__is_open=True)
        .distinct()
    )


def _locking(obj: Any, documents: list[Any]) -> Any:
    for document in documents:
        for code, covers in LOCKS.get(type(obj), []):
            if code == document.document_type and covers(obj, document.parameters or {}):
                return document
    return None


def locking_document(obj: Any) -> Any:
    """The issued, not reopened document whose period ``obj`` belongs to, if any."""
    return _locking(obj, issued_documents(type(obj))) if LOCKS.get(type(obj)) else None


def _message(document: Any) -> str:
    return _(
        "This record is part of the issued document %(symbol)s and is locked; an analyst "
        "must open a corrigendum of %(symbol)s before it can be changed."
    ) % {"symbol": document.symbol}


def refuse_if_locked(obj: Any) -> None:
    candidates = [obj]
    if obj.pk is not None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        if stored is not None:
            candidates.append(stored)  # moving a fact out of an issued period is an edit of it too
    for candidate in candidates:
        document = locking_document(candidate)
        if document is not None:
            raise ValidationError(_message(document))


def bulk_row_check(model: type) -> Callable[[Any, Any], list[str]]:
    """``refuse_if_locked`` for a whole import file: the issued documents read once, each row (and
    the stored record it changes, whose relations the import has already joined) checked in Python."""
    documents = issued_documents(model)

    def check(obj: Any, stored: Any) -> list[str]:
        for candidate in (obj, stored):
            document = _locking(candidate, documents) if candidate is not None and documents else None
            if document is not None:
                return [_message(document)]
        return []

    return check


def install() -> None:
    """Wrap the service of every locked model (called once the apps are ready)."""
    from lodestar.core.registry import registry
    from lodestar.core.services import ModelService

    for model in LOCKS:
        registration = registry.get(model)
        if registration is None or getattr(registration.service_class, "_locks_installed", False):
            continue
        base = registration.service_class

        def clean(self: Any, obj: Any, *, is_new: bool, _base: type = base) -> None:
            refuse_if_locked(obj)
            _base.clean(self, obj, is_new=is_new)

        def before_delete(self: Any, obj: Any, _base: type = base) -> None:
            refuse_if_locked(obj)
            _base.before_delete(self, obj)

        # The lock is the only rule these hooks add when the base service has none of its own: the
        # set-at-a-time import may then keep the list and apply the lock with ``bulk_row_check``.
        safe = tuple(
            hook for hook in ("clean", "before_delete") if getattr(base, hook) is getattr(ModelService, hook)
        )

        def row_check(self: Any, _model: type = model) -> Callable[[Any, Any], list[str]]:
            return bulk_row_check(_model)

        registration.service_class = type(
            f"Locked{base.__name__}",
            (base,),
            {
                "clean": clean,
                "before_delete": before_delete,
                "_locks_installed": True,
                "bulk_safe_hooks": safe,
                "bulk_row_check": row_check,
            },
        )
