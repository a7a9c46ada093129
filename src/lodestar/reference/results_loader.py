"""Loads the programme plans under data/results/ (A/78/6 (Sect. 29C), A/71/6 (Prog. 25)) through the
services, with source "reference"; idempotent because every record is matched on its natural key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lodestar.org.models import Entity
from lodestar.results import models as res

DATA_DIR = Path(__file__).resolve().parent / "data" / "results"
FILES = ("a78_6_sect29c.yaml", "a71_6_prog25.yaml")
# Strategy paragraphs and lettered items, by plan code (loaded after the plans they belong to).
STRATEGY_FILE = "strategy.yaml"

# Owners named in the data that the entity reference data may lack (reported, then owned by "UN").
missing_owners: set[str] = set()


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": value}
    return {k: str(v).strip() for k, v in value.items() if v not in (None, "")}


def _original(value: Any) -> str:
    return "zh" if isinstance(value, dict) and value.get("zh") else "en"


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


class ResultsLoader:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.entities: dict[str, Entity] = {}

    def owner(self, code: str | None) -> Entity:
        code = code or "UN"
        if code not in self.entities:
            entity = Entity.objects.filter(code=code).first()
            if entity is None:
                missing_owners.add(code)
                entity = Entity.objects.filter(code="UN").first() or self.root()
            self.entities[code] = entity
        return self.entities[code]

    def root(self) -> Entity:
        """The Organization, when the entity reference data has not been loaded."""
        return self.loader.upsert(
            Entity,
            {"code": "UN"},
            {"kind": "organisation", "acronym": "UN", "name": {"en": "United Nations", "zh": "联合国"}},
        )

    def upsert(self, model: type, lookup: dict[str, Any], data: dict[str, Any]) -> Any:
        return self.loader.upsert(model, lookup, data)

    def load_file(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
        p = doc["plan"]
        plan_owner = self.owner(p.get("owner"))
        plan = self.upsert(
            res.ProgrammePlan,
            {"code": p["code"]},
            {
                "entity": plan_owner,
                "symbol": p["symbol"],
                "kind": p["kind"],
                "title": _text(p["title"]),
                "programme": _text(p.get("programme")),
                "original_language": _original(p["title"]),
                "section": str(p.get("section") or ""),
                "period_start": p["period_start"],
                "period_end": p["period_end"],
                "source": p.get("source", "")[:300],
            },
        )
        components: dict[str, res.Component] = {}
        for row in doc.get("components", []):
            components[row["code"]] = self.component(plan, row, components, doc)
        for row in doc.get("deliverables", []) or []:
            self.deliverable(plan, row, components, doc)
        for row in doc.get("evaluations", []) or []:
            self.upsert(
                res.Evaluation,
                {"plan": plan, "year": row["year"], "kind": row.get("kind", "evaluation")},
                {
                    "entity": plan.entity,
                    "status": row.get("status", "completed"),
                    "subject": _text(row["subject"]),
                    "findings": _text(row.get("findings")),
                    "original_language": _original(row["subject"]),
                    "source": row.get("source", "")[:300],
                },
            )
        for row in doc.get("mandates", []) or []:
            self.mandate(plan, None, row, doc)

    def component(self, plan: res.ProgrammePlan, row: dict, done: dict, doc: dict) -> res.Component:
        owner = self.owner(row.get("owner"))
        component = self.upsert(
            res.Component,
            {"code": row["code"]},
            {
                "plan": plan,
                "entity": owner,
                "parent": done.get(row.get("parent")) if row.get("parent") else None,
                "number": str(row["number"]),
                "kind": row.get("kind", "subprogramme"),
                "location": row.get("location", ""),
                "title": _text(row["title"]),
                "original_language": _original(row["title"]),
                "order": row.get("order", 0),
                "source": row.get("source", "")[:300],
            },
        )
        for n, o in enumerate(row.get("objectives") or []):
            self.upsert(
                res.Objective,
                {"component": component, "order": n},
                {
                    "entity": owner,
                    "text": _text(o["text"]),
                    "original_language": _original(o["text"]),
                    "source": o.get("source", "")[:300],
                },
            )
        for r in row.get("results") or []:
            result = self.upsert(
                res.Result,
                {"code": r["code"]},
                {
                    "component": component,
                    "entity": owner,
                    "kind": r["kind"],
                    "label": r.get("label", ""),
                    "title": _text(r["title"]),
                    "original_language": _original(r["title"]),
                    "year": r.get("year"),
                    "narrative": _text(r.get("narrative")),
                    "target_status": r.get("target_status", ""),
                    "reason": _text(r.get("reason")),
                    "lessons_learned": _text(r.get("lessons_learned")),
                    "planned_change": _text(r.get("planned_change")),
                    "order": r.get("order", 0),
                    "source": r.get("source", "")[:300],
                },
            )
            for i in r.get("indicators") or []:
                self.indicator(plan, component, result, owner, i)
        for i in row.get("indicators") or []:
            self.indicator(plan, component, None, owner, i)
        for m in row.get("mandates") or []:
            self.mandate(plan, component, m, doc)
        return component

    def indicator(self, plan: Any, component: Any, result: Any, owner: Entity, row: dict) -> None:
        indicator = self.upsert(
            res.Indicator,
            {"code": row["code"]},
            {
                "entity": owner,
                "plan": plan,
                "component": component,
                "result": result,
                "kind": row.get("kind", "performance_measure"),
                "label": row.get("label", ""),
                "text": _text(row["text"]),
                "original_language": _original(row["text"]),
                "unit": _text(row.get("unit")),
                "value_type": row.get("value_type", "text"),
                "direction": row.get("direction", ""),
                "target": _text(row.get("target")),
                "cumulative": bool(row.get("cumulative", False)),
                "table_number": str(row.get("table_number") or ""),
                "order": row.get("order", 0),
                "source": row.get("source", "")[:300],
            },
        )
        for o in row.get("observations") or []:
            self.upsert(
                res.Observation,
                {"indicator": indicator, "year": o["year"], "kind": o["kind"]},
                {
                    "value": _decimal(o.get("value")),
                    "text": _text(o.get("text")),
                    "original_language": _original(o.get("text")) if o.get("text") else "zh",
                    "met": o.get("met", ""),
                    "reason": _text(o.get("reason")),
                    "source": (o.get("source") or row.get("source", ""))[:300],
                },
            )

    def deliverable(self, plan: Any, row: dict, components: dict, doc: dict) -> None:
        component = components.get(row.get("component")) if row.get("component") else None
        parent = res.Deliverable.objects.filter(code=row["parent"]).first() if row.get("parent") else None
        source = (
            row.get("source") or f"{doc['plan'].get('source', '').split(',')[0]}, table {row['table_number']}"
        )
        deliverable = self.upsert(
            res.Deliverable,
            {"code": row["code"]},
            {
                "plan": plan,
                "entity": component.entity if component else plan.entity,
                "component": component,
                "parent": parent,
                "category": row["category"],
                "role": row.get("role", "item"),
                "number": str(row.get("number") or ""),
                "text": _text(row["text"]),
                "unit": _text(row.get("unit")),
                "note": _text(row.get("note")),
                "original_language": _original(row["text"]),
                "table_number": str(row["table_number"]),
                "order": row.get("order", 0),
                "source": source[:300],
            },
        )
        for q in row.get("quantities") or []:
            self.upsert(
                res.DeliverableQuantity,
                {"deliverable": deliverable, "year": q["year"], "kind": q["kind"]},
                {"quantity": _decimal(q.get("quantity")), "source": source[:300]},
            )

    def mandate(self, plan: Any, component: Any, row: dict, doc: dict) -> None:
        source = row.get("source") or doc.get("mandates_source") or doc["plan"].get("source", "")
        self.upsert(
            res.LegislativeMandate,
            {"plan": plan, "component": component, "symbol": row["symbol"]},
            {
                "entity": component.entity if component else plan.entity,
                "section": _text(row.get("section")),
                "title": _text(row.get("title")),
                "original_language": _original(row.get("title")),
                "order": row.get("order", 0),
                "source": source[:300],
            },
        )

    def load_strategy(self, path: Path) -> None:
        """Strategy items: each paragraph or lettered item of a strategy, matched on (plan, paragraph)."""
        with path.open(encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
        for block in doc.get("plans") or []:
            plan = res.ProgrammePlan.objects.get(code=block["plan"])
            for group in block.get("groups") or []:
                component = (
                    res.Component.objects.get(code=group["component"]) if group.get("component") else None
                )
                for n, row in enumerate(group.get("items") or []):
                    text = {"zh": row["zh"], "en": row["en"]}
                    self.upsert(
                        res.StrategyItem,
                        {"plan": plan, "reference": str(row["ref"])},
                        {
                            "component": component,
                            "entity": component.entity if component else plan.entity,
                            "kind": row.get("kind") or group.get("kind") or "strategy",
                            "text": _text(text),
                            "original_language": "zh",
                            "period": str(row.get("period") or group.get("period") or ""),
                            "order": n,
                            "source": (row.get("source") or f"{block['source']} ¶{row['ref']}")[:300],
                        },
                    )


def load(loader: Any) -> None:
    """Load every programme plan under data/results/ (called at the end of Loader.run())."""
    results = ResultsLoader(loader)
    for name in FILES:
        path = DATA_DIR / name
        if path.exists():
            results.load_file(path)
    strategy = DATA_DIR / STRATEGY_FILE
    if strategy.exists():
        results.load_strategy(strategy)
