"""Loads the oversight register under data/oversight/ through the services (source "reference"):
bodies, reports, recommendations with their addressees, the statuses the documents print (as
validated updates whose ``source`` is the document), and printed summary figures. Idempotent:
every record is matched on its natural key."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lodestar.finance.models import BudgetSection
from lodestar.org.models import Entity, GovernanceBody
from lodestar.oversight import models as ovs
from lodestar.portfolio.models import Project

DATA_DIR = Path(__file__).resolve().parent / "data" / "oversight"
VALIDATED = ovs.StatusUpdate.State.VALIDATED


def _load(name: str) -> Any:
    path = DATA_DIR / name
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _issue_date(value: Any) -> dict[str, Any]:
    """A report's date as the seed gives it: "2012" (year only), "2017-07" (month only) or a day;
    dated the last day of what is known, with ``date_known`` saying which."""
    text = str(value)
    if len(text) == 4:
        return {"date": datetime.date(int(text), 12, 31), "date_known": "year"}
    if len(text) == 7:
        year, month = int(text[:4]), int(text[5:])
        last = calendar.monthrange(year, month)[1]
        return {"date": datetime.date(year, month, last), "date_known": "month"}
    return {"date": _date(value), "date_known": "day"}


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    return {"en": value} if isinstance(value, str) else {k: str(v).strip() for k, v in value.items() if v}


class OversightLoader:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.bodies: dict[str, ovs.OversightBody] = {}
        self.reports: dict[str, ovs.OversightReport] = {}

    def _entity(self, code: str) -> Entity:
        entity = Entity.objects.filter(code=code).first() or Entity.objects.filter(code="UN").first()
        if entity is None:
            raise ValueError(f"entity {code} is not in the reference data")
        return entity

    def register(self, data: dict) -> None:
        for row in data.get("bodies", []):
            self.bodies[row["code"]] = self.loader.upsert(
                ovs.OversightBody,
                {"organisation": self.loader.organisation, "code": row["code"]},
                {
                    "acronym": row.get("acronym", ""),
                    "name": _text(row["name"]),
                    "kind": row["kind"],
                    "order": row.get("order", 0),
                    "governance_body": GovernanceBody.objects.filter(
                        code=row.get("governance_body") or ""
                    ).first(),
                },
            )
        for row in data.get("reports", []):
            self.reports[row["symbol"]] = self.loader.upsert(
                ovs.OversightReport,
                {"symbol": row["symbol"]},
                {
                    "body": self.bodies[row["body"]],
                    "title": _text(row["title"]),
                    **_issue_date(row["date"]),
                    "session": row.get("session"),
                    "subject": _text(row.get("subject")),
                    "period_covered": row.get("period_covered", ""),
                },
            )

    def recommendation(self, report: str, reference: str, lead: str, values: dict, links: dict) -> Any:
        rec = self.loader.upsert(
            ovs.Recommendation,
            {"report": self.reports[report], "reference": reference},
            {"entity": self._entity(lead), "original_language": "zh", **values},
        )
        many = {
            "projects": list(Project.objects.filter(code__in=links.get("projects") or [])),
            "governance_bodies": list(
                GovernanceBody.objects.filter(code__in=links.get("governance_bodies") or [])
            ),
            "budget_sections": list(
                BudgetSection.objects.filter(code__in=links.get("budget_sections") or [])
            ),
        }
        if any(many.values()):
            rec = self.loader.upsert(ovs.Recommendation, {"pk": rec.pk}, many)
        return rec

    def status(self, rec: Any, *, as_of: datetime.date, status: str, comment: dict, source: str) -> None:
        addressee = ovs.Addressee.objects.get(recommendation=rec, entity=rec.entity)
        self.loader.upsert(
            ovs.StatusUpdate,
            {"addressee": addressee, "source": source, "as_of": as_of},
            {
                "reported_status": status,
                "comment": comment,
                "original_language": "zh",
                "state": VALIDATED,
            },
        )

    def annex3(self, data: dict) -> None:
        as_of = _date(data["as_of"])
        for row in data["recommendations"]:
            rec = self.recommendation(
                row["report"],
                row["reference"],
                "OICT",
                {
                    "text": {
                        "en": f"Recommendation in {row['report']}, {row['reference']} "
                        f"(text not reproduced in {data['document']})",
                        "zh": f"{row['report']} {row['reference']} 所载建议(全文未载于 {data['document']})",
                    },
                    "original_target_date": _date(row.get("target")),
                    "target_as_printed": _text(row.get("target_as_printed")),
                    "order": row["order"],
                    "acceptance": "",
                },
                {},
            )
            self.status(rec, as_of=as_of, status=row["status"], comment=_text(row["comment"]),
                        source=data["document"])  # fmt: skip

    def acabq(self, block: dict) -> None:
        for order, item in enumerate(block["items"], start=1):
            self.recommendation(
                block["report"],
                item["ref"],
                block["lead"],
                {
                    "text": _text(item["text"]),
                    "kind": item.get("kind", "recommendation"),
                    "topic": item.get("topic", ""),
                    "priority": item.get("priority", ""),
                    "target_as_printed": _text(item.get("due") or block.get("due")),
                    "order": order,
                },
                item,
            )

    def follow_up(self, block: dict) -> None:
        for order, item in enumerate(block["items"], start=1):
            rec = self.recommendation(
                block["report"],
                item["ref"],
                block["lead"],
                {"text": _text(item["text"]), "topic": item.get("topic", ""), "order": order},
                item,
            )
            # The fascicle prints the action taken, not a status: the status stays unstated.
            self.status(rec, as_of=_date(block["as_of"]), status="", comment=_text(item["action"]),
                        source=block["source"])  # fmt: skip

    def printed(self, block: dict) -> None:
        for row in ("count", "percent"):
            for column, value in block[row].items():
                self.loader.upsert(
                    ovs.PrintedSummary,
                    {
                        "organisation": self.loader.organisation,
                        "document": block["document"],
                        "table_number": block["table"],
                        "row": row,
                        "column": column,
                    },
                    # One decimal as stored, so that loading again compares equal and writes nothing.
                    {"value": Decimal(str(value)).quantize(Decimal("0.1")), "note": block.get("note", "")},
                )

    def run(self) -> None:
        data = _load("register.yaml") or {}
        self.register(data)
        annex = _load("a73_384_annex3.yaml")
        if annex:
            self.annex3(annex)
        if data.get("acabq_2019"):
            self.acabq(data["acabq_2019"])
        if data.get("follow_up_2023"):
            self.follow_up(data["follow_up_2023"])
        if data.get("printed_summary"):
            self.printed(data["printed_summary"])


def load(loader: Any) -> None:
    OversightLoader(loader).run()
