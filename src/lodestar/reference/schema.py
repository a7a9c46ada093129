"""The schema of the reference files, checked before anything is loaded.

YAML drops text silently: an unquoted comma inside `{en: …, zh: …}` makes the rest of the text a key
of its own, which a loader that reads only `en` and `zh` never sees. So every reference file is
checked against schema.yaml (which keys each record may have, which values are translated texts and
which languages each text must carry) on the YAML node tree, so that every refusal names the file
and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
SCHEMA_FILE = HERE / "schema.yaml"
TOP = "(top)"  # the path of the file's own mapping in schema.yaml
LANGUAGES = frozenset({"ar", "en", "es", "fr", "ru", "zh"})


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ReferenceDataError(ValueError):
    """A reference file that does not match its schema; nothing is loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@cache
def schema() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and bool(node.value.strip())


def check_text(node: yaml.Node, required: list[str], name: str, where: str) -> list[Problem]:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return []  # no text given (an optional one)
    if not isinstance(node, yaml.MappingNode):
        return [Problem(name, line, f"{where}: a translated text must map languages to texts")]
    problems = []
    seen = set()
    for key, value in node.value:
        lang = key.value
        kline = key.start_mark.line + 1
        if lang not in LANGUAGES:
            problems.append(
                Problem(name, kline, f"{where}: unknown key {lang!r} in a text (an unquoted comma or colon?)")
            )
            continue
        if lang in seen:
            problems.append(Problem(name, kline, f"{where}: language {lang!r} given twice"))
        seen.add(lang)
        if not _is_text(value):
            problems.append(Problem(name, kline, f"{where}: empty or non-text {lang!r}"))
    for lang in required:
        if lang not in seen:
            problems.append(Problem(name, line, f"{where}: the {lang!r} text is missing"))
    return problems


def check_node(node: yaml.Node, spec: dict[str, Any], name: str, path: str = "") -> list[Problem]:
    records: dict[str, list[str]] = spec.get("records") or {}
    texts: dict[str, list[str]] = spec.get("texts") or {}
    inline: dict[str, list[str]] = spec.get("inline_texts") or {}
    line = node.start_mark.line + 1
    where = path or "top level"
    if path in texts:
        return check_text(node, texts[path], name, path)
    if isinstance(node, yaml.SequenceNode):
        problems = []
        for item in node.value:
            problems += check_node(item, spec, name, f"{path}[]")
        return problems
    if not isinstance(node, yaml.MappingNode):
        return []
    allowed = records.get(path or TOP)
    if allowed is None:
        return [Problem(name, line, f"{where}: no record is allowed here")]
    problems = []
    seen: set[str] = set()
    for key, value in node.value:
        kline = key.start_mark.line + 1
        if key.value in seen:
            problems.append(Problem(name, kline, f"{where}: key {key.value!r} given twice"))
        seen.add(key.value)
        if key.value not in allowed:
            problems.append(Problem(name, kline, f"{where}: unknown key {key.value!r}"))
            continue
        if path in inline and key.value in LANGUAGES:
            if not _is_text(value):
                problems.append(Problem(name, kline, f"{where}: empty or non-text {key.value!r}"))
            continue
        problems += check_node(value, spec, name, f"{path}.{key.value}" if path else str(key.value))
    for lang in inline.get(path, []):
        if lang not in seen:
            problems.append(Problem(name, line, f"{where}: the {lang!r} text is missing"))
    return problems


def check_file(path: Path) -> list[Problem]:
    name = path.relative_to(DATA_DIR).as_posix() if path.is_relative_to(DATA_DIR) else path.name
    return check_source(name, path.read_text(encoding="utf-8"))


def check_source(name: str, source: str) -> list[Problem]:
    """Problems of the YAML text `source` read as the reference file `name` (e.g. "events.yaml")."""
    try:
        node = yaml.compose(source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        return [Problem(name, (mark.line + 1) if mark else 1, str(error.problem))]
    if node is None:
        return []
    spec = schema().get(name)
    if spec is None:  # a file not yet described in schema.yaml: the rule that catches cut texts
        return check_unknown_file(node, name)
    return check_node(node, spec, name)


KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_unknown_file(node: yaml.Node, name: str) -> list[Problem]:
    """A mapping that holds a language key may hold only plain identifiers besides."""
    problems = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += check_unknown_file(item, name)
    elif isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value]
        if LANGUAGES & set(keys):
            for key, _ in node.value:
                if not KEY.match(key.value):
                    problems.append(
                        Problem(name, key.start_mark.line + 1, f"unknown key {key.value!r} beside a text")
                    )
        for _, value in node.value:
            problems += check_unknown_file(value, name)
    return problems


def check_all() -> list[Problem]:
    problems = []
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        problems += check_file(path)
    return problems


def require_valid() -> None:
    """Refuse the whole reference dataset if any file does not match its schema."""
    problems = check_all()
    if problems:
        raise ReferenceDataError(problems)
