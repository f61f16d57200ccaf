"""Deterministic serializations and atomic writes.

The dataset lives in git, so the same graph must give the same bytes on every
run and machine. rdflib's Turtle writer already orders subjects and
predicates; for the other formats we impose an order ourselves:

* N-Triples / N-Quads: lines sorted (the formats are line-oriented sets);
* TriG: named graphs in IRI order, each written by the Turtle writer;
* JSON-LD: compacted with our published context, ``@graph`` nodes sorted by
  ``@id`` and every multi-valued key's values sorted, keys sorted.

Blank nodes would defeat all of this; the converter never emits them.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .namespaces import PREFIXES, bind_prefixes
from .resources import ontology_dir

FORMATS = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "nq": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
}

# The published @context is ontology/context.jsonld (to be served at
# https://w3id.org/sdd-kg/context.jsonld). The JSON-LD file inlines it, so it
# expands offline in any processor without a document loader.


@lru_cache(maxsize=1)
def context() -> dict:
    return json.loads((ontology_dir() / "context.jsonld").read_text("utf-8"))


def union(ds: Dataset) -> Graph:
    """All triples of all graphs, as one graph with our prefixes bound."""
    g = Graph()
    bind_prefixes(g)
    for graph in ds.graphs():
        for triple in graph:
            g.add(triple)
    return g


def named_graphs(ds: Dataset) -> list[Graph]:
    """Non-empty named graphs in IRI order (the converter leaves the default graph empty)."""
    graphs = [g for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID]
    return sorted(graphs, key=lambda g: str(g.identifier))


def to_turtle(graph: Graph) -> str:
    bind_prefixes(graph)
    return graph.serialize(format="turtle")


def to_ntriples(graph: Graph) -> str:
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "".join(line + "\n" for line in sorted(lines))


def to_nquads(ds: Dataset) -> str:
    lines: set[str] = set()
    for graph in named_graphs(ds):
        for line in graph.serialize(format="nt").splitlines():
            if line.strip():
                lines.add(f"{line[:-1].rstrip()} <{graph.identifier}> .")
    return "".join(line + "\n" for line in sorted(lines))


def to_trig(ds: Dataset) -> str:
    """Each named graph as a Turtle block, graphs in IRI order, prefixes once."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for graph in named_graphs(ds):
        copy = Graph()
        copy += graph
        lines = to_turtle(copy).splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        # No re-indenting: it would alter multi-line (triple-quoted) literals.
        body = "\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n")
        blocks.append(f"<{graph.identifier}> {{\n{body}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def to_jsonld(graph: Graph, extra_context: dict | None = None) -> str:
    """Compacted with our context (plus ``extra_context``'s terms, for
    documents such as the VoID description that use other vocabularies)."""
    ctx = context()["@context"]
    if extra_context:
        ctx = {**ctx, **extra_context}
    raw = graph.serialize(format="json-ld", context=ctx, auto_compact=False)
    doc = json.loads(raw)
    # One node compacts to the top level, its @id under our alias "id".
    nodes = doc.get("@graph", [doc] if "@id" in doc or "id" in doc else [])
    nodes = [{k: _sorted_values(v) for k, v in node.items() if k != "@context"} for node in nodes]
    # Our context aliases @id as "id"; sort on whichever key the node uses.
    nodes.sort(key=lambda n: n.get("@id") or n.get("id") or "")
    out = {"@context": ctx, "@graph": nodes}
    return json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted_values(value):
    if isinstance(value, list):
        return sorted((_sorted_values(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return {k: _sorted_values(v) for k, v in value.items()}
    return value


# Triples straight from the Oxigraph store (the server's descriptions and
# CONSTRUCT results): Turtle, N-Triples and RDF/XML by pyoxigraph, which is
# fast; JSON-LD by to_jsonld above, for our context and its sort order.
_OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
TRIPLE_FORMATS = (*_OX_FORMATS, "jsonld")


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples as a sorted set, blank nodes relabelled by RDFC-1.0 so the
    same graph always gives the same labels (the ontology has some)."""
    unique = set(triples)
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in unique):
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in unique)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        unique = {q.triple for q in dataset}
    return sorted(unique, key=str)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    """A pyoxigraph term as rdflib's: an xsd:string literal as a plain one, as
    rdflib's parsers give it, so it matches parsed data."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # rdflib keeps "x" and "x"^^xsd:string apart
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to rdflib")


def rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples as an rdflib graph, blank node labels kept."""
    graph = Graph()
    bind_prefixes(graph)
    for t in triples:
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def serialize_triples(triples: Iterable[ox.Triple], fmt: str, lead: str | None = None) -> bytes:
    """pyoxigraph triples in one of :data:`TRIPLE_FORMATS`, deterministically;
    in Turtle the statements about ``lead`` (an IRI) come first."""
    ordered = canonical_triples(triples)
    if lead is not None and fmt == "ttl":
        first = ox.NamedNode(lead)
        ordered.sort(key=lambda t: t.subject != first)  # stable: the rest stay sorted
    if fmt == "jsonld":
        return to_jsonld(rdflib_graph(ordered)).encode("utf-8")
    if fmt not in _OX_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(TRIPLE_FORMATS)}")
    prefixes = None if fmt == "nt" else PREFIXES
    text = ox.serialize(ordered, format=_OX_FORMATS[fmt], prefixes=prefixes)
    if fmt != "ttl":
        return text
    # pyoxigraph writes the prefixes in an order of its own: sort them.
    lines = text.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def serialize(ds: Dataset, fmt: str, flat: Graph | None = None) -> str:
    """The dataset in one of :data:`FORMATS` (ttl, nt and jsonld flatten the graphs).

    ``flat`` is ``union(ds)`` when the caller already has it, so writing
    several formats flattens the dataset once.
    """
    if fmt in ("nq", "trig"):
        return to_nquads(ds) if fmt == "nq" else to_trig(ds)
    flat = union(ds) if flat is None else flat
    if fmt == "ttl":
        return to_turtle(flat)
    if fmt == "nt":
        return to_ntriples(flat)
    if fmt == "jsonld":
        return to_jsonld(flat)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write one file via a temporary sibling renamed into place."""
    write_all_atomic({path: text})


def write_all_atomic(files: dict[Path, str | bytes]) -> None:
    """Write several files so that either all land or none changes.

    Each is first written to a temporary sibling; only when every one has
    been written are they renamed into place. Text is written as UTF-8 with
    ``\\n`` line ends; bytes exactly as given (a source text as received).
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in sorted(files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            if isinstance(text, bytes):
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
