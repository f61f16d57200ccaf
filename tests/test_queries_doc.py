"""docs/queries.md is generated from the named queries and the data: keep the
committed page equal to what the current build says (the golden-file
pattern; regenerate only with the explicit command)."""

from __future__ import annotations

import difflib
import importlib.util

import pytest

from sdd_kg.store import open_store

from .conftest import ROOT

PAGE = ROOT / "docs" / "queries.md"
REGENERATE = "python scripts/queries_doc.py"


def _script():
    spec = importlib.util.spec_from_file_location("queries_doc", ROOT / "scripts" / "queries_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_query_cookbook_page_matches_the_data(built):
    _, out = built
    expected = _script().render(open_store(out))
    committed = PAGE.read_text("utf-8")
    if committed != expected:
        diff = "".join(difflib.unified_diff(
            committed.splitlines(keepends=True), expected.splitlines(keepends=True),
            "docs/queries.md (committed)", "docs/queries.md (from the current build)", n=1,
        ))
        pytest.fail(f"docs/queries.md is out of date; regenerate it with `{REGENERATE}` and commit it.\n{diff[:20000]}")


def test_the_script_writes_the_page_it_renders(built, tmp_path):
    _, out = built
    script = _script()
    target = tmp_path / "queries.md"
    assert script.main(["--dist", str(out), "--output", str(target)]) == 0
    assert target.read_text("utf-8") == script.render(open_store(out))
    assert script.main(["--dist", str(tmp_path / "nothing"), "--output", str(target)]) == 2
