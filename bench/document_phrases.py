"""English phrases left in the documents of the other languages: every document record of the
reference data assembled in each language, its printed phrases (part headings, table titles, unit
lines, column headers, row labels, text cells, notes, cover labels) compared with the English
rendering's. A phrase of an fr/es/ru/ar/zh document equal to one of the English document's is
counted, unless it is a figure, a symbol or a code, or the catalogue translates it by the same
words ("Total"); data text with no translation (an entity's name entered in English only, shown as
the marked fallback) is counted apart from the phrases the code prints (tests/documents/phrases.py).

    .venv/bin/python -m bench.document_phrases [--languages fr,es,ru,ar,zh] [--symbols "S1|S2"] [--list]

Uses its own SQLite file (var/bench/phrases.sqlite3, or DATABASE_URL when set) and loads the
reference data into it the first time; --list prints the phrases left per language.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def measure(languages: list[str], symbols: list[str] | None = None) -> dict[str, dict[str, set[str]]]:
    from lodestar.documents.models import Document
    from tests.documents.phrases import english_left

    records = Document.objects.order_by("symbol")
    if symbols:
        records = records.filter(symbol__in=symbols)
    return english_left(records, languages)


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
