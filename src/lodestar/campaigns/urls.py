from django.urls import path

from lodestar.core.urls import model_urls

from . import api, views

app_name = "campaigns"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("c/<int:pk>/", views.campaign_page, name="campaign_page"),
    path("c/<int:pk>/launch/", views.launch, name="launch"),
    path("c/<int:pk>/close/", views.close, name="close"),
    path("c/<int:pk>/copy/", views.copy, name="copy"),
    path("a/<int:pk>/", views.assignment_page, name="assignment_page"),
    path("a/<int:pk>/answers/", views.answers, name="answers"),
    path("a/<int:pk>/section/<int:item>/upload/", views.upload, name="upload"),
    path("a/<int:pk>/section/<int:item>/template/", views.template, name="template"),
    path("a/<int:pk>/chase/", views.chase, name="chase"),
    path("a/<int:pk>/<str:action>/", views.transition, name="transition"),
    *(
        path(
            f"api/assignment/<int:pk>/{action}/",
            api.assignment_action,
            {"action": action},
            name=f"api_{action}",
        )
        for action in api.ACTIONS
    ),
    *model_urls("campaigns"),
]
