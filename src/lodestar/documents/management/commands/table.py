"""./lodestar table "<document symbol>" "<table number>" --format csv|json|text --lang en|zh|…"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lodestar.core.languages import DATA_LANGUAGES

from ...tables import RENDERERS, find


class Command(BaseCommand):
    help = "Print one table of an official document, generated from the stored data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("document", help='UN document symbol, e.g. "A/65/491"')
        parser.add_argument("number", help='printed table number, e.g. 13, 29C.13, "annex I"')
        parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
        parser.add_argument("--lang", choices=[*DATA_LANGUAGES, "zh-hans"], default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        lang = "zh" if options["lang"] == "zh-hans" else options["lang"]
        try:
            definition = find(options["document"], options["number"])
        except KeyError as error:
            raise CommandError(error.args[0]) from error
        data = definition.render(user=None, lang=lang)
        self.stdout.write(RENDERERS[options["format"]](data, lang), ending="")
