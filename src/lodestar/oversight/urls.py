from django.urls import path

from lodestar.core.urls import model_urls

from . import api, views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("r/<int:pk>/", views.recommendation_page, name="recommendation_page"),
    path("r/<int:pk>/update/", views.add_update, name="add_update"),
    path("update/<int:pk>/attach/", views.attach, name="attach"),
    path("update/<int:pk>/<str:action>/", views.workflow, name="workflow"),
    *(
        path(
            f"api/update/<int:pk>/{action}/", api.status_update_step, {"action": action}, name=f"api_{action}"
        )
        for action in api.ACTIONS
    ),
    *model_urls("oversight"),
]
