from lodestar.core.urls import model_urls

app_name = "portfolio"
urlpatterns = [*model_urls("portfolio")]
