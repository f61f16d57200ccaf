"""Quality checks on the ontology (ontology/sdd-kg.ttl) and its JSON-LD context.

The checks are written as small functions that take a graph and return the
offending terms (OBO-style: a SPARQL query lists violations, the test expects
none). ``test_checks_detect_defects`` runs the same functions on deliberately
damaged copies of the ontology, which shows each check can actually fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib.namespace as rns
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

# Plain aliases (pytest's collector would otherwise probe rdflib's
# DefinedNamespace classes for attributes and warn).
DCTERMS, OWL, RDF, RDFS, SKOS = (
    rns.Namespace(str(n)) for n in (rns.DCTERMS, rns.OWL, rns.RDF, rns.RDFS, rns.SKOS)
)
XSD = rns.Namespace(str(rns.XSD))

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "sdd-kg.ttl"
CONTEXT_FILE = ROOT / "ontology" / "context.jsonld"

ONT = URIRef("https://w3id.org/sdd-kg/ontology")
SDD_NS = "https://w3id.org/sdd-kg/ontology#"
CITO_NS = "http://purl.org/spar/cito/"
OA_NS = "http://www.w3.org/ns/oa#"
PROV_NS = "http://www.w3.org/ns/prov#"
VANN_NS = "http://purl.org/vocab/vann/"

PREFIXES = {
    "sdd": SDD_NS,
    "dcterms": str(DCTERMS),
    "cito": CITO_NS,
    "oa": OA_NS,
    "prov": PROV_NS,
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "vann": VANN_NS,
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Terms built into RDF, RDFS and OWL that need no declaration.
BUILTIN_NS = (str(RDF), str(OWL), str(XSD))
BUILTIN_TERMS = {
    str(RDFS) + name
    for name in ("domain", "range", "subClassOf", "subPropertyOf", "Resource", "Class")
}


def sdd(name: str) -> URIRef:
    return URIRef(SDD_NS + name)


def select(graph: Graph, query: str) -> list[str]:
    """Run a SELECT whose first variable names offenders; sorted, as strings."""
    return sorted({str(row[0]) for row in graph.query(SPARQL_PREFIXES + query)})


def load_ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def context() -> dict:
    with CONTEXT_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)["@context"]


# ---------------------------------------------------------------------------
# What docs/architecture.md promises (the "Vocabulary" section)
# ---------------------------------------------------------------------------

DOC_CLASSES = [
    "Case", "Court", "Judge", "Party", "Opinion", "OpinionType",
    "ReporterCitation", "SourceText", "Citation", "CitationForm", "Signal",
    "Holding", "Factor", "FactorFinding", "FindingPosition", "Treatment", "RecordCitation", "Outcome", "HoldingKind",
]

DOC_SCHEMES = ["OpinionTypes", "CitationForms", "Signals", "Treatments", "Outcomes", "HoldingKinds", "FindingPositions", "Factors"]

# scheme -> (class of its members, {individual: notation})
DOC_INDIVIDUALS = {
    "OpinionTypes": ("OpinionType", {
        "Majority": "majority",
        "Plurality": "plurality",
        "PerCuriam": "per-curiam",
        "Concurrence": "concurrence",
        "ConcurrenceInJudgment": "concurrence-in-judgment",
        "Dissent": "dissent",
        "ConcurrenceInPartDissentInPart": "concurrence-in-part-dissent-in-part",
    }),
    "CitationForms": ("CitationForm", {
        "FullCitation": "full",
        "ShortCitation": "short",
        "IdCitation": "id",
        "SupraCitation": "supra",
        "ReferenceCitation": "sibling",
    }),
    "Signals": ("Signal", {
        "NoSignal": "none",
        "See": "see",
        "SeeEg": "see-e.g.",
        "SeeAlso": "see-also",
        "Cf": "cf.",
        "Compare": "compare",
        "ButSee": "but-see",
        "ButCf": "but-cf.",
        "Contra": "contra",
        "Accord": "accord",
        "SeeGenerally": "see-generally",
    }),
    "Treatments": ("Treatment", {
        "RelyingOn": "relies-on",
        "Distinguishing": "distinguishes",
        "Criticising": "criticises",
        "Discussing": "discusses",
    }),
    "Outcomes": ("Outcome", {
        "ViolationFound": "violation-found",
        "ViolationNotFound": "violation-not-found",
        "ClaimStated": "claim-stated",
        "ClaimNotStated": "claim-not-stated",
        "ImmunityGranted": "immunity-granted",
        "ImmunityDenied": "immunity-denied",
    }),
    "HoldingKinds": ("HoldingKind", {"OwnConclusion": "own-conclusion", "PrecedentOutcome": "precedent-outcome"}),
    "FindingPositions": ("FindingPosition", {
        "Met": "met",
        "NotMet": "not-met",
        "AssumedArguendo": "assumed-arguendo",
        "NotReached": "not-reached",
        "Disputed": "disputed",
    }),
}

SIGNAL_TO_CITO = {
    "NoSignal": "citesAsAuthority",
    "See": "citesAsEvidence",
    "SeeEg": "citesAsEvidence",
    "SeeAlso": "citesAsRelated",
    "Cf": "citesAsRelated",
    "Compare": "citesAsRelated",
    "ButSee": "disagreesWith",
    "ButCf": "disagreesWith",
    "Contra": "disputes",
    "Accord": "agreesWith",
    "SeeGenerally": "citesForInformation",
}

# Treatments map to CiTO too, except distinguishing (CiTO has no such
# property; sdd:distinguishes specialises cito:cites).
TREATMENT_TO_CITO = {
    "RelyingOn": "citesAsAuthority",
    "Criticising": "critiques",
    "Discussing": "discusses",
}

# property -> (kind, domain members, range); several domain members = owl:unionOf
UNION_CASE_OPINION = ("Case", "Opinion")
DOC_PROPERTIES = {
    "caption": ("D", ("Case",), "xsd:string"),
    "hasParty": ("O", ("Case",), "Party"),
    "partyRole": ("D", ("Party",), "xsd:string"),
    "reporterCitation": ("O", ("Case",), "ReporterCitation"),
    "volume": ("D", ("ReporterCitation",), "xsd:integer"),
    "page": ("D", ("ReporterCitation",), "xsd:integer"),
    "reporter": ("D", ("ReporterCitation",), "xsd:string"),
    "citationText": ("D", ("ReporterCitation",), "xsd:string"),
    "court": ("O", ("Case",), "Court"),
    "courtsDbId": ("D", ("Court",), "xsd:string"),
    "docketNumber": ("D", ("Case",), "xsd:string"),
    "lowerCourt": ("O", ("Case",), "Court"),
    "lowerCourtDocketNumber": ("D", ("Case",), "xsd:string"),
    "lowerCourtJudge": ("O", ("Case",), "Judge"),
    "dateArgued": ("D", ("Case",), "xsd:date"),
    "dateDecided": ("D", ("Case",), "xsd:date"),
    "decisionYear": ("D", ("Case",), "xsd:gYear"),
    "panelJudge": ("O", ("Case",), "Judge"),
    "disposition": ("D", ("Case",), "xsd:string"),
    "firstPage": ("D", UNION_CASE_OPINION, "xsd:integer"),
    "lastPage": ("D", UNION_CASE_OPINION, "xsd:integer"),
    "hasOpinion": ("O", ("Case",), "Opinion"),
    "opinionOf": ("O", ("Opinion",), "Case"),
    "opinionType": ("O", ("Opinion",), "OpinionType"),
    "author": ("O", ("Opinion",), "Judge"),
    "sourceText": ("O", ("Opinion",), "SourceText"),
    "sha256": ("D", ("SourceText",), "xsd:string"),
    "citationForm": ("O", ("Citation",), "CitationForm"),
    "signal": ("O", ("Citation",), "Signal"),
    "citedAs": ("O", ("Citation",), "ReporterCitation"),
    "pinStart": ("D", ("Citation",), "xsd:integer"),
    "pinEnd": ("D", ("Citation",), "xsd:integer"),
    "citingPage": ("D", ("Citation",), "xsd:integer"),
    "inFootnote": ("D", ("Citation",), "xsd:integer"),
    "parenthetical": ("D", ("Citation",), "xsd:string"),
    "antecedent": ("O", ("Citation",), "Citation"),
    "textTarget": ("O", ("Citation", "RecordCitation", "FactorFinding", "Holding"), "oa:SpecificResource"),
    "treatment": ("O", ("Citation",), "Treatment"),
    "treatmentEvidence": ("O", ("Citation",), "oa:SpecificResource"),
    "citedCase": ("O", ("Citation",), "Case"),
    "nestedIn": ("O", ("Citation",), "Citation"),
    "nesting": ("D", ("Citation",), "xsd:string"),
    "pinFootnote": ("D", ("Citation",), "xsd:integer"),
    "otherPrintedYear": ("D", ("Case",), "xsd:gYear"),
    "partial": ("D", ("Case",), "xsd:boolean"),
    "filedIn": ("O", ("RecordCitation",), "Case"),
    "filingDocketNumber": ("D", ("RecordCitation",), "xsd:string"),
    "ecfNumber": ("D", ("RecordCitation",), "xsd:integer"),
    "distinguishes": ("O", ("Opinion",), UNION_CASE_OPINION),
    "holdingOf": ("O", ("Holding",), "Case"),
    "statedIn": ("O", ("Holding", "FactorFinding"), "Opinion"),
    "factor": ("O", ("FactorFinding",), "Factor"),
    "position": ("O", ("FactorFinding",), "FindingPosition"),
    "positionOf": ("O", ("FactorFinding", "Holding"), "Opinion"),
    "outcome": ("O", ("Holding",), "Outcome"),
    "holdingKind": ("O", ("Holding",), "HoldingKind"),
    "decidingFactor": ("O", ("Holding",), "Factor"),
    "articulatedIn": ("O", ("Factor",), "Case"),
    "circuit": ("O", ("Factor",), "Court"),
}

# External terms the data uses; each must be declared in the ontology.
EXTERNAL_TERMS = [
    "dcterms:title", "dcterms:creator", "dcterms:source", "dcterms:format",
    "dcterms:identifier", "cito:Citation", "cito:cites", "cito:hasCitingEntity",
    "cito:hasCitedEntity", "cito:hasCitationCharacterization",
    "oa:SpecificResource", "oa:hasSource", "oa:hasSelector",
    "oa:TextPositionSelector", "oa:TextQuoteSelector", "oa:start", "oa:end",
    "oa:exact", "oa:prefix", "oa:suffix", "prov:Entity", "prov:Activity",
    "prov:wasDerivedFrom", "prov:wasGeneratedBy", "prov:wasAssociatedWith",
    "prov:SoftwareAgent", "prov:Person", "skos:Concept", "skos:ConceptScheme",
    "skos:inScheme", "skos:prefLabel", "skos:altLabel", "skos:notation",
    "skos:definition", "rdfs:label",
]


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(curie)


# ---------------------------------------------------------------------------
# Checks: each returns a list of offenders (empty = pass)
# ---------------------------------------------------------------------------

SDD_TERMS = f"""
    ?term a ?anyType .
    FILTER(isIRI(?term) && STRSTARTS(STR(?term), "{SDD_NS}"))
