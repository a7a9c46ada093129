"""The printed portfolio tables: A/65/491 tables 7-12, 14, 17-19 and A/73/384 annex II built from the
reference data reproduce the seeds (with their differences flagged), and tables 17-19 follow the data:
an invented fifth project appears in them by itself."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import docx
import openpyxl
import pytest
from django.core.management import call_command

from lodestar.core.checks import run_checks
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.assemble import assemble
from lodestar.documents.models import Document
from lodestar.documents.render import render_docx, render_html, render_xlsx
from lodestar.documents.tables import find
from lodestar.finance import models as fin
from lodestar.portfolio import models as prj

from ..reference_snapshot import reference_data


def table(symbol: str, number: str, lang: str = "en") -> dict[str, Any]:
    out = StringIO()
    call_command("table", symbol, number, "--format", "json", "--lang", lang, stdout=out)
    return json.loads(out.getvalue())


def texts(data: dict[str, Any]) -> dict[str, list[str]]:
    return {r["label"]: [c["text"] for c in r["cells"]] for r in data["rows"]}


def create(model: type, **data: Any) -> Any:
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    return reference_data()


def test_structural_review_tables_reproduce_the_seed(loaded: dict[str, int]) -> None:
    t9 = texts(table("A/65/491", "9"))
    assert t9["Consultants and experts"] == ["787.1", "2,854.9", "3,117.5", "6,759.5"]
    assert t9["Travel of staff"][0] == "—"
    assert t9["Total"] == ["1,614.9", "19,655.0", "36,774.8", "58,044.7"]
    assert texts(table("A/65/491", "11"))["Total"] == ["1,906.2", "12,391.3", "41,833.3", "56,130.8"]
    assert texts(table("A/65/491", "12"))["Total"] == ["1,490.5", "2,130.0", "1,000.0", "4,620.5"]
    assert texts(table("A/65/491", "14"))["Posts"] == ["2,296.1", "13,860.3", "—", "16,156.4"]
    t17 = table("A/65/491", "17")
    assert [r["label"] for r in t17["rows"]] == [
        "Service desk globalization",
        "Data centre streamlining",
        "ICT rationalization",
        "Subtotal",
        "Strengthening OICT",
        "Total",
    ]
    assert texts(t17)["Subtotal"] == ["5,011.6", "34,176.3", "79,608.1", "118,796.0"]
    assert texts(t17)["Total"] == ["8,535.4", "50,697.6", "81,442.3", "140,675.3"]
    # Table 18: computed from the unrounded totals with UMOJA 15/62/23; the printed cell is kept.
    t18 = table("A/65/491", "18")
    sa = next(r for r in t18["rows"] if r["label"].startswith("Peacekeeping support account"))
    assert sa["cells"][0]["text"] == "5,291.9" and Decimal(sa["cells"][0]["printed"]) == Decimal("5292000")
    assert any("1 July 2010" in n for n in t18["notes"])
    t19 = table("A/65/491", "19")
    contract = next(r for r in t19["rows"] if r["label"] == "Contractual services")
    assert contract["cells"][0]["text"] == "278.2" and Decimal(contract["cells"][0]["printed"]) == 278100
    # Benefits: "not estimated" is not zero.
    t7 = texts(table("A/65/491", "7"))
    assert t7["ICT rationalization a"] == ["—", "—"] and t7["Total"] == ["71.3", "101.8"]
    assert texts(table("A/65/491", "8"))["Total"] == ["34.9", "47.2"]
    assert texts(table("A/65/491", "10"))["Equipment"] == ["17.1", "25.7"]
    # The seed's Chinese wording.
    zh = table("A/65/491", "17", "zh")
    assert zh["title"].startswith("表 17 按项目开列的所需资源净额总表")
    assert [r["label"] for r in zh["rows"]][3:] == ["小计", "加强信息和通信技术厅", "共计"]
    assert texts(zh)["共计"] == ["8\u202f535.4", "50\u202f697.6", "81\u202f442.3", "140\u202f675.3"]
    assert texts(table("A/65/491", "9", "zh"))["咨询人和专家"][0] == "787.1"


def test_annex_ii_tables_and_the_seeds_inconsistency(loaded: dict[str, int]) -> None:
    a = table("A/73/384", "annex II.A")
    assert [r["cells"][0]["value"] for r in a["rows"]] == [20, -7, 13, -5, 8, -1, 7]
    # The completions are printed with a minus sign, as the seed prints them (not in parentheses).
    assert [r["cells"][0]["text"] for r in a["rows"]] == ["20", "-7", "13", "-5", "8", "-1", "7"]
    assert any("section C lists 9 projects" in n for n in a["notes"])
    b = texts(table("A/73/384", "annex II.B"))
    assert (
        "from 31 December 2016 to 28 February 2018" in b["Enterprise business intelligence and analytics"][0]
    )
    c = table("A/73/384", "annex II.C")
    names = [r["label"] for r in c["rows"] if r["label"]]
    assert len(names) == 9 and names[0] == "Enterprise Unite Service Desk/consolidation"
    rows = texts(c)
    assert rows["Enterprise Unite Service Desk/consolidation"][1:4] == [
        "1 January 2015",
        "31 December 2018",
        "93%",
    ]
    # the two descriptions an unquoted comma once cut short, whole in both languages
    assert rows["Website consolidation/rationalization"][0] == (
        "Improve efficiency of website operations and web design, strengthen security, achieve economies"
        " of scale by strategically changing the operating model"
    )
    assert rows["Enterprise business intelligence and analytics"][0] == (
        "Establish BI and analytics processes, reports and dashboards for enterprise applications;"
        " standardization and governance; consolidate and centralize business warehouses"
    )
    dr = [r for r in c["rows"] if r["label"] in ("Disaster recovery", "")]
    assert [r["cells"][3]["text"] for r in dr] == ["100%", "25%"]
    assert any("section C lists 9 projects while section A counts 7" in n for n in c["notes"])
    zh = table("A/73/384", "annex II.C", "zh")
    assert zh["rows"][0]["label"] == "企业“联合”服务台/整合"
    assert zh["rows"][0]["cells"][1]["text"] == "2015年1月1日"
    zh_rows = {r["label"]: r["cells"][0]["text"] for r in zh["rows"]}
    assert (
        zh_rows["网站整合/合理化"]
        == "提高网站运营和网络设计效率, 加强安全, 通过战略性改革现有运作模式实现规模效应"
    )
    assert zh_rows["企业业务情报和分析"].endswith("实现标准化和治理。整合并集中各类业务仓库")
    assert zh_rows["全球采购战略"] == "清点所有信通技术合同和资产,确定全球采购机会"
    assert (
        table("A/73/384", "annex II.A", "zh")["rows"][0]["label"] == "第一次进度报告(A/70/364)所述的战略项目"
    )


def test_printed_differences_are_flagged(loaded: dict[str, int]) -> None:
    findings = run_checks(["PRJ-PRINTED", "PRJ-ANNEX-COUNT"])

    # The cell by its keys in the finding's data (its name shows the headings, not the keys).
    def cell(f: Any) -> str:
        symbol = f.object.split(" ", 1)[1].split(", table")[0]
        return f"{symbol} {f.data['table']} {f.data['row']}/{f.data['column']}"

    printed = {(f.data.get("table"), cell(f)): f for f in findings if f.code == "PRJ-PRINTED"}
    severity = {key[1]: f.severity for key, f in printed.items()}
    # §6 items 17 and 18: one unit in the last digit is rounding.
    assert severity["A/65/491 18 SA/2010-2011"] == "rounding"
    assert severity["A/65/491 18 XB/2012-2013"] == "rounding"
    assert severity["A/65/491 18 RB/2014-2015"] == "rounding"
    assert severity["A/65/491 19 CONTRACT/2010-2011"] == "rounding"
    assert severity["A/65/491 19 GOE/total"] == "rounding"
    # §6 item 16: ¶231's 1,227,000 against 1,227.7 thousand; item 11: ¶132's shares swapped.
    assert severity["A/65/491 14 non_post/2010-2011"] == "error"
    assert severity["A/65/491 8 contractors/share"] == "error"
    assert severity["A/65/491 8 equipment/share"] == "error"
    assert "A/65/491 8 staff-labour/share" not in severity  # 53.6 → 54: as printed
    assert not any(k.startswith("A/65/491 10 ") for k in severity)  # ¶160's shares agree
    assert severity["A/65/491 baselines SR-DC-STREAM/cost"] == "rounding"  # ¶160: about 104 vs 103.8
    assert len(printed) == 11
    annex = [f for f in findings if f.code == "PRJ-ANNEX-COUNT"]
    assert len(annex) == 1 and "ICT-EBIA" in annex[0].message and "ICT-MPLS" in annex[0].message


def _review_programme(owner: Any) -> dict[str, Any]:
    from lodestar.org.vocabularies import organisation_of

    """A small structural review: objects, bienniums, a 15/62/23 formula and four projects."""
    # The document records the reference data holds: their types give them their tables.
    root = owner.parent or owner
    for symbol, kind in (("A/65/491", "structural_review"), ("A/73/384", "ict_progress_report")):
        create(Document, symbol=symbol, document_type=kind, title={"en": symbol}, entity=root)
    objects = {
        code: create(
            fin.ObjectOfExpenditure,
            organisation=organisation_of(owner),
            code=code,
            name={"en": name},
            category=cat,
            order=n,
        )
        for n, (code, name, cat) in enumerate(
            [
                ("POSTS", "Posts", "post"),
                ("OSC", "Other staff costs", "non_post"),
                ("GOE", "General", "non_post"),
            ]
        )
    }
    periods = [
        create(
            fin.Period,
            code=f"{y}-{y + 1}",
            kind="biennium",
            start=datetime.date(y, 1, 1),
            end=datetime.date(y + 1, 12, 31),
        )
        for y in (2010, 2012)
    ]
    for code, kind, share in (
        ("RB", "regular", 15),
        ("SA", "support_account", 62),
        ("XB", "extrabudgetary", 23),
    ):
        source = create(
            fin.FundingSource, organisation=organisation_of(owner), code=code, name={"en": code}, kind=kind
        )
        create(fin.CostShare, formula="UMOJA", funding_source=source, share=Decimal(share))
    programme = create(
        prj.Programme,
        entity=owner,
        code="ICT-STRUCTURAL-REVIEW",
        name={"en": "Review"},
        cost_share_formula="UMOJA",
    )
    projects = []
    for n, group in enumerate(["standardise", "standardise", "standardise", ""], start=1):
        p = create(
            prj.Project,
            entity=owner,
            programme=programme,
            code=f"P{n}",
            name={"en": f"Project {n}"},
            order=n,
            table_group=group,
        )
        create(prj.ProjectCost, project=p, object=objects["OSC"], period=periods[0], amount=100_000 * n)
        create(prj.ProjectCost, project=p, object=objects["GOE"], period=periods[1], amount=10_000 * n)
        projects.append(p)
    return {"objects": objects, "periods": periods, "programme": programme, "projects": projects}


def test_a_fifth_project_appears_in_tables_17_18_and_19(tree: dict[str, Any], users: dict[str, Any]) -> None:
    made = _review_programme(tree["a"])
    fifth = create(
        prj.Project,
        entity=tree["a"],
        programme=made["programme"],
        code="P5",
        name={"en": "Invented project"},
        order=5,
    )
    create(
        prj.ProjectCost,
        project=fifth,
        object=made["objects"]["POSTS"],
        period=made["periods"][1],
        amount=1_234_500,
    )
    t17 = find("A/65/491", "17").render(user=users["analyst"])
    assert [r.label for r in t17.rows] == [
        "Project 1", "Project 2", "Project 3", "Subtotal", "Project 4", "Invented project", "Total"
    ]  # fmt: skip
    total = t17.rows[-1].cells
    assert [c.value for c in total] == [1_000_000, 100_000 + 1_234_500, 2_334_500]
    assert t17.rows[3].cells[2].value == 600_000 + 60_000
    t19 = find("A/65/491", "19").render(user=users["analyst"])
    by_label = {r.label: [c.value for c in r.cells] for r in t19.rows}
    assert by_label["Posts"] == [None, 1_234_500, 1_234_500]
    assert by_label["Total"] == [1_000_000, 1_334_500, 2_334_500]
    t18 = find("A/65/491", "18").render(user=users["analyst"])
    assert [r.cells[2].value for r in t18.rows[:3]] == [
        Decimal(2_334_500) * 15 / 100, Decimal(2_334_500) * 62 / 100, Decimal(2_334_500) * 23 / 100
    ]  # fmt: skip
    # Scoped: a focal point of another entity sees none of it.
    assert [r.label for r in find("A/65/491", "17").render(user=users["focal_b"]).rows] == ["Total"]


def test_benefit_rules() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        prj.Benefit(category={"en": "x"}, estimated=False, low=0, high=0).clean()
    with pytest.raises(ValidationError):
        prj.Benefit(category={"en": "x"}, estimated=True, low=None, high=None).clean()
    with pytest.raises(ValidationError):
        prj.Benefit(category={"en": "x"}, low=5, high=4).clean()
    prj.Benefit(category={"en": "x"}, estimated=False).clean()


def test_phase_costs_are_checked_against_the_costs(tree: dict[str, Any]) -> None:
    made = _review_programme(tree["a"])
    first = made["projects"][0]  # 100,000 + 10,000 by object
    create(prj.ProjectPhase, project=first, order=1, name={"en": "Design"}, cost=100_000)
    assert run_checks(["PRJ-PHASE-COST"]) == []  # 0.1 million either way
    create(prj.ProjectPhase, project=first, order=2, name={"en": "Build"}, cost=300_000)
    (finding,) = run_checks(["PRJ-PHASE-COST"])
    assert finding.severity == "error" and "0.4 million" in finding.message


def test_tables_on_the_web_page_are_scoped(tree: dict[str, Any], client_for: Any) -> None:
    _review_programme(tree["a"])
    page = client_for("focal_a").get("/documents/table/A/65/491/17/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Project 1" in body and "Subtotal" in body
    other = client_for("focal_b").get("/documents/table/A/65/491/17/").content.decode()
    assert "Project 1" not in other
    for number in ("7", "8", "9", "18", "19"):
        assert client_for("reader").get(f"/documents/table/A/65/491/{number}/").status_code == 200
    for number in ("annex II.A", "annex II.B", "annex II.C"):
        response = client_for("analyst").get(f"/documents/table/A/73/384/{number}/?format=json")
        assert response.status_code == 200, number


def test_table_6_cost_baselines_and_the_29c_15_mandates_from_stored_records(loaded: dict[str, int]) -> None:
    six = table("A/65/491", "6")
    assert [r["label"] for r in six["rows"]][:2] == [
        "131 ICT service desks supporting multiple workstation environments; most not full-time",
        "211 server rooms/data centres; low standardization and automation; labour-intensive,"
        " costly support model",
    ]
    assert six["rows"][3]["cells"][0]["text"].startswith("Project 4 — Strengthening OICT\nObjective: ")
    zh = table("A/65/491", "6", "zh")
    assert zh["title"] == "表 6 主要结论与建议"
    assert (
        zh["rows"][0]["cells"][0]["text"]
        == "项目 1——服务台全球化\n目标：落实全球化服务台，提高服务质量，减少费用"
    )
    # A record changed is a table changed: the table reads the stored project.
    project = prj.Project.objects.get(code="SR-OICT")
    registry[prj.Project].service.update(
        project, data={"key_finding": {"en": "Changed", "zh": "改"}}, user=None, source="system", check=False
    )
    assert table("A/65/491", "6")["rows"][3]["label"] == "Changed"

    baselines = texts(table("A/65/491", "baselines"))
    assert baselines["Service desk globalization"] == ["95.4", "39.6", "135.0", "618", "217", "835"]
    assert baselines["Data centre streamlining"] == ["54.2", "49.6", "103.8", "408", "144", "552"]
    flagged = [
        f for f in run_checks(["PRJ-PRINTED"]) if f.data.get("table") == "baselines"
    ]  # ¶160: "about 104" against 54.2 + 49.6 = 103.8
    assert [(f.severity, f.data["printed"], f.data["computed"]) for f in flagged] == [
        ("rounding", "104.00", "103.8")
    ]

    out = StringIO()
    call_command(
        "table", "A/78/6 (Sect. 29C)", "para. 29C.15", "--format", "json", "--lang", "zh", stdout=out
    )
    mandates = json.loads(out.getvalue())
    assert [r["label"] for r in mandates["rows"]] == [
        "63/262",
        "69/262,第二节",
        "70/248 A,第五节",
        "71/272 B,第三节",
        "72/262 C,第一节",
    ]
    assert (
        mandates["rows"][0]["cells"][0]["text"] == "信息和通信技术、企业资源规划及安全、灾后恢复和业务连续性"
    )
    assert mandates["notes"] == ["29C.15 以下清单列示本方案所有授权。"]
    out = StringIO()
    call_command("table", "A/78/6 (Sect. 29C)", "29C.14", "--format", "json", "--lang", "zh", stdout=out)
    assert json.loads(out.getvalue())["notes"][-1] == (
        "注:表格和图表使用的缩写如下: ASG, 助理秘书长; GS(OL), 一般事务人员(其他职等); "
        "GS (PL), 一般事务人员(特等); LL, 当地雇员。"
    )
    out = StringIO()
    call_command("table", "A/73/384", "annex I", "--format", "json", "--lang", "zh", stdout=out)
    footnotes = [n for n in json.loads(out.getvalue())["notes"] if n[:2] in ("a ", "b ", "c ", "d ")]
    assert [n[0] for n in footnotes] == ["a", "b", "c", "d"]
    assert footnotes[3].endswith("2018-2019 两年期预算总额是按 2017/18 年期间核定数额的两倍估算的。")


def test_the_a71_6_mandate_lists_print_from_stored_records(loaded: dict[str, int]) -> None:
    """A/71/6 (Prog. 25) "Legislative mandates": the general list and subprogrammes 1-6, with the
    counts the transcription gives (003-T40: 30, 30, 26, 33, 27, 16, 10) and the seed's wording."""
    data = table("A/71/6 (Prog. 25)", "mandates", "zh")
    assert data["title"] == "立法授权"
    lists: list[tuple[str, list[str]]] = []
    for row in data["rows"]:
        if row["style"] == "heading":
            lists.append((row["label"], []))
        else:
            lists[-1][1].append(row["label"])
    assert [(heading.split(" ")[:2], len(rows)) for heading, rows in lists] == [
        (["概况"], 30),
        (["次级方案", "1"], 30),
        (["次级方案", "2"], 26),
        (["次级方案", "3"], 33),
        (["次级方案", "4"], 27),
        (["次级方案", "5"], 16),
        (["次级方案", "6"], 10),
    ]
    general = lists[0][1]
    assert general[:3] == ["41/213", "42/211", "52/12 A 和 B"] and general[-1] == "70/248 A 和 B"
    assert texts(data)["41/213"] == ["审查联合国行政和财政业务效率"]
    en = table("A/71/6 (Prog. 25)", "mandates")
    assert en["rows"][0]["label"] == "General"
    assert en["rows"][31]["label"].startswith("Subprogramme 1: Management services")
    assert texts(en)["52/12 A and B"] == ["Renewing the United Nations: a programme for reform"]


