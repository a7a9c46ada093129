"""Portfolio pages: the dashboard (health, declared vs earned, slipped milestones, timeline) and the
project page where the manager updates milestones and uploads evidence, and a central analyst
accepts or returns them. Reads go through ``restrict``; writes through the services."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from lodestar.core.api.serializers import serializer_class
from lodestar.core.api.viewsets import as_api_error
from lodestar.core.attachments import ALLOWED_EXTENSIONS, add_attachment, attachments_for_many, may_delete
from lodestar.core.checks import default_as_at, parse_as_at
from lodestar.core.languages import data_code, is_rtl
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import ADD, CHANGE, VIEW, can, restrict
from lodestar.core.registry import registry
from lodestar.core.scoped_cache import rendered_for_scope
from lodestar.core.services import ConflictError

from . import charts, dashboard_filter, figures, progress
from .models import Benefit, ChangeRequest, Milestone, Project, ProjectPhase, StatusReport
from .services import may_decide, may_submit

TIMELINE_WIDTH = 1000
DASHBOARD_PAGE_SIZE = 50  # rows of the table and bars of the timeline per page
ROW_HEIGHT = 22


# Forms -----------------------------------------------------------------------------------------


class ProgressForm(forms.Form):
    """What the project manager updates on a milestone from the project page."""

    current_due = forms.DateField(
        label=gettext_lazy("Current due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Completion date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence_link = forms.URLField(label=gettext_lazy("Evidence link"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Evidence file"))


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for return"), widget=forms.Textarea(attrs={"rows": 2})
    )


# Building the page data -------------------------------------------------------------------------


def _facts(milestones: list[Milestone]) -> list[progress.MilestoneFacts]:
    return [
        progress.MilestoneFacts(
            m.weight, m.status, m.current_due, m.baseline_due, m.completed_on, m.reported_status
        )
        for m in milestones
    ]


@dataclass
class PeriodRow:
    report: StatusReport
    earned: Decimal
    gap: Decimal | None
    unsupported: bool


@dataclass
class Summary:
    """A project as the dashboard and its page show it: figures derived from the stored facts."""

    project: Project
    milestones: list[Milestone]
    reports: list[StatusReport]
    earned: Decimal
    slipped: int
    health: str
    latest: StatusReport | None
    reported: Decimal = Decimal(0)  # accepted or reported completed: known, verified or not
    unverified: bool = False  # "reported complete, not verified"
    contradicted: list[StatusReport] = field(default_factory=list)
    periods: list[PeriodRow] = field(default_factory=list)
    unsupported: list[StatusReport] = field(default_factory=list)


def summarise(
    project: Project, milestones: list[Milestone], reports: list[StatusReport], today: datetime.date
) -> Summary:
    facts = _facts(milestones)
    earned = progress.earned_percent(facts)
    reported = progress.reported_percent(facts)
    slipped = sum(1 for f in facts if progress.slipped(f, today))
    completion = progress.completion_state(facts, project.target_met(), progress.is_waived(project))
    supported = completion == progress.SUPPORTED
    periods = []
    for report in reports:
        end = progress.period_end(report.period)
        at_end = progress.earned_percent_as_of(facts, end) if end and end < today else earned
        gap = report.declared_percent - at_end if report.declared_percent is not None else None
        periods.append(PeriodRow(report, at_end, gap, report.claims_completion and not supported))
    latest = reports[-1] if reports else None
    declared = latest.declared_percent if latest else None
    return Summary(
        project=project,
        milestones=milestones,
        reports=reports,
        earned=earned,
        slipped=slipped,
        health=progress.health(
            declared,
            earned,
            slipped,
            reported,
            contradicted=bool(latest and latest.claims_completion and completion == progress.CONTRADICTED),
        ),
        latest=latest,
        periods=periods,
        unsupported=[row.report for row in periods if row.unsupported],
        reported=reported,
        unverified=progress.unverified(earned, reported),
        contradicted=[
            row.report for row in periods if row.unsupported and completion == progress.CONTRADICTED
        ],
    )


# What the dashboard reads of each milestone and report: thousands of them, so not their texts.
DASHBOARD_MILESTONE_FIELDS = (
    "project",
    "order",
    "weight",
    "status",
    "current_due",
    "baseline_due",
    "completed_on",
    "reported_status",
)
DASHBOARD_REPORT_FIELDS = ("project", "period", "declared_percent", "declared_completed", "health")


def _visible_projects(user: Any, queryset: Any = None, *, figures_only: bool = False) -> Any:
    """Projects the user may view, with their visible milestones and reports: three queries
    whatever the number of projects. ``figures_only`` leaves the milestones' and reports' texts
    unread (the dashboard)."""
    queryset = queryset if queryset is not None else Project.objects.all()
    milestones = restrict(user, VIEW, Milestone.objects.all()).order_by("order", "pk")
    reports = restrict(user, VIEW, StatusReport.objects.all()).order_by("period")
    if figures_only:
        milestones = milestones.only(*DASHBOARD_MILESTONE_FIELDS)
        reports = reports.only(*DASHBOARD_REPORT_FIELDS)
    return (
        restrict(user, VIEW, queryset.select_related("programme", "entity"))
        .prefetch_related(Prefetch("milestones", milestones), Prefetch("reports", reports))
        .order_by("code")
    )


def as_at_of(request: HttpRequest) -> datetime.date:
    """The day the figures are computed for: ?as_at=YYYY-MM-DD, else the checks' default (today)."""
    try:
        return parse_as_at(request.GET.get("as_at")) or default_as_at()
    except ValueError:
        return default_as_at()


