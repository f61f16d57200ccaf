"""The ontology's documentation: what the ontology page shows, from its triples.

The ontology IRI ``https://w3id.org/sdd-kg/ontology`` is the document its
terms (``ontology#Case``) are fragments of, so its HTML page is the reference
a reader lands on from any term: one anchor per term, named by the term's
local name (``#Case``, ``#citedCase``, ``#AffirmativeAct``).

:func:`document` reads the ontology graph (``ontology/sdd-kg.ttl`` and
``ontology/factors.ttl`` as the store holds them, blank nodes included) into
plain records a template lays out:

* the header: title, description, version, prior version, licence, dates,
  preferred prefix;
* every ``sdd:`` class, object, datatype and annotation property with label,
  definition, source, scope and history notes, super-terms, domain and
  range (an ``owl:unionOf`` read as "A or B"), inverse;
* every controlled vocabulary (``skos:ConceptScheme``) with its individuals
  and their notations; the factor scheme as its hierarchy (top concepts,
  ``skos:narrower``) and each concept's definition, sources, other names,
  cue phrases, broader / narrower / close matches, circuit and the cases
  that articulate it;
* the terms of other vocabularies the ontology declares for reuse.

It is a pure function of the triples; links are made by the caller's
``link(iri)`` (this module knows no server), except anchors within the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import BASE, ONTOLOGY_IRI, SDD_NS, curie

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
VANN = "http://purl.org/vocab/vann/"

KINDS = (
    (OWL + "Class", "classes", "Classes"),
    (OWL + "ObjectProperty", "object-properties", "Object properties"),
    (OWL + "DatatypeProperty", "datatype-properties", "Datatype properties"),
    (OWL + "AnnotationProperty", "annotation-properties", "Annotation properties"),
)
"""The term kinds, in the page's order: RDF type, section id, heading."""
FACTOR_SCHEME = SDD_NS + "Factors"


@dataclass(frozen=True)
class Ref:
    """A link to a term or resource: where it goes, what it says, its IRI."""

    href: str
    text: str
    iri: str


@dataclass
class Term:
    """One documented term (class, property, individual, scheme, concept)."""

    iri: str
    anchor: str
    curie: str
    label: str
    types: list[Ref] = field(default_factory=list)
    definition: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (heading, text): scope, example, history, comment
    relations: list[tuple[str, list[Ref | str]]] = field(default_factory=list)  # (heading, values)
    notation: str = ""
    deprecated: bool = False


@dataclass
class Scheme:
    term: Term
    members: list[Term]


@dataclass
class TreeNode:
    term: Term
    children: list[TreeNode]


@dataclass
class OntologyDoc:
    iri: str
    title: str
    description: str
    header: list[tuple[str, list[Ref | str]]]
    sections: list[tuple[str, str, list[Term]]]  # (id, heading, terms)
    schemes: list[Scheme]
    factors: Scheme | None
    factor_tree: list[TreeNode]
    external: list[Term]

    def anchors(self) -> list[str]:
        """Every anchor the page gives a term, in page order."""
        found = [t.anchor for _, _, terms in self.sections for t in terms]
        for scheme in (*self.schemes, *([self.factors] if self.factors else [])):
            found += [scheme.term.anchor, *(m.anchor for m in scheme.members)]
        return found


