"""The printed portfolio tables, built from the stored facts: the ICT progress report's annex II
(A/73/384: project status, change requests, ongoing projects) and the structural-review report's
tables (A/65/491) 1-4 (the programmes' status, text), 6, 7-12, 14 and 17-19.

Totals, subtotals, the split by source of funds and shares are computed; a figure the document
prints differently (``PrintedCell``) is kept as the cell's ``printed_value`` and listed by the check
PRJ-PRINTED."""

from __future__ import annotations

from . import annex_ii, programme_status, review_findings, structural_review  # noqa: F401 - registers the tables
from .common import PortfolioTable

__all__ = ["PortfolioTable", "annex_ii", "programme_status", "review_findings", "structural_review"]
