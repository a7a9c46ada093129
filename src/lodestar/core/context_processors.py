from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .languages import data_code, is_rtl
from .permissions import VIEW, can
from .registry import menu_links, registry


def menu_for(user: Any) -> dict[str, list]:
    """The registered models ``user`` may view, grouped by area, with each area's own pages."""
    menu: dict[str, list] = {}
    if user is not None and user.is_authenticated:
        for r in registry:
            if can(user, VIEW, r.model):
                menu.setdefault(str(r.menu_group or r.model._meta.app_config.verbose_name), []).append(r)
        for group, label, url_name in menu_links:
            if str(group) in menu:
                menu[str(group)].append({"label": label, "url_name": url_name})
    return menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu, built only by a page that reads it: the site's menu comes rendered from the cache
    ({% areas_menu %}), so most pages never ask a hundred permission questions."""
    user = getattr(request, "user", None)
    lang = data_code()
    return {"menu": SimpleLazyObject(lambda: menu_for(user)), "data_lang": lang, "rtl": is_rtl(lang)}
