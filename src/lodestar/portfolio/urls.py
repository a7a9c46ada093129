from django.urls import path

from lodestar.core.urls import model_urls

from . import views

app_name = "portfolio"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("projects/<str:key>/", views.project_by_key, name="project_page"),
    path("milestone/<int:pk>/progress/", views.milestone_progress, name="milestone_progress"),
    path("milestone/<int:pk>/evidence/", views.milestone_evidence, name="milestone_evidence"),
    path("milestone/<int:pk>/submit/", views.milestone_submit, name="milestone_submit"),
    path("milestone/<int:pk>/accept/", views.milestone_accept, name="milestone_accept"),
    path("milestone/<int:pk>/return/", views.milestone_return, name="milestone_return"),
    *(
        path(
            f"api/milestone/<int:pk>/{action}/",
            views.milestone_action_api,
            {"action": action},
            name=f"api_{action}",
        )
        for action in ("submit", "accept", "return")
    ),
    *model_urls("portfolio"),
]
