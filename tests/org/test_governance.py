from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from lodestar.org.compliance import compliance, required_meetings
from lodestar.org.models import BodyOutput, GovernanceBody, Meeting

from ..factories import create


def _body(entity: Any, code: str, **fields: Any) -> GovernanceBody:
    return create(
        GovernanceBody,
        entity=entity,
        code=code,
        name={"en": code},
        kind="board",
        records_from=2018,
        records_to=2018,
        **fields,
    )


@pytest.mark.django_db
def test_2018_cadence_of_the_executive_committee_and_the_board(tree: dict) -> None:
    root = tree["root"]
    committee = _body(root, "ICT-EC", cadence="min_per_year", cadence_n=1, project_updates_required=4)
    board = _body(root, "ICT-BOARD", cadence="every_n_weeks", cadence_n=6, annual_reports_required=1)
    for _ in range(2):
        create(Meeting, body=board, year=2018)
    rows = {r.body.code: r for r in compliance([committee, board])}
    ec, b = rows["ICT-EC"], rows["ICT-BOARD"]
    assert (ec.meetings_held, ec.meetings_required, ec.meeting_rate) == (0, 1, Decimal("0.0"))
    assert not ec.compliant and not ec.updates_met
    assert (b.meetings_held, b.meetings_required) == (2, 8)  # every six weeks: floor(365 / 42)
    assert b.meeting_rate == Decimal("25.0")
    assert not b.reports_met and not b.compliant
    create(BodyOutput, body=board, kind="annual_report", year=2018)
    for _ in range(6):
        create(Meeting, body=board, year=2018)
    assert compliance([board])[0].compliant


def test_required_meetings_by_cadence() -> None:
    body = GovernanceBody(cadence="every_n_weeks", cadence_n=6)
    assert required_meetings(body, 2018) == 8
    assert required_meetings(body, 2020) == 8
    assert required_meetings(GovernanceBody(cadence="per_quarter", cadence_n=1), 2018) == 4
    assert required_meetings(GovernanceBody(cadence="per_month", cadence_n=2), 2018) == 24
    assert required_meetings(GovernanceBody(cadence="none"), 2018) == 0


@pytest.mark.django_db
def test_years_outside_the_complete_record_are_not_judged(tree: dict) -> None:
    board = _body(tree["root"], "B", cadence="every_n_weeks", cadence_n=6)
    assert [r.year for r in compliance([board])] == [2018]
    board.records_from = None
    assert compliance([board]) == []


@pytest.mark.django_db
def test_check_command_reports_cadence_findings_as_json(tree: dict) -> None:
    _body(tree["root"], "ICT-EC", cadence="min_per_year", cadence_n=1)
    out = StringIO()
    call_command("check", "--format", "json", stdout=out)
    findings = json.loads(out.getvalue())
    assert {"code", "object", "message"} <= set(findings[0])
    assert [f["code"] for f in findings] == ["GOV-CADENCE"]
    assert "2018" in findings[0]["message"] and "0" in findings[0]["message"]


@pytest.mark.django_db
def test_findings_page_is_scoped(tree: dict, users: dict, client_for: Any) -> None:
    _body(tree["b"], "B-BOARD", cadence="min_per_year", cadence_n=1)
    assert "B-BOARD" in client_for("analyst").get("/findings/").content.decode()
    assert "B-BOARD" not in client_for("focal_a").get("/findings/").content.decode()


@pytest.mark.django_db
def test_body_page_shows_compliance(tree: dict, users: dict, client_for: Any) -> None:
    board = _body(tree["root"], "ICT-BOARD", cadence="every_n_weeks", cadence_n=6, annual_reports_required=1)
    create(Meeting, body=board, year=2018)
    page = client_for("reader").get(board.get_absolute_url()).content.decode()
    assert "table-danger" in page and "12.5" in page
