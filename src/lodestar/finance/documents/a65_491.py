"""A/65/491 (2010): OICT posts by unit and grade (table 15, annex III), by category (table 16), the new
posts the division paragraphs list, the 2010 ICT budget by department (annex I) and ICT personnel
(annex II). Division rows, totals, "Total international" and changes are computed from the stored
posts, budget facts and personnel counts; printed figures that differ are kept and flagged
(FIN-PRINTED). Tables 7-14 and 17-19 of the same document are defined by the portfolio app."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.documents.tables import Cell, Row, TableData, printed
from lodestar.documents.types import STRUCTURAL_REVIEW, Context, bind
from lodestar.org.models import Entity
from lodestar.org.vocabularies import Grade, organisation_of

from ..models import BudgetFact, BudgetSection, DepartmentGroup, PersonnelCount, Post, PostAction
from .common import FinCell, _scoped, printed_figures

GRADE_HEADER = {
    "ASG": {"en": gettext_noop("ASG"), "zh": "助理秘书长"},
    "GS (PL)": {"en": gettext_noop("GS (PL)"), "zh": "一般事务(特等)"},
    "GS (OL)": {"en": gettext_noop("GS (OL)"), "zh": "一般事务(其他职等)"},
    "TC": {"en": gettext_noop("TC"), "zh": "工匠"},
}
# Where the table prints a unit under another wording than the organisation tree's name.
UNIT_LABEL = {
    "OICT-2010-PMD-OD": {"en": gettext_noop("Office of the Director"), "zh": "司长办公室"},
    "OICT-2010-FSS": {"en": gettext_noop("Field Applications Section"), "zh": "外勤应用软件科"},
    "OICT-2011-OCITO": {
        "en": gettext_noop("Office of the Chief Information Technology Officer"),
        "zh": "首席信息技术官办公室",
    },
    "OICT-2011-EMD-OD": {"en": gettext_noop("Office of the Director"), "zh": "司长办公室"},
    "OICT-2011-AMD-OD": {"en": gettext_noop("Office of the Director"), "zh": "司长办公室"},
    "OICT-2011-IMD-OD": {"en": gettext_noop("Office of the Director"), "zh": "司长办公室"},
}
W = {
    "unit": {"en": gettext_noop("Unit"), "zh": "单位"},
    "total": {"en": gettext_noop("Total"), "zh": "共计"},
    "change": {"en": gettext_noop("Change"), "zh": "变化"},
    "subtotal": {"en": gettext_noop("Subtotal"), "zh": "小计"},
    "category": {"en": gettext_noop("Category"), "zh": "职类"},
    "posts_unit": {"en": gettext_noop("(Number of posts)"), "zh": "(员额数)"},
    "thousands": {"en": gettext_noop("(Thousands of United States dollars)"), "zh": "(千美元)"},
    "department": {"en": gettext_noop("Department"), "zh": "部门"},
    "office": {"en": gettext_noop("Department/office"), "zh": "部门/办事处"},
}
# (row key prefix, period, stage, heading, compare with the part before)
PARTS_15 = (
    (
        "approved",
        "2010-2011",
        "approved",
        {"en": gettext_noop("Approved posts, 2010-2011"), "zh": "核定员额 2010-2011年"},
    ),
    (
        "proposed",
        "2010-2011",
        "proposed",
        {"en": gettext_noop("Proposed posts, 2010-2011 (from 1 January 2011)"), "zh": "拟议员额 2010-2011年"},
    ),
    (
        "proposed-2012-2013",
        "2012-2013",
        "proposed",
        {"en": gettext_noop("Proposed posts, 2012-2013"), "zh": "拟议员额 2012-2013 年"},
    ),
)


def w(key: str, lang: str) -> str:
    return printed(W[key], lang)


def _title(number: str, title: dict, lang: str) -> str:
    if number.startswith("annex"):
        roman = number.removeprefix("annex ")
        head = (
            f"附件{'一二三四'[('I', 'II', 'III', 'IV').index(roman)]}" if lang == "zh" else f"Annex {roman}"
        )
    else:
        head = f"表 {number}" if lang == "zh" else f"Table {number}."
    return f"{head} {printed(title, lang)}"


def _count(value: int, key: tuple[str, str], figures: dict) -> FinCell:
    cell = FinCell(value=value, kind="count", key=key)
    figure = figures.get(key)
    if figure is not None and int(figure.value) != value:
        cell.printed_value = int(figure.value)
    return cell


def _unit_label(unit: Entity, lang: str) -> str:
    return (
        printed(UNIT_LABEL[unit.code], lang)
        if unit.code in UNIT_LABEL
        else unit.tr("name", lang) or unit.code
    )


# -- posts by unit and grade ----------------------------------------------------------------------


def _posts(user: Any, ctx: Context) -> list[tuple[int, str, str, str, int]]:
    return list(
        _scoped(Post, user)
        .filter(section__code=ctx.get("budget_section"))
        .order_by("pk")
        .values_list("unit_id", "period__code", "stage", "grade", "count")
    )


def _grades(user: Any, ctx: Context, used: set[str]) -> tuple[str, ...]:
    """The grade columns: the grades the posts use, in the order of the organisation's grade list;
    a grade the list lacks still gets a column (after the others), so no post is left out."""
    section = (
        _scoped(BudgetSection, user).filter(code=ctx.get("budget_section")).select_related("entity").first()
    )
    organisation = organisation_of(section.entity) if section else None
    ordered = list(
        Grade.objects.filter(organisation=organisation)
        .order_by("category__order", "order", "code")
        .values_list("code", flat=True)
    )
    used = {g for g in used if g}
    return (*(g for g in ordered if g in used), *sorted(used - set(ordered)))


def _by_grade(rows: list[tuple], units: set[int] | None = None) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for unit, _p, _s, grade, count in rows:
        if units is None or unit in units:
            sums[grade] += count
            sums["total"] += count  # every post, whatever its grade
    return sums


def _grade_cells(values: dict[str, int], row_key: str, figures: dict, grades: tuple[str, ...]) -> list[Cell]:
    return [_count(values.get(g, 0), (row_key, g), figures) for g in (*grades, "total")]


def posts_by_unit(
    user: Any, lang: str, ctx: Context, number: str, title: dict, parts: tuple = PARTS_15
) -> TableData:
    """Each part: its top-level units (a division's row is the sum of its units, listed under it),
    the total, and the change from the part before."""
    posts = _posts(user, ctx)
    grades = _grades(user, ctx, {p[3] for p in posts})
    section = _scoped(BudgetSection, user).filter(code=ctx.get("budget_section")).first()
    owner = section.entity_id if section else None
    units = Entity.objects.in_bulk({p[0] for p in posts if p[0]})
    parents = Entity.objects.in_bulk({u.parent_id for u in units.values() if u.parent_id})
    figures = printed_figures(user, ctx.symbol, number)
    rows: list[Row] = []
    previous: dict[str, int] | None = None
    for key, period, stage, heading in parts:
        mine = [p for p in posts if p[1] == period and p[2] == stage and p[0] in units]
        rows.append(Row(printed(heading, lang), [Cell("") for _ in range(len(grades) + 1)], style="heading"))
        tops: dict[int, list[int]] = {}  # top-level unit -> its units (in the order first stored)
        for unit_id, *_rest in mine:
            unit = units[unit_id]
            top = unit_id if unit.parent_id in (owner, None) else unit.parent_id
            children = tops.setdefault(top, [])
            if top != unit_id and unit_id not in children:
                children.append(unit_id)
        for top, children in tops.items():
            entity = units.get(top) or parents[top]
            values = _by_grade(mine, {top, *children})
            rows.append(
                Row(_unit_label(entity, lang), _grade_cells(values, f"{key}:{entity.code}", figures, grades))
            )
            for child in children:
                values = _by_grade(mine, {child})
                rows.append(
                    Row(
                        _unit_label(units[child], lang),
                        _grade_cells(values, f"{key}:{units[child].code}", figures, grades),
                        level=1,
                    )
                )
        total = _by_grade(mine)
        rows.append(
            Row(w("total", lang), _grade_cells(total, f"{key}:total", figures, grades), style="total")
        )
        if previous is not None:
            change = {g: total.get(g, 0) - previous.get(g, 0) for g in (*grades, "total")}
            rows.append(
                Row(
                    w("change", lang),
                    _grade_cells(change, f"{key}:change", figures, grades),
                    style="subtotal",
                )
            )
        previous = total
    return TableData(
        title=_title(number, title, lang),
        columns=[
            w("unit", lang),
            *(printed(GRADE_HEADER.get(g, {"en": g}), lang) for g in grades),
            w("total", lang),
        ],
        rows=rows,
        unit_line=w("posts_unit", lang),
        unit="units",
    )


CATEGORIES_16 = (
    (
        "professional",
        {"en": gettext_noop("Professional and above"), "zh": "专业及以上"},
        (
            ("USG", {"en": gettext_noop("USG"), "zh": "副秘书长"}),
            ("ASG", {"en": gettext_noop("ASG"), "zh": "助理秘书长"}),
            ("D-2", {"en": gettext_noop("D-2")}),
            ("D-1", {"en": gettext_noop("D-1")}),
            ("P-5", {"en": gettext_noop("P-5")}),
            ("P-4", {"en": gettext_noop("P-4")}),
            ("P-3", {"en": gettext_noop("P-3")}),
            ("P-2/1", {"en": gettext_noop("P-2/P-1")}),
        ),
    ),
    (
        "general",
        {"en": gettext_noop("General Service"), "zh": "一般事务"},
        (
            ("GS (PL)", {"en": gettext_noop("Principal level"), "zh": "特等"}),
            ("GS (OL)", {"en": gettext_noop("Other level"), "zh": "其他职等"}),
            ("TC", {"en": gettext_noop("Trades and crafts"), "zh": "工匠"}),
        ),
    ),
)


def posts_by_category(user: Any, lang: str, ctx: Context, number: str, title: dict) -> TableData:
    """2010-2011 approved, 2011 proposed and the change, by category and grade."""
    posts = _posts(user, ctx)
    every_grade = _grades(user, ctx, {p[3] for p in posts})
    figures = printed_figures(user, ctx.symbol, number)
    approved = _by_grade([p for p in posts if p[1] == "2010-2011" and p[2] == "approved"])
    proposed = _by_grade([p for p in posts if p[1] == "2010-2011" and p[2] == "proposed"])

    def cells(grades: tuple[str, ...], key: str) -> list[Cell]:
        a = sum(approved.get(g, 0) for g in grades)
        b = sum(proposed.get(g, 0) for g in grades)
        return [
            _count(a, (key, "approved"), figures),
            _count(b, (key, "proposed"), figures),
            _count(b - a, (key, "change"), figures),
        ]

    rows: list[Row] = []
    for category, label, grades in CATEGORIES_16:
        rows.append(Row(printed(label, lang), [Cell(""), Cell(""), Cell("")], style="heading"))
        for grade, grade_label in grades:
            rows.append(Row(printed(grade_label, lang), cells((grade,), grade), level=1))
        rows.append(
            Row(
                w("subtotal", lang),
                cells(tuple(g for g, _l in grades), f"subtotal-{category}"),
                style="subtotal",
            )
        )
    every = tuple(dict.fromkeys(("USG", *every_grade)))
    rows.append(Row(w("total", lang), cells(every, "total"), style="total"))
    return TableData(
        title=_title(number, title, lang),
        columns=[
            w("category", lang),
            "2010/2011 年" if lang == "zh" else "2010/2011",
            "2011 年" if lang == "zh" else "2011",
            w("change", lang),
        ],
        rows=rows,
        unit_line=w("posts_unit", lang),
        unit="units",
    )


# The division paragraphs that list their new posts (2011 and 2012-2013 together).
NEW_POST_PARAGRAPHS = {
    "OICT-2011-OCITO": "213",
    "OICT-2011-EO": "215",
    "OICT-2011-EMD": "218",
    "OICT-2011-AMD": "223",
    "OICT-2011-IMD": "226",
}


def new_posts(user: Any, lang: str, ctx: Context, number: str, title: dict) -> TableData:
    """New posts by division over 2011 and 2012-2013, from the stored post actions: the grade lists
    of paragraphs 213-226 are kept as printed figures and compared with these."""
    actions = list(
        _scoped(PostAction, user)
        .filter(section__code=ctx.get("budget_section"), action=PostAction.Action.NEW)
        .values_list("unit__code", "grade", "count")
    )
    grades = _grades(user, ctx, {p[3] for p in _posts(user, ctx)} | {a[1] for a in actions})
    figures = printed_figures(user, ctx.symbol, number)
    rows = []
    for code, paragraph in NEW_POST_PARAGRAPHS.items():
        values: dict[str, int] = defaultdict(int)
        for unit, grade, count in actions:
            if unit == code:
                values[grade] += count
        values["total"] = sum(values.values())
        unit = Entity.objects.filter(code=code).first()
        label = f"¶{paragraph} {_unit_label(unit, lang) if unit else code}"
        rows.append(Row(label, _grade_cells(values, paragraph, figures, grades)))
    total: dict[str, int] = defaultdict(int)
    for _u, grade, count in actions:
        total[grade] += count
    total["total"] = sum(total.values())
    rows.append(Row(w("total", lang), _grade_cells(total, "total", figures, grades), style="total"))
    return TableData(
        title=printed(title, lang),
        columns=[
            w("unit", lang),
            *(printed(GRADE_HEADER.get(g, {"en": g}), lang) for g in grades),
            w("total", lang),
        ],
        rows=rows,
        unit_line=w("posts_unit", lang),
        unit="units",
        notes=[
            _(
                "Computed from the new posts stored by division; the paragraphs' own grade lists are "
                "printed figures."
            )
        ],
    )


# -- annex I: the 2010 ICT budget by department; annex II: ICT personnel --------------------------

SOURCES_I = (
    ("RB", {"en": gettext_noop("Regular budget"), "zh": "经常预算"}),
    ("XB", {"en": gettext_noop("Extrabudgetary"), "zh": "预算外"}),
    ("PK", {"en": gettext_noop("Peacekeeping"), "zh": "维持和平"}),
    ("SA", {"en": gettext_noop("Support account"), "zh": "支助账户"}),
)
NOTES_I = (
    {
        "en": gettext_noop(
            "a Computed from the 2010 proposed ICT budgets of all departments, offices and missions; the "
            "2010-2011 regular budget proposals divided by two."
        ),
        "zh": "a 使用 2010 年秘书处各部、办事处和特派团各种预算来源的信息技术和通信拟议预算计算。"
        "为了得出一个简化的按年折算数字,"
        "2010-2011 两年期拟议经常预算来源就简单地除以二。",
    },
    {
        "en": gettext_noop(
            "f Excludes capital expenditure: the proposed ICT part of section 33 ($16,685,800) and the "
            "proposed ERP budget ($28,516,500 support account 2009/10 plus $12,096,100 annualized regular "
            "budget 2010-2011)."
        ),
        "zh": "f 2010 年联合国秘书处信通技术拟议预算按年折算总额估计数不包括第 33 款预算(16 685 800 美元)"
        "拟议的信通技术部分和拟议的企业资源规划预算(28 516 500 美元(2009 年 7 月 1 日至 2010 年 6 月 30 日"
        "期间支助账户预算)加上 12 096 100 美元"
        "(2010-2011 年度按年折算的经常预算)),因为两者均为资本支出。",
    },
)


def _grouping_note() -> str:
    return _(
        "Figures 4 and 5 and table 5 group the same budget and staff by location (Headquarters, offices "
        "away, missions); that grouping cannot be rebuilt from these departments (the totals agree)."
    )


def budget_by_department(user: Any, lang: str, ctx: Context, number: str, title: dict) -> TableData:
    facts = list(
        _scoped(BudgetFact, user)
        .filter(section__code=ctx.get("budget_section"), group__isnull=False, measure="ict")
        .values_list("group_id", "funding_source__code", "amount")
    )
    groups = list(DepartmentGroup.objects.filter(pk__in={f[0] for f in facts}).order_by("order", "code"))
    figures = printed_figures(user, ctx.symbol, number)
    codes = [c for c, _l in SOURCES_I]

    def cells(values: dict[str, int | None], key: str) -> list[Cell]:
        out: list[Cell] = []
        for col in (*codes, "total"):
            if values.get(col) is None:
                out.append(Cell(""))  # the document leaves the cell blank
                continue
            cell = FinCell(value=values[col], kind="amount", key=(key, col))
            figure = figures.get((key, col))
            if figure is not None and int(figure.value * 1000) != values[col]:
                cell.printed_value = int(figure.value * 1000)
            out.append(cell)
        return out

    rows = []
    grand: dict[str, int] = defaultdict(int)
    for group in groups:
        values: dict[str, int | None] = {}
        for gid, source, amount in facts:
            if gid == group.pk:
                values[source] = (values.get(source) or 0) + amount
                grand[source] += amount
        values["total"] = sum(v for k, v in values.items() if k in codes and v)
        rows.append(Row(group.tr("name", lang) or group.code, cells(values, group.code)))
    grand["total"] = sum(grand[c] for c in codes)
    rows.append(Row(w("total", lang), cells(dict(grand), "total"), style="total"))
    return TableData(
        title=_title(number, title, lang),
        columns=[w("department", lang), *(printed(label, lang) for _c, label in SOURCES_I), w("total", lang)],
        rows=rows,
        unit_line=w("thousands", lang),
        notes=[*(printed(note, lang) for note in NOTES_I), _grouping_note()],
    )


# (column key, header, the counts it sums: (kind, category))
COLUMNS_II = (
    ("asg", {"en": gettext_noop("ASG")}, (("staff", "asg"),)),
    ("d", {"en": gettext_noop("D")}, (("staff", "d"),)),
    ("p", {"en": gettext_noop("P")}, (("staff", "p"),)),
    ("fs_l", {"en": gettext_noop("FS, L"), "zh": "FS，L"}, (("staff", "fs_l"),)),
    ("gs", {"en": gettext_noop("GS")}, (("staff", "gs"),)),
    (
        "international",
        {"en": gettext_noop("Total international"), "zh": "国际共计"},
        (("staff", "asg"), ("staff", "d"), ("staff", "p"), ("staff", "fs_l")),
    ),
    ("local", {"en": gettext_noop("Local"), "zh": "当地"}, (("staff", "local"),)),
    ("unv", {"en": gettext_noop("UNV")}, (("unv", ""),)),
    ("contractor", {"en": gettext_noop("Contractual staff"), "zh": "约聘工作人员"}, (("contractor", ""),)),
)
EVERYONE = (
    ("staff", "asg"),
    ("staff", "d"),
    ("staff", "p"),
    ("staff", "fs_l"),
    ("staff", "gs"),
    ("staff", "local"),
    ("unv", ""),
    ("contractor", ""),
)


# Annex II prints shorter Chinese names than annex I for some groups.
LABEL_II = {
    "A65-OICT": {"zh": "信通厅"},
    "A65-DFS": {"zh": "外勤部和外地特派团"},
}


def _group_label(group: DepartmentGroup, lang: str, labels: dict[str, dict[str, str]]) -> str:
    own = labels.get(group.code, {})
    return own[lang] if lang in own else group.tr("name", lang) or group.code


def personnel_by_department(user: Any, lang: str, ctx: Context, number: str, title: dict) -> TableData:
    counts = list(
        _scoped(PersonnelCount, user)
        .filter(section__code=ctx.get("budget_section"), source="annex II")
        .values_list("group_id", "kind", "category", "count")
    )
    groups = list(DepartmentGroup.objects.filter(pk__in={c[0] for c in counts}).order_by("order", "code"))
    figures = printed_figures(user, ctx.symbol, number)

    def cells(group: int | None, key: str) -> list[Cell]:
        sums: dict[tuple[str, str], int] = defaultdict(int)
        for gid, kind, category, count in counts:
            if group is None or gid == group:
                sums[(kind, category)] += count
        out: list[Cell] = [
            _count(sum(sums[k] for k in parts), (key, col), figures) for col, _h, parts in COLUMNS_II
        ]
        out.append(_count(sum(sums[k] for k in EVERYONE), (key, "total"), figures))
        return out

    rows = [Row(_group_label(g, lang, LABEL_II), cells(g.pk, g.code)) for g in groups]
    rows.append(Row(w("total", lang), cells(None, "total"), style="total"))
    return TableData(
        title=_title(number, title, lang),
        columns=[w("office", lang), *(printed(h, lang) for _c, h, _p in COLUMNS_II), w("total", lang)],
        rows=rows,
        unit="units",
        notes=[
            _("Total international = ASG + D + P + FS/L (General Service not included); computed."),
            _("Staff include general temporary assistance (OICT: 161 posts and 32 GTA, paragraph 198)."),
            _grouping_note(),
        ],
    )


# -- registration ---------------------------------------------------------------------------------

TABLES: dict[str, tuple[Any, dict, dict]] = {
    "15": (
        posts_by_unit,
        {
            "en": gettext_noop(
                "Office of Information and Communications Technology approved and proposed posts"
            ),
            "zh": "信息和通信技术厅的所需核定和拟议员额",
        },
        {},
    ),
    "16": (
        posts_by_category,
        {
            "en": gettext_noop(
                "Office of Information and Communications Technology post requirements, 2010-2011"
            ),
            "zh": "2010-2011 年信息和通信技术厅所需员额",
        },
        {},
    ),
    "annex I": (
        budget_by_department,
        {
            "en": gettext_noop(
                "2010 annualized estimate of the proposed ICT budget of the United Nations Secretariat"
            ),
            "zh": "2010年联合国秘书处信息和通信技术拟议预算按年折算估计数",
        },
        {},
    ),
    "annex II": (
        personnel_by_department,
        {
            "en": gettext_noop("ICT personnel of the United Nations Secretariat as at March 2010"),
            "zh": "截至 2010 年 3 月联合国秘书处信息和通信技术人员",
        },
        {},
    ),
    "annex III": (
        posts_by_unit,
        {
            "en": gettext_noop(
                "OICT current organizational structure and post distribution, 2010-2011 "
                "(post counts of the chart)"
            ),
            "zh": "信息和通信技术厅现有组织结构和员额分布:2010-2011 两年期",
        },
        {"parts": PARTS_15[:1]},
    ),
    "new posts": (
        new_posts,
        {
            "en": gettext_noop("New posts by division, 2011 and 2012-2013 (paragraphs 213-226), computed"),
            "zh": "按司分列的新员额, 2011 年和 2012-2013 年(第 213-226 段)",
        },
        {},
    ),
}

for _number, (_builder, _heading, _extra) in TABLES.items():

    def _build(
        user: Any,
        lang: str,
        ctx: Context,
        _n: str = _number,
        _b: Any = _builder,
        _t: dict = _heading,
        _x: dict = _extra,
    ) -> TableData:
        return _b(user, lang, ctx, _n, _t, **_x)

    bind(STRUCTURAL_REVIEW, _number, _heading, part="resources")(_build)
