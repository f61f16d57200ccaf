"""HTML pages for people: the one module the server calls for ``text/html``.

The contract (all the server relies on; replace the bodies freely):

``render(site, iri) -> Page | None``
    The page for the resource ``iri`` (a public IRI under
    ``https://w3id.org/sdd-kg/``), or None if there is nothing to show, which
    the server answers with 404. Called for ``GET {iri}.html``, where a
    browser lands after the 303 from ``{iri}``.
``index(site) -> Page``
    The home page, ``GET /``.
``sparql_form(site) -> Page``
    ``GET /sparql`` with no query, when the client prefers HTML.

``site`` is a :class:`sdd_kg.site.Site`: ``site.describe(iri)`` gives the
resource's :class:`~sdd_kg.describe.Description` (its triples, the parts it
owns, the SPARQL that defines it), ``site.select(sparql)`` runs a trusted
SELECT in-process (pages' own bounded queries; they run in the server's
thread pool, not the query workers), ``site.local(iri)`` is the URL to link
to, ``site.document_url(iri, "ttl")`` a representation's URL,
``site.sparql_url`` the endpoint. A :class:`Page` is the title and the
complete HTML document; the server sends it as ``text/html; charset=utf-8``.
Pages must not raise for a resource the store knows.

This version renders every resource the same plain way: a title from its
label, its statements in a table with links rewritten to this server, the
resources it owns, what links to it, links to its Turtle, JSON-LD and
N-Triples, and the SPARQL that gives the description. Templates are Jinja2
(``sdd_kg/templates``) with autoescaping on: every value from the data is
escaped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader

from .describe import LABELS, RDF_TYPE
from .namespaces import BASE, PREFIXES
from .void import DOC as VOID_DOC
from .void import EXTRA_PREFIXES

_PREFIXES = {**PREFIXES, **EXTRA_PREFIXES}

OWNED_SHOWN = 200
"""Parts listed on a page; an opinion owns over a thousand (all are in the RDF)."""
_RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
_FORMATS = (("ttl", "Turtle", "text/turtle"), ("jsonld", "JSON-LD", "application/ld+json"),
            ("nt", "N-Triples", "application/n-triples"))


@dataclass(frozen=True)
class Page:
    title: str
    html: str


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("sdd_kg", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )


def _chrome(site) -> dict:
    """What every page's frame links to."""
    return {
        "home": site.base.local,
        "sparql": site.sparql_url,
        "void": site.local(VOID_DOC),
        "version": site.version,
    }


def _render(site, template: str, title: str, **context) -> Page:
    html = _environment().get_template(template).render(title=title, **_chrome(site), **context)
    return Page(title, html)


# --- Terms as people read them ---------------------------------------------


def curie(iri: str) -> str:
    """``sdd:Case``, ``dcterms:title``, or a path under our base (``case/489-U.S.-189``)."""
    spaces = [(prefix, ns) for prefix, ns in _PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)]
    if spaces:
        prefix, ns = max(spaces, key=lambda pn: len(pn[1]))
        return f"{prefix}:{iri[len(ns):]}"
    if iri.startswith(BASE):
        return iri[len(BASE):] or iri
    return iri


class _Labels:
    """Labels and types from a description's triples."""

    def __init__(self, triples) -> None:
        # iri -> (property rank, not English, text), for sorting by preference
        self.labels: dict[str, list[tuple[int, bool, str]]] = defaultdict(list)
        self.types: dict[str, list[str]] = defaultdict(list)
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode):
                continue
            p = t.predicate.value
            if p in LABELS and isinstance(t.object, ox.Literal):
                self.labels[t.subject.value].append((LABELS.index(p), t.object.language not in (None, "en"), t.object.value))
            elif p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                self.types[t.subject.value].append(t.object.value)

    def short(self, iri: str) -> str | None:
        """The shortest label of the most preferred property (for link text)."""
        found = sorted(self.labels.get(iri, ()), key=lambda x: (x[0], x[1], len(x[2]), x[2]))
        return found[0][2] if found else None

    def title(self, iri: str) -> str:
        """The fullest label (rdfs:label, then dcterms:title, then skos:prefLabel)."""
        found = sorted(self.labels.get(iri, ()), key=lambda x: (x[0], x[1], -len(x[2]), x[2]))
        return found[0][2] if found else curie(iri)


