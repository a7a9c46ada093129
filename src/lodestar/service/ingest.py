"""Ticket exports in, monthly KPIs out. ``store`` maps an export (CSV or XLSX) onto the common scale
and writes it as Parquet with DuckDB; ``aggregate`` runs one GROUP BY over the Parquet files and
writes the KPI observations through the model service, with history. ``MONTHLY_KPIS`` is plain
SQL (date_trunc, date_diff, CASE, avg) that Trino or Spark SQL run unchanged over the same Parquet
files when one machine is not enough (bench/tickets.py measures it on ten million tickets).
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org.models import Entity
from lodestar.org.vocabularies import organisation_of

from .models import KpiObservation, Metric, Service
from .tickets import TicketBatch, TicketFormat

SYSTEM = ObjectChange.Source.SYSTEM

MONTHLY_KPIS = """
SELECT entity,
       coalesce(service, '') AS service,
       date_trunc('month', opened) AS month,
       count(*) AS tickets,
       avg(CASE WHEN kind = 'incident' AND resolved >= opened
                THEN date_diff('second', opened, resolved) / 60.0 END) AS resolution_minutes,
       avg(CASE WHEN kind = 'request' AND resolved >= opened
                THEN date_diff('second', opened, resolved) / 86400.0 END) AS handling_days,
       avg(satisfaction) AS satisfaction
