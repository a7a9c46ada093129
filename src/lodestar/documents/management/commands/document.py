"""./lodestar document "<symbol>" --format html|pdf|docx|xlsx --lang L -o FILE [--as-issued]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lodestar.core.languages import DATA_LANGUAGES

from ...render import FORMATS


class Command(BaseCommand):
    help = "Write a whole official document in one language and format, from the current data or as issued."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("document", help='document symbol, e.g. "A/78/6 (Sect. 29C)"')
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument("--lang", choices=DATA_LANGUAGES, default="en")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--as-issued", action="store_true", help="render again from the issued snapshot")

    def handle(self, *args: Any, **options: Any) -> None:
        from ...models import Document
        from ...services import render_document

        record = Document.objects.filter(symbol=options["document"]).first()
        if record is None:
            raise CommandError(f"No document {options['document']}.")
        try:
            content = render_document(
                record, options["lang"], options["format"], as_issued=options["as_issued"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        with open(options["output"], "wb") as handle:
            handle.write(content)
        self.stdout.write(f"{options['output']}: {len(content)} bytes")
