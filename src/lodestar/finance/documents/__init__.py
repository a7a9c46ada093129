"""The printed budget tables, built from the stored facts (one module per document, shared builders).

Importing the package registers every table: A/78/6 (Sect. 29C), A/73/384 annex I and the A/65/491
posts, budget and personnel tables."""

from __future__ import annotations

from . import a65_491, a73_384, sect29c  # noqa: F401 - registers the tables
from .builders import BUILDERS, section_tables
from .common import A78, SectionData, section_of

__all__ = ["A78", "BUILDERS", "SectionData", "section_of", "section_tables"]
