"""Shared pieces of the printed budget tables: labels, cells, and one read of a section's facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.permissions import VIEW, restrict
from lodestar.core.shared_reads import read_once, sharing
from lodestar.core.translation import render
from lodestar.documents.tables import Cell, printed, table_title
from lodestar.org.vocabularies import Grade, GradeCategory, organisation_of

from ..models import (
    BudgetComponent,
    BudgetSection,
    FundingSource,
    ObjectOfExpenditure,
    PrintedFigure,
)
from .cube import FACTORS, read_cube

L = {
    "professional": {"en": gettext_noop("Professional and higher"), "zh": "专业及以上职类"},
    "general": {"en": gettext_noop("General Service and related"), "zh": "一般事务及有关职类"},
}
L = {
    "object": {"en": gettext_noop("Object of expenditure"), "zh": "支出用途"},
    "component": {"en": gettext_noop("Component/subprogramme"), "zh": "构成部分/次级方案"},
    "category_grade": {"en": gettext_noop("Category and grade"), "zh": "职类和职等"},
    "technical": {"en": gettext_noop("Technical adjustments"), "zh": "技术调整"},
    "new_mandates": {"en": gettext_noop("New/expanded mandates"), "zh": "新的/扩大的任务"},
    "other": {"en": gettext_noop("Other"), "zh": "其他"},
    "total": {"en": gettext_noop("Total"), "zh": "共计"},
    "percent": {"en": gettext_noop("Percentage"), "zh": "百分比"},
    "change": {"en": gettext_noop("Change"), "zh": "变动"},
    "subtotal_b": {"en": gettext_noop("Subtotal, B"), "zh": "小计, B"},
    "subtotal": {"en": gettext_noop("Subtotal"), "zh": "小计"},
    "programme": {"en": gettext_noop("B. Programme of work"), "zh": "B. 工作方案"},
    "post": {"en": gettext_noop("Post"), "zh": "员额"},
    "non_post": {"en": gettext_noop("Non-post"), "zh": "非员额"},
    "financial": {
        "en": gettext_noop("Financial resources by main category of expenditure"),
        "zh": "按主要支出类别分列的财政资源",
    },
    "post_resources": {"en": gettext_noop("Post resources by category"), "zh": "按职类分列的员额资源"},
    "thousands": {"en": gettext_noop("(Thousands of United States dollars)"), "zh": "(千美元)"},
    "posts_unit": {"en": gettext_noop("(Number of posts)"), "zh": "(员额数)"},
    "both_unit": {
        "en": gettext_noop("(Thousands of United States dollars/number of posts)"),
        "zh": "(千美元/员额数)",
    },
}


def t(key: str, lang: str) -> str:
    return printed(L[key], lang)


@dataclass
class FinCell(Cell):
    key: tuple[str, str] = ("", "")  # (row key, column key) as PrintedFigure names them
    # How the cell follows from other cells of the table (their keys, and the function of their
    # values that gives it), so that a check can tell a printed figure that differs only because
    # one it is computed from differs (FIN-PRINTED root causes). Empty for a cell read from facts.
    inputs: tuple[tuple[str, str], ...] = ()
    formula: Callable[[list[Any]], Any] | None = None


# -- reading the facts (one query per kind, whatever the size of the section) ---------------------


def _scoped(model: type, user: Any) -> Any:
    return model.objects.all() if user is None else restrict(user, VIEW, model)


class SectionData:
    """Every figure of one section, read once and summed in memory, with the vocabulary of the
    section's organisation: its funding sources (order, kind, label), grades and grade categories.
    Nothing of one organisation's lists (the UN's RB, P-4…) is named here."""

    def __init__(self, user: Any, section: BudgetSection, year: int | None = None) -> None:
        self.section = section
        self.organisation = organisation_of(section.entity)
        y = year or section.budget_year
        self.years = (str(y - 2), str(y - 1), str(y))
        self.components = list(
            _scoped(BudgetComponent, user).filter(section=section).order_by("order", "code")
        )
        self.objects = {o.pk: o for o in ObjectOfExpenditure.objects.filter(organisation=self.organisation)}
        self.source_records = {
            f.code: f for f in FundingSource.objects.filter(organisation=self.organisation)
        }
        self._vocabulary(
            list(GradeCategory.objects.filter(organisation=self.organisation).order_by("order", "code")),
            list(
                Grade.objects.filter(organisation=self.organisation)
                .select_related("category")
                .order_by("category__order", "order", "code")
            ),
        )
        # Summed in the database, in one query: one row per source, component and object (money)
        # or category and grade (posts), whatever the number of facts (cube.py).
        cube = read_cube(user, section, self.years, {f.pk: c for c, f in self.source_records.items()})
        self._cube = cube.money
        self.facts, self.changes, self.posts, self.actions = (
            cube.facts,
            cube.changes,
            cube.posts,
            cube.actions,
        )
        self._resolve_categories()
        self.sources = sorted({f[1] for f in self.facts} | {p[1] for p in self.posts}, key=self._source_order)
        regular = [c for c in self.sources if self.kind_of(c) == FundingSource.Kind.REGULAR]
        regular = regular or sorted(
            (c for c, f in self.source_records.items() if f.kind == FundingSource.Kind.REGULAR),
            key=self._source_order,
        )
        # The regular budget by kind, whatever its code (the UN's is RB; another's may be REG).
        self.regular = regular[0] if regular else ""

    def _vocabulary(self, categories: list[GradeCategory], grades: list[Grade]) -> None:
        self.categories = [c.code for c in categories]
        self.category_names = {c.code: c.name for c in categories}
        self.grades = [g.code for g in grades]
        self.grade_category = {g.code: g.category.code for g in grades}

    def _resolve_categories(self) -> None:
        """A post without a category takes its grade's; a grade or category the vocabulary lacks is
        still listed (after the known ones), so that no post is counted in a total but not in a row."""
        self.posts = [(c, s, cat or self.grade_category.get(g, ""), g, n) for c, s, cat, g, n in self.posts]
        self.actions = [
            (c, s, cat or self.grade_category.get(g, ""), g, f, n) for c, s, cat, g, f, n in self.actions
        ]
        for _c, _s, cat, grade, *_rest in [*self.posts, *self.actions]:
            if cat and cat not in self.categories:
                self.categories.append(cat)
                self.category_names[cat] = {"en": cat}
            if grade and grade not in self.grades:
                self.grades.append(grade)
                self.grade_category.setdefault(grade, cat)

    def _source_order(self, code: str) -> tuple[int, str]:
        record = self.source_records.get(code)
        return (record.order if record is not None else 9999, code)

    def kind_of(self, code: str) -> str:
        record = self.source_records.get(code)
        return record.kind if record is not None else ""

    def source_label(self, code: str, lang: str) -> str:
        record = self.source_records.get(code)
        if record is None:
            return code
        return _label(record.table_label, lang) or _label(record.name, lang) or code

    def category_label(self, code: str, lang: str) -> str:
        return _label(self.category_names.get(code, {}), lang) or code

    def grades_in(self, category: str) -> list[str]:
        return [g for g in self.grades if self.grade_category.get(g) == category]

    def object_ids(self, category: str | None) -> set[int] | None:
        if category is None:
            return None
        return {pk for pk, o in self.objects.items() if o.category == category}

    def _remembered(self, key: tuple, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The tables of a document ask for the same sums again (the regular budget's total is in
        four of them): each is added up once per read of the section."""
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = compute()
        return dict(memo[key])

    # money: {column key: dollars}
    def money(self, source: str, components: set | None = None, objects: set | None = None) -> dict[str, Any]:
        key = ("money", source, _frozen(components), _frozen(objects))
        return self._remembered(key, lambda: self._money(source, components, objects))

    def _money(self, source: str, components: set | None, objects: set | None) -> dict[str, Any]:
        sums: dict[str, int] = defaultdict(int)
        for (comp, obj), cells in self._cube.get(source, {}).items():
            if components is not None and comp not in components:
                continue
            if objects is not None and obj not in objects:
                continue
            for key, amount in cells.items():
                sums[key] += amount
        if "est" in sums:  # a stored proposal
            sums["total"] = sums["est"] - sums["appr"]
        else:
            sums["total"] = sum(sums[f] for f in FACTORS)
            sums["est"] = sums["appr"] + sums["total"]
        sums["pct"] = numbers.percent_value(sums["total"], sums["appr"]) or Decimal(0)
        return dict(sums)

    # posts: {column key: number}
    def post_counts(
        self,
        source: str | None,
        components: set | None = None,
        category: str | None = None,
        grade: str | None = None,
    ) -> dict[str, Any]:
        key = ("posts", source, _frozen(components), category, grade)
        return self._remembered(key, lambda: self._post_counts(source, components, category, grade))

    def _post_counts(
        self, source: str | None, components: set | None, category: str | None, grade: str | None
    ) -> dict[str, Any]:
        sums: dict[str, int] = defaultdict(int)
        for comp, src, cat, grd, count in self.posts:
            if self._match(source, components, category, grade, comp, src, cat, grd):
                sums["appr"] += count
        for comp, src, cat, grd, factor, count in self.actions:
            if self._match(source, components, category, grade, comp, src, cat, grd):
                sums[factor] += count
        sums["total"] = sum(sums[f] for f in FACTORS)
        sums["est"] = sums["appr"] + sums["total"]
        return dict(sums)

    @staticmethod
    def _match(source, components, category, grade, comp, src, cat, grd) -> bool:  # noqa: ANN001
        return (
            (source is None or src == source)
            and (components is None or comp in components)
            and (category is None or cat == category)
            and (grade is None or grd == grade)
        )


