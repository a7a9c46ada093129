from django.urls import path

from lodestar.core.urls import model_urls

from . import views, views_dr

app_name = "inventory"
urlpatterns = [
    path("entity/<int:pk>/", views.entity_inventory, name="entity_inventory"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("dr/", views_dr.dr_dashboard, name="dr_dashboard"),
    path("snapshot/<int:pk>/<str:action>/", views.snapshot_action, name="snapshot_action"),
    *model_urls("inventory"),
]
