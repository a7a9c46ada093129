"""The legislative mandates of a strategic framework (A/71/6 (Prog. 25), "Legislative mandates"): the
programme's general list, then each subprogramme's, from the stored mandates, in the order printed."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_noop, pgettext

from lodestar.core.languages import django_code
from lodestar.documents.tables import Row, TableData, printed
from lodestar.documents.types import STRATEGIC_FRAMEWORK, Context, bind

from .documents import MANDATE_COLUMNS, Text, _scoped, mandate_label
from .models import LegislativeMandate

TITLE = {"en": gettext_noop("Legislative mandates"), "zh": "立法授权"}


def _general(lang: str) -> str:
    # The seed heads the programme-wide list 概况; "General" alone is also a document's distribution.
    if lang == "zh":
        return "概况"
    with translation.override(django_code(lang)):
        return pgettext("legislative mandates of the programme as a whole", "General")


def _subprogramme(component: Any, lang: str) -> str:
    title = component.tr("title", lang)
    if lang == "zh":
        return f"次级方案 {component.number} {title}"
    word = printed({"en": gettext_noop("Subprogramme")}, lang)
    return f"{word} {component.number}: {title}"


@bind(STRATEGIC_FRAMEWORK, "mandates", TITLE, part="programme")
def strategic_framework_mandates(user: Any, lang: str, ctx: Context) -> TableData:
    # The general list (no component) first, then the subprogrammes in their printed order.
    mandates = (
        _scoped(LegislativeMandate, user)
        .filter(plan__symbol=ctx.symbol)
        .select_related("component")
        .order_by(F("component__order").asc(nulls_first=True), "component_id", "order", "symbol")
    )
    rows: list[Row] = []
    started: set[int | None] = set()  # the lists (component ids; None: the general list) headed so far
    for mandate in mandates:
        if mandate.component_id not in started:
            started.add(mandate.component_id)
            component = mandate.component
            label = _general(lang) if component is None else _subprogramme(component, lang)
            rows.append(Row(label, [Text("")], style="heading"))
        rows.append(Row(mandate_label(mandate, lang), [Text(mandate.tr("title", lang))], level=1))
    return TableData(
        title=printed(TITLE, lang),
        columns=[printed(MANDATE_COLUMNS["resolution"], lang), printed(MANDATE_COLUMNS["title"], lang)],
        rows=rows,
        unit="units",
    )