def _timeline(summaries: list[Summary], rtl: bool, today: datetime.date) -> dict[str, Any] | None:
    def start_of(s: Summary) -> datetime.date | None:
        dated = [m.baseline_due or m.current_due for m in s.milestones if m.baseline_due or m.current_due]
        return getattr(s.project, "start_date", None) or (min(dated) if dated else None)

    def end_of(s: Summary) -> datetime.date | None:
        return s.project.current_end or s.project.baseline_end

    dates: list[datetime.date | None] = []
    for s in summaries:
        dates += [start_of(s), end_of(s), s.project.baseline_end]
        dates += [m.current_due or m.baseline_due for m in s.milestones]
    axis = progress.timeline_axis(dates)
    if axis is None:
        return None
    rows = []
    for s in summaries:
        bar = progress.timeline_bar(
            start_of(s),
            end_of(s),
            s.project.baseline_end,
            [(m.current_due or m.baseline_due, m.status) for m in s.milestones],
            axis,
            TIMELINE_WIDTH,
            rtl,
        )
        if bar is not None:
            # The label sits where the bar begins in the reading direction.
            label_x = bar.x + bar.width if rtl else bar.x
            rows.append({"summary": s, "bar": bar, "y": len(rows) * ROW_HEIGHT + 24, "label_x": label_x})
    if not rows:
        return None
    return {
        "rows": rows,
        "years": progress.axis_years(axis, TIMELINE_WIDTH, rtl),
        "width": TIMELINE_WIDTH,
        "anchor": "end" if rtl else "start",
        "height": len(rows) * ROW_HEIGHT + 34,
        "today_x": progress.position(today, axis, TIMELINE_WIDTH, rtl)
        if axis.start <= today <= axis.end
        else None,
    }


