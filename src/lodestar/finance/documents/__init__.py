"""The printed budget tables, built from the stored facts (one module per document type, shared builders).

Importing the package binds every table to its document type: the budget section (any section, any
year), the ICT progress report's annex I and the structural-review report's posts, budget and
personnel tables."""

from __future__ import annotations

from . import a65_491, a73_384, locks, sect29c  # noqa: F401 - binds the tables, declares the locks
from .builders import BUILDERS, section_builder
from .common import SectionData, section_of

__all__ = ["BUILDERS", "SectionData", "section_builder", "section_of"]
