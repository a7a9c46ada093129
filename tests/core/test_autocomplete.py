"""The scoped autocomplete: the endpoint offers only what the user may choose, in a constant number of
queries; relations with many choices render without their option list and still validate."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core import autocomplete
from lodestar.core.forms import form_class
from lodestar.core.permissions import ADD, CHANGE
from lodestar.core.registry import registry
from lodestar.inventory.models import Application
from lodestar.org.models import Entity
from lodestar.oversight.models import Recommendation

from ..inventory.factories import application
from ..oversight.factories import recommendation
from .harness import post_data

pytestmark = pytest.mark.django_db


def ask(client: Any, label: str, **params: str) -> Any:
    return client.get(reverse("autocomplete", args=[label]), params)


def many_entities(parent: Entity, count: int) -> list[Entity]:
    """Entities in bulk (the point is their number, not their history)."""
    made = Entity.objects.bulk_create(
        [
            Entity(code=f"{parent.code}-X{n:03d}", parent=parent, kind="unit", name={"en": f"Extra unit {n}"})
            for n in range(count)
        ]
    )
    for e in made:
        e.tree_path = f"{parent.tree_path}{e.pk}/"
    Entity.objects.bulk_update(made, ["tree_path"])
    return made


def many_applications(owner: Entity, count: int, start: int = 0) -> None:
    Application.objects.bulk_create(
        [
            Application(entity=owner, code=f"{owner.code}-B{n:04d}", name={"en": f"Bulk application {n}"})
            for n in range(start, start + count)
        ]
    )


def test_a_focal_point_finds_only_its_entities_records(tree: dict, client_for: Any) -> None:
    application(tree["a"], 1)
    application(tree["a_child"], 2)
    application(tree["b"], 3)
    answer = ask(client_for("focal_a"), "inventory.application", q="application").json()
    texts = [row["text"] for row in answer["results"]]
    assert len(texts) == 2 and not any("DM" in t for t in texts), texts
    # As a list filter and as the owner of a new record: entity A and below, never B.
    for use in ("filter", "add"):
        answer = ask(
            client_for("focal_a"), "org.entity", field="inventory.application.entity", use=use
        ).json()
        ids = {row["id"] for row in answer["results"]}
        assert ids == {tree["a"].pk, tree["a_child"].pk}, (use, answer)
        found = ask(client_for("focal_a"), "org.entity", q="DM", field="inventory.application.entity")
        assert found.json()["results"] == []
    everything = ask(client_for("analyst"), "org.entity", field="inventory.application.entity").json()
    assert {row["id"] for row in everything["results"]} >= {tree["a"].pk, tree["b"].pk}


def test_matches_rank_the_code_first_and_say_when_there_are_more(tree: dict, client_for: Any) -> None:
    many_applications(tree["a"], 30)
    Application.objects.create(entity=tree["a"], code="AAA-1", name={"en": "Replaces DESA-B0007"})
    # The exact code first, although "AAA-1" comes first in the list's order (by code).
    answer = ask(client_for("analyst"), "inventory.application", q="desa-b0007").json()
    assert [row["text"].split()[0] for row in answer["results"]] == ["DESA-B0007", "AAA-1"], answer
    answer = ask(client_for("analyst"), "inventory.application", q="bulk application").json()
    assert len(answer["results"]) == autocomplete.LIMIT and answer["more"] is True
    # Every word must match: the name in the reader's language (or English).
    assert ask(client_for("analyst"), "inventory.application", q="bulk nothing").json()["results"] == []


def test_unknown_models_and_fields_are_not_found(tree: dict, client_for: Any, client: Any) -> None:
    analyst = client_for("analyst")
    assert ask(analyst, "nowhere.nothing").status_code == 404
    assert ask(analyst, "auth.user").status_code == 404  # not registered (logins are org.login)
    assert ask(analyst, "org.entity", field="inventory.application.nothing").status_code == 404
    # The field must point at the model asked for, and be one the form or the filter has.
    assert ask(analyst, "org.entity", field="inventory.application.scope").status_code == 404
    assert ask(analyst, "inventory.application", field="inventory.application.entity").status_code == 404
    assert ask(analyst, "org.entity", field="inventory.application.entity", use="delete").status_code == 404
    assert ask(client, "org.entity").status_code == 403  # not signed in
    assert ask(client_for("nobody"), "org.entity").status_code == 403


def test_the_query_count_does_not_grow_with_the_table(tree: dict, client_for: Any) -> None:
    client = client_for("analyst")
    many_applications(tree["a"], 10)
    ask(client, "inventory.application", q="bulk")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert len(ask(client, "inventory.application", q="bulk").json()["results"]) == 10
    many_applications(tree["a"], 90, start=10)
    with CaptureQueriesContext(connection) as many:
        assert len(ask(client, "inventory.application", q="bulk").json()["results"]) == autocomplete.LIMIT
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def _options(html: str, name: str) -> int:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return -1 if select is None else select.group(1).count("<option")


def test_many_choices_render_without_the_option_list(tree: dict, client_for: Any) -> None:
    client = client_for("analyst")
    small = client.get("/inventory/application/").content.decode()
    assert _options(small, "entity") == 5  # four entities and "---------": a plain drop-down
    many_entities(tree["a"], autocomplete.THRESHOLD)
    chosen = Entity.objects.get(code="DESA-X042")
    for page in ("/inventory/application/", "/inventory/application/add/"):
        url = f"{page}?entity={chosen.pk}"
        html = client.get(url).content.decode()
        assert _options(html, "entity") == -1, url
        assert not any(f"Extra unit {n}<" in html for n in (0, 1, 41, 43, 49)), url
        assert 'role="combobox"' in html and 'data-autocomplete="/autocomplete/org.entity/' in html
        # Only the chosen value, under the field's own name.
        assert f'<input type="hidden" name="entity" value="{chosen.pk}">' in html, url
        assert "Extra unit 42" in html
    # A list's own extra filter over entities (oversight.lists) too: any entity the user may view.
    html = client.get("/oversight/recommendation/").content.decode()
    assert _options(html, "addressed_to") == -1 and _options(html, "entity") == -1
    assert 'data-autocomplete="/autocomplete/org.entity/?use=filter"' in html


def test_forms_with_autocompletes_validate_and_save(tree: dict, users: dict, client_for: Any) -> None:
    extra = many_entities(tree["a"], autocomplete.THRESHOLD + 5)
    client = client_for("analyst")
    r = registry[Application]
    form_class(r)(user=users["analyst"], registration=r, action=ADD)  # the user's grants, once
    with CaptureQueriesContext(connection) as built:  # as an import builds one per row
        form = form_class(r)(user=users["analyst"], registration=r, action=ADD)
    assert len(built) == 0, "only a form that is shown counts its choices"
    autocomplete.enhance(form, r, ADD)
    assert type(form.fields["entity"].widget).__name__ == "AutocompleteSelect"
    data = post_data(form, code="NEW-1", name={"en": "New application"}, entity=extra[3].pk, scope="local")
    response = client.post("/inventory/application/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Application.objects.get(code="NEW-1").entity == extra[3]
    # A many-to-many: the chips submit the same repeated field the multi-select did.
    rec = recommendation(tree["a"], 1)
    rr = registry[Recommendation]
    form = form_class(rr)(instance=rec, user=users["analyst"], registration=rr, action=CHANGE)
    autocomplete.enhance(form, rr, CHANGE)
    assert type(form.fields["other_entities"].widget).__name__ == "AutocompleteSelectMultiple"
    data = post_data(form, other_entities=[extra[0].pk, extra[7].pk])
    response = client.post(f"/oversight/recommendation/{rec.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(Recommendation.objects.get(pk=rec.pk).other_entities.all()) == {extra[0], extra[7]}
    page = client.get(f"/oversight/recommendation/{rec.pk}/edit/").content.decode()
    assert f'name="other_entities" value="{extra[7].pk}"' in page and "Remove Extra unit 7" in page
    # A choice outside the user's entities is refused as it was by the drop-down.
    outside = many_entities(tree["b"], 1)[0]
    data = post_data(form_class(r)(user=users["analyst"], registration=r, action=ADD), code="NEW-2")
    data.update(name_en="Outside", entity=outside.pk, scope="local")
    assert client_for("focal_a").post("/inventory/application/add/", data).status_code == 400
    assert not Application.objects.filter(code="NEW-2").exists()


def test_list_rows_read_and_link_only_what_they_show(tree: dict, client_for: Any) -> None:
    recs = [recommendation(tree["a"], n) for n in (1, 2)]
    recs[0].other_entities.add(tree["b"])
    with CaptureQueriesContext(connection) as captured:
        html = client_for("analyst").get("/oversight/recommendation/").content.decode()
    # "Also addressed to" is on the record's page, not a column: the list does not read it.
    assert not any("other_entities" in q["sql"] for q in captured.captured_queries)
    for rec in recs:  # each row's links, filled from one pattern, are the records' own addresses
        assert f'href="{rec.get_absolute_url()}"' in html
        assert f'href="{rec.report.get_absolute_url()}"' in html
