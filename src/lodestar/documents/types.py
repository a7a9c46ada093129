"""Document types: templates in code (their parameters and the tables they hold), never bound to a symbol.

A document *record* (models.Document) names its type and gives the type's parameters; the type then
yields the record's tables, numbered with the record's own prefix ("29C.13" for A/78/6 (Sect. 29C),
"29X.13" for another organisation's section). Domain apps bind their table builders to a type with
``bind(type_code, relative number, title)``; a builder receives the user (None for the system), the
language and the record's ``Context``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BUDGET_SECTION = "budget_section"
ICT_PROGRESS_REPORT = "ict_progress_report"
STRATEGIC_FRAMEWORK = "strategic_framework"
STRUCTURAL_REVIEW = "structural_review"
FOLLOW_UP_ANNEX = "follow_up_annex"


@dataclass(frozen=True)
class Parameter:
    name: str
    label: Promise | str
    kind: str = "text"  # text | year | date | list
    required: bool = True


@dataclass(frozen=True)
class Context:
    """What a table builder knows of its document: the record's symbol and parameters."""

    symbol: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    prefix: str = ""

    def number(self, relative: str) -> str:
        """ "13" -> "29C.13" when the document numbers its tables with a prefix; "annex I" as is."""
        if self.prefix and relative[:1].isdigit():
            return f"{self.prefix}.{relative}"
        if self.prefix and relative.startswith("para. ") and relative[6:7].isdigit():
            return f"para. {self.prefix}.{relative[6:]}"  # a list printed in a paragraph
        return relative

    def get(self, name: str, default: Any = None) -> Any:
        return self.parameters.get(name, default)


Builder = Callable[[Any, str, Context], Any]  # (user, lang, context) -> TableData


@dataclass(frozen=True)
class Binding:
    number: str  # relative to the document's prefix ("13") or absolute ("annex I")
    title: dict[str, str]
    build: Builder
    part: str = ""  # the part of the whole document the table belongs to (see outline)


@dataclass
class DocumentType:
    code: str
    name: Promise | str
    parameters: tuple[Parameter, ...] = ()
    bindings: list[Binding] = field(default_factory=list)
    # Tables whose number depends on the record's data (one per budget component): ctx -> bindings.
    expanders: list[Callable[[Context], list[Binding]]] = field(default_factory=list)
    # The record's table-number prefix from its parameters ("29C"); set by the domain app that knows.
    prefix: Callable[[Mapping[str, Any]], str] | None = None

    def context(self, symbol: str, parameters: Mapping[str, Any]) -> Context:
        prefix = self.prefix(parameters) if self.prefix else ""
        return Context(symbol=symbol, parameters=dict(parameters), prefix=prefix)

    def tables(self, ctx: Context) -> list[Binding]:
        found = list(self.bindings)
        for expand in self.expanders:
            found.extend(expand(ctx))
        return sorted(found, key=lambda b: natural_key(ctx.number(b.number)))

    def missing_parameters(self, parameters: Mapping[str, Any]) -> list[str]:
        return [p.name for p in self.parameters if p.required and parameters.get(p.name) in (None, "", [])]


_NUMBER = re.compile(r"(\d+)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def natural_key(number: str) -> tuple:
    """Printed order: 29C.2 before 29C.13, tables before annexes, annex II before annex III.I."""
    if number.startswith("annex "):
        head, _sep, rest = number[6:].partition(".")
        return (1, _ROMAN.get(head, 99), rest)
    return (0, *((int(p) if p.isdigit() else p) for p in _NUMBER.split(number)))


TYPES: dict[str, DocumentType] = {}


def document_type(code: str, name: Promise | str, parameters: tuple[Parameter, ...] = ()) -> DocumentType:
    TYPES[code] = DocumentType(code=code, name=name, parameters=parameters)
    return TYPES[code]


def bind(
    type_code: str, number: str, title: dict[str, str], *, part: str = ""
) -> Callable[[Builder], Builder]:
    def decorate(build: Builder) -> Builder:
        TYPES[type_code].bindings.append(Binding(number=number, title=title, build=build, part=part))
        return build

    return decorate


def expander(type_code: str) -> Callable[[Callable], Callable]:
    def decorate(expand: Callable[[Context], list[Binding]]) -> Callable[[Context], list[Binding]]:
        TYPES[type_code].expanders.append(expand)
        return expand

    return decorate


def type_choices() -> list[tuple[str, Any]]:
    return [(code, t.name) for code, t in TYPES.items()]


# -- the five types the seeds show (spec RPT-R01 ... R05) --------------------------------------------

document_type(
    BUDGET_SECTION,
    _("Proposed programme budget section"),
    (
        Parameter("budget_section", _("budget section (code)")),
        Parameter("budget_year", _("budget year"), kind="year"),
    ),
)
document_type(
    ICT_PROGRESS_REPORT,
    _("Progress report on the ICT strategy"),
    (
        Parameter("reporting_period", _("reporting period"), required=False),
        Parameter("ict_resources", _("ICT resources overview (budget section code)"), required=False),
        Parameter(
            "oversight_reports", _("oversight reports in scope (symbols)"), kind="list", required=False
        ),
        Parameter("as_at", _("status as at"), kind="date", required=False),
    ),
)
document_type(
    STRATEGIC_FRAMEWORK,
    _("Strategic framework / programme plan"),
    (Parameter("plan", _("programme plan (symbol)"), required=False),),
)
document_type(
    STRUCTURAL_REVIEW,
    _("Structural-review report"),
    (
        Parameter("budget_section", _("budget section (code)"), required=False),
        Parameter("baseline", _("baseline snapshot (code)"), required=False),
    ),
)
document_type(
    FOLLOW_UP_ANNEX,
    _("Recommendation follow-up annex"),
    (Parameter("source", _("reported in (document symbol)"), required=False),),
)
