"""A person's own account: changing their password (validated; their API tokens are revoked)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .models import Login
from .services import set_password


class SignIn(auth_views.LoginView):
    """The sign-in page: the identity provider's button when single sign-on is configured, the
    password form unless local passwords are switched off (then a posted password is refused)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            sso=settings.LODESTAR_SSO,
            sso_name=settings.LODESTAR_OIDC_NAME,
            sso_failed=self.request.GET.get("sso") == "failed",
            local_passwords=settings.LODESTAR_LOCAL_PASSWORDS,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LODESTAR_LOCAL_PASSWORDS:
            return HttpResponseForbidden(_("Sign in through your organisation's identity provider."))
        return super().post(request, *args, **kwargs)


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