# Dashboard ------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, VIEW, Project):
        raise PermissionDenied(_("You do not have permission for this."))
    queryset = Project.objects.all()
    chosen_programme = request.GET.get("programme", "")
    chosen_entity = request.GET.get("entity", "")
    if chosen_programme.isdigit():
        queryset = queryset.filter(programme_id=int(chosen_programme))
    entity = dashboard_filter.chosen_entity(user, request.GET)
    if entity is not None:
        # An entity's portfolio includes the projects of the offices below it.
        queryset = queryset.filter(Q(entity__tree_path__startswith=entity.tree_path))
    today = as_at_of(request)
    page_number = request.GET.get("page")
    # What the cached part shows is decided by these alone: the pager's links are built from them
    # (never from the reader's own query string), so every reader of the key gets the same part.
    pinned = {"as_at": today.isoformat()} if request.GET.get("as_at") else {}
    kept = {"programme": chosen_programme, "entity": chosen_entity if entity else ""}
    page_query = urlencode({**pinned, **{k: v for k, v in kept.items() if v}})
    # The filter form in the part shows the raw choices: they are in the key too.
    key = f"{chosen_programme}|{chosen_entity}|{page_query}|{today.isoformat()}|{page_number or ''}"

    def figures_context() -> dict[str, Any]:
        figures = dashboard_figures(user, queryset, today, page_number)
        # The pager over the counted total: the summaries of other pages are neither read nor kept.
        page = Paginator(range(figures["count"]), DASHBOARD_PAGE_SIZE).get_page(figures["number"])
        # Every count links to the project list that shows exactly it (portfolio.lists's filters).
        filters = {"programme": chosen_programme, "entity": str(entity.pk) if entity else "", "as_at": today}
        health_links = charts.health_links(figures["health_counts"], figures["unverified_total"], **filters)
        return {
            "summaries": figures["summaries"],
            "page": page,
            "page_query": page_query,
            "health_counts": figures["health_counts"],
            "health_links": health_links,
            "health_chart": charts.health_chart(health_links),
            "progress_chart": charts.progress_chart(figures["summaries"]),
            # Drop-downs, or searches past 50 choices: counted only here, on a miss.
            "filter_form": dashboard_filter.DashboardFilter(request.GET, user=user),
            "timeline": figures["timeline"],
            "as_at": today,
            "unverified_total": figures["unverified_total"],
            "unsupported_total": figures["unsupported_total"],
            "project_registration": registry[Project],
        }

    # The figures part is rendered once per scope and key and kept as HTML: a hit neither computes
    # the figures nor unpickles the projects they were drawn from; the page around it is the reader's.
    part = rendered_for_scope(
        "portfolio-dashboard", request, key, "portfolio/_dashboard_figures.html", figures_context
    )
    return render(request, "portfolio/dashboard.html", {"figures": part})


def dashboard_figures(
    user: Any, queryset: Any, today: datetime.date, page_number: str | None
) -> dict[str, Any]:
    """The dashboard's figures for what ``user`` may see of ``queryset``: totals over every project
    in the filter counted by the database (``figures.totals``), the summaries and timeline of one
    page. Plain values, cached per scope."""
    counted = figures.totals(user, queryset, today)
    page = Paginator(range(counted["count"]), DASHBOARD_PAGE_SIZE).get_page(page_number)
    # Only the page's projects are read with their milestones and reports.
    bottom = (page.number - 1) * DASHBOARD_PAGE_SIZE
    shown = _visible_projects(user, queryset, figures_only=True)[bottom : bottom + DASHBOARD_PAGE_SIZE]
    summaries = [summarise(p, list(p.milestones.all()), list(p.reports.all()), today) for p in shown]
    return {
        **counted,
        "summaries": summaries,
        "number": page.number,
        "timeline": _timeline(summaries, is_rtl(data_code()), today),
    }


# Project page ---------------------------------------------------------------------------------


