"""Budget facts and the printed tables of A/78/6 (Sect. 29C), built from the stored facts."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from lodestar.core import permissions as p
from lodestar.core.checks import grouped_by_root_cause, run_checks
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.models import Document
from lodestar.documents.tables import find
from lodestar.finance import models as fin
from lodestar.org.models import Entity, Grade, GradeCategory, RoleAssignment
from lodestar.reference.finance_loader import allocate
from lodestar.reference.loader import Loader

pytestmark = pytest.mark.django_db
A78 = "A/78/6 (Sect. 29C)"


@pytest.fixture
def loaded(db: Any) -> dict:
    return Loader().run()


def rows(number: str, lang: str = "en", symbol: str = A78) -> dict[str, list[str]]:
    data = find(symbol, number).render(user=None, lang=lang)
    result: dict[str, list[str]] = {}
    for label, *cells in data.formatted(lang):
        result.setdefault(label, cells)
    return result


def test_29c13_by_object(loaded: dict) -> None:
    r = rows("29C.13")
    assert r["Posts"] == ["25,374.4", "24,824.7", "—", "—", "—", "—", "—", "24,824.7"]
    assert r["Other staff costs"] == ["1,061.8", "1,794.3", "—", "—", "935.0", "935.0", "52.1", "2,729.3"]
    assert r["Contractual services"] == [
        "17,338.9",
        "13,264.7",
        "(85.7)",
        "49.8",
        "561.4",
        "525.5",
        "4.0",
        "13,790.2",
    ]
    assert r["General operating expenses"][4:] == ["(697.9)", "(697.9)", "(6.1)", "10,703.5"]
    assert r["Furniture and equipment"][4:] == ["(207.6)", "(207.6)", "(11.4)", "1,608.0"]
    assert r["Other"] == ["2.8", "—", "—", "—", "—", "—", "—", "—"]
    assert r["Total"] == ["51,723.9", "53,425.9", "(85.7)", "49.8", "590.9", "555.0", "1.0", "53,980.9"]


def test_29c14_and_15_posts(loaded: dict) -> None:
    r14 = rows("29C.14")
    assert r14["Approved for 2023"][0] == "182" and r14["Proposed for 2024"][0] == "182"
    assert r14["Approved for 2023"][1].startswith("1 ASG, 1 D-2, 6 D-1, 16 P-5, 23 P-4, 35 P-3, 11 P-2/1")
    data = find(A78, "29C.15").render(lang="en").formatted("en")
    labels = [row[0] for row in data]
    assert labels[:9] == [
        "Professional and higher",
        "ASG",
        "D-2",
        "D-1",
        "P-5",
        "P-4",
        "P-3",
        "P-2/1",
        "Subtotal",
    ]
    assert data[8][1:] == ["93", "—", "—", "—", "—", "93"] and data[13][1:] == [
        "89",
        "—",
        "—",
        "—",
        "—",
        "89",
    ]
    assert data[-1][1:] == ["182", "—", "—", "—", "—", "182"]


def test_29c16_by_source(loaded: dict) -> None:
    data = find(A78, "29C.16").render(lang="en").formatted("en")
    by_label = [(row[0], row[1:]) for row in data]
    assert (
        "2. Operations support",
        ["24,014.4", "24,164.4", "(85.7)", "49.8", "(180.0)", "(215.9)", "(0.9)", "23,948.5"],
    ) in by_label
    assert (
        "Subtotal, B",
        ["48,869.6", "50,333.3", "(85.7)", "49.8", "574.0", "538.1", "1.1", "50,871.4"],
    ) in by_label
    assert ("Subtotal, 2", ["34,023.9", "35,798.6", "", "", "", "1,424.6", "4.0", "37,223.2"]) in by_label
    assert ("Subtotal, 3", ["66,578.1", "66,853.0", "", "", "", "(2,526.2)", "(3.8)", "64,326.8"]) in by_label
    assert by_label[-1] == ("Total", ["152,325.9", "156,077.5", "", "", "", "(546.6)", "(0.4)", "155,530.9"])


def test_29c17_posts_by_source(loaded: dict) -> None:
    data = find(A78, "29C.17").render(lang="en").formatted("en")
    assert data[-1] == ["Total", "248", "", "", "", "(2)", "246"]
    assert ["Subtotal, 1", "182", "—", "—", "—", "—", "182"] in data
    assert ["Subtotal, 2", "52", "", "", "", "—", "52"] in data


def test_29c18_and_component_tables(loaded: dict) -> None:
    r = rows("29C.18")
    assert r["Non-post"] == ["26,349.5", "28,601.2", "(85.7)", "49.8", "590.9", "555.0", "1.9", "29,156.2"]
    assert r["Professional and higher"][1] == "93" and r["General Service and related"][1] == "89"
    expected = {
        "29C.20": (
            ["2,139.6", "2,315.3"],
            ["714.7", "777.3", "—", "—", "16.9", "16.9", "2.2", "794.2"],
            "19",
        ),
        "29C.21": (
            ["5,637.6", "5,853.4"],
            ["4,253.6", "4,754.0", "—", "—", "861.1", "861.1", "18.1", "5,615.1"],
            "36",
        ),
        "29C.22": (
            ["9,219.6", "8,546.1"],
            ["14,794.8", "15,618.3", "(85.7)", "49.8", "(180.0)", "(215.9)", "(1.4)", "15,402.4"],
            "73",
        ),
        "29C.23": (
            ["8,377.6", "8,109.9"],
            ["6,586.4", "7,451.6", "—", "—", "(107.1)", "(107.1)", "(1.4)", "7,344.5"],
            "54",
        ),
    }
    for number, (post, non_post, posts) in expected.items():
        data = find(A78, number).render(lang="en").formatted("en")
        assert data[1][1:3] == post, number
        assert data[2][1:] == non_post, number
        assert data[-1][2] == posts and data[-1][-1] == posts, number


def test_printed_figures_are_kept_and_flagged_as_rounding(loaded: dict) -> None:
    data = find(A78, "29C.13").render(lang="en")
    total = data.rows[-1].cells[0]
    assert total.value == 51_723_900 and total.printed_value == 51_724_000
    findings = [f for f in run_checks(["FIN-PRINTED"]) if f.data.get("table", "").startswith("29C")]
    assert sorted((f.data["table"], f.severity) for f in findings) == [
        ("29C.13", "rounding"),
        ("29C.18", "rounding"),
        ("29C.18", "rounding"),
        ("29C.23", "rounding"),
    ]


def test_narrative_reconciliation_flags_what_does_not_add_up(loaded: dict) -> None:
    findings = run_checks(["FIN-RECONCILE"])
    messages = " | ".join(f.message for f in findings)
    assert len(findings) == 4, messages
    assert "590.0" in messages and "590.9" in messages  # the 29C.64 chapeau
    assert "(125.7)" in messages and "561.4" in messages  # contractual services


def test_money_is_never_a_float(loaded: dict) -> None:
    fact = fin.BudgetFact.objects.first()
    assert isinstance(fact.amount, int)
    cell = find(A78, "29C.13").render(lang="en").rows[-1].cells[-1]
    assert isinstance(cell.value, int)


def test_allocation_keeps_both_margins() -> None:
    cells = allocate({"a": 5, "b": 7}, {"x": 3, "y": 10})  # grand totals differ by one
    assert sum(v for (r, _c), v in cells.items() if r == "a") == 5
    assert sum(v for (r, _c), v in cells.items() if r == "b") == 7
    assert sum(v for (_r, c), v in cells.items() if c == "x") == 3


def test_perturbing_one_object_fact_through_the_api_changes_every_table(loaded: dict) -> None:
    user = get_user_model().objects.create_user(username="analyst", password="x")
    registry[RoleAssignment].service.create(
        data={"user": user, "role": p.CENTRAL_ANALYST, "entity": Entity.objects.get(code="UN")},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    p.forget_grants(user)
    fact = fin.BudgetFact.objects.get(
        section__code="A78-29C",
        component__code="A78-29C-SP2",
        object__code="GOE",
        period__code="2023",
        stage="appropriation",
    )
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(
        f"/api/finance/budgetfact/{fact.pk}/",
        {"amount": fact.amount + 100_000, "version": fact.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert rows("29C.13")["General operating expenses"][1] == "11,501.4"
    assert rows("29C.13")["Total"][1] == "53,525.9" and rows("29C.13")["Total"][-1] == "54,080.9"
    assert ("2. Operations support", "24,264.4") in [
        (r[0], r[2]) for r in find(A78, "29C.16").render().formatted("en")
    ]
    assert rows("29C.18")["Non-post"][1] == "28,701.2" and rows("29C.18")["Total"][1] == "53,525.9"
    assert rows("29C.18")["Non-post"][6] == "1.9"
    assert rows("29C.22")["Non-post"][1] == "15,718.3" and rows("29C.22")["Total"][-1] == "24,048.5"
    assert rows("29C.21")["Total"][1] == "10,607.4"  # another subprogramme is untouched


def test_the_definitions_build_another_section(db: Any) -> None:
    """A second, invented section with its own year, components and facts, through the same builders."""

    def make(model: type, **data: Any) -> Any:
        return registry[model].service.create(
            data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
        )

    owner = make(Entity, code="UN", kind="organisation", acronym="UN", name={"en": "United Nations"})
    section = make(
        fin.BudgetSection,
        code="X-99",
        symbol="X/99/6 (Sect. 99)",
        number="99",
        title={"en": "Invented"},
        budget_year=2030,
        entity=owner,
    )
    edm = make(
        fin.BudgetComponent,
        section=section,
        code="X-EDM",
        part="edm",
        title={"en": "Executive direction"},
        order=1,
    )
    sp = make(
        fin.BudgetComponent,
        section=section,
        code="X-SP1",
        part="programme",
        number="1",
        title={"en": "Things"},
        order=2,
    )
    # The organisation's own vocabulary: the tables name nothing of it in code.
    rb = make(fin.FundingSource, organisation=owner, code="RB", kind="regular", name={"en": "Regular budget"})
    posts = make(
        fin.ObjectOfExpenditure,
        organisation=owner,
        code="POSTS",
        category="post",
        name={"en": "Posts"},
        order=1,
    )
    travel = make(
        fin.ObjectOfExpenditure,
        organisation=owner,
        code="TRAVEL",
        category="non_post",
        name={"en": "Travel of staff"},
        order=4,
    )
    professional = make(
        GradeCategory, organisation=owner, code="professional", name={"en": "Professional and higher"}
    )
    make(Grade, organisation=owner, code="P-4", name={"en": "P-4"}, category=professional)
    periods = {
        y: make(
            fin.Period, code=str(y), kind="year", start=datetime.date(y, 1, 1), end=datetime.date(y, 12, 31)
        )
        for y in (2028, 2029, 2030)
    }
    for comp, obj, year, stage, amount in [
        (edm, posts, 2028, "expenditure", 1_000_000),
        (edm, posts, 2029, "appropriation", 1_200_000),
        (sp, travel, 2028, "expenditure", 300_000),
        (sp, travel, 2029, "appropriation", 400_000),
    ]:
        make(
            fin.BudgetFact,
            section=section,
            component=comp,
            funding_source=rb,
            object=obj,
            period=periods[year],
            stage=stage,
            amount=amount,
        )
    make(
        fin.ResourceChange,
        section=section,
        component=sp,
        funding_source=rb,
        object=travel,
        period=periods[2030],
        factor="new_mandates",
        amount=100_000,
    )
    make(
        fin.Post,
        section=section,
        component=sp,
        funding_source=rb,
        category="professional",
        grade="P-4",
        period=periods[2029],
        stage="approved",
        count=3,
    )
    make(
        fin.PostAction,
        section=section,
        component=sp,
        funding_source=rb,
        category="professional",
        grade="P-4",
        period=periods[2030],
        action="new",
        factor="new_mandates",
        count=1,
    )
    # The document record alone gives the section its tables, numbered with its own prefix.
    make(
        Document,
        symbol="X/99/6 (Sect. 99)",
        document_type="budget_section",
        parameters={"budget_section": "X-99", "budget_year": 2030},
        title={"en": "Invented budget"},
        entity=owner,
    )
    sym = "X/99/6 (Sect. 99)"
    data = find(sym, "99.13").render(lang="en")
    assert data.columns[1:3] == ["2028 expenditure", "2029 appropriation"]
    r = rows("99.13", symbol=sym)
    assert r["Travel of staff"] == ["300.0", "400.0", "—", "100.0", "—", "100.0", "25.0", "500.0"]
    assert r["Total"] == ["1,300.0", "1,600.0", "—", "100.0", "—", "100.0", "6.3", "1,700.0"]
    assert rows("99.15", symbol=sym)["P-4"] == ["3", "—", "1", "—", "1", "4"]
    assert rows("99.16", symbol=sym)["1. Things"][-1] == "500.0"
    assert find(sym, "99.20").render(lang="en").title.startswith("Table 99.20. Executive direction:")
    r4 = rows("99.21", symbol=sym)
    assert r4["Non-post"][-1] == "500.0" and r4["Professional and higher"][1] == "3"
    assert r4["Professional and higher"][-1] == "4"


def test_chinese_labels(loaded: dict) -> None:
    data = find(A78, "29C.13").render(lang="zh")
    assert (
        data.title.startswith("表 29C.13")
        and data.formatted("zh")[-1][1].replace("\u202f", " ") == "51 723.9"
    )


SHEET_HEADER = (
    "Object of expenditure,2022 expenditure,2023 appropriation,Technical adjustments,"
    "New/expanded mandates,Other,Total,Percentage,2024 estimate (before recosting)\n"
)


def _section_for_import() -> tuple[fin.BudgetSection, fin.FundingSource]:
    section = fin.BudgetSection.objects.get(code="A78-29C")
    return section, fin.FundingSource.objects.get(code="RB")


def test_import_of_the_printed_layout_writes_long_facts(loaded: dict) -> None:
    from lodestar.finance.importing import import_object_sheet

    section, rb = _section_for_import()
    before = fin.BudgetFact.objects.count()
    sheet = SHEET_HEADER + (
        "Travel of staff,10.0,20.0,—,1.5,(0.5),1.0,5.0,21.0\n"
        '"Consultants","1,000.0",5.0,,,,,,5.0\n'
        'Total,"1,010.0",25.0,,1.5,(0.5),1.0,4.0,26.0\n'
    )
    result = import_object_sheet(sheet.encode(), filename="t.csv", section=section, funding_source=rb)
    assert result.ok, result.errors
    assert result.facts == 4 and fin.BudgetFact.objects.count() == before + 4
    travel = fin.BudgetFact.objects.get(
        section=section, component=None, object__code="TRAVEL", stage="appropriation"
    )
    assert travel.amount == 20_000
    assert (
        fin.ResourceChange.objects.get(
            section=section, component=None, object__code="TRAVEL", factor="other"
        ).amount
        == -500
    )
    assert rows("29C.13")["Travel of staff"][1] == "173.3"  # 153.3 + 20.0: the table follows the facts


def test_malformed_sheet_is_refused_with_row_errors_and_nothing_written(loaded: dict) -> None:
    from lodestar.finance.importing import import_object_sheet

    section, rb = _section_for_import()
    before = (
        fin.BudgetFact.objects.count(),
        fin.ResourceChange.objects.count(),
        ObjectChange.objects.count(),
    )
    sheet = SHEET_HEADER + (
        "Travel of staff,10.0,20.0,—,1.5,(0.5),1.0,5.0,21.0\n"
        "Flying carpets,1.0,1.0,,,,,,1.0\n"
        "Consultants,abc,5.0,,,,,,5.0\n"
        "Supplies and materials,1.0,2.0,,,1.0,9.0,,3.0\n"
        "Total,999.0,22.0,,1.5,(0.5),1.0,,24.0\n"
    )
    result = import_object_sheet(sheet.encode(), filename="t.csv", section=section, funding_source=rb)
    assert not result.ok
    assert [row for row, _m in result.errors] == [3, 4, 5, 6]
    assert "Flying carpets" in result.errors[0][1]
    assert (
        fin.BudgetFact.objects.count(),
        fin.ResourceChange.objects.count(),
        ObjectChange.objects.count(),
    ) == before
    header_only = import_object_sheet(
        b"Object,2020 expenditure\nPosts,1\n", filename="t.csv", section=section, funding_source=rb
    )
    assert not header_only.ok and header_only.errors[0][0] == 1


def test_import_errors_name_the_columns_by_their_headings(loaded: dict) -> None:
    from lodestar.finance.importing import import_object_sheet

    section, rb = _section_for_import()
    sheet = SHEET_HEADER + ("Travel of staff,10.0,20.0,,,,,,20.0\nTotal,999.0,22.0,,,,,,20.0\n")
    result = import_object_sheet(sheet.encode(), filename="t.csv", section=section, funding_source=rb)
    message = " ".join(m for _row, m in result.errors)
    assert "“2022 expenditure”" in message and "“2023 appropriation”" in message, message
    assert "exp" not in message.replace("expenditure", "") and "appr," not in message


def test_section_page_shows_its_tables_and_the_import_form(loaded: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

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
    section = fin.BudgetSection.objects.get(code="A78-29C")
    page = client.get(f"/finance/budgetsection/{section.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Table 29C.13" in html and "53,980.9" in html and "Table 29C.22" in html
    form = client.get(f"/finance/section/{section.pk}/import-object-sheet/")
    assert form.status_code == 200
    bad = client.post(
        f"/finance/section/{section.pk}/import-object-sheet/",
        {
            "file": SimpleUploadedFile("s.csv", (SHEET_HEADER + "Nothing,1,1,,,,,,1\n").encode()),
            "funding_source": fin.FundingSource.objects.get(code="RB").pk,
        },
    )
    assert bad.status_code == 400 and "Row 2" in bad.content.decode()
    url = f"/finance/section/{section.pk}/import-object-sheet/"
    rb = fin.FundingSource.objects.get(code="RB")
    wrong_percent = SHEET_HEADER + "Travel of staff,10.0,20.0,—,1.5,(0.5),1.0,7.5,21.0\n"
    refused = client.post(
        url, {"file": SimpleUploadedFile("s.csv", wrong_percent.encode()), "funding_source": rb.pk}
    )
    assert refused.status_code == 400 and "The percentage 7.5 is not the change" in refused.content.decode()
    before = (fin.BudgetFact.objects.count(), ObjectChange.objects.count())
    good = SHEET_HEADER + "Travel of staff,10.0,20.0,—,1.5,(0.5),1.0,5.0,21.0\n"
    preview = client.post(url, {"file": SimpleUploadedFile("s.csv", good.encode()), "funding_source": rb.pk})
    assert preview.status_code == 200 and "Preview:" in preview.content.decode()
    assert (fin.BudgetFact.objects.count(), ObjectChange.objects.count()) == before  # nothing yet
    batch = preview.context["batch"].pk
    assert client.post(url, {"batch": batch}).status_code == 302
    written = (fin.BudgetFact.objects.count(), ObjectChange.objects.count())
    assert written[0] == before[0] + 2 and written[1] > before[1]
    assert client.post(url, {"batch": batch}, follow=True).status_code == 200  # "already committed"
    assert (fin.BudgetFact.objects.count(), ObjectChange.objects.count()) == written


def test_a73_384_annex_i_ict_share_and_printed_differences(loaded: dict) -> None:
    data = find("A/73/384", "annex I").render(lang="en")
    table = {row[0]: row[1:] for row in data.formatted("en")}
    assert table["2014-2015"] == [
        "366.4",
        "183.0",
        "62.8",
        "942.5",
        "1,554.7",
        "111.1",
        "1,665.8",
        "777.4",
        "832.9",
    ]
    assert table["2018-2019"][4] == "1,244.6"  # printed 1 376.4: the components do not add up
    assert table["ICT resources as % of total budget"][:6] == ["7.3", "0.9", "8.8", "4.8", "3.1", "100.0"]
    findings = [f for f in run_checks(["FIN-PRINTED"]) if f.data.get("table") == "annex I"]
    severity = {f"{f.data['row']}/{f.data['column']}": f.severity for f in findings}
    assert severity["2018-2019/total"] == "error" and severity["total/total"] == "error"
    assert severity["2014-2015/per_year"] == "rounding" and severity["share/SA"] == "rounding"
    assert severity["budget/total"] == "rounding"
    assert len(findings) == 14


def test_a73_384_annex_i_one_root_cause_reads_as_one(loaded: dict) -> None:
    # 2018-2019 total: 1,244.6 computed, 1 376.4 printed. The totals, amounts per year and shares that
    # the annex computes from it differ only because it does: they name it as their root cause, and
    # `check` prints them under it. The independent roundings stay findings of their own.
    findings = [f for f in run_checks(["FIN-PRINTED"]) if f.data.get("table") == "annex I"]
    by_cell = {f.data["key"].rsplit(" ", 1)[1]: f for f in findings}
    root = by_cell["2018-2019/total"].data["key"]
    assert "root_cause" not in by_cell["2018-2019/total"].data
    derived = {c for c, f in by_cell.items() if f.data.get("root_cause") == root}
    assert derived == {
        "2018-2019/total_incl",
        "2018-2019/per_year",
        "2018-2019/per_year_incl",
        "total/total",
        "total/total_incl",
        "total/per_year",
        "total/per_year_incl",
        "share/total",
        "share/total_incl",
    }
    # 40 350.1 printed = 40 272.5 printed + 77.6: follows the rounding of the budget total
    assert by_cell["budget/total_incl"].data["root_cause"] == by_cell["budget/total"].data["key"]
    for alone in ("2014-2015/per_year", "budget/total", "share/SA"):
        assert "root_cause" not in by_cell[alone].data
    groups = {f.data["key"]: d for f, d in grouped_by_root_cause(findings)}
    assert len(groups) == 4 and len(groups[root]) == 9
    # the same grouping on the command line
    out = io.StringIO()
    call_command("check", "--code", "FIN-PRINTED", stdout=out)
    lines = out.getvalue().splitlines()
    at = next(i for i, line in enumerate(lines) if "A/73/384 table annex I, 2018-2019 / Total:" in line)
    assert not lines[at].startswith("  <-")
    under = lines[at + 1 : at + 10]
    assert all(line.startswith("  <- FIN-PRINTED") and "A/73/384 table annex I" in line for line in under)
    assert not lines[at + 10].startswith("  <-")


def test_umoja_cost_share_adds_to_100(loaded: dict) -> None:
    shares = {s.funding_source.code: s.share for s in fin.CostShare.objects.filter(formula="UMOJA")}
    assert shares == {"RB": 15, "SA": 62, "XB": 23}
    assert run_checks(["FIN-COSTSHARE"]) == []
    registry[fin.CostShare].service.update(
        fin.CostShare.objects.get(formula="UMOJA", funding_source__code="RB"),
        data={"share": 16},
        user=None,
        source=ObjectChange.Source.SYSTEM,
        check=False,
    )
    assert len(run_checks(["FIN-COSTSHARE"])) == 1
