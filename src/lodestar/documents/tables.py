"""Document tables: definitions over stored data, built per language and rendered per format.

A table is identified by its document's symbol and its printed number ("A/65/491", "13"); the symbol
names a document record, whose type (types.py) makes its tables from the record's parameters.
Cells carry their computed value and, where a transcription printed another figure, the printed
one, so that differences are shown and flagged rather than hidden.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from lodestar.core.languages import django_code
from lodestar.core.shared_reads import read_once, sharing

from .types import TYPES


def printed(text: dict[str, str], lang: str, **values: Any) -> str:
    """A printed label: the document's own wording where we have it (the seed's Chinese), else the
    catalogue's translation of the English, in the document's language; ``values`` fill its
    ``{name}`` placeholders ("{year} actual"), so that the catalogue holds one phrase per wording,
    not one per year. The one place that rule lives: every builder prints through it."""
    if lang in text:
        shown = text[lang]
    else:
        with translation.override(django_code(lang)):
            shown = _(text["en"])
    return shown.format(**values) if values else shown


def table_title(number: str, title: dict[str, str], lang: str) -> str:
    """ "Table 29C.13. Overall: ...", "Tableau 29C.13. ...", the seed's "表 29C.13 总表: ..." in Chinese."""
    if lang == "zh" and "zh" in title:
        return f"表 {number} {title['zh']}"
    with translation.override(django_code(lang)):
        return f"{_('Table')} {number}. {printed(title, lang)}"


@dataclass
class Cell:
    value: Any = None  # Decimal | int | str | None
    kind: str = "text"  # text | amount | count | percent
    printed_value: Any = None  # the figure the source document prints, when it differs
    # A negative count the document prints with a minus sign ("-7", A/73/384 annex II.A) rather
    # than in parentheses.
    minus_sign: bool = False

    def format(self, lang: str, unit: str = "thousands") -> str:
        if self.kind == "text":
            return "" if self.value is None else str(self.value)
        from lodestar.core import numbers

        if self.kind == "amount":
            return numbers.format_amount(self.value, unit=unit, lang=lang)
        if self.kind == "count":
            if self.minus_sign and self.value is not None and self.value < 0:
                return "-" + numbers.format_number(-self.value, lang=lang)
            return numbers.format_number(self.value, lang=lang)
        if self.kind == "percent":
            return (
                numbers.format_ratio(self.value, lang=lang)
                if self.value is not None
                else numbers.format_percent(None, None, lang=lang)
            )
        return str(self.value)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    style: str = ""  # "" | heading | subtotal | total
    level: int = 0


@dataclass
class TableData:
    title: str
    columns: list[str]  # the header of every column, the row-label column first
    rows: list[Row]
    unit_line: str = ""
    unit: str = "thousands"
    notes: list[str] = field(default_factory=list)
    # The row label printed after the figures, as the source lays the table out ("Number of projects |
    # Status", A/73/384 annex II.A); columns and rows stay label-first inside, for everything else.
    label_last: bool = False

    def formatted(self, lang: str) -> list[list[str]]:
        return [[r.label, *(c.format(lang, self.unit) for c in r.cells)] for r in self.rows]

    def printed_columns(self) -> list[str]:
        return as_printed(self.columns, self.label_last)

    def printed_rows(self, lang: str) -> list[list[str]]:
        """Each row's texts in the printed column order."""
        return [as_printed(r, self.label_last) for r in self.formatted(lang)]


def as_printed(values: list[Any], label_last: bool) -> list[Any]:
    """A label-first row (header, texts, cells) in the order the document prints its columns."""
    return [*values[1:], values[0]] if label_last and values else list(values)


