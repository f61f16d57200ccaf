"""The dataset's description (VoID + DCAT) and the endpoint's (SPARQL SD).

Made from the store when the server starts (``Site.dataset_description``)
and kept: the store does not change while the server runs. Served at
``/.well-known/void`` (VoID §7.2) and ``/void`` in Turtle, JSON-LD or
N-Triples by content negotiation; the SPARQL service description is what
``GET /sparql`` without a query returns.

What it states (docs/server.md lists it): the document itself
(``void:DatasetDescription``, its ``foaf:primaryTopic`` the dataset); the dataset
(``void:Dataset``, ``dcat:Dataset``) with title, licence (CC0 1.0),
version (the package's, and the ontology's ``owl:versionIRI`` as
``dcterms:conformsTo``), triple counts (distinct triples over all graphs;
one ``void:subset`` per named graph, named by the graph's IRI, with its
own count; these overlap, so they add up to more), class partitions,
the vocabularies its predicates and classes come from, example resources,
the URI space; its distributions (the dumps in ``dist/`` and the ontology
document, with media types and sizes) and the SPARQL endpoint as a
``dcat:DataService``. Identities are public IRIs under
``https://w3id.org/sdd-kg/void#``; access and download URLs are this
server's own (``--base-url``), since those are what a client must fetch.
No blank nodes, so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from .describe import Description
from .namespaces import BASE, ONTOLOGY_IRI, PREFIXES, bind_prefixes
from .serialize import to_jsonld, to_ntriples, to_turtle
from .store import ONTOLOGY_GRAPH

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
EXTRA_PREFIXES = {"void": str(VOID), "dcat": str(DCAT), "sd": str(SD), "formats": str(FORMATS), "foaf": str(FOAF)}

DOC = BASE + "void"
DATASET = URIRef(DOC + "#sdd-kg")
SERVICE = URIRef(DOC + "#sparql")
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
IANA = "https://www.iana.org/assignments/media-types/"

# The dumps `sdd-kg build` writes: file, media type, W3C format IRI, what it holds.
DUMPS = (
    ("sdd-kg.ttl", "text/turtle", FORMATS.Turtle, "all graphs merged, in Turtle"),
    ("sdd-kg.trig", "application/trig", FORMATS.TriG, "one named graph per opinion text, case record and curated file, in TriG"),
    ("sdd-kg.nt", "application/n-triples", FORMATS["N-Triples"], "all graphs merged, in N-Triples"),
    ("sdd-kg.jsonld", "application/ld+json", FORMATS["JSON-LD"], "all graphs merged, in JSON-LD with the project's context"),
)
RESULT_FORMATS = (FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
                  FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"], FORMATS.RDF_XML)


@dataclass(frozen=True)
class Counts:
    """Figures read from the store, which the tests compare with the store's."""

    triples: int
    graphs: dict[str, int]
    subjects: int
    objects: int
    properties: int
    classes: dict[str, int]


def _int(row, name) -> int:
    return int(row[name].value)


def counts(site) -> Counts:
    rows = site.select("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }")
    graphs = {r["g"].value: _int(r, "n") for r in site.select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    distinct = site.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?s_) (COUNT(DISTINCT ?o) AS ?o_) (COUNT(DISTINCT ?p) AS ?p_) { ?s ?p ?o }"
    )[0]
    classes = {
        r["c"].value: _int(r, "n")
        for r in site.select("SELECT ?c (COUNT(DISTINCT ?x) AS ?n) { ?x a ?c FILTER(isIRI(?c)) } GROUP BY ?c")
    }
    return Counts(_int(rows[0], "n"), graphs, _int(distinct, "s_"), _int(distinct, "o_"), _int(distinct, "p_"), classes)


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _curie(iri: str) -> str:
    for prefix, ns in sorted({**PREFIXES, **EXTRA_PREFIXES}.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}-{iri[len(ns):]}"
    return "".join(c if c.isalnum() else "-" for c in iri)


