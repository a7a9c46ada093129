"""Document records of the reference dataset (data/documents.yaml): the official documents the seeds
are, each of a document type with its parameters and one language version per official language."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from lodestar.core.languages import DATA_LANGUAGES
from lodestar.org.models import Entity

if TYPE_CHECKING:
    from .loader import Loader


def _parameters(value: Any) -> dict[str, Any]:
    """YAML dates become ISO strings: parameters are stored as JSON."""
    out: dict[str, Any] = {}
    for key, item in (value or {}).items():
        out[key] = item.isoformat() if isinstance(item, datetime.date) else item
    return out


def load(loader: Loader) -> None:
    from lodestar.documents.models import Document, LanguageVersion, Narrative

    from .loader import _date, _load, _text

    for row in _load("documents.yaml") or []:
        owner = Entity.objects.get(code=row.get("owner", "UN"))
        document = loader.upsert(
            Document,
            {"symbol": row["symbol"]},
            {
                "entity": owner,
                "document_type": row["type"],
                "parameters": _parameters(row.get("parameters")),
                "title": _text(row["title"]),
                "original_language": row.get("original_language", "en"),
                "organ": _text(row.get("organ")),
                "session": _text(row.get("session")),
                "agenda_items": _text(row.get("agenda_items")),
                "distribution": row.get("distribution") or Document.Distribution.GENERAL,
                "date": _date(row.get("date")),
            },
        )
        jobs = row.get("versions") or {}
        for lang in DATA_LANGUAGES:
            loader.upsert(
                LanguageVersion,
                {"document": document, "language": lang},
                {"job_number": str(jobs.get(lang, ""))},
            )
        for order, item in enumerate(row.get("narratives") or [], start=1):
            loader.upsert(
                Narrative,
                {"document": document, "part": item["part"], "order": order},
                {
                    "number": str(item.get("number") or ""),
                    "heading": _text(item.get("heading")),
                    "text": _text(item.get("text")),
                    "original_language": row.get("original_language", "en"),
                },
            )
