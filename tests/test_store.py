"""The embedded query store (dist/store): what it holds, how a build replaces
it, what a failed build leaves, and how readers open it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pytest

from sdd_kg import build as build_module
from sdd_kg.build import build
from sdd_kg.errors import InputError
from sdd_kg.namespaces import ontology_graph
from sdd_kg.serialize import named_graphs
from sdd_kg.store import ONTOLOGY_GRAPH, open_store, query, store_path

from .conftest import DATA

PAULUK = "pauluk-v-savage-2016-partial-dissent-murguia"


def _count(store, pattern: str) -> int:
    (row,) = query(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(row["n"].value)


def _graph_sizes(store) -> dict[str, int]:
    rows = query(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


def _snapshot(folder):
    """Every file under ``folder`` and its digest."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _pauluk_only(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob(f"{PAULUK}.*"):
        shutil.copy(path, data)
    return data


def test_store_holds_every_graph_of_the_build_and_the_ontology(built):
    result, out = built
    store = open_store(out)
    expected = {str(g.identifier): len(g) for g in named_graphs(result.dataset)}
    expected[ONTOLOGY_GRAPH] = len(ontology_graph())
    assert _graph_sizes(store) == expected
    # the default graph is their merge: each triple once, however many graphs hold it
    merged = set(result.graph) | set(ontology_graph())
    assert _count(store, "?s ?p ?o") == len(merged) < sum(expected.values())


def test_default_graph_counts_a_case_once_though_two_graphs_describe_it(built):
    """Oxigraph 0.5's own union-of-graphs default yields a triple once per
    graph holding it: Grubbs I is described in both opinions' graphs."""
    result, out = built
    store = open_store(out)
    assert _count(store, "?c a <https://w3id.org/sdd-kg/ontology#Case>") == result.summary()["cases"]
    grubbs = "<https://w3id.org/sdd-kg/case/974-F.2d-119>"
    assert _count(store, f"GRAPH ?g {{ {grubbs} a ?type }}") == 2
    assert _count(store, f"{grubbs} a ?type") == 1


def test_rebuild_replaces_the_store_and_open_readers_keep_the_old_one(built, tmp_path):
    _, out = built
    dist = tmp_path / "dist"
    shutil.copytree(out, dist)
    before = open_store(dist)
    old_total = _count(before, "?s ?p ?o")
    result = build(_pauluk_only(tmp_path), dist)
    after = open_store(dist)
    assert _count(after, "?s ?p ?o") == len(set(result.graph) | set(ontology_graph())) < old_total
    assert set(_graph_sizes(after)) == {str(g.identifier) for g in named_graphs(result.dataset)} | {ONTOLOGY_GRAPH}
    assert _count(before, "?s ?p ?o") == old_total  # the swap does not pull files from under a reader
    assert [p.name for p in dist.iterdir() if p.name.startswith(".store.")] == []


def test_build_that_fails_on_bad_input_leaves_the_previous_outputs(built, tmp_path):
    _, out = built
    dist = tmp_path / "dist"
    shutil.copytree(out, dist)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "broken.txt").write_bytes(b"")
    snapshot = _snapshot(dist)
    with pytest.raises(InputError, match="broken"):
        build(data, dist)
    assert _snapshot(dist) == snapshot


def test_build_that_fails_after_loading_the_store_leaves_the_previous_one(built, tmp_path, monkeypatch):
    """The store is staged beside the old one; a failure writing the other
    outputs removes the staged copy and keeps the old store in place."""
    _, out = built
    dist = tmp_path / "dist"
    shutil.copytree(out, dist)
    snapshot = _snapshot(dist)

    def disk_full(files):
        assert any(p.name.startswith(".store.") for p in dist.iterdir()), "store not staged before writing"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_all_atomic", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build(_pauluk_only(tmp_path), dist)
    assert _snapshot(dist) == snapshot


def test_opening_a_missing_store_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError) as caught:
        open_store(tmp_path / "dist")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(store_path(tmp_path / "dist"))) and "sdd-kg build" in message


def test_two_readers_at_once(built):
    """Read-only openers share the store: two in this process, and a third
    process while they hold it open."""
    result, out = built
    first, second = open_store(out), open_store(out)
    cases = result.summary()["cases"]
    assert _count(first, "?c a <https://w3id.org/sdd-kg/ontology#Case>") == cases
    assert _count(second, "?c a <https://w3id.org/sdd-kg/ontology#Case>") == cases
    script = (
        "import sys, pyoxigraph as ox; "
        "s = ox.Store.read_only(sys.argv[1]); "
        "print(len(list(s.quads_for_pattern(None, None, None, ox.DefaultGraph()))))"
    )
    other = subprocess.run([sys.executable, "-c", script, str(store_path(out))], capture_output=True, text=True, check=True)
    assert int(other.stdout) == _count(first, "?s ?p ?o")