"""


def check_header(graph: Graph) -> list[str]:
    """Missing or wrong ontology header fields."""
    required = {
        "versionIRI": "owl:versionIRI <https://w3id.org/sdd-kg/ontology/0.3.0>",
        "versionInfo": 'owl:versionInfo "0.3.0"',
        "priorVersion": "owl:priorVersion <https://w3id.org/sdd-kg/ontology/0.2.0>",
        "license": "dcterms:license <https://creativecommons.org/publicdomain/zero/1.0/>",
        "created": 'dcterms:created "2026-11-27"^^xsd:date',
        "modified": 'dcterms:modified "2026-11-29"^^xsd:date',
        "prefix": 'vann:preferredNamespacePrefix "sdd"',
        "namespace": f'vann:preferredNamespaceUri "{SDD_NS}"',
        "title": "dcterms:title ?t",
        "description": "dcterms:description ?d",
        # creator: a literal naming the contributors, or a node labelled so
        "creator": """dcterms:creator ?c .
            OPTIONAL { ?c rdfs:label ?cl }
            FILTER(CONTAINS(LCASE(STR(COALESCE(?cl, ?c))), "contributors"))""",
    }
    missing = []
    for name, pattern in required.items():
        ask = f"ASK {{ <{ONT}> a owl:Ontology ; {pattern} }}"
        if not graph.query(SPARQL_PREFIXES + ask).askAnswer:
            missing.append(name)
    if (ONT, OWL.imports, None) in graph:
        missing.append("owl:imports must not be used")
    return missing


def check_label(graph: Graph) -> list[str]:
    """sdd: terms without exactly one rdfs:label, or whose label is not @en."""
    return select(graph, f"""
        SELECT ?term WHERE {{
          {SDD_TERMS}
          OPTIONAL {{ ?term rdfs:label ?l }}
        }}
        GROUP BY ?term
        HAVING (COUNT(DISTINCT ?l) != 1)
    """) + select(graph, f"""
        SELECT ?term WHERE {{
          {SDD_TERMS}
          ?term rdfs:label ?l .
          FILTER(!LANGMATCHES(LANG(?l), "en"))
        }}""")


def check_definition(graph: Graph) -> list[str]:
    """sdd: terms without an English skos:definition of some substance."""
    return select(graph, f"""
        SELECT ?term WHERE {{
          {SDD_TERMS}
          FILTER NOT EXISTS {{
            ?term skos:definition ?d .
            FILTER(LANGMATCHES(LANG(?d), "en") && STRLEN(STR(?d)) >= 40)
          }}
        }}""")


def check_source(graph: Graph) -> list[str]:
    """sdd: terms without a non-empty dcterms:source."""
    return select(graph, f"""
        SELECT ?term WHERE {{
          {SDD_TERMS}
          FILTER NOT EXISTS {{ ?term dcterms:source ?s . FILTER(STRLEN(STR(?s)) > 0) }}
        }}""")


def check_defined_by(graph: Graph) -> list[str]:
    """sdd: terms not rdfs:isDefinedBy the ontology (exactly)."""
    return select(graph, f"""
        SELECT ?term WHERE {{
          {SDD_TERMS}
          FILTER NOT EXISTS {{ ?term rdfs:isDefinedBy <{ONT}> }}
        }}""")


def check_undeclared_sdd_iris(graph: Graph) -> list[str]:
    """sdd: IRIs used anywhere in the file that the file never types."""
    used = {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(SDD_NS)
    }
    return sorted(str(t) for t in used if (t, RDF.type, None) not in graph)


def check_individuals(graph: Graph) -> list[str]:
    """Individuals not in exactly one scheme, without one notation, or not a
    skos:Concept of the class matching their scheme, or without a prefLabel."""
    return select(graph, f"""
        SELECT ?ind WHERE {{
          ?ind a owl:NamedIndividual .
          FILTER(STRSTARTS(STR(?ind), "{SDD_NS}"))
          OPTIONAL {{ ?ind skos:inScheme ?scheme }}
          OPTIONAL {{ ?ind skos:notation ?notation }}
          OPTIONAL {{ ?ind skos:prefLabel ?pref }}
        }}
        GROUP BY ?ind
        HAVING (COUNT(DISTINCT ?scheme) != 1 || COUNT(DISTINCT ?notation) != 1
                || COUNT(DISTINCT ?pref) != 1)
    """) + select(graph, f"""
        SELECT ?ind WHERE {{
          ?ind a owl:NamedIndividual ; skos:inScheme ?scheme .
          FILTER(STRSTARTS(STR(?ind), "{SDD_NS}"))
          FILTER NOT EXISTS {{
            ?scheme a skos:ConceptScheme .
            ?ind a skos:Concept, ?cls .
            ?cls rdfs:subClassOf skos:Concept .
            # the member class is the scheme's name minus its plural "s"
            FILTER(STR(?scheme) = CONCAT(STR(?cls), "s"))
          }}
        }}""")


def check_concepts_are_individuals(graph: Graph) -> list[str]:
    """sdd: SKOS concepts that are not declared owl:NamedIndividual."""
    return select(graph, f"""
        SELECT ?c WHERE {{
          ?c skos:inScheme ?s .
          FILTER(STRSTARTS(STR(?c), "{SDD_NS}"))
          FILTER NOT EXISTS {{ ?c a owl:NamedIndividual }}
        }}""")


def check_property_domain_range(graph: Graph) -> list[str]:
    """sdd: object and datatype properties lacking rdfs:domain or rdfs:range."""
    return select(graph, f"""
        SELECT ?p WHERE {{
          VALUES ?kind {{ owl:ObjectProperty owl:DatatypeProperty }}
          ?p a ?kind .
          FILTER(STRSTARTS(STR(?p), "{SDD_NS}"))
          FILTER(NOT EXISTS {{ ?p rdfs:domain ?d }} || NOT EXISTS {{ ?p rdfs:range ?r }})
        }}""")


def check_external_terms(graph: Graph) -> list[str]:
    """Non-sdd terms the data uses (EXTERNAL_TERMS) or the ontology uses as
    predicate, class or axiom target that are not declared with a type, a label
    and rdfs:isDefinedBy."""
    used: set[URIRef] = {expand(t) for t in EXTERNAL_TERMS}
    for _s, p, o in graph:
        used.add(p)
        if p in (RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain,
                 RDFS.range, OWL.inverseOf) and isinstance(o, URIRef):
            used.add(o)
    for members in graph.objects(None, OWL.unionOf):
        used.update(m for m in Collection(graph, members) if isinstance(m, URIRef))
    offenders = []
    for term in used:
        if str(term).startswith(SDD_NS) or str(term).startswith(BUILTIN_NS):
            continue
        if str(term) in BUILTIN_TERMS:
            continue
        declared = (
            (term, RDF.type, None) in graph
            and (term, RDFS.label, None) in graph
            and (term, RDFS.isDefinedBy, None) in graph
        )
        if not declared:
            offenders.append(str(term))
    return sorted(offenders)


# ---------------------------------------------------------------------------
# Ontology tests
# ---------------------------------------------------------------------------


def test_ontology_parses_and_has_one_ontology(onto: Graph) -> None:
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [ONT]
    assert len(onto) > 500


def test_header(onto: Graph) -> None:
    assert check_header(onto) == []


@pytest.mark.parametrize(
    "check",
    [check_label, check_definition, check_source, check_defined_by],
    ids=["label", "definition", "source", "isDefinedBy"],
)
def test_every_sdd_term_is_documented(onto: Graph, check) -> None:
    assert check(onto) == []


def test_no_undeclared_sdd_iri(onto: Graph) -> None:
    assert check_undeclared_sdd_iris(onto) == []


def test_documented_classes_declared(onto: Graph) -> None:
    missing = [c for c in DOC_CLASSES if (sdd(c), RDF.type, OWL.Class) not in onto]
    assert missing == []


def test_documented_schemes_declared(onto: Graph) -> None:
    missing = [s for s in DOC_SCHEMES if (sdd(s), RDF.type, SKOS.ConceptScheme) not in onto]
    assert missing == []


def test_individuals_are_in_a_scheme_with_a_notation(onto: Graph) -> None:
    assert check_individuals(onto) == []
    assert check_concepts_are_individuals(onto) == []


@pytest.mark.parametrize("scheme", sorted(DOC_INDIVIDUALS))
def test_scheme_members_and_notations(onto: Graph, scheme: str) -> None:
    cls, expected = DOC_INDIVIDUALS[scheme]
    actual = {
        str(ind)[len(SDD_NS):]: str(onto.value(ind, SKOS.notation))
        for ind in onto.subjects(SKOS.inScheme, sdd(scheme))
    }
    assert actual == expected
    for name in expected:
        types = set(onto.objects(sdd(name), RDF.type))
        assert {OWL.NamedIndividual, sdd(cls), SKOS.Concept} <= types, name


def test_notations_unique_within_scheme(onto: Graph) -> None:
    dupes = select(onto, """
        SELECT ?a WHERE {
          ?a skos:inScheme ?s ; skos:notation ?n .
          ?b skos:inScheme ?s ; skos:notation ?n .
          FILTER(?a != ?b)
        }""")
    assert dupes == []


def test_signals_map_to_cito(onto: Graph) -> None:
    actual = {
        str(s)[len(SDD_NS):]: str(o)[len(CITO_NS):]
        for s, o in onto.subject_objects(sdd("citoCharacterization"))
        if str(o).startswith(CITO_NS)
    }
    assert actual == SIGNAL_TO_CITO | TREATMENT_TO_CITO
    assert (sdd("Distinguishing"), sdd("citoCharacterization"), sdd("distinguishes")) in onto
    assert (sdd("citoCharacterization"), RDF.type, OWL.AnnotationProperty) in onto


def _class_members(graph: Graph, node) -> tuple[str, ...]:
    """A named class or an owl:unionOf, as sorted sdd:/curie names."""
    def name(term) -> str:
        text = str(term)
        for prefix, ns in PREFIXES.items():
            if prefix != "sdd" and text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text[len(SDD_NS):] if text.startswith(SDD_NS) else text

    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        assert union is not None, "anonymous class expression must be an owl:unionOf"
        return tuple(sorted(name(m) for m in Collection(graph, union)))
    return (name(node),)


@pytest.mark.parametrize("prop", sorted(DOC_PROPERTIES))
def test_documented_property_signature(onto: Graph, prop: str) -> None:
    kind, domain, range_ = DOC_PROPERTIES[prop]
    owl_kind = OWL.ObjectProperty if kind == "O" else OWL.DatatypeProperty
    assert (sdd(prop), RDF.type, owl_kind) in onto
    domains = list(onto.objects(sdd(prop), RDFS.domain))
    ranges = list(onto.objects(sdd(prop), RDFS.range))
    assert len(domains) == 1 and len(ranges) == 1
    assert _class_members(onto, domains[0]) == tuple(sorted(domain))
    expected_range = range_ if isinstance(range_, tuple) else (range_,)
    assert _class_members(onto, ranges[0]) == tuple(sorted(expected_range))


def test_every_property_has_domain_and_range(onto: Graph) -> None:
    assert check_property_domain_range(onto) == []


@pytest.mark.parametrize(
    "subject, predicate, obj",
    [
        ("sdd:Judge", RDFS.subClassOf, "prov:Person"),
        ("sdd:Opinion", RDFS.subClassOf, "prov:Entity"),
        ("sdd:SourceText", RDFS.subClassOf, "prov:Entity"),
        ("sdd:Citation", RDFS.subClassOf, "cito:Citation"),
        ("sdd:OpinionType", RDFS.subClassOf, "skos:Concept"),
        ("sdd:CitationForm", RDFS.subClassOf, "skos:Concept"),
        ("sdd:Signal", RDFS.subClassOf, "skos:Concept"),
        ("sdd:Factor", RDFS.subClassOf, "skos:Concept"),
        ("sdd:FindingPosition", RDFS.subClassOf, "skos:Concept"),
        ("sdd:author", RDFS.subPropertyOf, "dcterms:creator"),
        ("sdd:distinguishes", RDFS.subPropertyOf, "cito:cites"),
        ("sdd:opinionOf", OWL.inverseOf, "sdd:hasOpinion"),
    ],
)
def test_axioms(onto: Graph, subject: str, predicate: URIRef, obj: str) -> None:
    assert (expand(subject), predicate, expand(obj)) in onto


def test_external_terms_declared(onto: Graph) -> None:
    assert check_external_terms(onto) == []


def test_no_blank_node_except_class_expressions_and_creator(onto: Graph) -> None:
    """Blank nodes are allowed only for owl:unionOf class expressions (and
    their RDF lists) and the header's creator node."""
    allowed: set[BNode] = set(onto.objects(ONT, DCTERMS.creator))
    for node in onto.subjects(OWL.unionOf, None):
        allowed.add(node)
        lst = onto.value(node, OWL.unionOf)
        while lst is not None and lst != RDF.nil:
            allowed.add(lst)
            lst = onto.value(lst, RDF.rest)
    stray = {s for s in onto.subjects() if isinstance(s, BNode)} - allowed
    assert stray == set()


