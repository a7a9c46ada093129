"""English phrases left in a document of another language (shared by bench/document_phrases.py and
tests/documents/test_languages.py).

A document is assembled in English and in the other language; a phrase the other prints (part heading,
table title, unit line, column header, row label, text cell, note, cover label) that the English
prints too is English left over, unless it is a figure, a symbol or a code (no word of three letters,
"P-4", "A/62/793"), or the language's catalogue gives that same wording as its translation ("Total"
is French too). Data text (an entity's name, a recommendation) stored without the language is shown
in English by design, marked: it is taken out of the phrase and counted apart, so "Objective of the
Organization: <an objective>" counts the code's "Objective of the Organization:" only.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

WORD = re.compile(r"[A-Za-z]{3,}")
# "P-4", "RB", "A/62/793", "D-1/L-6", "UMOJA: RB 15 %", "(iii)"
CODE = re.compile(r"^[A-Z0-9./()\-–,:; +&%]+$|^\([ivxl]+\)$")
# A resolution's symbol with its parts as the resolution names them ("70/248 A, section V"): data.
RESOLUTION = re.compile(r"^\d+/\d+\b")
LOCALE = Path(__file__).resolve().parents[2] / "src" / "lodestar" / "locale"


def phrases(doc: Any) -> set[str]:
    """Every phrase the assembled document prints, but its narrative paragraphs (data text)."""
    found: set[str] = {doc.title, *(label for label, _value in doc.cover)}
    for part in doc.parts:
        found.add(part.heading)
        for table in part.tables:
            found.update([table.title, table.unit_line, *table.columns, *table.notes])
            for row in table.rows:
                found.add(row.label)
                found.update(c.text for c in row.cells if c.value is None)
        for figure in part.figures:
            found.update([figure.caption, figure.source])
    return {" ".join(p.split()) for p in found if p and p.strip()}


def is_wording(phrase: str) -> bool:
    return bool(WORD.search(phrase)) and not CODE.match(phrase) and not RESOLUTION.match(phrase)


@cache
def _same_in(lang: str) -> re.Pattern[str]:
    import polib

    folder = {"zh": "zh_Hans"}.get(lang, lang)
    catalogue = polib.pofile(str(LOCALE / folder / "LC_MESSAGES" / "django.po"))
    same = {" ".join(e.msgid.split()) for e in catalogue if e.msgstr and e.msgstr == e.msgid}
    # A placeholder ("Plan ({period}) a") stands for any value; a short code may follow (", 1").
    patterns = (re.sub(r"\\\{\w+\\\}", ".+", re.escape(s)) for s in sorted(same))
    return re.compile("^(?:" + "|".join(patterns) + r")(?:, \w{1,3})?$")


def same_in(lang: str, phrase: str) -> bool:
    """Whether the catalogue's translation in ``lang`` is the English itself ("Total" in French)."""
    return bool(_same_in(lang).match(phrase))


def data_texts() -> set[str]:
    """The English text of every translated data field (names, texts) of the database."""
    from django.apps import apps

    from lodestar.core.translation import TranslatedTextField

    texts: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, TranslatedTextField)]
        for values in model._default_manager.values_list(*fields) if fields else []:
            for value in values:
                if isinstance(value, dict) and value.get("en"):
                    texts.add(" ".join(value["en"].split()))
    return texts


def code_part(phrase: str, data: set[str]) -> str:
    """The phrase without the data text it quotes ("" for an entity's name alone)."""
    if phrase in data:
        return ""
    for text in sorted((t for t in data if len(t) >= 6 and t in phrase), key=len, reverse=True):
        phrase = re.sub(r"(?<!\w)" + re.escape(text) + r"(?!\w)", " ", phrase)
    return " ".join(phrase.split())


def english_left(records: Any, languages: list[str]) -> dict[str, dict[str, set[str]]]:
    """{language: {"code": English phrases the code prints, "data": data text shown in English}}."""
    from lodestar.documents.assemble import assemble

    data = data_texts()
    left: dict[str, dict[str, set[str]]] = {lang: {"code": set(), "data": set()} for lang in languages}
    for record in records:
        english = {p for p in phrases(assemble(record, "en")) if is_wording(p)}
        for lang in languages:
            for phrase in phrases(assemble(record, lang)) & english:
                rest = code_part(phrase, data)
                if rest != phrase:
                    left[lang]["data"].add(phrase)
                if rest and is_wording(rest) and not same_in(lang, rest):
                    left[lang]["code"].add(rest)
    return left
