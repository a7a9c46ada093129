"""English phrases left in the documents of the other languages: every document record of the
reference data assembled in each language, its printed phrases (part headings, table titles, unit
lines, column headers, row labels, text cells, notes, cover labels) compared with the English
rendering's. A phrase of an fr/es/ru/ar/zh document equal to one of the English document's is
counted, unless it is a figure, a symbol or a code (no word of three letters or more, "P-4",
"A/62/793"). Phrases that are data text with no translation (an entity's name entered in English
only, shown as the marked fallback) are counted apart from the phrases the code prints.

    .venv/bin/python -m bench.document_phrases [--languages fr,es,ru,ar,zh] [--symbols S1,S2] [--list]

Uses its own SQLite file (var/bench/phrases.sqlite3, or DATABASE_URL when set) and loads the
reference data into it the first time; --list prints the phrases left per language.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

WORD = re.compile(r"[A-Za-z]{3,}")
CODE = re.compile(r"^[A-Z0-9./()\-–, +&]+$")  # "P-4", "RB", "A/62/793", "ICT", "D-1/L-6"


def phrases(doc: Any) -> set[str]:
    """Every phrase the assembled document prints, but the narrative paragraphs (data text)."""
    found: set[str] = {doc.title, *(label for label, _value in doc.cover)}
    for part in doc.parts:
        found.add(part.heading)
        for table in part.tables:
            found.update([table.title, table.unit_line, *table.columns, *table.notes])
            for row in table.rows:
                found.add(row.label)
                found.update(c.text for c in row.cells if c.value is None)
    return {" ".join(p.split()) for p in found if p and p.strip()}


def is_wording(phrase: str) -> bool:
    return bool(WORD.search(phrase)) and not CODE.match(phrase)


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


def measure(languages: list[str], symbols: list[str] | None = None) -> dict[str, dict[str, set[str]]]:
    """{language: {"code": phrases left, "data": untranslated data text}} over the documents."""
    from lodestar.documents.assemble import assemble
    from lodestar.documents.models import Document

    records = Document.objects.order_by("symbol")
    if symbols:
        records = records.filter(symbol__in=symbols)
    data = data_texts()
    left: dict[str, dict[str, set[str]]] = {lang: {"code": set(), "data": set()} for lang in languages}
    for record in records:
        english = {p for p in phrases(assemble(record, "en")) if is_wording(p)}
        for lang in languages:
            for phrase in phrases(assemble(record, lang)) & english:
                rest = code_part(phrase, data)
                if rest != phrase:
                    left[lang]["data"].add(phrase)
                if rest and is_wording(rest):
                    left[lang]["code"].add(rest)
    return left


def code_part(phrase: str, data: set[str]) -> str:
    """The phrase without the data text it quotes ("Objective of the Organization: <an objective>"
    gives "Objective of the Organization:"; an entity's name alone gives "")."""
    if phrase in data:
        return ""
    for text in sorted((t for t in data if len(t) >= 12 and t in phrase), key=len, reverse=True):
        phrase = phrase.replace(text, " ")
    return " ".join(phrase.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="fr,es,ru,ar,zh")
    parser.add_argument("--symbols", default="")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        path = Path(__file__).resolve().parents[1] / "var" / "bench" / "phrases.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from lodestar.documents.models import Document

    call_command("migrate", verbosity=0)
    if not Document.objects.exists():
        call_command("load_reference", verbosity=0)
    languages = args.languages.split(",")
    left = measure(languages, [s for s in args.symbols.split("|") if s] or None)
    for lang in languages:
        print(f"{lang}: {len(left[lang]['code'])} phrases in English, {len(left[lang]['data'])} data texts")
        if args.list:
            for phrase in sorted(left[lang]["code"]):
                print(f"    {phrase}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
