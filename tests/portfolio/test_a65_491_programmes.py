"""A/65/491 tables 1-4 (the status of the ICT management framework and of the knowledge, resource and
infrastructure management programmes) come from the stored programme activities: every row and cell
equals the transcription in English and the seed's wording in Chinese, the command prints them, the
structural-review document carries them, and a focal point sees only their entity's programmes."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.assemble import assemble
from lodestar.documents.models import Document
from lodestar.documents.tables import find
from lodestar.portfolio import models as prj

from ..reference.seed_tables import SEED_TABLES
from ..reference.seed_tables import table as transcribed
from ..reference_snapshot import reference_data

PROGRAMMES = {"1": "ICT-MF", "2": "ICT-KM", "3": "ICT-RM", "4": "ICT-IM"}
TITLES = {
    "1": ("Table 1. Status of the ICT management framework", "表 1 信通技术管理框架状况"),
    "2": ("Table 2. Status of the knowledge management programme", "表 2 知识管理方案状况"),
    "3": ("Table 3. Status of the resource management programme", "表 3 资源管理方案状况"),
    "4": ("Table 4. Status of the infrastructure management programme", "表 4 基础设施管理方案状况"),
}
RANK = {"近期": 1, "中期": 2, "长期": 3}
HORIZON = {1: "near", 2: "medium", 3: "long"}


def table(number: str, lang: str = "en", fmt: str = "json") -> Any:
    out = StringIO()
    call_command("table", "A/65/491", number, "--format", fmt, "--lang", lang, stdout=out)
    return json.loads(out.getvalue()) if fmt == "json" else out.getvalue()


def editorial(text: str) -> str:
    """The transcription's cell without its transcriber's notes: bold, bracketed remarks, and the
    remark that "short term" is not defined in the footnote (the stored plan says "(short term)")."""
    text = re.sub(r"\s*\[[^\]]*\]", "", text).replace("**", "")
    return text.replace("(short term — term not defined in the footnote)", "(short term)").strip()


@pytest.mark.skipif(not SEED_TABLES.exists(), reason="shared/ (seed-tables.md) is not beside this checkout")
def test_tables_1_to_4_from_the_stored_activities(db: Any) -> None:
    reference_data()
    for number, code in PROGRAMMES.items():
        rows = transcribed(f"004-T0{number}")
        en = table(number)
        assert en["title"] == TITLES[number][0]
        assert en["columns"] == ["Main activity", "Progress (2009-2010)", "Plan (2011-2013) a"]
        assert (
            len(en["rows"]) == len(rows) == prj.ProgrammeActivity.objects.filter(programme__code=code).count()
        )
        for row, printed in zip(rows, en["rows"], strict=True):
            main, progress, plan = (editorial(v) for v in row.values())
            element, _sep, description = main.partition(" — ")
            label = printed["label"].split("\n")
            assert label[0] == element
            if description:  # else the description is Lodestar's English (the transcription condenses)
                assert label[1] == description
            assert [c["text"] for c in printed["cells"]] == [progress, plan]
        assert en["notes"][0].startswith("a Time frame: near term — by 2011")

        zh = table(number, "zh")
        assert zh["title"] == TITLES[number][1]
        assert zh["columns"][0] == "主要活动" and zh["columns"][2] == "计划(2011-2013年)a"
        assert len(zh["rows"]) == len(rows)
        # The furthest time frame each stored plan names, read from the seed's wording.
        for activity in prj.ProgrammeActivity.objects.filter(programme__code=code):
            terms = re.findall(r"\((近期|中期|长期)\)", activity.plan["zh"])
            assert activity.horizon == HORIZON[max(RANK[t] for t in terms)], activity

    one = table("1", "zh")["rows"]
    assert one[0]["label"] == (
        "设立信息和通信技术厅\n通过合并管理事务部的信息技术服务司与信息和通信技术司的一部分，设立信息和通信技术厅。"
    )
    assert (
        one[6]["cells"][1]["text"]
        == "作为结构审查的结果，实施 2 个项目：\n信通技术组织合理化(长期)\n加强信通厅(近期)"
    )
    two = {r["label"].split("\n")[0]: r["cells"] for r in table("2", "zh")["rows"]}
    assert "由于缺少资源，尚未设企业搜索功能。" in two["企业搜索"][0]["text"]
    assert (
        two["档案和记录管理"][0]["text"] == "已在内容管理平台迁移过程中实施记录管理最佳做法。"
    )  # 最 restored
    three = table("3", "zh")
    assert three["columns"][1] == "进展情况(2009-2010年)"
    assert "逐步淘汰银行系统(近期)" in three["rows"][0]["cells"][1]["text"]  # as the seed prints it
    assert three["notes"] == ["a 完成时限：近期——2011 年；中期——2012 年；长期——2012 年或之后。"]
    four = table("4", "zh")["rows"]
    assert four[-1]["label"] == "基础设施管理政策\n制定全秘书处基础设施管理政策、程序和标准"
    assert four[-1]["cells"][1]["text"] == "更多关注与总部以外办事处和外地特派团相交叉的信通技术问题(近期)"

    # The goal and objectives printed above each table, stored on the programme: the transcription's
    # goal in English, the seed's lines in Chinese.
    for number, code in PROGRAMMES.items():
        goal = SEED_TABLES.read_text(encoding="utf-8").split(f"## 004-T0{number} ")[1].splitlines()[1]
        programme = prj.Programme.objects.get(code=code)
        assert (
            goal.startswith("Goal: ")
            and programme.goal["en"].lower() == goal[6:].split(" Objectives:")[0].lower()
        )
        head = table(number)["unit"]
        assert head.startswith(f"Goal: {programme.goal['en']}\nObjectives:\n• ")
        assert len(programme.objectives["zh"].splitlines()) == len(programme.objectives["en"].splitlines())
    assert table("1", "zh")["unit"] == (
        "目标：继续执行信通技术战略。\n具体目标：\n• 加强信息和通信技术厅"
        "\n• 完成管理监督委员会和咨询机构的组建\n• 合理安排使用信通技术\n• 制订信通技术财务管理和业绩管理标准"
    )
    assert "• 适当时利用开源解决方案" in table("2", "zh")["unit"]
    assert table("4", "zh")["unit"].startswith("目标：加强全球信息和通信技术基础设施，以有效支持秘书处")
    assert "\n• 在适当时利用开源解决方案" in table("3", "zh", fmt="text")

    # The text the command prints by default.
    printed_text = table("2", fmt="text")
    assert "Table 2. Status of the knowledge management programme" in printed_text
    assert "deleGATE launched September 2008" in printed_text
    assert "知识管理方案状况" in table("2", "zh", fmt="text")
    # Cells of several lines come out one block per row, nothing cut at the column width.
    one_text = table("1", fmt="text")
    assert (
        "\nEstablish OICT\nmerge DM Information Technology Services Division with part of DFS ICTD\n"
        in one_text
    )
    assert (
        "  Plan (2011-2013) a: Strengthen OICT, establish cross-cutting ICT functions (near term)\n"
        in one_text
    )
    assert "    信通技术组织合理化(长期)\n" in table("1", "zh", fmt="text")

    # Read from the records: a changed record is a changed table.
    search = prj.ProgrammeActivity.objects.get(programme__code="ICT-KM", element__en="Enterprise search")
    registry[prj.ProgrammeActivity].service.update(
        search,
        data={"progress": {"en": "Enterprise search established", "zh": "已设企业搜索功能"}},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    changed = {r["label"].split("\n")[0]: r["cells"] for r in table("2")["rows"]}
    assert changed["Enterprise search"][0]["text"] == "Enterprise search established"

    # The structural-review document carries them, in their own part, before the review's tables.
    doc = assemble(Document.objects.get(symbol="A/65/491"), "zh")
    assert doc.parts[0].code == "strategy"
    assert [t.title for t in doc.parts[0].tables] == [zh for _en, zh in TITLES.values()]


def _programme_with_an_activity(owner: Any, code: str) -> prj.ProgrammeActivity:
    def create(model: type, **data: Any) -> Any:
        return registry[model].service.create(
            data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
        )

    # The document record the reference data holds: its type gives it its tables.
    create(
        Document,
        symbol="A/65/491",
        document_type="structural_review",
        title={"en": "A/65/491"},
        entity=owner.parent,
    )
    programme = create(prj.Programme, entity=owner, code=code, name={"en": "Knowledge management programme"})
    return create(
        prj.ProgrammeActivity,
        programme=programme,
        order=1,
        element={"en": "Digitization", "zh": "数字化"},
        activity={"en": "Digitize paper documents"},
        progress={"en": "Guidelines issued"},
        plan={"en": "Bulk scanning (medium)"},
        horizon="medium",
    )


def test_the_tables_are_scoped(tree: dict[str, Any], users: dict[str, Any], client_for: Any) -> None:
    _programme_with_an_activity(tree["a"], "ICT-KM")
    mine = find("A/65/491", "2").render(user=users["focal_a"])
    assert [r.label for r in mine.rows] == ["Digitization\nDigitize paper documents"]
    assert [c.value for c in mine.rows[0].cells] == ["Guidelines issued", "Bulk scanning (medium)"]
    assert find("A/65/491", "2").render(user=users["focal_b"]).rows == []
    assert find("A/65/491", "2").render(user=users["analyst"]).rows[0].label.startswith("Digitization")
    # A programme with no activities yet prints an empty table, never someone else's rows.
    assert find("A/65/491", "1").render(user=users["analyst"]).rows == []
    page = client_for("focal_b").get("/documents/table/A/65/491/2/").content.decode()
    assert "Digitize paper documents" not in page
    assert (
        "Digitize paper documents"
        in client_for("focal_a").get("/documents/table/A/65/491/2/").content.decode()
    )
