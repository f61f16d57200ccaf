"""The embedded query store: the built dataset in Oxigraph, on disk.

``sdd-kg build`` loads the dataset's named graphs, and the ontology with its
factor scheme in a graph of their own (``graph/ontology``), into an Oxigraph
store at ``dist/store``. Queries read it with the union of all graphs as the
default graph, so a query sees the data and the vocabulary's labels together,
and ``GRAPH ?g`` still tells an opinion's statements from a case record's.

The union is stored: the store's default graph holds the RDF merge of the
named graphs, written at build time. pyoxigraph's own
``use_default_graph_as_union`` (0.5) yields a triple once *per graph* that
holds it (oxigraph#1919), so a case typed in its record and in three citing
opinions' graphs would count four times; a stored merge is a set, as SPARQL
defines the merge, and costs one more copy of ~15k triples.

Oxigraph answers from RocksDB indexes: no parsing of the Turtle at query time
and no server to start (``scripts/benchmark_store.py`` measures it against
rdflib). Readers open the store read-only, so several processes (a CLI query,
the HTTP server's workers) share it.

The store is rebuilt whole on every build, in a temporary folder beside it
that replaces the old one only when fully loaded, so a failed build leaves the
previous store intact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import BASE, factors_path, ontology_path

STORE_DIRNAME = "store"
ONTOLOGY_GRAPH = BASE + "graph/ontology"
"""Named graph holding ``ontology/sdd-kg.ttl`` and ``ontology/factors.ttl``."""


def store_path(dist_dir: Path) -> Path:
    return Path(dist_dir) / STORE_DIRNAME


def stage_store(nquads: str, dist_dir: Path) -> Path:
    """Load the dataset (N-Quads, every triple in a named graph) and the
    ontology into a fresh store in a temporary folder of ``dist_dir``; the
    caller moves it into place with :func:`commit_store` once the build's
    other outputs are written, or removes it."""
    dist_dir = Path(dist_dir)
    dist_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".store.", suffix=".tmp", dir=dist_dir))
    try:
        store = ox.Store(str(staging))
        store.bulk_load(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)
        ontology = ox.NamedNode(ONTOLOGY_GRAPH)
        for path in (ontology_path(), factors_path()):
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ontology)
        # The merge of every named graph, as the default graph (see above).
        merged = [ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)]
        store.bulk_extend(merged)
        store.flush()
        store.optimize()
        del store  # release RocksDB's lock before the folder moves
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def commit_store(staging: Path, dist_dir: Path) -> Path:
    """Move a staged store to ``dist/store``, in place of the previous one."""
    target = store_path(dist_dir)
    _swap_in(staging, target)
    return target


def write_store(nquads: str, dist_dir: Path) -> Path:
    """Stage and commit in one step; returns the store's path."""
    return commit_store(stage_store(nquads, dist_dir), dist_dir)


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging``. Readers that opened the old store
    keep reading its (unlinked) files until they close it."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=".store.", suffix=".old", dir=target.parent))
        os.replace(target, retired / target.name)
    os.replace(staging, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def open_store(dist_dir: Path) -> ox.Store:
    """The built store, opened read-only; an :class:`InputError` if there is none."""
    path = store_path(dist_dir)
    if not (path / "CURRENT").is_file():
        raise InputError(path, "no query store here: run `sdd-kg build` first")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(path, f"cannot open the query store: {exc}") from None
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
        raise InputError(path, "this store has no merged default graph (an older build): run `sdd-kg build`")
    return store


def query(store: ox.Store, text: str, origin: str = "query"):
    """Run a SPARQL query over the union (the merge) of the store's graphs.

    Returns pyoxigraph's ``QuerySolutions``, ``QueryBoolean`` or
    ``QueryTriples``; a syntax or evaluation error is an :class:`InputError`
    naming ``origin``.
    """
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise InputError(origin, f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(origin, f"SPARQL error: {exc}") from None