def _link(site, labels: _Labels, iri: str) -> dict:
    return {"href": site.local(iri), "text": labels.short(iri) or curie(iri), "iri": iri}


def _property(site, iri: str) -> dict:
    """A property is shown by its prefixed name, which is what queries use."""
    return {"href": site.local(iri), "text": curie(iri), "iri": iri}


def _value(site, labels: _Labels, term, bnodes: dict, depth: int = 0) -> dict:
    """A template-ready value: a link, a literal, or a blank node's contents."""
    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", **_link(site, labels, term.value)}
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else curie(term.datatype.value)
        if note == "xsd:string":
            note = ""
        return {"kind": "literal", "text": term.value, "note": note}
    if depth > 6:
        return {"kind": "literal", "text": "[...]", "note": ""}
    items = _list_items(term, bnodes)
    if items is not None:
        return {"kind": "list", "members": [_value(site, labels, i, bnodes, depth + 1) for i in items]}
    rows = [
        {"predicate": _property(site, p.value), "value": _value(site, labels, o, bnodes, depth + 1)}
        for p, o in sorted(bnodes.get(term, ()), key=str)
    ]
    return {"kind": "bnode", "rows": rows}


def _list_items(node, bnodes: dict) -> list | None:
    """The members of the RDF list starting at ``node``, or None if it is not one."""
    items = []
    while not (isinstance(node, ox.NamedNode) and node.value == _RDF_NIL):
        props = {p.value: o for p, o in bnodes.get(node, ())}
        if set(props) != {_RDF_FIRST, _RDF_REST} or len(items) > 1000:
            return None
        items.append(props[_RDF_FIRST])
        node = props[_RDF_REST]
    return items


def _rows(site, labels, pairs, bnodes) -> list[dict]:
    """Statement rows, rdf:type first, then by property and value."""
    ordered = sorted(pairs, key=lambda po: (po[0].value != RDF_TYPE, curie(po[0].value), str(po[1])))
    return [{"predicate": _property(site, p.value), "value": _value(site, labels, o, bnodes)} for p, o in ordered]


def _anchor(iri: str, part: str) -> str:
    return part[len(iri) + 1:]


def render(site, iri: str) -> Page | None:
    """The page of one resource (see the module docstring for the contract)."""
    description = site.describe(iri)
    if description is None:
        return None
    labels = _Labels(description.triples)
    by_subject: dict = defaultdict(list)
    for t in description.triples:
        by_subject[t.subject].append((t.predicate, t.object))
    bnodes = {s: po for s, po in by_subject.items() if isinstance(s, ox.BlankNode)}
    node = ox.NamedNode(iri)

    # The parts the resource itself points to first (a case's parties, the
    # dataset a description is about), then the rest in IRI order.
    pointed = {o.value for _, o in by_subject.get(node, ()) if isinstance(o, ox.NamedNode)}
    parts = sorted(description.owned, key=lambda part: (part not in pointed, part))
    shown = parts[:OWNED_SHOWN]
    sections = [
        {
            "id": _anchor(iri, part),
            "link": _link(site, labels, part),
            "title": labels.title(part),
            "rows": _rows(site, labels, by_subject[ox.NamedNode(part)], bnodes),
        }
        for part in shown
    ]
    part_set = set(parts)
    inbound = sorted(
        (t for t in description.triples
         if t.object == node and t.subject != node and isinstance(t.subject, ox.NamedNode)
         and t.subject.value not in part_set),
        key=lambda t: (curie(t.predicate.value), labels.short(t.subject.value) or t.subject.value),
    )
    links_here = [
        {"subject": _link(site, labels, t.subject.value), "predicate": _property(site, t.predicate.value)}
        for t in inbound
    ]
    formats = [{"href": site.document_url(iri, ext), "name": name, "type": media} for ext, name, media in _FORMATS]
    title = labels.title(iri)
    return _render(
        site,
        "resource.html",
        title,
        iri=iri,
        types=[_link(site, labels, t) for t in sorted(labels.types.get(iri, ()))],
        rows=_rows(site, labels, by_subject.get(node, []), bnodes),
        sections=sections,
        parts_total=len(parts),
        links_here=links_here,
        inbound_total=description.inbound,
        inbound_truncated=description.inbound_truncated,
        formats=formats,
        query=description.query,
        query_url=site.sparql_url + "?query=" + quote(description.query, safe=""),
        triples=len(description.triples),
    )