def test_annex_ii_a_prints_the_number_before_the_status_in_every_format(loaded: dict[str, int]) -> None:
    """A/73/384 annex II.A is laid out "Number of projects | Status": the figures first."""
    out = StringIO()
    call_command("table", "A/73/384", "annex II.A", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[:2] == [
        "Number of projects,Status",
        "20,Strategic projects described in the first progress report (A/70/364)",
    ]
    out = StringIO()
    call_command("table", "A/73/384", "annex II.A", stdout=out)
    assert out.getvalue().splitlines()[1].split() == ["Number", "of", "projects", "Status"]
    # The figures are still cells of their rows for the checks: only the printed order changes.
    assert table("A/73/384", "annex II.A")["rows"][1]["cells"][0]["text"] == "-7"

    doc = assemble(Document.objects.get(symbol="A/73/384"), "zh")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    sheet = next(book[name] for name in book.sheetnames if name.startswith("annex II.A"))
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    header = rows.index(["项目数", "状况"])
    assert rows[header + 1] == [20, "第一次进度报告(A/70/364)所述的战略项目"]
    word = docx.Document(io.BytesIO(render_docx(doc)))
    first = next(t for t in word.tables if t.rows[0].cells[0].text == "项目数")
    completed = "第二次进度报告(A/71/400)已完成并进入日常运行的项目"
    assert [c.text for c in first.rows[2].cells] == ["-7", completed]
    html = render_html(doc).decode()
    assert '<th scope="col">项目数</th><th scope="col">状况</th>' in html
