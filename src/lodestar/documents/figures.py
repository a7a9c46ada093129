"""A whole document's figures: charts drawn from the figures of one of its own tables (the same cells,
as the table shows them), numbered per document ("Figure 29C.I") and captioned in its language.

A figure is kept in the assembled document (and so in an issued snapshot) as its Vega-Lite spec,
without links; each format draws it from that spec with vl-convert: inline SVG in HTML and PDF, PNG
in DOCX and XLSX, and PNG in the Arabic HTML and PDF too, because WeasyPrint draws the text of an
Arabic SVG reversed. The same spec gives the same bytes, so a version rendered again as issued keeps
its sha256.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import charts, numbers
from lodestar.core.languages import django_code

from .tables import TableData, printed
from .types import BUDGET_SECTION, ICT_PROGRESS_REPORT

if TYPE_CHECKING:  # assemble imports this module
    from .assemble import OutTable

# The families the document's HTML and DOCX print in (whole.html, render/docx.py), for the labels.
FONTS = {"ar": "Amiri", "zh": "Noto Sans CJK SC"}
DEFAULT_FONT = "Liberation Sans"
PRINT_SCALE = 2.0  # PNG pixels per chart pixel: 960 pixels across about 16 cm of text width
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass
class OutFigure:
    number: str  # "29C.I", "I"
    caption: str  # "Figure 29C.I. Financial resources by object of expenditure, ..."
    after: str  # the number of the table whose cells it draws; printed after that table
    source: str  # "Source: table 29C.13."
    spec: dict[str, Any] = field(default_factory=dict)  # Vega-Lite, in the document's language


# (category, value as the table shows it) pairs, and the phrases the chart needs, from one table.
Drawn = tuple[list[tuple[str, Any]], dict[str, str]]


@dataclass(frozen=True)
class FigureDefinition:
    table: str  # the table's number relative to the document's prefix ("13") or absolute
    title: dict[str, str]  # {column}: the header of the column it draws
    draw: Callable[[TableData, OutTable], Drawn]  # (the table as built, as assembled) -> Drawn
    value_format: str = ",d"  # the value axis: whole thousands, whole percentages


def _key(cell: Any) -> tuple[str, str]:
    key = getattr(cell, "key", None)
    return (str(key[0]), str(key[1])) if key else ("", "")


def _column(data: TableData, column_key: str) -> int | None:
    """The index among a row's cells of the column keyed ``column_key`` (the first row that has it)."""
    for row in data.rows:
        for index, cell in enumerate(row.cells):
            if _key(cell)[1] == column_key:
                return index
    return None


def _axis_title(unit_line: str) -> str:
    return unit_line.strip().strip("()（）").strip()


def _by_object(data: TableData, out: OutTable) -> Drawn:
    """One bar per object of expenditure: the budget year's estimate (the last column)."""
    index = _column(data, "est")
    if index is None:
        return [], {}
    bars = [
        (shown.label, shown.cells[index].value)
        for row, shown in zip(data.rows, out.rows, strict=True)
        if not row.style and row.cells and _key(row.cells[index])[0] not in ("", "total")
    ]
    return bars, {"column": out.columns[index + 1], "value": _axis_title(out.unit_line)}


_NUMBERED = re.compile(r"^\(\d+\)\s*")


def _by_source(data: TableData, out: OutTable) -> Drawn:
    """One bar per source of funding: its subtotal ("RB:subtotal") in the budget year's estimate,
    named by the heading that opens its block ("(1) Regular budget")."""
    index = _column(data, "est")
    if index is None:
        return [], {}
    bars, name, opening = [], "", True
    for row, shown in zip(data.rows, out.rows, strict=True):
        if row.style == "heading" and opening:
            name, opening = _NUMBERED.sub("", shown.label), False
        elif row.cells and _key(row.cells[index])[0].endswith(":subtotal"):
            bars.append((name, shown.cells[index].value))
            opening = True
    return bars, {"column": out.columns[index + 1], "value": _axis_title(out.unit_line)}


def _implementation(data: TableData, out: OutTable) -> Drawn:
    """One bar per status of the recommendations: its share of all of them (the percentage row)."""
    for row, shown in zip(data.rows, out.rows, strict=True):
        cells = [(i, c) for i, c in enumerate(row.cells) if _key(c)[0] == "percent"]
        if cells:
            bars = [(out.columns[i + 1], shown.cells[i].value) for i, c in cells if _key(c)[1] != "total"]
            return bars, {"column": "", "value": shown.label}
    return [], {}


FIGURES: dict[str, list[FigureDefinition]] = {
    BUDGET_SECTION: [
        FigureDefinition(
            "13",
            {"en": gettext_noop("Financial resources by object of expenditure, {column}")},
            _by_object,
        ),
        FigureDefinition(
            "16",
            {"en": gettext_noop("Financial resources by source of funding, {column}")},
            _by_source,
        ),
    ],
    ICT_PROGRESS_REPORT: [
        FigureDefinition(
            "annex III.II",
            {"en": gettext_noop("Status of implementation of the recommendations of the Board of Auditors")},
            _implementation,
        )
    ],
}


