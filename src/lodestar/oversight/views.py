"""Oversight pages: the dashboard (counts by body, report, entity and status, ageing, carry-over,
implementation rate over time) and the recommendation page (text, addressees, target dates, the
status timeline in both voices, and the workflow buttons for whoever may act now).

Every read goes through ``queries`` (the permission funnel); every write through the services.
Query counts do not grow with the rows shown: facts are read in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lodestar.core.attachments import add_attachment, attachments_for_many
from lodestar.core.autocomplete import choices, choices_url, offer
from lodestar.core.permissions import CHANGE, DELETE, can
from lodestar.core.registry import registry
from lodestar.core.scoped_cache import rendered_for_scope

from . import analysis, dashboard_tables, queries, services
from .models import (
    Addressee,
    ImplementationStatus,
    Recommendation,
    StatusUpdate,
)

STATUS_LABELS = dict(ImplementationStatus.choices)
STATUS_ORDER = [s for s, _label in ImplementationStatus.choices]


def generic_detail_context(request: HttpRequest, obj: Recommendation) -> dict[str, Any]:
    return {"page_url": reverse("oversight:recommendation_page", args=[obj.pk])}


def status_update_context(request: HttpRequest, obj: StatusUpdate) -> dict[str, Any]:
    """The status-update page carries its work: its evidence, the steps the user may take, and the
    way back to the recommendation."""
    return {
        "update": obj,
        "files": attachments_for_many([obj]).get(obj.pk, []),
        "actions": services.allowed_actions(request.user, obj),
        "assessed_choices": ImplementationStatus.choices,
        "recommendation_url": reverse(
            "oversight:recommendation_page", args=[obj.addressee.recommendation_id]
        ),
        "attach_url": reverse("oversight:attach", args=[obj.pk])
        if services.may_edit_update(request.user, obj)
        else "",
    }


def _as_at(request: HttpRequest) -> datetime.date:
    raw = request.GET.get("as_at", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else queries.today()
    except ValueError:
        return queries.today()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = _as_at(request)
    table = dashboard_tables.table_of(request.GET.get("table", ""))
    # The figures part is rendered once per scope, date and table: on a hit neither the figures nor
    # the charts are computed; the page around it (the reader's own) is all that is rendered.
    figures = rendered_for_scope(
        "oversight-dashboard",
        request,
        f"{today.isoformat()}|{table}",
        "oversight/_dashboard_figures.html",
        lambda: dashboard_tables.context(request.user, today, table),
    )
    return render(request, "oversight/dashboard.html", {"today": today, "table": table, "figures": figures})


class UpdateForm(forms.Form):
    addressee = forms.ModelChoiceField(queryset=Addressee.objects.none(), label=gettext_lazy("Entity"))
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=datetime.date.today,
    )
    # No status is chosen for the person: a pre-selected "Implemented" was sent unnoticed.
    reported_status = forms.ChoiceField(
        choices=[("", "—"), *ImplementationStatus.choices],
        label=gettext_lazy("Status reported by management"),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea({"rows": 2})
    )
    evidence_link = forms.URLField(label=gettext_lazy("Evidence link"), required=False, assume_scheme="https")
    evidence_description = forms.CharField(
        label=gettext_lazy("Evidence"), required=False, widget=forms.Textarea({"rows": 2})
    )
    evidence_file = forms.FileField(label=gettext_lazy("Evidence file"), required=False)

    def __init__(self, *args: Any, addressees: Any, recommendation: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = addressees.select_related("entity")  # labels name the entity
        self.fields["addressee"].empty_label = None  # one of the user's own entities, the first by default
        self.fields["addressee"].label_from_instance = lambda a: a.entity.acronym or a.entity.code
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                field.widget, forms.Select) else "form-control form-control-sm")  # fmt: skip
        # A recommendation addressed to many entities: past THRESHOLD, a search for the same choices.
        url = choices_url("oversight.writable_addressees", Addressee, recommendation)
        offer(self.fields["addressee"], url)


@choices("oversight.writable_addressees", search=("entity__code", "entity__acronym"))
def writable_addressees(user: Any, scope: Any) -> Any:
    """The addressees of the recommendation ``scope`` that ``user`` may report for (UpdateForm)."""
    rec = queries.visible_recommendations(user).filter(pk=scope).first() if str(scope).isdigit() else None
    if rec is None:
        return Addressee.objects.none()
    writable = [a.pk for a in rec.addressees.select_related("entity") if services.may_add_update(user, a)]
    return Addressee.objects.filter(pk__in=writable).select_related("recommendation", "entity")


def _page_context(
    request: HttpRequest, rec: Recommendation, form: UpdateForm | None = None
) -> dict[str, Any]:
    user = request.user
    addressees = list(rec.addressees.select_related("entity").order_by("pk"))
    updates = list(
        queries.updates_of(user, rec)
        .select_related("addressee__entity", "proposed_by", "reviewed_by", "validated_by")
        .order_by("as_of", "pk")
    )
    facts = queries.facts_for(Recommendation.objects.filter(pk=rec.pk))[rec.pk]
    writable = [a for a in addressees if services.may_add_update(user, a)]
    if form is None and writable:
        form = UpdateForm(
            addressees=Addressee.objects.filter(pk__in=[a.pk for a in writable]), recommendation=rec.pk
        )
    files = attachments_for_many(updates)
    timeline = [
        {
            "update": u,
            "files": files.get(u.pk, []),
            "files_deletable": can(user, DELETE, u),
            "attach_url": reverse("oversight:attach", args=[u.pk])
            if services.may_edit_update(user, u)
            else "",
            "actions": services.allowed_actions(user, u),
            "edit_url": reverse("oversight:statusupdate_edit", args=[u.pk])
            if services.may_edit_update(user, u)
            else "",
        }
        for u in updates
    ]
    latest = analysis.latest_per_addressee(facts.updates)
    pending = {
        u.addressee_id
        for u in updates
        if u.state in (StatusUpdate.State.PROPOSED, StatusUpdate.State.REVIEWED)
    }
    explained = [
        {
            "addressee": a,
            "lead": a.entity_id == rec.entity_id,
            "latest": latest.get(a.pk),
            "reported_label": STATUS_LABELS.get(latest[a.pk].reported, "") if a.pk in latest else "",
            "assessed_label": STATUS_LABELS.get(latest[a.pk].assessed, "") if a.pk in latest else "",
            "pending": a.pk in pending,
        }
        for a in addressees
    ]
    return {
        "rec": rec,
        "addressees": addressees,
        "explained": explained,
        "timeline": timeline,
        "status": facts.status(),
        "assessed": facts.assessed(),
        "status_label": STATUS_LABELS.get(facts.status() or "", _("Not yet reported")),
        "assessed_label": STATUS_LABELS.get(facts.assessed() or "", _("Not assessed")),
        "form": form,
        "assessed_choices": ImplementationStatus.choices,
        "history_url": reverse("oversight:recommendation_history", args=[rec.pk]),
        "edit_url": reverse("oversight:recommendation_edit", args=[rec.pk]) if can(user, CHANGE, rec) else "",
        "successors": list(rec.successors.select_related("report")),
        "linked": {
            "projects": list(rec.projects.all()),
            "bodies": list(rec.governance_bodies.all()),
            "sections": list(rec.budget_sections.all()),
        },
        "no_target": facts.is_open() and facts.target is None,
        "past_target": analysis.past_target(facts, queries.today()),
        "aged": analysis.aged(facts, queries.today()),
    }


def _visible_rec(request: HttpRequest, pk: int) -> Recommendation:
    qs = queries.visible_recommendations(request.user).select_related("report__body", "entity", "predecessor")
    return get_object_or_404(qs, pk=pk)


@login_required
def recommendation_page(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _visible_rec(request, pk)
    return render(request, "oversight/recommendation.html", _page_context(request, rec))


@login_required
@require_POST
def add_update(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _visible_rec(request, pk)
    writable = [a.pk for a in rec.addressees.all() if services.may_add_update(request.user, a)]
    if not writable:
        raise PermissionDenied(_("You may not report on this recommendation."))
    form = UpdateForm(
        request.POST,
        request.FILES,
        addressees=Addressee.objects.filter(pk__in=writable),
        recommendation=rec.pk,
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence_file", None)
        data["comment"] = {"en": data["comment"]} if data["comment"] else {}
        data["evidence_description"] = (
            {"en": data["evidence_description"]} if data["evidence_description"] else {}
        )
        try:
            with transaction.atomic():  # a refused file leaves no draft behind
                update = registry[StatusUpdate].service.create(data=data, user=request.user)
                if upload:
                    add_attachment(update, upload, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Draft update saved. Propose it when it is ready."))
            return redirect("oversight:recommendation_page", pk=rec.pk)
    return render(request, "oversight/recommendation.html", _page_context(request, rec, form), status=400)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an evidence file to a draft or returned update of the user's own entity."""
    update = get_object_or_404(
        queries.visible_updates(request.user).select_related("addressee__entity"), pk=pk
    )
    if not services.may_edit_update(request.user, update):
        raise PermissionDenied(_("An update is changed only while it is a draft or returned."))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            add_attachment(update, upload, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evidence file added."))
    return redirect("oversight:recommendation_page", pk=update.addressee.recommendation_id)


@login_required
@require_POST
def workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    update = get_object_or_404(
        queries.visible_updates(request.user).select_related("addressee__recommendation"), pk=pk
    )
    try:
        services.transition(
            update,
            action,
            user=request.user,
            reason=request.POST.get("reason", ""),
            assessed_status=request.POST.get("assessed_status", ""),
            assessed_comment=request.POST.get("assessed_comment", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            services.PROPOSE: _("Update proposed for review."),
            services.REVIEW: _("Update reviewed; it awaits validation by an oversight reviewer."),
            services.VALIDATE: _("Update validated."),
            services.RETURN: _("Update returned with your reason."),
        }
        messages.success(request, done.get(action, _("Done.")))
    # Back where the step was taken from (the workspace inbox sends ``next``), else the record.
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("oversight:recommendation_page", pk=update.addressee.recommendation_id)