def cell_headings(data: TableData) -> tuple[dict[str, str], dict[str, str]]:
    """What a reader of the table calls each keyed cell's row and column: {row key: the row's label
    (under the heading row it follows, "Approved 2010-2011 › Project Management Division")} and
    {column key: the column's heading}, so that a finding names "2018-2019 / Average per year,
    including …" and not "2018-2019 / per_year_incl"."""
    rows: dict[str, str] = {}
    columns: dict[str, str] = {}
    heading = ""
    for row in data.rows:
        label = (row.label or "").strip()
        if row.style == "heading":
            heading = label
        elif heading and label and heading != label:
            label = f"{heading} › {label}"
        for index, cell in enumerate(row.cells):
            key = getattr(cell, "key", None)
            if not key:
                continue
            if label:
                rows.setdefault(str(key[0]), label)
            if index + 1 < len(data.columns) and str(data.columns[index + 1]).strip():
                columns.setdefault(str(key[1]), " ".join(str(data.columns[index + 1]).split()))
    for key, label in getattr(data, "derived_labels", {}).items():
        rows.setdefault(str(key), label)  # figures the text prints that no row shows (a table's post part)
    return rows, columns


def named_cell(headings: tuple[dict[str, str], dict[str, str]], row: str, column: str) -> dict[str, str]:
    """The row and column of a printed figure in words (the keys, quoted, when the table built from
    the facts has no such row or column)."""
    rows, columns = headings
    return {"row": rows.get(row) or f"“{row}”", "column": columns.get(column) or f"“{column}”"}


def figure_label(figure: Any) -> str:
    """A printed figure as a reader finds it: the document and the table (its row and column keys are
    for import files; the finding's message names them by their headings)."""
    return _("%(doc)s, table %(table)s") % {"doc": figure.document, "table": figure.table_number}


def printed_name(figure: Any) -> str:
    """A printed figure (finance, portfolio, oversight) as a reader finds it, for its ``__str__``:
    "A/65/491, table 15: <row> — <column>: 12,500", the row and column by the headings the table
    prints when its page read them (``printed_figure_context``), else the document and the table
    only. The keys are for import files; reading the headings here would build the table for every
    record named (lists, the change log)."""
    from lodestar.core.formatting import format_value

    values = {"place": figure_label(figure), "value": format_value(figure.value)}
    headings = getattr(figure, "headings", None)
    if not headings:
        return _("%(place)s: %(value)s") % values
    return _("%(place)s: %(row)s — %(column)s: %(value)s") % {
        **values,
        **named_cell(headings, figure.row, figure.column),
    }


def printed_figure_context(request: Any, figure: Any) -> dict[str, Any]:
    """The registry's extra_context of a printed figure's page: its table is built once, for this
    page only, so that its name reads the row and column by their headings."""
    from lodestar.core.languages import data_code

    doc = document_definition(figure.document)
    definition = doc.tables.get(figure.table_number) if doc is not None else None
    if definition is not None:
        figure.headings = cell_headings(definition.render(user=request.user, lang=data_code()))
    return {}


@dataclass(frozen=True)
class TableDefinition:
    document: str
    number: str
    title: dict[str, str]
    build: Callable[[Any, str], TableData]  # (user or None for the system, lang) -> TableData
    part: str = ""

    def render(self, *, user: Any = None, lang: str = "en") -> TableData:
        with translation.override(django_code(lang)):
            return self.build(user, lang)


@dataclass(frozen=True)
class DocumentDefinition:
    """A document record's tables, as its type makes them from the record's parameters."""

    symbol: str
    title: dict[str, str]
    type_code: str
    tables: dict[str, TableDefinition] = field(default_factory=dict)


TABLE_NOTES = "table notes"  # the part of a document's narrative that holds notes printed under a table


def _table_notes(record_pk: int, number: str) -> list[Any]:
    """The notes under one table. While a document is put together (core.shared_reads) the notes
    of all its tables are read at once: one query for the document, not one per table."""
    from .models import Narrative

    def stored(**where: str) -> Any:
        notes = Narrative.objects.filter(document_id=record_pk, part=TABLE_NOTES, **where)
        return notes.order_by("order", "pk")

    if not sharing():
        return list(stored(number=number))

    def read() -> dict[str, list[Any]]:
        by_table: dict[str, list[Any]] = {}
        for note in stored():
            by_table.setdefault(note.number, []).append(note)
        return by_table

    return read_once(("table-notes", record_pk), read).get(number, [])


