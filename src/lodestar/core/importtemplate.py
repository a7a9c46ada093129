"""The workbook to fill for a registered list's import, in the user's language.

- The first sheet is the data sheet: its header row is exactly the columns the import reads
  (``core.importing.columns``), so a filled template imports back unchanged. The human label of
  each column is a comment on its heading, not a second row, which the import would read as data.
- Choice fields, yes/no fields and related records named by code get a drop-down whose list is a
  column of the hidden "allowed values" sheet; related records are those the user may use
  (``core.permissions.restrict``; the owning entity: where the user may import this list).
- An instructions sheet says, for each column, what it holds, whether it is required, its type and
  its allowed values, and the one parsing rule of import files (``core.cells``).
- Every sheet is right to left for Arabic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import references, tabular
from .languages import DATA_LANGUAGES, data_code, is_rtl
from .permissions import ALL, IMPORT, VIEW, restrict, scope_paths
from .registry import Registration
from .translation import TranslatedTextField

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_VALUES = 10_000  # a drop-down longer than this helps nobody; the instructions say where to look
VALIDATED_ROWS = 5_000  # data rows that carry the drop-downs


@dataclass
class Column:
    heading: str
    label: str
    required: str
    kind: str
    allowed: list[str] | None = None  # the drop-down's values; None: no list
    notes: list[str] = field(default_factory=list)  # what the instructions add (choice labels …)
    listed: bool = True  # False: values in the allowed-values sheet but no drop-down (several codes)


def _related_options(registration: Registration, f: models.Field, user: Any) -> models.QuerySet:
    model = f.related_model
    queryset = restrict(user, VIEW, model)
    scope = getattr(registration.model, "scope_field", None)
    if scope and f.name == scope.split("__")[0] and hasattr(model, "tree_path"):
        # The owning entity: only where this user may import records of the list.
        paths = scope_paths(user, IMPORT, registration.model)
        if paths != ALL:
            condition = Q(pk__in=[])
            for path in paths:
                condition |= Q(tree_path__startswith=path)
            queryset = queryset.filter(condition)
    joins = [name for name, related in references.parts(model) if related is not None]
    if joins:
        queryset = queryset.select_related(*joins)
    return queryset


def _codes(registration: Registration, f: models.Field, user: Any) -> list[str]:
    key = references.key_field(f.related_model)
    queryset = _related_options(registration, f, user)
    if key is not None:
        values = queryset.order_by(key).values_list(key, flat=True).distinct()[: MAX_VALUES + 1]
        return [str(v) for v in values]
    return sorted(references.reference(o) for o in queryset[: MAX_VALUES + 1])


def _required(f: models.Field) -> bool:
    if f.many_to_many:
        return not f.blank
    return not f.blank and not (f.has_default() and not f.is_relation)


def _kind(f: models.Field) -> str:
    if f.choices:
        return _("one of the allowed values")
    if isinstance(f, models.BooleanField):
        return _("yes/no")
    if isinstance(f, models.DateTimeField):
        return _("date and time (YYYY-MM-DD HH:MM)")
    if isinstance(f, models.DateField):
        return _("date (YYYY-MM-DD)")
    if isinstance(f, models.DecimalField | models.FloatField):
        return _("number (full stop for decimals)")
    if isinstance(f, models.IntegerField):
        return _("whole number")
    return _("text")


def describe(registration: Registration, user: Any) -> list[Column]:
    """What the template says about each column of the import, in the active language."""
    from .importing import columns

    result: list[Column] = []
    yes, no = _("yes"), _("no")
    for heading in columns(registration):
        if heading == "id":
            result.append(
                Column(
                    "id",
                    _("Identifier"),
                    no,
                    _("whole number"),
                    notes=[_("Leave blank to create a record; the id of an exported record updates it.")],
                )
            )
            continue
        name, _sep, lang = heading.rpartition("_")
        translated = registration._field_or_none(name) if lang in DATA_LANGUAGES else None
        if isinstance(translated, TranslatedTextField):
            result.append(
                Column(
                    heading,
                    f"{translated.verbose_name} ({lang})",
                    _("at least one language") if not translated.blank else no,
                    _("text"),
                )
            )
            continue
        f = registration.model._meta.get_field(heading)
        label = str(f.verbose_name)
        required = yes if _required(f) else no
        if f.is_relation:
            codes = _codes(registration, f, user)
            model_name = f.related_model._meta.verbose_name
            kind = (
                _("codes of %(model)s, separated by “;”") % {"model": model_name}
                if f.many_to_many
                else _("code of a %(model)s") % {"model": model_name}
            )
            column = Column(heading, label, required, kind, codes, listed=not f.many_to_many)
            if not codes:
                column.allowed = None
                column.notes.append(_("There is none that you may use."))
            elif len(codes) > MAX_VALUES:
                column.allowed = None
                column.notes.append(
                    _("Too many to list here; see the list of %(model)s.")
                    % {"model": f.related_model._meta.verbose_name_plural}
                )
            result.append(column)
        elif f.choices:
            choices = [(str(code), str(text)) for code, text in f.flatchoices if code not in ("", None)]
            result.append(
                Column(
                    heading,
                    label,
                    required,
                    _kind(f),
                    [code for code, _text in choices],
                    notes=[f"{code} — {text}" for code, text in choices],
                )
            )
        elif isinstance(f, models.BooleanField):
            result.append(Column(heading, label, required, _kind(f), ["true", "false"]))
        else:
            result.append(Column(heading, label, required, _kind(f)))
    return result


def rules() -> list[str]:
    """The parsing rule of core.cells, as the instructions sheet states it."""
    return [
        _(
            "Fill the first sheet, one record per row, below the header row. Do not rename the "
            "headings; a column may be deleted (a row with an id then keeps that value)."
        ),
        _("Dates: YYYY-MM-DD (2027-02-01 is 1 February 2027); date cells of the workbook are read as dates."),
        _("Yes/no: true or false (also yes/no, 1/0, or those words in one of the six UN languages)."),
        _("Numbers: a full stop for decimals and no thousands separator (1234.5)."),
        _("Choices: the code, as the drop-down lists it, or its label in the interface language."),
        _("Related records: by their code; several codes in one cell are separated by “;”."),
        _("Text in several languages: one column per language (name_en … name_ar)."),
        _(
            "Text that starts with = + - @ is refused as a formula; start it with an apostrophe ' "
            "to keep it as text."
        ),
        _("The drop-downs list the values you may use; the hidden sheet “%(sheet)s” holds them.")
        % {"sheet": _allowed_title()},
    ]


def _allowed_title() -> str:
    return tabular.sheet_title(_("Allowed values"))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def build(registration: Registration, user: Any, *, language: str | None = None) -> bytes:
    """The template's bytes (XLSX) for ``user``, in the active language; ``language`` (a data code)
    decides right to left."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    rtl = is_rtl(language or data_code())
    described = describe(registration, user)
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = tabular.sheet_title(str(registration.verbose_name_plural))
    allowed = workbook.create_sheet(_allowed_title())
    instructions = workbook.create_sheet(tabular.sheet_title(_("Instructions")))
    allowed.sheet_state = "hidden"
    bold = Font(bold=True)
    list_column = 0
    quoted = allowed.title.replace("'", "''")  # how a formula names a sheet whose name has one
    for index, column in enumerate(described, start=1):
        cell = data.cell(row=1, column=index, value=column.heading)
        cell.font = bold
        cell.comment = Comment(f"{column.label}\n{column.kind}", "Lodestar")
        data.column_dimensions[_letter(index)].width = max(12, min(40, len(column.heading) + 4))
        if not column.allowed:
            continue
        list_column += 1
        letter = _letter(list_column)
        allowed.cell(row=1, column=list_column, value=column.heading).font = bold
        for row, value in enumerate(column.allowed, start=2):
            allowed.cell(row=row, column=list_column, value=tabular.neutralise(value))
        if not column.listed:
            continue
        last = len(column.allowed) + 1
        validation = DataValidation(
            type="list",
            formula1=f"'{quoted}'!${letter}$2:${letter}${last}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.heading,
            error=_("Choose a value from the list."),
        )
        validation.add(f"{_letter(index)}2:{_letter(index)}{VALIDATED_ROWS + 1}")
        data.add_data_validation(validation)
    data.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    instructions.append([_("Import template: %(list)s") % {"list": registration.verbose_name_plural}])
    instructions["A1"].font = Font(bold=True, size=13)
    instructions.append([])
    for line in rules():
        instructions.append([line])
    instructions.append([])
    instructions.append([_("Column"), _("Meaning"), _("Required"), _("Type"), _("Allowed values")])
    for cell in instructions[instructions.max_row]:
        cell.font = bold
    for column in described:
        values = "; ".join(column.notes[:50]) if column.notes else ", ".join((column.allowed or [])[:50])
        if column.allowed and len(column.allowed) > 50:
            values += " … " + _("(all in the sheet “%(sheet)s”)") % {"sheet": allowed.title}
        instructions.append(
            [
                tabular.neutralise(v)
                for v in (column.heading, column.label, column.required, column.kind, values)
            ]
        )
    for letter, width in zip("ABCDE", (24, 36, 14, 30, 60), strict=True):
        instructions.column_dimensions[letter].width = width
    for row in instructions.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for sheet in (data, allowed, instructions):
        sheet.sheet_view.rightToLeft = rtl
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(registration: Registration, user: Any) -> HttpResponse:
    """The template as a download (the web page and the API)."""
    response = HttpResponse(build(registration, user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{registration.model_name}-import-template.xlsx"'
    return response
