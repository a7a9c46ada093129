"""Who reads a document record: everyone whose entities it covers. A record is owned by its
organisation (the root entity), so a reader granted at a department below reads it too; what its
tables show is still cut to the reader's own entities by the tables' own reads."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lodestar.core.permissions import ALL, VIEW, restrict, scope_paths

from .models import Document


def _ancestors(path: str) -> set[str]:
    parts = [p for p in path.split("/") if p]
    return {"/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))}


def readable_documents(user: Any) -> QuerySet[Document]:
    paths = scope_paths(user, VIEW, Document)
    if paths == ALL:
        return Document.objects.all()
    above: set[str] = set()
    for path in paths:
        above |= _ancestors(path)
    return Document.objects.filter(
        Q(pk__in=restrict(user, VIEW, Document).values("pk")) | Q(entity__tree_path__in=above)
    )
