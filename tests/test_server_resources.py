"""Dereferencing IRIs on a real `sdd-kg serve`: 303 by Accept, the
representations (isomorphic across formats, holding the store's triples),
pages, the dataset description, files, the base-URL mapping, and the CLI."""

from __future__ import annotations

import json
import re
import socket
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from sdd_kg import __version__
from sdd_kg.cli import main
from sdd_kg.describe import INBOUND_LIMIT, Describer, description_query
from sdd_kg.serialize import context, rdflib_graph, to_jsonld

from .conftest import ROOT
from .serving import get, request, start_server, stop_server

BASE = "https://w3id.org/sdd-kg/"
KENNEDY = BASE + "case/439-F.3d-1055"
DESHANEY = BASE + "case/489-U.S.-189"
BYBEE_DISSENT = KENNEDY + "/opinion/dissent/jay-s-bybee"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def local(server, iri: str) -> str:
    return server.url + iri[len(BASE):]


def parsed(reply, fmt: str) -> Graph:
    return Graph().parse(data=reply.body, format=RDF_FORMATS[fmt])


def triples_about(store, iri: str) -> Graph:
    return rdflib_graph(q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None))


# --- 303 See Other, by Accept ------------------------------------------------


@pytest.mark.parametrize(
    "accept, suffix",
    [
        (None, "ttl"),
        ("*/*", "ttl"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        (FIREFOX, "html"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld"),
        ("application/n-triples;q=0.2, text/html;q=0.1", "nt"),
        ("text/*", "ttl"),
        ("text/turtle;q=0, */*", "jsonld"),
    ],
)
def test_iri_redirects_by_accept(server, accept, suffix):
    reply = get(local(server, KENNEDY), accept)
    assert reply.status == 303
    assert reply.headers["location"] == local(server, KENNEDY) + "." + suffix
    assert reply.headers["vary"].split(",")[0] == "Accept"


@pytest.mark.parametrize("path", ["case/0-U.S.-0", "case/0-U.S.-0.ttl", "case/439-F.3d-1055/opinion",
                                  "case/439-F.3d-1055.xml", "nothing/here.html"])
def test_unknown_is_404(server, path):
    reply = get(server.url + path, "text/turtle")
    assert reply.status == 404
    assert BASE in reply.text


@pytest.mark.parametrize("accept", ["image/png", "application/rdf+xml", "text/turtle;q=0, text/html;q=0, application/*;q=0"])
def test_unacceptable_is_406(server, accept):
    reply = get(local(server, KENNEDY), accept)
    assert reply.status == 406
    assert "text/turtle" in reply.text and reply.headers["vary"].startswith("Accept")


# --- The representations -------------------------------------------------------


@pytest.mark.parametrize("iri", [KENNEDY, DESHANEY, BASE + "court/ca9", BASE + "judge/jay-s-bybee"])
def test_representations_agree_and_hold_the_store_triples(server, store, iri):
    graphs = {}
    for fmt in RDF_FORMATS:
        reply = get(local(server, iri) + "." + fmt, "image/png")  # a document ignores Accept
        assert reply.status == 200
        assert "accept" not in reply.headers.get("vary", "").lower()
        graphs[fmt] = parsed(reply, fmt)
    assert isomorphic(graphs["ttl"], graphs["nt"]) and isomorphic(graphs["ttl"], graphs["jsonld"])
    about = triples_about(store, iri)
    assert len(about) >= 2  # a judge: a type and a name
    assert set(about) <= set(graphs["ttl"])


def test_description_equals_its_sparql_query(server, store):
    """The server computes descriptions from indexes; the query it shows
    must give the same triples when run through the endpoint."""
    for iri in (KENNEDY, BASE + "court/ca9"):
        reply = get(server.sparql, "application/n-triples", query=description_query(iri))
        assert reply.status == 200, reply.text
        served = parsed(get(local(server, iri) + ".nt"), "nt")
        assert len(served) > 10, iri  # a description, not an empty graph on both sides
        assert isomorphic(Graph().parse(data=reply.body, format="nt"), served)


def test_owned_and_inbound(server, store):
    graph = parsed(get(local(server, BYBEE_DISSENT) + ".ttl"), "ttl")
    sdd = Namespace(BASE + "ontology#")
    oa = Namespace("http://www.w3.org/ns/oa#")
    citations = {str(s) for s in graph.subjects(URIRef("http://purl.org/spar/cito/hasCitingEntity"), URIRef(BYBEE_DISSENT))}
    in_store = {r["c"].value for r in store.query(f"SELECT DISTINCT ?c {{ ?c <http://purl.org/spar/cito/hasCitingEntity> <{BYBEE_DISSENT}> }}")}
    assert citations == in_store and len(citations) > 100  # it owns its citations ...
    exact = {str(o) for o in graph.objects(None, oa.exact)}
    assert len(exact) > 100  # ... and their selectors
    # A case does not carry its opinions' citations, only their labels and types.
    case = parsed(get(local(server, KENNEDY) + ".ttl"), "ttl")
    assert not set(case.subjects(URIRef("http://purl.org/spar/cito/hasCitingEntity"), None))
    assert (URIRef(BYBEE_DISSENT), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sdd.Opinion) in case
    # What cites DeShaney is in DeShaney's description.
    deshaney = parsed(get(local(server, DESHANEY) + ".ttl"), "ttl")
    citing = {str(s) for s in deshaney.subjects(sdd.citedCase, URIRef(DESHANEY))}
    expected = {r["c"].value for r in store.query(f"SELECT DISTINCT ?c {{ ?c <{sdd.citedCase}> <{DESHANEY}> }}")}
    assert citing == expected and citing


def test_big_nodes_are_bounded(store):
    """The source text is the target of every selector in it: at a limit
    under that count, the description keeps the first links by property and
    subject, and so does its query."""
    source = BASE + "source/kennedy-v-ridgefield-2006-dissent-bybee.txt"
    assert Describer(store).describe(source).inbound <= INBOUND_LIMIT
    description = Describer(store, inbound_limit=100).describe(source)
    assert description.inbound > 100 and description.inbound_truncated
    links = sorted((t.predicate.value, t.subject.value) for t in description.triples if t.object == ox.NamedNode(source))
    everything = sorted((q.predicate.value, q.subject.value) for q in store.quads_for_pattern(None, None, ox.NamedNode(source), ox.DefaultGraph()))
    assert links == everything[:100]
    assert set(store.query(description.query)) == set(description.triples)


def test_jsonld_uses_the_project_context_deterministically(server, store):
    first = get(local(server, KENNEDY) + ".jsonld")
    second = get(local(server, KENNEDY) + ".jsonld")
    assert first.body == second.body
    document = json.loads(first.body)
    assert document["@context"] == context()["@context"]
    case = next(node for node in document["@graph"] if node["id"] == KENNEDY)
    assert case["type"] == "Case" and case["title"] == "Kennedy v. City of Ridgefield"
    # Byte for byte what the build's serializer makes of the same triples.
    expected = to_jsonld(rdflib_graph(Describer(store).describe(KENNEDY).triples))
    assert first.text == expected


def test_ontology_terms_resolve_to_the_ontology(server, store):
    reply = get(server.url + "ontology", "text/turtle")  # a client strips #Case
    assert reply.status == 303
    graph = parsed(get(reply.headers["location"]), "ttl")
    ontology = rdflib_graph(q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/ontology")))
    assert isomorphic(graph, ontology)  # blank nodes (OWL unions) included
    page = get(server.url + "ontology.html")
    assert 'id="Case"' in page.text and 'id="AffirmativeAct"' in page.text


# --- Pages ---------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            self.hrefs += [v for k, v in attrs if k == "href"]
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_case_page(server):
    reply = get(local(server, KENNEDY) + ".html")
    assert reply.status == 200 and reply.type == "text/html"
    page = Links(reply.text)
    assert page.title.startswith("Kennedy v. City of Ridgefield, 439 F.3d 1055 (9th Cir. 2006)")
    assert local(server, KENNEDY) + ".ttl" in page.hrefs and local(server, KENNEDY) + ".jsonld" in page.hrefs
    # Our IRIs are linked on this server, never at w3id.org.
    assert not [h for h in page.hrefs if h.startswith(BASE)]
    assert local(server, BASE + "court/ca9") in page.hrefs
    assert local(server, BYBEE_DISSENT) in page.hrefs
    # The query that made it, escaped, and a link that runs it.
    assert "STRSTARTS(STR(?s), &#34;https://w3id.org/sdd-kg/case/439-F.3d-1055/&#34;)" in reply.text
    assert any(h.startswith(server.sparql + "?query=") for h in page.hrefs)
    # Data are escaped: an apostrophe in a name is an entity, never raw markup.
    deshaney = get(local(server, DESHANEY) + ".html").text
    assert "Dep&#39;t" in deshaney and "Dep't" not in deshaney


def test_home_page_lists_cases_and_opinions(server, store):
    reply = get(server.url, FIREFOX)
    assert reply.status == 200 and reply.type == "text/html"
    page = Links(reply.text)
    cases = {r["c"].value for r in store.query(f"SELECT DISTINCT ?c {{ ?c a <{BASE}ontology#Case> }}")}
    opinions = {r["o"].value for r in store.query(f"SELECT DISTINCT ?o {{ ?o a <{BASE}ontology#Opinion> }}")}
    assert {local(server, iri) for iri in cases | opinions} <= set(page.hrefs)
    assert local(server, BASE + "void") in page.hrefs
    void = get(local(server, BASE + "void"), FIREFOX)  # the dataset description has a page too
    assert void.status == 303
    text = get(void.headers["location"]).text
    assert "void:triples" in text and "sdd-kg: a knowledge graph of the state-created danger doctrine" in text
    assert reply.headers["link"] == f'<{server.url}.well-known/void>; rel="describedby"'
    # An RDF client asking for the base is sent to the dataset description.
    reply = get(server.url, "text/turtle")
    assert (reply.status, reply.headers["location"]) == (303, server.url + "void.ttl")


# --- Files -------------------------------------------------------------------------


@pytest.mark.parametrize("name, media_type", [("sdd-kg.ttl", "text/turtle"), ("sdd-kg.trig", "application/trig"),
                                              ("sdd-kg.nt", "application/n-triples"), ("sdd-kg.jsonld", "application/ld+json")])
def test_downloads(server, name, media_type):
    reply = get(server.url + "download/" + name)
    assert (reply.status, reply.type) == (200, media_type)
    assert reply.body == (server.dist / name).read_bytes()


@pytest.mark.parametrize("path", ["download/validation-report.txt", "download/../sdd-kg.ttl", "download/store"])
def test_only_the_dumps_are_downloads(server, path):
    assert get(server.url + path).status == 404


def test_context(server):
    reply = request("GET", server.url + "context.jsonld", {"Origin": "https://example.org"})
    assert reply.type == "application/ld+json"
    assert reply.body == (ROOT / "ontology" / "context.jsonld").read_bytes()
    assert reply.headers["access-control-allow-origin"] == "*"  # JSON-LD processors in browsers may fetch it


# --- The dataset description ---------------------------------------------------


@pytest.mark.parametrize("fmt, accept", [("ttl", "text/turtle"), ("jsonld", "application/ld+json")])
def test_void(server, store, fmt, accept):
    reply = get(server.url + ".well-known/void", accept)
    assert reply.status == 200 and reply.headers["vary"].startswith("Accept")
    graph = parsed(reply, fmt)
    dataset = URIRef(BASE + "void#sdd-kg")
    (total,) = graph.objects(dataset, VOID.triples)
    expected_total = next(iter(store.query("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }")))["n"]
    assert total.toPython() == int(expected_total.value)
    per_graph = {str(s): int(n) for s in graph.objects(dataset, VOID.subset) for n in graph.objects(s, VOID.triples)}
    expected = {r["g"].value: int(r["n"].value) for r in store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert per_graph == expected and len(expected) == 7
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(server.sparql)
    assert graph.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    version_iri = next(iter(store.query(f"SELECT ?v {{ <{BASE}ontology> <http://www.w3.org/2002/07/owl#versionIRI> ?v }}")))["v"]
    assert graph.value(dataset, DCTERMS.conformsTo) == URIRef(version_iri.value)
    assert graph.value(dataset, DCAT.version) == Literal(__version__)
    assert URIRef(BASE + "ontology#") in set(graph.objects(dataset, VOID.vocabulary))
    services = set(graph.subjects(DCAT.endpointURL, URIRef(server.sparql)))
    assert services and all((s, DCAT.servesDataset, dataset) in graph for s in services)
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert {str(d) for d in dumps} == {server.url + "download/" + n for n in ("sdd-kg.ttl", "sdd-kg.nt", "sdd-kg.trig", "sdd-kg.jsonld")}
    for dump in dumps:
        assert get(str(dump)).status == 200
    examples = set(graph.objects(dataset, VOID.exampleResource))
    assert URIRef(BYBEE_DISSENT) in examples
    for example in examples:
        assert get(local(server, str(example)), "text/turtle").status == 303


# --- --base-url: a server under a path, with another public address ----------


def test_base_url_with_a_path(built, tmp_path, server):
    other = start_server(built[1], tmp_path / "serve.log", base_path="kg/", workers=1)
    try:
        assert other.url.endswith("/kg/")
        reply = get(local(other, KENNEDY), FIREFOX)
        assert reply.headers["location"] == other.url + "case/439-F.3d-1055.html"
        assert f'href="{other.url}court/ca9"' in get(reply.headers["location"]).text
        assert get(other.sparql, "text/csv", query="ASK {}").status == 200
        assert get(other.url + ".well-known/void").status == 200
        # The data keep their public IRIs: the same bytes from either server.
        assert get(local(other, KENNEDY) + ".jsonld").body == get(local(server, KENNEDY) + ".jsonld").body
    finally:
        stop_server(other)


# --- The command ----------------------------------------------------------------


def test_serve_help():
    result = CliRunner().invoke(main, ["serve", "-h"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--dist", "--base-url", "--query-timeout", "--max-results"):
        assert option in result.output
    assert re.search(r"default:\s+8000", result.output) and "default: 30.0" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--port", "70000"], "70000"),
        (["--query-timeout", "0"], "--query-timeout"),
        (["--max-results", "0"], "--max-results"),
        (["--query-workers", "0"], "--query-workers"),
        (["--base-url", "ftp://example.org/"], "error: --base-url: not an absolute http(s) URL"),
        (["--base-url", "example.org"], "error: --base-url"),
    ],
)
def test_serve_bad_options(args, message):
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_serve_port_in_use(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--dist", str(built[1]), "--data", str(ROOT / "data")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: 127.0.0.1:{port}: cannot listen here: Address already in use"]


def test_request_smuggles_no_path(server):
    """A path with dots or encoded slashes names no file outside the dumps."""
    assert request("GET", server.url + "download/%2e%2e/sdd-kg.ttl").status == 404
