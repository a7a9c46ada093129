from __future__ import annotations

import datetime
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.finance import models as fin


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def funding_source(owner: Any, n: int) -> fin.FundingSource:
    return create(fin.FundingSource, code=f"{owner.code}-FS{n}", name={"en": f"Source {n}"}, kind="regular")


def object_of_expenditure(owner: Any, n: int) -> fin.ObjectOfExpenditure:
    return create(
        fin.ObjectOfExpenditure, code=f"{owner.code}-OE{n}", name={"en": f"Object {n}"}, category="non_post"
    )


def period(owner: Any, n: int) -> fin.Period:
    return create(
        fin.Period,
        code=f"{owner.code[:6]}-P{n}",
        kind="year",
        start=datetime.date(2000 + n, 1, 1),
        end=datetime.date(2000 + n, 12, 31),
    )


FACTORIES = {
    fin.FundingSource: funding_source,
    fin.ObjectOfExpenditure: object_of_expenditure,
    fin.Period: period,
}
CHANGES = {
    fin.FundingSource: ("order", 7),
    fin.ObjectOfExpenditure: ("order", 7),
    fin.Period: ("kind", "other"),
}
