"""The reference texts lose nothing: every file matches its schema, every Chinese text quoted from a
seed is the seed's wording, and the English texts of the transcribed tables are the transcription's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from lodestar.reference import schema
from lodestar.reference.loader import load_reference

from .seed_tables import SEED_TABLES, SEEDS, table

# The seeds and their transcription are the project's shared/ folder beside the checkout.
needs_seeds = pytest.mark.skipif(
    not SEED_TABLES.exists(), reason="shared/ (the seeds and seed-tables.md) is not beside this checkout"
)

DATA = schema.DATA_DIR

# Files whose Chinese texts are written for Lodestar (names and notes drawn from several sources
# beyond the five seeds), not quoted from a seed.
COMPOSED_FILES = {
    "governance.yaml",
    "events.yaml",
    "entities.yaml",
    "ict_units.yaml",
    # Not yet read clause by clause: document records (narrative with {table|row|column}
    # placeholders and cover data), the baseline data call's labels and the vocabularies' names.
    "documents.yaml",
    "inventory.yaml",
    "vocabularies.yaml",
}
# Single texts in quoting files that are not a seed's wording, and why.
COMPOSED_TEXTS = {
    "信息和通信技术厅:信通技术战略和结构审查": "a section title Lodestar gives A/65/491",
    "所有来源(文件未细分)": "a funding source the document does not split",
    "利用本组织在全球各地的机构和信通技术基础设施": "A/65/491 table 13, its end broken across lines",
    "信息的创造者和所有者负有对信息和数据进行分类的责任": "a date broken across lines",
    "信通技术战略执行状况(A/74/353)": "the subject of ACABQ's report, summarised",
    "联合国信息和通信技术战略的执行状况：行政和预算问题咨询委员会的报告": "a report title, not in the seeds",
    "关于 2023 年拟议方案预算的第一次报告": "a report title, not in the seeds",
    "关于信通技术战略执行情况的最后进展报告(第七十五届会议)": "ACABQ's request, summarised",
    "建立一个企业级运营中心": "the seed's table cell is broken across lines",
    "由于使用联合国谈判达成的航空公司协议而实现的机票百分比折扣": "broken across lines",
    "加强了信息管理和技术创新的实体": "an indicator name for a table the seed prints without one",
    "根据信息和通信技术厅的评估和建议加强了信息管理的实体": "an indicator name (ditto)",
    "访问支持决策的权威数据集": "an indicator name (ditto)",
    "借助创新技术伙伴关系推进任务执行": "an indicator name (ditto)",
    "通过 Unite Aware 平台进行态势感知": "an indicator name (ditto)",
    "财务文件的查阅": "an indicator name (ditto)",
    "为任务交付提供的定制信息技术解决方案": "an indicator name (ditto)",
    "计划目标为向另外 4 个和平行动提供": "the seed breaks the cell across lines",
    "议事机构文件": "a deliverable category (A/78/6 prints its English heading only)",
    "应急政策高级小组确定为关键应用程序的秘书处应用程序": "a list's name (A/73/384 ¶67: 24)",
    "与本组织关键业务流程相连的信通技术应用": "a list's name (A/65/491 ¶73: 88)",
    "开启的工单": "a metric of the ticket scale, not in the seeds",
    "通用工单格式": "a ticket export format, not in the seeds",
    "2008 年信通技术用户满意度调查": "a survey's name: A/65/491 ¶28 reports it without one",
    "2009 年信通技术用户满意度调查": "a survey's name (ditto)",
    "信通厅核心信通技术服务满意度目标": "the name of the 80 % target of A/65/491 ¶28",
    "实质性会议服务": "a deliverable category (ditto)",
    "衡量信通技术系统和服务是否符合既定企业架构的评价工作": "an evaluation subject, summarised",
    "未能很好地界定信通技术界限": "A/65/491 table 6: the seed's text layer drops 最 of 最佳做法",
    "未载于种子文本": "the 37th recommendation of A/67/651, which the seed cuts off",
    "已在内容管理平台迁移过程中实施记录管理最佳做法": "A/65/491 table 2: 最 of 最佳做法 restored (the "
    "seed's text layer drops it; the transcription reads best practice)",
    "确保所有信通技术单位使用企业组合管理系统的项目组合管理模块": "A/65/491 table 3: the plan cell's 费用 is "
    "broken by a line of the progress column",
    "联合检查组关于联合国及联合国各基金和方案外部承包做法的管理审计的审查报告": "A/71/6 mandates, "
    "subprogramme 4: the seed breaks 58/277's title across two tables",
}
FULL_WIDTH = str.maketrans(
    {
        "，": ",",
        "：": ":",
        "（": "(",
        "）": ")",
        "；": ";",
        "、": ",",
        "。": ".",
        "“": '"',
        "”": '"',
        "—": "-",
    }
)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def _texts(node: Any, path: str = "") -> Any:
    if isinstance(node, dict):
        if node and set(node) <= schema.LANGUAGES or {"en", "zh"} <= set(node):
            yield path, node
        if not set(node) <= schema.LANGUAGES:
            for key, value in node.items():
                yield from _texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, f"{path}[]")


def test_every_reference_file_matches_its_schema() -> None:
    assert schema.check_all() == []


def test_a_text_cut_by_an_unquoted_comma_is_refused_with_file_and_line() -> None:
    name = "portfolio/a73_384_annex2.yaml"
    source = (DATA / name).read_text(encoding="utf-8")
    quoted = 'zh: "清点所有信通技术合同和资产,确定全球采购机会"'
    assert quoted in source
    line = source[: source.index(quoted)].count("\n") + 1
    cut = source.replace(quoted, "zh: 清点所有信通技术合同和资产, 确定全球采购机会")
    problems = schema.check_source(name, cut)
    assert [(p.file, p.line) for p in problems] == [(name, line)]
    assert "unknown key '确定全球采购机会'" in problems[0].message
    assert str(problems[0]).startswith(f"{name}:{line}: projects[].description")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "name: {en: Global sourcing strategy, zh: 全球采购战略}",
            "name: {en: Global sourcing strategy}",
            "the 'zh' text is missing",
        ),
        (
            "name: {en: Global sourcing strategy, zh: 全球采购战略}",
            "name: {en: Global sourcing strategy, zh: ''}",
            "empty or non-text 'zh'",
        ),
        (
            "start_date: 2016-02-01",
            "start_date: 2016-02-01\n  budget_owner: OICT",
            "unknown key 'budget_owner'",
        ),
        (
            "start_date: 2016-02-01",
            "start_date: 2016-02-01\n  start_date: 2016-03-01",
            "key 'start_date' given twice",
        ),
    ],
)
def test_missing_languages_empty_texts_and_unknown_keys_are_refused(old: str, new: str, message: str) -> None:
    name = "portfolio/a73_384_annex2.yaml"
    source = (DATA / name).read_text(encoding="utf-8")
    assert old in source
    problems = schema.check_source(name, source.replace(old, new, 1))
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].line == source[: source.index(old)].count("\n") + 1 + (1 if "\n" in new else 0)


def test_a_file_not_in_the_schema_is_still_checked_for_cut_texts() -> None:
    problems = schema.check_source(
        "inventory/new.yaml", "- {code: X, name: {en: Alpha, beta gamma, zh: 甲}}\n"
    )
    assert [(p.line, p.message) for p in problems] == [(1, "unknown key 'beta gamma' beside a text")]


def test_the_loader_refuses_a_dataset_that_would_lose_text(db: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from lodestar.org.models import Entity

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "finance" / "a73_384_annex1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"ICT resources of the Secretariat, including Umoja"',
            "ICT resources of the Secretariat, including Umoja",
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(schema, "DATA_DIR", copy)
    with pytest.raises(schema.ReferenceDataError) as error:
        load_reference()
    assert "finance/a73_384_annex1.yaml:12: section.title: unknown key 'including Umoja'" in str(error.value)
    assert not Entity.objects.exists()  # nothing was loaded


@needs_seeds
def test_every_chinese_text_quoted_from_a_seed_is_the_seeds_wording() -> None:
    seeds = [_plain(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    assert len(seeds) == 5
    differing = []
    for path in sorted(DATA.rglob("*.yaml")):
        name = path.relative_to(DATA).as_posix()
        if name in COMPOSED_FILES:
            continue
        for where, text in _texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            zh = text.get("zh")
            if not isinstance(zh, str) or any(zh.startswith(k) for k in COMPOSED_TEXTS):
                continue
            # clause by clause: the reference drops the seed's dates in parentheses and line breaks
            clauses = re.split(r"……|•|\.\.\.|\[.*?\]|[,;:.()\-]|\s+", zh.translate(FULL_WIDTH))
            missing = [c for c in clauses if len(c) >= 2 and not any(c in seed for seed in seeds)]
            if missing:
                differing.append(f"{name} {where}: {zh!r} (not in the seeds: {missing})")
    assert differing == []


ANNEX_II_C = {
    "Enterprise Unite Service Desk / consolidation": "ICT-UNITE-SD",
    "Enterprise network operations centre": "ICT-ENOC",
    "Umoja mainstreaming": "ICT-UMOJA-MAIN",
    "Global sourcing strategy": "ICT-GLOBAL-SOURCING",
    "Disaster recovery (phase 1)": "ICT-DR",
    "Application consolidation / rationalization": "ICT-APP-CONSOL",
    "Website consolidation / rationalization": "ICT-WEB-RATION",
    "Enterprise business intelligence and analytics": "ICT-EBIA",
    'Network and infrastructure upgrade (MPLS) — "UN One" network': "ICT-MPLS",
}


@needs_seeds
def test_annex_ii_c_descriptions_are_the_transcriptions_wording() -> None:
    data = yaml.safe_load((DATA / "portfolio/a73_384_annex2.yaml").read_text(encoding="utf-8"))
    by_code = {p["code"]: p for p in data["projects"]}
    rows = [r for r in table("001-T04") if r["Description"] != "(same project)"]
    assert len(rows) == 9
    for row in rows:
        assert by_code[ANNEX_II_C[row["Project name"]]]["description"]["en"] == row["Description"]


@needs_seeds
def test_the_29c_15_mandate_titles_are_the_transcriptions_wording() -> None:
    data = yaml.safe_load((DATA / "results/a78_6_sect29c.yaml").read_text(encoding="utf-8"))
    rows = table("000-T26")
    assert [(m["symbol"], m["title"]["en"]) for m in data["mandates"]] == [
        (r["Resolution"].split(",")[0], r["Title"]) for r in rows
    ]
