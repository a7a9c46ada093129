from lodestar.core.urls import model_urls

app_name = "finance"
urlpatterns = [*model_urls("finance")]
