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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import bulkimport, cells, references, tabular
from .constraints import identity_fields
from .forms import form_class
from .languages import DATA_LANGUAGES
from .models import ImportBatch, ObjectChange
from .permissions import ADD, CHANGE, restrict
from .registry import Registration, registry
from .services import ConflictError
from .translation import TranslatedTextField

# Told (rows done, rows in the file) while a file is checked; the background worker records it
# so that the import page can show a progress bar.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 100


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
    sheet: tabular.Sheet | None = field(default=None, repr=False)

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


def identity(registration: Registration) -> tuple[str, ...]:
    """The columns that identify a record in a file: the registration's natural key, else the
    dimensions of the model's identity constraint (a budget fact's section, source, period …)."""
    names = registration.natural_key or identity_fields(registration.model)
    return tuple(n for n in names if n in registration.columns_for_import)


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
) -> tuple[dict[str, Any], list[str], set[str]]:
    """Translate a file row into form data (codes → primary keys, cells → the parsing rule).
    Returns the data, the errors, and the columns already refused (so the form does not add a
    second message such as "This field is required." for them)."""
    data: dict[str, Any] = {}
    errors: list[str] = []
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
                    _("column %(column)s: the code %(codes)s names records of several organisations.")
                    % {"column": name, "codes": ", ".join(sorted(shared))}
                )
            missing = [c for c in codes if c not in found and c not in shared]
            if missing:
                refused.add(name)
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
                value = "true" if default is True else "false" if default is False else str(default)
            try:
                data[name] = cells.parse(value, f)
            except cells.CellError as error:
                refused.add(name)
                errors.append(_("column %(column)s: %(error)s") % {"column": name, "error": error.message})
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
    from .history import serialize

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
    for row_number, column, prefix in tabular.formula_cells(sheet):
        result.rows.append(
            RowResult(
                row=row_number,
                action="error",
                errors=[
                    _(
                        "column %(column)s starts with “%(prefix)s”; formulas are not accepted "
                        "(start the text with an apostrophe ' to keep it as text)."
                    )
                    % {"column": column, "prefix": {"\t": "TAB", "\r": "CR"}.get(prefix, prefix)}
                ],
            )
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
        row.errors.extend(errors)
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
                        row.errors.append(
                            _("column %(column)s: %(error)s")
                            % {"column": column_heading(registration, name), "error": message}
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
            row.errors.extend(_messages(error))
        except (PermissionDenied, ConflictError) as error:
            row.errors.append(str(error))


def column_heading(registration: Registration, name: str) -> str:
    """A field's column(s) as the import template heads them: a translated field is one column per
    language (``name_en`` … ``name_ar``), so an error about it names those, not the field's key."""
    field = registration._field_or_none(name)
    if isinstance(field, TranslatedTextField):
        return f"{name}_{DATA_LANGUAGES[0]} … {name}_{DATA_LANGUAGES[-1]}"
    return name


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [str(m) for m in error.messages]
    lines = []
    for name, errors in error.message_dict.items():
        for message in errors:
            lines.append(
                message
                if name == "__all__"
                else _("column %(column)s: %(error)s") % {"column": name, "error": message}
            )
    return lines


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


def preview_upload(
    registration: Registration, *, content: bytes, filename: str, user: Any, max_bytes: int
) -> tuple[ImportBatch, ImportResult]:
    """Read and check an uploaded file and keep it as a batch to commit later (web, API, CLI)."""
    from django.utils import timezone

    prune_uploads(now=timezone.now())
    result = read(registration, content=content, filename=filename, user=user, max_bytes=max_bytes)
    batch = ImportBatch.objects.create(
        user=user,
        model_label=registration.label,
        filename=filename[:255],
        content=content,
        status=ImportBatch.Status.PREVIEW if result.ok else ImportBatch.Status.REFUSED,
        summary={**result.counts(), "errors": result.messages()[:1000]},
    )
    return batch, result


def prune_uploads(*, now: Any) -> int:
    """Forget the content of uploaded files older than LODESTAR_IMPORT_KEEP_HOURS (the batch row and
    its summary stay, so the history entries that name it still say which file they came from).
    Runs on every upload and from ``./lodestar prune_imports``."""
    import datetime as dt

    from django.conf import settings

    hours = float(getattr(settings, "LODESTAR_IMPORT_KEEP_HOURS", 24 * 7))
    old = ImportBatch.objects.filter(created__lt=now - dt.timedelta(hours=hours)).exclude(content=b"")
    # A preview never committed in that time can no longer be committed: mark it refused.
    old.filter(status=ImportBatch.Status.PREVIEW).update(status=ImportBatch.Status.REFUSED)
    return old.update(content=b"")


class AlreadyCommitted(Exception):
    """A second commit of the same preview (a double click, a retried request)."""


def commit_batch(
    batch_id: int,
    *,
    user: Any,
    max_bytes: int,
    expected: str = ImportBatch.Status.PREVIEW,
    progress: Progress | None = None,
) -> tuple[ImportBatch, ImportResult]:
    """Commit a previewed upload exactly once: the batch row is locked for the whole commit, so a
    concurrent second commit waits, then finds it committed and writes nothing. All rows or none.
    The background commit (core.importjobs) finds the batch marked ``committing`` instead."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, user=user).first()
        if batch is None:
            raise ImportBatch.DoesNotExist
        if batch.status != expected:
            raise AlreadyCommitted(
                _("This import was already committed.")
                if batch.status == ImportBatch.Status.COMMITTED
                else _("This import was refused; upload the corrected file again.")
            )
        registration = registry.by_label(batch.model_label)
        result = read(
            registration,
            content=bytes(batch.content),
            filename=batch.filename,
            user=user,
            max_bytes=max_bytes,
            batch=batch,
            write=True,
            progress=progress,
        )
        if result.ok:
            batch.status = ImportBatch.Status.COMMITTED
            batch.summary = result.counts()
            batch.save(update_fields=["status", "summary"])
            return batch, result
    # Refused at commit (the data changed since the preview): nothing of the file was kept.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.REFUSED, summary={**result.counts(), "errors": result.messages()[:1000]}
    )
    batch.status = ImportBatch.Status.REFUSED
    return batch, result


def commit(
    registration: Registration, result: ImportResult, *, user: Any, batch: ImportBatch | None
) -> dict[str, int]:
    """Write a validated sheet kept in ``result`` (used by code that built the sheet itself)."""
    if not result.ok:
        raise ValidationError(result.messages())
    if result.sheet is None:
        raise ValueError("commit needs the result of validate()")
    written = validate(registration, result.sheet, user, batch=batch, write=True)
    if not written.ok:
        raise ValidationError(
            [_("Nothing was written: %(error)s") % {"error": m} for m in written.messages()]
        )
    return written.counts()


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
