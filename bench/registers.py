"""Oversight and portfolio pages at UN-system scale: time and query count per page.

    .venv/bin/python -m bench.registers [--entities 200 --recommendations 5000 --projects 1000
                                         --repeat 3 --scale 0.1]

Generates, through bulk inserts (the point is to measure reads), a tree of ``--entities`` entities
(departments, and four sections under each), five oversight bodies, one report per 25
recommendations spread over the same years (2012–2024) at every scale, ``--recommendations``
recommendations each addressed to its lead entity and, one in four, to one or two more (one
Addressee row per responsible entity), status updates in every workflow state (validated ones
with an assessed status), ``--projects`` projects in 20 programmes with ten milestones and three
status reports each. Then times the dashboards, a recommendation
page, a project page, the generic lists and the API with Django's test client, for a central
analyst (role at the root) and a focal point of one department, and counts the queries.

The tables are analyzed after the load (planner statistics, as autovacuum keeps them on a live
database); ``--no-analyze`` measures the plans of tables never analyzed.

The whole run is repeated at ``--scale`` (default 0.1: ten times fewer entities, recommendations
and projects) to show whether a page's query count grows with the rows; ``--scale 0`` skips it.
"rows" is what the page's tables hold: recommendations + addressees + status updates for the
oversight pages, projects + milestones + status reports for the portfolio pages.

SQLite by default (``var/bench/registers.sqlite3``, emptied first); DATABASE_URL=postgres://… for
PostgreSQL (create it with ``createdb -h 127.0.0.1 -U postgres lodestar_bench``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

BATCH = 2000
RECS_PER_REPORT = 25
REPORT_SPAN_DAYS = 23 * 200
MILESTONES_PER_PROJECT = 10
PERIODS = ("2022", "2023", "2024")
STATUSES = ("implemented", "under_implementation", "not_started", "not_implemented", "overtaken")
LAST_STATES = ("validated", "proposed", "reviewed", "draft", "returned")


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(var_dir))
    # A file of its own, so that another benchmark's run on var/bench/ is left alone.
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'registers.sqlite3'}")
    import django

    django.setup()


def build_tree(entities: int) -> tuple[Any, list, list]:
    """The root, then departments, then four sections under each: ``entities`` below the root."""
    from lodestar.org.models import Entity

    root = Entity.objects.create(code="UN", kind="organisation", name={"en": "United Nations"}, tree_path="")
    Entity.objects.filter(pk=root.pk).update(tree_path=f"/{root.pk}/")
    root.refresh_from_db()
    count = max(1, entities // 5)
    departments = Entity.objects.bulk_create(
        [
            Entity(
                code=f"D{i}",
                acronym=f"D{i}",
                kind="department",
                parent=root,
                name={"en": f"Department {i}", "zh": f"部 {i}"},
            )
            for i in range(count)
        ]
    )
    for d in departments:
        d.tree_path = f"{root.tree_path}{d.pk}/"
    Entity.objects.bulk_update(departments, ["tree_path"])
    sections = Entity.objects.bulk_create(
        [
            Entity(
                code=f"E{n}",
                acronym=f"E{n}",
                kind="section",
                parent=departments[n % count],
                name={"en": f"Section {n}"},
            )
            for n in range(entities - count)
        ],
        batch_size=BATCH,
    )
    for s in sections:
        s.tree_path = f"{s.parent.tree_path}{s.pk}/"
    Entity.objects.bulk_update(sections, ["tree_path"], batch_size=BATCH)
    return root, departments, departments + sections


def build_oversight(everyone: list, recommendations: int, users: dict) -> dict[str, int]:
    from lodestar.oversight import models as ovs

    root = (
        next(e for e in everyone if e.parent_id is None)
        if any(e.parent_id is None for e in everyone)
        else None
    )
    if root is None:
        from lodestar.org.models import Entity

        root = Entity.objects.get(parent=None)

    bodies = ovs.OversightBody.objects.bulk_create(
        [
            ovs.OversightBody(
                organisation=root, code=code, acronym=code, name={"en": f"{code} body"}, kind=kind, order=n
            )
            for n, (code, kind) in enumerate(
                [
                    ("BOA", "external_audit"),
                    ("ACABQ", "advisory"),
                    ("OIOS", "internal_oversight"),
                    ("JIU", "inspection"),
                    ("GA", "legislative"),
                ]
            )
        ]
    )
    start = datetime.date(2012, 1, 1)
    count = max(1, recommendations // RECS_PER_REPORT)
    # The same years at every scale (as at 5,000 recommendations, a report every 23 days from 2012):
    # a register ten times larger is ten times denser, not ten times longer.
    spacing = REPORT_SPAN_DAYS / count
    reports = ovs.OversightReport.objects.bulk_create(
        [
            ovs.OversightReport(
                symbol=f"A/{67 + r // 20}/{100 + r}",
                body=bodies[r % len(bodies)],
                title={"en": f"Report {r}", "fr": f"Rapport {r}"},
                date=start + datetime.timedelta(days=round(spacing * r)),
                session=67 + r // 20,
            )
            for r in range(count)
        ],
        batch_size=BATCH,
    )
    recs, others = [], []
    n = len(everyone)
    for i in range(recommendations):
        report = reports[(i // RECS_PER_REPORT) % len(reports)]
        ref = f"para. {i}"
        original = report.date + datetime.timedelta(days=365 * (1 + i % 3)) if i % 11 else None
        revised = original + datetime.timedelta(days=365) if original and i % 7 == 0 else None
        recs.append(
            ovs.Recommendation(
                entity=everyone[i % n],
                code=f"{report.symbol} {ref}",
                report=report,
                reference=ref,
                text={"en": f"Recommendation {i}: the Administration should do it.", "zh": f"建议 {i}"},
                priority=("high", "medium", "low", "")[i % 4],
                acceptance=("accepted", "partial", "")[i % 3],
                original_target_date=original,
                revised_target_date=revised,
                order=i % RECS_PER_REPORT,
            )
        )
        extra = 2 if i % 10 == 0 else 1 if i % 4 == 0 else 0
        others.append([everyone[(i * 7 + 3 + k * 13) % n] for k in range(extra)])
    # The measured one, the same at every scale: led by the focal point's department (everyone[0]),
    # also addressed to another department and to a section of the focal point's department.
    departments = len([e for e in everyone if e.kind == "department"])
    others[0] = [everyone[1], everyone[departments]]
    recs = ovs.Recommendation.objects.bulk_create(recs, batch_size=BATCH)
    through = ovs.Recommendation.other_entities.through
    links, addressees = [], []
    for rec, more in zip(recs, others, strict=True):
        more = [e for e in dict.fromkeys(more) if e.pk != rec.entity_id]
        links += [through(recommendation_id=rec.pk, entity_id=e.pk) for e in more]
        addressees.append(ovs.Addressee(recommendation=rec, entity_id=rec.entity_id))
        addressees += [ovs.Addressee(recommendation=rec, entity=e) for e in more]
    through.objects.bulk_create(links, batch_size=BATCH)
    addressees = ovs.Addressee.objects.bulk_create(addressees, batch_size=BATCH)
    issued = {r.pk: r.report.date for r in recs}
    updates = []
    for j, a in enumerate(addressees):
        count = 0 if j % 6 == 5 else 1 + j % 3
        for u in range(count):
            state = "validated" if u < count - 1 else LAST_STATES[j % len(LAST_STATES)]
            reported = STATUSES[(j + u) % len(STATUSES)] if u == count - 1 else "under_implementation"
            validated = state == "validated"
            assessed = (reported if j % 4 else "not_implemented") if validated else ""
            updates.append(
                ovs.StatusUpdate(
                    addressee=a,
                    as_of=issued[a.recommendation_id] + datetime.timedelta(days=180 * (u + 1)),
                    reported_status=reported,
                    comment={"en": f"Progress {u} on {a.recommendation_id}."},
                    evidence_link="https://example.org/evidence" if reported == "implemented" else "",
                    state=state,
                    return_reason="Give the evidence." if state == "returned" else "",
                    assessed_status=assessed,
                    assessed_comment="Assessed." if validated else "",
                    proposed_by=users["focal"] if state != "draft" else None,
                    reviewed_by=users["analyst"] if state in ("reviewed", "validated") else None,
                    validated_by=users["reviewer"] if validated else None,
                    source="A/79/5" if validated else "",
                )
            )
    ovs.StatusUpdate.objects.bulk_create(updates, batch_size=BATCH)
    from lodestar.oversight import spans

    spans.refresh(ovs.Recommendation.objects.all())  # what the services keep with each write
    return {
        "bodies": len(bodies),
        "reports": len(reports),
        "recommendations": len(recs),
        "addressees": len(addressees),
        "status updates": len(updates),
        "validated": sum(1 for u in updates if u.state == "validated"),
        "rec": recs[0].pk,  # lead: the focal point's department, two more addressees
    }


def build_portfolio(everyone: list, departments: list, projects: int) -> dict[str, int]:
    from lodestar.portfolio import models as prj

    programmes = prj.Programme.objects.bulk_create(
        [
            prj.Programme(
                entity=departments[k % len(departments)], code=f"PRG{k}", name={"en": f"Programme {k}"}
            )
            for k in range(20)
        ]
    )
    n = len(everyone)
    made = prj.Project.objects.bulk_create(
        [
            prj.Project(
                entity=everyone[i % n],
                code=f"PRJ{i}",
                name={"en": f"Project {i}", "zh": f"项目 {i}"},
                programme=programmes[i % 20] if i % 3 else None,
                description={"en": f"Description of project {i}."},
                status=("ongoing", "planned", "ongoing", "completed", "closed")[i % 5],
                start_date=datetime.date(2018 + i % 4, 1, 1),
                baseline_end=datetime.date(2023 + i % 3, 12, 31),
                current_end=datetime.date(2024 + i % 4, 6, 30),
                objective={"en": "Modernise the service."},
                target_indicator={"en": "Users served"},
                target_value=Decimal(1000) if i % 2 else None,
                actual_value=Decimal(800 + i % 400) if i % 2 else None,
                order=i,
            )
            for i in range(projects)
        ],
        batch_size=BATCH,
    )
    milestones = []
    for p in made:
        for m in range(MILESTONES_PER_PROJECT):
            status = ("accepted", "accepted", "submitted", "open", "open", "returned")[(p.pk + m) % 6]
            due = p.start_date + datetime.timedelta(days=120 * (m + 1))
            milestones.append(
                prj.Milestone(
                    project=p,
                    name={"en": f"Milestone {m} of {p.code}"},
                    phase=("Design", "Build", "Deploy")[m % 3],
                    baseline_due=due,
                    current_due=due + datetime.timedelta(days=60 * (m % 3)),
                    completed_on=due if status in ("accepted", "submitted") else None,
                    weight=1 + m % 3,
                    status=status,
                    evidence_link="https://example.org/m" if status in ("accepted", "submitted") else "",
                    return_reason={"en": "No evidence."} if status == "returned" else {},
                    order=m,
                )
            )
    prj.Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    reports = []
    for p in made:
        for k, period in enumerate(PERIODS):
            health = ("green", "amber", "red")[(p.pk + k) % 3]
            reports.append(
                prj.StatusReport(
                    project=p,
                    period=period,
                    document=f"A/{77 + k}/PR",
                    declared_percent=Decimal(min(100, 30 * (k + 1) + p.pk % 10)),
                    declared_completed=k == 2 and p.pk % 7 == 0,
                    health=health,
                    reason={"en": "Vendor delays."} if health != "green" else {},
                )
            )
    prj.StatusReport.objects.bulk_create(reports, batch_size=BATCH)
    return {
        "programmes": len(programmes),
        "projects": len(made),
        "milestones": len(milestones),
        "status reports": len(reports),
        "project": made[0].code,  # owned by the focal point's department
    }


def build(entities: int, recommendations: int, projects: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lodestar.core import permissions as p
    from lodestar.org.models import RoleAssignment

    call_command("flush", interactive=False, verbosity=0)
    root, departments, everyone = build_tree(entities)
    User = get_user_model()
    users = {name: User.objects.create_user(name) for name in ("analyst", "focal", "reviewer")}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=users["analyst"], role=p.CENTRAL_ANALYST, entity=root),
            RoleAssignment(user=users["focal"], role=p.FOCAL_POINT, entity=departments[0]),
            RoleAssignment(user=users["reviewer"], role=p.OVERSIGHT_REVIEWER, entity=root),
        ]
    )
    counts = {"entities": len(everyone)}
    counts |= build_oversight(everyone, recommendations, users)
    counts |= build_portfolio(everyone, departments, projects)
    return {"users": {"analyst": users["analyst"], "focal": users["focal"]}, "counts": counts}


def pages(counts: dict[str, Any]) -> list[tuple[str, str, int]]:
    oversight = counts["recommendations"] + counts["addressees"] + counts["status updates"]
    portfolio = counts["projects"] + counts["milestones"] + counts["status reports"]
    return [
        ("oversight dashboard", "/oversight/", oversight),
        ("recommendation page", f"/oversight/r/{counts['rec']}/", oversight),
        ("recommendation list", "/oversight/recommendation/", oversight),
        ("API recommendations, 100", "/api/oversight/recommendation/?page_size=100", oversight),
        ("portfolio dashboard", "/portfolio/", portfolio),
        ("project page", f"/portfolio/projects/{counts['project']}/", portfolio),
        ("project list", "/portfolio/project/", portfolio),
    ]


Results = dict[tuple[str, str], tuple[float, int, int, float]]


def measure(users: dict, counts: dict[str, Any], repeat: int) -> Results:
    """{(page, user): (median seconds, queries, rows)}; a redirect is followed once, then the final
    page is timed."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url, rows in pages(counts):
            response = client.get(url)  # warm
            if response.status_code == 302:
                url = response["Location"]
                response = client.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            times, queries = [], 0
            for _ in range(repeat):
                cache.clear()  # cold: the figures computed, not read from the cache
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                queries = len(captured)
                assert response.status_code == 200, (who, url, response.status_code)
            warm = []
            for _ in range(repeat):  # what every reader after the first gets until the next write
                start = time.perf_counter()
                client.get(url)
                warm.append(time.perf_counter() - start)
            results[(label, who)] = (statistics.median(times), queries, rows, statistics.median(warm))
    return results