def _bound(binding: Any, ctx: Any, record_pk: int | None = None) -> Callable[[Any, str], TableData]:
    def build(user: Any, lang: str) -> TableData:
        data = binding.build(user, lang, ctx)
        if record_pk is not None:
            # Notes printed under the table (sources, abbreviations) are the document's own text,
            # stored with its narrative, not code: another document of the type has its own.
            number = ctx.number(binding.number)
            data.notes = [*data.notes, *(n.tr("text", lang) for n in _table_notes(record_pk, number))]
        return data

    return build


def definition_of(record: Any) -> DocumentDefinition:
    """The tables of one document record (models.Document), numbered with the record's prefix."""
    doc_type = TYPES[record.document_type]
    ctx = doc_type.context(record.symbol, record.parameters or {})
    tables = {}
    for binding in doc_type.tables(ctx):
        number = ctx.number(binding.number)
        tables[number] = TableDefinition(
            document=record.symbol,
            number=number,
            title=binding.title,
            build=_bound(binding, ctx, record.pk),
            part=binding.part,
        )
    return DocumentDefinition(
        symbol=record.symbol, title=record.title, type_code=record.document_type, tables=tables
    )


def document_definition(symbol: str) -> DocumentDefinition | None:
    from .models import Document

    record = Document.objects.filter(symbol=symbol).first()
    return definition_of(record) if record is not None else None


def find(symbol: str, number: str) -> TableDefinition:
    from .models import Document

    doc = document_definition(symbol)
    if doc is None:
        known = ", ".join(Document.objects.order_by("symbol").values_list("symbol", flat=True))
        raise KeyError(
            _("No document %(symbol)s. Known documents: %(known)s.") % {"symbol": symbol, "known": known}
        )
    key = number.removeprefix("Table ").strip()
    if key not in doc.tables:
        known = ", ".join(doc.tables)
        raise KeyError(
            _("%(symbol)s has no table %(number)s. Its tables: %(known)s.")
            % {"symbol": symbol, "number": number, "known": known}
        )
    return doc.tables[key]


def to_csv(data: TableData, lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(data.printed_columns())
    writer.writerows(data.printed_rows(lang))
    return out.getvalue()


def _json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def to_json(data: TableData, lang: str) -> str:
    payload = {
        "title": data.title,
        "unit": data.unit_line,
        "columns": data.columns,
        "rows": [
            {
                "label": r.label,
                "style": r.style,
                "cells": [
                    {
                        "text": c.format(lang, data.unit),
                        "value": _json_value(c.value),
                        **({"printed": _json_value(c.printed_value)} if c.printed_value is not None else {}),
                    }
                    for c in r.cells
                ],
            }
            for r in data.rows
        ],
        "notes": data.notes,
        **({"label_last": True} if data.label_last else {}),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _to_text_blocks(data: TableData, rows: list[list[str]]) -> str:
    """A table whose cells run over several lines (A/65/491 tables 1-4 and 6): one block per row, the
    label first, then each cell under its column's header, so nothing is cut or misaligned."""
    lines = [data.title]
    if data.unit_line:
        lines.append(data.unit_line)
    for r in rows:
        lines.append("")
        lines.extend(r[0].splitlines())
        for header, cell in zip(data.columns[1:], r[1:], strict=True):
            first, *rest = cell.splitlines() or [""]
            lines.append(f"  {header}: {first}".rstrip())
            lines.extend(f"    {line}" for line in rest)
    if data.notes:
        lines.append("")
    lines.extend(data.notes)
    return "\n".join(lines) + "\n"


def to_text(data: TableData, lang: str) -> str:
    formatted = data.formatted(lang)
    if any("\n" in text for r in formatted for text in r):
        return _to_text_blocks(data, formatted)
    rows = [data.columns, *formatted]
    widths = [min(max(len(r[i]) for r in rows), 70) for i in range(len(data.columns))]
    lines = [data.title]
    if data.unit_line:
        lines.append(data.unit_line)
    for index, r in enumerate(rows):
        label = r[0][:70].ljust(widths[0])
        figures = [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        lines.append("  ".join(as_printed([label, *figures], data.label_last)).rstrip())
        if index == 0:
            lines.append("  ".join(as_printed(["-" * w for w in widths], data.label_last)))
    lines.extend(data.notes)
    return "\n".join(lines) + "\n"


RENDERERS = {"csv": to_csv, "json": to_json, "text": to_text}
