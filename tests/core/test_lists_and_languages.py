from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from lodestar.core.translation import render
from lodestar.org.models import IctUnit

from ..factories import create


@pytest.fixture
def units(tree: dict) -> list[IctUnit]:
    return [
        create(
            IctUnit, code="B-UNIT", entity=tree["a"], name={"en": "Beta", "zh": "乙"}, original_language="zh"
        ),
        create(IctUnit, code="A-UNIT", entity=tree["a"], name={"en": "Alpha"}),
        create(IctUnit, code="C-UNIT", entity=tree["a"], name={"zh": "丙"}, original_language="zh"),
    ]


def codes(html: str) -> list[str]:
    return re.findall(r">([ABC]-UNIT)<", html)


@pytest.mark.django_db
def test_sort_by_translated_name_and_search_in_any_language(units: list, client_for: Any) -> None:
    client = client_for("reader")
    ascending = client.get("/org/ictunit/?sort=name").content.decode()
    assert codes(ascending)[:2] == ["A-UNIT", "B-UNIT"]
    descending = client.get("/org/ictunit/?sort=-name").content.decode()
    assert codes(descending).index("B-UNIT") < codes(descending).index("A-UNIT")
    assert codes(client.get("/org/ictunit/?q=丙").content.decode()) == ["C-UNIT"]
    assert codes(client.get("/org/ictunit/?q=alp").content.decode()) == ["A-UNIT"]
    assert len(codes(client.get("/org/ictunit/?per_page=25&sort=code").content.decode())) == 3


@pytest.mark.django_db
def test_missing_translation_falls_back_visibly_to_the_original(units: list, client_for: Any) -> None:
    page = client_for("reader").get("/org/ictunit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # "丙" has no English name: it is shown in Chinese, marked "zh".
    assert re.search(
        r'<span lang="zh" dir="auto">丙</span>\s*<span class="badge[^"]*fallback-lang"[^>]*>zh</span>', page
    )
    # English first, then the original; never a third language (an Arabic reader of a record
    # transcribed from the Chinese edition with its English text reads the English).
    assert render({"en": "Beta", "zh": "乙"}, "fr", "zh").text == "Beta"
    assert render({"en": "Beta", "zh": "乙"}, "ar", "zh").is_fallback
    assert render({"zh": "乙", "fr": "Bêta"}, "ar", "zh").text == "乙"
    assert render({"fr": "Bêta"}, "ar", "zh").text == ""
    assert render({"en": "Beta"}, "fr", "zh").text == "Beta"


@pytest.mark.django_db
def test_every_language_renders_and_arabic_is_right_to_left(units: list, client_for: Any) -> None:
    client = client_for("reader")
    for code in ("ar", "zh-hans", "en", "fr", "ru", "es"):
        client.cookies["django_language"] = code
        page = client.get("/org/ictunit/").content.decode()
        assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in page
    with translation.override("ar"):
        assert translation.get_language_bidi()
