"""Results domain: services and history, the reference programme plans, their printed tables
against the seeds, the printed-subtotal rule and the results page where actuals are entered."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lodestar.core.checks import run_checks
from lodestar.core.history import changes_for
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.tables import find, to_json, to_text
from lodestar.reference.loader import Loader
from lodestar.results import models as res
from lodestar.results.documents import LOGFRAME_TABLES
from lodestar.results.services import enter_observation

from . import factories as f

A78 = "A/78/6 (Sect. 29C)"
A71 = "A/71/6 (Prog. 25)"
pytestmark = pytest.mark.django_db


def rows(symbol: str, number: str, lang: str = "en") -> list[list[str]]:
    data = find(symbol, number).render(lang=lang)
    return [[r.label, *(c.format(lang) for c in r.cells)] for r in data.rows]


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    return Loader().run()


# -- services and history -----------------------------------------------------------------------


def test_children_take_the_owner_of_their_parent_and_history_is_recorded(tree: dict) -> None:
    component = f.component(tree["a"], 1)
    objective = registry[res.Objective].service.create(
        data={"component": component, "text": {"en": "An objective"}}, user=None, check=False
    )
    assert objective.entity == tree["a"]
    assert changes_for(objective).get().action == ObjectChange.Action.CREATE
    registry[res.Objective].service.update(
        objective, data={"text": {"en": "Changed"}}, user=None, check=False
    )
    change = changes_for(objective).first()
    assert change.action == ObjectChange.Action.UPDATE
    assert ("text", {"en": "An objective"}, {"en": "Changed"}) in change.diff()


def test_a_component_cannot_be_part_of_another_plan(tree: dict) -> None:
    one, other = f.component(tree["a"], 1), f.component(tree["a"], 2)
    with pytest.raises(ValidationError):
        registry[res.Component].service.update(one, data={"parent": other}, user=None, check=False)


def test_entering_an_actual_creates_then_updates_one_observation_with_history(
    tree: dict, users: dict
) -> None:
    indicator = f.indicator(tree["a"], 1)
    first = enter_observation(indicator, year=2023, value=Decimal("12"), user=users["focal_a"])
    again = enter_observation(
        indicator,
        year=2023,
        value=Decimal("15"),
        met="no",
        reason={"en": "Late delivery"},
        user=users["focal_a"],
    )
    assert first.pk == again.pk and again.value == Decimal("15.0000") and again.met == "no"
    history = list(changes_for(again))
    assert [c.action for c in history] == ["update", "create"]
    assert all(c.user == users["focal_a"] and c.source == "user" for c in history)
    assert ("value", "12.0000", "15.0000") in history[0].diff()
    with pytest.raises(PermissionDenied):
        enter_observation(indicator, year=2024, value=Decimal(1), user=users["focal_b"])
    with pytest.raises(ValidationError):  # a target not met needs its reason
        enter_observation(indicator, year=2024, value=Decimal(1), met="no", user=users["focal_a"])


def test_a_numeric_indicator_needs_a_number_or_a_text(tree: dict, users: dict) -> None:
    indicator = f.indicator(tree["a"], 1)
    with pytest.raises(ValidationError):
        enter_observation(indicator, year=2023, user=users["focal_a"])


# -- the results page -----------------------------------------------------------------------------


def test_the_responsible_unit_enters_an_actual_on_the_results_page(
    tree: dict, users: dict, client_for: Any
) -> None:
    indicator = f.indicator(tree["a"], 1)
    plan = indicator.result.component.plan
    page = reverse("results:plan_results", args=[plan.pk])
    client = client_for("focal_a")
    response = client.get(page)
    assert response.status_code == 200 and 'id="actual-form"' in response.content.decode()
    response = client.post(
        reverse("results:enter_actual", args=[plan.pk]),
        {"indicator": indicator.pk, "year": 2023, "value": "42", "text": "", "met": "yes", "reason": ""},
    )
    assert response.status_code == 302
    observation = res.Observation.objects.get(indicator=indicator, year=2023, kind="actual")
    assert observation.value == Decimal(42) and observation.met == "yes"
    assert changes_for(observation).get().user == users["focal_a"]
    content = client.get(page).content.decode()
    assert 'data-year="2023"' in content and "42" in content and "bar-chart" in content
    # Another entity's focal point neither sees the plan nor writes to it.
    other = client_for("focal_b")
    assert other.get(page).status_code == 404
    assert (
        other.post(reverse("results:enter_actual", args=[plan.pk]), {"indicator": indicator.pk}).status_code
        == 404
    )
    # A reader sees the page but gets no form.
    assert 'id="actual-form"' not in client_for("reader").get(page).content.decode()


def test_the_results_page_of_the_reference_plan(loaded: dict, client: Any) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    plan = res.ProgrammePlan.objects.get(symbol=A78)
    content = client.get(reverse("results:plan_results", args=[plan.pk])).content.decode()
    assert "Seamless access to United Nations data for all personnel" in content
    assert "Not met" in content and "4,000" in content and "43" in content
    assert client.get(reverse("results:index")).status_code == 200
    framework = res.ProgrammePlan.objects.get(symbol=A71)
    content = client.get(reverse("results:plan_results", args=[framework.pk])).content.decode()
    assert "Strengthening information security" in content and "Objective" in content


# -- reference data and printed tables -------------------------------------------------------------


def test_loading_twice_changes_nothing(loaded: dict) -> None:
    assert loaded["programme plans created"] == 2
    assert loaded["indicators created"] >= 150
    before = ObjectChange.objects.count()
    assert Loader().run() == {}
    assert ObjectChange.objects.count() == before
    assert ObjectChange.objects.filter(source="reference", content_type__app_label="results").exists()


def test_every_record_cites_the_seed(loaded: dict) -> None:
    for model in (
        res.Component,
        res.Objective,
        res.Result,
        res.Indicator,
        res.Deliverable,
        res.LegislativeMandate,
        res.StrategyItem,
    ):
        assert not model.objects.filter(source="").exists(), model
        assert all(
            s.startswith(("000_", "001_", "003_")) for s in model.objects.values_list("source", flat=True)
        ), model


def test_table_29c1_computes_the_subtotal_and_keeps_the_printed_3(loaded: dict) -> None:
    assert rows(A78, "29C.1") == [
        ["A. Facilitation of the intergovernmental process and expert bodies", "", "", "", ""],
        ["Parliamentary documentation (number of documents)", "—", "1", "1", "1"],
        [
            "1. Report of the Secretary-General on the status of implementation of the information and "
            "communications technology strategy for the United Nations",
            "—",
            "1",
            "1",
            "1",
        ],
        ["Substantive services for meetings (number of three-hour meetings)", "3", "8", "5", "5"],
        ["Meetings of:", "", "", "", ""],
        ["2. Fifth Committee", "1", "2", "2", "2"],
        ["3. Committee for Programme and Coordination", "1", "3", "1", "1"],
        ["4. Advisory Committee on Administrative and Budgetary Questions", "1", "3", "2", "2"],
    ]
    data = json.loads(to_json(find(A78, "29C.1").render(lang="zh"), "zh"))
    subtotal = data["rows"][3]
    assert subtotal["label"] == "实质性会议服务(3 小时会议次数)"
    assert [c.get("printed") for c in subtotal["cells"]] == [None, None, 3, 3]
    assert [c["value"] for c in subtotal["cells"]] == [3, 8, 5, 5]
    assert data["columns"][1:] == ["2022 年 计划", "2022 年 实际", "2023 年 计划", "2024 年 计划"]
    assert rows(A78, "29C.1", "zh")[5][0] == "2. 第五委员会"


def test_the_printed_subtotal_is_flagged_until_corrected(loaded: dict) -> None:
    findings = run_checks(["RES-PRINTED-TOTAL"])
    assert sorted((x.data["year"], x.data["printed"], x.data["computed"]) for x in findings) == [
        (2023, "3.00", "5.00"),
        (2024, "3.00", "5.00"),
    ]
    line = res.Deliverable.objects.get(code="A78-29C-D1-A2")
    for q in line.quantities.filter(year__in=[2023, 2024]):
        registry[res.DeliverableQuantity].service.update(q, data={"quantity": 5}, user=None, check=False)
    assert run_checks(["RES-PRINTED-TOTAL"]) == []


def test_deliverable_tables_29c6_29c8_29c12(loaded: dict) -> None:
    eight = rows(A78, "29C.8")
    assert eight[1] == [
        "Conference and secretariat services for meetings (number of three-hour meetings)",
        "12,700",
        "6,930",
        "12,700",
        "12,700",
    ]
    assert eight[2][1:] == ["12,700", "6,930", "12,700", "12,700"]
    assert eight[3][0] == "E. Enabling deliverables" and eight[4][1:] == ["", "", "", ""]
    assert find(A78, "29C.8").render(lang="en").notes[0].startswith("a The Office")
    six = rows(A78, "29C.6", "zh")
    assert six[0] == ["E. 辅助性应交付产出"] and six[1][0].startswith(
        "信息和通信技术:信通技术及信息管理政策和标准"
    )
    twelve = rows(A78, "29C.12", "zh")[1][0]
    assert "为大约 55 000 个用户提供企业人才和业绩管理解决方案" in twelve and "建立 52 个应用程序" in twelve
    assert "about 25,500 users" in rows(A78, "29C.12")[1][0]


@pytest.mark.parametrize(
    ("number", "columns", "zh_cells", "en_first_row"),
    [
        (
            "29C.2",
            3,
            {(0, 1): "59 个实体加强了信息管理, 17 个实体加强了技术创新", (1, 3): "反恐怖主义办公室"},
            None,
        ),
        ("29C.3", 5, {(0, 2): "3 个实体(裁军事务厅", (0, 4): "数据目录成为企业数据架构的组成部分"}, ["", ""]),
        ("29C.4", 5, {(0, 3): "启动试验性主数据登记册的开发工作", (0, 5): "提供试点环境"}, ["", ""]),
        ("29C.5", 5, {(0, 5): "脆弱地区的公正过渡"}, ["", "", ""]),
        (
            "29C.7",
            5,
            {
                (0, 1): "在中非稳定团推出了 Unite Aware 平台",
                (0, 4): "在另外 3 个和平行动推出 Unite Aware 平台",
            },
            None,
        ),
        ("29C.9", 3, {(0, 2): "—", (0, 3): "提供易于查阅的财务文件"}, ["", ""]),
        ("29C.10", 5, {(0, 3): "塑料污染应对措施二", (0, 5): "提供另外 3 个定制的信息技术解决方案"}, None),
        (
            "29C.11",
            5,
            {(0, 1): "—", (0, 2): "—", (0, 3): "", (0, 4): "", (0, 5): "完成 3 个流程自动化"},
            None,
        ),
    ],
)
def test_performance_measure_tables(
    loaded: dict, number: str, columns: int, zh_cells: dict, en_first_row: Any
) -> None:
    zh = rows(A78, number, "zh")
    en = rows(A78, number, "en")
    assert all(len(r) == columns + 1 for r in zh)
    for (row, col), text in zh_cells.items():
        assert text in zh[row][col] if text else zh[row][col] == "", (row, col, zh[row][col])
    assert all(en[r][c] for (r, c), text in zh_cells.items() if text), (
        "every printed cell has its translation"
    )
    if en_first_row is not None:
        assert en[0][: len(en_first_row)] == en_first_row
    header = find(A78, number).render(lang="en").columns
    assert header[1] == "2020 (actual)" and header[-1] == (
        "2022 (actual)" if columns == 3 else "2024 (planned)"
    )


def test_table_29c3_in_english(loaded: dict) -> None:
    assert rows(A78, "29C.3")[0][3] == (
        "An additional 6 entities can access authoritative data sets that support users in broad "
        "decision-making processes"
    )


def test_logframe_tables_of_a71(loaded: dict) -> None:
    for name, _code, _title in LOGFRAME_TABLES:
        zh = rows(A71, name, "zh")
        assert zh and zh[0][0].startswith("本组织的目标"), name
        assert sum(1 for r in zh if r[1]) >= 1, name
    sp51 = rows(A71, "SP5.1", "zh")
    assert sp51[1] == [
        "(a) 通过制定和采用信通技术政策、程序和准则，并建立信通技术治理流程和框架，"
        "联合国各组织内部和各组织之间优化利用信通技术资源和高效率地获取信息",
        "共同构成有效的技术管理架构的全组织模型和框架的数目增加",
    ]
    sp55 = rows(A71, "SP5.5")
    assert [r[1].split(" ")[0] for r in sp55[1:6]] == ["(i)", "(ii)", "(iii)", "(iv)", "(v)"]
    assert sp55[6][0].startswith("(b) Improved disaster-recovery capability")
    unog = rows(A71, "UNOG-SP6")
    assert (
        unog[5][1]
        == "(ii) Increased ratio of virtual to physical servers, reaching the target of 80 per cent"
    )
    assert (
        rows(A71, "UNON-SP6", "zh")[5][1] == "(ii) 虚拟服务器数量与实物服务器数量的比率增加，达到 80% 的目标"
    )
    vienna = rows(A71, "UNOV-SP6")
    assert [r[0][:3] for r in vienna[1:]] == ["(a)", "(b)", "(c)"]
    # Non-ICT subprogrammes are there too: finance, human resources, support services.
    assert rows(A71, "SP1.1", "zh")[-1][1] == "(ii) 提交总部财产调查委员会的所有案件在 45 天之内处理"
    assert [r[0][:3] for r in rows(A71, "SP2.2", "zh")[1:] if r[0]] == ["(a)", "(c)"]
    assert "14" in "".join(r[1] for r in rows(A71, "SP4.2", "zh"))
    assert res.Component.objects.get(code="A71-P25-UNOG-SP6").entity.code == "UNOG"
    assert rows(A71, "SP4.3")[1] == [
        "(a) Improved capacity to respond to business disruptions and crisis events",
        "(i) Recovery of critical processes begins within 24 hours of a business disruption",
    ]
    # Every log-frame record has the Chinese original and its English translation.
    for model, field in ((res.Objective, "text"), (res.Result, "title"), (res.Indicator, "text")):
        for value in model.objects.filter(component__plan__symbol=A71).values_list(field, flat=True):
            assert value.get("zh") and value.get("en"), value
    assert "Objective of the Organization" in to_text(find(A71, "SP6.3").render(lang="en"), "en")


def test_legislative_mandates_and_evaluations(loaded: dict) -> None:
    plan = res.ProgrammePlan.objects.get(symbol=A78)
    assert list(plan.mandates.values_list("symbol", flat=True)) == [
        "63/262",
        "69/262",
        "70/248 A",
        "71/272 B",
        "72/262 C",
    ]
    assert plan.evaluations.count() == 2
    sp5 = res.Component.objects.get(code="A71-P25-HQ-SP5")
    assert (
        sp5.mandates.count() == 16 and res.Component.objects.get(code="A71-P25-HQ-SP6").mandates.count() == 10
    )


# -- strategy items ----------------------------------------------------------------------------------


def test_strategy_items_are_loaded_with_both_languages_and_citations(loaded: dict) -> None:
    assert loaded["strategy items created"] == 111
    a78 = res.StrategyItem.objects.filter(plan__symbol=A78)
    a71 = res.StrategyItem.objects.filter(plan__symbol=A71)
    assert a78.count() == 52 and a71.count() == 59
    # The overall orientation (¶29C.2–29C.12) belongs to the plan, not to a subprogramme.
    overall = a78.filter(component=None)
    assert list(overall.values_list("reference", flat=True)) == [f"29C.{n}" for n in range(2, 13)]
    assert overall.get(reference="29C.10").kind == res.StrategyItem.Kind.EXTERNAL_FACTOR
    item = a78.get(reference="29C.21 (g)")
    assert item.component.code == "A78-29C-SP1" and item.period == "2024"
    assert item.text["zh"].startswith("建立开放源代码计划")
    assert item.text["en"].startswith("Establish an open-source programme")
    assert item.original_language == "zh"
    assert item.source == "000_99e50b2a75851748.txt ¶29C.21 (g)"
    assert item.entity.code == item.component.entity.code
    assert a78.get(reference="29C.48 (e)").kind == res.StrategyItem.Kind.EXPECTED_OUTCOME
    assert [i.reference for i in a78.filter(component__code="A78-29C-SP3")][:3] == [
        "29C.47",
        "29C.47 (a)",
        "29C.47 (b)",
    ]
    # A/71/6 (Prog. 25): the paragraph names the responsible unit.
    lead = a71.get(reference="25.55")
    assert lead.component.code == "A71-P25-HQ-SP5.4" and lead.period == "2018–2019"
    assert "曼谷和纽约企业应用程序中心" in lead.text["zh"]
    assert "Enterprise Application Centres in Bangkok and New York" in lead.text["en"]
    assert a71.get(reference="25.74 (c)").component.location == "Nairobi"
    assert a71.get(reference="25.65 (f)").component.location == "Geneva"
    assert "信息技术处" in a71.get(reference="25.70").text["zh"]
    for item in res.StrategyItem.objects.all():
        assert item.text.get("zh") and item.text.get("en"), item.reference
        assert item.source.startswith(("000_", "003_")) and item.reference in item.source


def test_loading_strategy_items_twice_changes_nothing(loaded: dict) -> None:
    before = ObjectChange.objects.filter(content_type__model="strategyitem").count()
    assert before == 111
    second = Loader().run()
    assert not [k for k in second if k.startswith("strategy items")], second
    assert ObjectChange.objects.filter(content_type__model="strategyitem").count() == before


def test_strategy_items_shown_on_the_results_page_and_the_component(loaded: dict, client: Any) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    plan = res.ProgrammePlan.objects.get(symbol=A78)
    page = reverse("results:plan_results", args=[plan.pk])
    content = client.get(page).content.decode()
    assert 'id="overall-strategy"' in content and "29C.21 (g)" in content
    assert "Establish an open-source programme" in content
    # In Chinese the seed's wording; in French (no French text) the English, marked as a fallback,
    # never the Chinese (a third language to a French reader).
    client.cookies["django_language"] = "zh-hans"
    assert "建立开放源代码计划" in client.get(page).content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get(page).content.decode()
    assert "Establish an open-source programme" in french and "fallback-lang" in french
    assert "建立开放源代码计划" not in french
    client.cookies["django_language"] = "en"
    component = res.Component.objects.get(code="A71-P25-HQ-SP5.4")
    detail = client.get(reverse(registry[res.Component].url_name("detail"), args=[component.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "25.55 (j)" in text and "Enterprise Application Centres in Bangkok and New York" in text


def test_a_strategy_item_takes_the_owner_of_its_component_and_stays_in_its_plan(tree: dict) -> None:
    component = f.component(tree["a"], 1)
    other = f.plan(tree["a"], 99, "X")
    item = f.create(
        res.StrategyItem, plan=component.plan, component=component, reference="1 (a)", text={"en": "x"}
    )
    assert item.entity_id == component.entity_id
    with pytest.raises(ValidationError):
        f.create(res.StrategyItem, plan=other, component=component, reference="1 (b)", text={"en": "y"})
