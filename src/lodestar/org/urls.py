from django.urls import path

from lodestar.core.urls import model_urls

from . import views

app_name = "org"
urlpatterns = [
    path("tree/", views.entity_tree, name="entity_tree"),
    path("governance/compliance/", views.governance_compliance, name="governance_compliance"),
    path("login/<int:pk>/password/", views.login_password, name="login_password"),
    *model_urls("org"),
]
