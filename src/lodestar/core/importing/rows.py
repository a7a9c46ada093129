"""Row-level checking and writing: each row through the same form and service as the web UI, or
set at a time (core.bulkimport) for the fact tables."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .. import bulkimport, cells, references, tabular
from ..forms import form_class
from ..languages import DATA_LANGUAGES
from ..models import ImportBatch, ObjectChange
from ..permissions import ADD, CHANGE, restrict
from ..registry import Registration
from ..services import ConflictError
from ..translation import TranslatedTextField
from .layout import _field, cell_column, column_heading, columns, export_rows, identity
from .results import PROGRESS_EVERY, ImportResult, Progress, RowResult


class _Lookups:
    """Foreign keys by natural key, looked up once per distinct code for the whole file."""

    def __init__(self, user: Any):
        self.user = user
        self.found: dict[tuple[type, str], int | None] = {}
        self.shared: set[tuple[type, str]] = set()

    def resolve(self, model: type[models.Model], codes: list[str]) -> dict[str, int]:
        wanted = [c for c in codes if (model, c) not in self.found]
        if wanted:
            ambiguous: set[str] = set()
            hits = references.resolve(self.user, model, wanted, ambiguous)
            self.shared |= {(model, code) for code in ambiguous}
            for code in wanted:
                self.found[(model, code)] = hits[code].pk if code in hits else None
        return {c: pk for c in codes if (pk := self.found.get((model, c))) is not None}

    def ambiguous(self, model: type[models.Model], codes: list[str]) -> set[str]:
        """Codes that name records of several organisations (seen only by a superuser)."""
        return {c for c in codes if (model, c) in self.shared}

    def forget(self, model: type[models.Model]) -> None:
        """Rows of ``model`` were written: codes not found so far may now exist (a parent created
        earlier in the same file)."""
        self.found = {k: v for k, v in self.found.items() if not (k[0] is model and v is None)}


def _form_data(
    registration: Registration, values: dict[str, str], lookups: _Lookups
) -> tuple[dict[str, Any], list[tuple[str, str]], set[str]]:
    """Translate a file row into form data (codes → primary keys, cells → the parsing rule).
    Returns the data, the errors (file column, message), and the columns already refused (so the
    form does not add a second message such as "This field is required." for them)."""
    data: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    refused: set[str] = set()
    for name in registration.columns_for_import:
        f = _field(registration, name)
        if isinstance(f, TranslatedTextField):
            for lang in DATA_LANGUAGES:
                data[f"{name}_{lang}"] = values.get(f"{name}_{lang}", "")
        elif f.many_to_one or f.one_to_one or f.many_to_many:
            raw = values.get(name, "").strip()
            codes = (
                [c.strip() for c in raw.split(";") if c.strip()] if f.many_to_many else ([raw] if raw else [])
            )
            found = lookups.resolve(f.related_model, codes) if codes else {}
            shared = lookups.ambiguous(f.related_model, codes)
            if shared:
                refused.add(name)
                errors.append(
                    (
                        name,
                        _("column %(column)s: the code %(codes)s names records of several organisations.")
                        % {"column": name, "codes": ", ".join(sorted(shared))},
                    )
                )
            missing = [c for c in codes if c not in found and c not in shared]
            if missing:
                refused.add(name)
                errors.append(
                    (
                        name,
                        _("column %(column)s: no %(model)s with code %(codes)s that you may see.")
                        % {
                            "column": name,
                            "model": f.related_model._meta.verbose_name,
                            "codes": ", ".join(missing),
                        },
                    )
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
                value = "true" if default is True else "false" if default is False else str(default)
            try:
                data[name] = cells.parse(value, f)
            except cells.CellError as error:
                refused.add(name)
                line = _("column %(column)s: %(error)s") % {"column": name, "error": error.message}
                errors.append((name, line))
                data[name] = ""
    return data, errors, refused


def _existing(registration: Registration, data: dict[str, Any], key: tuple[str, ...]) -> models.Model | None:
    """The stored record a row without an id names by its identity (any user's: the caller checks
    that this user may change it)."""
    lookup: dict[str, Any] = {}
    for name in key:
        f = _field(registration, name)
        value = data.get(name, "")
        if value in ("", None):
            if f.is_relation or f.null:
                lookup[f"{name}__isnull"] = True
            else:
                lookup[name] = ""
        else:
            lookup[f"{name}_id" if f.is_relation else name] = value
    try:
        return registration.model._default_manager.filter(**lookup).first()
    except (ValueError, ValidationError):
        return None  # a cell the form will refuse with its own message


def _label(registration: Registration, values: dict[str, str], key: tuple[str, ...], obj: Any) -> str:
    """How the preview names a row: by the codes it was given (section, source, period …), never by
    the numeric ids that a fact's own name may show."""
    if key and any(_field(registration, k).is_relation for k in key):
        return " · ".join(values.get(k, "") or "—" for k in key)
    return str(obj)


