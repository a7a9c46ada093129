from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "lodestar.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import checks, registrations  # noqa: F401 - registers models and data-quality rules
