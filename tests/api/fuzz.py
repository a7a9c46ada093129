"""Property-based API tests from the OpenAPI schema: no server errors, responses match the schema.

The schemathesis pytest plugin is not used (it does not support the installed pytest); each
operation's strategy is run through hypothesis directly. The operations are dealt into
``SHARDS`` test modules (``test_schemathesis_<k>.py``) so that the suite's workers share the
minutes instead of one worker running them all at the end. ``LODESTAR_API_FUZZ_PATHS=/documents/``
runs only the operations whose path contains one of the comma-separated parts (while working on
them; the whole run is the one that counts).
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import response_schema_conformance

from lodestar.org.vocabularies import VocabularyEntry
from lodestar.wsgi import application

from ..factories import FACTORIES

SHARDS = 4


def fuzz_api(tree: dict, users: dict, shard: int) -> None:
    """Run every operation whose place in the label order falls to ``shard`` (1…SHARDS)."""
    # Vocabularies last: once the organisation lists entity kinds, a kind it does not list is refused.
    vocabularies = [m for m in FACTORIES if issubclass(m, VocabularyEntry)]
    for model, factory in FACTORIES.items():
        if model not in vocabularies:
            factory(tree["a"], 900)
    for model in vocabularies:
        FACTORIES[model](tree["a"], 900)
    token = Token.objects.create(user=users["analyst"])
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=lambda o: o.label)
    assert len(operations) >= 12 * 5
    if only := [part for part in os.environ.get("LODESTAR_API_FUZZ_PATHS", "").split(",") if part]:
        operations = [o for o in operations if any(part in o.path for part in only)]
        assert operations, only
    operations = operations[shard - 1 :: SHARDS]

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            label = case.operation.label
            assert response.status_code < 500, (label, response.status_code, response.text[:1000])
            case.validate_response(response, checks=[response_schema_conformance])

        check()
