from django.urls import path

from lodestar.core.urls import model_urls

from . import views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan/<int:pk>/results/", views.plan_results, name="plan_results"),
    path("plan/<int:pk>/actual/", views.enter_actual, name="enter_actual"),
    *model_urls("results"),
]
