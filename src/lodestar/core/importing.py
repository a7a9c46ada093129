"""The one import/export contract: the columns of a registered model in a file, row-level
validation with the same forms as the web UI, a preview, and an all-or-nothing commit.

Columns: ``id`` (present → update that record, blank → create), then the registration's import
fields; a translated field becomes one column per language (``name_en`` … ``name_ar``); a foreign
key holds the natural key of the related record (its code); a many-to-many field holds codes
separated by ";".
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import tabular
from .forms import form_class
from .languages import DATA_LANGUAGES
from .models import ImportBatch, ObjectChange
from .permissions import ADD, CHANGE, VIEW, restrict
from .registry import Registration, registry
from .services import ConflictError
from .translation import TranslatedTextField


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


def _natural_key_field(model: type[models.Model]) -> str:
    related_registration = registry.get(model)
    if related_registration is not None and related_registration.natural_key:
        return related_registration.natural_key[0]
    return "pk"


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
    queryset = queryset.select_related(*related).prefetch_related(*many).order_by("pk")
    for obj in queryset.iterator(chunk_size=2000) if not many else queryset:
        row: list[Any] = [obj.pk]
        for name in names:
            f = _field(registration, name)
            value = getattr(obj, name)
            if isinstance(f, TranslatedTextField):
                row.extend((value or {}).get(lang, "") for lang in DATA_LANGUAGES)
            elif f.many_to_many:
                key = _natural_key_field(f.related_model)
                row.append(";".join(str(getattr(o, key)) for o in value.all()))
            elif f.many_to_one or f.one_to_one:
                row.append("" if value is None else getattr(value, _natural_key_field(f.related_model)))
            elif isinstance(value, decimal.Decimal):
                row.append(value)
            else:
                row.append(_cell(value))
        yield row


@dataclass
class RowResult:
    row: int
    action: str  # create | update | unchanged | error
    errors: list[str] = field(default_factory=list)
    label: str = ""
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    instance: models.Model | None = field(default=None, repr=False)
    version: int | None = None


@dataclass
class ImportResult:
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)

    def counts(self) -> dict[str, int]:
        result = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            result["error" if r.errors else r.action] += 1
        return result

    def messages(self) -> list[str]:
        lines = list(self.file_errors)
        for r in self.rows:
            lines.extend(_("Row %(row)s: %(error)s") % {"row": r.row, "error": e} for e in r.errors)
        return lines


def _form_data(
    registration: Registration, values: dict[str, str], user: Any
) -> tuple[dict[str, Any], list[str]]:
    """Translate a file row into form data (codes → primary keys)."""
    data: dict[str, Any] = {}
    errors: list[str] = []
    for name in registration.columns_for_import:
        f = _field(registration, name)
        if isinstance(f, TranslatedTextField):
            for lang in DATA_LANGUAGES:
                data[f"{name}_{lang}"] = values.get(f"{name}_{lang}", "")
        elif f.many_to_one or f.one_to_one or f.many_to_many:
            raw = values.get(name, "")
            codes = (
                [c.strip() for c in raw.split(";") if c.strip()] if f.many_to_many else ([raw] if raw else [])
            )
            key = _natural_key_field(f.related_model)
            visible = restrict(user, VIEW, f.related_model)
            found: dict[str, Any] = {}
            shared: set[str] = set()
            for o in visible.filter(**{f"{key}__in": codes}) if codes else []:
                code = str(getattr(o, key))
                if code in found:  # codes are unique per organisation: one seen in several
                    shared.add(code)
                found[code] = o.pk
            if shared:
                errors.append(
                    _("column %(column)s: the code %(codes)s names records of several organisations.")
                    % {"column": name, "codes": ", ".join(sorted(shared))}
                )
            missing = [c for c in codes if c not in found]
            if missing:
                errors.append(
                    _("column %(column)s: no %(model)s with code %(codes)s that you may see.")
                    % {
                        "column": name,
                        "model": f.related_model._meta.verbose_name,
                        "codes": ", ".join(missing),
                    }
                )
            if f.many_to_many:
                data[name] = [found[c] for c in codes if c in found]
            else:
                data[name] = found.get(raw, "") if raw else ""
        else:
            value = values.get(name, "")
            if value == "" and f.has_default() and not f.blank:
                # An empty or absent cell takes the field's default (e.g. original language "en").
                default = f.get_default()
                value = "true" if default is True else "false" if default is False else default
            data[name] = value
    return data, errors


def validate(registration: Registration, sheet: tabular.Sheet, user: Any) -> ImportResult:
    result = ImportResult()
    expected = columns(registration)
    unknown = [h for h in sheet.headers if h not in expected]
    if unknown:
        result.file_errors.append(
            _("Unknown column(s): %(unknown)s. The columns of this list are: %(expected)s.")
            % {"unknown": ", ".join(unknown), "expected": ", ".join(expected)}
        )
        return result
    for row_number, column in tabular.formula_cells(sheet):
        result.rows.append(
            RowResult(
                row=row_number,
                action="error",
                errors=[
                    _("column %(column)s starts with “=”; formulas are not accepted.") % {"column": column}
                ],
            )
        )
    if result.rows:
        return result
    form_cls = form_class(registration)
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple, int] = {}
    for row_number, values in sheet.rows:
        row = RowResult(row=row_number, action="create")
        result.rows.append(row)
        instance = None
        record_id = values.get("id", "").strip()
        if record_id:
            if record_id in seen_ids:
                row.errors.append(
                    _("id %(id)s is also on row %(other)s.") % {"id": record_id, "other": seen_ids[record_id]}
                )
                continue
            seen_ids[record_id] = row_number
            instance = (
                restrict(user, CHANGE, registration.model)
                .filter(pk=record_id if record_id.isdigit() else None)
                .first()
            )
            if instance is None:
                row.errors.append(
                    _("there is no record with id %(id)s that you may change.") % {"id": record_id}
                )
                continue
            row.action = "update"
        if instance is not None and len(sheet.headers) < len(expected):
            # Columns left out of the file keep the record's current values.
            current = next(
                export_rows(registration, registration.model._default_manager.filter(pk=instance.pk))
            )
            values = {**{c: str(v) for c, v in zip(expected, current, strict=True)}, **values}
        data, errors = _form_data(registration, values, user)
        row.errors.extend(errors)
        form = form_cls(
            data=data,
            instance=instance,
            user=user,
            registration=registration,
            action=CHANGE if instance else ADD,
        )
        if not form.is_valid():
            for name, field_errors in form.errors.items():
                for message in field_errors:
                    if name == "__all__":
                        row.errors.append(str(message))
                    else:
                        row.errors.append(
                            _("column %(column)s: %(error)s") % {"column": name, "error": message}
                        )
            continue
        cleaned = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        key_fields = registration.natural_key
        if key_fields:
            key = tuple(str(cleaned.get(k, "")) for k in key_fields)
            if key in seen_keys:
                row.errors.append(
                    _("duplicate of row %(other)s (%(fields)s = %(values)s).")
                    % {"other": seen_keys[key], "fields": ", ".join(key_fields), "values": ", ".join(key)}
                )
                continue
            seen_keys[key] = row_number
        row.data = cleaned
        row.instance = instance
        row.label = str(form.instance)
        if instance is not None:
            from .history import serialize

            # form.is_valid() has already copied the row onto ``instance``: compare the stored
            # record with a copy of it that takes the row's values.
            probe = registration.model._default_manager.get(pk=instance.pk)
            before = serialize(probe)
            for k, v in cleaned.items():
                if not _field(registration, k).many_to_many:
                    setattr(probe, k, v)
            after = serialize(probe)
            m2m_same = all(
                sorted(o.pk for o in cleaned[k]) == before.get(k)
                for k in cleaned
                if _field(registration, k).many_to_many
            )
            if m2m_same and {k: v for k, v in after.items() if not _field(registration, k).many_to_many} == {
                k: v for k, v in before.items() if not _field(registration, k).many_to_many
            }:
                row.action = "unchanged"
    return result


def read(
    registration: Registration, *, content: bytes, filename: str, user: Any, max_bytes: int
) -> ImportResult:
    try:
        sheet = tabular.read_sheet(content, filename=filename, max_bytes=max_bytes)
    except tabular.TabularFileError as error:
        return ImportResult(file_errors=[str(error.message)])
    return validate(registration, sheet, user)


def commit(
    registration: Registration, result: ImportResult, *, user: Any, batch: ImportBatch
) -> dict[str, int]:
    """Write every row or none: any failure rolls the whole file back."""
    if not result.ok:
        raise ValidationError(result.messages())
    service = registration.service
    source = ObjectChange.Source.IMPORT
    try:
        with transaction.atomic():
            for row in result.rows:
                if row.action == "create":
                    service.create(data=row.data, user=user, source=source, batch=batch)
                elif row.action == "update":
                    service.update(row.instance, data=row.data, user=user, source=source, batch=batch)
    except (ValidationError, PermissionDenied, ConflictError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise ValidationError(
            [_("Nothing was written: %(error)s") % {"error": m} for m in messages]
        ) from error
    return result.counts()


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
