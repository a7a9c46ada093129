"""Codes into an organisation's vocabularies (an entity's kind, an oversight body's kind …), shown by
their names. A model names its coded fields in ``vocabulary_fields`` ({field: vocabulary model
label}); lists, detail pages and history fetch the names of all the codes they show at once, one query
per vocabulary, so that a page shows "External audit" and not "external_audit" whatever its length.

Codes are unique per organisation: a record's organisation is the root of its tree path (an entity's
own path, or ``organisation_id`` for records an organisation owns; a change's ``entity_path``). Where
no organisation is known the code's name in any organisation is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models

Names = dict[tuple[str, int | None, str], str]


def vocabulary_fields(model: type[models.Model] | None) -> dict[str, str]:
    return dict(getattr(model, "vocabulary_fields", {}) or {}) if model is not None else {}


def root_of_path(path: str) -> int | None:
    """The organisation's id in a tree path "/1/7/": its first segment."""
    parts = [p for p in (path or "").split("/") if p]
    return int(parts[0]) if parts and parts[0].isdigit() else None


def organisation_id_of(record: models.Model) -> int | None:
    path = getattr(record, "tree_path", None)
    if path:
        return root_of_path(path)
    return getattr(record, "organisation_id", None)


def fetch(wanted: Iterable[tuple[str, str]]) -> Names:
    """{(vocabulary label, organisation id, code): name} of the (label, code) pairs, and the same
    under organisation None for a lookup that knows no organisation."""
    by_label: dict[str, set[str]] = {}
    for label, code in wanted:
        if code:
            by_label.setdefault(label, set()).add(str(code))
    names: Names = {}
    for label, codes in by_label.items():
        vocabulary = apps.get_model(label)
        for entry in vocabulary._default_manager.filter(code__in=codes).order_by("pk"):
            name = entry.tr("name") if hasattr(entry, "tr") else str(entry)
            names[(label, entry.organisation_id, entry.code)] = name
            names.setdefault((label, None, entry.code), name)
    return names


def name(names: Names, label: str, organisation_id: int | None, code: Any) -> Any:
    if not isinstance(code, str) or not code:
        return code
    return names.get((label, organisation_id, code)) or names.get((label, None, code)) or code


def names_for_records(records: Iterable[models.Model], field: str) -> dict[int, Any]:
    """{record pk: the name of its ``field``'s code} for records of one model, in one query."""
    records = list(records)
    if not records:
        return {}
    label = vocabulary_fields(type(records[0]))[field]
    names = fetch((label, getattr(r, field)) for r in records)
    return {r.pk: name(names, label, organisation_id_of(r), getattr(r, field)) for r in records}


def display(record: models.Model, field: str) -> Any:
    """The name of one record's code (a detail page)."""
    return names_for_records([record], field)[record.pk]
