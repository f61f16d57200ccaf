"""What the server says about a resource when its IRI is dereferenced.

The description of an IRI ``X`` (docs/server.md, "What a description holds"):

1. every triple whose subject is ``X`` or a resource ``X`` *owns*: an IRI
   that extends ``X`` with ``/...`` or ``#...`` (an opinion owns its
   citations, their text targets and selectors, its findings and holdings; a
   case owns its parties). An opinion or case nested in ``X`` (a case's
   opinions) is not owned: it has a description of its own, and a case's
   would otherwise carry every citation of every opinion;
2. the types and labels (``rdf:type``, ``rdfs:label``, ``dcterms:title``,
   ``skos:prefLabel``) of every IRI those triples point to, so a reader
   sees "Kennedy v. City of Ridgefield", not only its IRI;
3. links *to* ``X`` from resources it does not own (the citations and
   opinions that cite a case, the cases a court decided), the first
   :data:`INBOUND_LIMIT` by property and subject IRI, with their types and
   labels; past the limit the rest are a SPARQL query away. This bounds
   the big nodes: a source text is the target of every selector in it.

The ontology IRI (and so every ``ontology#Term``, whose document it is) is
described by the ontology's named graph as loaded, blank nodes included.

:func:`description_query` writes this definition as one SPARQL CONSTRUCT,
which the HTML page shows and links to the endpoint. The server does not
run it: Oxigraph stores long IRIs as hashes, so ``STRSTARTS(STR(?s), ...)``
must decode every quad in the store (~60 ms here, growing with the data).
:class:`Describer` gets the same triples from a sorted index of subject
IRIs built at start-up and pyoxigraph's quad indexes (well under a
millisecond for a case); a test checks that the two agree.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import ONTOLOGY_IRI, SDD_NS
from .store import ONTOLOGY_GRAPH

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
)
POINTER_PROPERTIES = (RDF_TYPE, *LABELS)
_POINTERS = tuple(ox.NamedNode(p) for p in POINTER_PROPERTIES)
SEPARATE_CLASSES = (SDD_NS + "Opinion", SDD_NS + "Case")
"""Nested resources of these classes have descriptions of their own."""
INBOUND_LIMIT = 500
DOCUMENT_GRAPHS = {str(ONTOLOGY_IRI): ONTOLOGY_GRAPH}
"""IRIs described by a whole named graph: the ontology document."""


@dataclass(frozen=True)
class Description:
    """The triples that describe ``iri`` (sorted), and how they were chosen."""

    iri: str
    triples: tuple[ox.Triple, ...]
    owned: tuple[str, ...]
    """IRIs of the resources ``iri`` owns whose triples are included."""
    inbound: int
    """Links to ``iri`` from elsewhere, before the limit."""
    query: str
    """A SPARQL CONSTRUCT that gives the same triples."""
    inbound_limit: int = INBOUND_LIMIT

    @property
    def inbound_truncated(self) -> bool:
        return self.inbound > self.inbound_limit


def _triples(quads: Iterable[ox.Quad]) -> set[ox.Triple]:
    return {q.triple for q in quads}


# The store's default graph holds the merge of every named graph, the
# ontology's included (sdd_kg.store): reading it reads each triple once.
MERGE = ox.DefaultGraph()


class Describer:
    """Descriptions of the IRIs in one (read-only, unchanging) store."""

    def __init__(self, store: ox.Store, inbound_limit: int = INBOUND_LIMIT) -> None:
        self.store = store
        self.inbound_limit = inbound_limit
        subjects, separate = set(), set()
        for quad in store.quads_for_pattern(None, None, None, MERGE):
            if isinstance(quad.subject, ox.NamedNode):
                subjects.add(quad.subject.value)
                if quad.predicate.value == RDF_TYPE and quad.object.value in SEPARATE_CLASSES:
                    separate.add(quad.subject.value)
        self._subjects = sorted(subjects)
        self._separate = separate
        self._graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}

    def known(self, iri: str) -> bool:
        """Does ``iri`` occur in the store (as subject, object or graph name)?"""
        if self._has_subject(iri) or iri in self._graphs:
            return True
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return next(iter(self.store.quads_for_pattern(None, None, node)), None) is not None

    def _has_subject(self, iri: str) -> bool:
        i = bisect.bisect_left(self._subjects, iri)
        return i < len(self._subjects) and self._subjects[i] == iri

    def _under(self, prefix: str) -> list[str]:
        i = bisect.bisect_left(self._subjects, prefix)
        j = bisect.bisect_left(self._subjects, prefix + "\U0010ffff")
        return self._subjects[i:j]

    def owned(self, iri: str) -> list[str]:
        """The subject IRIs ``iri`` owns, in IRI order (see the module docstring)."""
        candidates = self._under(iri + "/") + self._under(iri + "#")
        nested = [s for s in candidates if s in self._separate]
        if nested:
            cut = tuple(n for s in nested for n in (s + "/", s + "#"))
            candidates = [s for s in candidates if s not in self._separate and not s.startswith(cut)]
        return sorted(candidates)

    def describe(self, iri: str) -> Description | None:
        """The description of ``iri``, or None if the store does not know it."""
        if iri in DOCUMENT_GRAPHS:
            graph = ox.NamedNode(DOCUMENT_GRAPHS[iri])
            triples = _triples(self.store.quads_for_pattern(None, None, None, graph))
            owned = sorted({t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)
                            and t.subject.value.startswith((iri + "/", iri + "#"))})
            return Description(iri, tuple(sorted(triples, key=str)), tuple(owned), 0, description_query(iri))
        if not self.known(iri):
            return None
        store = self.store
        owned = self.owned(iri)
        core_subjects = {iri, *owned}
        triples: set[ox.Triple] = set()
        for subject in (iri, *owned):
            triples |= _triples(store.quads_for_pattern(ox.NamedNode(subject), None, None, MERGE))
        pointed = {t.object for t in triples if isinstance(t.object, ox.NamedNode)}
        node = ox.NamedNode(iri)
        inbound = sorted(
            {(q.predicate.value, q.subject.value) for q in store.quads_for_pattern(None, None, node, MERGE)
             if isinstance(q.subject, ox.NamedNode) and q.subject.value not in core_subjects}
        )
        for predicate, subject in inbound[: self.inbound_limit]:
            triples.add(ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), node))
            pointed.add(ox.NamedNode(subject))
        for target in pointed:
            for predicate in _POINTERS:
                triples |= _triples(store.quads_for_pattern(target, predicate, None, MERGE))
        return Description(
            iri, tuple(sorted(triples, key=str)), tuple(owned), len(inbound),
            description_query(iri, self.inbound_limit), self.inbound_limit,
        )


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def description_query(iri: str, inbound_limit: int = INBOUND_LIMIT) -> str:
    """The description of ``iri`` as one SPARQL CONSTRUCT (over the union graph)."""
    if iri in DOCUMENT_GRAPHS:
        return (
            "# The ontology document: its named graph, as loaded.\n"
            f"CONSTRUCT {{ ?s ?p ?o }}\nWHERE {{ GRAPH <{DOCUMENT_GRAPHS[iri]}> {{ ?s ?p ?o }} }}\n"
        )
    x = f"<{iri}>"
    slash, hash_ = _string(iri + "/"), _string(iri + "#")
    kinds = " ".join(f"<{c}>" for c in SEPARATE_CLASSES)
    pointers = " ".join(f"<{p}>" for p in POINTER_PROPERTIES)

    def owned(var: str, indent: str) -> str:
        # var is X or extends it, and is neither a nested opinion or case nor under one
        return (
            f"{var} ?{var[1:]}_p ?{var[1:]}_o .\n"
            f"{indent}FILTER({var} = {x} || STRSTARTS(STR({var}), {slash}) || STRSTARTS(STR({var}), {hash_}))\n"
            f"{indent}MINUS {{\n"
            f"{indent}  ?part a ?kind . VALUES ?kind {{ {kinds} }}\n"
            f"{indent}  FILTER(STRSTARTS(STR(?part), {slash}) || STRSTARTS(STR(?part), {hash_}))\n"
            f"{indent}  {var} ?any ?thing .\n"
            f"{indent}  FILTER({var} = ?part || STRSTARTS(STR({var}), CONCAT(STR(?part), \"/\"))"
            f" || STRSTARTS(STR({var}), CONCAT(STR(?part), \"#\")))\n"
            f"{indent}}}"
        )

    return (
        f"# The description of {x} (docs/server.md, \"What a description holds\").\n"
        f"CONSTRUCT {{ ?s ?p ?o . ?o ?op ?ov . ?in ?ip {x} . ?in ?inp ?inv . }}\n"
        f"WHERE {{\n"
        f"  {{\n"
        f"    # 1. the resource and what it owns: IRIs extending it with / or #, except\n"
        f"    #    an opinion or case nested in it, which has a description of its own;\n"
        f"    #    with the types and labels of the IRIs they point to\n"
        f"    {{ SELECT DISTINCT ?s WHERE {{\n"
        f"        {owned('?s', '        ')}\n"
        f"    }} }}\n"
        f"    ?s ?p ?o .\n"
        f"    OPTIONAL {{ ?o ?op ?ov . VALUES ?op {{ {pointers} }} }}\n"
        f"  }}\n"
        f"  UNION\n"
        f"  {{\n"
        f"    # 2. links to it from resources it does not own, the first {inbound_limit}\n"
        f"    #    by property and subject, with their types and labels\n"
        f"    {{ SELECT DISTINCT ?in ?ip WHERE {{\n"
        f"        ?in ?ip {x} . FILTER(isIRI(?in))\n"
        f"        MINUS {{\n"
        f"          {owned('?in', '          ')}\n"
        f"        }}\n"
        f"      }} ORDER BY STR(?ip) STR(?in) LIMIT {inbound_limit} }}\n"
        f"    OPTIONAL {{ ?in ?inp ?inv . VALUES ?inp {{ {pointers} }} }}\n"
        f"  }}\n"
        f"}}\n"
    )
