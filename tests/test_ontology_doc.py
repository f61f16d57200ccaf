"""The ontology's documentation covers every term, once, from the ontology files."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from sdd_kg.namespaces import SDD_NS, factors_path, ontology_path
from sdd_kg.ontology_doc import document


@pytest.fixture(scope="module")
def triples():
    found = []
    for path in (ontology_path(), factors_path()):
        found += [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    return found


@pytest.fixture(scope="module")
def doc(triples):
    return document(triples, lambda iri: "/local/" + iri.rsplit("/", 1)[-1])


def test_every_sdd_term_has_one_anchor(triples, doc):
    terms = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(SDD_NS)}
    anchors = doc.anchors()
    assert len(anchors) == len(set(anchors))  # no term twice
    assert {SDD_NS + a for a in anchors} == terms
    assert len(terms) > 150  # classes, properties, individuals, schemes and the 21 factors


def test_sections_by_kind(doc):
    sections = {section: {t.curie for t in terms} for section, _, terms in doc.sections}
    assert {"sdd:Case", "sdd:Opinion", "sdd:Citation", "sdd:Factor"} <= sections["classes"]
    assert {"sdd:citedCase", "sdd:treatment", "sdd:textTarget"} <= sections["object-properties"]
    assert {"sdd:pinStart", "sdd:citationText"} <= sections["datatype-properties"]
    assert "sdd:citoCharacterization" in sections["annotation-properties"]
    assert {s.term.curie for s in doc.schemes} == {
        "sdd:OpinionTypes", "sdd:CitationForms", "sdd:Signals", "sdd:Treatments", "sdd:Outcomes",
        "sdd:HoldingKinds", "sdd:FindingPositions"}
    treatments = next(s for s in doc.schemes if s.term.curie == "sdd:Treatments")
    assert [t.notation for t in treatments.members] == ["criticises", "discusses", "distinguishes", "relies-on"]


def test_terms_carry_label_definition_source_domain_range(doc):
    terms = {t.curie: t for _, _, ts in doc.sections for t in ts}
    text_target = terms["sdd:textTarget"]
    relations = dict(text_target.relations)
    assert text_target.label == "text target" and text_target.definition.startswith("Relates a citing instance")
    assert relations["Domain"] == ["sdd:Citation or sdd:RecordCitation or sdd:FactorFinding or sdd:Holding"]
    assert [r.text for r in relations["Range"]] == ["oa:SpecificResource"]
    assert [r.href for r in dict(terms["sdd:opinionOf"].relations)["Inverse of"]] == ["#hasOpinion"]
    assert all(t.label and t.definition and t.sources for t in terms.values()), \
        [c for c, t in terms.items() if not (t.label and t.definition and t.sources)]


def test_factor_scheme_hierarchy(doc):
    assert len(doc.factors.members) == 21
    seen = []

    def walk(nodes, depth):
        for n in nodes:
            seen.append((n.term.anchor, depth))
            walk(n.children, depth + 1)

    walk(doc.factor_tree, 0)
    assert sorted(a for a, _ in seen) == sorted(t.anchor for t in doc.factors.members)  # each once
    depth = dict(seen)
    assert depth["NinthCircuitTest"] == 0 and depth["AffirmativeAct"] == 1 and depth["WorsePosition"] == 2
    affirmative = next(t for t in doc.factors.members if t.anchor == "AffirmativeAct")
    relations = dict(affirmative.relations)
    assert [r.href for r in relations["Broader"]] == ["#NinthCircuitTest"]
    assert "/local/489-U.S.-189" in [r.href for r in relations["Articulated in"]]  # a case: linked by the caller


def test_reused_terms_are_listed_apart(doc):
    external = {t.curie for t in doc.external}
    assert {"dcterms:title", "cito:cites", "oa:hasSelector", "skos:prefLabel"} <= external
    assert not any(c.startswith("sdd:") for c in external)
