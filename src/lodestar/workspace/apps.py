from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "lodestar.workspace"
    label = "workspace"
    verbose_name = _("My work")

    def ready(self) -> None:
        from . import notify

        notify.connect()
