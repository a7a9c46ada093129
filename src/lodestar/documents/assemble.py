"""A whole document in one language, independent of the format: cover, contents, parts with their
headings, narrative paragraphs (figures bound to the tables through placeholders), tables with their
footnotes, bold totals and the printed-versus-computed marks, and the page footer.

Each renderer (render_html, render_docx, render_xlsx, render_pdf) only lays this out, so the four
formats show the same words and figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.languages import django_code, is_rtl
from lodestar.core.shared_reads import shared_reads
from lodestar.core.translation import LANGUAGE_LABELS, noting_fallbacks, render

from .figures import OutFigure, build_figures
from .tables import TABLE_NOTES, Cell, TableData, definition_of, printed
from .types import TYPES

# Part headings per document type, in the order the parts are printed ({year}: the budget year).
OUTLINE: dict[str, list[tuple[str, dict[str, str]]]] = {
    "budget_section": [
        (
            "programme",
            {
                "en": gettext_noop(
                    "A. Proposed programme plan for {year} and programme performance in {performance_year}"
                ),
                "zh": "A. {year} 年拟议方案计划和 {performance_year} 年方案执行情况",
            },
        ),
        (
            "resources",
            {
                "en": gettext_noop("B. Proposed post and non-post resource requirements for {year}"),
                "zh": "B. {year} 年拟议所需员额资源和非员额资源",
            },
        ),
        (
            "annex II",
            {
                "en": gettext_noop(
                    "Annex II. Summary of follow-up action taken to implement relevant recommendations of "
                    "the advisory and oversight bodies"
                ),
                "zh": "附件二 为执行咨询和监督机构相关建议而采取的后续行动汇总",
            },
        ),
    ],
    "ict_progress_report": [
        (
            "annex I",
            {
                "en": gettext_noop("Annex I. Information and communications technology resources"),
                "zh": "附件一",
            },
        ),
        ("annex II", {"en": gettext_noop("Annex II. Project status"), "zh": "附件二"}),
        (
            "annex III",
            {"en": gettext_noop("Annex III. Recommendations of the Board of Auditors"), "zh": "附件三"},
        ),
    ],
    "strategic_framework": [("programme", {"en": gettext_noop("Programme of work"), "zh": "工作方案"})],
    "structural_review": [
        (
            "strategy",
            {
                "en": gettext_noop("Status of the ICT management framework and of the strategic programmes"),
                "zh": "信通技术管理框架和战略方案状况",
            },
        ),
        (
            "",
            {
                "en": gettext_noop("Structural review: findings, projects, costs and benefits"),
                "zh": "结构审查",
            },
        ),
        (
            "resources",
            {"en": gettext_noop("Resource requirements, posts and annexes"), "zh": "所需资源、员额和附件"},
        ),
    ],
    "follow_up_annex": [
        ("annex", {"en": gettext_noop("Follow-up of recommendations"), "zh": "建议的后续行动"})
    ],
}

PLACEHOLDER = re.compile(r"\{([^|{}]+)\|([^|{}]+)\|([^|{}]+)\}")


@dataclass
class OutCell:
    text: str
    value: Any = None  # the number as shown (thousands for amounts), for spreadsheets
    number_format: str = ""
    mark: str = ""  # footnote letter of a printed-versus-computed difference
    fallback_lang: str = ""  # the language of data text shown in another than the document's


@dataclass
class OutRow:
    label: str
    cells: list[OutCell]
    bold: bool = False
    level: int = 0
    heading: bool = False
    fallback_lang: str = ""  # the language of the label's data text, when not the document's


@dataclass
class OutTable:
    number: str
    title: str
    unit_line: str
    columns: list[str]
    rows: list[OutRow]
    notes: list[str]
    marks: list[tuple[str, str]] = field(default_factory=list)  # (letter, footnote)
    label_last: bool = False  # the row label printed after the figures (TableData.label_last)


@dataclass
class Paragraph:
    number: str
    heading: str
    text: str
    fallback_lang: str = ""  # the language the text is shown in when not the document's own


@dataclass
class Part:
    code: str
    heading: str
    paragraphs: list[Paragraph]
    tables: list[OutTable]
    figures: list[OutFigure] = field(default_factory=list)  # each printed after the table it draws

    def blocks(self) -> list[tuple[str, OutTable | OutFigure]]:
        """The part's tables in order, each followed by the figures drawn from it."""
        shown: list[tuple[str, OutTable | OutFigure]] = []
        for table in self.tables:
            shown.append(("table", table))
            shown.extend(("figure", f) for f in self.figures if f.after == table.number)
        return shown


