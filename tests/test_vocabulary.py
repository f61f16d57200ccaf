"""Every term the data uses is declared in the ontology, with a label and a definition."""

from __future__ import annotations

from rdflib import Graph

from sdd_kg.namespaces import ontology_graph
from sdd_kg.serialize import union

# Terms the data uses: every predicate, every class, every IRI object that is
# a term of a vocabulary (not a resource of ours: those sit outside ontology#).
TERMS_USED = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?term WHERE {
  { ?s ?term ?o }
  UNION { ?s rdf:type ?term }
  UNION { ?s ?p ?term . FILTER (isIRI(?term) && (STRSTARTS(STR(?term), "https://w3id.org/sdd-kg/ontology#")
                                                || STRSTARTS(STR(?term), "http://purl.org/spar/cito/"))) }
}
"""

UNDECLARED = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term WHERE {
  VALUES ?term { %s }
  FILTER NOT EXISTS { ?term rdfs:label ?label ; rdfs:isDefinedBy ?by }
}
"""

UNDEFINED_OWN = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term WHERE {
  VALUES ?term { %s }
  FILTER (STRSTARTS(STR(?term), "https://w3id.org/sdd-kg/ontology#"))
  FILTER NOT EXISTS { ?term skos:definition ?definition }
}
"""


def _terms(data: Graph) -> list:
    return sorted({row.term for row in data.query(TERMS_USED)})


def test_every_term_in_the_data_is_declared_with_a_label(built):
    result, _ = built
    terms = _terms(union(result.dataset))
    assert len(terms) > 40
    values = " ".join(t.n3() for t in terms)
    missing = [str(r.term) for r in ontology_graph().query(UNDECLARED % values)]
    assert not missing


def test_every_own_term_in_the_data_has_a_definition(built):
    result, _ = built
    values = " ".join(t.n3() for t in _terms(union(result.dataset)))
    missing = [str(r.term) for r in ontology_graph().query(UNDEFINED_OWN % values)]
    assert not missing


def test_the_check_catches_an_undeclared_term():
    """The same queries flag a made-up term, so the two tests above can fail."""
    data = Graph()
    data.parse(data="<https://w3id.org/sdd-kg/case/1-U.S.-1> <https://w3id.org/sdd-kg/ontology#madeUp> 1 .", format="turtle")
    values = " ".join(t.n3() for t in _terms(data))
    assert [str(r.term) for r in ontology_graph().query(UNDECLARED % values)] == ["https://w3id.org/sdd-kg/ontology#madeUp"]
