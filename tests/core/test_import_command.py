"""`./lodestar import` and `./lodestar export`: the web import, scripted, with exit status."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from lodestar.finance import models as fin
from tests.finance import factories as ff

HEADER = "section,funding_source,category,grade,period,stage,count"


@pytest.fixture
def sheet(tree: dict, tmp_path: Path) -> Any:
    section, source, period = (
        ff.section(tree["a"], 1),
        ff.funding_source(tree["a"], 1),
        ff.period(tree["a"], 1),
    )

    def write(*counts: str) -> Path:
        path = tmp_path / "posts.csv"
        lines = [
            f"{section.code},{source.code},professional,P-{n},{period.code},approved,{c}"
            for n, c in enumerate(counts)
        ]
        path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
        return path

    return write


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_import_previews_commits_and_exits_1_when_refused(sheet: Any, users: dict, tmp_path: Path) -> None:
    good = sheet("3", "2")
    status, out = run("import", "finance.post", str(good), "--user", "analyst")
    assert status == 0 and "2 created, 0 updated, 0 unchanged, 0 refused" in out
    assert fin.Post.objects.count() == 0  # a preview writes nothing
    status, out = run("import", "finance.post", str(good), "--user", "analyst", "--commit")
    assert status == 0 and "Committed." in out and fin.Post.objects.count() == 2
    status, out = run("import", "finance.post", str(good), "--user", "analyst", "--commit")
    assert status == 0 and "0 created, 0 updated, 2 unchanged, 0 refused" in out
    bad = sheet("3", "-1")
    status, out = run("import", "finance.post", str(bad), "--user", "analyst", "--commit")
    assert status == 1 and "Row 3:" in out and "cannot be negative" in out
    assert sorted(fin.Post.objects.values_list("count", flat=True)) == [2, 3]
    exported = tmp_path / "out.csv"
    assert run("export", "finance.post", "--user", "analyst", "-o", str(exported))[0] == 0
    status, out = run("import", "finance.post", str(exported), "--user", "analyst")
    assert status == 0 and "0 created, 0 updated, 2 unchanged, 0 refused" in out
    xlsx = tmp_path / "out.xlsx"
    run("export", "finance.post", "--format", "xlsx", "--user", "analyst", "-o", str(xlsx))
    assert run("import", "finance.post", str(xlsx), "--user", "analyst")[1].startswith(
        "0 created, 0 updated, 2"
    )
