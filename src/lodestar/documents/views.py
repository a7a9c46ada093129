from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from lodestar.core.languages import DATA_LANGUAGES, data_code
from lodestar.core.permissions import CHANGE, can
from lodestar.core.scoped_cache import cached_for_scope
from lodestar.core.translation import LANGUAGE_LABELS

from . import drafts, jobs, services
from .access import readable_documents
from .models import Document, DraftRendering, Issue
from .render import CONTENT_TYPES, FORMATS, file_name
from .tables import RENDERERS, definition_of, find


def framed_preview(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The document page shows the HTML rendering in a frame: these responses may be framed by
    Lodestar's own pages (every other page refuses any frame), and the rendered HTML keeps its own
    style element (it is a file, laid out for print); script stays refused."""
    return xframe_options_sameorigin(
        csp_replace({"frame-ancestors": [SELF], "style-src": [SELF, "'unsafe-inline'"]})(view)
    )


def visible_document(user: Any, pk: int) -> Document:
    record = readable_documents(user).filter(pk=pk).first()
    if record is None:
        raise Http404(_("No such document, or it is outside your entities."))
    return record


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Documents per organisation (the owning root entity), with what has been issued."""
    records = list(
        readable_documents(request.user).select_related("entity").order_by("entity__code", "symbol")
    )
    issues = (
        Issue.objects.filter(document__in=records)
        .select_related("corrigendum")
        .order_by("language", "-issued_at")
    )
    by_document: dict[int, list[Issue]] = {}
    for item in issues:
        by_document.setdefault(item.document_id, []).append(item)
    organisations: dict[str, list[dict]] = {}
    for record in records:
        organisations.setdefault(record.entity.tr("name") or record.entity.code, []).append(
            {"record": record, "title": record.tr("title"), "issues": by_document.get(record.pk, [])}
        )
    return render(request, "documents/index.html", {"organisations": organisations, "formats": FORMATS})


@login_required
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = visible_document(request.user, pk)
    lang = request.GET.get("lang") or data_code()
    if lang not in DATA_LANGUAGES:
        lang = "en"
    definition = definition_of(record)
    return render(
        request,
        "documents/document.html",
        {
            "record": record,
            "definition": definition,
            "lang": lang,
            "languages": [(code, LANGUAGE_LABELS[code]) for code in DATA_LANGUAGES],
            "formats": FORMATS,
            "versions": {v.language: v for v in record.versions.all()},
            "issues": record.issues.select_related("corrigendum").order_by("language", "-issued_at"),
            "corrigenda": record.corrigenda.order_by("number"),
            "open_corrigendum": record.corrigenda.filter(is_open=True).first(),
            "can_issue": can(request.user, CHANGE, record),
            **_issuing(record),
        },
    )


def _issuing(record: Document) -> dict[str, Any]:
    tasks = jobs.recent(record)
    return {"tasks": tasks, "tasks_unfinished": any(t["status"] in jobs.UNFINISHED for t in tasks)}


@login_required
def issuing_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's issue tasks alone, for htmx to refresh while one is unfinished; once none is,
    the whole page again (its issued versions then include the new one)."""
    record = visible_document(request.user, pk)
    context = _issuing(record)
    if not context["tasks_unfinished"] and request.headers.get("HX-Request"):
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "documents/issuing.html", {"record": record, **context})


@framed_preview
@login_required
def render_view(request: HttpRequest, pk: int, lang: str, fmt: str) -> HttpResponse:
    """The document in one language and format from the current data the reader may see: the
    reader's draft when one was rendered from the current data, else a page that follows the
    background rendering (documents.drafts) and offers the file when it is done."""
    record = visible_document(request.user, pk)
    if lang not in DATA_LANGUAGES or fmt not in FORMATS:
        raise Http404(_("Unknown language or format."))
    inline = request.GET.get("inline") == "1"
    draft = drafts.find_or_queue(record, lang, fmt, user=request.user)
    if draft.ready:
        return _file(bytes(draft.content), record.symbol, lang, fmt, inline=inline)
    return _draft_page(request, record, draft, inline=inline)


def _draft_context(record: Document, draft: DraftRendering, *, inline: bool) -> dict[str, Any]:
    query = "?inline=1" if inline else ""
    return {
        "record": record,
        "draft": draft,
        "status": drafts.status(draft),
        "inline": inline,
        "language_label": LANGUAGE_LABELS.get(draft.language, draft.language),
        "poll_url": reverse("documents:draft", args=[record.pk, draft.pk]) + query,
        "file_url": reverse("documents:draft_file", args=[record.pk, draft.pk]) + query,
        "again_url": reverse("documents:render", args=[record.pk, draft.language, draft.format]) + query,
    }


def _draft_page(
    request: HttpRequest, record: Document, draft: DraftRendering, *, inline: bool
) -> HttpResponse:
    context = _draft_context(record, draft, inline=inline)
    if request.headers.get("HX-Request"):
        return render(request, "documents/draft_status.html", context)
    # In the document page's preview frame, the page alone, without the navigation.
    return render(request, "documents/draft_bare.html" if inline else "documents/draft.html", context)


@framed_preview
@login_required
def draft_view(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    """Where one of the reader's drafts stands; htmx asks again every second while it is unfinished."""
    record = visible_document(request.user, pk)
    draft = drafts.of_user(record, draft_pk, request.user)
    if draft is None:
        raise Http404(_("No such draft."))
    return _draft_page(request, record, draft, inline=request.GET.get("inline") == "1")


@framed_preview
@login_required
def draft_file(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    record = visible_document(request.user, pk)
    draft = drafts.of_user(record, draft_pk, request.user)
    if draft is None or not draft.ready:
        raise Http404(_("No such draft."))
    inline = request.GET.get("inline") == "1"
    response = _file(bytes(draft.content), record.symbol, draft.language, draft.format, inline=inline)
    response["X-Content-SHA256"] = draft.sha256
    return response


@login_required
def issued_file(request: HttpRequest, pk: int, issue_pk: int, fmt: str) -> HttpResponse:
    record = visible_document(request.user, pk)
    item = record.issues.filter(pk=issue_pk).first()
    stored = item.files.filter(format=fmt).first() if item else None
    if stored is None:
        raise Http404(_("No such issued file."))
    response = _file(bytes(stored.content), record.symbol, item.language, fmt)
    response["X-Content-SHA256"] = stored.sha256
    return response


def _file(content: bytes, symbol: str, lang: str, fmt: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if inline or fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name(symbol, lang, fmt)}"'
    return response


@login_required
@require_POST
def issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = visible_document(request.user, pk)
    lang = request.POST.get("lang", "")
    try:
        jobs.queue_issue(record, lang, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.info(
            request,
            _("%(symbol)s is being issued in %(lang)s in the background; this page shows when it is done.")
            % {"symbol": record.symbol, "lang": LANGUAGE_LABELS[lang]},
        )
    return redirect(f"{reverse('documents:document', args=[record.pk])}?lang={lang}")


@login_required
@require_POST
def corrigendum_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = visible_document(request.user, pk)
    try:
        corrigendum = services.open_corrigendum(
            record, reason=request.POST.get("reason", ""), user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("Corrigendum %(name)s opened: its facts may be edited.") % {"name": corrigendum}
        )
    return redirect("documents:document", pk=record.pk)


@login_required
def table_view(request: HttpRequest, symbol: str, number: str) -> HttpResponse:
    if not readable_documents(request.user).filter(symbol=symbol).exists():
        try:  # a table that exists nowhere is named as such, with what there is
            find(symbol, number)
        except KeyError as error:
            raise Http404(str(error)) from error
        raise Http404(_("No such document, or it is outside your entities."))
    lang = request.GET.get("lang") or data_code()
    fmt = request.GET.get("format")
    fmt = fmt if fmt in RENDERERS else "html"

    def build() -> tuple[str, str]:
        definition = find(symbol, number)
        data = definition.render(user=request.user, lang=lang)
        if fmt != "html":
            return str(data.title), RENDERERS[fmt](data, lang)
        context = {"definition": definition, "data": data, "rows": data.printed_rows(lang), "lang": lang}
        title = f"{definition.document} · {definition.number}"
        # Without the request, as every part kept for a scope (scoped_cache.rendered_for_scope).
        return title, render_to_string("documents/_table.html", context)

    # The table as the reader's scope sees it, until the next recorded write (core.scoped_cache):
    # a hit reads neither the document's definition nor its facts, nor renders a row.
    try:
        title, made = cached_for_scope(
            "document-table", request.user, f"{symbol}|{number}|{lang}|{fmt}", build
        )
    except KeyError as error:
        raise Http404(str(error)) from error
    if fmt != "html":
        content_type = {"csv": "text/csv", "json": "application/json", "text": "text/plain"}[fmt]
        return HttpResponse(made, content_type=f"{content_type}; charset=utf-8")
    # Rendered by a template (autoescaped) before it was cached.
    return render(request, "documents/table.html", {"title": title, "table_html": mark_safe(made)})  # noqa: S308
