"""The workspace pages: my work (the inbox), my notifications and how I receive them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lodestar.oversight.models import ImplementationStatus

from . import inbox
from .forms import PreferenceForm
from .models import Notification, Preference
from .notify import message


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    work = inbox.items(request.user, today)
    # Pages of 100 rows: an analyst at the UN's scale may have a thousand steps waiting.
    page = Paginator(work, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/inbox.html",
        {
            "items": page,
            "page": page,
            "total": len(work),
            "overdue": sum(1 for item in work if item.overdue),
            "today": today,
            "assessed_choices": ImplementationStatus.choices,
        },
    )


@login_required
def notifications_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(recipient=request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = [{"notification": n, "message": message(n)} for n in page]
    return render(request, "workspace/notifications.html", {"page": page, "rows": rows})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to its record."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked read."))
    return redirect("workspace:notifications")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference, _created = Preference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification preference is saved."))
        return redirect("workspace:preferences")
    context: dict[str, Any] = {"form": form, "email": request.user.email}
    return render(request, "workspace/preferences.html", context, status=400 if form.errors else 200)
