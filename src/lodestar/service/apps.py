from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "lodestar.service"
    label = "service"
    verbose_name = _("Service performance")

    def ready(self) -> None:
        from . import checks, registrations  # noqa: F401 - models, rules
