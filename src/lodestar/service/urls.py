from django.urls import path

from lodestar.core.urls import model_urls

from . import api, views

app_name = "service"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tickets/upload/", views.upload, name="upload"),
    path("api/tickets/upload/", api.upload_tickets, name="api_upload"),
    *model_urls("service"),
]