@dataclass
class Assembled:
    symbol: str
    lang: str
    rtl: bool
    title: str
    cover: list[tuple[str, str]]
    job_number: str
    parts: list[Part]

    def contents(self) -> list[tuple[str, str]]:
        entries = []
        for part in self.parts:
            entries.append(("part", part.heading))
            for kind, block in part.blocks():
                entries.append((kind, block.title if isinstance(block, OutTable) else block.caption))
        return entries

    def footer(self) -> str:
        return self.job_number or self.symbol


def fallback_notes(table: OutTable, lang: str) -> list[tuple[str, str]]:
    """(mark, note) for each language that data text of ``table`` is shown in instead of ``lang``:
    every format prints the mark beside the text and the note under the table."""
    from django.utils.translation import get_language_info

    shown = {r.fallback_lang for r in table.rows} | {c.fallback_lang for r in table.rows for c in r.cells}
    notes = []
    with translation.override(django_code(lang)):
        for mark in sorted(shown - {""}):
            language = get_language_info(django_code(mark))["name_translated"]
            notes.append(
                (
                    mark,
                    _("Not translated; language of the text shown: %(language)s.") % {"language": language},
                )
            )
    return notes


def _number_format(kind: str, unit: str | None) -> str:
    if kind == "amount" and unit in ("thousands", "millions"):
        return '#,##0.0;(#,##0.0);"—"'
    if kind == "percent":
        return '0.0;(0.0);"—"'
    return '#,##0;(#,##0);"—"'


def _shown_value(cell: Cell, unit: str | None) -> Any:
    """The figure as the table shows it, as a number (thousands of dollars for amounts)."""
    if cell.kind == "text" or cell.value is None or isinstance(cell.value, str):
        return None
    value = Decimal(cell.value)
    if cell.kind == "amount":
        return numbers.quantize(value / numbers.SCALE.get(unit or "units", Decimal(1)), 1)
    return value


def difference_kind(cell: Cell, unit: str | None) -> str:
    """ "rounding" when computed and printed differ by one unit in the last printed digit, else "error"."""
    if cell.kind == "amount":
        scale = numbers.SCALE.get(unit or "units", Decimal(1))
        outcome = numbers.compare_printed(
            Decimal(cell.value or 0) / scale, Decimal(cell.printed_value) / scale, decimals=1
        )
    elif cell.kind == "percent":
        outcome = numbers.compare_printed(Decimal(cell.value or 0), Decimal(cell.printed_value), decimals=1)
    else:
        outcome = "difference"  # counts of posts and people are exact
    return "rounding" if outcome == "rounding" else "error"


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"a{index}"


def _fallback_lang(text: str, fallbacks: dict[str, str]) -> str:
    """The language of the data text ``text`` shows, when it is not the document's (a name with no
    translation, shown in English): the label or cell quotes it, whole or within its own words."""
    if not text or not fallbacks:
        return ""
    if text in fallbacks:
        return fallbacks[text]
    return next((lang for shown, lang in fallbacks.items() if len(shown) > 3 and shown in text), "")