# --- The home page and the query form --------------------------------------

_PREFIX = "PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
CASES_QUERY = _PREFIX + """SELECT ?case (SAMPLE(?t) AS ?title) (SAMPLE(?c) AS ?citation) (SAMPLE(?y) AS ?year)
       (SAMPLE(?courtName) AS ?court) (COUNT(DISTINCT ?opinion) AS ?opinions) WHERE {
  ?case a sdd:Case .
  OPTIONAL { ?case dcterms:title ?t }
  OPTIONAL { ?case sdd:primaryCitation/sdd:citationText ?c }
  OPTIONAL { ?case sdd:decisionYear ?y }
  OPTIONAL { ?case sdd:court/rdfs:label ?courtName }
  OPTIONAL { ?case sdd:hasOpinion ?opinion }
} GROUP BY ?case ORDER BY ?title ?case"""
OPINIONS_QUERY = _PREFIX + """SELECT ?opinion (SAMPLE(?l) AS ?label) ?case (SAMPLE(?t) AS ?title) (SAMPLE(?text) AS ?source) WHERE {
  ?opinion a sdd:Opinion ; sdd:opinionOf ?case .
  OPTIONAL { ?opinion rdfs:label ?l }
  OPTIONAL { ?case dcterms:title ?t }
  OPTIONAL { ?opinion sdd:sourceText ?text }
} GROUP BY ?opinion ?case ORDER BY ?title ?opinion"""
EXAMPLE_QUERY = _PREFIX + """
# The precedents each opinion relies on, with how often.
SELECT ?opinion ?cited (COUNT(*) AS ?instances) WHERE {
  ?citation <http://purl.org/spar/cito/hasCitingEntity> ?o ;
            sdd:citedCase ?c ;
            sdd:treatment sdd:RelyingOn .
  ?o rdfs:label ?opinion .
  ?c dcterms:title ?cited .
}
GROUP BY ?opinion ?cited
ORDER BY ?opinion DESC(?instances)
LIMIT 20
"""


def _text(row: dict, name: str) -> str:
    term = row.get(name)
    return term.value if term is not None else ""


def index(site) -> Page:
    """The home page: every case and opinion, and where the data is."""
    cases = [
        {
            "href": site.local(row["case"].value),
            "title": _text(row, "title") or curie(row["case"].value),
            "citation": _text(row, "citation"),
            "year": _text(row, "year"),
            "court": _text(row, "court"),
            "opinions": int(_text(row, "opinions") or 0),
        }
        for row in site.select(CASES_QUERY)
    ]
    opinions = [
        {
            "href": site.local(row["opinion"].value),
            "label": _text(row, "label") or curie(row["opinion"].value),
            "case_href": site.local(row["case"].value),
            "case": _text(row, "title") or curie(row["case"].value),
            "text": bool(_text(row, "source")),
        }
        for row in site.select(OPINIONS_QUERY)
    ]
    counts = site.dataset_description.counts
    downloads = [
        {"href": site.base.local + "download/" + path.name, "name": path.name}
        for path in sorted(site.dist.glob("sdd-kg.*"))
        if path.suffix in (".ttl", ".nt", ".trig", ".jsonld")
    ]
    return _render(
        site,
        "index.html",
        "The state-created danger knowledge graph",
        cases=cases,
        opinions=opinions,
        triples=counts.triples,
        graphs=len(counts.graphs),
        downloads=downloads,
        ontology=site.local(BASE + "ontology"),
        context=site.base.local + "context.jsonld",
    )


def sparql_form(site) -> Page:
    """A query box for people (``GET /sparql`` from a browser)."""
    return _render(
        site,
        "sparql.html",
        "SPARQL endpoint",
        example=EXAMPLE_QUERY,
        limits=site.limits,
    )
