"""Loads the budget reference data under data/finance/ through the services (source "reference");
idempotent: every record is matched on its natural dimensions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.finance import models as fin
from lodestar.org.models import Entity

from . import a65_491

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "finance"
FILES = ("a78_6_sect29c.yaml", "a73_384_annex1.yaml", "a65_491.yaml")
MILLION = Decimal(1_000_000)

missing_owners: set[str] = set()


def dollars(thousands: Any) -> int:
    """A printed figure in thousands of dollars to whole dollars (exact: no float)."""
    return int(Decimal(str(thousands)) * 1000)


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    return {"en": value} if isinstance(value, str) else {k: str(v) for k, v in value.items() if v}


def allocate(rows: dict[str, int], columns: dict[str, int]) -> dict[tuple[str, str], int]:
    """North-west-corner allocation of non-negative row totals to columns; exact for both margins
    once the last column absorbs any difference between the two grand totals."""
    columns = dict(columns)
    last = list(columns)[-1]
    columns[last] += sum(rows.values()) - sum(columns.values())
    cells: dict[tuple[str, str], int] = {}
    remaining = dict(columns)
    col_keys = list(columns)
    j = 0
    for row, total in rows.items():
        left = total
        while left > 0 and j < len(col_keys):
            take = min(left, remaining[col_keys[j]])
            if take > 0:
                cells[(row, col_keys[j])] = cells.get((row, col_keys[j]), 0) + take
                left -= take
                remaining[col_keys[j]] -= take
            if remaining[col_keys[j]] <= 0:
                j += 1
        if left:
            cells[(row, last)] = cells.get((row, last), 0) + left
    return cells


class FinanceLoader:
    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def upsert(self, model: type, lookup: dict[str, Any], data: dict[str, Any]) -> Any:
        return self.loader.upsert(model, lookup, data)

    @property
    def organisation(self) -> Entity:
        """The organisation whose vocabularies the reference data fills (the UN)."""
        return getattr(self.loader, "organisation", None) or self.owner("UN")

    def funding_source(self, f: dict) -> fin.FundingSource:
        data = {"kind": f["kind"], "order": f.get("order", 0), "name": _text(f["name"])}
        if f.get("table_label"):
            data["table_label"] = _text(f["table_label"])
        return self.upsert(fin.FundingSource, {"organisation": self.organisation, "code": f["code"]}, data)

    def owner(self, code: str) -> Entity:
        entity = Entity.objects.filter(code=code).first()
        if entity is None:
            missing_owners.add(code)
            entity = Entity.objects.filter(code="UN").first()
        if entity is None:
            entity = self.upsert(
                Entity,
                {"code": "UN"},
                {"kind": "organisation", "acronym": "UN", "name": {"en": "United Nations"}},
            )
        return entity

    def section(self, s: dict) -> fin.BudgetSection:
        """The budget section a file describes (its ``section:`` block)."""
        return self.upsert(
            fin.BudgetSection,
            {"code": s["code"]},
            {
                "entity": self.owner(s.get("owner") or "UN"),
                "symbol": s["symbol"],
                "number": str(s.get("number") or ""),
                "title": _text(s["title"]),
                "budget_year": s["budget_year"],
            },
        )

    def load_file(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
        if doc.get("kind") == "ict_overview":
            self.load_overview(doc)
            return
        if doc.get("kind") == "a65_491":
            a65_491.load(self, doc)
            return
        s = doc["section"]
        section = self.section(s)
        comps = {
            c["code"]: self.upsert(
                fin.BudgetComponent,
                {"code": c["code"]},
                {
                    "section": section,
                    "part": c["part"],
                    "number": str(c.get("number") or ""),
                    "order": c.get("order", 0),
                    "title": _text(c["title"]),
                },
            )
            for c in doc["components"]
        }
        sources = {f["code"]: self.funding_source(f) for f in doc["funding_sources"]}
        objects = {
            o["code"]: self.upsert(
                fin.ObjectOfExpenditure,
                {"organisation": self.organisation, "code": o["code"]},
                {"category": o["category"], "order": o.get("order", 0), "name": _text(o["name"])},
            )
            for o in doc["objects"]
        }
        periods = {
            str(y): self.upsert(
                fin.Period,
                {"code": str(y)},
                {"kind": "year", "start": datetime.date(y, 1, 1), "end": datetime.date(y, 12, 31)},
            )
            for y in doc["periods"]
        }

        def fact(
            component: str | None,
            source: str,
            obj: str | None,
            period: str,
            stage: str,
            amount: int,
            allocated: bool = False,
        ) -> None:
            self.upsert(
                fin.BudgetFact,
                {
                    "section": section,
                    "component": comps.get(component) if component else None,
                    "funding_source": sources[source],
                    "object": objects[obj] if obj else None,
                    "period": periods[period],
                    "stage": stage,
                },
                {"amount": amount, "allocated": allocated},
            )

        regular = doc["regular"]
        for key, by_component in regular["posts"].items():
            period, stage = key.split("-")
            for comp, value in by_component.items():
                fact(comp, "RB", "POSTS", period, stage, dollars(value))
        for key, by_object in regular["non_post_by_object"].items():
            period, stage = key.split("-")
            rows = {o: dollars(v) for o, v in by_object.items()}
            cols = {c: dollars(v) for c, v in regular["non_post_by_component"][key].items()}
            for (obj, comp), amount in allocate(rows, cols).items():
                fact(comp, "RB", obj, period, stage, amount, allocated=True)
        year = str(s["budget_year"])
        for change in regular["changes"]:
            self.upsert(
                fin.ResourceChange,
                {
                    "section": section,
                    "component": comps[change["component"]],
                    "funding_source": sources["RB"],
                    "object": objects[change["object"]],
                    "period": periods[year],
                    "factor": change["factor"],
                },
                {"amount": dollars(change["amount"]), "allocated": bool(change.get("allocated"))},
            )
        base, before = str(s["budget_year"] - 2), str(s["budget_year"] - 1)
        for source, by_component in doc["other_sources"].items():
            for comp, (spent, estimate, proposal) in by_component.items():
                fact(comp, source, None, base, "expenditure", dollars(spent))
                fact(comp, source, None, before, "estimate", dollars(estimate))
                fact(comp, source, None, year, "estimate", dollars(proposal))

        posts = doc["posts"]
        for category, grades in posts["regular_by_grade"].items():
            by_comp = {c: v[category] for c, v in posts["regular_by_component"].items()}
            for (grade, comp), count in allocate(grades, by_comp).items():
                self.upsert(
                    fin.Post,
                    {
                        "section": section,
                        "component": comps[comp],
                        "funding_source": sources["RB"],
                        "category": category,
                        "grade": grade,
                        "period": periods[before],
                        "stage": "approved",
                    },
                    {"count": count, "allocated": True},
                )
        for source, by_component in posts["other_sources"].items():
            for comp, count in by_component.items():
                self.upsert(
                    fin.Post,
                    {
                        "section": section,
                        "component": comps[comp],
                        "funding_source": sources[source],
                        "category": "",
                        "grade": "",
                        "period": periods[before],
                        "stage": "estimate",
                    },
                    {"count": count},
                )
        for action in posts.get("actions", []):
            self.upsert(
                fin.PostAction,
                {
                    "section": section,
                    "component": comps[action["component"]],
                    "funding_source": sources[action["funding_source"]],
                    "period": periods[year],
                    "action": action["action"],
                    "grade": action.get("grade", ""),
                },
                {"factor": action.get("factor", "other"), "count": action["count"]},
            )
        for p in doc.get("printed", []):
            self.upsert(
                fin.PrintedFigure,
                {"document": s["symbol"], "table_number": p["table"], "row": p["row"], "column": p["column"]},
                {
                    "section": section,
                    "value": Decimal(str(p["value"])).quantize(Decimal("0.01")),
                    "unit": p.get("unit", "thousands"),
                },
            )
        kept = set()
        for e in doc.get("explanations", []):
            kept.add(
                self.upsert(
                    fin.ChangeExplanation,
                    {
                        "section": section,
                        "paragraph": str(e["paragraph"]),
                        "component": comps.get(e.get("component")) if e.get("component") else None,
                        "funding_source": sources[e["funding_source"]] if e.get("funding_source") else None,
                        "object": objects.get(e.get("object")) if e.get("object") else None,
                        "factor": e.get("factor", ""),
                        "amount": dollars(e["amount"]),
                    },
                    {"text": _text(e.get("text")), "mandate": e.get("mandate", "")},
                ).pk
            )
        # The file is the whole narrative of the section: an explanation it no longer holds (a
        # transcription corrected since the last load) is removed, through the service.
        service = registry[fin.ChangeExplanation].service
        for stale in fin.ChangeExplanation.objects.filter(section=section).exclude(pk__in=kept):
            service.delete(stale, user=None, source=ObjectChange.Source.REFERENCE, check=False)

    def load_overview(self, doc: dict) -> None:
        """ICT resources by biennium and funding source, with each source's total budget."""
        s = doc["section"]
        section = self.section(s)
        sources = {f["code"]: self.funding_source(f) for f in doc["funding_sources"]}
        codes = [*doc["main_sources"], doc["project_source"]]
        stages = {}
        for p in doc["periods"]:
            first, last = (int(y) for y in p["code"].split("-"))
            stages[p["code"]] = (
                self.upsert(
                    fin.Period,
                    {"code": p["code"]},
                    {
                        "kind": "biennium",
                        "start": datetime.date(first, 1, 1),
                        "end": datetime.date(last, 12, 31),
                    },
                ),
                p["stage"],
            )
        for measure, block in (("ict", doc["ict"]), ("total", doc["total_budget"])):
            for period_code, values in block.items():
                period, stage = stages[period_code]
                for code, value in zip(codes, values, strict=True):
                    self.upsert(
                        fin.BudgetFact,
                        {
                            "section": section,
                            "component": None,
                            "funding_source": sources[code],
                            "object": None,
                            "period": period,
                            "stage": stage,
                            "measure": measure,
                        },
                        {"amount": int(Decimal(str(value)) * MILLION)},
                    )
        for p in doc.get("printed", []):
            self.upsert(
                fin.PrintedFigure,
                {
                    "document": s["symbol"],
                    "table_number": p.get("table", "annex I"),
                    "row": str(p["row"]),
                    "column": p["column"],
                },
                {
                    "section": section,
                    "value": Decimal(str(p["value"])).quantize(Decimal("0.01")),
                    "unit": p.get("unit", "millions"),
                },
            )

    def cost_shares(self) -> None:
        with (DATA_DIR / "cost_shares.yaml").open(encoding="utf-8") as handle:
            formulas = yaml.safe_load(handle) or []
        for formula in formulas:
            for code, share in formula["shares"].items():
                source = fin.FundingSource.objects.get(organisation=self.organisation, code=code)
                self.upsert(
                    fin.CostShare,
                    {"formula": formula["formula"], "funding_source": source},
                    {
                        "name": _text(formula.get("name")),
                        "share": Decimal(str(share)).quantize(Decimal("0.01")),
                    },
                )

    def run(self) -> None:
        for name in FILES:
            self.load_file(DATA_DIR / name)
        self.cost_shares()


def load(loader: Any) -> None:
    FinanceLoader(loader).run()
