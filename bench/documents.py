"""One whole budget-section document, A/78/6 (Sect. 29C), in the six languages and four formats:
total time and peak memory (target ≤ 30 s on the shared 2-core machine).

    .venv/bin/python -m bench.documents [--languages ar,zh,en,fr,ru,es] [--formats html,pdf,docx,xlsx]

Uses the configured database (DATABASE_URL, else the SQLite file under var/) and loads the reference
data into it first when A/78/6 (Sect. 29C) is missing. The document is assembled once per language
(the tables read once), then laid out in each format, as issuing does.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

A78 = "A/78/6 (Sect. 29C)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="ar,zh,en,fr,ru,es")
    parser.add_argument("--formats", default="html,pdf,docx,xlsx")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from lodestar.documents.assemble import assemble
    from lodestar.documents.models import Document
    from lodestar.documents.render import RENDERERS

    call_command("migrate", verbosity=0)
    if not Document.objects.filter(symbol=A78).exists():
        call_command("load_reference", verbosity=0)
    record = Document.objects.get(symbol=A78)
    languages, formats = args.languages.split(","), args.formats.split(",")
    start = time.perf_counter()
    per_format = dict.fromkeys(formats, 0.0)
    assembling = 0.0
    sizes = 0
    for lang in languages:
        t0 = time.perf_counter()
        doc = assemble(record, lang)
        assembling += time.perf_counter() - t0
        for fmt in formats:
            t1 = time.perf_counter()
            sizes += len(RENDERERS[fmt](doc))
            per_format[fmt] += time.perf_counter() - t1
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    print(f"{A78}: {len(languages)} languages x {len(formats)} formats, {sizes / 1e6:.1f} MB written")
    print(f"assembling (tables read and built): {assembling:.1f} s")
    for fmt, seconds in per_format.items():
        print(f"{fmt:5} {seconds:6.1f} s")
    print(f"total {total:.1f} s, peak memory (RSS) {peak / 1e6:.0f} MB (target: total <= 30 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
