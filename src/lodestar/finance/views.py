"""The budget section page: its printed tables, built from the stored facts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from lodestar.core.autocomplete import choices, choices_url, offer
from lodestar.core.languages import data_code
from lodestar.core.models import ImportBatch
from lodestar.core.permissions import IMPORT, VIEW, can, restrict
from lodestar.org.vocabularies import organisation_of

from . import charts, importing
from .models import BudgetComponent, BudgetSection, FundingSource


def section_context(request: HttpRequest, section: BudgetSection) -> dict[str, Any]:
    from lodestar.documents.tables import document_definition

    lang = request.GET.get("lang") or data_code()
    doc = document_definition(section.symbol)
    tables = []
    if doc is not None:
        for number, definition in doc.tables.items():
            if definition.part == "resources":
                data = definition.render(user=request.user, lang=lang)
                tables.append(
                    {
                        "number": number,
                        "data": data,
                        "rows": data.formatted(lang),
                        "url": reverse("documents:table", args=[section.symbol, number]),
                    }
                )
    chart_context = charts.section_charts(
        request.user, section, request.GET.get("chart_period", ""), request.GET.get("chart_stage", "")
    )
    return {
        "budget_charts": chart_context,
        "budget_tables": tables,
        "lang": lang,
        "import_url": reverse("finance:import_object_sheet", args=[section.pk]),
    }


class ObjectSheetForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Sheet (CSV or XLSX) in the printed layout"))
    funding_source = forms.ModelChoiceField(FundingSource.objects.all(), label=gettext_lazy("Funding source"))
    component = forms.ModelChoiceField(
        BudgetComponent.objects.none(), required=False, label=gettext_lazy("Component (empty: the section)")
    )


SHEET_LABEL = "finance.budgetfact:printed-layout"


def _section(user: Any, scope: Any) -> BudgetSection | None:
    return restrict(user, VIEW, BudgetSection).filter(pk=scope).first() if str(scope).isdigit() else None


@choices("finance.sheet_funding_sources")
def sheet_funding_sources(user: Any, scope: Any) -> Any:
    """The sources a sheet of the section ``scope`` may be imported for: its organisation's only (a
    vocabulary is never shared across organisations)."""
    section = _section(user, scope)
    if section is None:
        return FundingSource.objects.none()
    return restrict(user, VIEW, FundingSource).filter(organisation=organisation_of(section.entity))


@choices("finance.sheet_components")
def sheet_components(user: Any, scope: Any) -> Any:
    section = _section(user, scope)
    return section.components.all() if section is not None else BudgetComponent.objects.none()


@login_required
def import_object_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Budget facts from a sheet laid out as an object-of-expenditure table (e.g. Table 29C.13):
    upload → preview (nothing written) → commit, once, as every import."""
    section = get_object_or_404(restrict(request.user, VIEW, BudgetSection), pk=pk)
    if not can(request.user, IMPORT, section):
        raise PermissionDenied
    if request.method == "POST" and "batch" in request.POST:
        return _commit_object_sheet(request, section)
    form = ObjectSheetForm(request.POST or None, request.FILES or None)
    form.fields["component"].queryset = sheet_components(request.user, section.pk)
    form.fields["funding_source"].queryset = sheet_funding_sources(request.user, section.pk)
    # Past THRESHOLD choices, a search asking the endpoint for the same choices.
    sources_url = choices_url("finance.sheet_funding_sources", FundingSource, section.pk)
    offer(form.fields["funding_source"], sources_url)
    offer(form.fields["component"], choices_url("finance.sheet_components", BudgetComponent, section.pk))
    result = batch = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        source, component = form.cleaned_data["funding_source"], form.cleaned_data["component"]
        result = importing.import_object_sheet(
            content,
            filename=upload.name,
            section=section,
            funding_source=source,
            component=component,
            user=request.user,
            commit=False,
        )
        if result.ok:
            batch = ImportBatch.objects.create(
                user=request.user,
                model_label=SHEET_LABEL,
                filename=upload.name[:255],
                content=content,
                summary={
                    **result.counts,
                    "section": section.pk,
                    "funding_source": source.pk,
                    "component": component.pk if component else None,
                },
            )
    return render(
        request,
        "finance/import_object_sheet.html",
        {"section": section, "form": form, "result": result, "batch": batch},
        status=400 if result is not None and not result.ok else 200,
    )


def _commit_object_sheet(request: HttpRequest, section: BudgetSection) -> HttpResponse:
    with transaction.atomic():
        batch = get_object_or_404(
            ImportBatch.objects.select_for_update(),
            pk=request.POST["batch"],
            user=request.user,
            model_label=SHEET_LABEL,
            summary__section=section.pk,
        )
        if batch.status != ImportBatch.Status.PREVIEW:
            messages.warning(request, gettext("This import was already committed."))
            return redirect(section.get_absolute_url())
        summary = batch.summary
        result = importing.import_object_sheet(
            bytes(batch.content),
            filename=batch.filename,
            section=section,
            funding_source=get_object_or_404(FundingSource, pk=summary["funding_source"]),
            component=section.components.filter(pk=summary["component"]).first(),
            user=request.user,
            commit=True,
            batch=batch,
        )
        batch.status = ImportBatch.Status.COMMITTED if result.ok else ImportBatch.Status.REFUSED
        batch.save(update_fields=["status"])
    if not result.ok:
        form = ObjectSheetForm()
        form.fields["component"].queryset = section.components.all()
        return render(
            request,
            "finance/import_object_sheet.html",
            {"section": section, "form": form, "result": result},
            status=400,
        )
    messages.success(
        request,
        gettext("%(facts)s facts and %(changes)s changes imported.")
        % {"facts": result.facts, "changes": result.changes},
    )
    return redirect(section.get_absolute_url())