def out_table(number: str, data: TableData, lang: str, fallbacks: dict[str, str] | None = None) -> OutTable:
    fallbacks = fallbacks or {}
    unit = data.unit
    marks: list[tuple[str, str]] = []
    rows = []
    for row in data.rows:
        cells = []
        for cell in row.cells:
            shown = cell.format(lang, unit or "thousands")
            out = OutCell(
                text=shown, value=_shown_value(cell, unit), number_format=_number_format(cell.kind, unit)
            )
            if cell.kind == "text":
                out.fallback_lang = _fallback_lang(shown, fallbacks)
            if cell.printed_value is not None and cell.kind != "text":
                letter = _letter(len(marks))
                printed_cell = Cell(cell.printed_value, cell.kind)
                kind = difference_kind(cell, unit)
                note = (
                    _("Printed %(printed)s; computed from the stored facts %(computed)s (rounding).")
                    if kind == "rounding"
                    else _("Printed %(printed)s; computed from the stored facts %(computed)s (error).")
                ) % {"printed": printed_cell.format(lang, unit or "thousands"), "computed": shown}
                marks.append((letter, note))
                out.mark = letter
            cells.append(out)
        rows.append(
            OutRow(
                label=row.label,
                cells=cells,
                bold=row.style in ("total", "subtotal"),
                level=row.level,
                heading=row.style == "heading",
                fallback_lang=_fallback_lang(row.label, fallbacks),
            )
        )
    return OutTable(
        number=number,
        title=data.title,
        unit_line=data.unit_line,
        columns=list(data.columns),
        rows=rows,
        notes=list(data.notes),
        marks=marks,
        label_last=data.label_last,
    )


def fill_placeholders(text: str, resolve: Any) -> str:
    return PLACEHOLDER.sub(
        lambda m: resolve(m.group(1).strip(), m.group(2).strip(), m.group(3).strip()), text
    )


def _date(value: Any, lang: str) -> str:
    if value is None:
        return ""
    from babel.dates import format_date

    locale = {"zh": "zh_Hans_CN"}.get(lang, lang)
    return format_date(value, format="long", locale=locale)


def assemble(record: Any, lang: str, *, user: Any = None) -> Assembled:
    """The whole document ``record`` in ``lang`` from the data ``user`` may read (all for the system)."""
    with translation.override(django_code(lang)):
        return _assemble(record, lang, user)


