"""The ICT baseline: A/65/491 loaded as a completed data call, table 5 and figures 4-7 computed from
its accepted submission, the seeds' own inconsistencies flagged, snapshots frozen on approval and
compared with the next one; detail records of a live data call counted by location class."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from lodestar.campaigns import services
from lodestar.campaigns.models import Campaign, CampaignItem
from lodestar.core.checks import run_checks
from lodestar.core.registry import registry
from lodestar.documents.tables import find
from lodestar.inventory import snapshots
from lodestar.inventory.models import AggregateFigure, BaselineSnapshot
from lodestar.reference.loader import Loader
from lodestar.results.models import Indicator

from ..conftest import make_entity

pytestmark = pytest.mark.django_db
A65 = "A/65/491"


def rows(number: str) -> dict[str, list[str]]:
    return {label: cells for label, *cells in find(A65, number).render(lang="en").formatted("en")}


def test_the_a65_491_baseline_from_its_data_call(db: Any, client: Any) -> None:
    assert Loader().run()
    campaign = Campaign.objects.get(code="A65-491-DC-2010")
    assert campaign.status == "closed"
    (submission,) = campaign.assignments.all()
    assert submission.state == "accepted" and submission.entity.code == "UN"
    # Aggregates only, each linked to the submission; no invented applications or servers.
    assert AggregateFigure.objects.filter(submission=submission).count() == 36
    assert not registry.by_label("inventory.application").model.objects.exists()

    table = rows("5")
    assert table["Annual ICT budget (millions of US dollars)"] == ["774", "149", "62", "563"]
    assert table["ICT staff"] == ["4,219", "770", "688", "2,761"]
    assert table["ICT job titles"] == ["173", "—", "—", "—"]
    assert table["ICT units"] == ["70", "21", "15", "34"]
    assert table["Applications"] == ["1,994", "841", "825", "328"]
    assert table["Servers"] == ["4,557", "888", "1,322", "2,347"]
    assert table["Data centres and server rooms"] == ["211", "8", "89", "114"]
    assert table["Desktops and laptops"] == ["83,796", "17,244", "18,435", "48,117"]
    assert table["ICT service desks"] == ["131", "20", "27", "84"]
    assert table["Service-desk requests received (per year)"] == [
        "1,146,629",
        "292,511",
        "225,597",
        "628,521",
    ]
    assert rows("figure 5")["Peacekeeping and political missions"] == ["2,761", "65.4", "66.0"]
    assert rows("figure 6")["Management and administration"] == ["62", "29.4", "13.0"]
    assert rows("figure 7")["Total"][0] == "563"
    ratios = rows("key ratios")
    assert ratios["Service-desk requests per service desk"] == ["8,752.9"]
    assert ratios["Servers per data centre or server room"] == ["21.6"]

    findings = run_checks(["INV-SHARE", "INV-GROUPING", "INV-FACILITIES"])
    messages = [(f.code, f.severity, f.message) for f in findings]
    assert ("INV-SHARE", "rounding") in {(c, s) for c, s, m in messages if "figure 5" in m}
    assert any("prints 66 %" in m and "2,761 of 4,219 is 65.4 %" in m for _c, _s, m in messages)
    swapped = [m for c, s, m in messages if c == "INV-SHARE" and "swapped" in m]
    assert (
        len(swapped) == 4 and any("figure 6" in m for m in swapped) and any("figure 7" in m for m in swapped)
    )
    grouping = [m for c, _s, m in messages if c == "INV-GROUPING"]
    assert any("counts 149" in m and "count 141.5" in m for m in grouping)
    assert any("counts 770" in m and "count 741" in m for m in grouping)
    assert not [m for c, _s, m in messages if c == "INV-FACILITIES"]  # 34 + 177 = 211

    out = io.StringIO()
    call_command("table", A65, "5", stdout=out)
    assert "1,146,629" in out.getvalue() and "4,219" in out.getvalue()
    out = io.StringIO()
    call_command("check", stdout=out)
    assert "INV-SHARE" in out.getvalue()

    # The snapshot is approved and frozen; loading again changes nothing.
    snapshot = BaselineSnapshot.objects.get(code="A65-491-BASELINE")
    assert snapshot.status == "approved" and snapshot.values.count() == 36
    assert {v.quality for v in snapshot.values.all()} == {"reported"}
    with pytest.raises(Exception, match="frozen"):
        snapshots.refresh(snapshot, user=None, check=False)
    assert Loader().run() == {}

    # The application counts of A/73/384 are an indicator observed over time.
    indicator = Indicator.objects.get(code="ICT-APPLICATIONS")
    assert [(o.year, o.kind, int(o.value)) for o in indicator.observations.order_by("year")] == [
        (2014, "actual", 2340),
        (2018, "actual", 1140),
        (2020, "target", 1000),
    ]
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("chief", "chief@un.org", "pw"))
    page = client.get(reverse("inventory:portfolio")).content.decode()
    assert 'data-target="1000"' in page and "A/73/384" in page


def test_a_snapshot_counts_a_live_data_calls_records_and_shows_growth(
    tree: dict, users: dict, client_for: Any
) -> None:
    mission = make_entity("MINUSCA", tree["root"], kind="peacekeeping_mission", location_class="missions")
    analyst = users["analyst"]
    campaign = registry[Campaign].service.create(
        data={
            "code": "DC-APPS",
            "name": {"en": "Applications"},
            "entity": tree["root"],
            "opens": datetime.date(2026, 1, 1),
            "deadline": datetime.date(2026, 2, 1),
            "scope_entities": [tree["a"], mission],
        },
        user=analyst,
    )
    registry[CampaignItem].service.create(
        data={
            "campaign": campaign,
            "code": "apps",
            "kind": "section",
            "label": {"en": "Apps"},
            "list_label": "inventory.application",
        },
        user=analyst,
    )
    services.launch(campaign, user=analyst)
    header = "entity,code,name_en,scope,status\n"
    for entity, codes in ((tree["a"], ["D1", "D2"]), (mission, ["M1"])):
        assignment = campaign.assignments.get(entity=entity)
        body = header + "".join(f"{entity.code},{c},App {c},local,active\n" for c in codes)
        services.upload_section(
            assignment, campaign.items.get(), content=body.encode(), filename="a.csv", user=analyst
        )
        services.submit(assignment, user=analyst)
        services.accept(assignment, user=analyst)
    first = registry[BaselineSnapshot].service.create(
        data={
            "code": "B1",
            "name": {"en": "One"},
            "entity": tree["root"],
            "as_of": datetime.date(2026, 2, 1),
            "campaign": campaign,
        },
        user=analyst,
    )
    client = client_for("analyst")
    client.post(reverse("inventory:snapshot_action", args=[first.pk, "approve"]))
    first.refresh_from_db()
    assert first.status == "approved"
    assert {(v.measure, v.group): v.value for v in first.values.all()} == {
        ("applications", "hq"): Decimal(2),
        ("applications", "missions"): Decimal(1),
    }
    # Next year one more mission application: the comparison shows the growth.
    copy = services.copy_campaign(
        campaign,
        code="DC-APPS-2",
        opens=datetime.date(2027, 1, 1),
        deadline=datetime.date(2027, 2, 1),
        user=analyst,
    )
    services.launch(copy, user=analyst)
    assignment = copy.assignments.get(entity=mission)
    body = header + "MINUSCA,M2,App M2,local,active\n"
    services.upload_section(
        assignment, copy.items.get(), content=body.encode(), filename="a.csv", user=analyst
    )
    services.submit(assignment, user=analyst)
    services.accept(assignment, user=analyst)
    second = registry[BaselineSnapshot].service.create(
        data={
            "code": "B2",
            "name": {"en": "Two"},
            "entity": tree["root"],
            "as_of": datetime.date(2027, 2, 1),
            "campaign": copy,
            "previous": first,
        },
        user=analyst,
    )
    snapshots.refresh(second, user=analyst)
    growth = {g.key: g.rate for g in snapshots.growth(second)}
    assert growth == {("applications", "missions", ""): Decimal(100)}
    page = client.get(reverse("inventory:baselinesnapshot_detail", args=[second.pk])).content.decode()
    assert 'data-measure="applications" data-group="missions"' in page and "100 %" in page
    # A focal point may not approve.
    focal = client_for("focal_a")
    focal.post(reverse("inventory:snapshot_action", args=[second.pk, "approve"]))
    second.refresh_from_db()
    assert second.status == "draft"


def test_portfolio_and_entity_inventory_pages(tree: dict, users: dict, client_for: Any) -> None:
    from tests.inventory.factories import application

    for n in range(3):
        application(tree["a"], n)
    application(tree["b"], 9)
    page = client_for("focal_a").get(reverse("inventory:portfolio")).content.decode()
    assert 'data-total="3"' in page and 'data-disposition="tolerate"' in page  # DM's is out of scope
    page = client_for("analyst").get(reverse("inventory:portfolio")).content.decode()
    assert 'data-total="4"' in page
    inventory = client_for("focal_a").get(reverse("inventory:entity_inventory", args=[tree["a"].pk]))
    assert 'data-list="application">3<' in inventory.content.decode()
    assert (
        client_for("focal_a").get(reverse("inventory:entity_inventory", args=[tree["b"].pk])).status_code
        == 404
    )


def test_the_portfolio_reads_exactly_what_restrict_allows(tree: dict, users: dict) -> None:
    from lodestar.core.permissions import VIEW, restrict
    from lodestar.inventory.models import Application
    from lodestar.inventory.views import _in_scope
    from tests.inventory.factories import application

    for n, owner in enumerate([tree["a"], tree["a_child"], tree["b"], tree["root"]]):
        application(owner, n)
    for name in ("analyst", "focal_a", "focal_b", "reader", "nobody"):
        user = users[name]
        assert set(_in_scope(user, Application)) == set(restrict(user, VIEW, Application)), name
