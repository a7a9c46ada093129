from django.urls import path

from lodestar.core.urls import model_urls

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("security/", views.security_dashboard, name="security"),
    path("entity/<int:pk>/", views.profile, name="profile"),
    path("finding/<int:pk>/raise/", views.raise_finding, name="raise_finding"),
    *model_urls("compliance"),
]
