from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lodestar.core.languages import data_code

from .tables import RENDERERS, documents, find


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "documents/index.html", {"documents": sorted(documents.values(), key=lambda d: d.symbol)}
    )


@login_required
def table_view(request: HttpRequest, symbol: str, number: str) -> HttpResponse:
    try:
        definition = find(symbol, number)
    except KeyError as error:
        raise Http404(str(error)) from error
    lang = request.GET.get("lang") or data_code()
    data = definition.render(user=request.user, lang=lang)
    fmt = request.GET.get("format")
    if fmt in RENDERERS:
        content_type = {"csv": "text/csv", "json": "application/json", "text": "text/plain"}[fmt]
        return HttpResponse(RENDERERS[fmt](data, lang), content_type=f"{content_type}; charset=utf-8")
    return render(
        request,
        "documents/table.html",
        {"definition": definition, "data": data, "rows": data.formatted(lang), "lang": lang},
    )
