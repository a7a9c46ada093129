"""Data-quality rules of service performance (``./lodestar check``).

SVC-SLA-TARGET: the latest actual of a metric misses the target an agreement sets for it.
SVC-PROJECT-COMPLETE: a project declared complete whose service misses its targets, or whose
service's KPIs are measured against no target, so that the completion cannot be verified
(A/74/588 ¶10: the Unite Service Desk reported 100 % complete, its objectives not met).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from lodestar.core import numbers
from lodestar.core.checks import Finding, finding_for, rule

from .models import KpiObservation, Service, SlaTarget


def _n(value: Decimal) -> str:
    return numbers.format_number(value, decimals=0 if value == value.to_integral() else 1)


def target_results(
    observations: QuerySet[KpiObservation] | None = None,
) -> list[tuple[SlaTarget, KpiObservation | None]]:
    """Each target with the latest actual observation it is read against: the agreement's client's
    (any entity's when the agreement covers every client), for the agreement's service. One query
    for the latest actual of each service, metric and entity (a window), however many months are
    stored; ``observations`` narrows what may be read (a user's scope)."""
    targets = list(SlaTarget.objects.select_related("agreement__service", "agreement__entity", "metric"))
    if not targets:
        return []
    base = KpiObservation.objects.all() if observations is None else observations
    latest_first = (
        base.filter(
            kind=KpiObservation.Kind.ACTUAL,
            service_id__in={t.agreement.service_id for t in targets},
            metric_id__in={t.metric_id for t in targets},
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("service_id"), F("metric_id"), F("entity_id")],
                order_by=[F("period_end").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .select_related("entity", "metric")
    )
    latest: dict[tuple, KpiObservation] = {}
    for o in latest_first:
        latest[(o.service_id, o.metric_id, o.entity_id)] = o
        anyone = latest.get((o.service_id, o.metric_id, None))
        if anyone is None or (o.period_end, o.pk) > (anyone.period_end, anyone.pk):
            latest[(o.service_id, o.metric_id, None)] = o
    return [(t, latest.get((t.agreement.service_id, t.metric_id, t.agreement.client_id))) for t in targets]


@rule("SVC-SLA-TARGET")
def kpis_below_target() -> Iterator[Finding]:
    for target, observation in target_results():
        if observation is None or not target.metric.misses(observation.value, target.target):
            continue
        message = _(
            "%(agreement)s sets %(target)s %(unit)s for “%(metric)s”; %(entity)s had %(value)s %(unit)s "
            "as at %(date)s (%(source)s)."
        ) % {
            "agreement": target.agreement.code,
            "target": _n(target.target),
            "unit": target.metric.get_unit_display(),
            "metric": target.metric,
            "entity": observation.entity.code,
            "value": _n(observation.value),
            "date": observation.period_end.isoformat(),
            "source": observation.source or "—",
        }
        yield finding_for(observation, code="SVC-SLA-TARGET", message=message, target=str(target.target))


@rule("SVC-PROJECT-COMPLETE")
def complete_projects_missing_targets() -> Iterator[Finding]:
    from lodestar.portfolio.models import Project

    missed: dict[int, list[str]] = {}
    targeted: set[int] = set()
    for target, observation in target_results():
        targeted.add(target.agreement.service_id)
        if observation is not None and target.metric.misses(observation.value, target.target):
            missed.setdefault(target.agreement.service_id, []).append(str(target.metric))
    measured = set(
        KpiObservation.objects.exclude(service=None).values_list("service_id", flat=True).distinct()
    )
    services = (
        Service.objects.exclude(project=None).select_related("project").prefetch_related("project__reports")
    )
    for service in services:
        project = service.project
        claims = [r for r in project.reports.all() if r.claims_completion]
        if project.status != Project.Status.COMPLETED and not claims:
            continue
        declared = claims[-1].document or claims[-1].period if claims else project.get_status_display()
        if service.pk in missed:
            message = _(
                "Project %(project)s is declared complete (%(declared)s) while its service %(service)s "
                "misses its targets for %(metrics)s."
            ) % {
                "project": project.code,
                "declared": declared,
                "service": service.code,
                "metrics": ", ".join(sorted(set(missed[service.pk]))),
            }
            yield finding_for(project, code="SVC-PROJECT-COMPLETE", message=message, service=service.code)
        elif service.pk not in targeted:
            what = _("its KPIs are measured") if service.pk in measured else _("no KPI is measured")
            message = _(
                "Project %(project)s is declared complete (%(declared)s) but its service %(service)s has "
                "no service-level target (%(what)s), so the completion cannot be verified."
            ) % {"project": project.code, "declared": declared, "service": service.code, "what": what}
            yield finding_for(
                project,
                code="SVC-PROJECT-COMPLETE",
                message=message,
                severity="warning",
                service=service.code,
            )
