"""The budget section page: its printed tables, built from the stored facts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from lodestar.core.languages import data_code
from lodestar.core.permissions import IMPORT, VIEW, can, restrict

from . import importing
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
    return {
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


@login_required
def import_object_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Budget facts from a sheet laid out as an object-of-expenditure table (e.g. Table 29C.13)."""
    section = get_object_or_404(restrict(request.user, VIEW, BudgetSection), pk=pk)
    if not can(request.user, IMPORT, section):
        raise PermissionDenied
    form = ObjectSheetForm(request.POST or None, request.FILES or None)
    form.fields["component"].queryset = section.components.all()
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = importing.import_object_sheet(
            upload.read(),
            filename=upload.name,
            section=section,
            funding_source=form.cleaned_data["funding_source"],
            component=form.cleaned_data["component"],
            user=request.user,
        )
        if result.ok:
            messages.success(
                request,
                gettext("%(facts)s facts and %(changes)s changes imported.")
                % {"facts": result.facts, "changes": result.changes},
            )
            return redirect(section.get_absolute_url() if hasattr(section, "get_absolute_url") else "/")
    return render(
        request, "finance/import_object_sheet.html", {"section": section, "form": form, "result": result}
    )
