"""A/78/6 (Sect. 29C) and A/73/384 in French and Arabic print no English phrase of their own (titles,
headers, objects of expenditure, sources, notes, headings), the vocabularies' names come from their
translations, the Chinese keeps the seed's wording, and data text with no Arabic falls back to English,
marked, never to the Chinese it also has."""

from __future__ import annotations

from typing import Any

import pytest

from lodestar.documents.assemble import Assembled, assemble
from lodestar.documents.models import Document
from lodestar.documents.render import render_html
from lodestar.reference.loader import Loader
from tests.documents.phrases import english_left

pytestmark = pytest.mark.django_db
A78 = "A/78/6 (Sect. 29C)"
A73 = "A/73/384"


def table(doc: Assembled, number: str) -> Any:
    return next(t for p in doc.parts for t in p.tables if t.number == number)


def test_french_and_arabic_print_no_english_and_chinese_keeps_the_seed(db: Any) -> None:
    Loader().run()
    records = list(Document.objects.filter(symbol__in=[A78, A73]).order_by("symbol"))
    assert [r.symbol for r in records] == [A73, A78]
    left = english_left(records, ["fr", "ar"])
    for lang in ("fr", "ar"):
        assert left[lang]["code"] == set(), lang

    a78 = records[1]
    fr = table(assemble(a78, "fr"), "29C.13")
    assert fr.title.startswith("Tableau 29C.13. Ensemble du chapitre : évolution des ressources financières")
    assert fr.unit_line == "(En milliers de dollars des États-Unis)"
    assert "Prévisions pour 2024 (avant actualisation des coûts)" in fr.columns
    labels = [r.label for r in fr.rows]
    # Objects of expenditure by the vocabulary's own French names (data), not by code.
    assert "Postes" in labels and "Autres dépenses de personnel" in labels

    ar = assemble(a78, "ar")
    assert "الوظائف" in [r.label for r in table(ar, "29C.13").rows]
    assert ar.parts[1].heading.startswith("باء - الاحتياجات المقترحة من الموارد المتعلقة بالوظائف")

    zh = assemble(a78, "zh")
    t13 = table(zh, "29C.13")
    assert t13.title == "表 29C.13 总表: 按支出用途分列的财政资源变化情况"
    assert "员额" in [r.label for r in t13.rows] and "2024 年估计数(重计费用前)" in t13.columns
    assert table(zh, "29C.19").columns[1:3] == ["2020 年 实际", "2021 年 实际"]

    # Project names and recommendation texts have English and the seed's Chinese, no Arabic: the
    # Arabic annexes show the English, marked "en" (the HTML prints the mark), never the Chinese.
    doc = assemble(records[0], "ar")
    marks = {r.fallback_lang for p in doc.parts for t in p.tables for r in t.rows}
    marks |= {c.fallback_lang for p in doc.parts for t in p.tables for r in t.rows for c in r.cells}
    assert marks == {"", "en"}
    assert '<span class="fallback" lang="en">en</span>' in render_html(doc).decode()


def test_data_text_without_the_language_falls_back_to_english_marked_never_to_chinese(db: Any) -> None:
    from lodestar.core.translation import render

    shown = render({"en": "Umoja", "zh": "团结"}, "ar", "zh")
    assert (shown.text, shown.lang, shown.is_fallback) == ("Umoja", "en", True)
    # Only text with no English falls back to the language it was written in.
    assert render({"zh": "团结"}, "ru", "zh").lang == "zh"