class _Graph:
    """The triples by subject and predicate, for reading."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.po: dict = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.po[t.subject][t.predicate.value].append(t.object)
        for predicates in self.po.values():
            for objects in predicates.values():
                objects.sort(key=str)

    def objects(self, subject, predicate: str) -> list:
        return self.po.get(subject, {}).get(predicate, [])

    def literals(self, subject, predicate: str) -> list[str]:
        """Literal values, English (or untagged) first, then by text."""
        found = [o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]
        return [o.value for o in sorted(found, key=lambda o: (o.language not in (None, "en"), o.value))]

    def first(self, subject, predicate: str) -> str:
        values = self.literals(subject, predicate)
        return values[0] if values else ""

    def iris(self, subject, predicate: str) -> list[str]:
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def subjects_of_type(self, type_iri: str) -> list[str]:
        node = ox.NamedNode(type_iri)
        return sorted(s.value for s, p in self.po.items() if isinstance(s, ox.NamedNode) and node in p.get(RDF + "type", ()))

    def rdf_list(self, node) -> list:
        items = []
        while isinstance(node, ox.BlankNode) and len(items) < 1000:
            first = self.objects(node, RDF + "first")
            rest = self.objects(node, RDF + "rest")
            if not first or not rest:
                break
            items.append(first[0])
            node = rest[0]
        return items


def anchor(iri: str) -> str:
    """The page anchor of an ``sdd:`` term: its local name."""
    return iri[len(SDD_NS):]


def document(triples: Iterable[ox.Triple], link: Callable[[str], str]) -> OntologyDoc:
    """The ontology documentation (see the module docstring).

    ``link(iri)`` gives the URL for an IRI outside the ontology (a case the
    factor scheme cites, a court); ``sdd:`` terms link to their anchors."""
    g = _Graph(triples)
    labels = {}
    for subject in g.po:
        if isinstance(subject, ox.NamedNode):
            text = g.first(subject, RDFS + "label") or g.first(subject, SKOS + "prefLabel")
            if text:
                labels[subject.value] = text

    def ref(iri: str) -> Ref:
        """Terms by their prefixed names (as queries write them), other
        resources by label, else by their path under our base."""
        if iri.startswith(SDD_NS):
            return Ref("#" + anchor(iri), curie(iri), iri)
        name = curie(iri)
        if name == iri:
            name = labels.get(iri) or (iri[len(BASE):] if iri.startswith(BASE) else iri)
        return Ref(link(iri), name, iri)

    def value(node) -> Ref | str:
        if isinstance(node, ox.NamedNode):
            return ref(node.value)
        if isinstance(node, ox.BlankNode):
            members = g.rdf_list(next(iter(g.objects(node, OWL + "unionOf")), None))
            if members:
                return " or ".join(curie(m.value) if isinstance(m, ox.NamedNode) else "?" for m in members)
            return "(an anonymous class)"
        return node.value

    def values(subject, predicate: str) -> list[Ref | str]:
        found = [value(o) for o in g.objects(subject, predicate)]
        return sorted(found, key=lambda v: v.text if isinstance(v, Ref) else v)

    def term(iri: str) -> Term:
        node = ox.NamedNode(iri)
        t = Term(
            iri=iri,
            anchor=anchor(iri) if iri.startswith(SDD_NS) else curie(iri),
            curie=curie(iri),
            label=labels.get(iri, curie(iri)),
            types=[ref(x) for x in g.iris(node, RDF + "type")],
            definition=g.first(node, SKOS + "definition"),
            sources=g.literals(node, DCTERMS + "source"),
            notation=g.first(node, SKOS + "notation"),
            deprecated=g.first(node, OWL + "deprecated") == "true",
        )
        for heading, predicate in (("Scope", SKOS + "scopeNote"), ("Example", SKOS + "example"),
                                   ("Comment", RDFS + "comment"), ("History", SKOS + "historyNote")):
            t.notes += [(heading, text) for text in g.literals(node, predicate)]
        for heading, predicate in (
            ("Subclass of", RDFS + "subClassOf"), ("Subproperty of", RDFS + "subPropertyOf"),
            ("Domain", RDFS + "domain"), ("Range", RDFS + "range"), ("Inverse of", OWL + "inverseOf"),
            ("In scheme", SKOS + "inScheme"), ("Broader", SKOS + "broader"), ("Narrower", SKOS + "narrower"),
            ("Close match", SKOS + "closeMatch"), ("Other names", SKOS + "altLabel"),
            ("Cue phrases", SKOS + "hiddenLabel"), ("Circuit", SDD_NS + "circuit"),
            ("Articulated in", SDD_NS + "articulatedIn"), ("CiTO property", SDD_NS + "citoCharacterization"),
            ("Replaced by", DCTERMS + "isReplacedBy"), ("Defined by", RDFS + "isDefinedBy"),
        ):
            found = values(node, predicate)
            if found and not (predicate == RDFS + "isDefinedBy" and iri.startswith(SDD_NS)):
                t.relations.append((heading, found))
        return t

    ontology = ox.NamedNode(str(ONTOLOGY_IRI))
    header = []
    for heading, predicate in (
        ("Version", OWL + "versionInfo"), ("Version IRI", OWL + "versionIRI"), ("Prior version", OWL + "priorVersion"),
        ("Licence", DCTERMS + "license"), ("Created", DCTERMS + "created"), ("Modified", DCTERMS + "modified"),
        ("Preferred prefix", VANN + "preferredNamespacePrefix"), ("Namespace", VANN + "preferredNamespaceUri"),
    ):
        found = [v if not isinstance(v, Ref) else Ref(v.iri, v.iri, v.iri) for v in values(ontology, predicate)]
        if found:
            header.append((heading, found))

    ours = sorted(s.value for s in g.po if isinstance(s, ox.NamedNode) and s.value.startswith(SDD_NS))
    placed: set[str] = set()
    sections = []
    for type_iri, section_id, heading in KINDS:
        members = [i for i in g.subjects_of_type(type_iri) if i.startswith(SDD_NS) and i not in placed]
        placed.update(members)
        sections.append((section_id, heading, [term(i) for i in members]))

    schemes, factors = [], None
    for scheme_iri in g.subjects_of_type(SKOS + "ConceptScheme"):
        members = sorted(
            (s.value for s, p in g.po.items() if isinstance(s, ox.NamedNode)
             and ox.NamedNode(scheme_iri) in p.get(SKOS + "inScheme", ())),
            key=lambda i: (g.first(ox.NamedNode(i), SKOS + "notation") or anchor(i), i),
        )
        placed.add(scheme_iri)
        placed.update(members)
        scheme = Scheme(term(scheme_iri), [term(i) for i in members])
        if scheme_iri == FACTOR_SCHEME:
            factors = scheme
        else:
            schemes.append(scheme)
    rest = [i for i in ours if i not in placed]
    if rest:
        sections.append(("other-terms", "Other terms", [term(i) for i in rest]))

    tree = _factor_tree(g, factors, term) if factors else []
    external = [
        term(s.value) for s in sorted(g.po, key=str)
        if isinstance(s, ox.NamedNode) and not s.value.startswith(SDD_NS) and s != ontology
        and g.iris(s, RDF + "type")
    ]
    return OntologyDoc(
        iri=str(ONTOLOGY_IRI),
        title=g.first(ontology, DCTERMS + "title") or g.first(ontology, RDFS + "label") or str(ONTOLOGY_IRI),
        description=g.first(ontology, DCTERMS + "description"),
        header=header,
        sections=sections,
        schemes=schemes,
        factors=factors,
        factor_tree=tree,
        external=external,
    )


def _factor_tree(g: _Graph, factors: Scheme, term: Callable[[str], Term]) -> list[TreeNode]:
    """The scheme's hierarchy: top concepts, then skos:narrower, each
    concept once (the first path that reaches it)."""
    by_iri = {t.iri: t for t in factors.members}
    scheme = ox.NamedNode(FACTOR_SCHEME)
    tops = sorted(set(g.iris(scheme, SKOS + "hasTopConcept"))
                  | {i for i in by_iri if scheme in g.objects(ox.NamedNode(i), SKOS + "topConceptOf")})
    seen: set[str] = set()

    def grow(iri: str) -> TreeNode:
        seen.add(iri)
        children = [c for c in g.iris(ox.NamedNode(iri), SKOS + "narrower") if c in by_iri and c not in seen]
        return TreeNode(by_iri[iri], [grow(c) for c in children if c not in seen])

    roots = [grow(i) for i in tops if i in by_iri and i not in seen]
    roots += [grow(i) for i in sorted(by_iri) if i not in seen]  # concepts no path reaches
    return roots
