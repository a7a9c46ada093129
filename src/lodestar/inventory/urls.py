from django.urls import path

from lodestar.core.urls import model_urls

from . import views

app_name = "inventory"
urlpatterns = [
    path("entity/<int:pk>/", views.entity_inventory, name="entity_inventory"),
    *model_urls("inventory"),
]