FROM read_parquet({files})
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
"""
MEASURES = ("tickets", "resolution_minutes", "handling_days", "satisfaction")


def ticket_root() -> Path:
    root = Path(getattr(settings, "TICKET_ROOT", Path(settings.EVIDENCE_ROOT) / "tickets"))
    root.mkdir(parents=True, exist_ok=True)
    return root


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _values(text: str) -> list[str]:
    return [v.strip() for v in text.split(";") if v.strip()]


def mapping_sql(fmt: TicketFormat, source: str) -> str:
    """The SELECT that reads ``source`` (a DuckDB table expression) onto the common scale."""
    columns = fmt.columns

    def col(name: str) -> str:
        return f"CAST({_quote(columns[name])} AS VARCHAR)" if name in columns else "NULL"

    if "kind" in columns:
        kind = (
            f"CASE WHEN list_contains($incident, trim({col('kind')})) THEN 'incident' "
            f"WHEN list_contains($request, trim({col('kind')})) THEN 'request' END"
        )
    else:  # an export of one kind only: the tool exports incidents
        kind = "'incident'"
    # Column names are quoted identifiers and values are parameters: nothing of the file is spliced.
    return f"""
        SELECT trim({col("ticket_id")}) AS ticket_id,
               try_cast({col("opened")} AS TIMESTAMP) AS opened,
               trim({col("entity")}) AS entity,
               nullif(trim({col("service")}), '') AS service,
               {kind} AS kind,
               try_cast({col("resolved")} AS TIMESTAMP) AS resolved,
               try_cast({col("satisfaction")} AS DOUBLE) * 100.0 / $scale AS satisfaction
        FROM {source}
    """  # noqa: S608


def _as_csv(content: bytes, file_name: str, folder: Path) -> Path:
    """The export as a CSV file DuckDB reads (a workbook's first sheet, streamed)."""
    path = folder / "export.csv"
    if file_name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several kinds for a damaged workbook
            raise ValidationError(_("The workbook cannot be read: %(error)s") % {"error": error}) from error
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in book.worksheets[0].iter_rows(values_only=True):
                writer.writerow(
                    ["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row]
                )
        book.close()
    elif file_name.lower().endswith(".csv"):
        path.write_bytes(content)
    else:
        raise ValidationError(_("Send the export as CSV or XLSX."))
    return path


def store(*, entity: Entity, fmt: TicketFormat, file_name: str, content: bytes, user: Any) -> TicketBatch:
    """Map the export onto the common scale and keep it as a Parquet file; refuse it whole when a
    column the format names is not in the file."""
    from django.core.exceptions import PermissionDenied

    from lodestar.core.permissions import IMPORT, can

    # Uploading an export imports KPIs for the entity: the import right on them, checked first so
    # that nothing is stored for a user who may not.
    if user is not None and not can(user, IMPORT, KpiObservation(entity=entity)):
        raise PermissionDenied(_("You may not import KPIs for %(entity)s.") % {"entity": entity.code})
    target = ticket_root() / f"{uuid.uuid4().hex}.parquet"
    with tempfile.TemporaryDirectory() as folder:
        path = _as_csv(content, file_name, Path(folder))
        con = duckdb.connect()
        try:
            source = f"read_csv({_quote_literal(str(path))}, all_varchar = true, header = true)"
            described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 - quoted
            header = {row[0] for row in described}
            named = fmt.columns
            absent = sorted(v for v in named.values() if v not in header)
            if absent:
                raise ValidationError(
                    _("The export has no column %(columns)s (format %(format)s).")
                    % {"columns": ", ".join(absent), "format": fmt.code}
                )
            params = {
                "incident": _values(fmt.incident_values),
                "request": _values(fmt.request_values),
                "scale": float(fmt.satisfaction_scale or 100),
            }
            if "kind" not in named:
                params = {"scale": params["scale"]}
            con.execute(f"CREATE TEMP TABLE mapped AS {mapping_sql(fmt, source)}", params)
            total = con.execute("SELECT count(*) FROM mapped").fetchone()[0]
            con.execute(
                "CREATE TEMP TABLE kept AS SELECT * FROM mapped "
                "WHERE ticket_id IS NOT NULL AND ticket_id <> '' AND opened IS NOT NULL "
                "AND entity IS NOT NULL AND entity <> ''"
            )
            kept, first, last = con.execute("SELECT count(*), min(opened), max(opened) FROM kept").fetchone()
            con.execute(f"COPY kept TO {_quote_literal(str(target))} (FORMAT parquet)")
        except duckdb.Error as error:
            raise ValidationError(_("The export cannot be read: %(error)s") % {"error": error}) from error
        finally:
            con.close()
    return registry[TicketBatch].service.create(
        data={
            "entity": entity,
            "format": fmt,
            "file_name": file_name[:255],
            "parquet": target.name,
            "tickets": kept,
            "rejected": total - kept,
            "first_opened": first.date() if first else None,
            "last_opened": last.date() if last else None,
        },
        user=user,
        check=False,  # checked above, as an import of KPIs
    )


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def monthly(files: list[Path]) -> list[tuple]:
    """The monthly KPI rows of some Parquet ticket files (entity, service, month, measures…)."""
    listing = "[" + ", ".join(_quote_literal(str(f)) for f in files) + "]"
    con = duckdb.connect()
    try:
        return con.execute(MONTHLY_KPIS.format(files=listing)).fetchall()
    finally:
        con.close()


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@transaction.atomic
def aggregate(batch: TicketBatch, *, user: Any) -> int:
    """Write the batch's monthly KPIs (one observation per entity, service, month and metric that a
    ticket figure computes); returns how many were written. Tickets of an entity outside the
    sending entity's units or of an unknown service are counted in the summary, not written."""
    if not batch.parquet:
        raise ValidationError(_("The batch holds no stored export to aggregate."))
    organisation = organisation_of(batch.entity)
    metrics = {m.measure: m for m in Metric.objects.filter(organisation=organisation).exclude(measure="")}
    if not metrics:
        raise ValidationError(_("The organisation defines no metric computed from tickets."))
    rows = monthly([ticket_root() / batch.parquet])
    entities = {
        e.code: e
        for e in Entity.objects.filter(
            tree_path__startswith=batch.entity.tree_path, code__in={r[0] for r in rows}
        )
    }
    services = {s.code: s for s in Service.objects.filter(code__in={r[1] for r in rows if r[1]})}
    existing = {
        (o.entity_id, o.service_id, o.metric_id, o.period_end): o
        for o in KpiObservation.objects.filter(
            entity__in=entities.values(), kind=KpiObservation.Kind.ACTUAL, metric__in=metrics.values()
        ).filter(period_end__gte=batch.first_opened or datetime.date.min)
    }
    service_of = registry[KpiObservation].service
    unknown_entities: dict[str, int] = {}
    unknown_services: dict[str, int] = {}
    written = 0
    source = f"{batch.format.code}: {batch.file_name}"[:300]
    for entity_code, service_code, month, *figures in rows:
        if entity_code not in entities:
            unknown_entities[entity_code] = unknown_entities.get(entity_code, 0) + figures[0]
            continue
        if service_code and service_code not in services:
            unknown_services[service_code] = unknown_services.get(service_code, 0) + figures[0]
            continue
        entity, service = entities[entity_code], services.get(service_code)
        start = month.date() if hasattr(month, "date") else month
        for measure, value in zip(MEASURES, figures, strict=True):
            metric = metrics.get(measure)
            if metric is None or value is None:
                continue
            value = Decimal(str(round(float(value), 4)))
            data = {"value": value, "period_start": start, "source": source, "batch": batch}
            key = (entity.pk, service.pk if service else None, metric.pk, _month_end(start))
            if key in existing:
                service_of.update(existing[key], data=data, user=user, source=SYSTEM, check=False)
            else:
                service_of.create(
                    data={
                        **data,
                        "entity": entity,
                        "service": service,
                        "metric": metric,
                        "period_end": _month_end(start),
                        "kind": KpiObservation.Kind.ACTUAL,
                    },
                    user=user,
                    source=SYSTEM,
                    check=False,
                )
            written += 1
    lines = [_("%(n)s KPI observations written.") % {"n": written}]
    if unknown_entities:
        lines.append(
            _("Tickets of entities outside %(entity)s or unknown: %(codes)s.")
            % {
                "entity": batch.entity.code,
                "codes": ", ".join(f"{k} ({v})" for k, v in sorted(unknown_entities.items())),
            }
        )
    if unknown_services:
        lines.append(
            _("Tickets of unknown services: %(codes)s.")
            % {"codes": ", ".join(f"{k} ({v})" for k, v in sorted(unknown_services.items()))}
        )
    registry[TicketBatch].service.update(
        batch,
        data={"status": TicketBatch.Status.AGGREGATED, "summary": "\n".join(lines)},
        user=user,
        source=SYSTEM,
        check=False,
    )
    return written
