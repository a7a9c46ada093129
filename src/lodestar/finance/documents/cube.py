"""One grouped read of a budget section: the small cube its resource tables take every cell from.

The tables only add figures up (by funding source, component, object of expenditure, grade category
and grade), so the database sums the section's facts, resource changes, posts and post actions once,
in one query, to one row per funding source × component × object (money) or × category × grade
(posts): a few hundred rows whatever the number of facts (years and stages are summed away in the
database), where the previous read brought one row per period and stage of each cell into Python.
Each branch goes through the permission funnel (``restrict``), so an analyst's cube holds only what
they may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, CharField, F, Q, QuerySet, Sum, Value

from lodestar.core.permissions import VIEW, restrict

from ..models import BudgetFact, BudgetSection, FundingSource, Period, Post, PostAction, ResourceChange

FACTORS = ("technical", "new_mandates", "other")
# The stages each money column sums, as the printed tables define them.
APPROPRIATION_STAGES = ("appropriation", "estimate", "approved")
ESTIMATE_STAGES = ("estimate", "before_recosting", "proposed")
COLUMNS = ("exp", "appr", "est", *FACTORS)

Money = dict[str, dict[tuple[int | None, int | None], dict[str, int]]]


@dataclass
class Cube:
    """The section summed by the dimensions its tables ask for.

    ``money[source][(component, object)]`` holds the money columns that have a figure (a column
    without one is absent, not 0: "est" absent means no stored proposal, so the tables compute it).
    ``facts`` and ``changes`` list the (component, source, object) that have facts or resource
    changes; ``posts`` the approved posts of the base year as (component, source, category, grade,
    count) and ``actions`` the proposed changes as (component, source, category, grade, factor,
    count), the category as stored (empty: the grade's, resolved with the vocabulary)."""

    money: Money = field(default_factory=lambda: defaultdict(dict))
    facts: list[tuple[Any, str, Any]] = field(default_factory=list)
    changes: list[tuple[Any, str, Any]] = field(default_factory=list)
    posts: list[tuple[Any, str, str, str, int]] = field(default_factory=list)
    actions: list[tuple[Any, str, str, str, str, int]] = field(default_factory=list)


def _scoped(model: type, user: Any) -> QuerySet:
    return model.objects.all() if user is None else restrict(user, VIEW, model)


def _none() -> Value:
    return Value(None, output_field=BigIntegerField())


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _branch(
    queryset: QuerySet, part: str, *, obj: Any, cat: Any, grade: Any, sums: dict[str, Any]
) -> QuerySet:
    """One branch of the union, its columns in the same order as every other branch's: the part,
    the dimensions (grouped by), then one sum per money column (NULL where the part has none)."""
    # Names of their own ("cube_…"): an annotation may not take a field's name (Post.grade).
    # The source's id, not its code: no join per fact (the caller knows the codes of the ids).
    dims = {"cube_part": _text(part), "cube_comp": F("component_id"), "cube_src": F("funding_source_id")}
    dims |= {"cube_obj": obj, "cube_cat": cat, "cube_grade": grade}
    columns = {f"cube_{name}": sums.get(name, _none()) for name in COLUMNS}
    return queryset.order_by().annotate(**dims).values(*dims).annotate(**columns).values_list(*dims, *columns)


def read_cube(
    user: Any, section: BudgetSection, years: tuple[str, str, str], source_codes: dict[int, str]
) -> Cube:
    """The section's cube for (expenditure year, base year, proposal year), in one query (and one
    for the periods' ids). ``source_codes`` names the funding sources by id (the organisation's);
    one the section uses but the map lacks is looked up."""
    ids = dict(Period.objects.filter(code__in=years).values_list("code", "pk"))
    # Compared by id, not by code: the facts are not joined to their periods (a missing year: -1).
    exp_year, base_year, year = (ids.get(code, -1) for code in years)
    facts = _scoped(BudgetFact, user).filter(
        section=section, period_id__in=[exp_year, base_year, year], measure="ict"
    )
    changes = _scoped(ResourceChange, user).filter(section=section, period_id=year)
    posts = _scoped(Post, user).filter(section=section, period_id=base_year)
    actions = _scoped(PostAction, user).filter(section=section, period_id=year)
    no_object, blank = _none(), _text("")
    branches = [
        _branch(
            facts,
            "fact",
            obj=F("object_id"),
            cat=blank,
            grade=blank,
            sums={
                "exp": Sum("amount", filter=Q(period_id=exp_year, stage="expenditure")),
                "appr": Sum("amount", filter=Q(period_id=base_year, stage__in=APPROPRIATION_STAGES)),
                "est": Sum("amount", filter=Q(period_id=year, stage__in=ESTIMATE_STAGES)),
            },
        ),
        _branch(
            changes,
            "change",
            obj=F("object_id"),
            cat=blank,
            grade=blank,
            sums={f: Sum("amount", filter=Q(factor=f)) for f in FACTORS},
        ),
        _branch(
            posts, "post", obj=no_object, cat=F("category"), grade=F("grade"), sums={"appr": Sum("count")}
        ),
        _branch(
            actions,
            "action",
            obj=no_object,
            cat=F("category"),
            grade=F("grade"),
            sums={f: Sum("count", filter=Q(factor=f)) for f in FACTORS},
        ),
    ]
    union = branches[0].union(*branches[1:], all=True)
    # Executed as compiled (the same SQL, the permission conditions in it): the rows are plain
    # integers and strings, so Django's per-value converters would only cost time.
    try:
        sql, params = union.query.sql_with_params()
    except EmptyResultSet:  # the user may see none of it (every branch empty): nothing to read
        rows = []
    else:
        with connections[union.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    missing = {row[2] for row in rows} - source_codes.keys()
    if missing:
        source_codes = {
            **source_codes,
            **dict(FundingSource.objects.filter(pk__in=missing).values_list("pk", "code")),
        }
    cube = Cube()
    for part, comp, source_id, obj, cat, grade, *sums in rows:
        src = source_codes[source_id]
        # Whole dollars and whole posts: PostgreSQL sums integers as numeric (Decimal); int() is exact.
        values = {name: int(v) for name, v in zip(COLUMNS, sums, strict=True) if v is not None}
        if part in ("fact", "change"):
            (cube.facts if part == "fact" else cube.changes).append((comp, src, obj))
            cells = cube.money[src].setdefault((comp, obj), {})
            for name, amount in values.items():
                cells[name] = cells.get(name, 0) + amount
        elif part == "post":
            cube.posts.append((comp, src, cat, grade, values.get("appr", 0)))
        else:
            cube.actions.extend((comp, src, cat, grade, f, values[f]) for f in FACTORS if f in values)
    return cube
