"""Loads the project portfolio under data/portfolio/ through the services, with source "reference";
idempotent because every record is matched on its natural key.

A project may appear in several files (the ACABQ case of A/74/588 and the annex of A/73/384 name the
same projects): each file sets only the fields it gives, so the files add up instead of overwriting
one another."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lodestar.finance import models as fin
from lodestar.org.models import Entity
from lodestar.portfolio import models as prj

DATA_DIR = Path(__file__).resolve().parent / "data" / "portfolio"
FILES = (
    "acabq_2019.yaml",
    "a73_384_annex2.yaml",
    "a65_491_structural_review.yaml",
    "a65_491_programmes.yaml",
)

# Owners named in the data that the entity reference data lacks (reported, then owned by "UN").
missing_owners: set[str] = set()

THOUSAND = Decimal(1000)
MILLION = Decimal(1_000_000)
# Project fields copied as they are when a row gives them.
PLAIN = ("status", "lower_is_better", "target_status", "source", "order", "table_group")
DATES = ("start_date", "baseline_end", "current_end", "operations_start", "transitioned_on")
TEXTS = ("name", "description", "objective", "target_indicator", "key_finding")


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": value}
    return {k: str(v).strip() for k, v in value.items() if v not in (None, "")}


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))


def _dollars(value: Any, scale: Decimal) -> int | None:
    """A printed amount (thousands or millions) as whole dollars; None for "—"."""
    return None if value in (None, "") else int(Decimal(str(value)) * scale)


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _owner(code: str | None) -> Entity | None:
    code = code or "UN"
    entity = Entity.objects.filter(code=code).first()
    if entity is None:
        missing_owners.add(code)
        entity = Entity.objects.filter(code="UN").first()
    return entity


def _programme_fields(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"entity": _owner(row.get("owner")), "name": _text(row["name"])}
    for key in ("source", "cost_share_formula"):
        if key in row:
            data[key] = row[key]
    for key in ("goal", "objectives"):  # A/65/491 tables 1-4, printed above each table
        if key in row:
            data[key] = _text(row[key])
    return data


def _project_fields(row: dict[str, Any], programmes: dict[str, prj.Programme]) -> dict[str, Any]:
    """Only the fields the row gives: a second file adds to a project, it does not blank it."""
    data: dict[str, Any] = {}
    if "owner" in row:
        data["entity"] = _owner(row["owner"])
    if "programme" in row:
        data["programme"] = programmes.get(row["programme"]) or prj.Programme.objects.get(
            code=row["programme"]
        )
    for key in PLAIN:
        if key in row:
            data[key] = row[key]
    for key in DATES:
        if key in row:
            data[key] = _date(row[key])
    for key in TEXTS:
        if key in row:
            data[key] = _text(row[key])
    for key in ("target_value", "actual_value"):
        if key in row:
            data[key] = _decimal(row[key])
    return data


def _report(loader: Any, project: prj.Project, period: str, document: str, row: dict[str, Any]) -> None:
    data: dict[str, Any] = {
        "document": document,
        "declared_percent": _decimal(row.get("declared_percent")),
        "declared_completed": bool(row.get("declared_completed", False)),
        "transitioned": bool(row.get("transitioned", False)),
        "health": row.get("health", ""),
    }
    if "printed_status" in row:
        data["printed_status"] = _text(row["printed_status"])
    loader.upsert(prj.StatusReport, {"project": project, "period": period}, data)


def _children(
    loader: Any,
    project: prj.Project,
    row: dict[str, Any],
    periods: dict[str, fin.Period],
    reported_in: str = "",
) -> None:
    for phase in row.get("phases", []):
        loader.upsert(
            prj.ProjectPhase,
            {"project": project, "order": phase["order"]},
            {
                "name": _text(phase["name"]),
                "start": _date(phase.get("start")),
                "end": _date(phase.get("end")),
                "cost": _dollars(phase.get("cost"), MILLION),
                "declared_percent": _decimal(phase.get("declared_percent")),
            },
        )
    for order, m in enumerate(row.get("milestones", []), start=1):
        due = _date(m.get("due"))
        # The state the report gives is kept as reported (with the report); the milestone is not
        # "accepted" until a central analyst accepts its evidence, so its status stays open.
        reported = "completed" if m.get("completed") else m.get("reported", "")
        loader.upsert(
            prj.Milestone,
            {"project": project, "order": order},
            {
                "name": _text(m["name"]),
                "phase": m.get("phase", ""),
                "current_due": due,
                "completed_on": due if reported == "completed" and due else None,
                "reported_status": reported,
                "reported_in": reported_in if reported else "",
            },
        )
    for code, amounts in (row.get("costs") or {}).items():
        obj = fin.ObjectOfExpenditure.objects.get(organisation=loader.organisation, code=code)
        for period, amount in zip(periods.values(), amounts, strict=True):
            if amount is None:
                continue
            loader.upsert(
                prj.ProjectCost,
                {"project": project, "object": obj, "period": period, "funding_source": None},
                {"amount": _dollars(amount, THOUSAND)},
            )
    for part, spec in (row.get("cost_baseline") or {}).items():
        loader.upsert(
            prj.CostBaseline,
            {"project": project, "part": part},
            {"value": Decimal(str(spec["value"])), "where": spec.get("where", "")},
        )
    for order, b in enumerate(row.get("benefits", []), start=1):
        loader.upsert(
            prj.Benefit,
            {"project": project, "order": order},
            {
                "category": _text(b["category"]),
                "estimated": bool(b.get("estimated", True)),
                "low": _dollars(b.get("low"), MILLION),
                "high": _dollars(b.get("high"), MILLION),
                "description": _text(b.get("description")),
            },
        )
    for cr in row.get("change_requests", []):
        loader.upsert(
            prj.ChangeRequest,
            {"project": project, "reference": cr["reference"]},
            {
                "description": _text(cr["description"]),
                "scope_change": _text(cr.get("scope_change")),
                "previous_end": _date(cr.get("previous_end")),
                "new_end": _date(cr.get("new_end")),
                "cost_delta": cr.get("cost_delta"),
                "approved_on": _date(cr.get("approved_on")),
                "document": cr.get("document", ""),
            },
        )


def _periods(loader: Any, codes: list[str]) -> dict[str, fin.Period]:
    """The bienniums, created only when missing: the budget's reference data names them too."""
    periods = {}
    for code in codes:
        existing = fin.Period.objects.filter(code=str(code)).first()
        if existing is not None:
            periods[str(code)] = existing
            continue
        first, last = (int(y) for y in str(code).split("-"))
        periods[str(code)] = loader.upsert(
            fin.Period,
            {"code": str(code)},
            {"kind": "biennium", "start": datetime.date(first, 1, 1), "end": datetime.date(last, 12, 31)},
        )
    return periods


