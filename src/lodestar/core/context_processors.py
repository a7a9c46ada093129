from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .languages import data_code, is_rtl
from .permissions import VIEW, can
from .registry import menu_links, registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu: registered models the user may view, grouped; cached per request."""
    user = getattr(request, "user", None)
    menu: dict[str, list] = {}
    if user is not None and user.is_authenticated:
        for r in registry:
            if can(user, VIEW, r.model):
                menu.setdefault(str(r.menu_group or r.model._meta.app_config.verbose_name), []).append(r)
        for group, label, url_name in menu_links:
            if str(group) in menu:
                menu[str(group)].append({"label": label, "url_name": url_name})
    lang = data_code()
    return {"menu": menu, "data_lang": lang, "rtl": is_rtl(lang)}
