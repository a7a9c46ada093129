"""What issuing a budget-section document locks: the facts of its section for its three years
(expenditure, base year and budget year), resource changes, posts and post actions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lodestar.documents.locks import lock
from lodestar.documents.types import BUDGET_SECTION

from ..models import BudgetFact, Post, PostAction, ResourceChange


def _covers(obj: Any, parameters: Mapping[str, Any]) -> bool:
    code, year = parameters.get("budget_section"), parameters.get("budget_year")
    if not code or not year or obj.section_id is None or obj.period_id is None:
        return False
    years = {str(int(year) - 2), str(int(year) - 1), str(int(year))}
    return obj.section.code == code and obj.period.code in years


for _model in (BudgetFact, ResourceChange, Post, PostAction):
    lock(BUDGET_SECTION, _model, _covers)
