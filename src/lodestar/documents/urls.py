from django.urls import path

from lodestar.core.urls import model_urls

from . import api, views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("d/<int:pk>/", views.document_page, name="document"),
    path("d/<int:pk>/render/<str:lang>/<str:fmt>/", views.render_view, name="render"),
    path("d/<int:pk>/drafts/<int:draft_pk>/", views.draft_view, name="draft"),
    path("d/<int:pk>/drafts/<int:draft_pk>/file/", views.draft_file, name="draft_file"),
    path("d/<int:pk>/issued/<int:issue_pk>/<str:fmt>/", views.issued_file, name="issued_file"),
    path("d/<int:pk>/issue/", views.issue_view, name="issue"),
    path("d/<int:pk>/issuing/", views.issuing_view, name="issuing"),
    path("d/<int:pk>/corrigendum/", views.corrigendum_view, name="corrigendum"),
    path("api/document/<int:pk>/", api.document_detail, name="api_document"),
    path("api/document/<int:pk>/render/<str:lang>/<str:fmt>/", api.document_render, name="api_render"),
    path("api/document/<int:pk>/drafts/<int:draft_pk>/", api.document_draft, name="api_draft"),
    path("api/document/<int:pk>/drafts/<int:draft_pk>/file/", api.document_draft_file, name="api_draft_file"),
    path("api/document/<int:pk>/issue/", api.document_issue, name="api_issue"),
    path("api/document/<int:pk>/tasks/<str:task_id>/", api.document_task, name="api_task"),
    path("api/document/<int:pk>/corrigendum/", api.document_corrigendum, name="api_corrigendum"),
    path("table/<path:symbol>/<str:number>/", views.table_view, name="table"),
    *model_urls("documents"),
]
