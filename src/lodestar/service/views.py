"""Service-performance pages: the dashboard (targets against the latest actuals, survey scores
against their target, the KPI series of each service) and the upload of a ticket export."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from lodestar.core.autocomplete import offer, viewable_url
from lodestar.core.permissions import VIEW, restrict
from lodestar.org.models import Entity

from . import ingest
from .checks import target_results
from .models import KpiObservation, SatisfactionSurvey, Service, ServiceLevelAgreement
from .tickets import TicketBatch, TicketFormat

SERIES_LIMIT = 500


class ServiceFilter(forms.Form):
    """The dashboard's choice of a service: a drop-down, or past THRESHOLD services a search."""

    service = forms.ModelChoiceField(
        Service.objects.none(), required=False, empty_label=_("All services"), label=_("Service")
    )

    def __init__(self, data: Any, *, services: Any) -> None:
        super().__init__(data, auto_id="%s-filter")
        self.fields["service"].queryset = services
        self.fields["service"].widget.attrs["class"] = "form-select form-select-sm"
        offer(self.fields["service"], viewable_url(Service))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible_services = restrict(user, VIEW, Service.objects.all())
    selected = request.GET.get("service", "")
    targets = []
    visible_kpis = restrict(user, VIEW, KpiObservation.objects.all())
    shown = set(visible_services.values_list("pk", flat=True))
    agreements = set(restrict(user, VIEW, ServiceLevelAgreement.objects.all()).values_list("pk", flat=True))
    # Actuals are read within the user's scope: an entity's figures are not shown outside it.
    for target, observation in target_results(visible_kpis):
        if target.agreement.service_id not in shown or target.agreement_id not in agreements:
            continue
        targets.append(
            {
                "target": target,
                "observation": observation,
                "missed": observation is not None and target.metric.misses(observation.value, target.target),
            }
        )
    surveys = []
    for survey in restrict(user, VIEW, SatisfactionSurvey.objects.all()).annotate(
        mean=Avg("scores__score_percent")
    ):
        computed = (
            Decimal(survey.mean).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if survey.mean is not None
            else None
        )
        overall = computed if computed is not None else survey.printed_overall_percent
        surveys.append(
            {
                "survey": survey,
                "computed": computed,
                "overall": overall,
                "gap": (overall - survey.target_percent)
                if overall is not None and survey.target_percent
                else None,
            }
        )
    series = visible_kpis.select_related("entity", "service", "metric").order_by(
        "service__code", "metric__code", "entity__code", "period_end", "kind"
    )
    if selected.isdigit():
        series = series.filter(service_id=int(selected))
    return render(
        request,
        "service/dashboard.html",
        {
            "targets": targets,
            "surveys": surveys,
            "series": list(series[:SERIES_LIMIT]),
            "series_limit": SERIES_LIMIT,
            "service_filter": ServiceFilter(request.GET, services=visible_services.order_by("code")),
            "batches": list(
                restrict(user, VIEW, TicketBatch.objects.select_related("entity", "format"))[:20]
            ),
        },
    )


class UploadForm(forms.Form):
    entity = forms.ModelChoiceField(queryset=Entity.objects.none(), label=_("Entity sending the export"))
    format = forms.ModelChoiceField(queryset=TicketFormat.objects.none(), label=_("Export format"))
    file = forms.FileField(label=_("Ticket export (CSV or XLSX)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = restrict(user, VIEW, Entity.objects.all()).order_by("code")
        self.fields["format"].queryset = restrict(user, VIEW, TicketFormat.objects.all()).order_by("code")
        # Past THRESHOLD choices, a search: the endpoint offers the same, what the user may view.
        offer(self.fields["entity"], viewable_url(Entity))
        offer(self.fields["format"], viewable_url(TicketFormat))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch = ingest.store(
                entity=form.cleaned_data["entity"],
                fmt=form.cleaned_data["format"],
                file_name=uploaded.name,
                content=uploaded.read(),
                user=request.user,
            )
            written = ingest.aggregate(batch, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(tickets)s tickets stored; %(n)s KPI observations written.")
                % {"tickets": batch.tickets, "n": written},
            )
            return redirect(batch.get_absolute_url())
    return render(request, "service/upload.html", {"form": form})