# ---------------------------------------------------------------------------
# Each check can fail: damage a copy of the ontology, expect the check to fire
# ---------------------------------------------------------------------------


def _drop(graph: Graph, s, p) -> Graph:
    graph.remove((s, p, None))
    return graph


MUTATIONS = {
    "no label": (check_label, lambda g: _drop(g, sdd("Dissent"), RDFS.label)),
    "two labels": (check_label,
                   lambda g: g.add((sdd("Case"), RDFS.label, Literal("lawsuit", lang="en")))),
    "label not English": (check_label, lambda g: (
        _drop(g, sdd("Court"), RDFS.label).add((sdd("Court"), RDFS.label, Literal("court"))))),
    "no definition": (check_definition, lambda g: _drop(g, sdd("hasParty"), SKOS.definition)),
    "no source": (check_source, lambda g: _drop(g, sdd("See"), DCTERMS.source)),
    "no isDefinedBy": (check_defined_by, lambda g: _drop(g, sdd("Signals"), RDFS.isDefinedBy)),
    "undeclared term": (check_undeclared_sdd_iris,
                        lambda g: g.add((sdd("See"), RDFS.seeAlso, sdd("Sea")))),
    "no scheme": (check_individuals, lambda g: _drop(g, sdd("Met"), SKOS.inScheme)),
    "no notation": (check_individuals, lambda g: _drop(g, sdd("Cf"), SKOS.notation)),
    "wrong scheme": (check_individuals, lambda g: (
        _drop(g, sdd("Cf"), SKOS.inScheme).add((sdd("Cf"), SKOS.inScheme, sdd("OpinionTypes"))))),
    "concept not individual": (check_concepts_are_individuals, lambda g: g.remove(
        (sdd("Contra"), RDF.type, OWL.NamedIndividual))),
    "no domain": (check_property_domain_range, lambda g: _drop(g, sdd("court"), RDFS.domain)),
    "no range": (check_property_domain_range, lambda g: _drop(g, sdd("volume"), RDFS.range)),
    "external undeclared": (check_external_terms,
                            lambda g: _drop(g, URIRef(OA_NS + "hasSelector"), RDFS.label)),
    "header license": (check_header, lambda g: _drop(g, ONT, DCTERMS.license)),
    "header imports": (check_header,
                       lambda g: g.add((ONT, OWL.imports, URIRef("http://purl.org/spar/cito")))),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_checks_detect_defects(name: str) -> None:
    check, damage = MUTATIONS[name]
    graph = load_ontology()
    assert check(graph) == []
    damage(graph)
    assert check(graph) != []


# ---------------------------------------------------------------------------
# JSON-LD context
# ---------------------------------------------------------------------------


def _context_iri(value) -> str | None:
    iri = value.get("@id") if isinstance(value, dict) else value
    if not isinstance(iri, str) or iri.startswith("@"):
        return None
    return str(expand(iri))


def _term_keys(context: dict) -> dict[str, str]:
    """Context keys that name terms (not keywords, aliases or prefixes)."""
    keys = {}
    for key, value in context.items():
        if key.startswith("@") or key in PREFIXES:
            continue
        iri = _context_iri(value)
        if iri is not None:
            keys[key] = iri
    return keys


def test_context_is_valid_json_with_prefixes(context: dict) -> None:
    assert context.get("@version") == 1.1
    assert "@base" not in context and "@vocab" not in context
    for prefix in ("sdd", "dcterms", "cito", "oa", "prov", "skos", "rdfs", "xsd", "owl"):
        assert context.get(prefix) == PREFIXES[prefix], prefix


def test_context_covers_every_sdd_term(onto: Graph, context: dict) -> None:
    declared = {
        str(s) for s in onto.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(SDD_NS)
    }
    mapped = set(_term_keys(context).values())
    assert sorted(declared - mapped) == []


def test_context_keys_map_to_declared_terms(onto: Graph, context: dict) -> None:
    undeclared = sorted(
        f"{key} -> {iri}"
        for key, iri in _term_keys(context).items()
        if (URIRef(iri), RDF.type, None) not in onto
    )
    assert undeclared == []


def test_context_sdd_keys_are_local_names(context: dict) -> None:
    """Each sdd term's key is its local name, so keys are predictable."""
    wrong = [
        key for key, iri in _term_keys(context).items()
        if iri.startswith(SDD_NS) and iri[len(SDD_NS):] != key
    ]
    assert wrong == []


def test_context_coercions_follow_ranges(onto: Graph, context: dict) -> None:
    wrong = []
    for key, value in context.items():
        iri = _context_iri(value)
        if iri is None or not iri.startswith(SDD_NS):
            continue
        term = URIRef(iri)
        coerced = value.get("@type") if isinstance(value, dict) else None
        if (term, RDF.type, OWL.ObjectProperty) in onto:
            expected = "@id"
        elif (term, RDF.type, OWL.DatatypeProperty) in onto:
            rng = onto.value(term, RDFS.range)
            # Strings and integers stay uncoerced: JSON strings and numbers
            # already expand to xsd:string and xsd:integer, and the files
            # read better with native numbers.
            expected = None if rng in (XSD.string, XSD.integer) else "xsd:" + str(rng)[len(str(XSD)):]
        elif (term, RDF.type, OWL.AnnotationProperty) in onto:
            expected = "@id"  # sdd:citoCharacterization points at a CiTO property
        else:
            expected = None  # classes and individuals: plain IRI mappings
        if coerced != expected:
            wrong.append(f"{key}: {coerced!r} != {expected!r}")
    assert wrong == []


SAMPLE_CASE = "https://w3id.org/sdd-kg/case/1-F.4th-100"
SAMPLE_OPINION = SAMPLE_CASE + "/opinion/dissent/jane-q-roe"
SAMPLE_CITATION = SAMPLE_OPINION + "/citation/120-145"


def test_context_expands_sample_document(context: dict) -> None:
    doc = {
        "@context": context,
        "@graph": [
            {
                "id": SAMPLE_CASE,
                "type": "Case",
                "title": "Doe v. Roe",
                "court": "https://w3id.org/sdd-kg/court/ca9",
                "dateDecided": "2021-05-04",
                "decisionYear": "2021",
                "firstPage": 100,
                "hasOpinion": SAMPLE_OPINION,
            },
            {
                "id": SAMPLE_OPINION,
                "type": "Opinion",
                "opinionType": "sdd:Dissent",
                "author": "https://w3id.org/sdd-kg/judge/jane-q-roe",
                "cites": "https://w3id.org/sdd-kg/case/489-U.S.-189",
            },
            {
                "id": SAMPLE_CITATION,
                "type": "Citation",
                "hasCitingEntity": SAMPLE_OPINION,
                "hasCitedEntity": "https://w3id.org/sdd-kg/case/489-U.S.-189",
                "hasCitationCharacterization": "cito:citesAsEvidence",
                "signal": "sdd:See",
                "citationForm": "sdd:FullCitation",
                "pinStart": 201,
                "parenthetical": "no duty to protect",
                "textTarget": SAMPLE_CITATION + "/target",
            },
            {
                "id": SAMPLE_CITATION + "/target",
                "type": "SpecificResource",
                "hasSource": "https://w3id.org/sdd-kg/source/doe.txt",
                "hasSelector": [SAMPLE_CITATION + "/target/position"],
            },
            {
                "id": SAMPLE_CITATION + "/target/position",
                "type": "TextPositionSelector",
                "start": 120,
                "end": 145,
            },
        ],
    }
    expected_ttl = f"""
        @prefix sdd: <{SDD_NS}> . @prefix cito: <{CITO_NS}> . @prefix oa: <{OA_NS}> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <{SAMPLE_CASE}> a sdd:Case ;
            dcterms:title "Doe v. Roe" ;
            sdd:court <https://w3id.org/sdd-kg/court/ca9> ;
            sdd:dateDecided "2021-05-04"^^xsd:date ;
            sdd:decisionYear "2021"^^xsd:gYear ;
            sdd:firstPage 100 ;
            sdd:hasOpinion <{SAMPLE_OPINION}> .
        <{SAMPLE_OPINION}> a sdd:Opinion ;
            sdd:opinionType sdd:Dissent ;
            sdd:author <https://w3id.org/sdd-kg/judge/jane-q-roe> ;
            cito:cites <https://w3id.org/sdd-kg/case/489-U.S.-189> .
        <{SAMPLE_CITATION}> a sdd:Citation ;
            cito:hasCitingEntity <{SAMPLE_OPINION}> ;
            cito:hasCitedEntity <https://w3id.org/sdd-kg/case/489-U.S.-189> ;
            cito:hasCitationCharacterization cito:citesAsEvidence ;
            sdd:signal sdd:See ;
            sdd:citationForm sdd:FullCitation ;
            sdd:pinStart 201 ;
            sdd:parenthetical "no duty to protect" ;
            sdd:textTarget <{SAMPLE_CITATION}/target> .
        <{SAMPLE_CITATION}/target> a oa:SpecificResource ;
            oa:hasSource <https://w3id.org/sdd-kg/source/doe.txt> ;
            oa:hasSelector <{SAMPLE_CITATION}/target/position> .
        <{SAMPLE_CITATION}/target/position> a oa:TextPositionSelector ;
            oa:start "120"^^xsd:nonNegativeInteger ;
            oa:end "145"^^xsd:nonNegativeInteger .
    """
    parsed = Graph().parse(data=json.dumps(doc), format="json-ld")
    expected = Graph().parse(data=expected_ttl, format="turtle")
    assert not any(isinstance(t, BNode) for triple in parsed for t in triple)
    assert set(parsed) - set(expected) == set()
    assert set(expected) - set(parsed) == set()


# ---------------------------------------------------------------------------
# sdd_kg.namespaces
# ---------------------------------------------------------------------------


def test_sdd_namespace_is_closed() -> None:
    from sdd_kg.namespaces import SDD

    assert SDD.Dissent == URIRef(SDD_NS + "Dissent")
    assert SDD["textTarget"] == URIRef(SDD_NS + "textTarget")
    with pytest.raises(AttributeError):
        SDD.Dissnt  # noqa: B018
    with pytest.raises(KeyError):
        SDD["Dissnt"]


def test_sdd_namespace_matches_ontology(onto: Graph) -> None:
    from sdd_kg.namespaces import SDD

    factors = Graph().parse(ROOT / "ontology" / "factors.ttl")
    declared = {
        str(s)[len(SDD_NS):] for graph in (onto, factors) for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(SDD_NS)
    }
    assert set(dir(SDD)) == declared


def test_other_namespaces_and_binding() -> None:
    from sdd_kg import namespaces as ns

    assert ns.BASE == "https://w3id.org/sdd-kg/"
    assert str(ns.CITO) == CITO_NS and str(ns.OA) == OA_NS and str(ns.PROV) == PROV_NS
    graph = ns.bind_prefixes(Graph(bind_namespaces="none"))
    bound = {p: str(u) for p, u in graph.namespaces()}
    for prefix in ("sdd", "dcterms", "cito", "oa", "prov", "skos", "rdfs", "xsd", "owl"):
        assert bound.get(prefix) == PREFIXES[prefix], prefix


def _run_with_root(root: Path, code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDD_KG_ROOT=str(root), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=root,
                          capture_output=True, text=True, timeout=120)


def test_sdd_kg_root_override(tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "sdd-kg.ttl").write_text(
        f"<{SDD_NS}OnlyTerm> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8"
    )
    (tmp_path / "ontology" / "factors.ttl").write_text("", encoding="utf-8")
    code = (
        "from sdd_kg.namespaces import SDD\n"
        "print(sorted(dir(SDD)))\n"
        "try:\n    SDD.Dissent\nexcept AttributeError:\n    print('closed')\n"
    )
    result = _run_with_root(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["['OnlyTerm']", "closed"]


def test_missing_ontology_is_reported(tmp_path: Path) -> None:
    result = _run_with_root(tmp_path, "import sdd_kg.namespaces")
    assert result.returncode != 0
    assert "SDD_KG_ROOT" in result.stderr
