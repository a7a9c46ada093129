"""./lodestar issue "<symbol>" --lang L : issue a language version and print each format's sha256."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lodestar.core.languages import DATA_LANGUAGES


class Command(BaseCommand):
    help = "Issue a language version of a document: keep its snapshot and the bytes of every format."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("document", help='document symbol, e.g. "A/78/6 (Sect. 29C)"')
        parser.add_argument("--lang", choices=DATA_LANGUAGES, required=True)
        parser.add_argument(
            "--corrigendum", metavar="REASON", help="open a corrigendum first, with its reason"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from lodestar.core.models import ObjectChange

        from ...models import Document
        from ...services import issue, open_corrigendum

        record = Document.objects.filter(symbol=options["document"]).first()
        if record is None:
            raise CommandError(f"No document {options['document']}.")
        try:
            if options["corrigendum"]:
                open_corrigendum(record, reason=options["corrigendum"])
            item = issue(record, options["lang"], source=ObjectChange.Source.SYSTEM)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for f in item.files.order_by("format"):
            self.stdout.write(f"{f.sha256}  {f.format}")
