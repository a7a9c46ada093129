from __future__ import annotations

from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents import models as docs


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def document(owner: Any, n: int) -> docs.Document:
    return create(
        docs.Document,
        symbol=f"X/{owner.code}/{n}",
        document_type="follow_up_annex",
        title={"en": f"Document {n}"},
        entity=owner,
    )


def language_version(owner: Any, n: int) -> docs.LanguageVersion:
    return create(
        docs.LanguageVersion, document=document(owner, 100 + n), language="fr", job_number=f"26-{n:05}"
    )


def narrative(owner: Any, n: int) -> docs.Narrative:
    return create(
        docs.Narrative,
        document=document(owner, 200 + n),
        part="resources",
        number=f"{n}",
        text={"en": "The total is {13|total|est}."},
        order=n,
    )


FACTORIES = {docs.Document: document, docs.LanguageVersion: language_version, docs.Narrative: narrative}
CHANGES: dict[type, tuple[str, Any]] = {
    docs.Document: ("distribution", "limited"),
    docs.LanguageVersion: ("job_number", "26-99999"),
    docs.Narrative: ("number", "99"),
}