def _unnamed(loader: Any, spec: dict[str, Any], report_periods: dict[str, str]) -> None:
    """The strategic projects a report counts without naming them, one record each."""
    n = 0
    programme = prj.Programme.objects.get(code=spec["programme"])
    first = next(iter(report_periods))
    for document, count in spec["transitioned"].items():
        for _ in range(count):
            n += 1
            project = loader.upsert(
                prj.Project,
                {"code": f"{spec['prefix']}{n:02d}"},
                {
                    "entity": _owner(spec.get("owner")),
                    "programme": programme,
                    "status": "completed",
                    "order": 100 + n,
                    "name": {
                        "en": f"ICT strategy project {n} (not named in A/73/384; completed per {document})",
                        "zh": f"信通技术战略项目 {n}(A/73/384 未列名称;{document} 报告已完成)",
                    },
                    "source": f"A/73/384 annex II.A (counted, not named); transitioned per {document}",
                },
            )
            _report(loader, project, report_periods[first], first, {})
            _report(loader, project, report_periods[document], document, {"transitioned": True})


def _printed(loader: Any, rows: list[dict[str, Any]], default: prj.Programme | None) -> None:
    for block in rows:
        programme = prj.Programme.objects.get(code=block["programme"]) if "programme" in block else default
        for key, values in block["rows"].items():
            for column, value in zip(block["columns"], values, strict=True):
                if value is None:
                    continue
                loader.upsert(
                    prj.PrintedCell,
                    {
                        "document": block["document"],
                        "table_number": str(block["table"]),
                        "row": str(key),
                        "column": str(column),
                    },
                    {
                        "programme": programme,
                        "value": _decimal(value),
                        "unit": block.get("unit", "thousands"),
                        "where": block.get("where", ""),
                    },
                )


def _activity(loader: Any, row: dict[str, Any], programmes: dict[str, prj.Programme]) -> None:
    """A programme element of A/65/491 tables 1-4 (main activity, progress, plan and horizon)."""
    programme = programmes.get(row["programme"]) or prj.Programme.objects.get(code=row["programme"])
    loader.upsert(
        prj.ProgrammeActivity,
        {"programme": programme, "order": row["order"]},
        {
            "element": _text(row["element"]),
            "activity": _text(row.get("activity")),
            "progress": _text(row.get("progress")),
            "plan": _text(row.get("plan")),
            "horizon": row.get("horizon", ""),
            "source": row.get("source", ""),
        },
    )


def load(loader: Any) -> None:
    for name in FILES:
        data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8")) or {}
        programmes: dict[str, prj.Programme] = {}
        for row in data.get("programmes", []):
            programmes[row["code"]] = loader.upsert(
                prj.Programme, {"code": row["code"]}, _programme_fields(row)
            )
        periods = _periods(loader, data.get("periods", []))
        report_periods: dict[str, str] = data.get("report_periods", {})
        projects: dict[str, prj.Project] = {}
        for row in data.get("projects", []):
            projects[row["code"]] = project = loader.upsert(
                prj.Project, {"code": row["code"]}, _project_fields(row, programmes)
            )
            _children(loader, project, row, periods, data.get("milestones_reported_in", ""))
            for document, report in (row.get("reports") or {}).items():
                _report(loader, project, report_periods[document], document, report or {})
        if "unnamed" in data:
            _unnamed(loader, data["unnamed"], report_periods)
        for row in data.get("reports", []):
            _report(loader, projects[row["project"]], str(row["period"]), row.get("document", ""), row)
        for row in data.get("activities", []):
            _activity(loader, row, programmes)
        if data.get("printed"):
            default = next(reversed(programmes.values()), None)
            _printed(loader, data["printed"], default)
