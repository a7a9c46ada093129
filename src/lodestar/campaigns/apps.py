from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "lodestar.campaigns"
    label = "campaigns"
    verbose_name = _("Data calls and campaigns")

    def ready(self) -> None:
        from . import registrations  # noqa: F401 - models