def _examples(site) -> list[str]:
    """The opinions whose text the dataset holds, their cases, and the ontology."""
    rows = site.select(
        "PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>\n"
        "SELECT DISTINCT ?case ?opinion { ?opinion sdd:sourceText ?text ; sdd:opinionOf ?case } ORDER BY ?case ?opinion"
    )
    found = [iri for row in rows for iri in (row["case"].value, row["opinion"].value)]
    return list(dict.fromkeys(found)) + [str(ONTOLOGY_IRI)]


@dataclass(frozen=True)
class DatasetDescription:
    graph: Graph
    counts: Counts

    def as_description(self) -> Description:
        """The graph in the shape of a resource description, for the HTML page."""
        triples = tuple(ox.parse(to_ntriples(self.graph), format=ox.RdfFormat.N_TRIPLES))
        parts = sorted({str(s) for s in self.graph.subjects() if str(s).startswith(DOC + "#")})
        note = "# Not one query: made at start-up from the store's counts by sdd_kg/void.py.\n"
        return Description(DOC, tuple(sorted(triples, key=str)), tuple(parts), 0, note)

    def serialize(self, fmt: str) -> bytes:
        """``ttl``, ``nt`` or ``jsonld``."""
        if fmt == "ttl":
            return to_turtle(self.graph).encode("utf-8")
        if fmt == "nt":
            return to_ntriples(self.graph).encode("utf-8")
        if fmt == "jsonld":
            return to_jsonld(self.graph, EXTRA_PREFIXES).encode("utf-8")
        raise ValueError(f"unknown format {fmt!r}")


def _graph() -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for prefix, ns in EXTRA_PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def dataset_description(site) -> DatasetDescription:
    c = counts(site)
    g = _graph()
    add = g.add
    local = site.base.local
    endpoint = URIRef(site.sparql_url)

    ontology_version = site.select(
        f"SELECT ?v {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_IRI}> <{OWL.versionIRI}> ?v }} }}"
    )

    document = URIRef(DOC)
    add((document, RDF.type, VOID.DatasetDescription))
    add((document, DCTERMS.title, Literal("A description of the sdd-kg dataset", lang="en")))
    add((document, FOAF.primaryTopic, DATASET))
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal("sdd-kg: a knowledge graph of the state-created danger doctrine", lang="en")))
    add((DATASET, DCTERMS.description, Literal(
        "Cases, opinions, judges and courts of the US state-created danger doctrine (the 42 U.S.C. § 1983 "
        "exception to DeShaney v. Winnebago County), the citations each opinion makes, with Web Annotation "
        "selectors into the source texts, and the doctrine's factors, findings and holdings.", lang="en")))
    add((DATASET, DCTERMS.license, CC0))
    add((DATASET, DCAT.version, Literal(site.version)))
    add((DATASET, OWL.versionInfo, Literal(site.version)))
    for row in ontology_version:
        add((DATASET, DCTERMS.conformsTo, URIRef(row["v"].value)))
    for keyword in ("state-created danger", "42 U.S.C. § 1983", "substantive due process", "case law citations"):
        add((DATASET, DCAT.keyword, Literal(keyword, lang="en")))
    add((DATASET, VOID.uriSpace, Literal(BASE)))
    add((DATASET, VOID.triples, Literal(c.triples, datatype=XSD.integer)))
    add((DATASET, VOID.distinctSubjects, Literal(c.subjects, datatype=XSD.integer)))
    add((DATASET, VOID.distinctObjects, Literal(c.objects, datatype=XSD.integer)))
    add((DATASET, VOID.properties, Literal(c.properties, datatype=XSD.integer)))
    add((DATASET, VOID.classes, Literal(len(c.classes), datatype=XSD.integer)))
    add((DATASET, VOID.sparqlEndpoint, endpoint))
    add((DATASET, DCAT.landingPage, URIRef(local)))
    for example in _examples(site):
        add((DATASET, VOID.exampleResource, URIRef(example)))

    vocabularies = {_namespace(p.value) for row in site.select("SELECT DISTINCT ?p { ?s ?p ?o }") for p in [row["p"]]}
    vocabularies |= {_namespace(iri) for iri in c.classes}
    for vocabulary in sorted(vocabularies):
        add((DATASET, VOID.vocabulary, URIRef(vocabulary)))

    for graph_iri, n in sorted(c.graphs.items()):
        subset = URIRef(graph_iri)
        add((DATASET, VOID.subset, subset))
        add((subset, RDF.type, VOID.Dataset))
        add((subset, VOID.triples, Literal(n, datatype=XSD.integer)))

    for class_iri, n in sorted(c.classes.items()):
        partition = URIRef(f"{DOC}#class-{_curie(class_iri)}")
        add((DATASET, VOID.classPartition, partition))
        add((partition, VOID["class"], URIRef(class_iri)))
        add((partition, VOID.entities, Literal(n, datatype=XSD.integer)))

    for name, media_type, fmt, what in DUMPS:
        path = site.dist / name
        if not path.is_file():
            continue
        url = URIRef(f"{local}download/{name}")
        dist = URIRef(f"{DOC}#dump-{name.rsplit('.', 1)[1]}")
        add((DATASET, VOID.dataDump, url))
        add((DATASET, DCAT.distribution, dist))
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCTERMS.title, Literal(f"{name}: {what}", lang="en")))
        add((dist, DCAT.downloadURL, url))
        add((dist, DCAT.accessURL, url))
        add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        add((dist, DCTERMS["format"], fmt))
        add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        add((dist, DCTERMS.license, CC0))

    ontology_doc = URIRef(f"{DOC}#ontology")
    add((DATASET, DCAT.distribution, ontology_doc))
    add((ontology_doc, RDF.type, DCAT.Distribution))
    add((ontology_doc, DCTERMS.title, Literal("The ontology and factor scheme, in Turtle", lang="en")))
    add((ontology_doc, DCAT.downloadURL, URIRef(site.document_url(str(ONTOLOGY_IRI), "ttl"))))
    add((ontology_doc, DCAT.mediaType, URIRef(IANA + "text/turtle")))
    add((ontology_doc, DCTERMS.license, CC0))

    sparql = URIRef(f"{DOC}#sparql-endpoint")
    add((DATASET, DCAT.distribution, sparql))
    add((sparql, RDF.type, DCAT.Distribution))
    add((sparql, DCTERMS.title, Literal("The SPARQL 1.1 endpoint (read-only)", lang="en")))
    add((sparql, DCAT.accessURL, endpoint))
    add((sparql, DCAT.accessService, SERVICE))
    add((sparql, DCTERMS.license, CC0))
    _describe_service(g, site)
    add((SERVICE, DCAT.servesDataset, DATASET))
    return DatasetDescription(g, c)