def analyze() -> None:
    """Statistics for the planner, as autovacuum (or SQLite's optimizer) keeps them on a live
    database: bulk-loaded tables that were never analyzed are planned as if they held a row, and the
    nested loops chosen for them grow with the square of the rows (the oversight figures' statement
    took 110 ms instead of 10 at 500 recommendations)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(
    entities: int, recommendations: int, projects: int, repeat: int, engine: str, *, statistics_: bool
) -> Results:
    start = time.perf_counter()
    built = build(entities, recommendations, projects)
    if statistics_:
        analyze()
    c = built["counts"]
    print(
        f"{engine}: built {c['entities']:,} entities, {c['reports']:,} reports, {c['recommendations']:,} "
        f"recommendations, {c['addressees']:,} addressees, {c['status updates']:,} status updates "
        f"({c['validated']:,} validated), {c['projects']:,} projects, {c['milestones']:,} milestones, "
        f"{c['status reports']:,} status reports in {time.perf_counter() - start:.1f} s"
        + ("" if statistics_ else " (not analyzed)")
    )
    return measure(built["users"], c, repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=200)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.1, help="second, smaller run (0: none)")
    parser.add_argument(
        "--no-analyze", action="store_true", help="measure without planner statistics (never analyzed)"
    )
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    var_dir = root / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    analyzed = not args.no_analyze
    full = run(args.entities, args.recommendations, args.projects, args.repeat, engine, statistics_=analyzed)
    small: Results = {}
    if args.scale:
        small = run(
            max(10, round(args.entities * args.scale)),
            max(RECS_PER_REPORT, round(args.recommendations * args.scale)),
            max(1, round(args.projects * args.scale)),
            args.repeat,
            engine,
            statistics_=analyzed,
        )
    header = f"{'page':<26} {'user':<8} {'cold ms':>9} {'warm ms':>8} {'queries':>8} {'rows':>8}"
    if small:
        header += f" | {'cold ms':>8} {'warm ms':>8} {'queries':>8} {'rows':>7} at x{args.scale:g}"
        header += " | ratio cold, warm"
    print(header)
    grows = []
    for (label, who), (seconds, queries, rows, warm) in full.items():
        line = f"{label:<26} {who:<8} {seconds * 1000:>9.1f} {warm * 1000:>8.1f} {queries:>8} {rows:>8,}"
        if small:
            s_seconds, s_queries, s_rows, s_warm = small[(label, who)]
            line += f" | {s_seconds * 1000:>8.1f} {s_warm * 1000:>8.1f} {s_queries:>8} {s_rows:>7,}"
            line += f" | {seconds / s_seconds:>6.2f} {warm / s_warm:>6.2f}"
            if s_queries != queries:
                line += "  queries differ"
                grows.append(f"{label} ({who})")
        print(line)
    if small:
        print("query counts that differ between the scales: " + (", ".join(grows) if grows else "none"))


if __name__ == "__main__":
    sys.exit(main())
