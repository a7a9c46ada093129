"""Pages that span models: home, search, change log, findings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..checks import default_as_at, grouped_by_root_cause, parse_as_at, run_checks, visible_findings
from ..filters import search_condition
from ..permissions import VIEW, can, restrict
from ..registry import registry


@login_required
def home(request: HttpRequest) -> HttpResponse:
    groups: dict[str, list] = {}
    for r in registry:
        if can(request.user, VIEW, r.model):
            count = restrict(request.user, VIEW, r.model).count()
            groups.setdefault(str(r.menu_group or r.model._meta.app_config.verbose_name), []).append(
                (r, count)
            )
    return render(request, "core/home.html", {"groups": groups})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    results = []
    if q:
        for r in registry:
            if not r.search_fields or not can(request.user, VIEW, r.model):
                continue
            queryset = restrict(request.user, VIEW, r.base_queryset()).filter(search_condition(r, q))
            hits = list(queryset[:20])
            if hits:
                results.append((r, hits, queryset.count()))
    return render(request, "core/search.html", {"q": q, "results": results})


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    """The findings of the rules at an as-at date (?as_at=YYYY-MM-DD, else the default), those derived
    from another listed under their root cause."""
    error = ""
    try:
        as_at = parse_as_at(request.GET.get("as_at"))
    except ValueError:
        as_at, error = None, _("The as-at date must be a date (YYYY-MM-DD).")
    as_at = as_at or default_as_at()
    shown = visible_findings(request.user, run_checks(as_at=as_at))
    return render(
        request,
        "core/findings.html",
        {"groups": grouped_by_root_cause(shown), "count": len(shown), "as_at": as_at, "error": error},
    )
