from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("table/<path:symbol>/<str:number>/", views.table_view, name="table"),
]
