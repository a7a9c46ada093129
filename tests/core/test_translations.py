"""Every interface string is translated into the five other UN languages, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "lodestar" / "locale"
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_placeholders_match(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert not missing, f"{len(missing)} untranslated in {language}, e.g. {missing[:5]}"
    wrong = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = _placeholders(entry.msgid_plural)
            for text in entry.msgstr_plural.values():
                # Plural forms may drop the count (e.g. "one item"), never invent a placeholder.
                if not set(_placeholders(text)) <= set(expected):
                    wrong.append(entry.msgid)
        elif "python-format" in entry.flags and _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ in {language}: {wrong[:5]}"


def test_every_catalogue_holds_the_same_strings() -> None:
    """A string added to some catalogues only is untranslated in the others without any catalogue
    saying so (the check above sees only the entries a catalogue has)."""
    ids = {}
    for language in LANGUAGES:
        catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        ids[language] = {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete}
    every = set().union(*ids.values())
    missing = {lang: sorted(every - found, key=str)[:5] for lang, found in ids.items() if every - found}
    assert not missing, f"strings missing from some catalogues: {missing}"
