from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from lodestar.core import autocomplete, task_views
from lodestar.core.api.viewsets import build_router
from lodestar.core.health import healthz
from lodestar.core.views import changelog, pages
from lodestar.org import account
from lodestar.workspace.api import inbox_api
from lodestar.workspace.home import home

# The third-party API browsers style their widgets with <style> elements; only their pages allow it.
third_party_ui = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})

urlpatterns = [
    path("", home, name="home"),
    path("directory/", pages.home, name="directory"),
    path("search/", pages.search, name="search"),
    path("autocomplete/<str:label>/", autocomplete.autocomplete, name="autocomplete"),
    path("changes/", changelog.change_log, name="change_log"),
    path("findings/", pages.findings, name="findings"),
    path("tasks/checks/", task_views.start_checks, name="start_checks"),
    path("tasks/<uuid:pk>/", task_views.task_status, name="task_status"),
    path("healthz", healthz, name="healthz"),
    path("login/", account.SignIn.as_view(), name="login"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", account.PasswordChange.as_view(), name="password_change"),
    path("account/password/done/", account.password_changed, name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("lodestar.org.urls")),
    path("results/", include("lodestar.results.urls")),
    path("portfolio/", include("lodestar.portfolio.urls")),
    path("finance/", include("lodestar.finance.urls")),
    path("oversight/", include("lodestar.oversight.urls")),
    path("campaigns/", include("lodestar.campaigns.urls")),
    path("inventory/", include("lodestar.inventory.urls")),
    path("compliance/", include("lodestar.compliance.urls")),
    path("service/", include("lodestar.service.urls")),
    path("documents/", include("lodestar.documents.urls")),
    path("attachments/", include("lodestar.core.attachments")),
    path("workspace/", include("lodestar.workspace.urls")),
    path("api/inbox/", inbox_api, name="api_inbox"),
    path("api/", include(build_router().urls)),
    path("api/token/", obtain_auth_token, name="api_token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/docs/",
        third_party_ui(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("api/redoc/", third_party_ui(SpectacularRedocView.as_view(url_name="api_schema")), name="api_redoc"),
]
