"""API fuzzing, shard 2 of fuzz.SHARDS (see tests/api/fuzz.py)."""

from __future__ import annotations

import pytest

from .fuzz import fuzz_api


@pytest.mark.django_db
def test_api_never_fails_and_matches_its_schema(tree: dict, users: dict, keep_connection: None) -> None:
    fuzz_api(tree, users, shard=2)
