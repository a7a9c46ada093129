"""A/65/491: OICT posts by unit and grade (tables 15-16), new and redeployed posts (annex IV and the
division paragraphs), the 2010 ICT budget by department (annex I) and ICT personnel (annex II)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.finance import models as fin
from lodestar.org.models import Entity

PROFESSIONAL = {"USG", "ASG", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2/1"}


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    return {"en": value} if isinstance(value, str) else {k: str(v) for k, v in value.items() if v}


def category_of(grade: str) -> str:
    return "professional" if grade in PROFESSIONAL else "general"


def _date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def load(fl: Any, doc: dict) -> None:
    """fl: the FinanceLoader (upsert, owner); doc: the parsed a65_491.yaml."""
    s = doc["section"]
    section = fl.section(s)
    # Shared vocabularies named by other files too: created when missing, never rewritten here, so
    # that loading the files in any order leaves the same records.
    sources = {}
    for f in doc["funding_sources"]:
        sources[f["code"]] = fin.FundingSource.objects.filter(
            organisation=fl.organisation, code=f["code"]
        ).first() or fl.funding_source(f)
    periods = {}
    for p in doc["periods"]:
        code = str(p["code"])
        periods[code] = fin.Period.objects.filter(code=code).first() or fl.upsert(
            fin.Period,
            {"code": code},
            {"kind": p["kind"], "start": _date(p["start"]), "end": _date(p["end"])},
        )
    units: dict[str, Entity] = {}

    def unit(code: str) -> Entity:
        if code not in units:
            units[code] = Entity.objects.filter(code=code).first() or fl.owner(code)
        return units[code]

    grades = doc["grades"]
    every = sources["ALLSRC"]
    for block in doc["posts"]:
        period = periods[str(block["period"])]
        for code, counts in block["units"].items():
            for grade, count in zip(grades, counts, strict=True):
                if not count:
                    continue
                fl.upsert(
                    fin.Post,
                    {
                        "section": section,
                        "component": None,
                        "funding_source": every,
                        "unit": unit(code),
                        "category": category_of(grade),
                        "grade": grade,
                        "period": period,
                        "stage": block["stage"],
                    },
                    {"count": count},
                )
    for period_code, actions in doc["post_actions"].items():
        for code, action, grade, count in actions:
            fl.upsert(
                fin.PostAction,
                {
                    "section": section,
                    "component": None,
                    "funding_source": every,
                    "unit": unit(code),
                    "category": category_of(grade),
                    "grade": grade,
                    "period": periods[str(period_code)],
                    "action": action,
                },
                {"factor": "new_mandates" if action == "new" else "other", "count": count},
            )
    groups = {
        g["code"]: fl.upsert(
            fin.DepartmentGroup,
            {"organisation": fl.organisation, "code": g["code"]},
            {
                "name": _text(g["name"]),
                "entity": unit(g["entity"]) if g.get("entity") else None,
                "members": _text(g.get("members")),
                "order": g.get("order", 0),
            },
        )
        for g in doc["groups"]
    }
    budget = doc["budget"]
    for code, values in budget["groups"].items():
        for source, value in zip(budget["sources"], values, strict=True):
            if value is None:
                continue
            fl.upsert(
                fin.BudgetFact,
                {
                    "section": section,
                    "component": None,
                    "group": groups[code],
                    "funding_source": sources[source],
                    "object": None,
                    "period": periods[str(budget["period"])],
                    "stage": budget["stage"],
                    "measure": "ict",
                },
                {"amount": int(Decimal(str(value)) * 1000)},
            )
    personnel = doc["personnel"]
    as_at = _date(personnel["as_at"])
    for code, values in personnel["groups"].items():
        for column, count in zip(personnel["columns"], values, strict=True):
            if not count:
                continue
            kind, category = column.split(":")
            fl.upsert(
                fin.PersonnelCount,
                {
                    "section": section,
                    "group": groups[code],
                    "kind": kind,
                    "category": category,
                    "as_at": as_at,
                },
                {"count": count, "source": personnel["source"]},
            )
    for p in doc.get("printed", []):
        fl.upsert(
            fin.PrintedFigure,
            {
                "document": s["symbol"],
                "table_number": str(p["table"]),
                "row": str(p["row"]),
                "column": p["column"],
            },
            {
                "section": section,
                "value": Decimal(str(p["value"])).quantize(Decimal("0.01")),
                "unit": p.get("unit", "count"),
            },
        )
