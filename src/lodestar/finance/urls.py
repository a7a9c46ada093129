from django.urls import path

from lodestar.core.urls import model_urls

from . import views

app_name = "finance"
urlpatterns = [
    path("section/<int:pk>/import-object-sheet/", views.import_object_sheet, name="import_object_sheet"),
    *model_urls("finance"),
]
