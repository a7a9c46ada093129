"""bench.budget's reference: the figures of a section's resource tables computed by DuckDB over the
same facts, and a check that they are the figures Lodestar's tables show.

Every fact, resource change, post and post action is copied (through CSV files) into DuckDB; then two
queries per section give every sum the tables 29C.13-29C.23 print: money by funding source, by source
and component, by source and part (the programme's subtotal), by source and object category, by
source and object, by source, component and category (the per-component tables) and in all; posts by
source, component, part, category, grade, category and grade, component and category, and in all.
Each column (expenditure, appropriation, estimate, each change factor; approved posts and each
factor's post changes) sums the stages and years the tables sum.
"""

from __future__ import annotations

import csv
import os
import statistics
import time
from pathlib import Path
from typing import Any

FACTORS = ("technical", "new_mandates", "other")
MONEY_GROUPS = "(source), (source, component), (source, part), (source, category), (source, object), "
MONEY_GROUPS += "(source, component, category), ()"
POST_GROUPS = "(source), (source, component), (source, part), (source, category), (source, grade), "
POST_GROUPS += "(source, category, grade), (source, component, category), ()"

MONEY_QUERY = f"""
    WITH cells AS (
        SELECT component, part, source, object, category,
               CASE WHEN period = $exp AND kind = 'expenditure' THEN amount END AS exp,
               CASE WHEN period = $base AND kind IN ('appropriation', 'estimate', 'approved')
                    THEN amount END AS appr,
               CASE WHEN period = $year AND kind IN ('estimate', 'before_recosting', 'proposed')
                    THEN amount END AS est,
               NULL AS technical, NULL AS new_mandates, NULL AS other_change
        FROM facts WHERE section = $section AND period IN ($exp, $base, $year)
        UNION ALL
        SELECT component, part, source, object, category, NULL, NULL, NULL,
               CASE WHEN kind = 'technical' THEN amount END,
               CASE WHEN kind = 'new_mandates' THEN amount END,
               CASE WHEN kind = 'other' THEN amount END
        FROM changes WHERE section = $section AND period = $year
    )
    SELECT GROUPING(source, component, part, category, object), source, component, part, category,
           object, sum(exp), sum(appr), sum(est), sum(technical), sum(new_mandates), sum(other_change)
    FROM cells
    GROUP BY GROUPING SETS ({MONEY_GROUPS})
"""  # noqa: S608 (our constants)
POST_QUERY = f"""
    WITH counts AS (
        SELECT component, part, source, category, grade, count AS appr,
               NULL AS technical, NULL AS new_mandates, NULL AS other_change
        FROM posts WHERE section = $section AND period = $base
        UNION ALL
        SELECT component, part, source, category, grade, NULL,
               CASE WHEN kind = 'technical' THEN count END,
               CASE WHEN kind = 'new_mandates' THEN count END,
               CASE WHEN kind = 'other' THEN count END
        FROM actions WHERE section = $section AND period = $year
    )
    SELECT GROUPING(source, component, part, category, grade), source, component, part, category,
           grade, sum(appr), sum(technical), sum(new_mandates), sum(other_change)
    FROM counts
    GROUP BY GROUPING SETS ({POST_GROUPS})
"""  # noqa: S608 (our constants)

MONEY_COLUMNS = "section BIGINT, component BIGINT, part VARCHAR, source VARCHAR, object BIGINT, "
MONEY_COLUMNS += "category VARCHAR, period VARCHAR, kind VARCHAR, amount DECIMAL(18, 0)"
POST_COLUMNS = "section BIGINT, component BIGINT, part VARCHAR, source VARCHAR, category VARCHAR, "
POST_COLUMNS += "grade VARCHAR, period VARCHAR, kind VARCHAR, count BIGINT"
COLUMNS = {"facts": MONEY_COLUMNS, "changes": MONEY_COLUMNS, "posts": POST_COLUMNS, "actions": POST_COLUMNS}


