"""Pages show numbers and dates as the reader's language writes them (core.formatting, core.dates):
a detail page with a decimal and dates, a list, a dashboard, in English, French and Arabic. Never a
storage decimal ("12500.00") nor a US date ("Dec. 31, 2018")."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from lodestar.core.registry import registry
from lodestar.finance import models as fin

from ..finance.factories import create, period, section
from ..portfolio.factories import milestone, status_report

N = "\u202f"
SHOWN = {
    "en": ("12,500", "31 December 2018"),
    "fr": (f"12{N}500", "31 décembre 2018"),
    "ar": (f"12{N}500", "31 كانون الأول/ديسمبر 2018"),
}
US_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")
POINT = {"en": ".", "fr": ",", "ar": "."}


def _bad(html: str, code: str) -> list[str]:
    """US dates, and cells holding only a number with storage decimals: four ungrouped digits
    before a decimal mark ("12500.00") or decimals ending in a zero ("25.00", fr "25,50")."""
    point = re.escape(POINT[code])
    storage = re.compile(rf">\s*-?(\d{{4,}}[.,]\d+|[\d.,\u202f]*\d{point}\d*0)\s*<")
    return US_DATE.findall(html) + storage.findall(html)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "fr", "ar"])
def test_numbers_and_dates_on_pages(code: str, tree: dict, client_for: Any) -> None:
    figure = create(
        fin.PrintedFigure,
        section=section(tree["a"], 1),
        document="TEST/FMT",
        table_number="T1",
        row="total",
        column="exp",
        value=Decimal("12500.00"),
    )
    year = period(tree["a"], 18)  # 2018-01-01 to 2018-12-31
    assert year.end == datetime.date(2018, 12, 31)
    milestone(tree["a"], 1)
    status_report(tree["a"], 2)
    client = client_for("analyst")
    client.cookies["django_language"] = {"zh": "zh-hans"}.get(code, code)
    number, day = SHOWN[code]
    pages = {
        "detail": figure.get_absolute_url(),
        "list": reverse(registry[fin.PrintedFigure].url_name("list")),
        "period": year.get_absolute_url(),
        "periods": reverse(registry[fin.Period].url_name("list")) + "?sort=-end",
        "dashboard": "/portfolio/",
    }
    html = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (code, url)
        html[name] = response.content.decode()
        assert not _bad(html[name], code), (code, name, _bad(html[name], code))
    assert f">{number}<" in html["detail"] and f">{number}<" in html["list"]
    assert day in html["period"] and day in html["periods"]
    assert ">12500" not in html["detail"] + html["list"]
    # The dashboard's declared 40.00 % is shown "40".
    assert re.search(r'class="text-end declared">40<', html["dashboard"])
    assert f'dir="{"rtl" if code == "ar" else "ltr"}"' in html["dashboard"]
