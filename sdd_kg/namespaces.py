"""RDF namespaces used throughout sdd-kg.

``SDD`` is a *closed* namespace whose members are read from the ontology file
(``ontology/sdd-kg.ttl``) the first time this module is imported, so code can
only use terms the ontology declares: ``SDD.Dissent`` is a ``URIRef``, while a
misspelling such as ``SDD.Dissnt`` raises ``AttributeError`` (and
``SDD["Dissnt"]`` raises ``KeyError``).

The ontology is looked up at ``<root>/ontology/sdd-kg.ttl``, where ``<root>`` is
found by :func:`sdd_kg.resources.project_root`. The file is parsed once per
process; :func:`ontology_graph` returns that cached graph.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS, XSD, ClosedNamespace

__all__ = [
    "BASE",
    "ONTOLOGY_IRI",
    "SDD_NS",
    "SDD",
    "CITO",
    "OA",
    "PROV",
    "DCTERMS",
    "SKOS",
    "OWL",
    "RDF",
    "RDFS",
    "XSD",
    "VANN",
    "PREFIXES",
    "ontology_path",
    "factors_path",
    "ontology_graph",
    "model_graph",
    "factor_graph",
    "sdd_term_names",
    "bind_prefixes",
]

#: Base of every IRI the project mints (see docs/architecture.md, "IRIs").
BASE = "https://w3id.org/sdd-kg/"
#: IRI of the ontology document itself.
ONTOLOGY_IRI = URIRef(BASE + "ontology")
#: Namespace IRI of the ontology's terms, as a plain string.
SDD_NS = BASE + "ontology#"

CITO = Namespace("http://purl.org/spar/cito/")
OA = Namespace("http://www.w3.org/ns/oa#")
VANN = Namespace("http://purl.org/vocab/vann/")

_ROOT_ENV = "SDD_KG_ROOT"


def ontology_path() -> Path:
    """Location of ``sdd-kg.ttl`` (see :mod:`sdd_kg.resources` for the lookup)."""
    from .resources import ontology_dir

    return ontology_dir() / "sdd-kg.ttl"


@cache
def _parse(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def factors_path() -> Path:
    """Location of ``factors.ttl``, the SKOS scheme of the doctrine's factors."""
    return ontology_path().with_name("factors.ttl")


@cache
def _merged(model: Path, factors: Path) -> Graph:
    graph = Graph()
    for triple in _parse(model):
        graph.add(triple)
    for triple in _parse(factors):
        graph.add(triple)
    return graph


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"sdd-kg ontology not found at {path}; set ${_ROOT_ENV} to the project root")
    return path.resolve()


def ontology_graph() -> Graph:
    """The parsed ontology: the model (``sdd-kg.ttl``) and the factor scheme
    (``factors.ttl``), whose concepts are ``sdd:`` terms too (cached per
    path; do not mutate the result)."""
    return _merged(_existing(ontology_path()), _existing(factors_path()))


def model_graph() -> Graph:
    """The model alone (``sdd-kg.ttl``): classes, properties and the small
    controlled lists (cached; do not mutate)."""
    return _parse(_existing(ontology_path()))


def factor_graph() -> Graph:
    """The factor scheme alone (``factors.ttl``; cached; do not mutate)."""
    return _parse(_existing(factors_path()))


def sdd_term_names(graph: Graph | None = None) -> list[str]:
    """Local names of every ``sdd:`` IRI the ontology declares (has a type for)."""
    graph = ontology_graph() if graph is None else graph
    names = {
        str(s)[len(SDD_NS):]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(SDD_NS) and len(str(s)) > len(SDD_NS)
    }
    return sorted(names)


#: The ontology's own namespace, closed over the terms the ontology declares.
SDD = ClosedNamespace(SDD_NS, sdd_term_names())

#: Prefix -> namespace, as bound by :func:`bind_prefixes` (and used in the
#: published JSON-LD context).
PREFIXES: dict[str, str] = {
    "sdd": SDD_NS,
    "dcterms": str(DCTERMS),
    "cito": str(CITO),
    "oa": str(OA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


def curie(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``sdd:Case`` for an IRI in one of ``prefixes`` (the longest namespace
    wins), else the IRI itself."""
    spaces = [(prefix, ns) for prefix, ns in prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)]
    if spaces:
        prefix, ns = max(spaces, key=lambda pn: len(pn[1]))
        return f"{prefix}:{iri[len(ns):]}"
    return iri


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (or a Dataset) and return it.

    Existing bindings of the same prefixes, including rdflib's defaults, are
    replaced so serializations always use these exact prefixes.
    """
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, URIRef(uri), override=True, replace=True)
    return graph
