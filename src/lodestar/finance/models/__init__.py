"""Budget dimensions shared by every domain that records money (funding sources, objects of
expenditure, periods), and the budget sections, facts, posts and printed figures that build on them.

One package, one module per group of models; every model is importable from here
(``lodestar.finance.models``) as it was from the single module it replaced."""

from __future__ import annotations

from .facts import BudgetFact, ChangeExplanation, ResourceChange
from .figures import CostShare, PersonnelCount, PrintedFigure
from .posts import Post, PostAction
from .sections import BudgetComponent, BudgetSection, Factor, Stage
from .vocabularies import CODE_HELP, DepartmentGroup, FundingSource, ObjectOfExpenditure, Period

__all__ = [
    "CODE_HELP",
    "BudgetComponent",
    "BudgetFact",
    "BudgetSection",
    "ChangeExplanation",
    "CostShare",
    "DepartmentGroup",
    "Factor",
    "FundingSource",
    "ObjectOfExpenditure",
    "Period",
    "PersonnelCount",
    "Post",
    "PostAction",
    "PrintedFigure",
    "ResourceChange",
    "Stage",
]
