"""The embedded query store: the built dataset in Oxigraph, on disk.

``sdd-kg build`` loads the dataset's named graphs, and the ontology with its
factor scheme in a graph of their own (``graph/ontology``), into an Oxigraph
store at ``dist/store``. Queries read it with the union of all graphs as the
default graph, so a query sees the data and the vocabulary's labels together,
and ``GRAPH ?g`` still tells an opinion's statements from a case record's.

That union is stored, not computed: the store's default graph holds the RDF
merge of every named graph (each triple once). Oxigraph 0.5's own
``use_default_graph_as_union`` yields a triple once *per graph* that holds it
(oxigraph/oxigraph#1919, fixed after 0.5), and a case cited by two opinions is
described in both their graphs, so ``COUNT(*)`` over cases would count 53 for
43 and every unDISTINCT row would repeat. The copy doubles the store's size,
which at this scale is a few megabytes.

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
from contextlib import contextmanager
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
        data = nquads.encode("utf-8")
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
        # parsed once, so the ontology's blank nodes (OWL unions) are the same
        # nodes in its graph and in the merge
        ontology = [t for path in (ontology_path(), factors_path())
                    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in ontology)
        store.bulk_extend(_merged(ox.parse(data, ox.RdfFormat.N_QUADS), ontology))
        store.flush()
        store.optimize()
        del store  # release RocksDB's lock before the folder moves
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _merged(*sources):
    """Every triple of the sources, in the default graph (the store keeps one
    copy of a triple that several graphs hold)."""
    for quads in sources:
        for quad in quads:
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def commit_store(staging: Path, dist_dir: Path) -> Path:
    """Move a staged store to ``dist/store``, in place of the previous one."""
    target = store_path(dist_dir)
    _swap_in(staging, target)
    return target


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


def query(store: ox.Store, text: str, origin: str = "query", bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
    """Run a SPARQL query over the union of the store's graphs.

    ``bindings`` maps variable names (no ``?``) to terms substituted before
    evaluation (SPARQL-dev SEP-0007; a ``SELECT`` must project the variable).
    Returns pyoxigraph's ``QuerySolutions``, ``QueryBoolean`` or
    ``QueryTriples``, lazily evaluated: iterate them inside :func:`answering`
    so that an evaluation error is reported like a syntax error, as an
    :class:`InputError` naming ``origin``.
    """
    substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
    with answering(origin):
        return store.query(text, substitutions=substitutions or None)


@contextmanager
def answering(origin: str):
    """Turn pyoxigraph's errors (syntax, evaluation, an unusable substitution,
    a failed SERVICE call) into one-line :class:`InputError` naming ``origin``."""
    try:
        yield
    except SyntaxError as exc:
        raise InputError(origin, f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise InputError(origin, f"SPARQL error: {exc}") from None