def _frozen(values: set | None) -> frozenset | None:
    return None if values is None else frozenset(values)


def _label(text: dict[str, str], lang: str) -> str:
    """A stored label in ``lang``: as stored, else its English through the catalogue, else the
    English or the language it was stored in, noted as a fallback (core.translation.render) so that
    the document marks it."""
    if not text:
        return ""
    if lang in text:
        return text[lang]
    if "en" in text:
        shown = printed(text, lang)
        if shown != text["en"]:
            return shown
    return render(text, lang, next(iter(text), None)).text


def printed_figures(user: Any, symbol: str, number: str) -> dict[tuple[str, str], PrintedFigure]:
    """The figures the document prints in one table, by (row, column). While a document is put
    together (core.shared_reads) every table's are read at once, in one query for the document."""
    if not sharing():
        return {
            (p.row, p.column): p
            for p in _scoped(PrintedFigure, user).filter(document=symbol, table_number=number)
        }

    def read() -> dict[str, dict[tuple[str, str], PrintedFigure]]:
        by_table: dict[str, dict[tuple[str, str], PrintedFigure]] = defaultdict(dict)
        for p in _scoped(PrintedFigure, user).filter(document=symbol):
            by_table[p.table_number][(p.row, p.column)] = p
        return by_table

    return read_once(("printed-figures", getattr(user, "pk", None), symbol), read).get(number, {})


