"""API fuzzing, shard 1 of fuzz.SHARDS (see tests/api/fuzz.py)."""

from __future__ import annotations

import pytest

from .fuzz import fuzz_api


@pytest.mark.django_db
def test_api_never_fails_and_matches_its_schema(tree: dict, users: dict, keep_connection: None) -> None:
    fuzz_api(tree, users, shard=1)


def test_every_shard_has_its_module() -> None:
    from pathlib import Path

    from .fuzz import SHARDS

    assert len(list(Path(__file__).parent.glob("test_schemathesis_*.py"))) == SHARDS
