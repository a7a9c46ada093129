from django.urls import path

from . import views

app_name = "workspace"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("notifications/", views.notifications_page, name="notifications"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
    path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
]
