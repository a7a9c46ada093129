"""The reference dataset loads completely, twice without change, and reproduces the seeds' facts."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from lodestar.core.models import ObjectChange
from lodestar.org.compliance import compliance
from lodestar.org.models import Entity, GovernanceBody, OictMandate
from lodestar.reference.demo_users import ensure_demo_users
from lodestar.reference.loader import load_reference

from ..reference_snapshot import reference_data


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    return reference_data()


def test_loading_twice_changes_nothing(loaded: dict[str, int]) -> None:
    changes = ObjectChange.objects.count()
    assert changes > 0 and all(c.source == "reference" for c in ObjectChange.objects.all())
    assert load_reference() == {}
    assert ObjectChange.objects.count() == changes
    first = ensure_demo_users()
    assert ensure_demo_users() == first


def test_the_un_vocabularies_are_reference_data_and_the_demo_adds_an_empty_organisation(
    loaded: dict[str, int],
) -> None:
    from lodestar.core.permissions import VIEW, restrict
    from lodestar.finance.models import FundingSource
    from lodestar.org.models import EntityKind, Grade, LocationClass
    from lodestar.oversight.models import OversightBody, OversightBodyKind

    un = Entity.objects.get(code="UN")
    assert set(Grade.objects.filter(organisation=un).values_list("code", flat=True)) >= {
        "USG",
        "P-4",
        "GS (OL)",
    }
    assert Grade.objects.get(organisation=un, code="P-4").category.code == "professional"
    assert set(LocationClass.objects.values_list("code", flat=True)) == {"hq", "offices_away", "missions"}
    assert set(Entity.objects.values_list("kind", flat=True)) <= set(
        EntityKind.objects.values_list("code", flat=True)
    )
    kinds = set(OversightBodyKind.objects.values_list("code", flat=True))
    assert set(OversightBody.objects.values_list("kind", flat=True)) <= kinds
    assert FundingSource.objects.filter(organisation=un, code="RB", kind="regular").exists()
    assert not FundingSource.objects.exclude(organisation=un).exists()

    changes = ObjectChange.objects.count()
    logins = ensure_demo_users()
    second = Entity.objects.get(code="ORG2")
    assert second.parent is None and not second.children.exists()
    written = ObjectChange.objects.count()
    assert written == changes + 1 + len(logins)  # the organisation and one role grant per login
    assert ensure_demo_users() == logins and ObjectChange.objects.count() == written  # idempotent
    from django.contrib.auth import get_user_model

    org2admin = get_user_model().objects.get(username="org2admin")
    for model in (FundingSource, Grade, OversightBody, EntityKind):
        assert not restrict(org2admin, VIEW, model).exists()  # empty, and nothing of the UN's
    assert restrict(org2admin, VIEW, Entity).get() == second


def test_the_secretariat_entities_and_oict_structures(loaded: dict[str, int]) -> None:
    assert Entity.objects.count() >= 60
    root = Entity.objects.get(parent=None)
    assert root.code == "UN"
    assert all(e.tree_path.startswith(root.tree_path) for e in Entity.objects.all())
    kinds = set(Entity.objects.values_list("kind", flat=True))
    assert {"department", "regional_commission", "tribunal", "peacekeeping_mission"} <= kinds
    oict = Entity.objects.get(code="OICT")
    units = Entity.objects.filter(tree_path__startswith=oict.tree_path).exclude(pk=oict.pk)
    assert units.filter(valid_to__year=2010).exists()  # the 2010 structure
    assert units.filter(proposed=True).exists()  # the structure proposed for 2011
    assert units.filter(valid_from__year=2024).exists()  # the 2024 structure
    assert all(e.name.get("zh") and e.name.get("en") for e in Entity.objects.all())


def test_2018_governance_facts_are_flagged(loaded: dict[str, int]) -> None:
    ec = GovernanceBody.objects.get(code="ICT-EC")
    board = GovernanceBody.objects.get(code="ICT-BOARD")
    rows = {(r.body.code, r.year): r for r in compliance([ec, board])}
    assert rows[("ICT-EC", 2018)].meetings_held == 0
    assert rows[("ICT-BOARD", 2018)].meetings_held == 2
    assert rows[("ICT-BOARD", 2018)].meetings_required == 8
    assert rows[("ICT-BOARD", 2018)].annual_reports_produced == 0
    assert board.founding_instrument.symbol == "ST/SGB/2016/11"
    out = StringIO()
    call_command("check", "--format", "json", stdout=out)
    flagged = {f["object"].split(" ", 1)[0] for f in json.loads(out.getvalue()) if f["code"] == "GOV-CADENCE"}
    assert {f"org.governancebody:{ec.pk}", f"org.governancebody:{board.pk}"} <= flagged


def test_table_13_of_a_65_491_in_english_and_chinese(loaded: dict[str, int]) -> None:
    assert OictMandate.objects.count() == 18
    out = StringIO()
    call_command("table", "A/65/491", "13", "--format", "csv", "--lang", "zh", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["经核准的信通技术战略的任务(A/62/793 和 Corr.1)", "新/现有任务", "提供的资源"]
    assert len(rows) == 19
    assert rows[1][0].startswith("制定秘书处信通技术战略") and rows[1][0].endswith("(第 35段(a))")
    assert rows[1][1:] == ["新", "无"]
    statuses = [r[1] for r in rows[1:]]
    assert statuses.count("新") == 13 and statuses.count("现有") == 5
    out = StringIO()
    call_command("table", "A/65/491", "13", "--format", "json", "--lang", "en", stdout=out)
    table = json.loads(out.getvalue())
    assert table["columns"][1] == "New/existing"
    assert table["rows"][0]["label"].endswith("(para. 35 (a))")
    resources = [r["cells"][1]["text"] for r in table["rows"]]
    assert resources.count("None") == 9


def test_unknown_tables_are_refused_with_the_list_of_known_ones(db: Any) -> None:
    from django.core.management.base import CommandError

    from lodestar.documents.models import Document
    from tests.conftest import make_entity

    with pytest.raises(CommandError, match=r"No document A/65/491"):
        call_command("table", "A/65/491", "99")
    # The record gives the document its tables (those of its type).
    root = make_entity("UN", kind="organisation")
    Document.objects.create(
        symbol="A/65/491", document_type="structural_review", title={"en": "Review"}, entity=root
    )
    with pytest.raises(CommandError, match=r"Its tables: .*\b13\b"):
        call_command("table", "A/65/491", "99")
