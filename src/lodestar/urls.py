from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from lodestar.core.api.viewsets import build_router
from lodestar.core.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search, name="search"),
    path("changes/", pages.change_log, name="change_log"),
    path("findings/", pages.findings, name="findings"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("lodestar.org.urls")),
    path("results/", include("lodestar.results.urls")),
    path("portfolio/", include("lodestar.portfolio.urls")),
    path("finance/", include("lodestar.finance.urls")),
    path("oversight/", include("lodestar.oversight.urls")),
    path("campaigns/", include("lodestar.campaigns.urls")),
    path("inventory/", include("lodestar.inventory.urls")),
    path("documents/", include("lodestar.documents.urls")),
    path("attachments/", include("lodestar.core.attachments")),
    path("api/", include(build_router().urls)),
    path("api/token/", obtain_auth_token, name="api_token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
]
