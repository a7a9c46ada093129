from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lodestar.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from . import definitions  # noqa: F401 - registers the document tables