def printed_as_value(figure: PrintedFigure, kind: str) -> Any:
    if kind == "amount":
        return int(figure.value * numbers.SCALE.get(figure.unit, Decimal(1)))
    if kind == "count":
        return int(figure.value)
    return figure.value


MONEY_COLUMNS = ("exp", "appr", *FACTORS, "total", "pct", "est")
POST_COLUMNS = ("appr", *FACTORS, "total", "est")
SHORT_MONEY = ("exp", "appr", "total", "pct", "est")
SHORT_POSTS = ("appr", "total", "est")


def _cells(
    values: dict[str, Any], columns: tuple[str, ...], row_key: str, kind: str, figures: dict
) -> list[Cell]:
    cells: list[Cell] = []
    for col in columns:
        value = values.get(col, 0 if kind == "amount" or kind == "count" else None)
        cell_kind = "percent" if col == "pct" else kind
        if col == "pct":
            value = values.get("pct")
        cell = FinCell(value=value, kind=cell_kind, key=(row_key, col))
        figure = figures.get((row_key, col))
        if figure is not None:
            shown = printed_as_value(figure, cell_kind)
            if shown != value:
                cell.printed_value = shown
        cells.append(cell)
    return cells


def _blank(n: int) -> list[Cell]:
    return [Cell("") for _ in range(n)]


def _year(template_zh: str, template: str, year: str, lang: str) -> str:
    """A column header naming a year: the seed's Chinese wording, else the interface catalogue's."""
    from django.utils.translation import gettext

    return template_zh.format(year=year) if lang == "zh" else gettext(template) % {"year": year}


def money_headers(data: SectionData, lang: str, *, base: str = "appropriation") -> list[str]:
    exp_year, base_year, year = data.years
    return [
        _year("{year} 年支出", "%(year)s expenditure", exp_year, lang),
        _year("{year} 年批款", "%(year)s appropriation", base_year, lang)
        if base == "appropriation"
        else _year("{year} 年估计数", "%(year)s estimate", base_year, lang),
        t("technical", lang),
        t("new_mandates", lang),
        t("other", lang),
        t("total", lang),
        t("percent", lang),
        _year("{year} 年估计数(重计费用前)", "%(year)s estimate (before recosting)", year, lang),
    ]


def post_headers(data: SectionData, lang: str) -> list[str]:
    _e, base_year, year = data.years
    return [
        _year("{year} 年核定", "%(year)s approved", base_year, lang),
        t("technical", lang),
        t("new_mandates", lang),
        t("other", lang),
        t("total", lang),
        _year("{year} 年拟议", "%(year)s proposed", year, lang),
    ]


def component_label(c: BudgetComponent, lang: str) -> str:
    title = c.tr("title", lang)
    if c.part == BudgetComponent.Part.EDM:
        return f"A. {title}"
    if c.part == BudgetComponent.Part.SUPPORT:
        return f"C. {title}"
    return f"{c.number}. {title}"


def section_of(user: Any, code: str, year: int | None = None) -> SectionData:
    reader = getattr(user, "pk", None)
    section = read_once(
        ("budget-section-record", reader, code),
        lambda: _scoped(BudgetSection, user).filter(code=code).first(),
    )
    if section is None:
        section = BudgetSection(code=code, symbol="", budget_year=2000, title={})
        data = SectionData.__new__(SectionData)
        data.section, data.years, data.components, data.objects = section, ("", "", ""), [], {}
        data.facts, data.changes, data.posts, data.actions, data.sources = [], [], [], [], []
        data._cube = {}
        data.organisation, data.source_records, data.regular = None, {}, ""
        data._vocabulary([], [])
        return data
    # One read per document: the tables of one section share it (core.shared_reads).
    return read_once(("budget-section", reader, section.pk, year), lambda: SectionData(user, section, year))


def _title(number: str, title: dict, lang: str) -> str:
    return table_title(number, title, lang)
