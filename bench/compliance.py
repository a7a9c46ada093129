"""Compliance pages at UN-system scale: time and query count per page.

    .venv/bin/python -m bench.compliance [--entities 2000 --items 10 --controls 5 --repeat 3 --scale 0.1]

Generates, through bulk inserts (the point is to measure reads), a tree of ``--entities`` entities,
one policy instrument per entity, a self-certification campaign to every entity with ``--controls``
controls (half the entities submitted, a third of those without evidence), ``--items`` security
action items per entity (a status update for this cycle on half of them) and one classification
attestation per entity. Then times the compliance and security dashboards, an entity's profile and
the generic lists for a central analyst and a focal point, and counts the queries; the whole run is
repeated at ``--scale`` to show whether a page's query count grows with the rows.

SQLite by default (``var/bench/compliance.sqlite3``, emptied first); DATABASE_URL=postgres://… for
PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.registers import build_tree

TODAY = datetime.date.today()


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(var_dir))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'compliance.sqlite3'}")
    import django

    django.setup()


def build(entities: int, items: int, controls: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lodestar.campaigns.models import Answer, Assignment, Campaign
    from lodestar.compliance import models as com
    from lodestar.compliance import security as sec
    from lodestar.compliance.services import add_control
    from lodestar.core import permissions as p
    from lodestar.org.models import RoleAssignment

    call_command("flush", interactive=False, verbosity=0)
    root, departments, everyone = build_tree(entities)
    User = get_user_model()
    analyst, focal = User.objects.create_user("analyst"), User.objects.create_user("focal")
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=analyst, role=p.CENTRAL_ANALYST, entity=root),
            RoleAssignment(user=focal, role=p.FOCAL_POINT, entity=departments[0]),
        ]
    )
    com.PolicyInstrument.objects.bulk_create(
        [
            com.PolicyInstrument(
                entity=e, code=f"POL-{e.code}", title={"en": f"Policy of {e.code}"}, kind="policy"
            )
            for e in everyone
        ]
    )
    campaign = Campaign.objects.create(
        entity=root,
        code="SC-BENCH",
        kind="self_certification",
        name={"en": "Self-certification"},
        opens=TODAY - datetime.timedelta(days=10),
        deadline=TODAY + datetime.timedelta(days=10),
    )
    policy = com.PolicyInstrument.objects.first()
    made = [
        add_control(
            campaign, instrument=policy, code=f"C{n}", text={"en": f"Control {n}"}, user=None, check=False
        )
        for n in range(controls)
    ]
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(campaign=campaign, entity=e, state="submitted" if i % 2 == 0 else "not_started")
            for i, e in enumerate(everyone)
        ]
    )
    answers = []
    for i, a in enumerate(assignments):
        if a.state != "submitted":
            continue
        for control in made:
            answers.append(Answer(assignment=a, item_id=control.answer_item_id, value="compliant"))
            if i % 3:
                answers.append(Answer(assignment=a, item_id=control.evidence_item_id, value="Minutes"))
    Answer.objects.bulk_create(answers, batch_size=2000)
    statuses = ("implemented", "partial", "not_implemented")
    action_items = sec.ActionItem.objects.bulk_create(
        [
            sec.ActionItem(
                entity=e,
                code=f"AP-{e.code}-{n}",
                plan="10-point action plan",
                point=n + 1,
                title={"en": f"Action {n}"},
                status=statuses[n % 3],
                evidence={"en": "Report"},
                deadline=TODAY - datetime.timedelta(days=n),
            )
            for e in everyone
            for n in range(items)
        ],
        batch_size=2000,
    )
    sec.ActionStatusUpdate.objects.bulk_create(
        [
            sec.ActionStatusUpdate(
                item=i, cycle=TODAY.year, as_of=TODAY, status=i.status, progress={"en": "On track"}
            )
            for n, i in enumerate(action_items)
            if n % 2
        ],
        batch_size=2000,
    )
    sec.ClassificationAttestation.objects.bulk_create(
        [
            sec.ClassificationAttestation(entity=e, as_of=TODAY, assets=100, classified=40 + i % 60)
            for i, e in enumerate(everyone)
        ]
    )
    counts = {
        "entities": len(everyone),
        "answers": len(answers),
        "action items": len(action_items),
        "department": departments[0].pk,
    }
    return {"users": {"analyst": analyst, "focal": focal}, "counts": counts}


def pages(counts: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("compliance dashboard", "/compliance/"),
        ("security dashboard", "/compliance/security/"),
        ("entity profile", f"/compliance/entity/{counts['department']}/"),
        ("instrument list", "/compliance/policyinstrument/"),
        ("action item list", "/compliance/actionitem/"),
        ("API action items, 100", "/api/compliance/actionitem/?page_size=100"),
    ]


def measure(users: dict, counts: dict[str, Any], repeat: int) -> dict[tuple[str, str], tuple[float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url in pages(counts):
            assert client.get(url).status_code == 200, (who, url)  # warm
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                queries = len(captured)
                assert response.status_code == 200, (who, url, response.status_code)
            results[(label, who)] = (statistics.median(times), queries)
    return results


def run(entities: int, items: int, controls: int, repeat: int, engine: str) -> dict:
    start = time.perf_counter()
    built = build(entities, items, controls)
    c = built["counts"]
    print(
        f"{engine}: built {c['entities']:,} entities, {c['answers']:,} answers, {c['action items']:,} "
        f"action items in {time.perf_counter() - start:.1f} s"
    )
    return measure(built["users"], c, repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--controls", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.1, help="second, smaller run (0: none)")
    args = parser.parse_args(argv)
    var_dir = Path(__file__).resolve().parent.parent / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    full = run(args.entities, args.items, args.controls, args.repeat, engine)
    small = (
        run(max(10, round(args.entities * args.scale)), args.items, args.controls, args.repeat, engine)
        if args.scale
        else {}
    )
    print(
        f"{'page':<24} {'user':<8} {'median ms':>10} {'queries':>8}"
        + (f" | {'ms':>8} {'queries':>8} at x{args.scale:g}" if small else "")
    )
    grows = []
    for (label, who), (seconds, queries) in full.items():
        line = f"{label:<24} {who:<8} {seconds * 1000:>10.1f} {queries:>8}"
        if small:
            s_seconds, s_queries = small[(label, who)]
            line += f" | {s_seconds * 1000:>8.1f} {s_queries:>8}"
            if s_queries != queries:
                line += "  queries differ"
                grows.append(f"{label} ({who})")
        print(line)
    if small:
        print("query counts that differ between the scales: " + (", ".join(grows) if grows else "none"))


if __name__ == "__main__":
    sys.exit(main())
