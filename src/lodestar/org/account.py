"""A person's own account: changing their password (validated; their API tokens are revoked)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from .models import Login
from .services import set_password


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The form validated the old password and Django's validators; the service writes it.
        login = Login.objects.get(pk=self.request.user.pk)  # the model, not the request's lazy wrapper
        set_password(login, form.cleaned_data["new_password1"], user=login, validate=False)
        update_session_auth_hash(self.request, login)  # stay signed in here only
        return super(auth_views.PasswordChangeView, self).form_valid(form)


@login_required
def password_changed(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/password_change_done.html")
