"""Campaign pages: what is asked of my entities and by when; a campaign's completeness and chase
list for the analyst; an assignment where a focal point answers (questions, spreadsheets) and an
analyst accepts or returns. Reads through ``restrict``; writes through ``services``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lodestar.core.permissions import CHANGE, VIEW, can, restrict
from lodestar.core.services import ConflictError

from . import completeness, reminders, services
from .models import Assignment, Campaign, CampaignItem

PAGE_SIZE = 50


class CopyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code of the copy"), max_length=60)
    opens = forms.DateField(label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))


def _today() -> datetime.date:
    return timezone.localdate()


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = (
        restrict(request.user, VIEW, Campaign.objects.select_related("entity", "owner")).filter(pk=pk).first()
    )
    if campaign is None:
        raise Http404(_("No such campaign, or it is outside your entities."))
    return campaign


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    found = (
        restrict(request.user, VIEW, Assignment.objects.select_related("campaign", "entity", "decided_by"))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such assignment, or it is outside your entities."))
    return found


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """What is asked of the user's entities and when it is due; and the campaigns they run."""
    today = _today()
    answerable = (
        restrict(request.user, services.ANSWER, Assignment.objects.all())
        .filter(campaign__status=Campaign.Status.OPEN)
        .select_related("campaign", "entity")
        .order_by("campaign__deadline", "entity__code")
    )
    page = Paginator(answerable, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"a": a, "late": a.is_late(today), "days_left": (a.campaign.deadline - today).days} for a in page]
    reminders_seen = (
        restrict(request.user, services.ANSWER, Assignment.objects.all())
        .filter(reminders__isnull=False, state__in=services.OPEN_STATES)
        .values("pk", "campaign__code", "entity__code", "reminders__kind", "reminders__sent_on")
        .order_by("-reminders__sent_on")[:10]
    )
    run = restrict(request.user, CHANGE, Campaign.objects.select_related("entity")).order_by(
        "-opens", "code"
    )[:50]
    return render(
        request,
        "campaigns/mine.html",
        {"page": page, "rows": rows, "run": run, "today": today, "reminders": list(reminders_seen)},
    )


@login_required
def campaign_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    today = _today()
    visible = restrict(request.user, VIEW, campaign.assignments.select_related("entity")).order_by(
        "entity__code"
    )
    state = request.GET.get("state", "")
    if state in Assignment.State.values:
        visible = visible.filter(state=state)
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("page"))
    may_run = can(request.user, CHANGE, campaign)
    context = {
        "campaign": campaign,
        "items": list(campaign.items.all()),
        "page": page,
        "state": state,
        "states": Assignment.State.choices,
        "today": today,
        "late": campaign.is_late(today),
        "may_run": may_run,
        "copy_form": CopyForm(initial={"code": f"{campaign.code}-NEXT"}) if may_run else None,
    }
    if may_run:
        context["completeness"] = completeness.completeness(campaign, today)
        context["chase"] = completeness.chase_list(campaign, today)[:PAGE_SIZE]
        context["in_scope"] = (
            services.entities_in_scope(campaign).count() if campaign.status == Campaign.Status.DRAFT else None
        )
    return render(request, "campaigns/campaign.html", context)


def _act(request: HttpRequest, target: str, act: Any, done: str) -> HttpResponse:
    try:
        act()
    except (ValidationError, PermissionDenied, ConflictError) as error:
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(target)