def project_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Everything the project page shows beyond the generic detail rows (registry extra_context)."""
    user = request.user
    loaded = _visible_projects(user, Project.objects.filter(pk=project.pk)).first() or project
    milestones = list(loaded.milestones.all())
    today = as_at_of(request)
    summary = summarise(loaded, milestones, list(loaded.reports.all()), today)
    files = attachments_for_many(milestones)
    changeable = {m.pk for m in restrict(user, CHANGE, Milestone.objects.filter(project=project))}
    for m in milestones:
        m.files = files.get(m.pk, [])
        for f in m.files:
            f.target = m  # known already: no query per file to find what it evidences
            f.deletable = may_delete(user, f)
        m.slipped = progress.slipped(_facts([m])[0], today)
        m.may_edit = m.pk in changeable and m.status != Milestone.Status.ACCEPTED
        m.may_submit = may_submit(user, m)
        m.may_decide = may_decide(user, m)
        m.progress_form = (
            ProgressForm(
                initial={
                    "current_due": m.current_due,
                    "completed_on": m.completed_on,
                    "evidence_link": m.evidence_link,
                    "version": m.version,
                },
                prefix=f"m{m.pk}",
            )
            if m.may_edit
            else None
        )
    return {
        "summary": summary,
        "as_at": today,
        "milestones": milestones,
        **_project_parts(user, project),
        "target_met": loaded.target_met(),
        "accepted_types": ", ".join(e.upper() for e in ALLOWED_EXTENSIONS if e != "jpeg"),
        "milestone_registration": registry[Milestone],
        "dashboard_url": reverse("portfolio:dashboard"),
    }


def _labels(model: type, *names: str) -> dict[str, str]:
    return {name: str(model._meta.get_field(name).verbose_name) for name in names}


def _project_parts(user: Any, project: Project) -> dict[str, Any]:
    """Phases, benefits and change requests of the project page: one query each, in scope."""
    parts = {
        "phases": (ProjectPhase, ("name", "start", "end", "cost", "declared_percent")),
        "benefits": (Benefit, ("category", "low", "high", "realised", "realised_as_of")),
        "change_requests": (ChangeRequest, ("reference", "description", "previous_end", "new_end",
                                            "cost_delta", "approved_by", "approved_on")),
    }  # fmt: skip
    context: dict[str, Any] = {"benefits_from": project.benefits_from}
    for key, (model, names) in parts.items():
        rows = restrict(user, VIEW, model.objects.filter(project=project))
        if model is ChangeRequest:
            rows = rows.select_related("approved_by")
        registration = registry[model]
        context[key] = {
            "rows": list(rows),
            "labels": _labels(model, *names),
            "title": str(model._meta.verbose_name_plural),
            "list_url": reverse(registration.url_name("list")) + f"?project={project.pk}",
            "add_url": reverse(registration.url_name("add")) if can(user, ADD, model) else "",
        }
    return context


@login_required
def project_by_key(request: HttpRequest, key: str) -> HttpResponse:
    """/portfolio/projects/<code or pk>/ → the project page, if the project is in scope."""
    visible = restrict(request.user, VIEW, Project.objects.all())
    project = visible.filter(code=key).first() or (
        visible.filter(pk=int(key)).first() if key.isdigit() else None
    )
    if project is None:
        raise Http404(_("No such record, or it is outside your entities."))
    return redirect(project.get_absolute_url())


# Milestone actions ----------------------------------------------------------------------------


def _milestone(user: Any, pk: int) -> Milestone:
    milestone = restrict(user, VIEW, Milestone.objects.select_related("project")).filter(pk=pk).first()
    if milestone is None:
        raise Http404(_("No such record, or it is outside your entities."))
    return milestone


def _back(milestone: Milestone) -> HttpResponse:
    return redirect(milestone.project.get_absolute_url() + f"#milestone-{milestone.pk}")


def _report(request: HttpRequest, error: Exception) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


def _act(request: HttpRequest, pk: int, act: Callable[[Milestone], Any], done: str) -> HttpResponse:
    milestone = _milestone(request.user, pk)
    try:
        act(milestone)
    except PermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except (ValidationError, ConflictError) as error:
        _report(request, error)
    else:
        messages.success(request, done % {"milestone": milestone.tr("name", data_code())})
    # Back where the step was taken from (the workspace inbox sends ``next``), else the project.
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return _back(milestone)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
@require_POST
def milestone_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager updates the current due date, the completion date and the evidence link."""
    service = registry[Milestone].service

    def act(milestone: Milestone) -> None:
        form = ProgressForm(request.POST, prefix=f"m{milestone.pk}")
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        data["evidence_link"] = data["evidence_link"] or ""
        service.update(
            milestone, data=data, user=request.user, expected_version=form.cleaned_data.get("version")
        )

    return _act(request, pk, act, _("Saved the milestone %(milestone)s."))


