"""A/65/491: OICT posts (tables 15, 16, annex III, the division paragraphs), the 2010 ICT budget by
department (annex I) and ICT personnel (annex II), built from the stored facts; table 29C.19."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from lodestar.core import importing
from lodestar.core import permissions as p
from lodestar.core.checks import run_checks
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.tables import document_definition, find
from lodestar.finance import models as fin
from lodestar.org.models import Entity, RoleAssignment
from lodestar.reference.loader import Loader

pytestmark = pytest.mark.django_db
A65 = "A/65/491"
A78 = "A/78/6 (Sect. 29C)"


@pytest.fixture
def loaded(db: Any) -> dict:
    return Loader().run()


def table(number: str, lang: str = "en", symbol: str = A65) -> list[list[str]]:
    return find(symbol, number).render(user=None, lang=lang).formatted(lang)


def by_label(number: str, lang: str = "en") -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for label, *cells in table(number, lang):
        result.setdefault(label, cells)
    return result


def test_table_15_by_unit_with_division_rows_totals_and_changes(loaded: dict) -> None:
    data = table("15")
    labels = [r[0] for r in data]
    assert labels[:11] == [
        "Approved posts, 2010-2011",
        "Office of the Chief Information Technology Officer",
        "Strategic Management Service",
        "Operations Support Section",
        "Programme Management Division",
        "Office of the Director",
        "Resources Management Service",
        "Knowledge Management Service",
        "Field Applications Section",
        "Infrastructure Management Service",
        "Total",
    ]
    # the division row is computed from its units: 41 GS (OL) and 1 trades and crafts
    assert data[4][1:] == ["—", "1", "3", "9", "20", "30", "10", "12", "41", "1", "127"]
    assert data[10][1:] == ["1", "1", "4", "13", "25", "34", "10", "14", "58", "1", "161"]
    totals = [r for r in data if r[0] == "Total"]
    changes = [r for r in data if r[0] == "Change"]
    assert [t[-1] for t in totals] == ["161", "184", "212"]
    assert changes[0][1:] == ["—", "2", "3", "2", "10", "6", "—", "—", "—", "—", "23"]
    assert changes[1][1:] == ["—", "—", "1", "6", "9", "7", "4", "1", "—", "—", "28"]
    rows = {r[0]: r for r in data[11:28]}
    assert rows["Enterprise Management Division"][-1] == "33"
    assert rows["Application Management Division"][-1] == "56"
    assert rows["Infrastructure Management Division"][-1] == "71"
    zh = table("15", "zh")
    assert zh[0][0] == "核定员额 2010-2011年" and zh[1][0] == "首席信息技术官办公室" and zh[10][0] == "共计"
    assert find(A65, "15").render(lang="zh").columns[8] == "一般事务(特等)"


def test_table_16_by_category_with_change(loaded: dict) -> None:
    r = by_label("16")
    assert r["ASG"] == ["1", "1", "—"] and r["D-2"] == ["1", "3", "2"] and r["P-4"] == ["25", "35", "10"]
    assert r["P-2/P-1"] == ["10", "10", "—"] and r["Trades and crafts"] == ["1", "1", "—"]
    subtotals = [row for row in table("16") if row[0] == "Subtotal"]
    assert [s[1:] for s in subtotals] == [["88", "111", "23"], ["73", "73", "—"]]
    assert r["Total"] == ["161", "184", "23"]
    zh = by_label("16", "zh")
    assert zh["其他职等"] == ["58", "58", "—"] and zh["共计"] == ["161", "184", "23"]


def test_new_posts_match_table_15_and_the_paragraphs_are_flagged(loaded: dict) -> None:
    actions = fin.PostAction.objects.filter(section__code="A65-491")
    new_2011 = {}
    for a in actions.filter(action="new", period__code="2010-2011"):
        new_2011[a.grade] = new_2011.get(a.grade, 0) + a.count
    # annex IV "a" posts = the change row of table 15 = para. 233
    assert new_2011 == {"D-2": 2, "D-1": 3, "P-5": 2, "P-4": 10, "P-3": 6}
    assert sum(a.count for a in actions.filter(action="redeployed")) == 10  # para. 207
    assert sum(a.count for a in actions.filter(action="new")) == 51  # 23 + 28, para. 207
    r = by_label("new posts")
    assert r["¶218 Enterprise Management Division"][-1] == "22"
    assert r["¶223 Application Management Division"][-1] == "11"


def test_printed_posts_that_differ_are_kept_and_flagged_as_errors(loaded: dict) -> None:
    data = find(A65, "15").render(lang="en")
    pmd = data.rows[4]
    gs_ol, tc = pmd.cells[8], pmd.cells[9]
    assert (gs_ol.value, gs_ol.printed_value) == (41, 42) and (tc.value, tc.printed_value) == (1, 0)
    printed = [f for f in run_checks(["FIN-PRINTED"]) if "A/65/491" in f.message]
    findings = [
        (f.data["table"], f"{f.data['row']} / {f.data['column']}".split(":")[0], f.severity) for f in printed
    ]
    # The message names the row and column as the table prints them, not by their keys.
    assert not [f.message for f in printed if "approved:" in f.message]
    assert sorted(findings) == [
        ("15", "approved", "error"),  # item 13, GS (OL) 42 for 41 ...
        ("15", "approved", "error"),  # ... and no trades-and-crafts post
        ("annex III", "approved", "error"),  # item 20: box 74 for 75
        ("new posts", "218 / P-3", "error"),  # item 14: 10 P-3 for 7
        ("new posts", "223 / GS (OL)", "error"),  # item 15
        ("new posts", "223 / P-3", "error"),
        ("new posts", "223 / P-4", "error"),
    ]


def test_annex_i_budget_by_department_and_source(loaded: dict) -> None:
    r = by_label("annex I")
    assert r["Office of Information and Communications Technology"] == [
        "36,059.4",
        "",
        "",
        "17,917.5",
        "53,976.9",
    ]
    assert r["Department of Field Support and field missions"] == [
        "40,701.1",
        "",
        "524,191.8",
        "18,999.4",
        "583,892.3",
    ]
    assert r["Total"] == ["172,409.2", "30,309.7", "524,191.8", "47,536.5", "774,447.2"]
    data = find(A65, "annex I").render(lang="zh")
    assert data.title.startswith("附件一 2010年联合国秘书处信息和通信技术拟议预算按年折算估计数")
    assert data.columns == ["部门", "经常预算", "预算外", "维持和平", "支助账户", "共计"]
    assert data.rows[2].label == "总部其他各部"
    assert any("资本支出" in n for n in data.notes)  # footnote f: capital expenditure excluded
    groups = {g.code: g for g in fin.DepartmentGroup.objects.all()}
    assert groups["A65-DFS"].entity.code == "DFS" and groups["A65-OTHER-HQ"].entity is None
    assert fin.BudgetFact.objects.filter(section__code="A65-491").count() == 18
    assert all(isinstance(f.amount, int) for f in fin.BudgetFact.objects.filter(section__code="A65-491"))


def test_annex_ii_personnel_with_non_post_kinds(loaded: dict) -> None:
    r = by_label("annex II")
    assert r["Office of Information and Communications Technology"] == [
        "1",
        "6",
        "108",
        "—",
        "78",
        "115",
        "—",
        "—",
        "173",
        "366",
    ]
    assert r["Total"] == ["1", "9", "505", "716", "667", "1,231", "1,076", "293", "952", "4,219"]
    counts = fin.PersonnelCount.objects.filter(section__code="A65-491")
    assert sum(c.count for c in counts.filter(kind="contractor")) == 952
    assert sum(c.count for c in counts.filter(kind="unv")) == 293
    zh = find(A65, "annex II").render(lang="zh")
    assert zh.columns[6] == "国际共计" and zh.rows[-1].label == "共计"
    assert [r.label for r in zh.rows[:3]] == ["信通厅", "外勤部和外地特派团", "总部其他各部"]


def test_29c19_compliance_rates_are_shown_as_printed(loaded: dict) -> None:
    data = table("29C.19", symbol=A78)
    assert data[0][1:] == ["n/a", "n/a", "n/a", "100", "100"]
    assert data[1][1:] == ["33", "63", "72", "100", "100"]
    zh = find(A78, "29C.19").render(lang="zh")
    assert zh.title == "表 29C.19 遵守率" and zh.rows[0].label == "及时提交材料"
    assert zh.formatted("zh")[0][1] == "不适用"
    figures = fin.PrintedFigure.objects.filter(document=A78, table_number="29C.19")
    assert figures.count() == 7 and {f.unit for f in figures} == {"percent"}
    names = list(document_definition(A78).tables)  # in printed order
    assert names[names.index("29C.12") + 1 : names.index("29C.12") + 8] == [
        "29C.13",
        "29C.14",
        "29C.15",
        "29C.16",
        "29C.17",
        "29C.18",
        "29C.19",
    ]


def test_variance_narrative_reconciles_and_flags_the_real_cases(loaded: dict) -> None:
    explanations = fin.ChangeExplanation.objects.filter(section__code="A78-29C")
    paragraphs = set(explanations.values_list("paragraph", flat=True))
    assert {
        "29C.61",
        "29C.66",
        "29C.68",
        "29C.74",
        "29C.78",
        "29C.80",
        "29C.82",
        "29C.84",
        "29C.86",
    } <= paragraphs
    assert explanations.get(paragraph="29C.63 (c)").mandate == "resolution 76/307"
    findings = run_checks(["FIN-RECONCILE"])
    messages = sorted(f.message for f in findings)
    assert len(findings) == 4, messages
    joined = " | ".join(messages)
    assert "590.0" in joined and "590.9" in joined  # item 2: the 29C.64 chapeau
    assert "(125.7)" in joined and "561.4" in joined  # item 3: contractual services
    assert "(218.4)" in joined and "(697.9)" in joined  # item 3: general operating expenses
    assert "Furniture and equipment" in joined and "(207.6)" in joined  # item 3: not explained


def test_reconciliation_catches_a_changed_estimate_of_another_source(loaded: dict) -> None:
    fact = fin.BudgetFact.objects.get(
        section__code="A78-29C",
        funding_source__code="OA",
        component__code="A78-29C-SP1",
        period__code="2024",
    )
    registry[fin.BudgetFact].service.update(
        fact,
        data={"amount": fact.amount + 100_000},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    messages = " | ".join(f.message for f in run_checks(["FIN-RECONCILE"]))
    assert "¶29C.78" in messages and "(64.0)" in messages and "36.0" in messages
    assert "¶29C.66" in messages  # the source's total moved too


def test_section_page_shows_the_a65_491_tables(loaded: dict) -> None:
    user = get_user_model().objects.create_user(username="central", password="x")
    registry[RoleAssignment].service.create(
        data={"user": user, "role": p.CENTRAL_ANALYST, "entity": Entity.objects.get(code="UN")},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    p.forget_grants(user)
    client = Client()
    client.force_login(user)
    section = fin.BudgetSection.objects.get(code="A65-491")
    html = client.get(f"/finance/budgetsection/{section.pk}/").content.decode()
    assert "Table 15." in html and "Annex I " in html and "774,447.2" in html and "4,219" in html


def test_malformed_posts_sheet_is_refused_with_row_errors(loaded: dict) -> None:
    registration = registry[fin.Post]
    headers = importing.columns(registration)
    good = {
        "section": "A65-491",
        "funding_source": "ALLSRC",
        "unit": "OICT-2010-SMS",
        "category": "professional",
        "grade": "P-4",
        "period": "2012-2013",
        "stage": "approved",
        "count": "3",
    }

    def line(**changes: str) -> str:
        values = {**good, **changes}
        return ",".join(values.get(h, "") for h in headers)

    sheet = "\n".join(
        [
            ",".join(headers),
            line(),
            line(count="many"),
            line(section="NO-SUCH-SECTION"),
            line(stage="dreamt"),
        ]
    )
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    before = (fin.Post.objects.count(), ObjectChange.objects.count())
    result = importing.read(
        registration, content=sheet.encode(), filename="posts.csv", user=admin, max_bytes=1_000_000
    )
    assert not result.ok
    assert [r.row for r in result.rows if r.errors] == [3, 4, 5]
    assert any("Row 3" in m for m in result.messages())
    with pytest.raises(Exception, match="Row"):
        importing.commit(registration, result, user=admin, batch=None)
    assert (fin.Post.objects.count(), ObjectChange.objects.count()) == before


def test_new_posts_add_up_to_the_change_of_the_posts_table(loaded: dict) -> None:
    assert run_checks(["FIN-POSTS"]) == []
    action = fin.PostAction.objects.get(
        section__code="A65-491", unit__code="OICT-2011-EMD", period__code="2012-2013", grade="P-3"
    )
    registry[fin.PostAction].service.update(
        action, data={"count": 4}, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )
    findings = run_checks(["FIN-POSTS"])
    assert [(f.data["change"], f.data["actions"]) for f in findings] == [(7, 8)]
    assert "2012-2013, P-3" in findings[0].message


def test_findings_name_rows_and_columns_as_the_tables_print_them(loaded: dict, admin_client: Any) -> None:
    # A printed figure is keyed by its row and column (import files use the keys: per_year_incl,
    # approved:OICT-2010-PMD); a finding names them as the table prints them, in the reader's language.
    from ..core.test_no_raw_keys import raw_keys

    messages = [f.message for f in run_checks(["FIN-PRINTED"])]
    assert messages
    joined = " | ".join(messages)
    assert "per_year_incl" not in joined and "approved:OICT" not in joined, joined
    assert "Project Management Division" in joined or "Programme Management" in joined, joined
    page = admin_client.get("/findings/")
    assert page.status_code == 200
    assert raw_keys(page.content.decode()) == []
    admin_client.cookies["django_language"] = "fr"
    french = admin_client.get("/findings/").content.decode()
    assert '<html lang="fr" dir="ltr">' in french and raw_keys(french) == []
    admin_client.cookies["django_language"] = "ar"
    arabic = admin_client.get("/findings/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic and raw_keys(arabic) == []


def test_a_printed_figure_is_named_by_its_table_and_headings(loaded: dict, admin_client: Any) -> None:
    # "A/65/491 15 approved:OICT-2010-PMD/per_year_incl: 12500.00" read like an import row; the
    # figure's page names the row and column as table 15 prints them, the value formatted.
    from ..core.test_no_raw_keys import raw_keys

    figure = fin.PrintedFigure.objects.filter(row__contains=":").first() or fin.PrintedFigure.objects.first()
    assert figure is not None
    plain = str(figure)
    assert plain.startswith(f"{figure.document}, table {figure.table_number}: "), plain
    assert figure.row not in plain and figure.column not in plain, plain
    page = admin_client.get(reverse(registry[fin.PrintedFigure].url_name("detail"), args=[figure.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert " — " in title and f"{figure.document}, table {figure.table_number}: " in title, title
    assert raw_keys(f"<h1>{title}</h1>") == [], title
