"""The document records, registered once: list/detail/edit views, API, import/export follow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import register

from . import models

DOCUMENTS = _("Documents")
# Official documents are produced by the central analysts (the CIO office); everyone in scope reads them.
CENTRAL_WRITES = {ADD: CENTRAL, CHANGE: CENTRAL, DELETE: CENTRAL, IMPORT: CENTRAL}

register(
    models.Document,
    list_fields=["symbol", "document_type", "title", "date", "entity"],
    search_fields=["symbol", "title"],
    filter_fields=["document_type", "entity"],
    natural_key=("symbol",),
    policy=CENTRAL_WRITES,
    menu_group=DOCUMENTS,
    ordering=("symbol",),
)
register(
    models.LanguageVersion,
    list_fields=["document", "language", "job_number"],
    search_fields=["document__symbol", "job_number"],
    filter_fields=["document", "language"],
    natural_key=("document", "language"),
    policy=CENTRAL_WRITES,
    menu_group=DOCUMENTS,
    ordering=("document__symbol", "language"),
)
register(
    models.Narrative,
    list_fields=["document", "part", "number", "heading", "order"],
    search_fields=["document__symbol", "number", "text"],
    filter_fields=["document", "part"],
    natural_key=("document", "part", "order"),
    policy=CENTRAL_WRITES,
    menu_group=DOCUMENTS,
    ordering=("document__symbol", "part", "order"),
)