def _unchanged(registration: Registration, instance: models.Model, cleaned: dict[str, Any]) -> bool:
    from ..history import serialize

    probe = registration.model._default_manager.get(pk=instance.pk)
    before = serialize(probe)
    m2m = {k for k in cleaned if _field(registration, k).many_to_many}
    for k, v in cleaned.items():
        if k not in m2m:
            setattr(probe, k, v)
    after = serialize(probe)
    if any(sorted(o.pk for o in cleaned[k]) != before.get(k) for k in m2m):
        return False
    return {k: v for k, v in after.items() if k not in m2m} == {
        k: v for k, v in before.items() if k not in m2m
    }


class _Rollback(Exception):
    """Raised inside the preview's transaction so that nothing it wrote is kept."""


def validate(
    registration: Registration,
    sheet: tabular.Sheet,
    user: Any,
    *,
    batch: ImportBatch | None = None,
    write: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row and, row by row, write it through the service inside one transaction, so
    that the preview applies exactly the rules the commit applies (domain rules and permissions
    of the service included) and a row may refer to a record created by an earlier row (a tree in
    one file). Without ``write`` the transaction is rolled back: that is the preview."""
    result = ImportResult(sheet=sheet)
    expected = columns(registration)
    unknown = [h for h in sheet.headers if h not in expected]
    if unknown:
        result.file_errors.append(
            _("Unknown column(s): %(unknown)s. The columns of this list are: %(expected)s.")
            % {"unknown": ", ".join(unknown), "expected": ", ".join(expected)}
        )
        return result
    formula_rows: dict[int, RowResult] = {}
    for row_number, column, prefix in tabular.formula_cells(sheet):
        if row_number not in formula_rows:
            formula_rows[row_number] = RowResult(row=row_number, action="error")
            result.rows.append(formula_rows[row_number])
        formula_rows[row_number].refuse(
            column,
            _(
                "column %(column)s starts with “%(prefix)s”; formulas are not accepted "
                "(start the text with an apostrophe ' to keep it as text)."
            )
            % {"column": column, "prefix": {"\t": "TAB", "\r": "CR"}.get(prefix, prefix)},
        )
    if result.rows:
        return result
    sheet = tabular.unquote(sheet)
    try:
        with transaction.atomic():
            if bulkimport.eligible(registration):
                bulkimport.run(
                    registration,
                    sheet,
                    user,
                    result,
                    batch=batch,
                    write=write,
                    row_class=RowResult,
                    progress=progress,
                )
            else:
                _rows(registration, sheet, user, result, batch, progress)
            if not write or not result.ok:
                raise _Rollback
    except _Rollback:
        pass
    except ValidationError as error:  # the set-at-a-time commit refused by the database
        result.file_errors.extend(error.messages)
    return result


def _rows(
    registration: Registration,
    sheet: tabular.Sheet,
    user: Any,
    result: ImportResult,
    batch: ImportBatch | None,
    progress: Progress | None = None,
) -> None:
    expected = columns(registration)
    form_cls = form_class(registration)
    key_fields = identity(registration)
    lookups = _Lookups(user)
    service = registration.service
    source = ObjectChange.Source.IMPORT
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple, int] = {}
    changeable = restrict(user, CHANGE, registration.model)
    total = len(sheet.rows)
    for done, (row_number, values) in enumerate(sheet.rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
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
            instance = changeable.filter(pk=record_id if record_id.isdigit() else None).first()
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
        data, errors, refused = _form_data(registration, values, lookups)
        for column, line in errors:
            row.refuse(column, line)
        if key_fields and not refused.intersection(key_fields):
            key = tuple(str(data.get(k, "")) for k in key_fields)
            if key in seen_keys:
                row.errors.append(
                    _("duplicate: rows %(other)s and %(row)s are the same record (%(fields)s = %(values)s).")
                    % {
                        "row": row_number,
                        "other": seen_keys[key],
                        "fields": ", ".join(key_fields),
                        "values": ", ".join(values.get(k, "") for k in key_fields),
                    }
                )
                continue
            seen_keys[key] = row_number
            if instance is None:
                # A row without an id that names a stored record by its identity updates it.
                existing = _existing(registration, data, key_fields)
                if existing is not None:
                    instance = changeable.filter(pk=existing.pk).first()
                    if instance is None:
                        row.errors.append(
                            _("this %(model)s already exists (“%(record)s”) and you may not change it.")
                            % {"model": registration.verbose_name, "record": existing}
                        )
                        continue
                    row.action = "update"
        form = form_cls(
            data=data,
            instance=instance,
            user=user,
            registration=registration,
            action=CHANGE if instance else ADD,
        )
        if not form.is_valid():
            for name, field_errors in form.errors.items():
                if name in refused:
                    continue
                for message in field_errors:
                    if name == "__all__":
                        row.errors.append(str(message))
                    else:
                        row.refuse(
                            cell_column(registration, name),
                            _("column %(column)s: %(error)s")
                            % {"column": column_heading(registration, name), "error": message},
                        )
        if row.errors:
            continue
        cleaned = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        row.data = cleaned
        row.label = _label(registration, values, key_fields, form.instance)
        if instance is not None and _unchanged(registration, instance, cleaned):
            row.action = "unchanged"
            row.instance = instance
            continue
        try:
            if row.action == "create":
                row.instance = service.create(data=cleaned, user=user, source=source, batch=batch)
                lookups.forget(registration.model)
            else:
                row.instance = service.update(instance, data=cleaned, user=user, source=source, batch=batch)
        except ValidationError as error:
            _refuse_all(row, registration, error)
        except (PermissionDenied, ConflictError) as error:
            row.errors.append(str(error))


def _refuse_all(row: RowResult, registration: Registration, error: ValidationError) -> None:
    """A service's refusal on the row: by column where it names a field."""
    if not hasattr(error, "error_dict"):
        row.errors.extend(str(m) for m in error.messages)
        return
    for name, errors in error.message_dict.items():
        for message in errors:
            if name == "__all__":
                row.errors.append(message)
            else:
                row.refuse(
                    cell_column(registration, name),
                    _("column %(column)s: %(error)s") % {"column": name, "error": message},
                )


def read(
    registration: Registration,
    *,
    content: bytes,
    filename: str,
    user: Any,
    max_bytes: int,
    batch: ImportBatch | None = None,
    write: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    try:
        sheet = tabular.read_sheet(content, filename=filename, max_bytes=max_bytes)
    except tabular.TabularFileError as error:
        return ImportResult(file_errors=[str(error.message)])
    if progress is not None:
        progress(0, len(sheet.rows))
    return validate(registration, sheet, user, batch=batch, write=write, progress=progress)