def _copy(con: Any, folder: Path) -> None:
    from lodestar.finance import models as fin

    money = ("section_id", "component_id", "component__part", "funding_source__code", "object_id")
    people = ("section_id", "component_id", "component__part", "funding_source__code", "category", "grade")
    reads = {
        "facts": fin.BudgetFact.objects.filter(measure="ict").values_list(
            *money, "object__category", "period__code", "stage", "amount"
        ),
        "changes": fin.ResourceChange.objects.values_list(
            *money, "object__category", "period__code", "factor", "amount"
        ),
        "posts": fin.Post.objects.values_list(*people, "period__code", "stage", "count"),
        "actions": fin.PostAction.objects.values_list(*people, "period__code", "factor", "count"),
    }
    for table, rows in reads.items():
        path = folder / f"budget-{table}.csv"
        with path.open("w", newline="") as out:
            csv.writer(out).writerows(rows.iterator(chunk_size=20000))
        con.execute(f"CREATE TABLE {table} ({COLUMNS[table]})")
        if path.stat().st_size:  # DuckDB reads no columns from an empty file (no post actions)
            con.execute(f"COPY {table} FROM '{path}' (HEADER false)")  # noqa: S608 (our names)


def duckdb_reference(
    section: Any, years: tuple[str, str, str], repeat: int
) -> tuple[tuple[float, float], list, list]:
    """The median seconds of the section's two queries after one warm-up run (elapsed, and CPU of
    all DuckDB's threads) and their rows."""
    import duckdb

    folder = Path(os.environ.get("LODESTAR_VAR_DIR", "var/bench"))
    con = duckdb.connect()
    _copy(con, folder)
    exp_year, base_year, year = years
    params = {"exp": exp_year, "base": base_year, "year": year, "section": section.pk}
    times, cpu, money, posts = [], [], [], []
    for _ in range(repeat + 1):  # the first run warms DuckDB's caches, as the system's does
        start, start_cpu = time.perf_counter(), time.process_time()
        money = con.execute(MONEY_QUERY, params).fetchall()
        posts = con.execute(POST_QUERY, {k: params[k] for k in ("base", "year", "section")}).fetchall()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return (statistics.median(times[1:]), statistics.median(cpu[1:])), money, posts


def _components(data: Any, component: Any, part: Any, grouped: dict[str, bool]) -> set | None:
    if grouped["component"]:
        return {component}
    if grouped["part"]:
        return {c.pk for c in data.components if c.part == part}
    return None


def _grouped(grouping: int, names: tuple[str, ...]) -> dict[str, bool]:
    """DuckDB's GROUPING() bit set: a 0 bit for each column the row is grouped by."""
    return {name: not grouping & (1 << (len(names) - 1 - i)) for i, name in enumerate(names)}


def compare(data: Any, money: list, posts: list) -> tuple[int, list[str]]:
    """Every DuckDB figure against the same sum in Lodestar's section cube (what the table cells
    show): the number of figures compared and the differences found."""
    compared, differences = 0, []
    for grouping, source, comp, part, category, obj, *sums in money:
        grouped = _grouped(grouping, ("source", "component", "part", "category", "object"))
        objects = {obj} if grouped["object"] else (data.object_ids(category) if grouped["category"] else None)
        components = _components(data, comp, part, grouped)
        sources = [source] if grouped["source"] else data.sources
        ours: dict[str, int] = {}
        for code in sources:
            for key, value in data.money(code, components=components, objects=objects).items():
                ours[key] = ours.get(key, 0) + value
        for key, theirs in zip(("exp", "appr", "est", *FACTORS), sums, strict=True):
            if theirs is None and key == "est":
                continue  # no stored proposal: the tables compute it (and so does `ours`)
            compared += 1
            if ours.get(key, 0) != (theirs or 0):
                differences.append(
                    f"money {source}/{comp}/{part}/{category}/{obj} {key}: {ours.get(key)} ≠ {theirs}"
                )
    for grouping, source, comp, part, category, grade, *sums in posts:
        grouped = _grouped(grouping, ("source", "component", "part", "category", "grade"))
        ours = data.post_counts(
            source if grouped["source"] else None,
            components=_components(data, comp, part, grouped),
            category=category if grouped["category"] else None,
            grade=grade if grouped["grade"] else None,
        )
        for key, theirs in zip(("appr", *FACTORS), sums, strict=True):
            compared += 1
            if ours.get(key, 0) != (theirs or 0):
                differences.append(
                    f"posts {source}/{comp}/{part}/{category}/{grade} {key}: {ours.get(key)} ≠ {theirs}"
                )
    return compared, differences