def _describe_service(g: Graph, site) -> None:
    endpoint = URIRef(site.sparql_url)
    add = g.add
    add((SERVICE, RDF.type, SD.Service))
    add((SERVICE, RDF.type, DCAT.DataService))
    add((SERVICE, DCTERMS.title, Literal("sdd-kg SPARQL endpoint", lang="en")))
    add((SERVICE, RDFS.comment, Literal(
        "Read-only SPARQL 1.1 Query over all named graphs (their union is the default graph). SPARQL Update, "
        f"LOAD and SERVICE are refused; a query may run {site_limits(site)}.", lang="en")))
    add((SERVICE, SD.endpoint, endpoint))
    add((SERVICE, DCAT.endpointURL, endpoint))
    add((SERVICE, DCAT.endpointDescription, endpoint))
    add((SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    add((SERVICE, SD.supportedLanguage, SD.SPARQL11Query))
    add((SERVICE, SD.feature, SD.UnionDefaultGraph))
    add((SERVICE, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    add((SERVICE, SD.defaultDataset, DATASET))
    add((DATASET, RDF.type, SD.Dataset))
    for fmt in RESULT_FORMATS:
        add((SERVICE, SD.resultFormat, fmt))


def site_limits(site) -> str:
    limits = site.limits
    return f"for at most {limits.timeout:g} s and return at most {limits.max_results} results"


def service_description(site) -> DatasetDescription:
    """``GET /sparql`` with no query: the SPARQL Service Description."""
    g = _graph()
    _describe_service(g, site)
    return DatasetDescription(g, site.dataset_description.counts)
