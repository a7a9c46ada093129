from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "lodestar.inventory"
    label = "inventory"
    verbose_name = _("ICT inventory")

    def ready(self) -> None:
        from . import checks, documents, registrations  # noqa: F401 - models, tables, rules
