"""Oversight pages: the dashboard (counts by body, report, entity and status, ageing, carry-over,
implementation rate over time) and the recommendation page (text, addressees, target dates, the
status timeline in both voices, and the workflow buttons for whoever may act now).

Every read goes through ``queries`` (the permission funnel); every write through the services.
Query counts do not grow with the rows shown: facts are read in a fixed number of queries.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lodestar.core.attachments import add_attachment, attachments_for_many
from lodestar.core.autocomplete import THRESHOLD, choices, choices_url, offer
from lodestar.core.permissions import CHANGE, DELETE, VIEW, can
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

    def __init__(self, *args: Any, addressees: list[Addressee], recommendation: int, **kwargs: Any) -> None:
        """``addressees``: the ones the user may report for (services.reportable_addressees), read
        with their entity; the field validates against them and offers them without a query more."""
        super().__init__(*args, **kwargs)
        field = self.fields["addressee"]
        field.queryset = Addressee.objects.filter(pk__in=[a.pk for a in addressees]).select_related("entity")
        field.empty_label = None  # one of the user's own entities, the first by default
        field.label_from_instance = lambda a: a.entity.acronym or a.entity.code
        if len(addressees) <= THRESHOLD:
            # The loaded list, not the queryset: its widget would read it at each pass over the choices.
            field.choices = [(a.pk, field.label_from_instance(a)) for a in addressees]
        for one in self.fields.values():
            one.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                one.widget, forms.Select) else "form-control form-control-sm")  # fmt: skip
        if len(addressees) > THRESHOLD:
            # A recommendation addressed to many entities: a search for the same choices.
            offer(field, choices_url("oversight.writable_addressees", Addressee, recommendation))


@choices("oversight.writable_addressees", search=("entity__code", "entity__acronym"))
def writable_addressees(user: Any, scope: Any) -> Any:
    """The addressees of the recommendation ``scope`` that ``user`` may report for (UpdateForm)."""
    rec = queries.visible_recommendations(user).filter(pk=scope).first() if str(scope).isdigit() else None
    if rec is None:
        return Addressee.objects.none()
    writable = services.reportable_addressees(user, rec.addressees.select_related("entity"))
    return Addressee.objects.filter(pk__in=[a.pk for a in writable]).select_related(
        "recommendation", "entity"
    )


# The page is the part every reader of one scope sees alike (the record, its addressees and their
# statuses, the timeline, evidence files, linked records, the flags), rendered once per scope and
# generation (scoped_cache.rendered_for_scope), and the reader's own: the workflow buttons of each
# update (they depend on the person: nobody reviews what they proposed), the update form, the CSRF
# token. The buttons sit in the timeline's rows, so the cached part carries placeholders filled per
# reader in one pass: the page's layout stays as it was and a reader pays only for the rows where
# they may act. HTML comments cannot come from the data, which the template escaped.
_PENDING_STATES = (StatusUpdate.State.PROPOSED, StatusUpdate.State.REVIEWED)  # awaiting review or validation
_READER_SLOT = re.compile(r"<!--reader:(csrf|actions:(\d+))-->")
_ACTIONS_TEMPLATE = "oversight/_recommendation_actions.html"
_FORM_TEMPLATE = "oversight/_update_form.html"


def _record_context(
    rec: Recommendation, addressees: list[Addressee], updates: list[StatusUpdate], user: Any
) -> dict[str, Any]:
    """The shared part's context; what it reads of the user are their grants (the scope's)."""
    files = attachments_for_many(updates)
    deletable = {u.pk: can(user, DELETE, u) for u in updates}
    facts = queries.facts_of(rec, addressees, updates)
    latest = analysis.latest_per_addressee(facts.updates)
    pending = {u.addressee_id for u in updates if u.state in _PENDING_STATES}
    status, assessed = facts.status(), facts.assessed()
    return {
        "rec": rec,
        "page_url": reverse("oversight:recommendation_page", args=[rec.pk]),
        "addressees": addressees,
        "explained": [
            {
                "addressee": a,
                "lead": a.entity_id == rec.entity_id,
                "latest": latest.get(a.pk),
                "reported_label": STATUS_LABELS.get(latest[a.pk].reported, "") if a.pk in latest else "",
                "assessed_label": STATUS_LABELS.get(latest[a.pk].assessed, "") if a.pk in latest else "",
                "pending": a.pk in pending,
            }
            for a in addressees
        ],
        "timeline": [
            {
                "update": u,
                "files": files.get(u.pk, []),
                "files_deletable": deletable[u.pk],
                # Only a draft, returned, proposed or reviewed update has buttons (services.allowed_actions).
                "actionable": u.state != StatusUpdate.State.VALIDATED,
            }
            for u in updates
        ],
        "status": status,
        "assessed": assessed,
        "status_label": STATUS_LABELS.get(status or "", _("Not yet reported")),
        "assessed_label": STATUS_LABELS.get(assessed or "", _("Not assessed")),
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


def _reader_actions(request: HttpRequest, updates: list[StatusUpdate]) -> dict[int, str]:
    """Each update's buttons for this reader, rendered only where there is one."""
    user = request.user
    template = get_template(_ACTIONS_TEMPLATE)
    token = get_token(request)
    rendered = {}
    for u in updates:
        editable = services.may_edit_update(user, u)
        item = {
            "update": u,
            "actions": services.allowed_actions(user, u),
            "edit_url": reverse("oversight:statusupdate_edit", args=[u.pk]) if editable else "",
            "attach_url": reverse("oversight:attach", args=[u.pk]) if editable else "",
        }
        if item["actions"] or editable:
            # Not with the request: that would run every context processor (the navigation) per row.
            context = {"item": item, "assessed_choices": ImplementationStatus.choices, "csrf_token": token}
            rendered[u.pk] = template.render(context)
    return rendered