def _assemble(record: Any, lang: str, user: Any) -> Assembled:
    definition = definition_of(record)
    params = record.parameters or {}
    year = params.get("budget_year")
    fill = {"year": year or "", "performance_year": (int(year) - 2) if year else ""}
    built: dict[str, TableData] = {}
    by_part: dict[str, list[OutTable]] = {}
    by_number: dict[str, OutTable] = {}
    # The tables of one section read its figures once; data text shown in another language is noted
    # to be marked where the tables print it.
    with shared_reads(), noting_fallbacks() as fallbacks:
        for number, table_def in definition.tables.items():
            fallbacks.clear()
            data = table_def.render(user=user, lang=lang)
            built[number] = data
            by_number[number] = out_table(number, data, lang, dict(fallbacks))
            by_part.setdefault(table_def.part, []).append(by_number[number])
    doc_type = TYPES[record.document_type]
    prefix = doc_type.context(record.symbol, params).prefix
    figures: dict[str, list[OutFigure]] = {}
    for figure in build_figures(record.document_type, prefix, lang, built, by_number):
        figures.setdefault(definition.tables[figure.after].part, []).append(figure)

    def resolve(number: str, row_key: str, col_key: str) -> str:
        ctx = TYPES[record.document_type].context(record.symbol, params)
        data = built.get(ctx.number(number)) or built.get(number)
        if data is not None:
            for row in data.rows:
                for cell in row.cells:
                    if getattr(cell, "key", None) == (row_key, col_key):
                        return cell.format(lang, data.unit or "thousands")
        return "[" + _("figure %(ref)s not found") % {"ref": f"{number}|{row_key}|{col_key}"} + "]"

    paragraphs: dict[str, list[Paragraph]] = {}
    for n in record.narratives.exclude(part=TABLE_NOTES).order_by("part", "order", "pk"):
        shown = render(n.text, lang, n.original_language)
        paragraphs.setdefault(n.part, []).append(
            Paragraph(
                number=n.number,
                heading=render(n.heading, lang, n.original_language).text,
                text=fill_placeholders(shown.text, resolve),
                fallback_lang=shown.lang if shown.is_fallback else "",
            )
        )
    outline = list(OUTLINE.get(record.document_type, []))
    known = {code for code, _h in outline}
    for code in list(by_part) + list(paragraphs):
        if code not in known:
            outline.append((code, {"en": code.capitalize() or _("Tables")}))
            known.add(code)
    parts = []
    for code, heading in outline:
        if code not in by_part and code not in paragraphs:
            continue
        text = printed(heading, lang)
        for key, value in fill.items():
            text = text.replace("{" + key + "}", str(value))
        parts.append(
            Part(
                code=code,
                heading=text,
                paragraphs=paragraphs.get(code, []),
                tables=by_part.get(code, []),
                figures=figures.get(code, []),
            )
        )
    version = record.versions.filter(language=lang).first()
    job = version.job_number if version else ""
    original = record.original_language
    cover = [
        (_("Symbol"), record.symbol),
        (_("Organ"), render(record.organ, lang, original).text),
        (_("Session"), render(record.session, lang, original).text),
        (_("Agenda items"), render(record.agenda_items, lang, original).text),
        (_("Distribution"), record.get_distribution_display()),
        (_("Date"), _date(record.date, lang)),
        (_("Language"), LANGUAGE_LABELS[lang]),
        (_("Original"), LANGUAGE_LABELS.get(original, original)),
        (_("Job number"), job),
    ]
    return Assembled(
        symbol=record.symbol,
        lang=lang,
        rtl=is_rtl(lang),
        title=render(record.title, lang, original).text,
        cover=[(label, value) for label, value in cover if value],
        job_number=job,
        parts=parts,
    )


# -- the snapshot an issue keeps: the assembled document itself, as JSON -----------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_snapshot(doc: Assembled) -> dict[str, Any]:
    from dataclasses import asdict

    return _plain(asdict(doc))


def _value(value: Any) -> Any:
    return Decimal(value["decimal"]) if isinstance(value, dict) and "decimal" in value else value


def from_snapshot(data: dict[str, Any]) -> Assembled:
    parts = []
    for p in data["parts"]:
        tables = []
        for t in p["tables"]:
            rows = [
                OutRow(
                    label=r["label"],
                    cells=[
                        OutCell(
                            c["text"],
                            _value(c["value"]),
                            c["number_format"],
                            c["mark"],
                            c.get("fallback_lang", ""),  # snapshots issued before it was kept
                        )
                        for c in r["cells"]
                    ],
                    bold=r["bold"],
                    level=r["level"],
                    heading=r["heading"],
                    fallback_lang=r.get("fallback_lang", ""),
                )
                for r in t["rows"]
            ]
            tables.append(
                OutTable(
                    number=t["number"],
                    title=t["title"],
                    unit_line=t["unit_line"],
                    columns=list(t["columns"]),
                    rows=rows,
                    notes=list(t["notes"]),
                    marks=[tuple(m) for m in t["marks"]],
                    label_last=t.get("label_last", False),  # snapshots issued before it was kept
                )
            )
        parts.append(
            Part(
                code=p["code"],
                heading=p["heading"],
                paragraphs=[Paragraph(**para) for para in p["paragraphs"]],
                tables=tables,
                # Snapshots issued before documents had figures have none.
                figures=[OutFigure(**f) for f in p.get("figures", [])],
            )
        )
    return Assembled(
        symbol=data["symbol"],
        lang=data["lang"],
        rtl=data["rtl"],
        title=data["title"],
        cover=[tuple(c) for c in data["cover"]],
        job_number=data["job_number"],
        parts=parts,
    )
