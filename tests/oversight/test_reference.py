"""The oversight reference data: A/73/384 annex III, A/74/588 ¶8-29 and A/78/6 (Sect. 29C) annex II
load into the register, and the annex tables and checks come out of it."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from io import StringIO
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lodestar.core import permissions as p
from lodestar.core.checks import run_checks
from lodestar.org.models import Entity
from lodestar.oversight.models import OversightReport, Recommendation, StatusUpdate
from tests.conftest import grant

from ..reference_snapshot import reference_data


def test_the_oversight_reference_data(db: Any) -> None:
    """One load (about ten seconds) for every assertion below."""
    loaded = reference_data()
    register_holds_what_the_seeds_print(loaded)
    annex_iii_tables(loaded)
    annex_iii_ii_summary_is_computed_and_the_gap_is_flagged(loaded)
    follow_up_annex_of_the_budget_fascicle(loaded)
    ageing_checks_at_the_board_s_date(loaded)
    dashboard_carry_over_and_rate_as_printed(loaded)
    # Loading again changes nothing: tests/reference/test_reference_data.py checks it for every
    # domain at once (one more load here would cost as much as the first).


def table(number: str, *, document: str = "A/73/384", lang: str = "en") -> dict:
    out = StringIO()
    call_command("table", document, number, "--format", "json", "--lang", lang, stdout=out)
    return json.loads(out.getvalue())


def cells(data: dict, row: int) -> list[str]:
    return [c["text"] for c in data["rows"][row]["cells"]]


def register_holds_what_the_seeds_print(loaded: dict) -> None:
    per_report = {
        symbol: Recommendation.objects.filter(report__symbol=symbol).count()
        for symbol in ("A/73/160", "A/72/151", "A/70/581", "A/67/651", "A/74/588", "A/77/7")
    }
    assert per_report == {
        "A/73/160": 13,
        "A/72/151": 14,
        "A/70/581": 7,
        "A/67/651": 16,  # 15 in the seed's text, and the 37th it cuts off
        "A/74/588": 14,
        "A/77/7": 2,
    }
    assert all(r.entity.code == "OICT" for r in Recommendation.objects.select_related("entity"))
    imported = StatusUpdate.objects.filter(source="A/73/384")
    assert imported.count() == 50 and set(imported.values_list("state", flat=True)) == {"validated"}
    para_101 = Recommendation.objects.get(code="A/67/651 para. 101")
    assert para_101.target_as_printed == {"en": "Ongoing", "zh": "进行中"} and para_101.target_date is None
    assert Recommendation.objects.get(code="A/72/151 para. 112").original_target_date == datetime.date(
        2021, 12, 31
    )
    para_20 = Recommendation.objects.get(code="A/74/588 para. 20")
    assert para_20.priority == "high" and para_20.text["zh"].startswith(
        "行预咨委会建议大会请秘书长作为优先事项"
    )
    assert {p.code for p in Recommendation.objects.get(code="A/74/588 para. 10").projects.all()} >= {
        "ICT-ENOC"
    }


def annex_iii_tables(loaded: dict) -> None:
    first = table("annex III.I")
    assert len(first["rows"]) == 13
    assert first["rows"][0]["label"] == "25" and cells(first, 0)[0] == "31 Dec 2019"
    assert cells(first, 2)[0] == "Ongoing"
    zh = table("annex III.I", lang="zh")
    assert zh["columns"] == ["段次", "目标日期", "评论意见"]
    assert cells(zh, 0) == [
        "2019年12月31日",
        "根据审计委员会先前的一项建议，高级管理人员契约中的信通技术战略部分得到了加强和细化。秘书处将继续努力确保各部门遵循与治理有关的既定流程",
    ]
    assert cells(zh, 2)[0] == "进行中"
    assert [len(table(f"annex III.II.{x}")["rows"]) for x in "ABC"] == [14, 7, 16]
    assert table("annex III.II.C")["rows"][-1]["label"] == "(not in the seed's text)"
    b_zh = table("annex III.II.B", lang="zh")
    assert b_zh["rows"][4]["label"] == "摘要，建议(e)" and cells(b_zh, 4) == ["", "已执行"]
    assert table("annex III.II.A", lang="zh")["rows"][-1]["cells"][0]["text"] == "2021/12/31"


def annex_iii_ii_summary_is_computed_and_the_gap_is_flagged(loaded: dict) -> None:
    summary = table("annex III.II")
    # Computed from the 37 recommendations: 36 in the seed's text and the one it cuts off (printed as
    # not started), so the computed summary is the printed one.
    assert [c["value"] for c in summary["rows"][0]["cells"]] == [37, 10, 1, 1, 25]
    assert cells(summary, 1) == ["100.0", "27.0", "2.7", "2.7", "67.6"]
    assert "37th" in summary["notes"][0]
    zh = table("annex III.II", lang="zh")
    assert zh["rows"][0]["label"] == "联合国秘书处，在信息和通信技术厅监督下"
    assert run_checks(["OVS-PRINTED"]) == []
    # The one cut off has no known target date: flagged, not hidden.
    no_target = {f.object.split(" ", 1)[1] for f in run_checks(["OVS-NO-TARGET"])}
    assert "A/67/651 (not in the seed's text)" in no_target


def follow_up_annex_of_the_budget_fascicle(loaded: dict) -> None:
    zh = table("annex II", document="A/78/6 (Sect. 29C)", lang="zh")
    assert zh["columns"] == ["建议简述", "为执行建议而采取的行动"]
    labels = [r["label"] for r in zh["rows"]]
    assert labels[:2] == ["行政和预算问题咨询委员会", "A/77/7"]
    assert labels[2].startswith("行预咨委会重申,秘书长应继续努力使网站合理化")
    assert cells(zh, 3) == ["详情载于2022年财务执行情况报告。"]
    en = table("annex II", document="A/78/6 (Sect. 29C)")
    assert en["rows"][0]["label"] == "Advisory Committee on Administrative and Budgetary Questions"
    assert cells(en, 3) == ["Details are contained in the 2022 financial performance report."]


def ageing_checks_at_the_board_s_date(loaded: dict) -> None:
    # A/74/588 ¶4: of the recommendations still open at 31 December 2018, 12 were older than two years.
    aged = run_checks(["OVS-AGEING"], as_at=datetime.date(2018, 12, 31))
    no_target = run_checks(["OVS-NO-TARGET"], as_at=datetime.date(2018, 12, 31))
    assert len(aged) == 12
    assert "A/67/651 para. 101" in {f.object.split(" ", 1)[1] for f in no_target}
    assert all("A/67/651 para. 20" not in f.object for f in no_target)  # implemented: not flagged
    out = StringIO()
    call_command("check", "--as-at", "2018-12-31", "--format", "json", "--code", "OVS-AGEING", stdout=out)
    assert {f["data"]["as_at"] for f in json.loads(out.getvalue())} == {"2018-12-31"}
    # Report dates as the seeds give them: a month or a year only is marked, dated its last day.
    a73_160 = OversightReport.objects.get(symbol="A/73/160")
    assert (a73_160.date, a73_160.date_known) == (datetime.date(2018, 7, 31), "month")
    a67 = OversightReport.objects.get(symbol="A/67/651")
    assert (a67.date_known, a67.earliest_date()) == ("year", datetime.date(2012, 1, 1))


def dashboard_carry_over_and_rate_as_printed(loaded: dict) -> None:
    user = get_user_model().objects.create_user(username="reviewer-ref", password="x")
    grant(user, p.OVERSIGHT_REVIEWER, Entity.objects.get(code="UN"))
    client = Client()
    client.force_login(user)
    response = client.get(reverse("oversight:dashboard") + "?as_at=2018-12-31")
    html = response.content.decode()
    board = next(
        rows for rows in response.context["carry"].values() if any(c.label == "A/73/160" for c in rows)
    )
    at_a73_160 = next(c for c in board if c.label == "A/73/160")
    # A/73/384 ¶6: 26 outstanding + 13 new = 39.
    assert (at_a73_160.carried, at_a73_160.issued, at_a73_160.still_open) == (26, 13, 39)
    row = re.search(r'<tr data-report="A/73/160">(.*?)</tr>', html, re.S).group(1)
    assert 'class="text-end carried">26<' in row and 'class="text-end still-open">39<' in row
    assert 'data-date-known="month"' in row
    # A/73/384 ¶7: 27 % of the outstanding recommendations implemented during 2018.
    year_2018 = next(b["point"] for b in response.context["rate"] if b["point"].year == 2018)
    assert (year_2018.implemented, year_2018.outstanding, year_2018.year_rate) == (10, 37, Decimal("27.0"))
    aged = next(g for g in response.context["ageing"] if g["key"] == "aged")
    assert aged["count"] == 12
