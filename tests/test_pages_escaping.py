"""Hostile text in the data (a case name with markup, quotes and ampersands)
is shown as text on every page that names it, and never becomes markup.

A real pyoxigraph store holds a small graph and the ontology; the pages are
rendered by the real page code (no server needed to see the HTML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

from sdd_kg import pages
from sdd_kg.namespaces import factors_path, ontology_path
from sdd_kg.site import BaseMap, Site
from sdd_kg.store import ONTOLOGY_GRAPH

EVIL = '<script>alert("pwned")</script> v. O\'Brien & <b>Sons</b>'
GRAPH = f"""
@prefix sdd: <https://w3id.org/sdd-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/sdd-kg/> .

<case/1-F.3d-1> a sdd:Case ; dcterms:title {ox.Literal(EVIL)} ; rdfs:label {ox.Literal(EVIL + ", 1 F.3d 1 (9th Cir. 2000)")} ;
    skos:altLabel "<i>Evil</i>" ; sdd:court <court/ca9> ; sdd:decisionYear "2000"^^xsd:gYear ;
    sdd:docketNumber "<img src=x onerror=alert(1)>" ;
    sdd:primaryCitation <reporter-citation/1-F.3d-1> ; sdd:reporterCitation <reporter-citation/1-F.3d-1> .
<reporter-citation/1-F.3d-1> a sdd:ReporterCitation ; rdfs:label "1 F.3d 1" ; sdd:citationText "1 F.3d 1" .
<court/ca9> a sdd:Court ; rdfs:label "Ninth <em>Circuit</em> & co" ; sdd:courtsDbId "ca9" ; sdd:citationAbbreviation "9th <Cir.>" .
<case/2-F.3d-2> a sdd:Case ; dcterms:title "Plain v. Case" ; rdfs:label "Plain v. Case, 2 F.3d 2 (9th Cir. 2001)" ;
    sdd:court <court/ca9> ; sdd:decisionYear "2001"^^xsd:gYear ; sdd:hasOpinion <case/2-F.3d-2/opinion/majority/x> .
<case/2-F.3d-2/opinion/majority/x> a sdd:Opinion ; sdd:opinionOf <case/2-F.3d-2> ; sdd:opinionType sdd:Majority ;
    rdfs:label "Plain v. Case, 2 F.3d 2: X, J., opinion of the court" .
<case/2-F.3d-2/opinion/majority/x/citation/1-9> a sdd:Citation ;
    cito:hasCitingEntity <case/2-F.3d-2/opinion/majority/x> ; cito:hasCitedEntity <case/1-F.3d-1> ;
    sdd:citedCase <case/1-F.3d-1> ; sdd:treatment sdd:Distinguishing ; sdd:signal sdd:ButSee ;
    sdd:parenthetical "</td></tr><script>x</script>" .
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = ox.Store()
    store.load(GRAPH.encode("utf-8"), ox.RdfFormat.TURTLE)
    for path in (ontology_path(), factors_path()):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)  # the union default graph, as a build writes it
    folder = tmp_path_factory.mktemp("escaping")
    return Site(store, BaseMap("http://127.0.0.1:9/"), folder, folder)


class Text(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = "", []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("iri", ["case/1-F.3d-1", "case/2-F.3d-2", "court/ca9",
                                 "case/2-F.3d-2/opinion/majority/x", "case/2-F.3d-2/opinion/majority/x/citation/1-9"])
def test_hostile_names_are_text_not_markup(site, iri):
    page = pages.render(site, "https://w3id.org/sdd-kg/" + iri)
    html = page.html
    for markup in ("<script>", "<b>Sons</b>", "<em>Circuit</em>", "<img src=x", "<i>Evil</i>", "</td></tr><script>"):
        assert markup not in html
    parsed = Text(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert EVIL in parsed.text or "Ninth <em>Circuit</em> & co" in parsed.text


def test_the_network_picture_escapes_names(site):
    svg = pages.network_svg(site)
    root = ET.fromstring(svg)  # well-formed: nothing broke out of an attribute or an element
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<i>Evil</i>" in texts and "<script>" not in svg
    assert any("Ninth <em>Circuit</em> & co" == t for t in texts)


def test_the_hostile_case_page_shows_the_facts_as_text(site):
    parsed = Text(pages.render(site, "https://w3id.org/sdd-kg/case/1-F.3d-1").html)
    assert "<img src=x onerror=alert(1)>" in parsed.text  # the docket, as the data has it
    assert "distinguishes ×1" in parsed.text and "But see ×1" in parsed.text  # cited by Plain v. Case