def _page_context(
    request: HttpRequest, rec: Recommendation, form: UpdateForm | None = None
) -> dict[str, Any]:
    user = request.user
    read: dict[str, list] = {}

    def record_context() -> dict[str, Any]:
        read["addressees"] = list(rec.addressees.select_related("entity").order_by("pk"))
        read["updates"] = list(
            queries.updates_of(user, rec)
            .select_related("addressee__entity", "proposed_by", "reviewed_by", "validated_by")
            .order_by("as_of", "pk")
        )
        return _record_context(rec, read["addressees"], read["updates"], user)

    # Today in the key: the flags (past target, aged) move at midnight without a write.
    key = f"{rec.pk}|{queries.today().isoformat()}"
    record = rendered_for_scope(
        "oversight-recommendation", request, key, "oversight/_recommendation_record.html", record_context
    )
    slots = {int(pk) for kind, pk in _READER_SLOT.findall(record) if kind != "csrf"}
    if "updates" in read:
        addressees, actionable = read["addressees"], [u for u in read["updates"] if u.pk in slots]
    else:
        # From the cache: the record's slots name the updates this scope sees that may have buttons.
        addressees = list(rec.addressees.select_related("entity").order_by("pk"))
        actionable = list(
            StatusUpdate.objects.filter(pk__in=slots).select_related("addressee__entity").order_by()
        )
    actions = _reader_actions(request, actionable) if actionable else {}
    token = csrf_input(request) if "<!--reader:csrf-->" in record else ""

    def fill(slot: re.Match) -> str:
        return token if slot[1] == "csrf" else actions.get(int(slot[2]), "")

    writable = services.reportable_addressees(user, addressees)
    if form is not None:  # sent back with its errors: the reader's own
        update_form = render_to_string(_FORM_TEMPLATE, {"form": form, "rec": rec}, request=request)
    elif writable:
        # Unbound, the form (its choices, today's date) is the same for the readers of one scope.
        def form_context() -> dict[str, Any]:
            unbound = UpdateForm(addressees=writable, recommendation=rec.pk)
            return {"form": unbound, "rec": rec, "csrf_slot": True}

        chosen = ",".join(str(a.pk) for a in writable)
        update_form = rendered_for_scope(
            "oversight-update-form", request, f"{key}|{chosen}", _FORM_TEMPLATE, form_context
        )
    else:
        update_form = ""
    if "<!--reader:csrf-->" in update_form and not token:
        token = csrf_input(request)
    return {
        "rec": rec,
        # Rendered (autoescaped) by the templates before the slots were filled with rendered buttons.
        "record": mark_safe(_READER_SLOT.sub(fill, record)),  # noqa: S308
        "update_form": mark_safe(_READER_SLOT.sub(fill, update_form)),  # noqa: S308
        "form": form,
    }


def _visible_rec(request: HttpRequest, pk: int) -> Recommendation:
    """The recommendation if the user may read it, else 404: the funnel's rule (``can`` is
    ``restrict``'s for one record) decided on the row read, cheaper than compiling its subqueries."""
    rec = get_object_or_404(
        Recommendation.objects.select_related("report__body", "entity", "predecessor"), pk=pk
    )
    if not can(request.user, VIEW, rec):
        raise Http404
    return rec


@login_required
def recommendation_page(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _visible_rec(request, pk)
    return render(request, "oversight/recommendation.html", _page_context(request, rec))


@login_required
@require_POST
def add_update(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _visible_rec(request, pk)
    writable = services.reportable_addressees(request.user, rec.addressees.select_related("entity"))
    if not writable:
        raise PermissionDenied(_("You may not report on this recommendation."))
    form = UpdateForm(request.POST, request.FILES, addressees=writable, recommendation=rec.pk)
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
