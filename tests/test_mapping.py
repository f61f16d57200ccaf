"""The converter's controlled-value tables agree with the ontology."""

from __future__ import annotations

import pytest
from rdflib.namespace import SKOS

from sdd_kg import mapping
from sdd_kg.namespaces import SDD, ontology_graph


@pytest.mark.parametrize(
    "table, scheme",
    [
        (mapping.OPINION_TYPES, SDD.OpinionTypes),
        (mapping.CITATION_FORMS, SDD.CitationForms),
        (mapping.SIGNALS, SDD.Signals),
    ],
)
def test_tables_are_keyed_by_the_ontology_notations(table, scheme):
    onto = ontology_graph()
    in_scheme = set(onto.subjects(SKOS.inScheme, scheme))
    assert set(table.values()) == in_scheme
    for notation, term in table.items():
        assert str(onto.value(term, SKOS.notation)) == notation


def test_signal_to_cito_table_is_the_ontology_table():
    onto = ontology_graph()
    for notation, term in mapping.SIGNALS.items():
        assert onto.value(term, SDD.citoCharacterization) == mapping.CITO_FOR_SIGNAL[notation], notation


def test_every_opinion_type_has_a_label_phrase():
    assert set(mapping.OPINION_TYPE_PHRASES) == set(mapping.OPINION_TYPES)