def _mid_sentence(header: str) -> str:
    """A column header quoted within a title: "Prévisions pour 2024" → "prévisions pour 2024" (an
    acronym, "ICT", stays as it is)."""
    if len(header) > 1 and header[0].isupper() and header[1].islower():
        return header[0].lower() + header[1:]
    return header


def figure_number(prefix: str, index: int) -> str:
    numeral = _ROMAN[index] if index < len(_ROMAN) else str(index + 1)
    return f"{prefix}.{numeral}" if prefix else numeral


def figure_label(number: str, lang: str) -> str:
    """ "Figure 29C.I" in the document's language (the catalogues' "Figura", "Диаграмма", "图" ...)."""
    with translation.override(django_code(lang)):
        return f"{_('Figure')} {number}"


def caption(number: str, title: str, lang: str) -> str:
    """ "Figure 29C.I. Title" in each language; "图 29C.I 标题" in Chinese, as the seed prints its
    tables."""
    label = figure_label(number, lang)
    return f"{label} {title}" if lang == "zh" else f"{label}. {title}"


def _spec(
    bars: list[tuple[str, Any]], phrases: dict[str, str], description: str, lang: str, fmt: str
) -> dict[str, Any]:
    spec = charts.bar_chart(
        title="",
        bars=[charts.Bar(category, value, "") for category, value in bars],
        category_title="",
        value_title=phrases.get("value", ""),
        description=description,
        value_format=fmt,
        lang=lang,
    )
    # The caption is the document's text above the chart; the chart links nowhere.
    spec.pop("title", None)
    spec["encoding"].pop("href", None)
    spec["encoding"].pop("tooltip", None)  # nothing to hover on paper
    spec["encoding"]["y"]["title"] = None
    spec["mark"] = {"type": "bar"}
    spec["config"]["font"] = FONTS.get(lang, DEFAULT_FONT)
    # Grouped and pointed as the document's tables print numbers, not as the browser's locale does.
    thousands, point = numbers.SEPARATORS[numbers.language(lang)]
    if lang == "zh":
        thousands = " "  # Noto Sans CJK has no narrow no-break space: vl-convert would draw none
    locale = spec["usermeta"]["embedOptions"]["formatLocale"]
    spec["usermeta"]["embedOptions"]["formatLocale"] = {**locale, "thousands": thousands, "decimal": point}
    for row in spec["data"]["values"]:
        row.pop("href", None)
    return spec


def build_figures(
    type_code: str, prefix: str, lang: str, built: dict[str, TableData], assembled: dict[str, OutTable]
) -> list[OutFigure]:
    """The document's figures whose table it holds and has figures in, numbered in order."""
    found: list[OutFigure] = []
    for definition in FIGURES.get(type_code, []):
        number = (
            f"{prefix}.{definition.table}" if prefix and definition.table[:1].isdigit() else definition.table
        )
        data, out = built.get(number), assembled.get(number)
        if data is None or out is None:
            continue
        bars, phrases = definition.draw(data, out)
        bars = [(category, value) for category, value in bars if value is not None]
        if not any(value for _c, value in bars):
            continue  # no figures to draw (a section with no facts yet)
        with translation.override(django_code(lang)):
            title = printed(definition.title, lang, column=_mid_sentence(phrases.get("column", "")))
            source = (
                _("Source: table %(number)s.") % {"number": number}
                if number[:1].isdigit()
                else _("Source: %(table)s.") % {"table": out.title}  # an annex's table has no number
            )
        fig_number = figure_number(prefix, len(found))
        text = caption(fig_number, title, lang)
        found.append(
            OutFigure(
                number=fig_number,
                caption=text,
                after=number,
                source=source,
                spec=_spec(bars, phrases, text, lang, definition.value_format),
            )
        )
    return found


# -- drawing: the same spec, the same bytes (cached: PDF draws what the HTML drew) --------------------


def _canonical(spec: dict[str, Any]) -> str:
    # Keys sorted: a snapshot read back from PostgreSQL (jsonb) has its keys in another order.
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=64)
def _svg(canonical: str) -> str:
    return charts.to_svg(json.loads(canonical))


@lru_cache(maxsize=64)
def _png(canonical: str, scale: float) -> bytes:
    return charts.svg_to_png(_svg(canonical), scale)  # from the SVG the HTML drew: not compiled twice


def figure_svg(figure: OutFigure) -> str:
    return _svg(_canonical(figure.spec))


def figure_png(figure: OutFigure, scale: float = PRINT_SCALE) -> bytes:
    return _png(_canonical(figure.spec), scale)