@login_required
@require_POST
def milestone_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an evidence file to a milestone that is not yet accepted."""

    def act(milestone: Milestone) -> None:
        if milestone.status == Milestone.Status.ACCEPTED:
            raise ValidationError(_("An accepted milestone is closed; it can no longer be changed."))
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Choose a file to upload."))
        add_attachment(milestone, form.cleaned_data["file"], user=request.user)

    return _act(request, pk, act, _("Evidence added to the milestone %(milestone)s."))


@login_required
@require_POST
def milestone_submit(request: HttpRequest, pk: int) -> HttpResponse:
    service = registry[Milestone].service
    return _act(
        request,
        pk,
        lambda m: service.submit(m, user=request.user, expected_version=_version(request)),
        _("The milestone %(milestone)s was submitted for acceptance."),
    )


@login_required
@require_POST
def milestone_accept(request: HttpRequest, pk: int) -> HttpResponse:
    service = registry[Milestone].service
    return _act(
        request,
        pk,
        lambda m: service.accept(m, user=request.user, expected_version=_version(request)),
        _("The milestone %(milestone)s was accepted."),
    )


@login_required
@require_POST
def milestone_return(request: HttpRequest, pk: int) -> HttpResponse:
    service = registry[Milestone].service
    form = ReturnForm(request.POST)
    reason = form.data.get("reason", "").strip()
    return _act(
        request,
        pk,
        lambda m: service.return_(
            m, user=request.user, reason={data_code(): reason}, expected_version=_version(request)
        ),
        _("The milestone %(milestone)s was returned to its manager."),
    )


# API actions ----------------------------------------------------------------------------------
# The generic API (core.api) has no hook for extra actions, so the transitions are offered here, at
# /portfolio/api/milestone/<id>/<submit|accept|return>/, with the same authentication as /api/.


@extend_schema(
    request=inline_serializer(
        "MilestoneAction",
        {
            "reason": serializers.CharField(required=False, help_text="Why it is returned (return only)."),
            "version": serializers.IntegerField(required=False, help_text="The version you read."),
        },
    ),
    responses=dict.fromkeys((200, 400, 403, 404, 409), OpenApiTypes.OBJECT),
    description="Submit (project manager), accept or return (central analyst) a milestone.",
)
@api_view(["POST"])
def milestone_action_api(request: Request, pk: int, action: str) -> Response:
    milestone = restrict(request.user, VIEW, Milestone.objects.all()).filter(pk=pk).first()
    if milestone is None:
        return Response({"detail": _("No such record, or it is outside your entities.")}, status=404)
    service = registry[Milestone].service
    raw = request.data.get("version") if hasattr(request.data, "get") else None
    version = int(raw) if str(raw or "").isdigit() else None
    common = {"user": request.user, "source": ObjectChange.Source.API, "expected_version": version}
    try:
        if action == "submit":
            saved = service.submit(milestone, **common)
        elif action == "accept":
            saved = service.accept(milestone, **common)
        else:
            reason = request.data.get("reason", "") if hasattr(request.data, "get") else ""
            reason = reason if isinstance(reason, dict) else {data_code(): str(reason)}
            reason = {str(k): str(v) for k, v in reason.items() if v is not None}
            saved = service.return_(milestone, reason=reason, **common)
    except (PermissionDenied, ConflictError, ValidationError) as error:
        raise as_api_error(error) from error
    data = serializer_class(registry[Milestone])(saved, context={"request": request}).data
    return Response(data)