@login_required
@require_POST
def launch(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return _act(
        request,
        campaign_url(campaign),
        lambda: services.launch(campaign, user=request.user),
        _("The campaign is open."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return _act(
        request,
        campaign_url(campaign),
        lambda: services.close(campaign, user=request.user),
        _("The campaign is closed."),
    )


@login_required
@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(campaign_url(campaign))
    made: dict[str, Campaign] = {}

    def act() -> None:
        made["copy"] = services.copy_campaign(campaign, user=request.user, **form.cleaned_data)

    response = _act(
        request, campaign_url(campaign), act, _("A draft copy was made; launch it when it is ready.")
    )
    return redirect(campaign_url(made["copy"])) if "copy" in made else response


def campaign_url(campaign: Campaign) -> str:
    from django.urls import reverse

    return reverse("campaigns:campaign_page", args=[campaign.pk])


@login_required
@require_POST
def chase(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    target = request.POST.get("next") or campaign_url(assignment.campaign)
    if not target.startswith("/"):
        target = campaign_url(assignment.campaign)
    return _act(
        request,
        target,
        lambda: reminders.chase(assignment, user=request.user, today=_today()),
        _("A reminder was sent to the focal points of %(entity)s.") % {"entity": assignment.entity.code},
    )


# The assignment page ------------------------------------------------------------------------


def _assignment_context(request: HttpRequest, assignment: Assignment, problems: dict | None = None) -> dict:
    items = list(assignment.campaign.items.all())
    answers = {a.item_id: a.value for a in assignment.answers.all()}
    files = {f.item_id: f for f in assignment.section_files.all()}
    rows = []
    for item in items:
        rows.append(
            {
                "item": item,
                "value": (problems or {}).get(f"value:{item.code}", answers.get(item.pk, "")),
                "problem": (problems or {}).get(item.code),
                "file": files.get(item.pk),
            }
        )
    may_answer = services.may_answer(request.user, assignment)
    return {
        "assignment": assignment,
        "campaign": assignment.campaign,
        "rows": rows,
        "has_questions": any(i.kind != CampaignItem.Kind.SECTION for i in items),
        "may_answer": may_answer,
        "may_decide": services.may_decide(request.user, assignment),
        "missing": services.missing(assignment) if may_answer else [],
        "reminders": assignment.reminders.all()[:20],
        "late": assignment.is_late(_today()),
        "yes_no": [("yes", _("Yes")), ("no", _("No"))],
    }


@login_required
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    services.mark_opened(assignment, user=request.user)
    return render(request, "campaigns/assignment.html", _assignment_context(request, assignment))


@login_required
@require_POST
def answers(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    codes = [i.code for i in assignment.campaign.items.exclude(kind=CampaignItem.Kind.SECTION)]
    values = {code: request.POST.get(f"q-{code}", "") for code in codes if f"q-{code}" in request.POST}
    try:
        problems = services.save_answers(assignment, values, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            messages.error(request, message)
        return redirect("campaigns:assignment_page", pk=pk)
    if problems:
        shown = {**problems, **{f"value:{c}": v for c, v in values.items()}}
        messages.error(request, _("Some answers have problems; nothing was saved."))
        context = _assignment_context(request, assignment, shown)
        return render(request, "campaigns/assignment.html", context, status=400)
    messages.success(request, _("Answers saved."))
    return redirect("campaigns:assignment_page", pk=pk)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    section = assignment.campaign.items.filter(pk=item, kind=CampaignItem.Kind.SECTION).first()
    if section is None:
        raise Http404(_("This campaign has no such spreadsheet section."))
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("campaigns:assignment_page", pk=pk)
    if file.size > services.MAX_UPLOAD_BYTES:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect("campaigns:assignment_page", pk=pk)
    try:
        saved = services.upload_section(
            assignment, section, content=file.read(), filename=file.name, user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            messages.error(request, message)
    else:
        if saved.problems:
            messages.error(
                request,
                _(
                    "The spreadsheet has %(count)s problem(s), listed under the section. "
                    "Correct them and upload it again."
                )
                % {"count": len(saved.problems)},
            )
        else:
            messages.success(
                request, _("The spreadsheet is valid: %(rows)s row(s).") % {"rows": saved.row_count}
            )
    return redirect("campaigns:assignment_page", pk=pk)


@login_required
def template(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """The section's spreadsheet to fill in, in the list's import format, with the entity's current rows."""
    assignment = _assignment(request, pk)
    section = assignment.campaign.items.filter(pk=item, kind=CampaignItem.Kind.SECTION).first()
    if section is None:
        raise Http404(_("This campaign has no such spreadsheet section."))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content = services.section_template(assignment, section, fmt)
    types = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(content, content_type=types[fmt])
    name = f"{assignment.campaign.code}-{assignment.entity.code}-{section.code}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    assignment = _assignment(request, pk)
    common = {"user": request.user, "expected_version": _version(request)}
    target = request.POST.get("next", "")
    if not target.startswith("/"):
        from django.urls import reverse

        target = reverse("campaigns:assignment_page", args=[pk])
    if action == "submit":
        return _act(
            request, target, lambda: services.submit(assignment, **common), _("Submitted for review.")
        )
    if action == "accept":
        return _act(
            request,
            target,
            lambda: services.accept(assignment, **common),
            _("Accepted: the answers of %(entity)s are now its records.")
            % {"entity": assignment.entity.code},
        )
    if action == "return":
        reason = request.POST.get("reason", "")
        return _act(
            request,
            target,
            lambda: services.return_(assignment, reason=reason, **common),
            _("Returned to %(entity)s with the reason given.") % {"entity": assignment.entity.code},
        )
    raise Http404(_("No such action."))
