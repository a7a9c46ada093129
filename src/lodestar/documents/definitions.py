"""The structural-review report's table of OICT mandates (A/65/491 table 13), from the organisation tree."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core.permissions import VIEW, restrict
from lodestar.org.models import OictMandate

from .tables import Cell, Row, TableData, printed
from .types import STRUCTURAL_REVIEW, Context, bind

MANDATE_STATUS = {
    "new": {"en": gettext_noop("New"), "zh": "新"},
    "existing": {"en": gettext_noop("Existing"), "zh": "现有"},
}
MANDATE_RESOURCES = {
    "none": {"en": gettext_noop("None"), "zh": "无"},
    "limited": {"en": gettext_noop("Limited"), "zh": "有限"},
    "limited_except_umoja": {"en": gettext_noop("Limited (except Umoja)"), "zh": "有限 (除“团结”项目外)"},
}


_PARA = re.compile(r"para(?:graph)?s?\.?\s*(\d+)\s*(\([a-z]+\))?", re.IGNORECASE)


def paragraph_reference(reference: str, lang: str) -> str:
    """ "A/62/793, para. 35 (a)" printed as the table prints it: "(para. 35 (a))", "(第 35段(a))"."""
    match = _PARA.search(reference)
    if not match:
        return f"({reference})" if reference else ""
    number, item = match.group(1), match.group(2) or ""
    if lang == "zh":
        return f"(第 {number}段{item})"
    if not item:
        return printed({"en": gettext_noop("(para. {number})")}, lang, number=number)
    return printed({"en": gettext_noop("(para. {number} {item})")}, lang, number=number, item=item)


def _scoped(model: type, user: Any):
    return model.objects.all() if user is None else restrict(user, VIEW, model)


@bind(
    STRUCTURAL_REVIEW,
    "13",
    {
        "en": gettext_noop(
            "Mandates and resources of the Office of Information and Communications Technology"
        ),
        "zh": "信息和通信技术厅任务及资源",
    },
)
def oict_mandates(user: Any, lang: str, ctx: Context) -> TableData:
    mandates = _scoped(OictMandate, user).order_by("order")
    rows = []
    for m in mandates:
        label = m.tr("text", lang)
        if m.reference:
            label = f"{label}{'' if lang == 'zh' else ' '}{paragraph_reference(m.reference, lang)}"
        rows.append(
            Row(
                label,
                [
                    Cell(printed(MANDATE_STATUS[m.status], lang)),
                    Cell(printed(MANDATE_RESOURCES[m.resources], lang)),
                ],
            )
        )
    return TableData(
        title=printed(
            {
                "en": gettext_noop(
                    "Table 13. Mandates and resources of the Office of Information and Communications "
                    "Technology"
                ),
                "zh": "表 13 信息和通信技术厅任务及资源",
            },
            lang,
        ),
        columns=[
            printed(
                {
                    "en": gettext_noop("Mandate of the approved ICT strategy (A/62/793 and Corr.1)"),
                    "zh": "经核准的信通技术战略的任务(A/62/793 和 Corr.1)",
                },
                lang,
            ),
            printed({"en": gettext_noop("New/existing"), "zh": "新/现有任务"}, lang),
            printed({"en": gettext_noop("Resources provided"), "zh": "提供的资源"}, lang),
        ],
        rows=rows,
        unit=None,
    )
