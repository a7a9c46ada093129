"""The columns of a registered model in a file, and exports in that layout (which import back)."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models

from .. import references, tabular
from ..constraints import identity_fields
from ..languages import DATA_LANGUAGES
from ..registry import Registration
from ..translation import TranslatedTextField


def _field(registration: Registration, name: str) -> models.Field:
    return registration.model._meta.get_field(name)


def columns(registration: Registration) -> list[str]:
    result = ["id"]
    for name in registration.columns_for_import:
        if isinstance(_field(registration, name), TranslatedTextField):
            result.extend(f"{name}_{lang}" for lang in DATA_LANGUAGES)
        else:
            result.append(name)
    return result


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return value


def export_rows(registration: Registration, queryset: models.QuerySet) -> Iterator[list[Any]]:
    """Rows in import layout; one query (plus one per many-to-many field) whatever the row count."""
    names = registration.columns_for_import
    related = [n for n in names if _field(registration, n).many_to_one or _field(registration, n).one_to_one]
    many = [n for n in names if _field(registration, n).many_to_many]
    deeper = [j for n in related for j in references.joins(_field(registration, n).related_model, n)]
    queryset = queryset.select_related(*related, *deeper).prefetch_related(*many).order_by("pk")
    for obj in queryset.iterator(chunk_size=2000) if not many else queryset:
        row: list[Any] = [obj.pk]
        for name in names:
            f = _field(registration, name)
            value = getattr(obj, name)
            if isinstance(f, TranslatedTextField):
                row.extend((value or {}).get(lang, "") for lang in DATA_LANGUAGES)
            elif f.many_to_many:
                row.append(";".join(references.reference(o) for o in value.all()))
            elif f.many_to_one or f.one_to_one:
                row.append("" if value is None else references.reference(value))
            elif isinstance(value, decimal.Decimal):
                row.append(value)
            else:
                row.append(_cell(value))
        yield row


def identity(registration: Registration) -> tuple[str, ...]:
    """The columns that identify a record in a file: the registration's natural key, else the
    dimensions of the model's identity constraint (a budget fact's section, source, period …)."""
    names = registration.natural_key or identity_fields(registration.model)
    return tuple(n for n in names if n in registration.columns_for_import)


def cell_column(registration: Registration, name: str) -> str:
    """The file column where a field's value is (a translated field's first language)."""
    if isinstance(registration._field_or_none(name), TranslatedTextField):
        return f"{name}_{DATA_LANGUAGES[0]}"
    return name


def column_heading(registration: Registration, name: str) -> str:
    """A field's column(s) as the import template heads them: a translated field is one column per
    language (``name_en`` … ``name_ar``), so an error about it names those, not the field's key."""
    field = registration._field_or_none(name)
    if isinstance(field, TranslatedTextField):
        return f"{name}_{DATA_LANGUAGES[0]} … {name}_{DATA_LANGUAGES[-1]}"
    return name


def export_file(
    registration: Registration, queryset: models.QuerySet, fmt: str, *, right_to_left: bool = False
) -> bytes:
    rows: Iterable[list[Any]] = export_rows(registration, queryset)
    headers = columns(registration)
    if fmt == "xlsx":
        return tabular.write_xlsx(
            headers, rows, sheet_title=str(registration.verbose_name_plural)[:31], right_to_left=right_to_left
        )
    return tabular.write_csv(headers, rows)
